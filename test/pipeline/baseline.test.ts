// The baseline a regression check compares against, through the pipeline and the engine: opened from a
// real git repository's objects only when a regression check is loaded, each check's reads of it charged
// to the run's budget, and every state (commit, none, unreadable) reaching the check and the log.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ConfigProblem } from "../../src/config/types.js";
import { loadReadiness } from "../../src/config/load.js";
import { runGate } from "../../src/engine.js";
import type { BaselineChoice } from "../../src/github/baseline.js";
import { runPipeline, type GateSettings, type PipelineInput, type PipelineLog } from "../../src/pipeline.js";
import { NO_PULL_REQUEST_CONTEXT } from "../../src/pull-request-context.js";
import { DEFAULT_BUDGET, RunBudget } from "../../src/repo/budget.js";
import { FsRepo } from "../../src/repo/fs.js";
import { GitTreeRepo } from "../../src/repo/git-tree.js";
import { withCoverage } from "../support/coverage.js";
import { git, writeInto } from "../support/git.js";
import { MemoryRepo } from "../support/memory-repo.js";

const READINESS = withCoverage(`version: 1
system: claims-triage
owners: ["@carol"]
stages:
  - name: production
    branches: [main]
checks:
  - id: no-f1-regression
    category: model
    regression: { file: eval.json, metrics: { metrics.f1: { maxDrop: 0.01 } } }
`);
const WITHOUT_REGRESSION = withCoverage(`version: 1
system: claims-triage
owners: ["@carol"]
stages:
  - name: production
    branches: [main]
checks:
  - id: f1
    category: model
    metric: { file: eval.json, path: metrics.f1, min: 0.5 }
`);
const BASE_EVAL = '{"metrics": {"f1": 0.95}, "notes": "the base run"}\n';
const HEAD_EVAL = '{"metrics": {"f1": 0.9}}\n';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-baseline-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const dir = join(scratch, "repo");
git(scratch, ["init", "-q", "-b", "main", dir]);
writeInto(dir, "readiness.yml", READINESS);
writeInto(dir, "eval.json", BASE_EVAL);
git(dir, ["add", "-A"]);
git(dir, ["commit", "-q", "-m", "base"]);
const BASE = git(dir, ["rev-parse", "HEAD"]);
writeInto(dir, "eval.json", HEAD_EVAL);
git(dir, ["commit", "-q", "-am", "head"]);

const AT_BASE: BaselineChoice = {
  state: "commit",
  commit: BASE,
  label: `the test's base commit ${BASE.slice(0, 7)}`,
  what: "base commit",
  named: BASE,
};

function recordingLog(): PipelineLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
    untrusted: () => {},
  };
}

function input(
  extra: Partial<PipelineInput<GateSettings>> & { log: PipelineLog },
): PipelineInput<GateSettings> {
  return {
    root: dir,
    settings: { files: "readiness.yml", allowNoSystems: false },
    branch: "main",
    pullRequest: NO_PULL_REQUEST_CONTEXT,
    now: new Date("2026-11-22T12:00:00Z"),
    limits: DEFAULT_BUDGET,
    nothingFound: (pattern): ConfigProblem => ({ file: "x", line: 1, column: 1, message: pattern }),
    ...extra,
  };
}

const finding = (report: Awaited<ReturnType<typeof runPipeline>>["report"]) =>
  report.systems[0]!.checks[0]!.finding;

