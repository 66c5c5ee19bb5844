// Which commit is judged, against which branch, for which pull request: read from the workflow event.
import { UserError } from "../base/errors.js";
import { readFile } from "node:fs/promises";

export const SUPPORTED_EVENTS = [
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "merge_group",
  "push",
  "workflow_dispatch",
] as const;
export type SupportedEvent = (typeof SUPPORTED_EVENTS)[number];

export interface PullRequestRef {
  number: number;
  /** The branch the pull request merges into. */
  baseRef: string;
  baseSha: string;
  headSha: string;
  /** owner/name of the repository the head branch lives in. */
  headRepo: string;
  /** The head branch is in another repository: GITHUB_TOKEN is read-only on `pull_request`. */
  fromFork: boolean;
  author: string;
}

export interface RunContext {
  event: SupportedEvent;
  owner: string;
  repo: string;
  /** The branch merged into or pushed to; absent for a tag push. */
  branch?: string;
  /** The commit judged: the PR head, the merge-group head, or the pushed commit. */
  headSha: string;
  /** The base of the merge group (merge_group only). */
  baseSha?: string;
  /** The merge group's temporary branch, `refs/heads/gh-readonly-queue/<base>/pr-<n>-<sha>` (merge_group only). */
  mergeGroupRef?: string;
  /** The ref's commit before the push, as the payload's `before` says (push only; all zeros for a new branch). */
  beforeSha?: string;
  pullRequest?: PullRequestRef;
}

/** What the runner tells a step about the event that started it. */
export interface EventSource {
  eventName: string;
  payload: unknown;
  /** GITHUB_REPOSITORY, owner/name. */
  repository?: string;
  /** GITHUB_REF. */
  ref?: string;
  /** GITHUB_SHA. */
  sha?: string;
}

/** The event cannot be judged; the message says why and what is supported. */
export class ContextError extends UserError {
  override name = "ContextError";
}

export async function eventSourceFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<EventSource> {
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  let payload: unknown = {};
  const path = env.GITHUB_EVENT_PATH;
  if (path) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch {
      throw new ContextError(`cannot read the event payload at GITHUB_EVENT_PATH (${path})`);
    }
    try {
      payload = JSON.parse(text);
    } catch {
      throw new ContextError(`the event payload at GITHUB_EVENT_PATH (${path}) is not JSON`);
    }
  }
  return { eventName, payload, repository: env.GITHUB_REPOSITORY, ref: env.GITHUB_REF, sha: env.GITHUB_SHA };
}

export function readRunContext(source: EventSource): RunContext {
  const event = source.eventName;
  if (!isSupported(event)) {
    throw new ContextError(
      `event "${event || "(none)"}" is not supported: run Shipgate on ${SUPPORTED_EVENTS.join(", ")}`,
    );
  }
  const payload = asRecord(source.payload);
  const { owner, repo } = repositoryOf(source, payload);

  switch (event) {
    case "pull_request":
    case "pull_request_target":
    case "pull_request_review": {
      const pr = asRecord(payload.pull_request);
      const base = asRecord(pr.base);
      const head = asRecord(pr.head);
      const number = pr.number;
      const baseRef = base.ref;
      const baseSha = base.sha;
      const headSha = head.sha;
      if (typeof number !== "number" || !isText(baseRef) || !isSha(baseSha) || !isSha(headSha)) {
        throw new ContextError(`the ${event} payload has no pull request with base and head commits`);
      }
      const headRepo = String(asRecord(head.repo).full_name ?? `${owner}/${repo}`);
      return {
        event,
        owner,
        repo,
        branch: baseRef,
        headSha,
        pullRequest: {
          number,
          baseRef,
          baseSha,
          headSha,
          headRepo,
          fromFork: headRepo.toLowerCase() !== `${owner}/${repo}`.toLowerCase(),
          author: String(asRecord(pr.user).login ?? ""),
        },
      };
    }
    case "merge_group": {
      const group = asRecord(payload.merge_group);
      const baseRef = group.base_ref;
      const headSha = group.head_sha;
      if (!isText(baseRef) || !isSha(headSha)) {
        throw new ContextError("the merge_group payload has no base_ref and head_sha");
      }
      return {
        event,
        owner,
        repo,
        branch: branchOf(baseRef),
        headSha,
        baseSha: isSha(group.base_sha) ? group.base_sha : undefined,
        mergeGroupRef: isText(group.head_ref) ? group.head_ref : undefined,
      };
    }
    case "push":
    case "workflow_dispatch": {
      const ref = isText(payload.ref) ? payload.ref : source.ref;
      const headSha = event === "push" && isSha(payload.after) ? payload.after : source.sha;
      if (!isText(ref) || !isSha(headSha)) {
        throw new ContextError(`the ${event} event has no ref and commit (GITHUB_REF, GITHUB_SHA)`);
      }
      const beforeSha = event === "push" && isSha(payload.before) ? payload.before : undefined;
      return { event, owner, repo, branch: branchOf(ref), headSha, ...(beforeSha ? { beforeSha } : {}) };
    }
  }
}

/** `refs/heads/release/1.2` → `release/1.2`; a tag or other ref is no branch. */
export function branchOf(ref: string): string | undefined {
  if (ref.startsWith("refs/heads/")) return ref.slice("refs/heads/".length);
  if (ref.startsWith("refs/")) return undefined;
  return ref;
}

function isSupported(event: string): event is SupportedEvent {
  return (SUPPORTED_EVENTS as readonly string[]).includes(event);
}

function repositoryOf(
  source: EventSource,
  payload: Record<string, unknown>,
): { owner: string; repo: string } {
  const full = source.repository || String(asRecord(payload.repository).full_name ?? "");
  const [owner, repo, ...rest] = full.split("/");
  if (!owner || !repo || rest.length > 0) {
    throw new ContextError("GITHUB_REPOSITORY is not set to owner/name");
  }
  return { owner, repo };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isSha(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i.test(value);
}
