// What only GitHub knows, behind one interface the pipeline asks (as policy-bot's pull.Context): the
// action's implementation talks to GitHub (github/pull-request-context.ts), the CLI has none, and tests
// use a plain fake (test/support/fake-pull-request-context.ts).
import type { GitHubFacts } from "./evidence/types.js";
import type { FactNeeds } from "./github/facts.js";
import type { ChangedFiles, PolicyPlan } from "./github/policy.js";

export interface PullRequestContext {
  /** The pull request judged, with its base and the head this run judges; undefined when there is none. */
  readonly pullRequest: { number: number; baseSha: string; headSha: string } | undefined;
  /** What the judged commit changes against its base (asked only when there is a pull request). */
  changedFiles(): Promise<ChangedFiles>;
  /** The base versions of the readiness files under `pattern` that `changed` touches. */
  basePolicy(pattern: string, changed: ChangedFiles): Promise<PolicyPlan>;
  /**
   * Reviews, team members and commit checks, as `needs` asks. Undefined where GitHub is out of reach: the
   * checks that need it are then "not evaluable locally".
   */
  facts(needs: FactNeeds): Promise<GitHubFacts | undefined>;
}

/** The CLI's: no pull request, no GitHub. */
export const NO_PULL_REQUEST_CONTEXT: PullRequestContext = {
  pullRequest: undefined,
  changedFiles: () => Promise.reject(new Error("no pull request: nothing changed against a base")),
  basePolicy: () => Promise.reject(new Error("no pull request: no base policy")),
  facts: () => Promise.resolve(undefined),
};
