// `ci` evidence: a named check run or commit status on the head commit concluded `success`.
import type { CiSpec } from "../config/schema.js";
import { formatList } from "./format.js";
import type { CommitChecks, EvidenceContext, Finding } from "./types.js";

type CheckRun = CommitChecks["runs"][number];

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

export async function evaluateCi(spec: CiSpec, ctx: EvidenceContext): Promise<Finding> {
  const name = spec.check.trim();
  const bar = `'${name}' concluded success`;
  if (ctx.github === undefined) {
    return {
      status: "not-evaluable",
      summary: "ci evidence comes from GitHub and is not evaluable locally",
      evidence: [],
    };
  }
  const checks = ctx.github.checks;
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

  // The gatherer lists runs newest first (check runs and statuses merged by time), so the first
  // run with the name is the one that counts: a re-run replaces the attempt before it.
  const sameName = checks.runs.filter((run) => run.name === name);
  const newest = sameName[0];
  if (newest === undefined) {
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

  const outcome = outcomeOf(newest);
  const pass = outcome.done && outcome.value === "success";
  const kind = newest.source === "status" ? "commit status" : "check run";
  let summary = `check '${name}' ${describeOutcome(outcome)} on ${sha}`;
  const details: string[] = [`the newest '${name}' is a ${kind}`];

  if (sameName.length > 1) {
    const older = sameName.slice(1).map(outcomeOf);
    const olderFailed = older.some((o) => o.done && o.value !== "success");
    const olderSucceeded = older.some((o) => o.done && o.value === "success");
    if (pass && olderFailed) {
      summary += `; an earlier '${name}' did not succeed, the newest counts`;
    } else if (!pass && olderSucceeded) {
      summary += `; an earlier '${name}' succeeded, but the newest counts`;
    }
    details.push(
      `${sameName.length} runs named '${name}', newest first: ${formatList(
        sameName.map((run) => outcomeOf(run).value),
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
    details,
  };
}
