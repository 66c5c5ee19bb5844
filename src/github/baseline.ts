// Which commit a `regression` check compares against, from the event alone (no git, no API call): the
// pipeline then reads that commit from the checkout's object database, or says how to fetch it.

import { UserError } from "../base/errors.js";
import { resolveCommit } from "../repo/commit-ref.js";
import type { RunContext } from "./context.js";

/**
 * The baseline a run asks for, before anything is read: a commit (with the label reports show), or none
 * and why. The pipeline turns it into the evidence layer's `Baseline` when a regression check needs it.
 */
export type BaselineChoice =
  | {
      state: "commit";
      commit: string;
      /** e.g. "the pull request's base commit 1a2b3c4". */
      label: string;
      /** What the commit is, for a sentence saying the checkout lacks it: "base commit", "previous head". */
      what: string;
      /** How a workflow names it, for a step that fetches it: `${{ github.event.before }}`. */
      named: string;
      /** Why the checkout may be this very commit, said when it is (pull_request_target). */
      checkoutWhy?: string;
    }
  | { state: "none"; why: string };

const ZERO_SHA = /^0+$/;

export function baselineOf(ctx: RunContext): BaselineChoice {
  switch (ctx.event) {
    case "pull_request":
    case "pull_request_review":
    case "pull_request_target": {
      const sha = ctx.pullRequest!.baseSha;
      const choice = commit(
        sha,
        `the pull request's base commit ${sha.slice(0, 7)}`,
        "base commit",
        "pull_request.base.sha",
      );
      // pull_request_target usually checks out the base branch: the pipeline notices when the checkout is
      // this very commit and says that regression then compares the base with itself.
      return ctx.event === "pull_request_target"
        ? { ...choice, checkoutWhy: "pull_request_target checks out the base branch" }
        : choice;
    }
    case "merge_group":
      return ctx.baseSha
        ? commit(
            ctx.baseSha,
            `the merge queue's base commit ${ctx.baseSha.slice(0, 7)}`,
            "base commit",
            "merge_group.base_sha",
          )
        : { state: "none", why: "the merge_group event names no base commit (merge_group.base_sha)" };
    case "push": {
      const before = ctx.beforeSha;
      if (before === undefined)
        return { state: "none", why: "the push event names no previous head of the branch (before)" };
      if (ZERO_SHA.test(before))
        return { state: "none", why: "the first push of a branch has no previous head" };
      return commit(
        before,
        `the previous head ${before.slice(0, 7)} of ${ctx.branch ?? "the ref"} (before this push)`,
        "previous head",
        "before",
      );
    }
    case "workflow_dispatch":
      return { state: "none", why: "a manual run (workflow_dispatch) has no baseline" };
  }
}

function commit(
  sha: string,
  label: string,
  what: string,
  field: string,
): Extract<BaselineChoice, { state: "commit" }> {
  return { state: "commit", commit: sha.toLowerCase(), label, what, named: `\${{ github.event.${field} }}` };
}

/**
 * The CLI's baseline, `check --base REF`: the commit REF names in the checkout. A name git cannot resolve
 * is the user's to fix (a UserError naming REF and how).
 */
export async function baselineFromRef(root: string, ref: string): Promise<BaselineChoice> {
  const resolved = await resolveCommit(root, ref);
  if (!resolved.ok) {
    throw new UserError(
      `--base ${ref} names no commit of the repository at ${root}: ${resolved.why}. Give a branch, tag or commit id this checkout holds (fetch it first if only the remote has it, e.g. git fetch origin main, then --base origin/main)`,
    );
  }
  const short = resolved.sha.slice(0, 7);
  return {
    state: "commit",
    commit: resolved.sha,
    label: `--base ${ref} (${short})`,
    what: "baseline commit",
    named: resolved.sha,
  };
}
