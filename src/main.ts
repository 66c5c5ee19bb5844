// The action: load → gather → evaluate → report → publish. The only place that reads inputs, sets
// outputs, writes the job summary and annotations, and decides the exit code. Publishing never changes
// the decision; anything unexpected fails the gate with one line, never a stack trace, never a pass.
import { clockFrom } from "./clock.js";
import * as core from "@actions/core";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadReadiness } from "./config/load.js";
import type { ConfigProblem, LoadResult } from "./config/types.js";
import { runGate, type GateInput } from "./engine.js";
import type { GateReport, PolicyNote, ReportDelta } from "./gate/types.js";
import type { GitHubClient, Logger } from "./github/client.js";
import { publishCheckRun, type CheckRunTarget } from "./github/checkrun.js";
import { commentBody, isUserToken, publishComment } from "./github/comment.js";
import { eventSourceFromEnv, readRunContext, type RunContext } from "./github/context.js";
import { describeGitHubError, isRequestError, redact } from "./github/errors.js";
import {
  findPullRequest,
  gatherFacts,
  OWN_CHECK_NAME,
  needsOfFiles,
  needsOfOwners,
  noNeeds,
  type FactsTarget,
} from "./github/facts.js";
import { checkedOutCommit, hasCommit } from "./github/git.js";
import { DEFAULT_FILES, gateFails, parseInputs, type ActionInputs } from "./github/inputs.js";
import { permissionHint, type Permission } from "./github/permissions.js";
import {
  applyPolicy,
  approvingOwner,
  listChangedFiles,
  ownersToAsk,
  planPolicy,
  type ChangedFiles,
  type PolicyPlan,
} from "./github/policy.js";
import { workflowGuard, workflowPathOf, type WorkflowGuard } from "./github/workflow-guard.js";
import {
  CHECK_RUN_SUMMARY_MAX,
  CHECK_RUN_TITLE_MAX,
  checkRunOutput,
  escapeMarkdown,
  renderJson,
  renderMarkdown,
  renderText,
  toAnnotations,
  type Annotation,
  type BlobLinks,
} from "./report/index.js";
import { baseMissingReason, compareReports } from "./report/delta.js";
import { renderHtml } from "./report/html.js";
import { sanitizeLines } from "./report/escape.js";
import { budgetFromEnv, RunBudget, type BudgetLimits } from "./repo/budget.js";
import { GitTreeRepo } from "./repo/git-tree.js";
import { FsRepo } from "./repo/fs.js";

/** GitHub shows at most 10 errors and 10 warnings per step from workflow commands; the check run has all. */
const LOG_ANNOTATIONS_PER_LEVEL = 10;
/** The job summary holds 1 MiB; Markdown characters can take up to 4 bytes. */
const SUMMARY_MAX_CHARS = 250_000;
const REPORT_FILE = "shipgate-report.json";
const HTML_REPORT_FILE = "shipgate-report.html";

const log: Logger = { debug: core.debug, info: core.info, warning: core.warning };

/** What is known so far, so a failure can still be published as a failing check run. */
interface RunState {
  inputs?: ActionInputs;
  ctx?: RunContext;
  client?: GitHubClient;
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const state: RunState = {};
  try {
    await gate(state, env);
  } catch (err) {
    await failClosed(state, env, oneLine(err));
  }
}

