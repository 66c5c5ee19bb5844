// `shipgate check --local --format json` by the bundled CLI on a folder, as the evidence kinds' end-to-end
// tests run it: a pinned clock, no inherited environment but PATH, the exit code and the parsed report.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const CLI = join(resolve(fileURLToPath(new URL("../..", import.meta.url))), "dist/cli.js");

export interface CheckedReport {
  verdict: string;
  problems: unknown[];
  systems: Array<{
    checks: Array<{
      id: string;
      kind: string;
      status: string;
      finding: { summary: string; measured?: string; bar?: string; details?: string[] };
    }>;
  }>;
}

/** Runs the check; nothing may be written to stderr. */
export function checkJson(dir: string): { status: number | null; report: CheckedReport } {
  const run = spawnSync(process.execPath, [CLI, "check", "--root", dir, "--local", "--format", "json"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", SHIPGATE_NOW: "2026-11-22T12:00:00Z", NO_COLOR: "1" },
    timeout: 60_000,
  });
  expect(run.stderr).toBe("");
  return { status: run.status, report: JSON.parse(run.stdout) as CheckedReport };
}
