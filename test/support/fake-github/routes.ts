// What the fake does for each GitHub operation it serves, keyed by the description's operationId. Requests
// reach these handlers only once they are known to be valid against the description.
import type { Operation } from "./openapi.js";
import type { ResourceRenderer } from "./resources.js";
import { GITHUB_ACTIONS_APP, GITHUB_ACTIONS_BOT, timestamp } from "./state.js";
import type {
  Actor,
  AnnotationRecord,
  CheckRunRecord,
  CheckRunStatus,
  FakeGitHubState,
  RulesetRecord,
  StatusRecord,
} from "./state.js";

export interface RouteContext {
  operation: Operation;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  actor: Actor;
  accept: string;
  state: FakeGitHubState;
  render: ResourceRenderer;
  baseUrl: string;
  requestUrl: URL;
  /** Records a request GitHub would refuse for a reason its schemas cannot express. */
  violate(message: string): void;
}

export interface RouteAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string> | undefined;
  /** A non-JSON answer (raw file content). */
  raw?: string;
}

type Handler = (ctx: RouteContext) => RouteAnswer;

/** GitHub's limit on issue and pull-request comment bodies, in characters. */
export const COMMENT_BODY_LIMIT = 65_536;
/** GitHub lists at most this many files of a pull request. */
const PULL_FILES_LIMIT = 3000;
/** A comparison lists at most this many files, all on its first page (GitHub's REST description). */
export const COMPARE_FILES_LIMIT = 300;

export const handlers = new Map<string, Handler>([
  ["pulls/get", getPull],
  ["pulls/list-files", listPullFiles],
  ["pulls/list-reviews", listReviews],
  ["issues/list-comments", listComments],
  ["issues/create-comment", createComment],
  ["issues/update-comment", updateComment],
  ["issues/delete-comment", deleteComment],
  ["teams/list-members-in-org", listTeamMembers],
  ["checks/create", createCheckRun],
  ["checks/update", updateCheckRun],
  ["checks/list-for-ref", listCheckRunsForRef],
  ["repos/get-combined-status-for-ref", getCombinedStatus],
  ["repos/list-commit-statuses-for-ref", listStatuses],
  ["repos/get-content", getContent],
  ["repos/compare-commits-with-basehead", compareCommits],
  ["git/get-tree", getTree],
  ["repos/get-branch", getBranch],
  ["repos/get-branch-rules", getBranchRules],
  ["repos/get-repo-rulesets", listRulesets],
  ["repos/get-repo-ruleset", getRuleset],
  ["repos/create-repo-ruleset", createRuleset],
  ["repos/update-repo-ruleset", updateRuleset],
]);

function getBranch(ctx: RouteContext): RouteAnswer {
  const name = ctx.params.branch ?? "";
  const sha = ctx.state.branches.get(name);
  if (sha === undefined) {
    return {
      status: 404,
      body: { message: "Branch not found", documentation_url: ctx.operation.docsUrl, status: "404" },
    };
  }
  return ok(ctx.render.branch(name, sha, ctx.state.protections.get(name)));
}

/** The active rules of every active branch ruleset that takes in the branch (which need not exist). */
function getBranchRules(ctx: RouteContext): RouteAnswer {
  const branch = ctx.params.branch ?? "";
  const rules = ctx.state.rulesets
    .filter((r) => r.enforcement === "active" && r.target === "branch" && ctx.state.rulesetApplies(r, branch))
    .flatMap((r) => r.rules.map((rule) => ({ ruleset: r, rule })));
  return paginated(ctx, rules, (page) =>
    page.map(({ ruleset, rule }) => ctx.render.branchRule(ruleset, rule)),
  );
}

function listRulesets(ctx: RouteContext): RouteAnswer {
  const parents = ctx.query.includes_parents !== "false";
  const target = ctx.query.targets?.split(",");
  const rulesets = ctx.state.rulesets.filter(
    (r) => (parents || r.source_type === "Repository") && (!target || target.includes(r.target)),
  );
  return paginated(ctx, rulesets, (page) => page.map((r) => ctx.render.rulesetSummary(r)));
}

