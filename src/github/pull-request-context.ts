// The action's PullRequestContext: the pull request (or push, or merge group) of this run, read from GitHub.
import type { GitHubFacts } from "../evidence/types.js";
import type { PullRequestContext } from "../pull-request-context.js";
import type { GitHubClient, Logger } from "./client.js";
import type { RunContext } from "./context.js";
import { describeGitHubError } from "./errors.js";
import { findPullRequest, gatherFacts, type FactNeeds, type FactsTarget } from "./facts.js";
import { listChangedFiles, planPolicy, type ChangedFiles, type PolicyPlan } from "./policy.js";

export function gitHubPullRequestContext(
  client: GitHubClient,
  ctx: RunContext,
  root: string,
  log: Logger,
): PullRequestContext {
  const pr = ctx.pullRequest;
  const { owner, repo } = ctx;
  const onPullRequest = (): NonNullable<RunContext["pullRequest"]> => {
    if (!pr) throw new Error("this run has no pull request");
    return pr;
  };
  return {
    pullRequest: pr ? { number: pr.number, baseSha: pr.baseSha, headSha: pr.headSha } : undefined,

    changedFiles(): Promise<ChangedFiles> {
      const { baseSha, headSha, number } = onPullRequest();
      return listChangedFiles(client, { owner, repo, baseSha, headSha, root, pullNumber: number });
    },

    basePolicy(pattern: string, changed: ChangedFiles): Promise<PolicyPlan> {
      const { baseSha, headSha, number } = onPullRequest();
      return planPolicy(
        client,
        { owner, repo, pullNumber: number, baseSha, headSha, root, pattern },
        changed,
      );
    },

    async facts(needs: FactNeeds): Promise<GitHubFacts> {
      const target: FactsTarget = { owner, repo, headSha: ctx.headSha };
      if (pr) {
        target.pullRequest = { number: pr.number, author: pr.author, headSha: pr.headSha };
      } else if (needs.reviews) {
        // A push or merge-queue run: the pull request behind it, so approval checks can be judged there too.
        try {
          const found = await findPullRequest(client, {
            owner,
            repo,
            sha: ctx.headSha,
            mergeGroupRef: ctx.mergeGroupRef,
          });
          if (found) target.pullRequest = found;
          else log.info("No pull request is behind this run, so approval checks have no reviews to count.");
        } catch (err) {
          log.warning(`cannot find the pull request behind this run: ${describeGitHubError(err)}`);
        }
      }
      return gatherFacts(client, target, needs, log);
    },
  };
}
