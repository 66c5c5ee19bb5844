// `shipgate check --local --format json` by the bundled CLI on a folder, as the evidence kinds' end-to-end
// tests run it: a pinned clock, no inherited environment but PATH, the exit code and the parsed report.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
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

type CheckedCheck = CheckedReport["systems"][number]["checks"][number];

/** Copies a file or folder to `to` inside `dir`, making the folders on the way. */
export function copyInto(dir: string, to: string, from: string): void {
  mkdirSync(dirname(join(dir, to)), { recursive: true });
  cpSync(from, join(dir, to), { recursive: true });
}

/** The first system's checks by id. */
export function checksById(report: CheckedReport): Record<string, CheckedCheck> {
  return Object.fromEntries(report.systems[0]!.checks.map((c) => [c.id, c]));
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