async function gate(state: RunState, env: NodeJS.ProcessEnv): Promise<void> {
  const parsed = parseInputs({
    "github-token": core.getInput("github-token"),
    files: core.getInput("files"),
    stage: core.getInput("stage"),
    comment: core.getInput("comment"),
    "fail-on": core.getInput("fail-on"),
    "html-report": core.getInput("html-report"),
    "allow-no-systems": core.getInput("allow-no-systems"),
  });
  if (!parsed.ok) throw new Error(`invalid input: ${parsed.problems.join("; ")}`);
  const inputs = (state.inputs = parsed.inputs);
  core.setSecret(inputs.githubToken);

  const ctx = (state.ctx = readRunContext(await eventSourceFromEnv(env)));
  // Loaded only now: @actions/github parses the event payload as it loads, and a broken one is reported above.
  const { createGitHubClient } = await import("./github/client.js");
  const client = (state.client = createGitHubClient(inputs.githubToken, { log }));
  const root = env.GITHUB_WORKSPACE || process.cwd();
  core.info(
    `Shipgate: ${ctx.event} on ${ctx.owner}/${ctx.repo}, ${ctx.branch ? `branch ${ctx.branch}` : "no branch"}, commit ${ctx.headSha.slice(0, 7)}` +
      (ctx.pullRequest ? `, pull request #${ctx.pullRequest.number}` : "") +
      (inputs.stage ? `, stage ${inputs.stage} (forced)` : ""),
  );

  const now = clockFrom(env.SHIPGATE_NOW);
  const limits = budgetFromEnv(env);
  if (!limits.ok) throw new Error(`invalid budget: ${limits.problems.join("; ")}`);
  const evaluated = await evaluate(client, ctx, inputs, root, now, env, limits.limits);
  const { report, input, notes } = evaluated;
  // The inputs in force: a pull request that changed its own workflow may have lost its weakening ones.
  const effective = (state.inputs = evaluated.inputs);
  const failing = gateFails(report.verdict, effective.failOn);
  // After the decision: what the pull request changes is explanation, and never changes the verdict.
  if (ctx.pullRequest) report.delta = await compareWithBase(report, input, ctx.pullRequest.baseSha);
  const links: BlobLinks = {
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    repository: `${ctx.owner}/${ctx.repo}`,
    sha: ctx.headSha,
  };

  // Report locally first: a hung or failing API cannot lose the summary or the annotations.
  const notesMarkdown = notes.map((n) => `> **Policy:** ${escapeMarkdown(n)}\n\n`).join("");
  if (notes.length > 0) logUntrusted(notes.map((n) => `Policy: ${n}`).join("\n"));
  logUntrusted(renderText(report, { color: false }));
  const reportPath = await writeReportFile(report, env, root);
  const htmlPath = inputs.htmlReport ? await writeHtmlFile(report, links, env, root) : undefined;
  await writeSummary(
    withNotes(
      renderMarkdown(report, { links, maxLength: SUMMARY_MAX_CHARS - notesMarkdown.length }),
      notesMarkdown,
    ),
  );
  const annotations = toAnnotations(report);
  logAnnotations(annotations);

  const published = await publish(client, ctx, effective, env, {
    report,
    failing,
    links,
    annotations,
    notesMarkdown,
  });

  // Without its check run a gate is not in force: when fail-on asks for a gate, that fails it too.
  const unpublished = published.checkRunFailure !== undefined && effective.failOn !== "never";
  // Outputs last: a later step never reads "go" from a run that did not finish publishing it.
  core.setOutput("verdict", unpublished ? "no-go" : report.verdict);
  core.setOutput("stage", stageOf(report));
  if (reportPath) core.setOutput("report", reportPath);
  if (htmlPath) core.setOutput("html-report", htmlPath);

  // The exit code is the gate.
  if (unpublished) {
    const reason = `the ${OWN_CHECK_NAME} check run could not be written, so the gate fails closed (${published.headline}): ${published.checkRunFailure}`;
    await writeSummary(`\n**${escapeMarkdown(reason)}**\n`, { append: true });
    core.setFailed(`Shipgate: ${reason}`);
  } else if (failing) {
    core.setFailed(`Shipgate: ${published.headline}`);
  } else if (published.movedOn !== undefined) {
    // The decision stands (publishing never changes it); only the check run on the left commit says so.
    core.warning(`Shipgate: ${published.headline}, but the check run is not a pass: ${published.movedOn}`);
  } else {
    const note =
      report.verdict === "no-go" || report.verdict === "conditional" ? ` (fail-on: ${effective.failOn})` : "";
    core.info(`Shipgate: ${published.headline}${note}`);
  }
}

