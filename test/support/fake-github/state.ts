// The fake GitHub's repository state: plain records that tests seed before a run and inspect after it.
import { createHash } from "node:crypto";
import { DEFAULT_BRANCH, DEFAULT_REPOSITORY, forkOwnerOf, splitRepository } from "../events.js";
import type { CommitPointer, PullRequestScenario } from "../events.js";
import { blobSha, treeOf } from "./git-objects.js";
import type { TreeEntry } from "./git-objects.js";

export interface Actor {
  login: string;
  id: number;
  type: "User" | "Bot" | "Organization";
}

export type Permission =
  "contents" | "pull_requests" | "issues" | "checks" | "statuses" | "members" | "administration";
export type Access = "none" | "read" | "write";

/** What a token may do, and who it is. */
export interface TokenGrant {
  /** Login the token acts as; default `github-actions[bot]`. */
  login?: string;
  /** Every permission read-only, as the token of a pull request from a fork. */
  readOnly?: boolean;
  /** Rejected with 401 Bad credentials. */
  invalid?: boolean;
  /** Per-permission access, over the defaults of a workflow's GITHUB_TOKEN. */
  permissions?: Partial<Record<Permission, Access>>;
}

export interface ResolvedGrant {
  actor: Actor;
  invalid: boolean;
  permissions: Record<Permission, Access>;
}

/**
 * A workflow GITHUB_TOKEN with the permissions Shipgate asks for. It cannot read organization teams:
 * GitHub answers 404 to that token on team endpoints, so neither does the fake by default.
 */
export const WORKFLOW_TOKEN_PERMISSIONS: Readonly<Record<Permission, Access>> = {
  contents: "write",
  pull_requests: "write",
  issues: "write",
  checks: "write",
  statuses: "write",
  members: "none",
  // A workflow's GITHUB_TOKEN can never be granted administration: rulesets are written by admins.
  administration: "none",
};

/** The token every fake accepts unless `tokens` says otherwise: an installation token's shape. */
export const DEFAULT_TOKEN = "ghs_shipgateFakeWorkflowToken0000000000";

export const GITHUB_ACTIONS_BOT: Actor = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

/** The GitHub Actions app that owns check runs made with a workflow token. */
export const GITHUB_ACTIONS_APP = {
  id: 15368,
  slug: "github-actions",
  name: "GitHub Actions",
  owner: "github",
};

export interface DiffEntrySeed {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  additions?: number;
  deletions?: number;
  previous_filename?: string;
}

export interface PullRequestRecord {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  user: Actor;
  base: CommitPointer;
  head: CommitPointer & { repository: string; fork: boolean };
  /** Explicit file list; otherwise derived from the base and head snapshots. */
  files: DiffEntrySeed[] | undefined;
  created_at: string;
  updated_at: string;
}

