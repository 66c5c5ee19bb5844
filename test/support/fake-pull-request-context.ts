// A plain fake of what only GitHub knows (as policy-bot's pulltest): fixed answers, and a record of what
// the pipeline asked, so a test of the pipeline needs neither GitHub nor a fake server.
import type { GitHubFacts } from "../../src/evidence/types.js";
import type { FactNeeds } from "../../src/github/facts.js";
import {
  readinessChanges,
  type BaseVersion,
  type ChangedFile,
  type ChangedFiles,
  type PolicyPlan,
} from "../../src/github/policy.js";
import { parseReadiness } from "../../src/config/load.js";
import type { PullRequestContext } from "../../src/pull-request-context.js";

export const BASE_SHA = "1111111111111111111111111111111111111111";
export const HEAD_SHA = "2222222222222222222222222222222222222222";

export interface FakePullRequest {
  /** What the judged commit changes. */
  changed?: ChangedFile[];
  /** The base branch's text of each readiness file it changes, by base path. */
  baseTexts?: Record<string, string>;
  facts?: GitHubFacts;
}

export function fakePullRequestContext(
  pr: FakePullRequest | undefined,
): PullRequestContext & { askedFor: FactNeeds[] } {
  const askedFor: FactNeeds[] = [];
  return {
    askedFor,
    pullRequest: pr ? { number: 7, baseSha: BASE_SHA, headSha: HEAD_SHA } : undefined,
    changedFiles: async (): Promise<ChangedFiles> => ({ files: pr?.changed ?? [], source: "git" }),
    basePolicy: async (pattern: string, changed: ChangedFiles): Promise<PolicyPlan> => {
      const changes = readinessChanges(changed.files, pattern);
      const bases: BaseVersion[] = changes.flatMap((change) => {
        if (change.change === "added") return [];
        const basePath = change.basePath ?? change.path;
        const parsed = parseReadiness(basePath, pr?.baseTexts?.[basePath] ?? "");
        return [{ change, ...(parsed.file ? { file: parsed.file } : {}), problems: parsed.problems }];
      });
      return { changes, bases };
    },
    facts: async (needs: FactNeeds) => {
      askedFor.push(needs);
      return pr?.facts ?? {};
    },
  };
}
