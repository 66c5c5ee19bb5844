// GitHub misbehaving under a pull-request run of the bundled action: 5xx answers, reset connections, an
// answer that never comes, exhausted primary and secondary rate limits, a refused comment. Each case
// says how the run must end: it recovers (Go after retrying), it fails closed stating why, or it
// publishes the gate without the comment (the comment is a courtesy; the check run and exit code gate).
import { expect } from "vitest";
import { faults, type FaultHandle } from "../support/fake-github/index.js";
import { PASSING_FILES, startPrScenario, type PrScenario } from "./pr-scenario.js";
import {
  STACK_TRACE,
  lineMatching,
  observe,
  readiness,
  runActionKeepingReport,
  type ActionCaseRun,
} from "./support.js";

export type FaultExpectation = "recovers" | "fails-closed" | "publishes-without-comment";

export interface FaultCase {
  /** The kind of fault injected, for the counts: 500, 502, 503, reset, timeout, primary, secondary, 422. */
  type: string;
  name: string;
  files?: Record<string, string>;
  seed?(s: PrScenario): void;
  inject(s: PrScenario): FaultHandle[];
  expect: FaultExpectation;
  /** What the log must say (for fails-closed and publishes-without-comment). */
  message?: RegExp;
  inputs?: Record<string, string>;
  /** The run's hard limit; the total run time must stay under it. */
  timeoutMs?: number;
}

const CHECK_RUNS = "POST /repos/{owner}/{repo}/check-runs";
const COMPARE = "GET /repos/{owner}/{repo}/compare/{basehead}";
const REVIEWS = "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews";
const CREATE_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";
const LIST_COMMENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";

/** PASSING_FILES plus an approval check that @carol's review satisfies: reviews must be read. */
export const APPROVAL_FILES: Record<string, string> = {
  ...PASSING_FILES,
  "readiness.yml": readiness(`  - id: model-card
    category: model
    file: { path: docs/model-card.md }
  - id: signoff
    category: compliance
    approval: { from: ["@carol"] }`),
};

const COMMENT_TOO_LONG = {
  status: 422,
  body: {
    message: "Validation Failed",
    errors: [
      {
        resource: "IssueComment",
        code: "custom",
        field: "body",
        message: "Body is too long (maximum is 65536 characters)",
      },
    ],
    documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
    status: "422",
  },
};

