import { describe, expect, it } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import { evaluateCheck } from "../../src/evidence/index.js";
import { ciEvidence } from "../../src/config/schema.js";
import { evaluateCi } from "../../src/evidence/ci.js";
import type { CommitCheck } from "../../src/evidence/types.js";
import { memoryContext } from "../support/memory-repo.js";

const SHA = "abc1234def5678abc1234def5678abc1234def56";
const ACTIONS = "github-actions";
const FROM_ACTIONS = "(check run from app github-actions)";
const STATUS_IGNORED = (state: string, by = "mallory") =>
  `a commit status 'build' = ${state} posted by @${by} was ignored: statuses count only with \`statuses: true\``;

let suites = 0;
/** A completed check run; each in its own check suite (workflow run) unless `suite` says otherwise. */
function done(name: string, conclusion: string, more: Partial<CommitCheck> = {}): CommitCheck {
  return {
    name,
    status: "completed",
    conclusion,
    source: "check-run",
    app: ACTIONS,
    suite: ++suites,
    creator: null,
    ...more,
  };
}

function running(name: string, status: string, more: Partial<CommitCheck> = {}): CommitCheck {
  return {
    name,
    status,
    conclusion: null,
    source: "check-run",
    app: ACTIONS,
    suite: ++suites,
    creator: null,
    ...more,
  };
}

/** A commit status as the gatherer maps it: pending is in progress, any other state a conclusion. */
function status(context: string, state: string, creator = "mallory"): CommitCheck {
  const pending = state === "pending";
  return {
    name: context,
    status: pending ? "in_progress" : "completed",
    conclusion: pending ? null : state,
    source: "status",
    app: null,
    suite: null,
    creator,
  };
}

/** Runs listed newest first, as the gatherer hands them over; the spec gets the schema's defaults. */
function run(check: string | Record<string, unknown>, runs: CommitCheck[]) {
  const spec = ciEvidence.parse(typeof check === "string" ? { check } : check);
  return evaluateCi(spec, { checks: { sha: SHA, runs } });
}

describe("evaluateCi", () => {
  it("passes when the check run from GitHub Actions concluded success, naming the app", async () => {
    const finding = await run("build", [done("lint", "failure"), done("build", "success")]);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(`check 'build' succeeded on abc1234 ${FROM_ACTIONS}`);
    expect(finding.measured).toBe("success");
    expect(finding.bar).toBe("'build' concluded success");
  });

  const failing: Array<[string, string]> = [
    ["failure", "failed"],
    ["error", "errored"],
    ["cancelled", "was cancelled"],
    ["timed_out", "timed out"],
    ["action_required", "needs action (action_required), not success"],
    ["neutral", "concluded neutral, not success"],
    ["skipped", "was skipped, so it proved nothing"],
    ["stale", "is stale (GitHub marked it stale after 14 days incomplete)"],
    ["startup_failure", "failed to start (startup_failure)"],
    ["something_new", "concluded 'something_new', not success"],
  ];
  for (const [conclusion, said] of failing) {
    it(`fails on conclusion ${conclusion}`, async () => {
      const finding = await run("build", [done("build", conclusion)]);
      expect(finding.status).toBe("fail");
      expect(finding.summary).toBe(`check 'build' ${said} on abc1234 ${FROM_ACTIONS}`);
      expect(finding.measured).toBe(conclusion);
    });
  }

  const unfinished: Array<[string, string]> = [
    ["in_progress", "is still in progress"],
    ["queued", "is queued and has not started"],
    ["pending", "is pending"],
    ["waiting", "is waiting (for an approval or a concurrency slot)"],
    ["completed", "has not concluded (status completed without a conclusion)"],
  ];
  for (const [state, said] of unfinished) {
    it(`fails while the check is ${state}`, async () => {
      const finding = await run("build", [running("build", state)]);
      expect(finding.status).toBe("fail");
      expect(finding.summary).toBe(`check 'build' ${said} on abc1234 ${FROM_ACTIONS}`);
    });
  }

  it("fails when nothing has the name, listing the names seen", async () => {
    const finding = await run("build", [
      done("test", "success"),
      done("lint", "success"),
      done("test", "failure"),
    ]);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("no check run or status named 'build' on abc1234; seen: lint, test");
    expect(finding.measured).toBe("not found");
  });

  it("says 'none' when the commit has no checks at all", async () => {
    const finding = await run("build", []);
    expect(finding.summary).toBe("no check run or status named 'build' on abc1234; seen: none");
  });

  it("matches names exactly, but points at a near miss", async () => {
    const finding = await run("build", [done("Build", "success")]);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "no check run or status named 'build' on abc1234 (did you mean 'Build'? names must match exactly); seen: Build",
    );
  });

  it("is an error when the checks of the head commit were not read", async () => {
    const finding = await evaluateCi(ciEvidence.parse({ check: "build" }), {});
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("check 'build' cannot be judged");
  });

  it("is not evaluable outside GitHub", async () => {
    const finding = await evaluateCheck(
      { id: "build", ci: { check: "build" } } as CheckSpec,
      memoryContext({}),
    );
    expect(finding.status).toBe("not-evaluable");
  });
});