function getRuleset(ctx: RouteContext): RouteAnswer {
  const ruleset = ctx.state.rulesets.find((r) => r.id === Number(ctx.params.ruleset_id));
  if (!ruleset) return notFound(ctx);
  return ok(ctx.render.ruleset(ruleset));
}

interface RulesetBody {
  name?: string;
  target?: RulesetRecord["target"];
  enforcement?: RulesetRecord["enforcement"];
  bypass_actors?: unknown[];
  conditions?: { ref_name?: { include?: string[]; exclude?: string[] } };
  rules?: RulesetRecord["rules"];
}

/** GitHub's answer to a ruleset it will not store: `errors` is a list of sentences. */
function rulesetInvalid(ctx: RouteContext, message: string): RouteAnswer {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [message],
      documentation_url: ctx.operation.docsUrl,
      status: "422",
    },
  };
}

function createRuleset(ctx: RouteContext): RouteAnswer {
  const body = ctx.body as RulesetBody & { name: string };
  if (ctx.state.rulesets.some((r) => r.source_type === "Repository" && r.name === body.name)) {
    return rulesetInvalid(ctx, "Name must be unique");
  }
  const ruleset = ctx.state.addRuleset({
    name: body.name,
    ...(body.target ? { target: body.target } : {}),
    ...(body.enforcement ? { enforcement: body.enforcement } : {}),
    bypass_actors: body.bypass_actors ?? [],
    include: body.conditions?.ref_name?.include ?? [],
    exclude: body.conditions?.ref_name?.exclude ?? [],
    rules: body.rules ?? [],
  });
  return {
    status: 201,
    body: ctx.render.ruleset(ruleset),
    headers: { location: `${ctx.baseUrl}/repos/${ctx.state.fullName}/rulesets/${ruleset.id}` },
  };
}

function updateRuleset(ctx: RouteContext): RouteAnswer {
  const ruleset = ctx.state.rulesets.find(
    (r) => r.id === Number(ctx.params.ruleset_id) && r.source_type === "Repository",
  );
  if (!ruleset) return notFound(ctx);
  const body = ctx.body as RulesetBody;
  if (
    body.name !== undefined &&
    body.name !== ruleset.name &&
    ctx.state.rulesets.some((r) => r.source_type === "Repository" && r.name === body.name)
  ) {
    return rulesetInvalid(ctx, "Name must be unique");
  }
  if (body.name !== undefined) ruleset.name = body.name;
  if (body.target !== undefined) ruleset.target = body.target;
  if (body.enforcement !== undefined) ruleset.enforcement = body.enforcement;
  if (body.bypass_actors !== undefined) ruleset.bypass_actors = body.bypass_actors;
  if (body.conditions?.ref_name !== undefined) {
    ruleset.conditions = {
      ref_name: {
        include: body.conditions.ref_name.include ?? [],
        exclude: body.conditions.ref_name.exclude ?? [],
      },
    };
  }
  if (body.rules !== undefined) ruleset.rules = body.rules;
  ruleset.updated_at = timestamp();
  return ok(ctx.render.ruleset(ruleset));
}

function getPull(ctx: RouteContext): RouteAnswer {
  const pull = ctx.state.pullRequests.get(Number(ctx.params.pull_number));
  if (!pull) return notFound(ctx);
  return ok(ctx.render.pullRequest(pull));
}

function listPullFiles(ctx: RouteContext): RouteAnswer {
  const pull = ctx.state.pullRequests.get(Number(ctx.params.pull_number));
  if (!pull) return notFound(ctx);
  const files = ctx.state.filesOf(pull).slice(0, PULL_FILES_LIMIT);
  return paginated(ctx, files, (page) => page.map((file) => ctx.render.diffEntry(pull.head.sha, file)));
}