describe("the pipeline's baseline", () => {
  it("a commit: read from git objects, both values compared, and the log names it", async () => {
    const log = recordingLog();
    const { report } = await runPipeline(input({ baseline: AT_BASE, log }));
    expect(finding(report)).toMatchObject({ status: "fail", measured: "0.95 → 0.9" });
    expect(finding(report).summary).toContain(`against the test's base commit ${BASE.slice(0, 7)}`);
    expect(log.lines.filter((l) => l.includes("Regression"))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^info: Regression checks compare against the test's base commit ${BASE.slice(0, 7)} \\(its files listed from git objects in \\d+ ms\\)\\.$`,
        ),
      ),
    ]);
  });

  it("the checkout itself as baseline: the label and a warning say no regression can show", async () => {
    const head = git(dir, ["rev-parse", "HEAD"]);
    const log = recordingLog();
    const choice: BaselineChoice = { ...AT_BASE, commit: head, label: `the base commit ${head.slice(0, 7)}` };
    const { report } = await runPipeline(input({ baseline: choice, log }));
    expect(finding(report).status).toBe("pass");
    expect(finding(report).summary).toContain(
      `the base commit ${head.slice(0, 7)}, which is the checked-out commit itself, so no regression can show`,
    );
    expect(log.lines.some((l) => l.startsWith("warning: Regression checks compare the base commit"))).toBe(
      true,
    );
  });

  it("none: the check fails with why, and the log says so", async () => {
    const log = recordingLog();
    const why = "the first push of a branch has no previous head";
    const { report } = await runPipeline(input({ baseline: { state: "none", why }, log }));
    expect(finding(report).status).toBe("fail");
    expect(finding(report).summary).toContain(why);
    expect(log.lines).toContain(`info: Regression checks have no baseline: ${why}.`);
  });

  it("a commit the checkout lacks: unreadable, the check fails saying how to fetch it", async () => {
    const log = recordingLog();
    const missing = "0123456789abcdef0123456789abcdef01234567";
    const choice: BaselineChoice = {
      state: "commit",
      commit: missing,
      label: "the previous head 0123456 of main (before this push)",
      what: "previous head",
      named: "${{ github.event.before }}",
    };
    const { report } = await runPipeline(input({ baseline: choice, log }));
    expect(finding(report).status).toBe("fail");
    expect(finding(report).summary).toContain(
      "the checkout does not have the previous head 0123456 (actions/checkout fetches a single commit by default: set fetch-depth: 0 on it, or fetch that commit in a step before this one: git fetch --no-tags --depth=1 origin ${{ github.event.before }})",
    );
    expect(log.lines.some((l) => l.startsWith("warning: Regression checks cannot read their baseline"))).toBe(
      true,
    );
  });

  it("no baseline asked for (the CLI without --base): the regression check is not evaluable", async () => {
    const { report } = await runPipeline(input({ log: recordingLog() }));
    expect(finding(report).status).toBe("not-evaluable");
  });

  it("no regression check loaded: the baseline is never looked at, even one no git could read", async () => {
    const log = recordingLog();
    // Not a git repository at all: had the pipeline asked git about the baseline, it would have said so.
    const { report } = await runPipeline(
      input({
        root: join(scratch, "no-such-dir"),
        repo: new MemoryRepo({ "readiness.yml": WITHOUT_REGRESSION, "eval.json": HEAD_EVAL }),
        baseline: AT_BASE,
        log,
      }),
    );
    expect(finding(report).status).toBe("pass");
    expect(log.lines.filter((l) => l.includes("Regression") || l.includes("baseline"))).toEqual([]);
  });
});

describe("the engine charges the baseline's reads to the run's budget", () => {
  const readiness = () => loadReadiness(new FsRepo(dir), "readiness.yml");

  /** The gate on the head, against the base commit read from git objects, within `budget`. */
  async function gateAgainstBase(budget: RunBudget) {
    const baseRepo = new GitTreeRepo(dir, BASE);
    try {
      await baseRepo.open();
      return await runGate({
        root: dir,
        readiness: await readiness(),
        target: { branch: "main" },
        now: new Date("2026-11-22T12:00:00Z"),
        budget,
        baseline: { state: "commit", commit: BASE, label: "the base", repo: baseRepo },
      });
    } finally {
      baseRepo.close();
    }
  }

  it("head and baseline bytes both count", async () => {
    const budget = new RunBudget(DEFAULT_BUDGET);
    const report = await gateAgainstBase(budget);
    expect(report.systems[0]!.checks[0]!.finding.status).toBe("fail");
    expect(budget.used.readBytes).toBe(Buffer.byteLength(HEAD_EVAL) + Buffer.byteLength(BASE_EVAL));
  });

  it("a budget the head's file fits but the baseline's does not: the check errors naming the budget", async () => {
    const budget = new RunBudget({ ...DEFAULT_BUDGET, readBytes: Buffer.byteLength(HEAD_EVAL) + 10 });
    const found = (await gateAgainstBase(budget)).systems[0]!.checks[0]!.finding;
    expect(found.status).toBe("error");
    expect(found.summary).toContain("the run's read budget");
    expect(found.summary).toContain("eval.json");
  });
});
