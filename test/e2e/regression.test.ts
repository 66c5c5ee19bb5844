// Regression against the baseline, end to end: the built action reads the same evidence file at the commit
// the event names as the baseline (the pull request's base, the merge queue's base, the previous head of a
// pushed branch) from git's object database, and a drop beyond the bar is a No-go showing both values.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeWorkspace, publishWorkspace, runAction, type ActionRun } from "../support/action-runner.js";
import { afterThisTest } from "../support/cleanup.js";
import { git } from "../support/git.js";
import {
  mergeGroupEvent,
  pullRequestEvent,
  pushEvent,
  webhookExample,
  ZERO_SHA,
  type WebhookEvent,
} from "../support/events.js";
import { startFakeGitHub } from "../support/fake-github/index.js";
import { SPAWN_GUARD } from "../adversarial/support.js";
import { evidence, explain, pullRequestWorld, README_PATH, readinessYaml, type World } from "./scenario.js";

const EVAL = "systems/claims/reports/eval.json";

/** eval-f1 (F1 ≥ 0.92) and runbook, plus: F1 may fall at most 0.01 against the baseline. */
function readiness(ifNoBaseline?: "pass"): string {
  return readinessYaml({
    extraChecks: `  - id: no-f1-regression
    category: model
    regression:
      file: reports/eval.json
      metrics:
        metrics.f1: { maxDrop: 0.01 }
${ifNoBaseline ? `      ifNoBaseline: ${ifNoBaseline}\n` : ""}`,
  });
}

/** The same readiness without the regression check: a metric check in its place. */
const WITHOUT_REGRESSION = readinessYaml({
  extraChecks: `  - id: f1-floor
    category: model
    metric: { file: reports/eval.json, path: metrics.f1, min: 0.5 }
`,
});

function commentOf(world: World): string {
  const comments = world.fake.state.commentsOn(7);
  expect(comments).toHaveLength(1);
  return comments[0]!.body;
}

/** The line of a rendered report that names the regression check. */
function regressionLine(text: string): string {
  const lines = text.split("\n").filter((l) => l.includes("no-f1-regression"));
  expect(lines.length, text).toBeGreaterThan(0);
  return lines.join("\n");
}

function openedMs(run: ActionRun): number | undefined {
  const m = /Regression checks compare against .* \(its files listed from git objects in (\d+) ms\)/.exec(
    run.stdout,
  );
  return m ? Number(m[1]) : undefined;
}

/** A pull request #7 whose head moves F1 from `base` to `head`, checked out at `fetchDepth`. */
function pullRequest(base: number, head: number, fetchDepth: number, files = readiness()) {
  return pullRequestWorld({
    base: { [README_PATH]: files, ...evidence(base) },
    head: { [EVAL]: JSON.stringify({ metrics: { f1: head } }, null, 2) },
    workspace: { fetchDepth },
  });
}

/** Git commands the action started (the spawn guard's log), SHAs written as <sha> so two runs compare. */
function gitCommands(log: string): string[] {
  return readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { file?: string; argv?: string[] })
    .filter((e) => e.file === "git")
    .map((e) =>
      e
        .argv!.slice(8)
        .join(" ")
        .replace(/[0-9a-f]{40}/g, "<sha>"),
    );
}

function guarded(): { env: Record<string, string>; log: string } {
  const log = join(tmpdir(), `shipgate-guard-${randomUUID()}.log`);
  afterThisTest(() => rmSync(log, { force: true }));
  return { env: { NODE_OPTIONS: `--import ${SPAWN_GUARD}`, SHIPGATE_GUARD_LOG: log }, log };
}