describe("evaluateCi: whose runs count", () => {
  // [what, spec, runs newest first, status, summary]
  const cases: Array<[string, string | Record<string, unknown>, CommitCheck[], "pass" | "fail", string]> = [
    [
      "a commit status 'build' = success posted over a failed check run does not hide the failure",
      "build",
      [status("build", "success"), done("build", "failure")],
      "fail",
      `check 'build' failed on abc1234 ${FROM_ACTIONS}; ${STATUS_IGNORED("success")}`,
    ],
    [
      "a commit status alone counts for nothing, and the finding says how to opt in",
      "build",
      [status("build", "success")],
      "fail",
      `no check run named 'build' from app github-actions on abc1234; ${STATUS_IGNORED("success")}`,
    ],
    [
      "an ignored status is named on a pass too",
      "build",
      [status("build", "failure", "alice"), done("build", "success")],
      "pass",
      `check 'build' succeeded on abc1234 ${FROM_ACTIONS}; ${STATUS_IGNORED("failure", "alice")}`,
    ],
    [
      "with statuses: true a successful status counts",
      { check: "build", statuses: true },
      [status("build", "success", "circleci")],
      "pass",
      "check 'build' succeeded on abc1234 (commit status posted by @circleci)",
    ],
    [
      "with statuses: true the newest status of the context counts, as GitHub's combined status reads it",
      { check: "build", statuses: true },
      [status("build", "success", "circleci"), status("build", "failure", "circleci")],
      "pass",
      "check 'build' succeeded on abc1234 (commit status posted by @circleci)",
    ],
    [
      "with statuses: true a status still cannot hide a failed check run",
      { check: "build", statuses: true },
      [status("build", "success"), done("build", "failure")],
      "fail",
      `check 'build' failed on abc1234 ${FROM_ACTIONS}; another counted 'build' succeeded, but every one must`,
    ],
    [
      "with statuses: true a failed status fails a successful check run",
      { check: "build", statuses: true },
      [status("build", "error"), done("build", "success")],
      "fail",
      "check 'build' errored on abc1234 (commit status posted by @mallory); another counted 'build' succeeded, but every one must",
    ],
    [
      "with statuses: true a pending status is unfinished",
      { check: "build", statuses: true },
      [status("build", "pending")],
      "fail",
      "check 'build' is still in progress on abc1234 (commit status posted by @mallory)",
    ],
    [
      "a same-named check run from another app is ignored, with the key that would trust it",
      "build",
      [done("build", "success", { app: "ci-app" }), done("build", "failure")],
      "fail",
      `check 'build' failed on abc1234 ${FROM_ACTIONS}; a check run 'build' from app ci-app ignored: only check runs from app github-actions count (\`app: ci-app\` trusts that app instead)`,
    ],
    [
      "a check run from another app alone is not found",
      "build",
      [done("build", "success", { app: "ci-app" })],
      "fail",
      "no check run named 'build' from app github-actions on abc1234; a check run 'build' from app ci-app ignored: only check runs from app github-actions count (`app: ci-app` trusts that app instead)",
    ],
    [
      "app: names the app to trust instead",
      { check: "build", app: "ci-app" },
      [done("build", "success", { app: "ci-app" }), done("build", "failure")],
      "pass",
      "check 'build' succeeded on abc1234 (check run from app ci-app); a check run 'build' from app github-actions ignored: only check runs from app ci-app count (`app: github-actions` trusts that app instead)",
    ],
    [
      "a check run whose app GitHub does not name is not trusted",
      "build",
      [done("build", "success", { app: null })],
      "fail",
      "no check run named 'build' from app github-actions on abc1234; a check run 'build' from app (unnamed) ignored: only check runs from app github-actions count",
    ],
    [
      "a re-run in the same workflow run replaces the failed attempt",
      "build",
      [done("build", "success", { suite: 7 }), done("build", "failure", { suite: 7 })],
      "pass",
      `check 'build' succeeded on abc1234 ${FROM_ACTIONS}`,
    ],
    [
      "a success in one workflow run does not hide a failure in another",
      "build",
      [done("build", "success"), done("build", "failure")],
      "fail",
      `check 'build' failed on abc1234 ${FROM_ACTIONS}; another counted 'build' succeeded, but every one must`,
    ],
    [
      "an older success does not excuse a newer failure",
      "build",
      [done("build", "failure"), done("build", "success")],
      "fail",
      `check 'build' failed on abc1234 ${FROM_ACTIONS}; another counted 'build' succeeded, but every one must`,
    ],
    [
      "a workflow run still in progress holds the check back",
      "build",
      [running("build", "in_progress"), done("build", "success")],
      "fail",
      `check 'build' is still in progress on abc1234 ${FROM_ACTIONS}; another counted 'build' succeeded, but every one must`,
    ],
    [
      "successes in every workflow run pass",
      "build",
      [done("build", "success"), done("build", "success")],
      "pass",
      "check 'build' succeeded on abc1234 (2 check runs from app github-actions, one per workflow run)",
    ],
  ];
  for (const [what, spec, runs, want, summary] of cases) {
    it(what, async () => {
      const finding = await run(spec, runs);
      expect(finding.status).toBe(want);
      expect(finding.summary).toBe(summary);
    });
  }

  it("lists every counted run and the replaced attempts in the details", async () => {
    const finding = await run("build", [
      done("build", "success", { suite: 7 }),
      done("build", "failure", { suite: 8 }),
      done("build", "failure", { suite: 7 }),
    ]);
    expect(finding.details).toEqual([
      "2 runs of 'build' counted, newest first: success (check run from app github-actions), failure (check run from app github-actions)",
      "1 older run of 'build' replaced by a newer one of the same workflow run (a re-run) or context",
      "a failed workflow run stays counted until it is re-run (its re-run replaces it) or a new commit is pushed",
    ]);
  });
});

describe("ci schema", () => {
  it("trusts GitHub Actions' check runs and no statuses by default", () => {
    expect(ciEvidence.parse({ check: "build" })).toEqual({
      check: "build",
      app: "github-actions",
      statuses: false,
    });
  });

  it("rejects an app that is not a slug, and a statuses that is not a boolean", () => {
    expect(ciEvidence.safeParse({ check: "build", app: "CircleCI Checks" }).success).toBe(false);
    expect(ciEvidence.safeParse({ check: "build", statuses: "yes" }).success).toBe(false);
  });
});