/** The readiness files under one `files` glob, and on a pull request the base versions of those it changes. */
interface Prepared {
  head: LoadResult;
  plan?: PolicyPlan;
}

/**
 * Load → gather → evaluate: the readiness files, the base policy, the GitHub facts, then the gate. Returns
 * the inputs in force (weakening ones dropped when the pull request changed its own workflow) and the
 * policy notes that say so.
 */
async function evaluate(
  client: GitHubClient,
  ctx: RunContext,
  inputs: ActionInputs,
  root: string,
  now: Date,
  env: NodeJS.ProcessEnv,
  limits: BudgetLimits,
): Promise<{ report: GateReport; input: GateInput; inputs: ActionInputs; notes: string[] }> {
  const pr = ctx.pullRequest;
  // What the judged commit changes against its base, from the commits themselves (never the pull
  // request's file list, which describes its head now and may be a later commit).
  let changed: ChangedFiles | undefined;
  if (pr) {
    changed = await listChangedFiles(client, {
      owner: ctx.owner,
      repo: ctx.repo,
      baseSha: pr.baseSha,
      headSha: pr.headSha,
      root,
      pullNumber: pr.number,
    });
    const how = {
      git: "git diff in the checkout",
      compare: "GitHub's comparison of the commits",
      "pull-files": "the pull request's file list, its head being the judged commit",
    }[changed.source];
    core.info(
      `Commit ${pr.headSha.slice(0, 7)} changes ${changed.files.length} file(s) against base ${pr.baseSha.slice(0, 7)} (${how}).`,
    );
  }
  const guard = changed
    ? workflowGuard(
        ctx.event,
        inputs,
        env.GITHUB_WORKFLOW_REF,
        `${ctx.owner}/${ctx.repo}`,
        changed.files,
        env.SHIPGATE_NOW?.trim() || undefined,
      )
    : undefined;

  // Load: the readiness files as they are in the checkout (under the safe glob too, when guarded).
  const prepared = new Map<string, Prepared>();
  for (const pattern of new Set([inputs.files, ...(guard ? [guard.safe.files] : [])])) {
    // The policy comes from the base branch on pull requests: read the base versions of changed files.
    const plan =
      pr && changed
        ? await planPolicy(
            client,
            {
              owner: ctx.owner,
              repo: ctx.repo,
              pullNumber: pr.number,
              baseSha: pr.baseSha,
              headSha: pr.headSha,
              root,
              pattern,
            },
            changed,
          )
        : undefined;
    // A new file that claims an existing system is the one in the wrong, whatever the sort order.
    const added = plan && new Set(plan.changes.filter((c) => c.change === "added").map((c) => c.path));
    const head = await loadReadiness(new FsRepo(root), pattern, added ? { added } : {});
    prepared.set(pattern, { head, ...(plan ? { plan } : {}) });
  }

  // Gather: only the facts some check (or an owner's approval of a changed gate or workflow) needs, once.
  const needs = noNeeds();
  for (const { head, plan } of prepared.values()) {
    needsOfFiles([...head.files, ...(plan?.bases ?? []).flatMap((b) => (b.file ? [b.file] : []))], needs);
    if (plan && plan.bases.some((b) => b.file)) needsOfOwners(ownersToAsk(plan), needs);
  }
  const guardOwners = guard ? baseOwners([...prepared.values()]) : [];
  if (guard) needsOfOwners(guardOwners, needs);
  const factsTarget: FactsTarget = { owner: ctx.owner, repo: ctx.repo, headSha: ctx.headSha };
  if (pr) {
    const { number, author, headSha } = pr;
    factsTarget.pullRequest = { number, author, headSha };
  } else if (needs.reviews) {
    try {
      const found = await findPullRequest(client, {
        owner: ctx.owner,
        repo: ctx.repo,
        sha: ctx.headSha,
        mergeGroupRef: ctx.mergeGroupRef,
      });
      if (found) factsTarget.pullRequest = found;
      else core.info("No pull request is behind this run, so approval checks have no reviews to count.");
    } catch (err) {
      core.warning(`cannot find the pull request behind this run: ${describeGitHubError(err)}`);
    }
  }
  const gathered = await gatherFacts(client, factsTarget, needs, log);

  // The workflow's weakening inputs apply only once an owner approved the head that changes it.
  let effective = inputs;
  let judgedAt = now;
  const notes: string[] = [];
  if (guard) {
    const approver = approvingOwner(guardOwners, gathered.facts.pullRequest);
    const inputsText = guard.weakening.join(", ");
    if (approver) {
      notes.push(
        `${guard.why}; its inputs ${inputsText} apply because owner ${approver} approved this head.`,
      );
    } else {
      effective = guard.safe;
      // A pinned clock would let an expired waiver or stale evidence count: the real clock judges.
      if (guard.unpinsClock) judgedAt = new Date();
      const who =
        guardOwners.length > 0
          ? `an owner (${guardOwners.join(", ")}) approves this head`
          : "an owner named in a base readiness file approves this head (none names one)";
      notes.push(
        `${guard.why}, so the inputs that would weaken the gate (${inputsText}) are ignored until ${who}: judged with ${safeInputsText(guard)}.`,
      );
    }
  }

  // Decide which version of each changed readiness file judges, then evaluate.
  const { head, plan } = prepared.get(effective.files)!;
  const policy = plan
    ? applyPolicy(head, plan, gathered.facts.pullRequest)
    : { readiness: head, policies: {} as Record<string, PolicyNote>, log: [] as string[] };
  if (policy.log.length > 0) logUntrusted(policy.log.join("\n"));
  const readiness = policy.readiness;
  // Nothing found is not a pass (DESIGN.md section 7): a mistyped glob must not turn the gate off.
  if (readiness.files.length === 0 && readiness.problems.length === 0 && !effective.allowNoSystems) {
    readiness.problems.push(nothingFound(effective.files, env));
  }
  const input: GateInput = {
    root,
    readiness,
    target: {
      ...(ctx.branch ? { branch: ctx.branch } : {}),
      ...(effective.stage ? { stage: effective.stage } : {}),
    },
    github: gathered.facts,
    now: judgedAt,
    policies: policy.policies,
    budget: new RunBudget(limits),
  };
  const report = await runGate(input);
  const used = input.budget!.used;
  core.info(
    `Read ${(used.readBytes / 1024 / 1024).toFixed(1)} MiB of evidence, matched ${used.filesMatched} file(s) by glob, walked git history ${used.historyWalks} time(s).`,
  );
  return { report, input, inputs: effective, notes };
}

