// Webhook payloads for end-to-end runs. Each builder starts from a REAL example payload published in
// @octokit/webhooks-examples and overrides only the fields a scenario is about (repository, numbers,
// refs, SHAs, fork, reviewer), so everything else the action might read is what GitHub actually sends.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export type WebhookEventName =
  | "pull_request"
  | "pull_request_target"
  | "pull_request_review"
  | "merge_group"
  | "push"
  | "workflow_dispatch";

/** What the runner writes to GITHUB_EVENT_PATH and GITHUB_EVENT_NAME. */
export interface WebhookEvent {
  name: WebhookEventName;
  payload: Payload;
}

export type Payload = Record<string, unknown> & { [key: string]: unknown };

/** Repository every scenario lives in unless it says otherwise; the fake GitHub defaults to it too. */
export const DEFAULT_REPOSITORY = "acme/claims-triage";
export const DEFAULT_BRANCH = "main";
export const ZERO_SHA = "0000000000000000000000000000000000000000";

export interface RepositoryScenario {
  /** `owner/name`; default {@link DEFAULT_REPOSITORY}. */
  repository?: string;
  /** The repository's default branch; default `main`. */
  defaultBranch?: string;
}

export interface CommitPointer {
  ref: string;
  sha: string;
}

/** One pull request, as both the event builders and the fake GitHub understand it. */
export interface PullRequestScenario extends RepositoryScenario {
  number: number;
  base: CommitPointer;
  head: CommitPointer;
  /** From a fork: `true` (owner `contributor`) or the fork owner's login. */
  fork?: boolean | string;
  /** Login of the pull request's author; default `octocat`, or the fork owner for forks. */
  author?: string;
  title?: string;
  draft?: boolean;
}

type PullRequestAction = "opened" | "synchronize" | "reopened" | "edited" | "ready_for_review";

export interface PullRequestEventOptions extends PullRequestScenario {
  action?: PullRequestAction;
  /** `pull_request_target` instead of `pull_request` (same payload, base-branch workflow). */
  target?: boolean;
  /** For `synchronize`: the head SHA before the push. */
  before?: string;
}

export interface ReviewEventOptions extends PullRequestScenario {
  reviewer: string;
  state?: "approved" | "changes_requested" | "commented";
  /** The commit reviewed; default the head SHA. */
  commitId?: string;
  action?: "submitted" | "edited" | "dismissed";
}

export interface MergeGroupEventOptions extends RepositoryScenario {
  /** Target branch, e.g. `main` (or `refs/heads/main`). */
  baseRef: string;
  baseSha: string;
  headSha: string;
  /** The pull request queued; it appears in the queue branch name. Default 1. */
  pullNumber?: number;
}

export interface PushEventOptions extends RepositoryScenario {
  /** Full ref (`refs/heads/main`) or a branch name. */
  ref: string;
  after: string;
  before?: string;
}

export interface WorkflowDispatchEventOptions extends RepositoryScenario {
  ref?: string;
  inputs?: Record<string, string>;
}

interface WebhookDefinition {
  name: string;
  examples: Payload[];
}

let definitions: WebhookDefinition[] | undefined;

/** A deep copy of a published example payload: the first of `name` whose `action` matches, if given. */
export function webhookExample(name: string, select?: (payload: Payload) => boolean): Payload {
  const example = examples(name).find((payload) => (select ? select(payload) : true));
  if (!example) throw new Error(`@octokit/webhooks-examples has no matching "${name}" example`);
  return structuredClone(example);
}

function examples(name: string): readonly Payload[] {
  if (!definitions) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/webhooks-examples/api.github.com/index.json");
    definitions = JSON.parse(readFileSync(file, "utf8")) as WebhookDefinition[];
  }
  return definitions.find((d) => d.name === name)?.examples ?? [];
}

export function pullRequestEvent(options: PullRequestEventOptions): WebhookEvent {
  const action = options.action ?? "opened";
  // Not every action has a published example; the "opened" one then stands in with its action renamed.
  const published = examples("pull_request").some((p) => p.action === action);
  const payload = webhookExample("pull_request", (p) => p.action === (published ? action : "opened"));
  payload.action = action;
  payload.number = options.number;
  retargetRepository(payload, options);
  retargetPullRequest(obj(payload.pull_request), options);
  setLogin(obj(payload.sender), options.author ?? forkOwnerOf(options) ?? "octocat");
  if (action === "synchronize") {
    payload.before = options.before ?? payload.before;
    payload.after = options.head.sha;
  }
  return { name: options.target ? "pull_request_target" : "pull_request", payload };
}

export function reviewEvent(options: ReviewEventOptions): WebhookEvent {
  const action = options.action ?? "submitted";
  const payload = webhookExample("pull_request_review", (p) => p.action === action);
  retargetRepository(payload, options);
  retargetPullRequest(obj(payload.pull_request), options);
  const review = obj(payload.review);
  review.state = options.state ?? "approved";
  review.commit_id = options.commitId ?? options.head.sha;
  setLogin(obj(review.user), options.reviewer);
  setLogin(obj(payload.sender), options.reviewer);
  const { owner, name } = splitRepository(options.repository);
  const htmlPull = `https://github.com/${owner}/${name}/pull/${options.number}`;
  review.html_url = `${htmlPull}#pullrequestreview-${String(review.id)}`;
  review.pull_request_url = `https://api.github.com/repos/${owner}/${name}/pulls/${options.number}`;
  return { name: "pull_request_review", payload };
}

