// A run's budget (bytes read, files matched, git history walks, time), injected small: the checks it
// stops are errors that say which budget and how to raise it, and every other check is still evaluated.
// Also: large files are scanned a piece at a time with the same answers, and maxAge over many files
// starts one git walk, not one per file.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReadiness } from "../../src/config/load.js";
import { runGate } from "../../src/engine.js";
import type { GateReport } from "../../src/gate/types.js";
import { DEFAULT_BUDGET, RunBudget, budgetFromEnv, type BudgetLimits } from "../../src/repo/budget.js";
import { decodeLineChunks, FsRepo } from "../../src/repo/fs.js";
import type { FileAge, RepoView } from "../../src/base/view.js";
import { staysOnOneLine } from "../../src/base/pattern.js";
import { git, writeInto } from "../support/git.js";

const NOW = new Date("2026-11-22T12:00:00Z");
let scratch: string;

beforeAll(() => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-budget-")));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function readiness(checks: string): string {
  return `version: 1\nsystem: budget\nowners: ["@carol"]\nstages:\n  - name: production\n    branches: [main]\nchecks:\n${checks}\n`;
}

let n = 0;
function repoWith(files: Record<string, string>): string {
  const dir = join(scratch, `r${n++}`);
  for (const [path, text] of Object.entries(files)) writeInto(dir, path, text);
  return dir;
}

async function gate(
  dir: string,
  limits: Partial<BudgetLimits>,
  opts: { repo?: RepoView; clock?: () => number } = {},
): Promise<Record<string, { status: string; summary: string }>> {
  const report: GateReport = await runGate({
    root: dir,
    readiness: await loadReadiness(new FsRepo(dir)),
    target: { branch: "main" },
    now: NOW,
    budget: new RunBudget({ ...DEFAULT_BUDGET, ...limits }, opts.clock),
    ...(opts.repo ? { repo: opts.repo } : {}),
  });
  expect(report.problems).toEqual([]);
  return Object.fromEntries(
    report.systems[0]!.checks.map((c) => [c.id, { status: c.status, summary: c.finding.summary }]),
  );
}

describe("the read budget", () => {
  it("stops the check whose read does not fit; the others are still evaluated", async () => {
    const dir = repoWith({
      "readiness.yml": readiness(`  - id: big-log
    category: system
    contains: { file: logs/big.log, pattern: "status=200" }
  - id: small-log
    category: system
    contains: { file: logs/small.log, pattern: "ok" }
  - id: runbook
    category: operations
    file: { path: docs/runbook.md }`),
      "logs/big.log": "status=200\n".repeat(200), // 2,200 bytes
      "logs/small.log": "ok\n",
      "docs/runbook.md": "# Runbook\n",
    });
    const checks = await gate(dir, { readBytes: 1024 });
    expect(checks["big-log"]).toMatchObject({ status: "error" });
    expect(checks["big-log"]!.summary).toMatch(
      /the run's read budget of 0\.00 MiB was used up before this check could read logs\/big\.log .*raise SHIPGATE_READ_BUDGET_MIB or narrow the glob/,
    );
    expect(checks["small-log"]).toMatchObject({ status: "pass" });
    expect(checks.runbook).toMatchObject({ status: "pass" });
  });

  it("with the default budget, the same checks pass", async () => {
    const dir = repoWith({
      "readiness.yml": readiness(`  - id: big-log
    category: system
    contains: { file: logs/big.log, pattern: "status=200" }`),
      "logs/big.log": "status=200\n".repeat(200),
    });
    expect((await gate(dir, {}))["big-log"]).toMatchObject({ status: "pass" });
  });
});

describe("the files-matched budget", () => {
  it("stops the check whose glob matches more than is left; a plain path still counts one", async () => {
    const files: Record<string, string> = {
      "readiness.yml": readiness(`  - id: all-shards
    category: data
    file: { path: "data/*.txt", min: 5 }
  - id: eval
    category: model
    metric: { file: reports/eval.json, path: f1, min: 0.9 }`),
      "reports/eval.json": '{"f1":0.93}\n',
    };
    for (let i = 0; i < 5; i++) files[`data/${i}.txt`] = "x\n";
    const checks = await gate(repoWith(files), { filesMatched: 3 });
    expect(checks["all-shards"]).toMatchObject({ status: "error" });
    expect(checks["all-shards"]!.summary).toMatch(
      /budget of 3 matched files was used up before this check's glob data\/\*\.txt \(it matches 5; .*raise SHIPGATE_FILE_BUDGET or narrow the glob/,
    );
    expect(checks.eval).toMatchObject({ status: "pass" });
  });

  it("counts a glob repeated across checks once", async () => {
    const files: Record<string, string> = {
      "readiness.yml": readiness(
        [1, 2, 3]
          .map((i) => `  - id: shards-${i}\n    category: data\n    file: { path: "data/*.txt", min: 3 }`)
          .join("\n"),
      ),
    };
    for (let i = 0; i < 3; i++) files[`data/${i}.txt`] = "x\n";
    const checks = await gate(repoWith(files), { filesMatched: 3 });
    expect(Object.values(checks).map((c) => c.status)).toEqual(["pass", "pass", "pass"]);
  });
});