/**
 * Owners named in the base branch's readiness files: those the pull request leaves as they are, and the
 * base versions of those it changes. A readiness file new in the pull request names nobody here.
 */
function baseOwners(prepared: readonly Prepared[]): string[] {
  const owners = new Set<string>();
  for (const { head, plan } of prepared) {
    const changedPaths = new Set((plan?.changes ?? []).map((c) => c.path));
    for (const file of head.files) {
      if (!changedPaths.has(file.path)) for (const owner of file.spec.owners) owners.add(owner);
    }
    if (plan) for (const owner of ownersToAsk(plan)) owners.add(owner);
  }
  return [...owners];
}

function safeInputsText(guard: WorkflowGuard): string {
  const parts = [`fail-on: ${guard.safe.failOn}`];
  parts.push(guard.safe.stage ? `stage: ${guard.safe.stage}` : "the stage of the target branch");
  parts.push(`files: ${guard.safe.files}`, `allow-no-systems: ${String(guard.safe.allowNoSystems)}`);
  if (guard.unpinsClock) parts.push("the real clock");
  return parts.join(", ");
}

/** The problem that fails a run whose readiness glob matched nothing, located at the workflow that set it. */
function nothingFound(pattern: string, env: NodeJS.ProcessEnv): ConfigProblem {
  const repository = env.GITHUB_REPOSITORY ?? "";
  const workflow = workflowPathOf(env.GITHUB_WORKFLOW_REF, repository);
  return {
    file: workflow ?? "action.yml",
    line: 1,
    column: 1,
    nothingFound: { pattern },
    message:
      `no readiness file matches the files glob "${pattern}", so nothing was checked and the gate fails: nothing found is not a pass. ` +
      `Fix the glob (default ${DEFAULT_FILES}) or add a readiness file; a repository that knowingly has no AI systems sets allow-no-systems: true`,
  };
}