export interface CommentRecord {
  id: number;
  issue_number: number;
  user: Actor;
  body: string;
  created_at: string;
  updated_at: string;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface ReviewRecord {
  id: number;
  pull_number: number;
  user: Actor;
  state: ReviewState;
  commit_id: string;
  body: string;
  submitted_at: string;
}

export interface TeamRecord {
  org: string;
  slug: string;
  members: Array<{ user: Actor; role: "member" | "maintainer" }>;
}

export interface AnnotationRecord {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
}

export type CheckRunStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";

export interface CheckRunRecord {
  id: number;
  name: string;
  head_sha: string;
  status: CheckRunStatus;
  conclusion: string | null;
  started_at: string;
  completed_at: string | null;
  details_url: string | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation sent, across create and updates (GitHub appends them). */
  annotations: AnnotationRecord[];
  app: { id: number; slug: string; name: string; owner: string };
  /** Its check suite: one per workflow run for GitHub Actions, one per app and commit for runs made by API. */
  suite: number;
  /** Who created it. */
  creator: Actor;
  /** How many PATCHes it received. */
  updates: number;
}

export interface StatusRecord {
  id: number;
  sha: string;
  context: string;
  state: "error" | "failure" | "pending" | "success";
  description: string | null;
  target_url: string | null;
  created_at: string;
  updated_at: string;
  creator: Actor;
}

/** A ruleset, repository or organization level, as GitHub stores it. */
export interface RulesetRecord {
  id: number;
  name: string;
  target: "branch" | "tag" | "push";
  enforcement: "active" | "evaluate" | "disabled";
  source_type: "Repository" | "Organization";
  /** `owner/name` of the repository, or the organization's login. */
  source: string;
  bypass_actors: unknown[];
  /** `ref_name` patterns: fnmatch with FNM_PATHNAME, `~DEFAULT_BRANCH` and `~ALL`. */
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  rules: Array<{ type: string; parameters?: Record<string, unknown> }>;
  created_at: string;
  updated_at: string;
}

export type RulesetSeed = Partial<Omit<RulesetRecord, "id" | "conditions">> & {
  /** Branch patterns as a ruleset writes them (`refs/heads/main`, `~DEFAULT_BRANCH`). */
  include: string[];
  exclude?: string[];
};

/** Classic branch protection's required status checks of one branch (`app_id` null: any source). */
export interface ClassicProtection {
  checks: Array<{ context: string; app_id: number | null }>;
  strict?: boolean;
}

export interface FakeGitHubSeed {
  /** `owner/name`; default {@link DEFAULT_REPOSITORY}. */
  repository?: string;
  defaultBranch?: string;
  /** Tokens and what they may do; default one workflow token, {@link DEFAULT_TOKEN}. */
  tokens?: Record<string, TokenGrant>;
  pullRequests?: PullRequestScenario[];
  /** Files per ref (branch name or commit SHA). */
  contents?: Record<string, Record<string, string>>;
  /** Branch name → commit SHA. */
  branches?: Record<string, string>;
  /** `org/team-slug` → member logins. */
  teams?: Record<string, string[]>;
  rulesets?: RulesetSeed[];
  /** Branch → classic protection with required status checks. */
  protections?: Record<string, ClassicProtection>;
}

/** GitHub's timestamps: ISO 8601 to the second, UTC. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A stable id per login, so a user is the same user in every answer. */
export function actorFor(login: string, type?: Actor["type"]): Actor {
  if (login === GITHUB_ACTIONS_BOT.login) return { ...GITHUB_ACTIONS_BOT };
  const digest = createHash("sha256").update(login).digest();
  return {
    login,
    id: 1_000_000 + (digest.readUInt32BE(0) % 90_000_000),
    type: type ?? (login.endsWith("[bot]") ? "Bot" : "User"),
  };
}

export class FakeGitHubState {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly repositoryId = 1_296_269;

  readonly pullRequests = new Map<number, PullRequestRecord>();
  readonly comments: CommentRecord[] = [];
  readonly reviews: ReviewRecord[] = [];
  readonly teams = new Map<string, TeamRecord>();
  readonly checkRuns: CheckRunRecord[] = [];
  readonly statuses: StatusRecord[] = [];
  /** Snapshots of the repository's files, keyed by commit SHA or, before a branch has one, branch name. */
  readonly snapshots = new Map<string, Map<string, string>>();
  readonly branches = new Map<string, string>();
  /** Other full refs GitHub would resolve, e.g. refs/pull/7/merge. */
  readonly refs = new Map<string, string>();
  readonly tokens = new Map<string, TokenGrant>();
  readonly rulesets: RulesetRecord[] = [];
  readonly protections = new Map<string, ClassicProtection>();

  private nextId = 1_000_000_001;
  /** The check suite GitHub makes for an app's check runs on a commit, keyed `appId@sha`. */
  private readonly appSuites = new Map<string, number>();

