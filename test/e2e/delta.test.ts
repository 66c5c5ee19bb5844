// What a pull request changes, end to end: the built action evaluates the base commit's evidence under the
// same policy from git's object database, and the sticky comment lists exactly what broke and what was fixed.
import { describe, expect, it } from "vitest";
import { makeWorkspace, publishWorkspace, runAction, type ActionRun } from "../support/action-runner.js";
import { pullRequestEvent } from "../support/events.js";
import { startFakeGitHub } from "../support/fake-github/index.js";
import {
  evidence,
  explain,
  pullRequestWorld,
  README_PATH,
  RUNBOOK,
  readinessYaml,
  type World,
} from "./scenario.js";

const DAY = 86_400_000;
const RUNBOOK_WITHOUT_STEPS =
  "# Runbook\n\n## Trigger\nRoll back when the F1 alert fires for more than ten minutes.\n";
const DATA_CARD = "systems/claims/docs/data-card.md";

/** eval-f1 and runbook, plus a data card whose evidence may be at most 30 days old. */
const READINESS = readinessYaml({
  extraChecks: `  - id: data-card
    category: data
    file: { path: docs/data-card.md }
    maxAge: 30d
`,
});

/**
 * The base: F1 passes, the runbook lacks its Steps section, the data card was committed 26 days ago.
 * The pull request breaks F1 and fixes the runbook; it does not touch the data card.
 */
function breaksOneFixesAnother(fetchDepth: number) {
  return {
    base: {
      [README_PATH]: READINESS,
      ...evidence(0.95),
      "systems/claims/docs/runbook.md": RUNBOOK_WITHOUT_STEPS,
      [DATA_CARD]: "# Data card\n\nClaims 2024–2026, 1.2 M rows, PII removed.\n",
    },
    head: { ...evidence(0.8), "systems/claims/docs/runbook.md": RUNBOOK },
    workspace: {
      fetchDepth,
      dates: { base: new Date(Date.now() - 26 * DAY), head: new Date() },
    },
  };
}

function commentOf(world: World): string {
  const comments = world.fake.state.commentsOn(7);
  expect(comments).toHaveLength(1);
  return comments[0]!.body;
}

function items(body: string, kind: string): string[] {
  return body.split("\n").filter((l) => l.startsWith(`- `) && l.includes(` ${kind}: `));
}

function baseEvaluationMs(run: ActionRun): number | undefined {
  const m = /Evaluated the base commit [0-9a-f]{7} under the same policy in (\d+) ms/.exec(run.stdout);
  return m ? Number(m[1]) : undefined;
}

