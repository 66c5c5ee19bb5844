// The action's cost on a pull request, against the loopback fake GitHub of the end-to-end suite: REST calls
// by route, time from spawning `node dist/index.js` to its first API call, total run time, and the size of
// dist/. The action runs as a runner runs it (test/support/action-runner.ts) in a real git checkout.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { makeWorkspace, publishWorkspace, runAction, type Workspace } from "../test/support/action-runner.js";
import { pullRequestEvent } from "../test/support/events.js";
import { GITHUB_ACTIONS_APP, startFakeGitHub, type FakeGitHub } from "../test/support/fake-github/index.js";
import { systemFiles } from "./generate.js";
import { formatMs, spread, type Spread } from "./measure.js";

const PULL_NUMBER = 7;
const APPROVER = "compliance-lead";
/** The pull request's change: one source file, nothing the gate reads. */
const HEAD_CHANGE = { "services/api/handler.ts": "export const handler = () => 'v2';\n" };

export interface ActionScenario {
  systems: number;
  /** Comments already on the pull request (none of them Shipgate's) before the run. */
  comments: number;
  /** A second run on the same pull request: Shipgate's sticky comment is there already. */
  rerun?: boolean;
}

export interface ActionCall {
  systems: number;
  comments: number;
  rerun: boolean;
  totalCalls: number;
  calls: Record<string, number>;
  verdict: string;
  coldStartMs: number;
  totalMs: number;
  /** Each request as it arrived, in ms after the spawn: where the run's time goes. */
  timeline: Array<{ atMs: number; request: string; status: number | string }>;
}

export interface ActionCost {
  distBytes: number;
  distFiles: number;
  /** The typical run: first run on a pull request, one system, no comments yet. */
  typical: ActionCall;
  coldStartMs: Spread;
  totalMs: Spread;
  runs: number;
  /** How the call count grows with systems and with comments already on the pull request. */
  growth: ActionCall[];
  violations: string[];
}

/** `actionDir` holds action.yml and the dist/ it runs (the benchmark's copy of the repository's). */
export async function measureAction(opts: {
  actionDir: string;
  runs: number;
  log: (line: string) => void;
}): Promise<ActionCost> {
  const { files: distFiles, bytes: distBytes } = sizeOf(join(opts.actionDir, "dist"));
  opts.log(`action: dist/ is ${distFiles} files, ${distBytes} bytes`);
  const violations: string[] = [];

  const workspaces = new Map<number, Workspace>();
  const workspaceFor = async (systems: number): Promise<Workspace> => {
    let ws = workspaces.get(systems);
    if (!ws) {
      const base: Record<string, string> = {};
      for (let i = 0; i < systems; i++) {
        // Systems with failing tests would make every run no-go; the typical pull request passes.
        Object.assign(base, systemFiles(i * 10, { githubChecks: true }));
      }
      ws = await makeWorkspace({
        base,
        head: HEAD_CHANGE,
        headBranch: "feature/faster-triage",
        pullNumber: PULL_NUMBER,
      });
      workspaces.set(systems, ws);
    }
    return ws;
  };

  try {
    // The typical run: one warm-up, then `runs` measured runs, each against a fresh fake.
    const typicalRuns: ActionCall[] = [];
    for (let i = 0; i <= opts.runs; i++) {
      const call = await runScenario(
        opts.actionDir,
        await workspaceFor(1),
        { systems: 1, comments: 0 },
        violations,
      );
      if (i > 0) typicalRuns.push(call);
    }
    const typical = typicalRuns[typicalRuns.length - 1]!;
    const coldStartMs = spread(typicalRuns.map((c) => c.coldStartMs));
    const totalMs = spread(typicalRuns.map((c) => c.totalMs));
    opts.log(
      `  typical PR run: ${typical.totalCalls} calls, first API call after ${formatMs(coldStartMs.median)}, total ${formatMs(totalMs.median)}`,
    );

    const growth: ActionCall[] = [];
    const scenarios: ActionScenario[] = [
      { systems: 1, comments: 0 },
      { systems: 10, comments: 0 },
      { systems: 100, comments: 0 },
      { systems: 1, comments: 100 },
      { systems: 1, comments: 1000 },
      { systems: 1, comments: 0, rerun: true },
      { systems: 1, comments: 1000, rerun: true },
    ];
    for (const scenario of scenarios) {
      const call = await runScenario(
        opts.actionDir,
        await workspaceFor(scenario.systems),
        scenario,
        violations,
      );
      growth.push(call);
      opts.log(
        `  ${scenario.systems} systems, ${scenario.comments} comments${scenario.rerun ? ", re-run" : ""}: ${call.totalCalls} calls, ${call.verdict}, ${formatMs(call.totalMs)}`,
      );
    }
    return {
      distBytes,
      distFiles,
      typical,
      coldStartMs,
      totalMs,
      runs: typicalRuns.length,
      growth,
      violations,
    };
  } finally {
    for (const ws of workspaces.values()) await ws.cleanup();
  }
}

