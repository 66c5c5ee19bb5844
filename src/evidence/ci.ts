// `ci` evidence: the check runs of a name on the head commit, from the app trusted to run them, all
// concluded `success`. Commit statuses count only where the check opts in: anyone with write access,
// or any workflow step with `statuses: write`, can post a status with any name and any state.
import type { CiSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import type { CommitCheck, Finding, GitHubFacts } from "./types.js";

type CheckRun = CommitCheck;

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** Statuses of a check run (or a commit status mapped onto them) that have not finished. */
const UNFINISHED: Record<string, string> = {
  queued: "is queued and has not started",
  requested: "is requested and has not started",
  waiting: "is waiting (for an approval or a concurrency slot)",
  pending: "is pending",
  in_progress: "is still in progress",
};

/** Why each conclusion other than success does not pass, as the end of a sentence. */
const NOT_SUCCESS: Record<string, string> = {
  failure: "failed",
  error: "errored",
  cancelled: "was cancelled",
  timed_out: "timed out",
  action_required: "needs action (action_required), not success",
  neutral: "concluded neutral, not success",
  skipped: "was skipped, so it proved nothing",
  stale: "is stale (GitHub marked it stale after 14 days incomplete)",
  startup_failure: "failed to start (startup_failure)",
};

/** The outcome of one run: `success`, a conclusion, or an unfinished status. */
function outcomeOf(run: CheckRun): { done: boolean; value: string } {
  const conclusion = run.conclusion?.toLowerCase() ?? null;
  if (conclusion !== null && conclusion !== "") return { done: true, value: conclusion };
  const status = run.status.toLowerCase();
  return { done: false, value: status === "completed" ? "completed without a conclusion" : status };
}

function describeOutcome(outcome: { done: boolean; value: string }): string {
  if (!outcome.done) return UNFINISHED[outcome.value] ?? `has not concluded (status ${outcome.value})`;
  if (outcome.value === "success") return "succeeded";
  return NOT_SUCCESS[outcome.value] ?? `concluded '${outcome.value}', not success`;
}

/** Called only when GitHub facts were gathered (evidence/index.ts says "not evaluable locally" otherwise). */
export async function evaluateCi(spec: CiSpec, github: GitHubFacts): Promise<Finding> {
  const name = spec.check.trim();
  const app = spec.app.trim().toLowerCase();
  const bar = `'${name}' concluded success`;
  const checks = github.checks;
  if (checks === undefined) {
    return {
      status: "error",
      summary: `the check runs and statuses of the head commit were not read, so check '${name}' cannot be judged`,
      bar,
      evidence: [],
      details: ["the token needs `checks: read` and `statuses: read` to read them"],
    };
  }
  const sha = shortSha(checks.sha);

  const sameName = checks.runs.filter((run) => run.name === name);
  if (sameName.length === 0) {
    const seen = [...new Set(checks.runs.map((run) => run.name))].sort();
    const nearly = seen.find((s) => s.trim().toLowerCase() === name.toLowerCase());
    const hint = nearly !== undefined ? ` (did you mean '${nearly}'? names must match exactly)` : "";
    return {
      status: "fail",
      summary: `no check run or status named '${name}' on ${sha}${hint}; seen: ${seen.length > 0 ? formatList(seen, 10) : "none"}`,
      measured: "not found",
      bar,
      evidence: [],
    };
  }

  const { counted, otherApps, ignoredStatus, replaced } = sortOut(sameName, app, spec.statuses);
  const notes = ignoredNotes(name, app, otherApps, ignoredStatus);
  const details: string[] = [];
  if (replaced > 0) {
    details.push(
      `${plural(replaced, "older run")} of '${name}' replaced by a newer one of the same workflow run (a re-run) or context`,
    );
  }

  if (counted.length === 0) {
    const wanted = spec.statuses ? "check run or commit status" : "check run";
    return {
      status: "fail",
      summary: [`no ${wanted} named '${name}' from app ${app} on ${sha}`, ...notes].join("; "),
      measured: "not found",
      bar,
      evidence: [],
      ...(details.length > 0 ? { details } : {}),
    };
  }

  // Every counted run must have succeeded: a failure in one workflow run is not hidden by a success in
  // another (a pull request can add a same-named job, or run the workflow again on another event).
  const failed = counted.find((run) => isFailed(outcomeOf(run)));
  const unfinished = counted.find((run) => !outcomeOf(run).done);
  const decisive = failed ?? unfinished ?? counted[0]!;
  const outcome = outcomeOf(decisive);
  const pass = failed === undefined && unfinished === undefined;
  let summary = `check '${name}' ${describeOutcome(outcome)} on ${sha}`;
  if (pass) {
    summary += ` (${describeCounted(counted)})`;
  } else {
    summary += ` (${describeRun(decisive)})`;
    if (counted.some((run) => outcomeOf(run).value === "success")) {
      summary += `; another counted '${name}' succeeded, but every one must`;
      if (failed?.source === "check-run") {
        details.push(
          "a failed workflow run stays counted until it is re-run (its re-run replaces it) or a new commit is pushed",
        );
      }
    }
  }
  summary = [summary, ...notes].join("; ");
  if (counted.length > 1) {
    details.unshift(
      `${counted.length} runs of '${name}' counted, newest first: ${formatList(
        counted.map((run) => `${outcomeOf(run).value} (${describeRun(run)})`),
        10,
      )}`,
    );
  }

  return {
    status: pass ? "pass" : "fail",
    summary,
    measured: outcome.done ? outcome.value : outcome.value.replace(/_/g, " "),
    bar,
    evidence: [],
    ...(details.length > 0 ? { details } : {}),
  };
}

/**
 * Which same-named runs count, newest first: check runs from the trusted app, the newest of each check
 * suite (GitHub's `latest` filter already does this; a re-run replaces the attempt before it), and the
 * newest commit status of the name when statuses are opted in (as GitHub's combined status reads it).
 */
function sortOut(
  sameName: readonly CheckRun[],
  app: string,
  statuses: boolean,
): { counted: CheckRun[]; otherApps: CheckRun[]; ignoredStatus: CheckRun | undefined; replaced: number } {
  const counted: CheckRun[] = [];
  const otherApps: CheckRun[] = [];
  let ignoredStatus: CheckRun | undefined;
  let replaced = 0;
  const suites = new Set<number>();
  let statusCounted = false;
  for (const run of sameName) {
    if (run.source === "status") {
      if (!statuses) ignoredStatus ??= run;
      else if (statusCounted) replaced++;
      else {
        statusCounted = true;
        counted.push(run);
      }
    } else if (run.app?.toLowerCase() !== app) {
      otherApps.push(run);
    } else if (run.suite !== null && suites.has(run.suite)) {
      replaced++;
    } else {
      if (run.suite !== null) suites.add(run.suite);
      counted.push(run);
    }
  }
  return { counted, otherApps, ignoredStatus, replaced };
}

/** What was left out and how to count it, for the summary. */
function ignoredNotes(
  name: string,
  app: string,
  otherApps: readonly CheckRun[],
  ignoredStatus: CheckRun | undefined,
): string[] {
  const notes: string[] = [];
  if (ignoredStatus !== undefined) {
    const by = ignoredStatus.creator !== null ? ` posted by @${ignoredStatus.creator}` : "";
    notes.push(
      `a commit status '${name}' = ${statusState(ignoredStatus)}${by} was ignored: statuses count only with \`statuses: true\``,
    );
  }
  if (otherApps.length > 0) {
    const apps = [...new Set(otherApps.map((run) => run.app ?? "(unnamed)"))];
    const which = apps.length === 1 ? `app ${apps[0]}` : `apps ${formatList(apps, 5)}`;
    const named = apps.find((a) => a !== "(unnamed)");
    const fix = named !== undefined ? ` (\`app: ${named}\` trusts that app instead)` : "";
    notes.push(
      `${otherApps.length === 1 ? "a check run" : "check runs"} '${name}' from ${which} ignored: only check runs from app ${app} count${fix}`,
    );
  }
  return notes;
}

function statusState(run: CheckRun): string {
  return run.conclusion ?? "pending";
}

function isFailed(outcome: { done: boolean; value: string }): boolean {
  return outcome.done && outcome.value !== "success";
}

function describeRun(run: CheckRun): string {
  if (run.source === "status") {
    return run.creator !== null ? `commit status posted by @${run.creator}` : "commit status";
  }
  return `check run from app ${run.app ?? "(unnamed)"}`;
}

function describeCounted(counted: readonly CheckRun[]): string {
  const runs = counted.filter((run) => run.source === "check-run");
  const parts: string[] = [];
  if (runs.length === 1) parts.push(describeRun(runs[0]!));
  else if (runs.length > 1)
    parts.push(`${runs.length} check runs from app ${runs[0]!.app ?? "(unnamed)"}, one per workflow run`);
  const status = counted.find((run) => run.source === "status");
  if (status !== undefined) parts.push(describeRun(status));
  return parts.join(" and ");
}