describe("regression on a pull request: against its base commit", () => {
  it("a head that lowers F1 beyond the bar is a No-go whose comment and check run show both values", async () => {
    const world = await pullRequest(0.95, 0.93, 2);
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    const short = world.ws.baseSha.slice(0, 7);
    const body = commentOf(world);
    // F1 0.93 still meets its absolute bar: only the regression fails.
    expect(body.split("\n").find((l) => l.startsWith("### "))).toBe(
      "### ❌ No-go for production: 1 of 3 checks fails · this PR: 1 newly failing",
    );
    const line = regressionLine(body).replaceAll("\u2060", "");
    // Both values, in the summary and in the measured column.
    expect(line).toContain("metrics.f1 fell from 0.95 to 0.93 (−0.02, −2.105%), more than the 0.01 allowed");
    expect(line).toContain("| 0.95 → 0.93 | drop ≤ 0.01 |");
    expect(line).toContain(`the pull request's base commit ${short}`);
    const checkRun = world.fake.state.checkRunsOn(world.ws.headSha)[0]!;
    expect(checkRun.conclusion).toBe("failure");
    const shown = `${checkRun.output?.summary ?? ""}\n${checkRun.output?.text ?? ""}`.replaceAll(
      "\u2060",
      "",
    );
    expect(regressionLine(shown)).toMatch(/0\.95[^\n]*0\.93|0\.93[^\n]*0\.95/);
    // The delta judged the base with itself as baseline: the regression is what this PR changes.
    expect(body).toMatch(/Newly failing: \*\*\[no-f1-regression\]/);
    expect(run.stdout).toContain(`Regression checks compare against the pull request's base commit ${short}`);
    console.log(`pull request, fetch-depth 2: baseline opened in ${openedMs(run)} ms`);
    expect(world.fake.violations).toEqual([]);
  });

  it("the same pull request without the drop is a Go (fetch-depth 0)", async () => {
    const world = await pullRequest(0.95, 0.955, 0);
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    const checkRun = world.fake.state.checkRunsOn(world.ws.headSha)[0]!;
    expect(checkRun.conclusion).toBe("success");
    expect(world.fake.violations).toEqual([]);
  });

  it("fetch-depth 1: the check fails and says how to fetch the base commit", async () => {
    const world = await pullRequest(0.95, 0.955, 1);
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    const short = world.ws.baseSha.slice(0, 7);
    const line = regressionLine(commentOf(world)).replaceAll("\u2060", "");
    expect(line).toContain(`the checkout does not have the base commit ${short}`);
    expect(line).toContain("set fetch-depth: 0 on it");
    expect(line).toMatch(
      /git fetch --no-tags --depth=1 origin \$\\?\{\\?\{ github\.event\.pull\\?_request\.base\.sha }}/,
    );
    expect(run.stdout).toContain(
      `Regression checks cannot read their baseline, the pull request's base commit ${short}: the checkout does not have the base commit ${short}`,
    );
    expect(world.fake.violations).toEqual([]);
  });

  it("fetch-depth 1 and the documented fetch step (git fetch --no-tags --depth=1 origin <base>): the baseline is read", async () => {
    const world = await pullRequest(0.95, 0.93, 1);
    git(world.ws.dir, ["fetch", "-q", "--no-tags", "--depth=1", "origin", world.ws.baseSha]);
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    const line = regressionLine(commentOf(world)).replaceAll("\u2060", "");
    expect(line).toContain("metrics.f1 fell from 0.95 to 0.93");
    expect(world.fake.violations).toEqual([]);
  });

  it("on a pull request, a regression check starts no git process beyond what explaining the change starts", async () => {
    const commands = async (files: string) => {
      const world = await pullRequest(0.95, 0.955, 2, files);
      const guard = guarded();
      const run = await world.run({ env: guard.env });
      expect(run.exitCode, explain(run)).toBe(0);
      return gitCommands(guard.log);
    };
    const withRegression = await commands(readiness());
    const without = await commands(WITHOUT_REGRESSION);
    console.log(
      `git processes on a pull request: ${withRegression.length} with a regression check, ${without.length} without`,
    );
    expect(withRegression.length).toBeGreaterThan(0);
    expect([...withRegression].sort()).toEqual([...without].sort());
  });
});

