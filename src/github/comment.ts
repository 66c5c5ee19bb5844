// The one sticky pull-request comment: found by its hidden marker and its author (this token's identity),
// updated in place, never duplicated, never written over a newer head's report, never over 65,536 chars.
import type { GitHubClient, Logger } from "./client.js";
import { describeGitHubError, isPermissionDenied, httpStatusOf } from "./errors.js";

export const STICKY_MARKER = "<!-- shipgate:sticky -->";
/** GitHub refuses comment bodies longer than this. */
export const MAX_COMMENT_CHARS = 65_536;
/** Who writes with the workflow's GITHUB_TOKEN, which cannot ask GET /user who it is. */
export const ACTIONS_BOT = "github-actions[bot]";

const TRUNCATED =
  "\n\n_Report truncated to fit a comment; the job summary and the check run have all of it._\n";

export interface CommentTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  /** The head this report judged; a pull request that has moved on is left to the newer run. */
  headSha: string;
}

export type CommentOutcome =
  | { action: "created" | "updated" | "unchanged"; id: number; url: string }
  | { action: "skipped"; reason: string }
  | { action: "denied"; reason: string }
  | { action: "failed"; reason: string };

interface IssueComment {
  id: number;
  body?: string;
  html_url: string;
  user: { login: string; type?: string } | null;
}

/** The marker, the head it judged, then the report rendered to fit what is left. */
export function commentBody(headSha: string, render: (maxLength: number) => string): string {
  const header = `${STICKY_MARKER}\n<!-- shipgate:head ${headSha} -->\n`;
  const body = header + render(MAX_COMMENT_CHARS - header.length);
  if (body.length <= MAX_COMMENT_CHARS) return body;
  // The renderer should have fitted; never let a long report make GitHub refuse the comment.
  return body.slice(0, MAX_COMMENT_CHARS - TRUNCATED.length) + TRUNCATED;
}

export function headOfBody(body: string | undefined): string | undefined {
  return /<!-- shipgate:head ([0-9a-f]{40,64}) -->/.exec(body ?? "")?.[1];
}

export interface CommentOptions {
  /** Create the comment when there is none yet (otherwise only update an existing one). */
  createIfMissing: boolean;
  log: Logger;
  /** The login this token writes as, when already known (from the check run's app). */
  writer?: string;
  /**
   * The token is a user's (a personal access token), which may ask GET /user who it is. Installation
   * tokens (GITHUB_TOKEN, GitHub Apps; `ghs_…`) cannot.
   */
  userToken: boolean;
}

/** Personal and OAuth tokens can ask who they are; installation tokens (`ghs_`) cannot. */
export function isUserToken(token: string): boolean {
  return /^(ghp_|github_pat_|gho_|ghu_)/.test(token);
}

export async function publishComment(
  client: GitHubClient,
  target: CommentTarget,
  body: string,
  options: CommentOptions,
): Promise<CommentOutcome> {
  try {
    return await writeSticky(client, target, body, options);
  } catch (err) {
    if (isPermissionDenied(err)) {
      return {
        action: "denied",
        reason: `cannot write the pull request comment: ${describeGitHubError(err)}`,
      };
    }
    return { action: "failed", reason: `cannot write the pull request comment: ${describeGitHubError(err)}` };
  }
}

async function writeSticky(
  client: GitHubClient,
  target: CommentTarget,
  body: string,
  options: CommentOptions,
): Promise<CommentOutcome> {
  const { owner, repo, pullNumber } = target;
  const head = await currentHead(client, target);
  if (head !== target.headSha) return movedOn(head);

  const markerComments = await listMarkerComments(client, target);
  if (markerComments.length > 0) {
    const self = options.writer ?? (options.userToken ? await whoAmI(client) : ACTIONS_BOT);
    const ours = markerComments.filter((c) => sameLogin(c.user?.login, self));
    const others = markerComments.length - ours.length;
    if (others > 0)
      options.log.debug(`leaving ${others} comment(s) with the Shipgate marker by other authors untouched`);
    if (ours.length > 0) return await keepOne(client, target, ours, body, options.log);
  }
  if (!options.createIfMissing)
    return { action: "skipped", reason: "no Shipgate comment yet and nothing to report on this branch" };

  const created = await client.rest.issues.createComment({ owner, repo, issue_number: pullNumber, body });
  const author = created.data.user?.login;
  // A run racing this one may have created its own comment at the same time: keep exactly one.
  const after = (await listMarkerComments(client, target)).filter((c) => sameLogin(c.user?.login, author));
  const createdOutcome = { action: "created", id: created.data.id, url: created.data.html_url } as const;
  if (after.length <= 1) return createdOutcome;
  const kept = await keepOne(client, target, after, body, options.log, created.data.id);
  return kept.action === "unchanged" && kept.id === created.data.id ? createdOutcome : kept;
}

async function currentHead(client: GitHubClient, target: CommentTarget): Promise<string> {
  const { data } = await client.rest.pulls.get({
    owner: target.owner,
    repo: target.repo,
    pull_number: target.pullNumber,
  });
  return data.head.sha;
}

function movedOn(head: string): CommentOutcome {
  return {
    action: "skipped",
    reason: `the pull request has moved on to ${head.slice(0, 7)}; the run for that commit writes the comment`,
  };
}

/**
 * Keeps exactly one of our comments: the oldest, updated, the rest deleted. When some comment records
 * another head, the pull request is read once more first: a newer head's run may have written since this
 * run looked, and then this run writes nothing and takes back only a duplicate it just made.
 */
async function keepOne(
  client: GitHubClient,
  target: CommentTarget,
  ours: IssueComment[],
  body: string,
  log: Logger,
  createdId?: number,
): Promise<CommentOutcome> {
  const { owner, repo } = target;
  const [keeper, ...duplicates] = [...ours].sort((a, b) => a.id - b.id);
  if (ours.some((c) => headOfBody(c.body) !== target.headSha)) {
    const head = await currentHead(client, target);
    if (head !== target.headSha) {
      // The oldest stays even if this run made it: the newer run updates it in place.
      if (createdId !== undefined && createdId !== keeper!.id)
        await deleteComment(client, target, createdId, log);
      return movedOn(head);
    }
  }
  for (const dup of duplicates) await deleteComment(client, target, dup.id, log);
  if (keeper!.body === body) return { action: "unchanged", id: keeper!.id, url: keeper!.html_url };
  const updated = await client.rest.issues.updateComment({ owner, repo, comment_id: keeper!.id, body });
  return { action: "updated", id: updated.data.id, url: updated.data.html_url };
}

async function deleteComment(
  client: GitHubClient,
  target: CommentTarget,
  id: number,
  log: Logger,
): Promise<void> {
  try {
    await client.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: id });
    log.debug(`deleted duplicate Shipgate comment ${id}`);
  } catch (err) {
    if (httpStatusOf(err) !== 404) throw err; // a racing run deleted it first
  }
}

async function listMarkerComments(client: GitHubClient, target: CommentTarget): Promise<IssueComment[]> {
  const all = await client.paginate(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.pullNumber,
    per_page: 100,
  });
  return all.filter((c) => typeof c.body === "string" && c.body.includes(STICKY_MARKER));
}

/**
 * The login a personal token writes as. (An installation token cannot ask: it is github-actions[bot] for
 * GITHUB_TOKEN, or learned from the check run's app or from the first comment it creates.)
 */
async function whoAmI(client: GitHubClient): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === 401 || status === 403 || status === 404) return ACTIONS_BOT;
    throw err;
  }
}

function sameLogin(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