describe("the comment shows what the pull request changes", () => {
  it.each([0, 2])(
    "fetch-depth %i: lists exactly the check it breaks and the check it fixes, and the aging evidence",
    async (fetchDepth) => {
      const world = await pullRequestWorld(breaksOneFixesAnother(fetchDepth));
      const run = await world.run();
      // The delta is explanation: the verdict and the exit code are the head's.
      expect(run.exitCode, explain(run)).toBe(1);
      expect(run.outputs.verdict).toBe("no-go");
      const body = commentOf(world);
      const verdict = body.split("\n").find((l) => l.startsWith("### "));
      // A depth-2 clone cannot date files (at head or at base), so the data card fails at both.
      expect(verdict).toBe(
        `### ❌ No-go for production: ${fetchDepth === 0 ? "1 of 3 checks fails" : "2 of 3 checks fail"} · this PR: 1 newly failing, 1 newly passing`,
      );
      const short = world.ws.baseSha.slice(0, 7);
      const summary = body.split("\n").find((l) => l.startsWith("**What this PR changes**"));
      expect(summary).toContain(
        `(against base [${short}](https://github.com/acme/claims-triage/commit/${world.ws.baseSha}))`,
      );
      expect(summary).toContain("1 newly failing (eval-f1), 1 newly passing (runbook)");
      const blob = `https://github.com/acme/claims-triage/blob/${world.ws.headSha}`;
      expect(items(body, "Newly failing")).toEqual([
        `- ❌ Newly failing: **[eval-f1](${blob}/${README_PATH}#L11)** (model): metrics.f1 0.8 &lt; 0.92 in systems/claims/reports/eval.json (passed at the base)`,
      ]);
      expect(items(body, "Newly passing")).toHaveLength(1);
      expect(items(body, "Newly passing")[0]).toContain(
        `**[runbook](${blob}/${README_PATH}#L16)** (operations)`,
      );
      if (fetchDepth === 0) {
        // Full history: the data card's age is known at head and at base, and it is getting old.
        expect(items(body, "Evidence getting old")).toEqual([
          `- ⏳ Evidence getting old: **[data-card](${blob}/${README_PATH}#L19)**: 26 days old of maxAge 30d, stale in 4 days: regenerate it`,
        ]);
      } else {
        expect(summary).toContain("1 newly failing (eval-f1), 1 newly passing (runbook), 1 still failing");
        expect(items(body, "Evidence getting old")).toEqual([]);
      }
      const ms = baseEvaluationMs(run);
      expect(ms, explain(run)).toBeDefined();
      console.log(
        `fetch-depth ${fetchDepth}: base evaluation took ${ms} ms of a ${Math.round(run.durationMs)} ms run`,
      );
      expect(world.fake.violations).toEqual([]);
    },
  );

  it("makes no API call the head evaluation did not already make", async () => {
    const routes = async (fetchDepth: number) => {
      const world = await pullRequestWorld(breaksOneFixesAnother(fetchDepth));
      const run = await world.run();
      expect(run.exitCode, explain(run)).toBe(1);
      expect(world.fake.violations).toEqual([]);
      return { calls: world.fake.requests.map((r) => `${r.method} ${r.route ?? r.path}`), run };
    };
    const withBase = await routes(0);
    const withoutBase = await routes(1);
    expect(baseEvaluationMs(withBase.run)).toBeDefined();
    expect(baseEvaluationMs(withoutBase.run)).toBeUndefined();
    // Full history lists what the pull request changes with git instead of GitHub's comparison.
    const isCompare = (call: string) => call.endsWith("GET /repos/{owner}/{repo}/compare/{basehead}");
    expect(withBase.calls.filter(isCompare)).toHaveLength(0);
    expect(withoutBase.calls.filter(isCompare)).toHaveLength(1);
    expect(withBase.calls).toEqual(withoutBase.calls.filter((c) => !isCompare(c)));
  });

  it("fetch-depth 1: says in one line that the change could not be computed, and how to enable it", async () => {
    const world = await pullRequestWorld(breaksOneFixesAnother(1));
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    const body = commentOf(world);
    const short = world.ws.baseSha.slice(0, 7);
    const lines = body.split("\n").filter((l) => l.includes("could not be computed"));
    expect(lines).toHaveLength(1);
    // The sentence may quote an error, so it is escaped like evidence: its commit id carries a word joiner.
    expect(lines[0]!.replaceAll("\u2060", "")).toContain(
      `could not be computed: the checkout does not have the base commit ${short} (actions/checkout fetches a single commit by default: set fetch-depth: 0 on it, or fetch that commit in a step before this one: git fetch --no-tags --depth=1 origin $\{{ github.event.pull\\_request.base.sha }})`,
    );
    expect(body).not.toMatch(/Newly (failing|passing)|this PR:/);
    // Nothing was fetched to get it: the checkout still lacks the base commit.
    expect(run.stdout).toContain(
      `What this pull request changes is not shown: the checkout does not have the base commit ${short}`,
    );
    expect(world.fake.violations).toEqual([]);
  });

  it("pull_request_target on the base branch's checkout: says the checkout holds none of the changes", async () => {
    const scenario = breaksOneFixesAnother(0);
    const ws = await makeWorkspace({
      ...scenario,
      ...scenario.workspace,
      baseBranch: "main",
      pullNumber: 7,
      checkout: "base",
    });
    const pull = {
      number: 7,
      base: { ref: ws.baseBranch, sha: ws.baseSha },
      head: { ref: ws.headBranch, sha: ws.headSha },
    };
    const fake = await startFakeGitHub({ validateResponses: true, pullRequests: [pull] });
    try {
      publishWorkspace(fake.state, ws);
      const run = await runAction({
        event: pullRequestEvent({ ...pull, target: true }),
        workspace: ws,
        api: fake,
        timeoutMs: 30_000,
      });
      const body = fake.state.commentsOn(7)[0]?.body ?? "";
      expect(body.replaceAll("\u2060", ""), explain(run)).toContain(
        `could not be computed: the checkout is the base commit ${ws.baseSha.slice(0, 7)} itself (pull\\_request\\_target checks out the base branch), so it holds none of the pull request's changes`,
      );
      expect(body).not.toMatch(/ · this PR|Newly (failing|passing)/);
      expect(baseEvaluationMs(run)).toBeUndefined();
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
      await ws.cleanup();
    }
  });
});
