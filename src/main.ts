// The action: read the inputs, run the pipeline (pipeline.ts: plan → gather → evaluate → explain), publish.
// The only place that reads inputs, sets outputs, writes the job summary and annotations, and decides the
// exit code. Publishing never changes the decision; anything unexpected fails the gate with one line,
// never a stack trace, never a pass.
import { clockFrom } from "./clock.js";
import * as core from "@actions/core";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ConfigProblem } from "./config/types.js";
import { isDefect, defectLine, UserError } from "./base/errors.js";
import { undeclaredStage } from "./gate/stage.js";
import type { EnforcementState, GateReport } from "./gate/types.js";
import type { GitHubClient, Logger } from "./github/client.js";
import { publishCheckRun, type CheckRunTarget } from "./github/checkrun.js";
import { commentBody, isUserToken, publishComment } from "./github/comment.js";
import { baselineOf } from "./github/baseline.js";
import { eventSourceFromEnv, readRunContext, type RunContext } from "./github/context.js";
import { readEnforcement } from "./github/enforcement.js";
import { describeGitHubError, errorLine, redact } from "./github/errors.js";
import { OWN_CHECK_NAME } from "./github/facts.js";
import { DEFAULT_FILES, gateFails, parseInputs, type ActionInputs } from "./github/inputs.js";
import { permissionHint, type Permission } from "./github/permissions.js";
import { gitHubPullRequestContext } from "./github/pull-request-context.js";
import { guardNote, workflowGuard, workflowPathOf } from "./github/workflow-guard.js";
import { limitsFromEnv, runPipeline } from "./pipeline.js";
import {
  CHECK_RUN_SUMMARY_MAX,
  CHECK_RUN_TITLE_MAX,
  checkRunOutput,
  escapeMarkdown,
  judgedStages,
  renderJson,
  renderMarkdown,
  renderText,
  toAnnotations,
  type Annotation,
  type BlobLinks,
} from "./report/index.js";
import { renderHtml } from "./report/html.js";
import { sanitizeLines } from "./report/escape.js";

/** GitHub shows at most 10 errors and 10 warnings per step from workflow commands; the check run has all. */
const LOG_ANNOTATIONS_PER_LEVEL = 10;
/** The job summary holds 1 MiB; Markdown characters can take up to 4 bytes. */
const SUMMARY_MAX_CHARS = 250_000;
const REPORT_FILE = "shipgate-report.json";
/** The `enforced` output of each enforcement state (docs/action.md). */
const ENFORCED_OUTPUT: Record<EnforcementState, string> = {
  enforced: "true",
  "not-enforced": "false",
  unknown: "unknown",
};
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
    await decideAndPublish(state, env);
  } catch (err) {
    // A defect says so; anything else (the user's to fix, or GitHub's) says what went wrong.
    await failClosed(state, env, isDefect(err) ? redact(defectLine(err)) : oneLine(err));
  }
}

async function decideAndPublish(state: RunState, env: NodeJS.ProcessEnv): Promise<void> {
  const parsed = parseInputs({
    "github-token": core.getInput("github-token"),
    files: core.getInput("files"),
    stage: core.getInput("stage"),
    comment: core.getInput("comment"),
    "fail-on": core.getInput("fail-on"),
    "html-report": core.getInput("html-report"),
    "allow-no-systems": core.getInput("allow-no-systems"),
  });
  if (!parsed.ok) throw new UserError(`invalid input: ${parsed.problems.join("; ")}`);
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

  const result = await runPipeline<ActionInputs>({
    root,
    settings: inputs,
    ...(ctx.branch ? { branch: ctx.branch } : {}),
    pullRequest: gitHubPullRequestContext(client, ctx, root, log),
    guardFor: (changed) => {
      const guard = workflowGuard(
        ctx.event,
        inputs,
        env.GITHUB_WORKFLOW_REF,
        `${ctx.owner}/${ctx.repo}`,
        changed,
        env.SHIPGATE_NOW?.trim() || undefined,
      );
      return guard && { ...guard, note: (approver, owners) => guardNote(guard, approver, owners) };
    },
    now: clockFrom(env.SHIPGATE_NOW),
    limits: limitsFromEnv(env),
    nothingFound: (pattern) => nothingFound(pattern, env),
    explain: true,
    baseline: baselineOf(ctx),
    log: { ...log, untrusted: logUntrusted },
  });
  const { report, notes } = result;
  // Whether a No-go blocks anything: asked of GitHub for the branch this run gates (none when not gated).
  if (ctx.branch !== undefined && report.verdict !== "not-gated") {
    report.enforcement = await readEnforcement(
      client,
      { owner: ctx.owner, repo: ctx.repo, branches: [ctx.branch] },
      log,
    );
  }
  // The inputs in force: a pull request that changed its own workflow may have lost its weakening ones.
  const effective = (state.inputs = result.settings);
  // A stage input that no readiness file declares is an input error: the run and its check run fail,
  // whatever fail-on says, and the report (each system's blocker) is still published.
  const badStage = undeclaredStage(report.systems, effective.stage || undefined);
  const failing = gateFails(report.verdict, effective.failOn) || badStage !== undefined;
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
  if (report.enforcement?.state === "not-enforced") {
    const open = report.enforcement.branches.filter((b) => b.state === "not-required").map((b) => b.branch);
    core.warning(
      `Shipgate: a No-go does not block merging into ${open.join(", ")}: the branch does not require the ${OWN_CHECK_NAME} check. Run \`npx shipgate protect --apply\` with a repository admin's token, or add a branch ruleset requiring ${OWN_CHECK_NAME} from GitHub Actions (Settings → Rules → Rulesets).`,
    );
  }

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
  // The stages the report view judged: the same answer the comment and the check run give.
  core.setOutput("stage", judgedStages(report).join(","));
  core.setOutput("enforced", ENFORCED_OUTPUT[report.enforcement?.state ?? "unknown"]);
  if (reportPath) core.setOutput("report", reportPath);
  if (htmlPath) core.setOutput("html-report", htmlPath);

  // The exit code is the gate.
  if (unpublished) {
    const reason = `the ${OWN_CHECK_NAME} check run could not be written, so the gate fails closed (${published.headline}): ${published.checkRunFailure}`;
    await writeSummary(`\n**${escapeMarkdown(reason)}**\n`, { append: true });
    core.setFailed(`Shipgate: ${reason}`);
  } else if (badStage !== undefined) {
    core.setFailed(`Shipgate: invalid input: ${badStage}`);
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
  core.setOutput("enforced", "unknown");
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

const oneLine = errorLine;
