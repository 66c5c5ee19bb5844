// The GitHub facts that approval and ci checks read, fetched once per run and only when some check needs them.
import { UserError } from "../base/errors.js";
import type { ReadinessFile } from "../config/types.js";
import { TEAM_PERMISSION_HINT } from "../base/hints.js";
import type { CommitChecks, GitHubFacts, PullRequestFacts } from "../evidence/types.js";
import type { GitHubClient, Logger } from "./client.js";
import { describeGitHubError, isPermissionDenied, httpStatusOf } from "./errors.js";

/** Shipgate's own check run: never evidence for a `ci` check. */
export const OWN_CHECK_NAME = "shipgate";

/** What to fetch. Teams are `@org/team`. */
export interface FactNeeds {
  reviews: boolean;
  teams: Set<string>;
  checks: boolean;
}

export function noNeeds(): FactNeeds {
  return { reviews: false, teams: new Set(), checks: false };
}

/** Adds what the approval and ci checks of these readiness files need. */
export function needsOfFiles(files: readonly ReadinessFile[], needs: FactNeeds = noNeeds()): FactNeeds {
  for (const file of files) {
    for (const check of file.spec.checks) {
      if (check.approval) {
        needs.reviews = true;
        for (const who of check.approval.from) if (isTeam(who)) needs.teams.add(normalTeam(who));
      }
      if (check.ci) needs.checks = true;
    }
  }
  return needs;
}

/** Adds what judging an owner's approval of a readiness-file change needs. */
export function needsOfOwners(owners: readonly string[], needs: FactNeeds): FactNeeds {
  needs.reviews = true;
  for (const who of owners) if (isTeam(who)) needs.teams.add(normalTeam(who));
  return needs;
}

export function isTeam(principal: string): boolean {
  return principal.includes("/");
}

/** `@Acme/ML-Claims` → `@acme/ml-claims`: GitHub logins and slugs compare case-insensitively. */
export function normalTeam(principal: string): string {
  return (principal.startsWith("@") ? principal : `@${principal}`).toLowerCase();
}

export interface FactsTarget {
  owner: string;
  repo: string;
  /** The commit whose check runs and statuses are read. */
  headSha: string;
  /** The pull request whose reviews count; its head is what approvals must be on. */
  pullRequest?: { number: number; author: string; headSha: string };
}

/**
 * Fetches what `needs` asks for; what could not be fetched (and which permission would fix it) is logged as
 * a warning. A failure to read reviews or checks leaves that fact out, so the checks
 * that need it fail closed; a team that cannot be listed is left out of `teamMembers` (unknown, never empty).
 */
export async function gatherFacts(
  client: GitHubClient,
  target: FactsTarget,
  needs: FactNeeds,
  log: Logger,
): Promise<GitHubFacts> {
  const facts: GitHubFacts = {};
  const warnings: string[] = [];
  const { owner, repo } = target;

  if (target.pullRequest && (needs.reviews || needs.teams.size > 0)) {
    const pr: PullRequestFacts = {
      number: target.pullRequest.number,
      headSha: target.pullRequest.headSha,
      author: target.pullRequest.author,
      latestReviews: [],
      teamMembers: {},
    };
    if (needs.reviews) {
      try {
        pr.latestReviews = await listLatestReviews(client, owner, repo, target.pullRequest.number);
      } catch (err) {
        pr.reviewsUnreadable = `the reviews of pull request #${pr.number} could not be read: ${describeGitHubError(err)}`;
        warnings.push(`cannot read the pull request's reviews: ${describeGitHubError(err)}`);
      }
    }
    for (const team of [...needs.teams].sort()) {
      try {
        pr.teamMembers[team] = await listTeamMembers(client, team);
      } catch (err) {
        warnings.push(teamWarning(team, err));
      }
    }
    facts.pullRequest = pr;
  }

  if (needs.checks) {
    try {
      facts.checks = await listCommitChecks(client, owner, repo, target.headSha);
    } catch (err) {
      warnings.push(
        `cannot read the check runs and statuses of ${target.headSha.slice(0, 7)}: ${describeGitHubError(err)}`,
      );
    }
  }
  for (const w of warnings) log.warning(w);
  return facts;
}

function teamWarning(team: string, err: unknown): string {
  const status = httpStatusOf(err);
  const reason = status === 404 || isPermissionDenied(err) ? TEAM_PERMISSION_HINT : describeGitHubError(err);
  return `cannot list the members of ${team}, so their approvals do not count: ${reason}`;
}

/**
 * The latest review of each reviewer. A later COMMENTED review does not undo an approval on GitHub,
 * so only APPROVED, CHANGES_REQUESTED and DISMISSED replace an earlier state.
 */
