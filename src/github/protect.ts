// `shipgate protect`: find the repository ruleset named "shipgate", compare it with the one the readiness files
// call for (ruleset.ts), and with --apply create or update it. Re-running changes nothing: no write when equal.
import { UserError } from "../base/errors.js";
import type { GitHubClient } from "./client.js";
import { describeGitHubError, httpStatusOf, isRequestError } from "./errors.js";
import {
  RULESET_NAME,
  sameRuleset,
  wantedRuleset,
  type ExistingRuleset,
  type RulesetBody,
} from "./ruleset.js";

export interface ProtectTarget {
  owner: string;
  repo: string;
}

export interface ProtectPlan {
  action: "create" | "update" | "unchanged";
  body: RulesetBody;
  /** The existing ruleset, when there is one. */
  existingId?: number;
}

// The body is built as plain data (ruleset.ts); Octokit's types spell out every rule GitHub knows.
type UpdateParams = Parameters<GitHubClient["rest"]["repos"]["updateRepoRuleset"]>[0];
type CreateParams = Parameters<GitHubClient["rest"]["repos"]["createRepoRuleset"]>[0];

/** GitHub refused or failed: the message says why and what to do. */
export class ProtectError extends UserError {
  override name = "ProtectError";
}

/** Lists the repository's rulesets (paginated), reads the one named shipgate, and decides what to write. */
export async function planProtection(
  client: GitHubClient,
  target: ProtectTarget,
  include: readonly string[],
): Promise<ProtectPlan> {
  const { owner, repo } = target;
  let listed: Array<{ id: number; name: string; source_type?: string }>;
  try {
    listed = await client.paginate(client.rest.repos.getRepoRulesets, {
      owner,
      repo,
      per_page: 100,
      includes_parents: false,
    });
  } catch (err) {
    throw protectError(err, target, "list the repository's rulesets");
  }
  const named = listed.filter(
    (r) => r.name === RULESET_NAME && (r.source_type ?? "Repository") === "Repository",
  );
  if (named.length > 1) {
    throw new ProtectError(
      `${owner}/${repo} has ${named.length} rulesets named "${RULESET_NAME}" (ids ${named.map((r) => r.id).join(", ")}); delete all but one in Settings → Rules → Rulesets, then run protect again`,
    );
  }
  const found = named[0];
  if (found === undefined) return { action: "create", body: wantedRuleset(include) };
  let existing: ExistingRuleset;
  try {
    const { data } = await client.rest.repos.getRepoRuleset({ owner, repo, ruleset_id: found.id });
    existing = data as ExistingRuleset;
  } catch (err) {
    throw protectError(err, target, `read ruleset ${found.id}`);
  }
  const body = wantedRuleset(include, existing);
  return { action: sameRuleset(existing, body) ? "unchanged" : "update", body, existingId: found.id };
}

/** Writes the plan: POST for a new ruleset, PUT for a changed one, nothing when unchanged. */
export async function applyProtection(
  client: GitHubClient,
  target: ProtectTarget,
  plan: ProtectPlan,
): Promise<{ id: number; url?: string }> {
  const { owner, repo } = target;
  try {
    if (plan.action === "unchanged") return { id: plan.existingId! };
    if (plan.action === "update") {
      const params = { owner, repo, ruleset_id: plan.existingId!, ...plan.body };
      const { data } = await client.rest.repos.updateRepoRuleset(params as unknown as UpdateParams);
      return { id: data.id, ...(data._links?.html?.href ? { url: data._links.html.href } : {}) };
    }
    const params = { owner, repo, ...plan.body };
    const { data } = await client.rest.repos.createRepoRuleset(params as unknown as CreateParams);
    return { id: data.id, ...(data._links?.html?.href ? { url: data._links.html.href } : {}) };
  } catch (err) {
    throw protectError(err, target, plan.action === "update" ? "update the ruleset" : "create the ruleset");
  }
}

/** 403/404/422 and the rest, each said with what to do. */
function protectError(err: unknown, target: ProtectTarget, doing: string): Error {
  if (!isRequestError(err)) return err instanceof Error ? err : new Error(String(err));
  const repo = `${target.owner}/${target.repo}`;
  const status = httpStatusOf(err);
  const said = describeGitHubError(err);
  if (status === 401) {
    return new ProtectError(`cannot ${doing}: GITHUB_TOKEN is not a valid token (${said})`);
  }
  if (status === 403) {
    return new ProtectError(
      `cannot ${doing} in ${repo}: the token is not allowed to (${said}). Rulesets are written by repository admins: use a token of an admin (a fine-grained token with "Administration: write" on ${repo}, or a classic token with the repo scope)`,
    );
  }
  if (status === 404) {
    return new ProtectError(
      `cannot ${doing}: ${repo} was not found, or the token cannot see it (${said}). Check --repo / GITHUB_REPOSITORY and that the token has access to ${repo}`,
    );
  }
  if (status === 422) {
    const data = (err as { response?: { data?: { errors?: unknown } } }).response?.data;
    const details = Array.isArray(data?.errors) ? ` ${data.errors.map(errorText).join("; ")}.` : "";
    return new ProtectError(
      `GitHub rejected the ruleset (${said}).${details} Rulesets need GitHub Free for public repositories, or Pro, Team or Enterprise for private ones; the patterns it was given are printed above`,
    );
  }
  return new ProtectError(`cannot ${doing} in ${repo}: ${said}`);
}

/** GitHub's `errors` entries are sentences for rulesets, objects with a message elsewhere. */
function errorText(entry: unknown): string {
  if (typeof entry === "string") return entry;
  const message = (entry as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : JSON.stringify(entry);
}
