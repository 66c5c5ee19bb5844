// `shipgate report --html` as users run it: evaluate like check, write one self-contained page.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const cli = join(repoRoot, "dist/cli.js");
const example = join(repoRoot, "examples/claims-triage");
const scratch = mkdtempSync(join(tmpdir(), "shipgate-cli-report-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function shipgate(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: scratch,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", SHIPGATE_NOW: "2026-11-22T12:00:00Z", NO_COLOR: "1", ...env },
    timeout: 30_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("shipgate report --html", () => {
  it("writes a self-contained page with the verdict, and exits as check does", () => {
    const out = join(scratch, "claims-triage.html");
    const run = shipgate(["report", "--html", out, "--root", example, "--local"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Conditional go for production/);
    expect(run.stdout).toContain(out);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/<title>Shipgate: Conditional go for production/);
    expect(html).toContain("latency-p95");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet/i); // nothing fetched
  });

  it("writes the page with a relative path from the current folder, and judges --branch like check", () => {
    const run = shipgate([
      "report",
      "--html",
      "pilot.html",
      "--root",
      example,
      "--local",
      "--branch",
      "staging",
    ]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(scratch, "pilot.html"), "utf8")).toMatch(/pilot/);
  });

  it("exits 1 on a no-go and still writes the page naming what blocks it", () => {
    const out = join(scratch, "no-go.html");
    const run = shipgate(["report", "--html", out, "--root", example]); // approval and ci cannot be judged locally
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^No-go/i);
    expect(readFileSync(out, "utf8")).toMatch(/compliance-signoff/);
  });

  it("exits 2 on an invalid readiness file, with the problem on the page", () => {
    const root = join(scratch, "invalid");
    cpSync(example, root, { recursive: true });
    const file = join(root, "readiness.yml");
    writeFileSync(file, readFileSync(file, "utf8").replace("minTests: 50", "minTest: 50"));
    const out = join(scratch, "invalid.html");
    const run = shipgate(["report", "--html", out, "--root", root, "--local"]);
    expect(run.code).toBe(2);
    expect(readFileSync(out, "utf8")).toMatch(/minTest/);
  });

  it("links evidence to the commit when run in GitHub Actions", () => {
    const out = join(scratch, "linked.html");
    const sha = "0123456789abcdef0123456789abcdef01234567";
    shipgate(["report", "--html", out, "--root", example, "--local"], {
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "acme/claims",
      GITHUB_SHA: sha,
    });
    expect(readFileSync(out, "utf8")).toContain(`https://github.com/acme/claims/blob/${sha}/`);
  });

  it("exits 2 without --html, or with options report does not take", () => {
    const missing = shipgate(["report", "--root", example]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/report needs --html <file>/);
    const format = shipgate([
      "report",
      "--html",
      join(scratch, "x.html"),
      "--format",
      "json",
      "--root",
      example,
    ]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/report does not take --format/);
    expect(existsSync(join(scratch, "x.html"))).toBe(false);
  });
});