describe("the git history budget", () => {
  it("makes a maxAge check an error when no walk is left; checks without maxAge are evaluated", async () => {
    const dir = repoWith({
      "readiness.yml": readiness(`  - id: fresh-eval
    category: model
    metric: { file: reports/eval.json, path: f1, min: 0.9 }
    maxAge: 30d
  - id: eval
    category: model
    metric: { file: reports/eval.json, path: f1, min: 0.9 }`),
      "reports/eval.json": '{"f1":0.93}\n',
    });
    git(dir, ["init", "-q", "-b", "main"]);
    git(dir, ["add", "."]);
    git(dir, ["commit", "-q", "-m", "eval"], "2026-11-20T00:00:00Z");
    const checks = await gate(dir, { historyWalks: 0 });
    expect(checks["fresh-eval"]).toMatchObject({ status: "error" });
    expect(checks["fresh-eval"]!.summary).toMatch(
      /budget of 0 git history walks was used up before this check's evidence could be dated; raise SHIPGATE_GIT_WALK_BUDGET/,
    );
    expect(checks.eval).toMatchObject({ status: "pass" });
    expect((await gate(dir, { historyWalks: 1 }))["fresh-eval"]).toMatchObject({ status: "pass" });
  });
});

describe("the time budget", () => {
  it("turns a check still running when the time is up into an error; finished checks keep their result", async () => {
    const dir = repoWith({
      "readiness.yml": readiness(`  - id: stuck
    category: system
    contains: { file: logs/stuck.log, pattern: "ok" }
  - id: quick
    category: system
    contains: { file: logs/quick.log, pattern: "ok" }`),
      "logs/stuck.log": "ok\n",
      "logs/quick.log": "ok\n",
    });
    // A clock that jumps past the budget once the quick check has read, and a read that never ends.
    let now = 0;
    const fs = new FsRepo(dir);
    const repo: RepoView = {
      resolve: (b, p) => fs.resolve(b, p),
      glob: (b, p) => fs.glob(b, p),
      isNonEmptyFile: (p) => fs.isNonEmptyFile(p),
      lastChange: (p): Promise<FileAge> => fs.lastChange(p),
      readText: (p, o) => {
        if (p === "logs/stuck.log") return new Promise<string>(() => {});
        return fs.readText(p, o).then((text) => {
          now = 60_000;
          return text;
        });
      },
    };
    const checks = await gate(dir, { timeMs: 1_000 }, { repo, clock: () => now });
    expect(checks.stuck).toMatchObject({ status: "error" });
    expect(checks.stuck!.summary).toMatch(
      /the run's time budget of 1 s was used up before this check finished; raise SHIPGATE_TIME_BUDGET_MINUTES/,
    );
    expect(checks.quick).toMatchObject({ status: "pass" });
  }, 30_000);
});

describe("budget from the environment", () => {
  it("defaults, and refuses values that are not numbers with the variable's name", () => {
    expect(budgetFromEnv({})).toEqual({ ok: true, limits: DEFAULT_BUDGET });
    expect(DEFAULT_BUDGET.readBytes).toBe(1024 * 1024 * 1024);
    const parsed = budgetFromEnv({ SHIPGATE_READ_BUDGET_MIB: "0.5", SHIPGATE_TIME_BUDGET_MINUTES: " " });
    expect(parsed).toMatchObject({ ok: true, limits: { readBytes: 512 * 1024, timeMs: 15 * 60_000 } });
    const bad = budgetFromEnv({ SHIPGATE_FILE_BUDGET: "lots", SHIPGATE_GIT_WALK_BUDGET: "-1" });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join("\n")).toMatch(/SHIPGATE_FILE_BUDGET[\s\S]*SHIPGATE_GIT_WALK_BUDGET/);
  });
});