function listReviews(ctx: RouteContext): RouteAnswer {
  const pullNumber = Number(ctx.params.pull_number);
  if (!ctx.state.pullRequests.has(pullNumber)) return notFound(ctx);
  const reviews = ctx.state.reviews.filter((r) => r.pull_number === pullNumber);
  return paginated(ctx, reviews, (page) => page.map((r) => ctx.render.review(r)));
}

function listComments(ctx: RouteContext): RouteAnswer {
  const issue = Number(ctx.params.issue_number);
  if (!ctx.state.pullRequests.has(issue)) return notFound(ctx);
  const since = ctx.query.since ? Date.parse(ctx.query.since) : undefined;
  const comments = ctx.state
    .commentsOn(issue)
    .filter((c) => since === undefined || Date.parse(c.updated_at) >= since)
    .sort((a, b) => a.id - b.id);
  return paginated(ctx, comments, (page) => page.map((c) => ctx.render.comment(c)));
}

function createComment(ctx: RouteContext): RouteAnswer {
  const issue = Number(ctx.params.issue_number);
  if (!ctx.state.pullRequests.has(issue)) return notFound(ctx);
  const text = (ctx.body as { body: string }).body;
  const tooLong = commentTooLong(ctx, text);
  if (tooLong) return tooLong;
  const comment = ctx.state.addComment({ issue_number: issue, user: ctx.actor, body: text });
  return {
    status: 201,
    body: ctx.render.comment(comment),
    headers: { location: `${ctx.baseUrl}/repos/${ctx.state.fullName}/issues/comments/${comment.id}` },
  };
}

function updateComment(ctx: RouteContext): RouteAnswer {
  const comment = ctx.state.comments.find((c) => c.id === Number(ctx.params.comment_id));
  if (!comment) return notFound(ctx);
  const denied = notOwnComment(ctx, comment.user, "edit");
  if (denied) return denied;
  const text = (ctx.body as { body: string }).body;
  const tooLong = commentTooLong(ctx, text);
  if (tooLong) return tooLong;
  comment.body = text;
  comment.updated_at = timestamp();
  return ok(ctx.render.comment(comment));
}

function deleteComment(ctx: RouteContext): RouteAnswer {
  const index = ctx.state.comments.findIndex((c) => c.id === Number(ctx.params.comment_id));
  const comment = ctx.state.comments[index];
  if (!comment) return notFound(ctx);
  const denied = notOwnComment(ctx, comment.user, "delete");
  if (denied) return denied;
  ctx.state.comments.splice(index, 1);
  return { status: 204 };
}

/**
 * Stricter than GitHub, which lets a token with write access edit anyone's comment: a sticky comment must
 * only ever touch its own, so touching another user's comment is refused and recorded.
 */
function notOwnComment(ctx: RouteContext, author: Actor, verb: string): RouteAnswer | undefined {
  if (author.login === ctx.actor.login) return undefined;
  ctx.violate(`${ctx.actor.login || "an anonymous client"} tried to ${verb} a comment by ${author.login}`);
  return {
    status: 403,
    body: {
      message: "Resource not accessible by integration",
      documentation_url: ctx.operation.docsUrl,
      status: "403",
    },
  };
}

function commentTooLong(ctx: RouteContext, text: string): RouteAnswer | undefined {
  const length = [...text].length;
  if (length <= COMMENT_BODY_LIMIT) return undefined;
  ctx.violate(`comment body has ${length} characters; GitHub's maximum is ${COMMENT_BODY_LIMIT}`);
  return validationFailed(
    ctx,
    "IssueComment",
    "body",
    `Body is too long (maximum is ${COMMENT_BODY_LIMIT} characters)`,
  );
}

function listTeamMembers(ctx: RouteContext): RouteAnswer {
  const team = ctx.state.team(ctx.params.org ?? "", ctx.params.team_slug ?? "");
  if (!team) return notFound(ctx);
  const role = ctx.query.role ?? "all";
  const members = team.members.filter((m) => role === "all" || m.role === role);
  return paginated(ctx, members, (page) => page.map((m) => ctx.render.teamMember(m)));
}

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckRunStatus;
  started_at?: string;
  conclusion?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: AnnotationRecord[] };
}

