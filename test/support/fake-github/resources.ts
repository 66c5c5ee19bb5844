// GitHub-shaped JSON for the fake's records. Each resource starts from the example GitHub publishes for it
// in its REST description, retargeted to this repository and server, and then carries the record's values;
// the harness tests validate the result against the documented response schemas.
import type { GitHubRestDescription } from "./openapi.js";
import { GITHUB_ACTIONS_APP, actorFor } from "./state.js";
import type {
  Actor,
  CheckRunRecord,
  CommentRecord,
  FakeGitHubState,
  ClassicProtection,
  PullRequestRecord,
  ReviewRecord,
  RulesetRecord,
  StatusRecord,
} from "./state.js";
import type { TreeEntry } from "./git-objects.js";

type Json = Record<string, unknown>;

const WEB = "https://github.com";

export class ResourceRenderer {
  constructor(
    private readonly api: GitHubRestDescription,
    private readonly state: FakeGitHubState,
    /** The fake's base URL: what `url` fields point at, as api.github.com's do on GitHub. */
    private readonly baseUrl: string,
  ) {}

  private get repoApi(): string {
    return `${this.baseUrl}/repos/${this.state.fullName}`;
  }

  private get repoWeb(): string {
    return `${WEB}/${this.state.fullName}`;
  }

  /** An example with octocat/Hello-World and api.github.com swapped for this repository and server. */
  private template<T = Json>(name: string): T {
    const text = JSON.stringify(this.api.example(name))
      .replaceAll("https://api.github.com", this.baseUrl)
      .replaceAll("octocat/Hello-World", this.state.fullName)
      .replaceAll("github/hello-world", this.state.fullName);
    return JSON.parse(text) as T;
  }