async function runScenario(
  actionDir: string,
  ws: Workspace,
  scenario: ActionScenario,
  violations: string[],
): Promise<ActionCall> {
  const fake = await seededFake(ws, scenario.comments);
  try {
    const event = pullRequestEvent({
      number: PULL_NUMBER,
      base: { ref: ws.baseBranch, sha: ws.baseSha },
      head: { ref: ws.headBranch, sha: ws.headSha },
      action: "opened",
    });
    if (scenario.rerun) {
      await runAction({ event, workspace: ws, api: fake, actionDir, timeoutMs: 120_000 });
      fake.requests.length = 0;
    }
    const run = await runAction({ event, workspace: ws, api: fake, actionDir, timeoutMs: 120_000 });
    // runAction times spawn to exit; the fake stamps each request on arrival (both epoch-aligned here).
    const spawnedAt = Date.now() - run.durationMs;
    if (run.exitCode !== 0 || run.outputs.verdict !== "go") {
      violations.push(
        `${scenario.systems} systems, ${scenario.comments} comments: exit ${String(run.exitCode)}, verdict ${run.outputs.verdict ?? "none"}: ${run.stderr.slice(0, 300)}${run.stdout
          .split("\n")
          .filter((l) => l.startsWith("::error"))
          .slice(0, 3)
          .join(" ")}`,
      );
    }
    for (const v of fake.violations) violations.push(`${v.kind} ${v.method} ${v.path}: ${v.message}`);
    const calls: Record<string, number> = {};
    for (const r of fake.requests) {
      const key = r.route ?? `${r.method} ${r.path} (undocumented)`;
      calls[key] = (calls[key] ?? 0) + 1;
    }
    const first = fake.requests[0];
    return {
      systems: scenario.systems,
      comments: scenario.comments,
      rerun: scenario.rerun === true,
      totalCalls: fake.requests.length,
      calls,
      verdict: run.outputs.verdict ?? "none",
      coldStartMs: first ? first.at - spawnedAt : NaN,
      totalMs: run.durationMs,
      timeline: fake.requests.map((r) => ({
        atMs: Math.round(r.at - spawnedAt),
        request: `${r.method} ${r.path}`,
        status: r.status,
      })),
    };
  } finally {
    await fake.close();
  }
}

/**
 * GitHub as it is for a pull request ready to merge: the approval the gate asks for on the head commit,
 * a green `build` check run from GitHub Actions, and `comments` earlier comments by people (the sticky search pages through them).
 */
async function seededFake(ws: Workspace, comments: number): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({
    pullRequests: [
      {
        number: PULL_NUMBER,
        base: { ref: ws.baseBranch, sha: ws.baseSha },
        head: { ref: ws.headBranch, sha: ws.headSha },
      },
    ],
  });
  publishWorkspace(fake.state, ws);
  fake.state.addReview({
    user: APPROVER,
    state: "APPROVED",
    pull_number: PULL_NUMBER,
    commit_id: ws.headSha,
  });
  fake.state.addCheckRun({
    head_sha: ws.headSha,
    name: "build",
    conclusion: "success",
    app: GITHUB_ACTIONS_APP,
  });
  for (let i = 0; i < comments; i++) {
    fake.state.addComment({
      user: `reviewer-${i % 7}`,
      body: `Looks good, one nit on line ${i}.`,
      issue_number: PULL_NUMBER,
    });
  }
  return fake;
}

function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = sizeOf(path);
      files += inner.files;
      bytes += inner.bytes;
    } else {
      files += 1;
      bytes += statSync(path).size;
    }
  }
  return { files, bytes };
}