  constructor(seed: FakeGitHubSeed = {}) {
    const { owner, name } = splitRepository(seed.repository ?? DEFAULT_REPOSITORY);
    this.owner = owner;
    this.repo = name;
    this.defaultBranch = seed.defaultBranch ?? DEFAULT_BRANCH;
    for (const [token, grant] of Object.entries(seed.tokens ?? { [DEFAULT_TOKEN]: {} }))
      this.setToken(token, grant);
    for (const [branch, sha] of Object.entries(seed.branches ?? {})) this.setBranch(branch, sha);
    for (const pull of seed.pullRequests ?? []) this.addPullRequest(pull);
    for (const [ref, files] of Object.entries(seed.contents ?? {})) this.setFiles(ref, files);
    for (const [team, members] of Object.entries(seed.teams ?? {})) {
      const [org = "", slug = ""] = team.split("/");
      this.setTeam(org, slug, members);
    }
    for (const ruleset of seed.rulesets ?? []) this.addRuleset(ruleset);
    for (const [branch, protection] of Object.entries(seed.protections ?? {}))
      this.protections.set(branch, protection);
  }

  addRuleset(seed: RulesetSeed): RulesetRecord {
    const now = timestamp();
    const record: RulesetRecord = {
      id: this.rulesets.length + 1,
      name: seed.name ?? `ruleset-${this.rulesets.length + 1}`,
      target: seed.target ?? "branch",
      enforcement: seed.enforcement ?? "active",
      source_type: seed.source_type ?? "Repository",
      source: seed.source ?? (seed.source_type === "Organization" ? this.owner : this.fullName),
      bypass_actors: seed.bypass_actors ?? [],
      conditions: { ref_name: { include: seed.include, exclude: seed.exclude ?? [] } },
      rules: seed.rules ?? [],
      created_at: seed.created_at ?? now,
      updated_at: seed.updated_at ?? now,
    };
    this.rulesets.push(record);
    return record;
  }

  /** Whether a ruleset's conditions take in this branch, as GitHub matches them. */
  rulesetApplies(ruleset: RulesetRecord, branch: string): boolean {
    const ref = `refs/heads/${branch}`;
    const hit = (pattern: string) =>
      pattern === "~ALL" ||
      (pattern === "~DEFAULT_BRANCH" && branch === this.defaultBranch) ||
      fnmatchPathname(pattern, ref);
    const { include, exclude } = ruleset.conditions.ref_name;
    return include.some(hit) && !exclude.some(hit);
  }

  get fullName(): string {
    return `${this.owner}/${this.repo}`;
  }

  newId(): number {
    return this.nextId++;
  }

  /** The check suite an app's check runs on a commit go to when created through the API. */
  suiteFor(appId: number, sha: string): number {
    const key = `${appId}@${sha}`;
    let suite = this.appSuites.get(key);
    if (suite === undefined) {
      suite = this.newId();
      this.appSuites.set(key, suite);
    }
    return suite;
  }

  /** A new check suite, as a new workflow run on the same commit makes. */
  newSuite(): number {
    return this.newId();
  }

  setToken(token: string, grant: TokenGrant): void {
    this.tokens.set(token, grant);
  }

  grantFor(token: string): ResolvedGrant | undefined {
    const grant = this.tokens.get(token);
    if (!grant) return undefined;
    const permissions = { ...WORKFLOW_TOKEN_PERMISSIONS, ...grant.permissions };
    if (grant.readOnly) {
      for (const key of Object.keys(permissions) as Permission[]) {
        if (permissions[key] === "write") permissions[key] = "read";
      }
    }
    return {
      actor: actorFor(grant.login ?? GITHUB_ACTIONS_BOT.login),
      invalid: grant.invalid === true,
      permissions,
    };
  }

  addPullRequest(scenario: PullRequestScenario): PullRequestRecord {
    const forkOwner = forkOwnerOf(scenario);
    const now = timestamp();
    const record: PullRequestRecord = {
      number: scenario.number,
      title: scenario.title ?? `Pull request #${scenario.number}`,
      body: null,
      state: "open",
      draft: scenario.draft ?? false,
      user: actorFor(scenario.author ?? forkOwner ?? "octocat"),
      base: { ...scenario.base },
      head: {
        ...scenario.head,
        repository: `${forkOwner ?? this.owner}/${this.repo}`,
        fork: forkOwner !== undefined,
      },
      files: undefined,
      created_at: now,
      updated_at: now,
    };
    this.pullRequests.set(record.number, record);
    if (!this.branches.has(record.base.ref)) this.setBranch(record.base.ref, record.base.sha);
    // A fork's branch lives in the fork; only refs/pull/N/head reaches it from here.
    if (!record.head.fork && !this.branches.has(record.head.ref))
      this.setBranch(record.head.ref, record.head.sha);
    return record;
  }