/** A push of `after` on main whose previous head is `before`; the checkout holds both at fetch-depth 2. */
async function pushWorld(before: Record<string, string>, after: Record<string, string>, fetchDepth = 2) {
  const ws = await makeWorkspace({
    base: before,
    head: after,
    baseBranch: "previous",
    headBranch: "main",
    checkout: "head",
    fetchDepth,
  });
  afterThisTest(() => ws.cleanup());
  const fake = await startFakeGitHub({ validateResponses: true });
  afterThisTest(() => fake.close());
  publishWorkspace(fake.state, ws);
  fake.state.setBranch("main", ws.headSha);
  const run = (event: WebhookEvent, env: Record<string, string> = {}) =>
    runAction({ event, workspace: ws, api: fake, timeoutMs: 30_000, env });
  return { ws, fake, run };
}

describe("regression on pull_request_target", () => {
  it("the checkout is the base commit: the log and the finding say no regression can show", async () => {
    const ws = await makeWorkspace({
      base: { [README_PATH]: readiness(), ...evidence(0.95) },
      head: { [EVAL]: JSON.stringify({ metrics: { f1: 0.93 } }) },
      baseBranch: "main",
      pullNumber: 7,
      checkout: "base",
      fetchDepth: 1,
    });
    afterThisTest(() => ws.cleanup());
    const pull = {
      number: 7,
      base: { ref: ws.baseBranch, sha: ws.baseSha },
      head: { ref: ws.headBranch, sha: ws.headSha },
    };
    const fake = await startFakeGitHub({ validateResponses: true, pullRequests: [pull] });
    afterThisTest(() => fake.close());
    publishWorkspace(fake.state, ws);
    const run = await runAction({
      event: pullRequestEvent({ ...pull, target: true }),
      workspace: ws,
      api: fake,
      timeoutMs: 30_000,
    });
    const short = ws.baseSha.slice(0, 7);
    const said = `the pull request's base commit ${short}, which is the checked-out commit itself (pull_request_target checks out the base branch), so no regression can show`;
    expect(run.stdout, explain(run)).toContain(`Regression checks compare ${said}.`);
    const line = regressionLine(fake.state.commentsOn(7)[0]?.body ?? "").replaceAll("\u2060", "");
    expect(line).toContain("held at 0.95");
    expect(line).toContain("pull\\_request\\_target checks out the base branch");
    expect(fake.violations).toEqual([]);
  });
});