  /** GET /repos/{owner}/{repo}/branches/{branch}: the branch with its classic protection summary. */
  branch(name: string, sha: string, protection: ClassicProtection | undefined): Json {
    const body = this.template("branch-get");
    const commit = body.commit as Json;
    const api = `${this.repoApi}/branches/${encodeURIComponent(name)}`;
    Object.assign(body, {
      name,
      commit: { ...commit, sha, url: `${this.repoApi}/commits/${sha}` },
      _links: { self: api, html: `${this.repoWeb}/tree/${name}` },
      protected: protection !== undefined,
      protection:
        protection === undefined
          ? { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } }
          : {
              enabled: true,
              required_status_checks: {
                enforcement_level: "non_admins",
                contexts: protection.checks.map((c) => c.context),
                checks: protection.checks,
              },
            },
      protection_url: `${api}/protection`,
    });
    return body;
  }

  /** A ruleset in full (GET, POST, PUT of /rulesets[/{id}]). */
  ruleset(ruleset: RulesetRecord): Json {
    return {
      ...this.rulesetSummary(ruleset),
      bypass_actors: ruleset.bypass_actors,
      current_user_can_bypass: "never",
      conditions: ruleset.conditions,
      rules: ruleset.rules,
    };
  }

  /** A ruleset as the list shows it: without conditions and rules. */
  rulesetSummary(ruleset: RulesetRecord): Json {
    return {
      id: ruleset.id,
      name: ruleset.name,
      target: ruleset.target,
      source_type: ruleset.source_type,
      source: ruleset.source,
      enforcement: ruleset.enforcement,
      node_id: nodeId("RRS", ruleset.id),
      _links: {
        self: { href: `${this.repoApi}/rulesets/${ruleset.id}` },
        html: { href: `${this.repoWeb}/rules/${ruleset.id}` },
      },
      created_at: ruleset.created_at,
      updated_at: ruleset.updated_at,
    };
  }

  /** One rule of a branch's active rules, with the ruleset it comes from. */
  branchRule(ruleset: RulesetRecord, rule: RulesetRecord["rules"][number]): Json {
    return {
      ...rule,
      ruleset_source_type: ruleset.source_type,
      ruleset_source: ruleset.source,
      ruleset_id: ruleset.id,
    };
  }

  user(actor: Actor): Json {
    const api = `${this.baseUrl}/users/${encodeURIComponent(actor.login)}`;
    return {
      login: actor.login,
      id: actor.id,
      node_id: nodeId(actor.type === "Bot" ? "Bot" : "User", actor.id),
      avatar_url: `https://avatars.githubusercontent.com/u/${actor.id}?v=4`,
      gravatar_id: "",
      url: api,
      html_url:
        actor.type === "Bot" ? `${WEB}/apps/${actor.login.replace(/\[bot\]$/, "")}` : `${WEB}/${actor.login}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: actor.type,
      user_view_type: "public",
      site_admin: false,
    };
  }

  pullRequest(pull: PullRequestRecord): Json {
    const body = this.template("pull-request");
    const forkOwner = pull.head.fork ? pull.head.repository.split("/")[0] : undefined;
    const files = this.state.filesOf(pull);
    const api = `${this.repoApi}/pulls/${pull.number}`;
    const web = `${this.repoWeb}/pull/${pull.number}`;
    Object.assign(body, {
      url: api,
      id: 1_000_000 + pull.number,
      node_id: nodeId("PullRequest", 1_000_000 + pull.number),
      html_url: web,
      diff_url: `${web}.diff`,
      patch_url: `${web}.patch`,
      issue_url: `${this.repoApi}/issues/${pull.number}`,
      commits_url: `${api}/commits`,
      review_comments_url: `${api}/comments`,
      review_comment_url: `${this.repoApi}/pulls/comments{/number}`,
      comments_url: `${this.repoApi}/issues/${pull.number}/comments`,
      statuses_url: `${this.repoApi}/statuses/${pull.head.sha}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      body: pull.body,
      user: this.user(pull.user),
      created_at: pull.created_at,
      updated_at: pull.updated_at,
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      labels: [],
      milestone: null,
      draft: pull.draft,
      merged: false,
      mergeable: null,
      rebaseable: null,
      mergeable_state: "unknown",
      merged_by: null,
      auto_merge: null,
      active_lock_reason: null,
      comments: this.state.commentsOn(pull.number).length,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 1,
      additions: files.reduce((sum, f) => sum + f.additions, 0),
      deletions: files.reduce((sum, f) => sum + f.deletions, 0),
      changed_files: files.length,
      author_association: pull.head.fork ? "CONTRIBUTOR" : "MEMBER",
      _links: {
        self: { href: api },
        html: { href: web },
        issue: { href: `${this.repoApi}/issues/${pull.number}` },
        comments: { href: `${this.repoApi}/issues/${pull.number}/comments` },
        review_comments: { href: `${api}/comments` },
        review_comment: { href: `${this.repoApi}/pulls/comments{/number}` },
        commits: { href: `${api}/commits` },
        statuses: { href: `${this.repoApi}/statuses/${pull.head.sha}` },
      },
    });
    const baseSide = body.base as Json;
    Object.assign(baseSide, {
      label: `${this.state.owner}:${pull.base.ref}`,
      ref: pull.base.ref,
      sha: pull.base.sha,
      user: this.user(ownerActor(this.state.owner)),
    });
    this.retargetRepository(baseSide.repo as Json, this.state.owner, false);
    const headSide = body.head as Json;
    Object.assign(headSide, {
      label: `${forkOwner ?? this.state.owner}:${pull.head.ref}`,
      ref: pull.head.ref,
      sha: pull.head.sha,
      user: this.user(ownerActor(forkOwner ?? this.state.owner)),
    });
    this.retargetRepository(headSide.repo as Json, forkOwner ?? this.state.owner, forkOwner !== undefined);
    if (forkOwner !== undefined) headSide.user = this.user(ownerActor(forkOwner, "User"));
    return body;
  }

  private retargetRepository(repo: Json, owner: string, fork: boolean): void {
    const fullName = `${owner}/${this.state.repo}`;
    const text = JSON.stringify(repo).replaceAll(this.state.fullName, fullName);
    Object.assign(repo, JSON.parse(text) as Json, {
      id: this.state.repositoryId + (fork ? 1 : 0),
      name: this.state.repo,
      full_name: fullName,
      fork,
      default_branch: this.state.defaultBranch,
      owner: this.user(ownerActor(owner, fork ? "User" : "Organization")),
    });
  }

  /** A changed file as pull-request file lists and comparisons show it, its URLs at `headSha`. */
  diffEntry(headSha: string, file: ReturnType<FakeGitHubState["filesOf"]>[number]): Json {
    const entry: Json = {
      sha: file.sha,
      filename: file.filename,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.additions + file.deletions,
      blob_url: `${this.repoWeb}/blob/${headSha}/${file.filename}`,
      raw_url: `${this.repoWeb}/raw/${headSha}/${file.filename}`,
      contents_url: `${this.repoApi}/contents/${file.filename}?ref=${headSha}`,
    };
    if (file.previous_filename !== undefined) entry.previous_filename = file.previous_filename;
    return entry;
  }

  /**
   * A comparison of two commits. Its files are capped by the caller, as GitHub caps them (300); its
   * commits are left out (the fake has no history), which the schema allows.
   */
  comparison(
    base: string,
    head: string,
    files: ReturnType<FakeGitHubState["filesOf"]>,
    headSha: string,
  ): Json {
    const body = this.template("commit-comparison");
    const basehead = `${base}...${head}`;
    Object.assign(body, {
      url: `${this.repoApi}/compare/${basehead}`,
      html_url: `${this.repoWeb}/compare/${basehead}`,
      permalink_url: `${this.repoWeb}/compare/${basehead}`,
      diff_url: `${this.repoWeb}/compare/${basehead}.diff`,
      patch_url: `${this.repoWeb}/compare/${basehead}.patch`,
      status: files.length === 0 ? "identical" : "ahead",
      ahead_by: files.length === 0 ? 0 : 1,
      behind_by: 0,
      total_commits: files.length === 0 ? 0 : 1,
      commits: [],
      files: files.map((f) => this.diffEntry(headSha, f)),
    });
    return body;
  }

  review(review: ReviewRecord): Json {
    const [body] = this.template<Json[]>("pull-request-review-items");
    const pullApi = `${this.repoApi}/pulls/${review.pull_number}`;
    const html = `${this.repoWeb}/pull/${review.pull_number}#pullrequestreview-${review.id}`;
    return Object.assign(body as Json, {
      id: review.id,
      node_id: nodeId("PullRequestReview", review.id),
      user: this.user(review.user),
      body: review.body,
      state: review.state,
      html_url: html,
      pull_request_url: pullApi,
      _links: { html: { href: html }, pull_request: { href: pullApi } },
      submitted_at: review.submitted_at,
      commit_id: review.commit_id,
      author_association: "MEMBER",
    });
  }

  comment(comment: CommentRecord): Json {
    const body = this.template("issue-comment");
    return Object.assign(body, {
      id: comment.id,
      node_id: nodeId("IssueComment", comment.id),
      url: `${this.repoApi}/issues/comments/${comment.id}`,
      html_url: `${this.repoWeb}/pull/${comment.issue_number}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      issue_url: `${this.repoApi}/issues/${comment.issue_number}`,
      author_association: comment.user.type === "Bot" ? "NONE" : "MEMBER",
      performed_via_github_app:
        comment.user.login === "github-actions[bot]" ? this.app(GITHUB_ACTIONS_APP) : null,
    });
  }

  teamMember(member: { user: Actor; role: string }): Json {
    return { ...this.user(member.user), role: member.role, inherited: false };
  }

  checkRun(run: CheckRunRecord): Json {
    const body = this.template("check-run-example-of-completed-conclusion");
    const url = `${this.repoApi}/check-runs/${run.id}`;
    const pulls = [...this.state.pullRequests.values()].filter(
      (p) => p.head.sha === run.head_sha && !p.head.fork,
    );
    return Object.assign(body, {
      id: run.id,
      head_sha: run.head_sha,
      node_id: nodeId("CheckRun", run.id),
      external_id: run.external_id ?? "",
      url,
      html_url: `${this.repoWeb}/runs/${run.id}`,
      details_url: run.details_url ?? `${this.repoWeb}/runs/${run.id}`,
      status: run.status,
      conclusion: run.conclusion,
      started_at: run.started_at,
      completed_at: run.completed_at,
      output: {
        title: run.output.title,
        summary: run.output.summary,
        text: run.output.text,
        annotations_count: run.annotations.length,
        annotations_url: `${url}/annotations`,
      },
      name: run.name,
      check_suite: { id: run.suite },
      app: this.app(run.app),
      pull_requests: pulls.map((p) => ({
        url: `${this.repoApi}/pulls/${p.number}`,
        id: 1_000_000 + p.number,
        number: p.number,
        head: { ref: p.head.ref, sha: p.head.sha, repo: this.repoRef() },
        base: { ref: p.base.ref, sha: p.base.sha, repo: this.repoRef() },
      })),
    });
  }

  private repoRef(): Json {
    return { id: this.state.repositoryId, url: this.repoApi, name: this.state.repo };
  }

  private app(app: { id: number; slug: string; name: string; owner: string }): Json {
    const body = this.template<Json>("check-run-example-of-completed-conclusion").app as Json;
    return Object.assign(body, {
      id: app.id,
      slug: app.slug,
      node_id: nodeId("Integration", app.id),
      name: app.name,
      owner: this.user(ownerActor(app.owner)),
      external_url: `${WEB}/apps/${app.slug}`,
      html_url: `${WEB}/apps/${app.slug}`,
    });
  }

  status(status: StatusRecord): Json {
    const [body] = this.template<Json[]>("status-items");
    return Object.assign(body as Json, {
      url: `${this.repoApi}/statuses/${status.sha}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${status.creator.id}?v=4`,
      id: status.id,
      node_id: nodeId("StatusContext", status.id),
      state: status.state,
      description: status.description,
      target_url: status.target_url,
      context: status.context,
      created_at: status.created_at,
      updated_at: status.updated_at,
      creator: this.user(status.creator),
    });
  }

  combinedStatus(sha: string, latest: StatusRecord[], page: StatusRecord[]): Json {
    const body = this.template("combined-commit-status");
    return Object.assign(body, {
      state: combinedState(latest),
      statuses: page.map((s) => {
        const full = this.status(s);
        delete full.creator;
        return full;
      }),
      sha,
      total_count: latest.length,
      commit_url: `${this.repoApi}/commits/${sha}`,
      url: `${this.repoApi}/commits/${sha}/status`,
    });
  }

  contentFile(ref: string, path: string, text: string, sha: string): Json {
    const bytes = Buffer.from(text, "utf8");
    // Above 1 MB GitHub leaves the content out and says so with encoding "none".
    const tooLarge = bytes.length > 1024 * 1024;
    return {
      type: "file",
      encoding: tooLarge ? "none" : "base64",
      size: bytes.length,
      name: path.slice(path.lastIndexOf("/") + 1),
      path,
      content: tooLarge ? "" : wrap60(bytes.toString("base64")),
      sha,
      url: `${this.repoApi}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`,
      git_url: `${this.repoApi}/git/blobs/${sha}`,
      html_url: `${this.repoWeb}/blob/${ref}/${encodePath(path)}`,
      download_url: `https://raw.githubusercontent.com/${this.state.fullName}/${ref}/${encodePath(path)}`,
      _links: {
        self: `${this.repoApi}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`,
        git: `${this.repoApi}/git/blobs/${sha}`,
        html: `${this.repoWeb}/blob/${ref}/${encodePath(path)}`,
      },
    };
  }

  contentDirectoryItem(ref: string, entry: TreeEntry): Json {
    const kind = entry.type === "tree" ? "dir" : "file";
    const self = `${this.repoApi}/contents/${encodePath(entry.path)}?ref=${encodeURIComponent(ref)}`;
    const git = `${this.repoApi}/git/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`;
    const html = `${this.repoWeb}/${kind === "dir" ? "tree" : "blob"}/${ref}/${encodePath(entry.path)}`;
    return {
      type: kind,
      size: entry.size ?? 0,
      name: entry.path.slice(entry.path.lastIndexOf("/") + 1),
      path: entry.path,
      sha: entry.sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url:
        kind === "file"
          ? `https://raw.githubusercontent.com/${this.state.fullName}/${ref}/${encodePath(entry.path)}`
          : null,
      _links: { self, git, html },
    };
  }

  tree(sha: string, entries: TreeEntry[]): Json {
    return {
      sha,
      url: `${this.repoApi}/git/trees/${sha}`,
      tree: entries.map((entry) => ({
        path: entry.path,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(entry.size === undefined ? {} : { size: entry.size }),
        url: `${this.repoApi}/git/${entry.type === "tree" ? "trees" : "blobs"}/${entry.sha}`,
      })),
      truncated: false,
    };
  }
}

/** GitHub's combined state: failure if any latest status failed or errored, pending if any pending or none. */
export function combinedState(latest: StatusRecord[]): "failure" | "pending" | "success" {
  if (latest.some((s) => s.state === "failure" || s.state === "error")) return "failure";
  if (latest.length === 0 || latest.some((s) => s.state === "pending")) return "pending";
  return "success";
}

function ownerActor(login: string, type: Actor["type"] = "Organization"): Actor {
  return { ...actorFor(login), type };
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString("base64");
}

function wrap60(base64: string): string {
  return (base64.match(/.{1,60}/g) ?? [""]).join("\n") + "\n";
}

function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