function createCheckRun(ctx: RouteContext): RouteAnswer {
  const body = ctx.body as CheckRunBody & { name: string; head_sha: string };
  if (!/^[0-9a-f]{40}$/i.test(body.head_sha)) {
    ctx.violate(`check run head_sha "${body.head_sha}" is not a commit SHA`);
    return validationFailed(ctx, "CheckRun", "head_sha", `No commit found for SHA: ${body.head_sha}`);
  }
  const incomplete = completedWithoutConclusion(ctx, body.status, body.conclusion, undefined);
  if (incomplete) return incomplete;
  const now = timestamp();
  const completed = body.conclusion !== undefined || body.status === "completed";
  const app = appOf(ctx.actor);
  const run: CheckRunRecord = {
    id: ctx.state.newId(),
    name: body.name,
    head_sha: body.head_sha.toLowerCase(),
    status: completed ? "completed" : (body.status ?? "queued"),
    conclusion: body.conclusion ?? null,
    started_at: body.started_at ?? now,
    completed_at: completed ? (body.completed_at ?? now) : null,
    details_url: body.details_url ?? null,
    external_id: body.external_id ?? null,
    output: {
      title: body.output?.title ?? null,
      summary: body.output?.summary ?? null,
      text: body.output?.text ?? null,
    },
    annotations: [...(body.output?.annotations ?? [])],
    app,
    suite: ctx.state.suiteFor(app.id, body.head_sha.toLowerCase()),
    creator: ctx.actor,
    updates: 0,
  };
  ctx.state.checkRuns.push(run);
  return { status: 201, body: ctx.render.checkRun(run) };
}