export function mergeGroupEvent(options: MergeGroupEventOptions): WebhookEvent {
  const payload = webhookExample("merge_group");
  retargetRepository(payload, options);
  const branch = options.baseRef.replace(/^refs\/heads\//, "");
  const group = obj(payload.merge_group);
  group.base_ref = `refs/heads/${branch}`;
  group.base_sha = options.baseSha;
  group.head_sha = options.headSha;
  group.head_ref = `refs/heads/gh-readonly-queue/${branch}/pr-${options.pullNumber ?? 1}-${options.baseSha}`;
  obj(group.head_commit).id = options.headSha;
  return { name: "merge_group", payload };
}

export function pushEvent(options: PushEventOptions): WebhookEvent {
  const payload = webhookExample(
    "push",
    (p) => String(p.ref).startsWith("refs/heads/") && p.head_commit !== null && p.deleted === false,
  );
  retargetRepository(payload, options);
  const ref = options.ref.startsWith("refs/") ? options.ref : `refs/heads/${options.ref}`;
  payload.ref = ref;
  payload.after = options.after;
  if (options.before !== undefined) {
    payload.before = options.before;
    payload.created = options.before === ZERO_SHA;
  }
  obj(payload.head_commit).id = options.after;
  const { owner, name } = splitRepository(options.repository);
  payload.compare = `https://github.com/${owner}/${name}/compare/${String(payload.before).slice(0, 12)}...${options.after.slice(0, 12)}`;
  return { name: "push", payload };
}

export function workflowDispatchEvent(options: WorkflowDispatchEventOptions = {}): WebhookEvent {
  const payload = webhookExample("workflow_dispatch");
  retargetRepository(payload, options);
  const ref = options.ref ?? options.defaultBranch ?? DEFAULT_BRANCH;
  payload.ref = ref.startsWith("refs/") ? ref : `refs/heads/${ref}`;
  payload.inputs = options.inputs ?? {};
  return { name: "workflow_dispatch", payload };
}

export function splitRepository(repository = DEFAULT_REPOSITORY): { owner: string; name: string } {
  const [owner, name, ...rest] = repository.split("/");
  if (!owner || !name || rest.length > 0)
    throw new Error(`repository must be owner/name, got "${repository}"`);
  return { owner, name };
}

/** The fork owner's login, or undefined for a same-repository pull request. */
export function forkOwnerOf(scenario: Pick<PullRequestScenario, "fork">): string | undefined {
  if (scenario.fork === undefined || scenario.fork === false) return undefined;
  return scenario.fork === true ? "contributor" : scenario.fork;
}

function retargetRepository(payload: Payload, options: RepositoryScenario): void {
  const repository = obj(payload.repository);
  retargetRepo(repository, options.repository, options.defaultBranch);
  const organization = payload.organization as Payload | undefined;
  if (organization) organization.login = splitRepository(options.repository).owner;
}

function retargetRepo(
  repo: Payload,
  repository: string | undefined,
  defaultBranch: string | undefined,
): void {
  const { owner, name } = splitRepository(repository);
  repo.name = name;
  repo.full_name = `${owner}/${name}`;
  repo.html_url = `https://github.com/${owner}/${name}`;
  // Push payloads carry the html URL in `url`; the others the API URL. Keep each kind.
  repo.url = String(repo.url).startsWith("https://api.github.com/")
    ? `https://api.github.com/repos/${owner}/${name}`
    : `https://github.com/${owner}/${name}`;
  repo.default_branch = defaultBranch ?? DEFAULT_BRANCH;
  setLogin(obj(repo.owner), owner);
}

function retargetPullRequest(pull: Payload, options: PullRequestScenario): void {
  const { owner, name } = splitRepository(options.repository);
  const forkOwner = forkOwnerOf(options);
  const author = options.author ?? forkOwner ?? "octocat";
  pull.number = options.number;
  pull.url = `https://api.github.com/repos/${owner}/${name}/pulls/${options.number}`;
  pull.html_url = `https://github.com/${owner}/${name}/pull/${options.number}`;
  pull.issue_url = `https://api.github.com/repos/${owner}/${name}/issues/${options.number}`;
  if (options.title !== undefined) pull.title = options.title;
  if (options.draft !== undefined) pull.draft = options.draft;
  setLogin(obj(pull.user), author);

  const base = obj(pull.base);
  base.ref = options.base.ref;
  base.sha = options.base.sha;
  base.label = `${owner}:${options.base.ref}`;
  setLogin(obj(base.user), owner);
  retargetRepo(obj(base.repo), options.repository, options.defaultBranch);

  const head = obj(pull.head);
  head.ref = options.head.ref;
  head.sha = options.head.sha;
  head.label = `${forkOwner ?? owner}:${options.head.ref}`;
  setLogin(obj(head.user), forkOwner ?? owner);
  const headRepo = obj(head.repo);
  retargetRepo(headRepo, `${forkOwner ?? owner}/${name}`, options.defaultBranch);
  headRepo.fork = forkOwner !== undefined;
  // A fork is another repository: another id as well as another name.
  headRepo.id = forkOwner !== undefined ? Number(obj(base.repo).id) + 1 : obj(base.repo).id;
}

function setLogin(user: Payload, login: string): void {
  user.login = login;
  user.url = `https://api.github.com/users/${login}`;
  user.html_url = `https://github.com/${login}`;
  if (login.endsWith("[bot]")) user.type = "Bot";
}

function obj(value: unknown): Payload {
  if (value === null || typeof value !== "object")
    throw new Error("example payload lacks an expected object");
  return value as Payload;
}
