// The action: load → gather → evaluate → report → publish. The only place that reads inputs, sets
// outputs, writes the job summary and annotations, and decides the exit code. Publishing never changes
// the decision; anything unexpected fails the gate with one line, never a stack trace, never a pass.
import { clockFrom } from "./clock.js";
import * as core from "@actions/core";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadReadiness } from "./config/load.js";
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
  type FactsTarget,
} from "./github/facts.js";
import { checkedOutCommit, hasCommit } from "./github/git.js";
import { gateFails, parseInputs, type ActionInputs } from "./github/inputs.js";
import { permissionHint, type Permission } from "./github/permissions.js";
import { applyPolicy, ownersToAsk, planPolicy, type PolicyPlan } from "./github/policy.js";
import {
  checkRunOutput,
  renderJson,
  renderMarkdown,
  renderText,
  toAnnotations,
  type Annotation,
  type BlobLinks,
} from "./report/index.js";
import { baseMissingReason, compareReports } from "./report/delta.js";
import { escapeMarkdown, sanitizeLines } from "./report/escape.js";
import { renderHtml } from "./report/html.js";
import { budgetFromEnv, RunBudget, type BudgetLimits } from "./repo/budget.js";
import { GitTreeRepo } from "./repo/git-tree.js";

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
  const { report, input } = await evaluate(client, ctx, inputs, root, now, limits.limits);
  const failing = gateFails(report.verdict, inputs.failOn);
  // After the decision: what the pull request changes is explanation, and never changes the verdict.
  if (ctx.pullRequest) report.delta = await compareWithBase(report, input, ctx.pullRequest.baseSha);
  const links: BlobLinks = {
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    repository: `${ctx.owner}/${ctx.repo}`,
    sha: ctx.headSha,
  };

  // Report locally first: a hung or failing API cannot lose the summary or the annotations.
  logUntrusted(renderText(report, { color: false }));
  const reportPath = await writeReportFile(report, env, root);
  const htmlPath = inputs.htmlReport ? await writeHtmlFile(report, links, env, root) : undefined;
  await writeSummary(renderMarkdown(report, { links, maxLength: SUMMARY_MAX_CHARS }));
  const annotations = toAnnotations(report);
  logAnnotations(annotations);

  const published = await publish(client, ctx, inputs, env, { report, failing, links, annotations });

  // Without its check run a gate is not in force: when fail-on asks for a gate, that fails it too.
  const unpublished = published.checkRunFailure !== undefined && inputs.failOn !== "never";
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
  } else {
    const note =
      report.verdict === "no-go" || report.verdict === "conditional" ? ` (fail-on: ${inputs.failOn})` : "";
    core.info(`Shipgate: ${published.headline}${note}`);
  }
}

/** Load → gather → evaluate: the readiness files, the base policy, the GitHub facts, then the gate. */
async function evaluate(
  client: GitHubClient,
  ctx: RunContext,
  inputs: ActionInputs,
  root: string,
  now: Date,
  limits: BudgetLimits,
): Promise<{ report: GateReport; input: GateInput }> {
  // The policy comes from the base branch on pull requests: read the base versions of changed files.
  let plan: PolicyPlan | undefined;
  if (ctx.pullRequest) {
    plan = await planPolicy(client, {
      owner: ctx.owner,
      repo: ctx.repo,
      pullNumber: ctx.pullRequest.number,
      baseSha: ctx.pullRequest.baseSha,
      headSha: ctx.pullRequest.headSha,
      root,
      pattern: inputs.files,
    });
  }

  // Load: the readiness files as they are in the checkout. A new file that claims an existing system
  // is the one in the wrong, whatever the sort order.
  const added = plan && new Set(plan.changes.filter((c) => c.change === "added").map((c) => c.path));
  const head = await loadReadiness(root, inputs.files, added ? { added } : {});

  // Gather: only the facts some check (or an owner's approval of a changed gate) needs, once.
  const baseFiles = (plan?.bases ?? []).flatMap((b) => (b.file ? [b.file] : []));
  const needs = needsOfFiles([...head.files, ...baseFiles]);
  if (plan && baseFiles.length > 0) needsOfOwners(ownersToAsk(plan), needs);
  const factsTarget: FactsTarget = { owner: ctx.owner, repo: ctx.repo, headSha: ctx.headSha };
  if (ctx.pullRequest) {
    const { number, author, headSha } = ctx.pullRequest;
    factsTarget.pullRequest = { number, author, headSha };
  } else if (needs.reviews) {
    try {
      const pr = await findPullRequest(client, {
        owner: ctx.owner,
        repo: ctx.repo,
        sha: ctx.headSha,
        mergeGroupRef: ctx.mergeGroupRef,
      });
      if (pr) factsTarget.pullRequest = pr;
      else core.info("No pull request is behind this run, so approval checks have no reviews to count.");
    } catch (err) {
      core.warning(`cannot find the pull request behind this run: ${describeGitHubError(err)}`);
    }
  }
  const gathered = await gatherFacts(client, factsTarget, needs, log);

  // Decide which version of each changed readiness file judges, then evaluate.
  const policy = plan
    ? applyPolicy(head, plan, gathered.facts.pullRequest)
    : { readiness: head, policies: {} as Record<string, PolicyNote>, log: [] as string[] };
  if (policy.log.length > 0) logUntrusted(policy.log.join("\n"));
  const input: GateInput = {
    root,
    readiness: policy.readiness,
    target: {
      ...(ctx.branch ? { branch: ctx.branch } : {}),
      ...(inputs.stage ? { stage: inputs.stage } : {}),
    },
    github: gathered.facts,
    now,
    policies: policy.policies,
    budget: new RunBudget(limits),
  };
  const report = await runGate(input);
  const used = input.budget!.used;
  core.info(
    `Read ${(used.readBytes / 1024 / 1024).toFixed(1)} MiB of evidence, matched ${used.filesMatched} file(s) by glob, walked git history ${used.historyWalks} time(s).`,
  );
  return { report, input };
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
  result: { report: GateReport; failing: boolean; links: BlobLinks; annotations: Annotation[] },
): Promise<{ headline: string; checkRunFailure?: string }> {
  const { report, failing, links, annotations } = result;
  const missing = new Set<Permission>();
  const output = checkRunOutput(report, { links });
  const checkRun = await publishCheckRun(client, checkRunTarget(ctx, env), {
    conclusion: failing ? "failure" : "success",
    title: output.title,
    summary: output.summary,
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
      commentBody(ctx.pullRequest.headSha, (maxLength) => renderMarkdown(report, { links, maxLength })),
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
  return { headline: output.title, ...(checkRunFailure !== undefined ? { checkRunFailure } : {}) };
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