/**
 * What the pull request changes: the base commit's evidence judged under the same readiness files, GitHub
 * facts and clock as the head (no API call), read from git's object database without a checkout, then
 * compared. Nothing is fetched: a checkout without the base commit says how to include it. Never throws.
 */
async function compareWithBase(report: GateReport, input: GateInput, baseSha: string): Promise<ReportDelta> {
  const short = baseSha.slice(0, 7);
  let repo: GitTreeRepo | undefined;
  try {
    if ((await checkedOutCommit(input.root))?.toLowerCase() === baseSha.toLowerCase()) {
      // pull_request_target checks out the base branch: the head report already is the base's.
      const why = `the checkout is the base commit ${short} itself (pull_request_target checks out the base branch), so it holds none of the pull request's changes`;
      core.info(`What this pull request changes is not shown: ${why}.`);
      return compareReports(report, undefined, { baseSha, unavailable: why });
    }
    if (!(await hasCommit(input.root, baseSha))) {
      const why = baseMissingReason(baseSha);
      core.info(`What this pull request changes is not shown: ${why}.`);
      return compareReports(report, undefined, { baseSha, unavailable: why });
    }
    repo = new GitTreeRepo(input.root, baseSha);
    const started = performance.now();
    await repo.open();
    // Its own budget of the same size: explaining the change never eats into the decision's.
    const base = await runGate({ ...input, repo, budget: new RunBudget(input.budget?.limits) });
    const ms = Math.round(performance.now() - started);
    core.info(
      `Evaluated the base commit ${short} under the same policy in ${ms} ms, for what this pull request changes.`,
    );
    return compareReports(report, base, { baseSha });
  } catch (err) {
    const why = `the base commit ${short} could not be evaluated: ${oneLine(err)}`;
    core.warning(`What this pull request changes is not shown: ${why}`);
    return compareReports(report, undefined, { baseSha, unavailable: why });
  } finally {
    repo?.close();
  }
}

/**
 * The check run and the comment. A missing permission is a hint, never a different decision; a check run
 * that could not be written for another reason is returned for the caller to fail closed on.
 */
