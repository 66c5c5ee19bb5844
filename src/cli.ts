#!/usr/bin/env node
// The command line: the same pipeline as the action (pipeline.ts), run on a local checkout with no GitHub.
// Thin: it parses arguments, runs the pipeline and renders (or scans and writes for init), and decides the
// exit code (0 go/conditional/not-gated, 1 no-go, 2 what the user must fix, or a defect, in one line).
import { ClockError, clockFrom } from "./clock.js";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { gitToplevelSync } from "./base/git.js";
import { DEFAULT_READINESS_GLOB } from "./config/files.js";
import { defectLine, isDefect, UserError } from "./base/errors.js";
import type { GateReport } from "./gate/types.js";
import type { InitResult } from "./init/index.js";
import { GITHUB_ACTIONS_APP_ID } from "./github/enforcement.js";
import { describeGitHubError, isRequestError } from "./github/errors.js";
import { OWN_CHECK_NAME } from "./github/facts.js";
import { applyProtection, planProtection, ProtectError } from "./github/protect.js";
import { RULESET_NAME, rulesetIncludes, stageBranches, wantedRuleset } from "./github/ruleset.js";
import { sanitizeTerminal } from "./report/escape.js";
import type { FsRepo } from "./repo/fs.js";

// Only what parsing the command line needs is imported above; the commands come from commands.ts, loaded
// once the arguments are known, so `--help`, `--version` and a usage error answer without loading the
// YAML reader, zod or the parsers (docs/performance.md, "Startup and parsers").
const commands = () => import("./commands.js");

declare const SHIPGATE_VERSION: string | undefined;
const VERSION = typeof SHIPGATE_VERSION === "string" ? SHIPGATE_VERSION : "dev";

const HELP = `shipgate: keep AI systems out of production until they are ready

Usage:
  shipgate check [options]      evaluate every readiness file and print the report
  shipgate validate [options]   check the readiness files only (no evidence is read)
  shipgate report --html <file> [options]
                                evaluate like check and write a self-contained HTML page
  shipgate init [options]       scan the repository for evidence that already exists and
                                write a readiness file wiring it up
  shipgate protect [--apply]    print (with --apply: create or update) the repository
                                ruleset that requires the shipgate check on every
                                branch a stage names, so that a No-go blocks the merge
  shipgate --help | --version

Options for check, validate and report:
  --stage <name>      judge this stage (default: each system's highest stage,
                      i.e. "could this ship to production?")
  --branch <name>     judge the stage that this target branch requires instead
  --format <format>   text (default), json or markdown (check only)
  --html <file>       where report writes the HTML page (required for report)
  --files <glob>      which readiness files (default: ${DEFAULT_READINESS_GLOB})
  --local             leave checks that need GitHub (approval, ci) out of the
                      verdict instead of letting them block a Go
  --base <ref>        the baseline regression checks compare against: a branch,
                      tag or commit this checkout holds, e.g. origin/main
                      (check and report; without it they are not evaluable)
  --allow-no-systems  pass when no readiness file matches (default: nothing
                      found exits 2, naming the glob)
  --root <dir>        the repository (default: the git repository around the
                      current directory, else the current directory)

Options for init:
  --output <path>     where to write, relative to the repository root (default:
                      readiness.yml; e.g. services/fraud/readiness.yml in a
                      monorepo: only that folder is scanned for evidence)
  --branch <name>     the default branch, gated as production (default: read
                      from .git, else main)
  --force             overwrite an existing readiness file
  --root <dir>        the repository (as above)

Options for protect (reads GITHUB_TOKEN, an admin's token for --apply;
GITHUB_REPOSITORY; GITHUB_API_URL, default https://api.github.com):
  --apply             write the ruleset (default: print it and what would change)
  --repo <owner/name> the repository (default: GITHUB_REPOSITORY)
  --files <glob>      which readiness files name the branches (as above)
  --root <dir>        the repository checkout (as above)

  -h, --help          show this help
  -v, --version       show the version

Exit codes: 0 go, conditional go or not gated (init: written; protect:
printed, written or already in place); 1 no-go (protect: GitHub refused or
failed); 2 invalid readiness file, no readiness file found, or usage error
(init: nothing written).
`;

/** A bad command line: said with a pointer to --help. */
class UsageError extends UserError {}