describe("large files a piece at a time", () => {
  it("finds the same first match and line in a 3 MB log as a whole read would", async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `line ${i} status=200 ${"é".repeat(20)}`);
    lines[54_321] = "2026-11-20 ERROR SECRET_TOKEN=abc";
    const dir = repoWith({
      "readiness.yml": readiness(`  - id: no-secrets
    category: compliance
    contains: { file: "logs/*.log", pattern: "SECRET_TOKEN=\\\\w+", absent: true }
  - id: whole-read
    category: compliance
    contains: { file: "logs/*.log", pattern: "(?s)ERROR.SECRET", absent: true }`),
      "logs/app.log": `\uFEFF${lines.join("\n")}\n`,
    });
    const checks = await gate(dir, {});
    expect(checks["no-secrets"]).toMatchObject({ status: "fail" });
    expect(checks["no-secrets"]!.summary).toContain("found in logs/app.log at line 54322");
    expect(checks["whole-read"]!.summary).toContain("found in logs/app.log at line 54322");
  });

  it("pieces joined with line breaks are the text, with decodeText's refusals", async () => {
    const text = `\uFEFFa\nbé€😀\n\nlast`;
    const bytes = Buffer.from(text, "utf8");
    async function* oneByteAtATime(b: Buffer) {
      for (let i = 0; i < b.length; i++) yield b.subarray(i, i + 1);
    }
    const pieces: string[] = [];
    for await (const p of decodeLineChunks(oneByteAtATime(bytes), "x.txt")) pieces.push(p);
    expect(pieces.join("\n")).toBe(text.slice(1));
    const refuse = async (b: Buffer) => {
      for await (const piece of decodeLineChunks(oneByteAtATime(b), "x.txt")) void piece;
    };
    await expect(refuse(Buffer.from([0x61, 0x0a, 0xc3]))).rejects.toThrow(/not valid UTF-8/);
    await expect(refuse(Buffer.from([0x61, 0x0a, 0x00]))).rejects.toThrow(/NUL byte at offset 2/);
    await expect(refuse(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).rejects.toThrow(/UTF-16/);
  });

  it("scans a pattern piecewise only when its matches stay on one line", () => {
    for (const p of ["status=200", "^ERROR", "[A-Za-z_]+=\\w+", "\\d+\\.\\d+", "(?i)secret", "a.*b$"])
      expect(staysOnOneLine(p), p).toBe(true);
    for (const p of [
      "a\\nb",
      "\\s+x",
      "[^x]+",
      "(?s)a.b",
      "\\Aa",
      "a\\z",
      "[\\t-\\r]",
      "\\x0a",
      "\\pL",
      "\\D",
    ])
      expect(staysOnOneLine(p), p).toBe(false);
  });
});

describe("maxAge over many files", () => {
  it("dates 300 files with one git walk, not one git process per file", async () => {
    const files: Record<string, string> = {
      "readiness.yml": readiness(`  - id: fresh-shards
    category: data
    file: { path: "data/**/*.txt", min: 300 }
    maxAge: 30d`),
    };
    for (let i = 0; i < 300; i++) files[`data/d${i % 10}/f${i}.txt`] = `${i}\n`;
    const dir = repoWith(files);
    git(dir, ["init", "-q", "-b", "main"]);
    git(dir, ["add", "."]);
    git(dir, ["commit", "-q", "-m", "old"], "2026-09-01T00:00:00Z");
    writeInto(dir, "data/d3/f3.txt", "changed\n");
    git(dir, ["commit", "-q", "-am", "new"], "2026-11-20T00:00:00Z");

    // A git on PATH that logs its subcommand, then runs the real one.
    const bin = join(scratch, `bin${n++}`);
    const log = join(bin, "calls.log");
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    writeInto(bin, "git", `#!/bin/sh\necho "$*" >> ${log}\nexec ${realGit} "$@"\n`);
    chmodSync(join(bin, "git"), 0o755);
    writeFileSync(log, "");
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ""}`;
    let checks;
    try {
      checks = await gate(dir, {});
    } finally {
      process.env.PATH = path;
    }
    const walks = readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => / log /.test(` ${l} `));
    expect(checks["fresh-shards"]).toMatchObject({ status: "fail" });
    expect(checks["fresh-shards"]!.summary).toMatch(
      /older than maxAge 30d \(data\/d\d\/f\d+\.txt last changed 2026-09-01/,
    );
    expect(walks.length).toBe(1);
  }, 60_000);
});