describe("regression on a push: against the branch's previous head", () => {
  it("uses the push's before: a drop beyond the bar is a No-go on the pushed commit, naming both values", async () => {
    const { ws, fake, run } = await pushWorld(
      { [README_PATH]: readiness(), ...evidence(0.95) },
      { [EVAL]: JSON.stringify({ metrics: { f1: 0.93 } }) },
    );
    const guard = guarded();
    const result = await run(pushEvent({ ref: "main", after: ws.headSha, before: ws.baseSha }), guard.env);
    expect(result.exitCode, explain(result)).toBe(1);
    expect(result.outputs.verdict).toBe("no-go");
    const short = ws.baseSha.slice(0, 7);
    expect(result.stdout).toContain(`Regression checks compare against the previous head ${short} of main`);
    const checkRun = fake.state.checkRunsOn(ws.headSha)[0]!;
    expect(checkRun.conclusion).toBe("failure");
    const shown = `${checkRun.output?.summary ?? ""}\n${checkRun.output?.text ?? ""}`.replaceAll(
      "\u2060",
      "",
    );
    const line = regressionLine(shown);
    expect(line).toMatch(/0\.95[^\n]*0\.93|0\.93[^\n]*0\.95/);
    expect(line).toContain(`the previous head ${short} of main (before this push)`);
    const commands = gitCommands(guard.log);
    console.log(
      `push with a regression check: ${commands.length} git processes (${commands.filter((c) => c.includes("<sha>")).length} naming a commit), baseline opened in ${openedMs(result)} ms`,
    );
    expect(fake.violations).toEqual([]);
  });

  it("a push without a regression check starts no git process for a baseline", async () => {
    const { ws, fake, run } = await pushWorld(
      { [README_PATH]: WITHOUT_REGRESSION, ...evidence(0.95) },
      { [EVAL]: JSON.stringify({ metrics: { f1: 0.93 } }) },
    );
    const guard = guarded();
    const result = await run(pushEvent({ ref: "main", after: ws.headSha, before: ws.baseSha }), guard.env);
    expect(result.exitCode, explain(result)).toBe(0);
    const commands = gitCommands(guard.log);
    console.log(`push without a regression check: ${commands.length} git processes`);
    // Nothing names the previous head, nor lists or reads any commit's objects.
    expect(commands.filter((c) => /<sha>|cat-file|ls-tree/.test(c))).toEqual([]);
    expect(result.stdout).not.toContain("Regression checks");
    expect(fake.violations).toEqual([]);
  });

  it("the first push of a branch has no baseline: the check fails, or passes with ifNoBaseline: pass", async () => {
    // The published example of a branch push is a new branch: its before is all zeros.
    const example = webhookExample("push", (p) => String(p.ref).startsWith("refs/heads/"));
    expect(example.before).toBe(ZERO_SHA);
    expect(example.created).toBe(true);
    for (const [files, exit] of [
      [readiness(), 1],
      [readiness("pass"), 0],
    ] as const) {
      const { ws, fake, run } = await pushWorld(
        { [README_PATH]: files, ...evidence(0.95) },
        { [EVAL]: JSON.stringify({ metrics: { f1: 0.94 } }) },
      );
      const result = await run(pushEvent({ ref: "main", after: ws.headSha }));
      expect(result.exitCode, explain(result)).toBe(exit);
      expect(result.stdout).toContain(
        "Regression checks have no baseline: the first push of a branch has no previous head.",
      );
      const checkRun = fake.state.checkRunsOn(ws.headSha)[0]!;
      const line = regressionLine(`${checkRun.output?.summary ?? ""}\n${checkRun.output?.text ?? ""}`);
      expect(line).toContain("the first push of a branch has no previous head");
      expect(fake.violations).toEqual([]);
    }
  });
});

describe("regression in the merge queue: against the queue's base commit", () => {
  it("reads merge_group.base_sha", async () => {
    const ws = await makeWorkspace({
      base: { [README_PATH]: readiness(), ...evidence(0.95) },
      head: { [EVAL]: JSON.stringify({ metrics: { f1: 0.93 } }) },
      headBranch: "gh-readonly-queue/main/pr-7",
      checkout: "head",
      fetchDepth: 2,
    });
    afterThisTest(() => ws.cleanup());
    const fake = await startFakeGitHub({ validateResponses: true });
    afterThisTest(() => fake.close());
    publishWorkspace(fake.state, ws);
    const event = mergeGroupEvent({
      baseRef: "main",
      baseSha: ws.baseSha,
      headSha: ws.headSha,
      pullNumber: 7,
    });
    const run = await runAction({ event, workspace: ws, api: fake, timeoutMs: 30_000 });
    expect(run.exitCode, explain(run)).toBe(1);
    const short = ws.baseSha.slice(0, 7);
    expect(run.stdout).toContain(`Regression checks compare against the merge queue's base commit ${short}`);
    const checkRun = fake.state.checkRunsOn(ws.headSha)[0]!;
    const line = regressionLine(`${checkRun.output?.summary ?? ""}\n${checkRun.output?.text ?? ""}`);
    expect(line.replaceAll("\u2060", "")).toMatch(/0\.95[^\n]*0\.93|0\.93[^\n]*0\.95/);
    expect(fake.violations).toEqual([]);
  });
});