export const RECOVERABLE_FAULTS: FaultCase[] = [
  // First, so that its 30 s request timeout overlaps the other cases when they run concurrently.
  {
    type: "timeout",
    name: "an answer that never comes on listing the pull request's files (once)",
    inject: (s) => [s.fake.fail({ route: COMPARE, times: 1, with: "hang" })],
    expect: "recovers",
    timeoutMs: 60_000,
  },
  {
    type: "500",
    name: "500 once on creating the check run",
    inject: (s) => [s.fake.fail({ route: CHECK_RUNS, times: 1, with: faults.serverError(500) })],
    expect: "recovers",
  },
  {
    type: "502",
    name: "502 twice on listing the pull request's files",
    inject: (s) => [s.fake.fail({ route: COMPARE, times: 2, with: faults.serverError(502) })],
    expect: "recovers",
  },
  {
    type: "503",
    name: "503 once on listing comments",
    inject: (s) => [s.fake.fail({ route: LIST_COMMENTS, times: 1, with: faults.serverError(503) })],
    expect: "recovers",
  },
  {
    type: "reset",
    name: "connection reset once on creating the check run",
    inject: (s) => [s.fake.fail({ route: CHECK_RUNS, times: 1, with: "reset" })],
    expect: "recovers",
  },
  {
    type: "reset",
    name: "connection reset once on listing the pull request's files",
    inject: (s) => [s.fake.fail({ route: COMPARE, times: 1, with: "reset" })],
    expect: "recovers",
  },
  {
    type: "secondary",
    name: "secondary rate limit (403, retry-after 1) once on creating the check run",
    inject: (s) => [s.fake.fail({ route: CHECK_RUNS, times: 1, with: faults.secondaryRateLimit(403, 1) })],
    expect: "recovers",
  },
  {
    type: "secondary",
    name: "secondary rate limit (429, retry-after 1) once on creating the comment",
    inject: (s) => [
      s.fake.fail({ route: CREATE_COMMENT, times: 1, with: faults.secondaryRateLimit(429, 1) }),
    ],
    expect: "recovers",
  },
  {
    type: "500",
    name: "500 on every read of reviews, with an approval check",
    files: APPROVAL_FILES,
    seed: (s) => void s.fake.state.addReview({ user: "carol" }),
    inject: (s) => [s.fake.fail({ route: REVIEWS, times: Infinity, with: faults.serverError(500) })],
    expect: "fails-closed",
    message:
      /signoff \[compliance\] could not be evaluated: the reviews of pull request #7 could not be read: .*500/,
    timeoutMs: 60_000,
  },
  {
    type: "primary",
    name: "primary rate limit exhausted on reading reviews, with an approval check",
    files: APPROVAL_FILES,
    seed: (s) => void s.fake.state.addReview({ user: "carol" }),
    inject: (s) => [s.fake.fail({ route: REVIEWS, times: Infinity, with: faults.primaryRateLimit(600) })],
    expect: "fails-closed",
    message: /rate limit/i,
  },
  {
    type: "500",
    name: "500 on every listing of the pull request's files (policy cannot be checked)",
    inject: (s) => [s.fake.fail({ route: COMPARE, times: Infinity, with: faults.serverError(500) })],
    expect: "fails-closed",
    message: /cannot list the files this pull request changes/,
    timeoutMs: 60_000,
  },
  {
    type: "primary",
    name: "primary rate limit exhausted on listing the pull request's files",
    inject: (s) => [s.fake.fail({ route: COMPARE, times: Infinity, with: faults.primaryRateLimit(600) })],
    expect: "fails-closed",
    message: /rate limit exceeded; it resets at \d{4}-/,
  },
  {
    type: "reset",
    name: "connection reset on every listing of the pull request's files",
    inject: (s) => [s.fake.fail({ route: COMPARE, times: Infinity, with: "reset" })],
    expect: "fails-closed",
    message: /cannot list the files this pull request changes/,
    timeoutMs: 60_000,
  },
  {
    type: "422",
    name: "422 comment too long on creating the comment",
    inject: (s) => [s.fake.fail({ route: CREATE_COMMENT, times: Infinity, with: COMMENT_TOO_LONG })],
    expect: "publishes-without-comment",
    message: /cannot write the pull request comment.*422/,
  },
  {
    type: "503",
    name: "503 on every attempt to create the comment",
    inject: (s) => [s.fake.fail({ route: CREATE_COMMENT, times: Infinity, with: faults.serverError(503) })],
    expect: "publishes-without-comment",
    message: /cannot write the pull request comment.*503/,
    timeoutMs: 60_000,
  },
  {
    type: "503",
    name: "fail-on never: 503 on every attempt to create the check run reports with a warning",
    inputs: { "fail-on": "never" },
    inject: (s) => [s.fake.fail({ route: CHECK_RUNS, times: Infinity, with: faults.serverError(503) })],
    expect: "publishes-without-comment",
    message: /cannot create the shipgate check run.*503/,
    timeoutMs: 60_000,
  },
];

/**
 * The check run cannot be written and fail-on demands it: a Go must not be reported (the step fails and
 * the verdict output is not go, so no later step deploys on it).
 */