function updateCheckRun(ctx: RouteContext): RouteAnswer {
  const run = ctx.state.checkRuns.find((r) => r.id === Number(ctx.params.check_run_id));
  if (!run) return notFound(ctx);
  if (run.creator.login !== ctx.actor.login) {
    ctx.violate(`${ctx.actor.login} tried to update check run ${run.id} made by ${run.creator.login}`);
    return {
      status: 403,
      body: {
        message: "Resource not accessible by integration",
        documentation_url: ctx.operation.docsUrl,
        status: "403",
      },
    };
  }
  const body = ctx.body as CheckRunBody;
  const incomplete = completedWithoutConclusion(ctx, body.status, body.conclusion, run.conclusion);
  if (incomplete) return incomplete;
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.details_url = body.details_url;
  if (body.external_id !== undefined) run.external_id = body.external_id;
  if (body.started_at !== undefined) run.started_at = body.started_at;
  if (body.status !== undefined) run.status = body.status;
  if (body.conclusion !== undefined) {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") run.completed_at = body.completed_at ?? run.completed_at ?? timestamp();
  if (body.output) {
    if (body.output.title !== undefined) run.output.title = body.output.title;
    if (body.output.summary !== undefined) run.output.summary = body.output.summary;
    if (body.output.text !== undefined) run.output.text = body.output.text;
    // GitHub appends annotations sent with each update; 50 per request is the cap, not per run.
    run.annotations.push(...(body.output.annotations ?? []));
  }
  run.updates++;
  return ok(ctx.render.checkRun(run));
}

/** GitHub: "conclusion is required if you provide completed_at or a status of completed". */
function completedWithoutConclusion(
  ctx: RouteContext,
  status: string | undefined,
  conclusion: string | undefined,
  existing: string | null | undefined,
): RouteAnswer | undefined {
  if (status !== "completed" || conclusion !== undefined || (existing !== undefined && existing !== null)) {
    return undefined;
  }
  ctx.violate('check run set to status "completed" without a conclusion');
  return validationFailed(ctx, "CheckRun", "conclusion", "Conclusion is required when status is completed");
}

function appOf(actor: Actor): CheckRunRecord["app"] {
  if (actor.login === GITHUB_ACTIONS_BOT.login) return { ...GITHUB_ACTIONS_APP };
  return {
    id: 100_000 + (actor.id % 100_000),
    slug: actor.login.replace(/\[bot\]$/, ""),
    name: actor.login,
    owner: actor.login,
  };
}

function listCheckRunsForRef(ctx: RouteContext): RouteAnswer {
  const sha = ctx.state.resolveSha(ctx.params.ref ?? "");
  if (!sha) return unknownRef(ctx);
  let runs = ctx.state.checkRunsOn(sha);
  if (ctx.query.check_name !== undefined) runs = runs.filter((r) => r.name === ctx.query.check_name);
  if (ctx.query.status !== undefined) runs = runs.filter((r) => r.status === ctx.query.status);
  if (ctx.query.app_id !== undefined) runs = runs.filter((r) => r.app.id === Number(ctx.query.app_id));
  if ((ctx.query.filter ?? "latest") === "latest") {
    // The most recent run of each name per check suite, as GitHub's "latest" filter does: a re-run
    // replaces the attempt before it, but same-named runs of other workflow runs all stay.
    const latest = new Map<string, CheckRunRecord>();
    for (const run of runs) {
      const key = `${run.suite}\0${run.name}`;
      const seen = latest.get(key);
      if (!seen || run.id > seen.id) latest.set(key, run);
    }
    runs = [...latest.values()];
  }
  runs = [...runs].sort((a, b) => b.id - a.id);
  const total = runs.length;
  const { items, headers } = page(ctx, runs);
  return {
    status: 200,
    headers,
    body: { total_count: total, check_runs: items.map((r) => ctx.render.checkRun(r)) },
  };
}

function latestStatuses(state: FakeGitHubState, sha: string): StatusRecord[] {
  const latest = new Map<string, StatusRecord>();
  for (const status of state.statuses) {
    if (status.sha !== sha) continue;
    const seen = latest.get(status.context);
    if (!seen || status.id > seen.id) latest.set(status.context, status);
  }
  return [...latest.values()].sort((a, b) => b.id - a.id);
}

function getCombinedStatus(ctx: RouteContext): RouteAnswer {
  const sha = ctx.state.resolveSha(ctx.params.ref ?? "");
  if (!sha) return unknownRef(ctx);
  const latest = latestStatuses(ctx.state, sha);
  const { items, headers } = page(ctx, latest);
  return { status: 200, headers, body: ctx.render.combinedStatus(sha, latest, items) };
}

function listStatuses(ctx: RouteContext): RouteAnswer {
  const sha = ctx.state.resolveSha(ctx.params.ref ?? "");
  if (!sha) return unknownRef(ctx);
  // Newest first, every status (not only the latest per context).
  const statuses = ctx.state.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id);
  return paginated(ctx, statuses, (items) => items.map((s) => ctx.render.status(s)));
}

function compareCommits(ctx: RouteContext): RouteAnswer {
  const basehead = ctx.params.basehead ?? "";
  const dots = basehead.indexOf("...");
  const [base, head] =
    dots > 0 ? [basehead.slice(0, dots), basehead.slice(dots + 3)] : basehead.split("..", 2);
  const baseSha = ctx.state.resolveSha(base ?? "");
  const headSha = ctx.state.resolveSha(head ?? "");
  const files = baseSha && headSha ? ctx.state.compare(baseSha, headSha) : undefined;
  if (!files || !headSha) return notFound(ctx);
  // Files are listed on the first page only, up to the cap, however the commits are paged.
  const pageNumber = Math.max(1, Math.floor(Number(ctx.query.page ?? 1)) || 1);
  const listed = pageNumber === 1 ? files.slice(0, COMPARE_FILES_LIMIT) : [];
  return ok(ctx.render.comparison(base ?? "", head ?? "", listed, headSha));
}