const COMMANDS = ["check", "validate", "report", "init", "protect"] as const;
type Command = (typeof COMMANDS)[number];
/** Options each command takes beyond --root, --help and --version. */
const COMMAND_OPTIONS: Record<Command, readonly string[]> = {
  check: ["stage", "branch", "format", "files", "local", "allow-no-systems", "base"],
  validate: ["stage", "branch", "format", "files", "local", "allow-no-systems"],
  report: ["stage", "branch", "html", "files", "local", "allow-no-systems", "base"],
  init: ["output", "branch", "force"],
  protect: ["files", "apply", "repo"],
};

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        stage: { type: "string" },
        branch: { type: "string" },
        format: { type: "string" },
        files: { type: "string" },
        local: { type: "boolean" },
        base: { type: "string" },
        "allow-no-systems": { type: "boolean" },
        html: { type: "string" },
        output: { type: "string" },
        force: { type: "boolean" },
        apply: { type: "boolean" },
        repo: { type: "string" },
        root: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
    });
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = positionals[0] ?? "check";
  if (positionals.length > 1) return usage(`unexpected argument "${positionals[1]}"`);
  if (!(COMMANDS as readonly string[]).includes(command)) return usage(`unknown command "${command}"`);
  const allowed = COMMAND_OPTIONS[command as Command];
  for (const name of [
    "stage",
    "branch",
    "format",
    "files",
    "local",
    "allow-no-systems",
    "base",
    "html",
    "output",
    "force",
    "apply",
    "repo",
  ] as const) {
    if (values[name] !== undefined && !allowed.includes(name))
      return usage(`${command} does not take --${name}`);
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json" && format !== "markdown") {
    return usage(`--format must be text, json or markdown, not "${format}"`);
  }
  if (values.stage !== undefined && values.branch !== undefined)
    return usage("give --stage or --branch, not both");
  if (command === "report" && (values.html === undefined || values.html.trim() === ""))
    return usage("report needs --html <file>: where to write the page");
  const files = values.files ?? DEFAULT_READINESS_GLOB;

  try {
    const root = repositoryRoot(values.root);
    if (command === "init") {
      return await init(root, {
        ...(values.output !== undefined ? { output: values.output } : {}),
        ...(values.branch !== undefined ? { branch: values.branch } : {}),
        force: values.force === true,
      });
    }
    const run = await commands();
    const repo = new run.FsRepo(root);
    if (command === "protect") {
      return await protect(repo, root, files, {
        apply: values.apply === true,
        ...(values.repo !== undefined ? { repo: values.repo } : {}),
      });
    }
    const color = format === "text" && colorWanted();
    const allowNoSystems = values["allow-no-systems"] === true;
    // Nothing found is not a pass: a mistyped --files must not look like a clean repository.
    const nothingFound = (): never => {
      throw new UserError(
        `no readiness file matches ${files} under ${root}, so there is nothing to check. Fix --files, add a readiness file (shipgate init), or pass --allow-no-systems if this repository knowingly has none`,
      );
    };

    if (command === "validate") {
      const readiness = await run.loadReadiness(repo, files);
      if (readiness.files.length === 0 && readiness.problems.length === 0 && !allowNoSystems) nothingFound();
      if (readiness.problems.length > 0) {
        process.stdout.write(run.renderProblems(readiness.problems, { color }));
        return 2;
      }
      if (readiness.files.length === 0) {
        process.stdout.write(
          `No readiness files match ${files} under ${root} (allowed by --allow-no-systems).\n`,
        );
        return 0;
      }
      const names = readiness.files.map(
        (f) =>
          `  ${sanitizeTerminal(f.spec.system)} (${sanitizeTerminal(f.path)}): ${f.spec.checks.length} checks`,
      );
      process.stdout.write(`${readiness.files.length} readiness file(s) valid:\n${names.join("\n")}\n`);
      return 0;
    }

    // Resolved before anything is read: a mistyped --base is a usage mistake, said at once.
    const baseline = values.base !== undefined ? await run.baselineFromRef(root, values.base) : undefined;
    const { report } = await run.runPipeline({
      root,
      repo,
      settings: { files, ...(values.stage !== undefined ? { stage: values.stage } : {}), allowNoSystems },
      ...(values.branch !== undefined ? { branch: values.branch } : {}),
      ...(values.local === true ? { local: true } : {}),
      // Checks that need GitHub are not evaluable locally.
      pullRequest: run.NO_PULL_REQUEST_CONTEXT,
      ...(baseline ? { baseline } : {}),
      now: clockFrom(process.env.SHIPGATE_NOW),
      limits: run.limitsFromEnv(process.env),
      nothingFound,
      log: run.QUIET_LOG,
    });
    // A stage no readiness file declares is a mistake in the command, not a No-go of the systems.
    const badStage = run.undeclaredStage(report.systems, values.stage);
    if (badStage !== undefined) return usage(sanitizeTerminal(badStage));
    if (command === "report") {
      const path = resolve(values.html as string);
      const links = actionsLinks();
      const { renderHtml } = await import("./report/html.js");
      await writeFile(path, renderHtml(report, links ? { links } : {})).catch(
        (err: NodeJS.ErrnoException) => {
          throw new UserError(`cannot write the HTML report to ${path} (${err.code ?? err.message})`);
        },
      );
      process.stdout.write(
        `${sanitizeTerminal(run.reportHeadline(report))}\nWrote the HTML report to ${path}\n`,
      );
    } else {
      const out =
        format === "json"
          ? run.renderJson(report)
          : format === "markdown"
            ? run.renderMarkdown(report)
            : run.renderText(report, { color });
      process.stdout.write(out.endsWith("\n") ? out : `${out}\n`);
    }
    if (report.systems.length === 0 && report.problems.length === 0) {
      process.stderr.write(
        `shipgate: no readiness files match ${files} under ${root} (allowed by --allow-no-systems)\n`,
      );
    }
    return exitCode(report);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ClockError) return usage(err.message);
    if (err instanceof ProtectError || isRequestError(err)) {
      const line = err instanceof ProtectError ? err.message : describeGitHubError(err);
      process.stderr.write(`shipgate protect: ${sanitizeTerminal(line)}\n`);
      return 1;
    }
    // Fail closed with one line, never a stack trace: what the user must fix, or a defect said as one.
    const line = isDefect(err) ? defectLine(err) : err instanceof Error ? err.message : String(err);
    process.stderr.write(`shipgate: ${sanitizeTerminal(line)}\n`);
    return 2;
  }
}