  /** The only pull request, when a seed helper is not told which one. */
  defaultPullNumber(): number {
    const [only, ...others] = this.pullRequests.keys();
    if (only === undefined || others.length > 0) {
      throw new Error("the fake has no single pull request: say which issue or pull request number");
    }
    return only;
  }

  addComment(seed: {
    user: string | Actor;
    body: string;
    issue_number?: number;
    created_at?: string;
  }): CommentRecord {
    const created = seed.created_at ?? timestamp();
    const record: CommentRecord = {
      id: this.newId(),
      issue_number: seed.issue_number ?? this.defaultPullNumber(),
      user: typeof seed.user === "string" ? actorFor(seed.user) : seed.user,
      body: seed.body,
      created_at: created,
      updated_at: created,
    };
    this.comments.push(record);
    return record;
  }

  commentsOn(issueNumber: number): CommentRecord[] {
    return this.comments.filter((c) => c.issue_number === issueNumber);
  }

  addReview(seed: {
    user: string;
    state?: ReviewState;
    pull_number?: number;
    commit_id?: string;
    body?: string;
    submitted_at?: string;
  }): ReviewRecord {
    const pullNumber = seed.pull_number ?? this.defaultPullNumber();
    const pull = this.pullRequests.get(pullNumber);
    const commitId = seed.commit_id ?? pull?.head.sha;
    if (!commitId) throw new Error(`addReview: pull request #${pullNumber} is unknown; give commit_id`);
    const record: ReviewRecord = {
      id: this.newId(),
      pull_number: pullNumber,
      user: actorFor(seed.user),
      state: seed.state ?? "APPROVED",
      commit_id: commitId,
      body: seed.body ?? "",
      submitted_at: seed.submitted_at ?? timestamp(),
    };
    this.reviews.push(record);
    return record;
  }

  setTeam(
    org: string,
    slug: string,
    members: Array<string | { login: string; role: "member" | "maintainer" }>,
  ): void {
    if (!org || !slug) throw new Error("setTeam needs an organization and a team slug");
    this.teams.set(`${org.toLowerCase()}/${slug.toLowerCase()}`, {
      org,
      slug,
      members: members.map((m) =>
        typeof m === "string"
          ? { user: actorFor(m), role: "member" }
          : { user: actorFor(m.login), role: m.role },
      ),
    });
  }

  team(org: string, slug: string): TeamRecord | undefined {
    return this.teams.get(`${org.toLowerCase()}/${slug.toLowerCase()}`);
  }

  addCheckRun(seed: {
    head_sha: string;
    name: string;
    status?: CheckRunStatus;
    conclusion?: string | null;
    /** The app that made it; default another CI app, not GitHub Actions. */
    app?: { id: number; slug: string; name?: string };
    /** Its check suite (see {@link FakeGitHubState.newSuite}); default the app's one suite on the commit. */
    suite?: number;
    started_at?: string;
    completed_at?: string | null;
    output?: Partial<CheckRunRecord["output"]>;
    creator?: Actor;
  }): CheckRunRecord {
    const conclusion =
      seed.conclusion ?? (seed.status === undefined || seed.status === "completed" ? "success" : null);
    const status = seed.status ?? (conclusion === null ? "in_progress" : "completed");
    const started = seed.started_at ?? timestamp();
    const app = seed.app ?? { id: 9_426, slug: "ci-app", name: "CI" };
    const record: CheckRunRecord = {
      id: this.newId(),
      name: seed.name,
      head_sha: seed.head_sha,
      status,
      conclusion: status === "completed" ? conclusion : null,
      started_at: started,
      completed_at: status === "completed" ? (seed.completed_at ?? started) : null,
      details_url: null,
      external_id: null,
      output: { title: null, summary: null, text: null, ...seed.output },
      annotations: [],
      app: { name: app.slug, owner: this.owner, ...app },
      suite: seed.suite ?? this.suiteFor(app.id, seed.head_sha),
      creator: seed.creator ?? actorFor(`${app.slug}[bot]`),
      updates: 0,
    };
    this.checkRuns.push(record);
    return record;
  }