export async function listLatestReviews(
  client: GitHubClient,
  owner: string,
  repo: string,
  pullNumber: number,
): Promise<PullRequestFacts["latestReviews"]> {
  const reviews = await client.paginate(client.rest.pulls.listReviews, {
    owner,
    repo,
    pull_number: pullNumber,
    per_page: 100,
  });
  // The API lists reviews in chronological order.
  const latest = new Map<string, { login: string; state: string; commitId: string }>();
  for (const review of reviews) {
    const login = review.user?.login;
    if (!login || review.state === "PENDING") continue;
    const key = login.toLowerCase();
    const previous = latest.get(key);
    if (review.state === "COMMENTED" && previous && previous.state !== "COMMENTED") continue;
    latest.set(key, { login, state: review.state, commitId: review.commit_id ?? "" });
  }
  return [...latest.values()].map(({ login, state, commitId }) => ({ login, state, commitId }));
}

export async function listTeamMembers(client: GitHubClient, team: string): Promise<string[]> {
  const [org, slug] = normalTeam(team).slice(1).split("/");
  if (!org || !slug) throw new UserError(`${team} is not @org/team`);
  const members = await client.paginate(client.rest.teams.listMembersInOrg, {
    org,
    team_slug: slug,
    per_page: 100,
  });
  return members.map((m) => m.login).sort();
}

/**
 * The check runs and commit statuses on the commit, newest first, Shipgate's own left out. GitHub's
 * `latest` filter keeps the newest check run of each name per check suite (a re-run replaces the attempt
 * before it), so same-named runs from different suites (workflow runs) all stay.
 */
export async function listCommitChecks(
  client: GitHubClient,
  owner: string,
  repo: string,
  sha: string,
): Promise<CommitChecks> {
  const timed: Array<{ at: number; run: CommitChecks["runs"][number] }> = [];
  const checkRuns = await client.paginate(client.rest.checks.listForRef, {
    owner,
    repo,
    ref: sha,
    filter: "latest",
    per_page: 100,
  });
  for (const run of checkRuns) {
    if (run.name === OWN_CHECK_NAME) continue;
    timed.push({
      at: timeOf(run.completed_at ?? run.started_at),
      run: {
        name: run.name,
        status: run.status,
        conclusion: run.conclusion ?? null,
        source: "check-run",
        app: run.app?.slug ?? null,
        suite: run.check_suite?.id ?? null,
        creator: null,
      },
    });
  }
  const statuses = await client.paginate(client.rest.repos.listCommitStatusesForRef, {
    owner,
    repo,
    ref: sha,
    per_page: 100,
  });
  for (const status of statuses) {
    if (status.context === OWN_CHECK_NAME) continue;
    const done = status.state !== "pending";
    timed.push({
      at: timeOf(status.updated_at ?? status.created_at),
      run: {
        name: status.context,
        status: done ? "completed" : "in_progress",
        conclusion: done ? status.state : null,
        source: "status",
        app: null,
        suite: null,
        creator: status.creator?.login ?? null,
      },
    });
  }
  // Stable sort: equal times keep the API's order (statuses already newest first).
  timed.sort((a, b) => b.at - a.at);
  return { sha, runs: timed.map((t) => t.run) };
}

function timeOf(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : 0;
}

/**
 * The pull request behind a merge-queue or push run, so approval checks can be judged there too:
 * the merge group's branch names it (`gh-readonly-queue/main/pr-104-<sha>`); a pushed commit is looked
 * up among the pull requests merged as it. Undefined when there is none.
 */
export async function findPullRequest(
  client: GitHubClient,
  target: { owner: string; repo: string; sha: string; mergeGroupRef?: string },
): Promise<{ number: number; author: string; headSha: string } | undefined> {
  const { owner, repo } = target;
  if (target.mergeGroupRef !== undefined) {
    const m = /\/pr-(\d+)-[0-9a-f]{40}$/.exec(target.mergeGroupRef);
    if (!m) return undefined;
    const { data } = await client.rest.pulls.get({ owner, repo, pull_number: Number(m[1]) });
    return { number: data.number, author: data.user.login, headSha: data.head.sha };
  }
  const pulls = await client.rest.repos.listPullRequestsAssociatedWithCommit({
    owner,
    repo,
    commit_sha: target.sha,
    per_page: 100,
  });
  const merged =
    pulls.data.find((p) => p.merge_commit_sha === target.sha) ?? pulls.data.find((p) => p.merged_at);
  return merged
    ? { number: merged.number, author: merged.user?.login ?? "", headSha: merged.head.sha }
    : undefined;
}