async function publish(
  client: GitHubClient,
  ctx: RunContext,
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  result: {
    report: GateReport;
    failing: boolean;
    links: BlobLinks;
    annotations: Annotation[];
    /** Policy notes, Markdown, shown above the report. */
    notesMarkdown: string;
  },
): Promise<{ headline: string; checkRunFailure?: string; movedOn?: string }> {
  const { report, failing, links, annotations, notesMarkdown } = result;
  const missing = new Set<Permission>();
  const output = checkRunOutput(report, { links, maxLength: CHECK_RUN_SUMMARY_MAX - notesMarkdown.length });
  // Never a pass on a commit the pull request has left: its Go would gate nothing and mislead.
  const movedOn = failing || !ctx.pullRequest ? undefined : await leftBehind(client, ctx, ctx.pullRequest);
  const checkRun = await publishCheckRun(client, checkRunTarget(ctx, env), {
    conclusion: failing || movedOn !== undefined ? "failure" : "success",
    title: movedOn !== undefined ? clipTitle(movedOn) : output.title,
    summary:
      (movedOn !== undefined ? `**${escapeMarkdown(movedOn)}**\n\n` : "") +
      withNotes(output.summary, notesMarkdown),
    ...(output.text !== undefined ? { text: output.text } : {}),
    annotations,
  });
  let checkRunFailure: string | undefined;
  if (checkRun.action === "created")
    core.info(`Check run ${checkRun.url || checkRun.id}: ${checkRun.annotations} annotation(s).`);
  else if (checkRun.action === "denied") missing.add("checks: write");
  else if (checkRun.action === "incomplete") core.warning(checkRun.reason);
  else {
    core.warning(checkRun.reason);
    checkRunFailure = checkRun.reason;
  }

  if (ctx.pullRequest && inputs.comment !== "never") {
    const gated = report.verdict !== "not-gated" || report.problems.length > 0;
    const comment = await publishComment(
      client,
      {
        owner: ctx.owner,
        repo: ctx.repo,
        pullNumber: ctx.pullRequest.number,
        headSha: ctx.pullRequest.headSha,
      },
      commentBody(ctx.pullRequest.headSha, (maxLength) =>
        withNotes(
          renderMarkdown(report, { links, maxLength: maxLength - notesMarkdown.length }),
          notesMarkdown,
        ),
      ),
      {
        createIfMissing: inputs.comment === "always" || gated,
        log,
        userToken: isUserToken(inputs.githubToken),
        ...(checkRun.action === "created" && checkRun.writer ? { writer: checkRun.writer } : {}),
      },
    );
    if (comment.action === "denied") missing.add("pull-requests: write");
    else if (comment.action === "failed") core.warning(comment.reason);
    else if (comment.action === "skipped") core.info(`Comment not written: ${comment.reason}.`);
    else core.info(`Comment ${comment.action}: ${comment.url}`);
  }
  const hint = permissionHint(missing, { fromFork: ctx.pullRequest?.fromFork });
  if (hint) core.warning(hint);
  return {
    headline: output.title,
    ...(checkRunFailure !== undefined ? { checkRunFailure } : {}),
    ...(movedOn !== undefined ? { movedOn } : {}),
  };
}

/**
 * Why no pass may be written on the judged commit: the pull request's head is now another commit, or
 * GitHub could not say which (fail closed). Undefined when the judged commit is still its head.
 */
async function leftBehind(
  client: GitHubClient,
  ctx: RunContext,
  pr: NonNullable<RunContext["pullRequest"]>,
): Promise<string | undefined> {
  const judged = pr.headSha.slice(0, 7);
  try {
    const { data } = await client.rest.pulls.get({
      owner: ctx.owner,
      repo: ctx.repo,
      pull_number: pr.number,
    });
    if (data.head.sha.toLowerCase() === pr.headSha.toLowerCase()) return undefined;
    return `Not passed: pull request #${pr.number} moved on to ${data.head.sha.slice(0, 7)} while this run judged ${judged}; the run for ${data.head.sha.slice(0, 7)} decides`;
  } catch (err) {
    return `Not passed: cannot tell whether pull request #${pr.number} is still at ${judged} (${describeGitHubError(err)}), so no pass is written on it`;
  }
}

/** The policy notes under the report's headline (its first line), where a reader looks for why. */
function withNotes(markdown: string, notesMarkdown: string): string {
  if (notesMarkdown === "") return markdown;
  const end = markdown.indexOf("\n");
  if (end < 0) return `${markdown}\n\n${notesMarkdown}`;
  return `${markdown.slice(0, end + 1)}\n${notesMarkdown}${markdown.slice(end + 1).replace(/^\n/, "")}`;
}

function clipTitle(text: string): string {
  return text.length <= CHECK_RUN_TITLE_MAX ? text : `${text.slice(0, CHECK_RUN_TITLE_MAX - 1)}…`;
}