  checkRunsOn(sha: string): CheckRunRecord[] {
    return this.checkRuns.filter((run) => run.head_sha === sha);
  }

  addStatus(seed: {
    sha: string;
    context: string;
    state: StatusRecord["state"];
    description?: string | null;
    target_url?: string | null;
    creator?: string;
    created_at?: string;
  }): StatusRecord {
    const created = seed.created_at ?? timestamp();
    const record: StatusRecord = {
      id: this.newId(),
      sha: seed.sha,
      context: seed.context,
      state: seed.state,
      description: seed.description ?? null,
      target_url: seed.target_url ?? null,
      created_at: created,
      updated_at: created,
      creator: actorFor(seed.creator ?? "ci-app[bot]"),
    };
    this.statuses.push(record);
    return record;
  }

  setBranch(name: string, sha: string): void {
    const branch = stripHeads(name);
    // Files seeded under the branch name before it had a commit now belong to that commit.
    const pending = this.snapshots.get(branch);
    if (pending && !this.snapshots.has(sha)) this.snapshots.set(sha, pending);
    if (pending) this.snapshots.delete(branch);
    this.branches.set(branch, sha);
  }

  /** A full ref that is not a branch, e.g. `refs/pull/7/merge` or `refs/tags/v1`. */
  setRef(ref: string, sha: string): void {
    if (ref.startsWith("refs/heads/")) this.setBranch(ref, sha);
    else this.refs.set(ref, sha);
  }

  /** Replaces every file of a ref. */
  setFiles(ref: string, files: Record<string, string>): void {
    this.snapshots.set(
      this.snapshotKey(ref),
      new Map(Object.entries(files).map(([p, t]) => [normalizePath(p), t])),
    );
  }

  /** Sets one file of a ref (`null` removes it). */
  setContents(ref: string, path: string, text: string | null): void {
    const key = this.snapshotKey(ref);
    let files = this.snapshots.get(key);
    if (!files) {
      files = new Map();
      this.snapshots.set(key, files);
    }
    if (text === null) files.delete(normalizePath(path));
    else files.set(normalizePath(path), text);
  }