function getContent(ctx: RouteContext): RouteAnswer {
  const ref = ctx.query.ref ?? ctx.state.defaultBranch;
  const files = ctx.state.filesAt(ref);
  if (!files) return unknownRef(ctx, ref);
  const path = (ctx.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const text = files.get(path);
  const raw = /application\/vnd\.github(?:\.v3)?\.raw/.test(ctx.accept);
  if (text !== undefined) {
    if (raw)
      return {
        status: 200,
        raw: text,
        headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
      };
    const tree = ctx.state.treeAt(ref);
    const sha = tree?.entries.find((e) => e.path === path)?.sha ?? "";
    return ok(ctx.render.contentFile(ref, path, text, sha));
  }
  const tree = ctx.state.treeAt(ref);
  const prefix = `${path}/`;
  const children = (tree?.entries ?? []).filter(
    (e) => e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes("/"),
  );
  if (path !== "" && children.length > 0)
    return ok(children.map((e) => ctx.render.contentDirectoryItem(ref, e)));
  return notFound(ctx);
}

function getTree(ctx: RouteContext): RouteAnswer {
  const tree = ctx.state.treeAt(ctx.params.tree_sha ?? "");
  if (!tree) return notFound(ctx);
  // Any value of `recursive` asks for the whole tree, as GitHub documents ("0" and "false" included).
  const entries =
    ctx.query.recursive !== undefined ? tree.entries : tree.entries.filter((e) => !e.path.includes("/"));
  return ok(ctx.render.tree(tree.sha, entries));
}

function ok(body: unknown): RouteAnswer {
  return { status: 200, body };
}

function notFound(ctx: RouteContext): RouteAnswer {
  return {
    status: 404,
    body: { message: "Not Found", documentation_url: ctx.operation.docsUrl, status: "404" },
  };
}

function unknownRef(ctx: RouteContext, ref = ctx.params.ref ?? ""): RouteAnswer {
  return {
    status: 404,
    body: {
      message: `No commit found for the ref ${ref}`,
      documentation_url: ctx.operation.docsUrl,
      status: "404",
    },
  };
}

function validationFailed(ctx: RouteContext, resource: string, field: string, message: string): RouteAnswer {
  return {
    status: 422,
    body: {
      message: "Validation Failed",
      errors: [{ resource, code: "custom", field, message }],
      documentation_url: ctx.operation.docsUrl,
      status: "422",
    },
  };
}

function paginated<T>(ctx: RouteContext, all: T[], render: (items: T[]) => unknown[]): RouteAnswer {
  const { items, headers } = page(ctx, all);
  return { status: 200, body: render(items), headers };
}

/** GitHub's pagination: `per_page` (default 30, at most 100), `page` from 1, and a `Link` header. */
export function page<T>(
  ctx: RouteContext,
  all: T[],
): { items: T[]; headers: Record<string, string> | undefined } {
  const requested = Number(ctx.query.per_page ?? 30);
  const perPage = requested >= 1 ? Math.min(100, Math.floor(requested)) : 30;
  const pageNumber = Math.max(1, Math.floor(Number(ctx.query.page ?? 1)) || 1);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((pageNumber - 1) * perPage, pageNumber * perPage);
  if (lastPage === 1) return { items, headers: undefined };
  const link = (n: number): string => {
    const url = new URL(ctx.requestUrl.pathname, ctx.baseUrl);
    for (const [key, value] of ctx.requestUrl.searchParams)
      if (key !== "page") url.searchParams.set(key, value);
    url.searchParams.set("page", String(n));
    return `<${url.href}>`;
  };
  const links: string[] = [];
  if (pageNumber > 1) links.push(`${link(Math.min(pageNumber - 1, lastPage))}; rel="prev"`);
  if (pageNumber < lastPage) {
    links.push(`${link(pageNumber + 1)}; rel="next"`);
    links.push(`${link(lastPage)}; rel="last"`);
  }
  if (pageNumber > 1) links.push(`${link(1)}; rel="first"`);
  return { items, headers: { link: links.join(", ") } };
}