/** `shipgate protect`: the ruleset the readiness files call for, printed, and with --apply written. */
async function protect(
  repo: FsRepo,
  root: string,
  files: string,
  options: { apply: boolean; repo?: string },
): Promise<number> {
  const { loadReadiness, renderProblems } = await commands();
  const readiness = await loadReadiness(repo, files);
  if (readiness.problems.length > 0) {
    process.stdout.write(renderProblems(readiness.problems, { color: false }));
    return 2;
  }
  const branches = stageBranches(readiness.files);
  if (branches.length === 0) {
    throw new UserError(
      readiness.files.length === 0
        ? `no readiness file matches ${files} under ${root}, so no stage names a branch to protect`
        : `no stage of the readiness files under ${root} names a branch, so there is nothing to protect`,
    );
  }
  const includes = rulesetIncludes(branches);
  if ("problems" in includes) throw new UserError(includes.problems.map(sanitizeTerminal).join("\n"));

  const full = options.repo ?? process.env.GITHUB_REPOSITORY ?? "";
  const [owner, name, ...rest] = full.split("/");
  const target = owner && name && rest.length === 0 ? { owner, repo: name } : undefined;
  if (full !== "" && target === undefined) throw new UsageError(`--repo must be owner/name, not "${full}"`);
  const token = process.env.GITHUB_TOKEN?.trim() ?? "";
  const where = target ? `${target.owner}/${target.repo}` : "the repository";
  const out: string[] = [
    `Ruleset "${RULESET_NAME}" for ${sanitizeTerminal(where)}: requires the ${OWN_CHECK_NAME} check from GitHub Actions (app ${GITHUB_ACTIONS_APP_ID}) on`,
    ...branches.map(
      (b) =>
        `  ${sanitizeTerminal(b.pattern)}  (${sanitizeTerminal(b.system)}, stage ${sanitizeTerminal(b.stage)})`,
    ),
  ];
  if (options.apply && (target === undefined || token === "")) {
    throw new UsageError(
      "protect --apply needs GITHUB_TOKEN (a repository admin's token) and the repository (--repo owner/name or GITHUB_REPOSITORY)",
    );
  }
  if (target === undefined || token === "") {
    process.stdout.write(
      `${out.join("\n")}\n\n${JSON.stringify(wantedRuleset(includes.include), null, 2)}\n\n` +
        `Whether it would be created or updated is not known: set GITHUB_TOKEN and GITHUB_REPOSITORY (or --repo) to compare with the ruleset on GitHub. Nothing was written.\n`,
    );
    return 0;
  }
  const { createGitHubClient } = await import("./github/client.js");
  const client = createGitHubClient(token);
  const plan = await planProtection(client, target, includes.include);
  out.push("", JSON.stringify(plan.body, null, 2), "");
  const id = plan.existingId;
  if (!options.apply) {
    out.push(
      plan.action === "create"
        ? `Would create it. Nothing was written: run again with --apply and a repository admin's GITHUB_TOKEN.`
        : plan.action === "update"
          ? `Would update ruleset ${id}. Nothing was written: run again with --apply and a repository admin's GITHUB_TOKEN.`
          : `Ruleset ${id} already is this ruleset: nothing to change.`,
    );
  } else {
    const written = await applyProtection(client, target, plan);
    const url = written.url ? ` (${written.url})` : "";
    out.push(
      plan.action === "create"
        ? `Created ruleset ${written.id}${url}.`
        : plan.action === "update"
          ? `Updated ruleset ${written.id}${url}.`
          : `Ruleset ${written.id} already is this ruleset: nothing written.`,
    );
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}

function exitCode(report: GateReport): number {
  if (report.problems.length > 0) return 2;
  return report.verdict === "no-go" ? 1 : 0;
}

async function init(
  root: string,
  options: { output?: string; branch?: string; force: boolean },
): Promise<number> {
  const { checkOutput, InitError, initReadiness, outputPath, writeReadinessFile } =
    await import("./init/index.js");
  let result: InitResult;
  try {
    // Refuse before scanning: a file in the way or a missing folder is known at once.
    await checkOutput(root, outputPath(root, options.output ?? "readiness.yml"), options.force);
    result = await initReadiness({ root, ...options });
    await writeReadinessFile(root, result.output, result.text, options.force);
  } catch (err) {
    if (err instanceof InitError) {
      process.stderr.write(`shipgate init: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  process.stdout.write(initSummary(result));
  return 0;
}

/** What init found and what it wrote, for the terminal. */
function initSummary({ output, plan, discovery }: InitResult): string {
  const where = discovery.scope === "" ? "the repository" : discovery.scope;
  const out: string[] = [`Scanned ${where} for readiness evidence.`, ""];
  if (plan.placeholderCheck) {
    out.push(
      "Found no evidence to wire. One check stands in (rollback-plan on docs/rollback.md): it fails",
      "until that plan is written, so the gate says no-go rather than go on no evidence.",
    );
  } else {
    out.push(`Found and wired ${plan.checks.length} check${plan.checks.length === 1 ? "" : "s"}:`);
    const width = Math.max(...plan.checks.map((c) => c.id.length));
    for (const check of plan.checks)
      out.push(`  ${check.category.padEnd(10)} ${check.id.padEnd(width)}  ${check.found}`);
  }
  if (plan.suggestions.length > 0) {
    out.push(
      "",
      `Suggested as comments (${plan.suggestions.length}): ${plan.suggestions.map((s) => s.id).join(", ")}`,
    );
  }
  if (discovery.notes.length > 0) {
    out.push("", "Not used:", ...discovery.notes.slice(0, 20).map((n) => `  - ${n}`));
    if (discovery.notes.length > 20) out.push(`  - and ${discovery.notes.length - 20} more`);
  }
  out.push(
    "",
    `Owners: ${plan.owners.join(", ")}${plan.ownersComment.some((c) => c.startsWith("TODO")) ? " (a placeholder: shipgate check refuses the file until you name the real owners)" : ""}`,
    `Stages: ${plan.stages.map((s) => `${s.name} (${s.branches.join(", ")})`).join(", ")}`,
    "",
    `Wrote ${output}. Review every bar, then run: shipgate check --local`,
  );
  return `${out.join("\n")}\n`;
}

/** Evidence links in the HTML page, when run inside GitHub Actions (which says where and at which commit). */
function actionsLinks(): { serverUrl: string; repository: string; sha: string } | undefined {
  const { GITHUB_SERVER_URL: serverUrl, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = process.env;
  if (!serverUrl || !repository || !sha) return undefined;
  return { serverUrl, repository, sha };
}

function usage(message: string): number {
  process.stderr.write(`shipgate: ${message}\nRun "shipgate --help" for usage.\n`);
  return 2;
}

function repositoryRoot(explicit: string | undefined): string {
  if (explicit !== undefined) return resolve(explicit);
  return gitToplevelSync(process.cwd()) ?? process.cwd();
}

function colorWanted(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return process.stdout.isTTY === true;
}

// A reader that stops early (`shipgate check | head`) closes the pipe: stop quietly, not with a trace.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