export const CHECK_RUN_UNWRITABLE: FaultCase[] = [
  {
    type: "503",
    name: "503 on every attempt to create the check run",
    inject: (s) => [s.fake.fail({ route: CHECK_RUNS, times: Infinity, with: faults.serverError(503) })],
    expect: "fails-closed",
    message: /check run/,
    timeoutMs: 60_000,
  },
  {
    type: "primary",
    name: "primary rate limit exhausted on creating the check run",
    inject: (s) => [s.fake.fail({ route: CHECK_RUNS, times: Infinity, with: faults.primaryRateLimit(600) })],
    expect: "fails-closed",
    message: /check run.*rate limit|rate limit.*check run/,
  },
  {
    type: "secondary",
    name: "secondary rate limit on every attempt to create the check run",
    inject: (s) => [
      s.fake.fail({ route: CHECK_RUNS, times: Infinity, with: faults.secondaryRateLimit(403, 1) }),
    ],
    expect: "fails-closed",
    message: /check run/,
    timeoutMs: 60_000,
  },
  {
    type: "reset",
    name: "connection reset on every attempt to create the check run",
    inject: (s) => [s.fake.fail({ route: CHECK_RUNS, times: Infinity, with: "reset" })],
    expect: "fails-closed",
    message: /check run/,
    timeoutMs: 60_000,
  },
];

export interface FaultRun {
  run: ActionCaseRun;
  hits: number[];
  checkRuns: Array<{ conclusion: string | null }>;
  botComments: number;
  violations: string[];
}

export async function runFaultCase(c: FaultCase): Promise<FaultRun> {
  const s = await startPrScenario(c.files ? { files: c.files } : {});
  try {
    c.seed?.(s);
    const handles = c.inject(s);
    const run = await runActionKeepingReport({
      event: s.event(),
      workspace: s.dir,
      fake: s.fake,
      ...(c.inputs ? { inputs: c.inputs } : {}),
      timeoutMs: c.timeoutMs ?? 30_000,
    });
    return {
      run,
      hits: handles.map((h) => h.hits),
      checkRuns: s.fake.state.checkRunsOn(s.headSha).map((r) => ({ conclusion: r.conclusion })),
      botComments: s.fake.state.comments.filter((cm) => cm.user.login === "github-actions[bot]").length,
      violations: s.fake.violations.map((v) => `${v.kind}: ${v.message}`),
    };
  } finally {
    await s.close();
  }
}

/** Asserts how a fault case must end, and records what was observed. */
export function assertFaultCase(c: FaultCase, r: FaultRun, group = "GitHub fault"): void {
  const { run } = r;
  const log = `${run.stdout}\n${run.stderr}`;
  const said = c.message ? lineMatching(run.stdout, c.message) : "";
  const conclusion = r.checkRuns.map((x) => x.conclusion).join(",") || "none";
  observe({
    group,
    case: c.name,
    via: "action",
    ms: run.durationMs,
    outcome: `exit ${String(run.exitCode)}, verdict ${run.outputs.verdict ?? "(none)"}, check run ${conclusion}, retries hit ${r.hits.join("+")}`,
    message: said || lineMatching(run.stdout, /^(::error::)?Shipgate: (Go|No-go|Conditional)/) || "",
  });

  expect(run.timedOut, log).toBe(false);
  expect(run.durationMs).toBeLessThan(c.timeoutMs ?? 30_000);
  expect(log).not.toMatch(STACK_TRACE);
  // The fault was really met, and nothing the action sent would have been refused by GitHub.
  for (const hits of r.hits) expect(hits).toBeGreaterThan(0);
  expect(r.violations).toEqual([]);
  // A check run, if any was written, never says success on a run that is not a clean Go.
  switch (c.expect) {
    case "recovers":
      expect(run.exitCode, log).toBe(0);
      expect(run.outputs.verdict).toBe("go");
      expect(r.checkRuns).toEqual([{ conclusion: "success" }]);
      expect(r.botComments).toBe(1);
      break;
    case "fails-closed":
      expect(run.exitCode, log).toBe(1);
      expect(run.outputs.verdict, log).not.toBe("go");
      expect(r.checkRuns.filter((x) => x.conclusion === "success")).toEqual([]);
      expect(said, log).not.toBe("");
      break;
    case "publishes-without-comment":
      expect(run.exitCode, log).toBe(0);
      expect(run.outputs.verdict).toBe("go");
      if (c.inputs?.["fail-on"] !== "never") expect(r.checkRuns).toEqual([{ conclusion: "success" }]);
      expect(said, log).not.toBe("");
      break;
  }
}