/** The decision could not be reached: fail, say why in one line, and never leave a passing check behind. */
async function failClosed(state: RunState, env: NodeJS.ProcessEnv, reason: string): Promise<void> {
  const message = `Shipgate could not reach a decision, so the gate fails: ${reason}`;
  core.setOutput("verdict", "no-go");
  core.setOutput("stage", state.inputs?.stage ?? "");
  await writeSummary(`### ❌ Shipgate could not reach a decision\n\n${escapeMarkdown(reason)}\n`);
  if (state.client && state.ctx) {
    const outcome = await publishCheckRun(state.client, checkRunTarget(state.ctx, env), {
      conclusion: "failure",
      title: "Shipgate could not reach a decision",
      summary: `${escapeMarkdown(reason)}\n\nThe gate fails closed: fix the cause and re-run.`,
      annotations: [],
    }).catch((err: unknown) => ({ action: "failed" as const, reason: oneLine(err) }));
    if (outcome.action !== "created") core.warning(outcome.reason);
  }
  core.setFailed(message);
}

function checkRunTarget(ctx: RunContext, env: NodeJS.ProcessEnv): CheckRunTarget {
  const server = env.GITHUB_SERVER_URL || "https://github.com";
  const runId = env.GITHUB_RUN_ID;
  return {
    owner: ctx.owner,
    repo: ctx.repo,
    headSha: ctx.headSha,
    ...(runId && /^\d+$/.test(runId)
      ? { detailsUrl: `${server}/${ctx.owner}/${ctx.repo}/actions/runs/${runId}` }
      : {}),
  };
}

/** The stage judged: the forced one, else the stages the gated systems were judged at. */
function stageOf(report: GateReport): string {
  if (report.target.stage) return report.target.stage;
  return [...new Set(report.systems.flatMap((s) => (s.stage ? [s.stage] : [])))].join(",");
}

async function writeReportFile(
  report: GateReport,
  env: NodeJS.ProcessEnv,
  root: string,
): Promise<string | undefined> {
  const dir = env.RUNNER_TEMP || root;
  const path = join(dir, REPORT_FILE);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path, renderJson(report) + "\n", "utf8");
    return path;
  } catch (err) {
    core.warning(`cannot write the JSON report to ${path}: ${oneLine(err)}`);
    return undefined;
  }
}

/** The self-contained HTML page, for an upload-artifact step to attach to the run (`html-report: true`). */
async function writeHtmlFile(
  report: GateReport,
  links: BlobLinks,
  env: NodeJS.ProcessEnv,
  root: string,
): Promise<string | undefined> {
  const dir = env.RUNNER_TEMP || root;
  const path = join(dir, HTML_REPORT_FILE);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path, renderHtml(report, { links }), "utf8");
    return path;
  } catch (err) {
    core.warning(`cannot write the HTML report to ${path}: ${oneLine(err)}`);
    return undefined;
  }
}

async function writeSummary(markdown: string, opts: { append?: boolean } = {}): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown, true).write({ overwrite: !opts.append });
  } catch (err) {
    core.warning(`cannot write the job summary: ${oneLine(err)}`);
  }
}

function logAnnotations(annotations: readonly Annotation[]): void {
  const shown = { failure: 0, warning: 0, notice: 0 };
  let hidden = 0;
  for (const a of annotations) {
    if (shown[a.level] >= LOG_ANNOTATIONS_PER_LEVEL) {
      hidden++;
      continue;
    }
    shown[a.level]++;
    const props = { title: a.title, file: a.path, startLine: a.startLine, endLine: a.endLine };
    if (a.level === "failure") core.error(a.message, props);
    else if (a.level === "warning") core.warning(a.message, props);
    else core.notice(a.message, props);
  }
  if (hidden > 0) core.info(`${hidden} more annotation(s) are on the shipgate check run.`);
}

/** Text that quotes evidence or file names: the runner must not read any line of it as a workflow command. */
function logUntrusted(text: string): void {
  const resume = randomUUID();
  core.info(`::stop-commands::${resume}`);
  core.info(sanitizeLines(text));
  core.info(`::${resume}::`);
}

function oneLine(err: unknown): string {
  if (isRequestError(err)) return describeGitHubError(err);
  const text = err instanceof Error ? err.message : String(err);
  return redact(text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "unknown error").trim();
}
