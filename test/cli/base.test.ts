// `shipgate check --base REF`: regression checks compare the checkout with the commit REF names, read from
// git objects. Proven on the real pair of iterative/example-get-started pull request 53 (its DVC metrics at
// base and at head, test/fixtures/regression/README.md), committed both ways in a real repository.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { withCoverage } from "../support/coverage.js";
import { git, writeInto } from "../support/git.js";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const cli = join(repoRoot, "dist/cli.js");
const scratch = mkdtempSync(join(tmpdir(), "shipgate-cli-base-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fixture = (name: string) => readFileSync(join(repoRoot, "test/fixtures/regression", name), "utf8");
const PR53_BASE = fixture("get-started__pr53-base-metrics.json");
const PR53_HEAD = fixture("get-started__pr53-head-metrics.json");

const READINESS = withCoverage(`version: 1
system: churn-model
owners: ["@carol"]
stages:
  - name: production
    branches: [main]
checks:
  - id: no-regression
    category: model
    regression:
      file: eval/live/metrics.json
      metrics:
        roc_auc.test: { maxDrop: 0.01 }
        avg_prec.test: { maxDropPercent: 1 }
`);

function shipgate(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", SHIPGATE_NOW: "2026-11-22T12:00:00Z" },
    timeout: 30_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A repository whose main has `before` and whose checked-out feature branch has `after`. */
function repository(name: string, before: string, after: string): { dir: string; base: string } {
  const dir = join(scratch, name);
  git(scratch, ["init", "-q", "-b", "main", dir]);
  writeInto(dir, "readiness.yml", READINESS);
  writeInto(dir, "eval/live/metrics.json", before);
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "base"]);
  const base = git(dir, ["rev-parse", "HEAD"]);
  git(dir, ["checkout", "-q", "-b", "feature"]);
  writeInto(dir, "eval/live/metrics.json", after);
  git(dir, ["commit", "-q", "-am", "head"]);
  return { dir, base };
}

describe("shipgate check --base", () => {
  it("pull request 53 as it was (both metrics rose): Go against --base main", () => {
    const { dir, base } = repository("rose", PR53_BASE, PR53_HEAD);
    const run = shipgate(["check", "--base", "main", "--format", "json"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const check = JSON.parse(run.stdout).systems[0].checks[0];
    expect(check.status).toBe("pass");
    expect(check.finding.summary).toContain(`against --base main (${base.slice(0, 7)})`);
  });

  it("the pair reversed (both fell): No-go naming both values of each metric", () => {
    const { dir, base } = repository("fell", PR53_HEAD, PR53_BASE);
    const run = shipgate(["check", "--base", base], dir);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(`--base ${base} (${base.slice(0, 7)})`);
    // The values the files state (0.96191 → 0.94602, 0.94496 → 0.92500), as the report rounds them.
    expect(run.stdout).toMatch(/roc_auc\.test: 0\.962 → 0\.946/);
    expect(run.stdout).toMatch(/avg_prec\.test: 0\.945 → 0\.925/);
  });

  it("without --base a regression check is not evaluable, as approval is locally", () => {
    const { dir } = repository("no-base", PR53_HEAD, PR53_BASE);
    const run = shipgate(["check", "--format", "json"], dir);
    const check = JSON.parse(run.stdout).systems[0].checks[0];
    expect(check.finding.status, JSON.stringify(check)).toBe("not-evaluable");
    expect(check.finding.summary).toContain("--base REF");
  });

  it("a --base naming no commit exits 2, naming the ref and the fix; an option-like one never reaches git", () => {
    const { dir } = repository("bad-ref", PR53_BASE, PR53_HEAD);
    const missing = shipgate(["check", "--base", "origin/mian"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toContain(`--base origin/mian names no commit of the repository at ${dir}`);
    expect(missing.stderr).toContain("no such commit in this repository");
    expect(missing.stderr).toContain("git fetch origin main, then --base origin/main");
    const optionLike = shipgate(["check", "--base=--output=/tmp/x"], dir);
    expect(optionLike.code).toBe(2);
    expect(optionLike.stderr).toContain("a commit name may not be empty or start with -");
    // A tree is not a commit.
    const tree = git(dir, ["rev-parse", "HEAD^{tree}"]);
    const notCommit = shipgate(["check", "--base", tree], dir);
    expect(notCommit.code).toBe(2);
    expect(notCommit.stderr).toContain("the object dereferences to tree type");
  });

  it("validate does not take --base, and --help names it", () => {
    const { dir } = repository("usage", PR53_BASE, PR53_HEAD);
    expect(shipgate(["validate", "--base", "main"], dir).stderr).toContain("validate does not take --base");
    expect(shipgate(["--help"], dir).stdout).toContain("--base <ref>");
  });
});