  /** The commit SHA a ref names, as GitHub resolves `?ref=`: SHA (full or ≥ 7 chars), branch, refs/pull/N/head. */
  resolveSha(ref: string): string | undefined {
    const name = stripHeads(ref);
    const branch = this.branches.get(name);
    if (branch) return branch;
    const other = this.refs.get(ref) ?? this.refs.get(`refs/${ref}`);
    if (other) return other;
    const pull = /^refs\/pull\/(\d+)\/head$/.exec(ref);
    if (pull) return this.pullRequests.get(Number(pull[1]))?.head.sha;
    if (/^[0-9a-f]{40}$/.test(name)) return name;
    if (/^[0-9a-f]{7,39}$/.test(name)) {
      const known = new Set<string>([...this.snapshots.keys(), ...this.branches.values()]);
      for (const pr of this.pullRequests.values()) known.add(pr.base.sha).add(pr.head.sha);
      const matches = [...known].filter((sha) => sha.startsWith(name));
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  /** The files at a ref, or undefined when the fake knows no files for it. */
  filesAt(ref: string): Map<string, string> | undefined {
    const sha = this.resolveSha(ref);
    if (sha && this.snapshots.has(sha)) return this.snapshots.get(sha);
    const byName = this.snapshots.get(stripHeads(ref));
    if (byName) return byName;
    // A tree SHA names the snapshot whose root tree it is.
    for (const files of this.snapshots.values()) if (treeOf(files).sha === ref) return files;
    return undefined;
  }

  treeAt(ref: string): { sha: string; entries: TreeEntry[] } | undefined {
    const files = this.filesAt(ref);
    return files ? treeOf(files) : undefined;
  }

  /** The files a pull request changes: the explicit list, or the difference of its base and head files. */
  filesOf(
    pull: PullRequestRecord,
  ): Array<Required<Omit<DiffEntrySeed, "previous_filename">> & DiffEntrySeed & { sha: string }> {
    const head = this.filesAt(pull.head.sha) ?? new Map<string, string>();
    if (pull.files) {
      return pull.files.map((f) => ({
        additions: 0,
        deletions: 0,
        ...f,
        sha: blobSha(head.get(f.filename) ?? ""),
      }));
    }
    return diffSnapshots(this.filesAt(pull.base.sha) ?? new Map<string, string>(), head);
  }

  /**
   * GitHub's comparison of two commits (`GET /compare/{base}...{head}`): the files that differ between
   * them, or undefined when the fake knows no files for one of them. (The fake's snapshots have no
   * history, so the merge base is the base itself.)
   */
  compare(base: string, head: string): ReturnType<FakeGitHubState["filesOf"]> | undefined {
    const before = this.filesAt(base);
    const after = this.filesAt(head);
    if (!before || !after) return undefined;
    return diffSnapshots(before, after);
  }

  private snapshotKey(ref: string): string {
    return this.resolveSha(ref) ?? stripHeads(ref);
  }
}

/** The files that differ between two snapshots, as added, removed or modified. */
function diffSnapshots(
  base: Map<string, string>,
  head: Map<string, string>,
): Array<Required<Omit<DiffEntrySeed, "previous_filename">> & DiffEntrySeed & { sha: string }> {
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const entries = [];
  for (const filename of paths) {
    const before = base.get(filename);
    const after = head.get(filename);
    if (before === after) continue;
    const { additions, deletions } = lineChanges(before ?? "", after ?? "");
    entries.push({
      filename,
      status:
        before === undefined
          ? ("added" as const)
          : after === undefined
            ? ("removed" as const)
            : ("modified" as const),
      additions,
      deletions,
      sha: blobSha(after ?? before ?? ""),
    });
  }
  return entries;
}

function stripHeads(ref: string): string {
  return ref.replace(/^refs\/heads\//, "");
}

function normalizePath(path: string): string {
  return path.replace(/^\.?\/+/, "");
}

/** Lines added and removed, counted as a multiset difference (close enough to git's numbers for tests). */
function lineChanges(before: string, after: string): { additions: number; deletions: number } {
  const count = new Map<string, number>();
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  for (const line of lines(before)) count.set(line, (count.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of lines(after)) {
    const left = count.get(line) ?? 0;
    if (left > 0) count.set(line, left - 1);
    else additions++;
  }
  let deletions = 0;
  for (const left of count.values()) deletions += left;
  return { additions, deletions };
}

/**
 * Ruby's File.fnmatch(pattern, path, File::FNM_PATHNAME), which GitHub uses for ruleset ref conditions:
 * `*` any run within a segment (not a leading dot), `?` one character but `/`, `[...]` a class (`[!...]`
 * negated), `**` followed by a slash zero or more whole segments, and any other `**` the same as `*`.
 */
export function fnmatchPathname(pattern: string, path: string): boolean {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const atSegmentStart = i === 0 || pattern[i - 1] === "/";
    if (c === "*" && pattern[i + 1] === "*" && pattern[i + 2] === "/" && atSegmentStart) {
      re += "(?:[^/.][^/]*/)*";
      i += 2;
    } else if (c === "*") {
      while (pattern[i + 1] === "*") i++;
      re += atSegmentStart ? "(?:[^/.][^/]*)?" : "[^/]*";
    } else if (c === "?") {
      re += atSegmentStart ? "[^/.]" : "[^/]";
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        let body = pattern.slice(i + 1, end);
        const negated = body.startsWith("!");
        if (negated) body = body.slice(1);
        re += `[${negated ? "^/" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
        i = end;
      }
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`${re}$`).test(path);
}
