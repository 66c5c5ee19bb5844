// Runs the action the way a GitHub-hosted runner does: `node <runs.main>` from action.yml in a child process,
// in a workspace that is a real git checkout made the way actions/checkout makes it, with the runner's
// environment, INPUT_* variables from action.yml's inputs and defaults, and the runner's file commands
// (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) read back afterwards.
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse as parseYamlDocument } from "yaml";
import { DEFAULT_BRANCH, splitRepository } from "./events.js";
import type { Payload, WebhookEvent } from "./events.js";
import { DEFAULT_TOKEN } from "./fake-github/state.js";
import type { FakeGitHubState } from "./fake-github/state.js";

const run = promisify(execFile);

/** The repository root: where action.yml and dist/ live. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The runner refuses a job summary above 1 MiB. */
const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Workspace

export interface WorkspaceOptions {
  /** Files of the base commit (the target branch). */
  base: Record<string, string>;
  /** Changes of the head commit on top of base; `null` deletes a file. Without it there is no head commit. */
  head?: Record<string, string | null>;
  baseBranch?: string;
  headBranch?: string;
  /** Number of the pull request whose refs/pull/N/{head,merge} the origin holds; default 1. */
  pullNumber?: number;
  /** Which commit actions/checkout checks out; default `merge` with a head commit, else `base`. */
  checkout?: "merge" | "head" | "base";
  /** actions/checkout's `fetch-depth`: 1 (its default) makes a shallow clone; 0 fetches all history. */
  fetchDepth?: number;
  /** Commit dates (author and committer); default now. */
  dates?: { base?: Date | string; head?: Date | string };
}

export interface Workspace {
  /** GITHUB_WORKSPACE: the checkout. */
  dir: string;
  /** The repository as GitHub holds it; the checkout's `origin`. */
  originDir: string;
  baseBranch: string;
  headBranch: string;
  pullNumber: number;
  baseSha: string;
  /** The head commit, or the base commit when there is none. */
  headSha: string;
  /** GitHub's test merge (refs/pull/N/merge), when there is a head commit. */
  mergeSha: string | undefined;
  /** The commit checked out in `dir`. */
  checkedOut: string;
  shallow: boolean;
  /** Every file at base and at head. */
  files: { base: Record<string, string>; head: Record<string, string> };
  /** Removes the workspace and its origin. */
  cleanup(): Promise<void>;
}

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_TERMINAL_PROMPT: "0",
  GIT_AUTHOR_NAME: "Shipgate Test",
  GIT_AUTHOR_EMAIL: "test@shipgate.invalid",
  GIT_COMMITTER_NAME: "Shipgate Test",
  GIT_COMMITTER_EMAIL: "test@shipgate.invalid",
};

async function git(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await run(
      "git",
      [
        "-c",
        "commit.gpgsign=false",
        "-c",
        "core.autocrlf=false",
        "-c",
        "protocol.file.allow=always",
        ...args,
      ],
      {
        cwd,
        env: { PATH: process.env.PATH ?? "", HOME: cwd, ...GIT_ENV, ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    return stdout.trim();
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${detail}`);
  }
}

async function writeFiles(dir: string, files: Record<string, string | null>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    if (!target.startsWith(dir + "/")) throw new Error(`workspace file ${path} leaves the workspace`);
    if (text === null) {
      await rm(target, { force: true });
    } else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
  }
}

function dateEnv(date: Date | string | undefined): Record<string, string> {
  if (date === undefined) return {};
  const iso = (typeof date === "string" ? new Date(date) : date).toISOString();
  return { GIT_AUTHOR_DATE: iso, GIT_COMMITTER_DATE: iso };
}

/**
 * A git repository with a base commit on `baseBranch` and (optionally) a head commit on top of it on
 * `headBranch`, plus GitHub's refs/pull/N/head and test-merge refs/pull/N/merge; then a checkout of it
 * made as actions/checkout makes one (init, fetch by SHA at `fetchDepth`, detached checkout).
 */
export async function makeWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const root = await mkdtemp(join(tmpdir(), "shipgate-ws-"));
  const originDir = join(root, "origin");
  const dir = join(root, "workspace");
  const baseBranch = options.baseBranch ?? DEFAULT_BRANCH;
  const headBranch = options.headBranch ?? "feature";
  const pullNumber = options.pullNumber ?? 1;
  const fetchDepth = options.fetchDepth ?? 1;
  try {
    await mkdir(originDir);
    await git(originDir, ["init", "-q", "-b", baseBranch]);
    // Lets the checkout fetch a commit by SHA, as GitHub's servers allow.
    await git(originDir, ["config", "uploadpack.allowAnySHA1InWant", "true"]);
    await writeFiles(originDir, options.base);
    await git(originDir, ["add", "-A"]);
    await git(
      originDir,
      ["commit", "-q", "--allow-empty", "-m", "Base commit"],
      dateEnv(options.dates?.base),
    );
    const baseSha = await git(originDir, ["rev-parse", "HEAD"]);
    const baseFiles = { ...options.base };

    let headSha = baseSha;
    let mergeSha: string | undefined;
    const headFiles: Record<string, string> = { ...baseFiles };
    if (options.head) {
      await git(originDir, ["checkout", "-q", "-b", headBranch]);
      await writeFiles(originDir, options.head);
      for (const [path, text] of Object.entries(options.head)) {
        if (text === null) delete headFiles[path];
        else headFiles[path] = text;
      }
      await git(originDir, ["add", "-A"]);
      await git(
        originDir,
        ["commit", "-q", "--allow-empty", "-m", "Head commit"],
        dateEnv(options.dates?.head),
      );
      headSha = await git(originDir, ["rev-parse", "HEAD"]);
      // GitHub's test merge always has two parents, even when the head is a fast-forward of the base.
      await git(originDir, ["checkout", "-q", "--detach", baseSha]);
      await git(
        originDir,
        ["merge", "-q", "--no-ff", "--no-edit", "-m", `Merge ${headSha} into ${baseSha}`, headSha],
        dateEnv(options.dates?.head),
      );
      mergeSha = await git(originDir, ["rev-parse", "HEAD"]);
      await git(originDir, ["update-ref", `refs/pull/${pullNumber}/head`, headSha]);
      await git(originDir, ["update-ref", `refs/pull/${pullNumber}/merge`, mergeSha]);
      await git(originDir, ["checkout", "-q", baseBranch]);
    }

    const target = options.checkout ?? (options.head ? "merge" : "base");
    if (target === "merge" && !mergeSha)
      throw new Error("makeWorkspace: checkout 'merge' needs a head commit");
    const checkedOut = target === "merge" ? mergeSha! : target === "head" ? headSha : baseSha;
    const localRef =
      target === "merge"
        ? `refs/remotes/pull/${pullNumber}/merge`
        : `refs/remotes/origin/${target === "head" ? headBranch : baseBranch}`;

    await mkdir(dir);
    await git(dir, ["init", "-q"]);
    await git(dir, ["remote", "add", "origin", `file://${originDir}`]);
    await git(dir, ["config", "--local", "gc.auto", "0"]);
    const fetch = ["fetch", "-q", "--no-tags", "--prune", "--no-recurse-submodules"];
    if (fetchDepth > 0) {
      await git(dir, [...fetch, `--depth=${fetchDepth}`, "origin", `+${checkedOut}:${localRef}`]);
    } else {
      const refspecs = ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"];
      if (target === "merge") refspecs.push(`+${checkedOut}:${localRef}`);
      await git(dir, [...fetch, "origin", ...refspecs]);
    }
    // As actions/checkout: the test merge detached, a branch as a local branch of the same name.
    if (target === "merge") await git(dir, ["checkout", "-q", "--force", localRef]);
    else
      await git(dir, [
        "checkout",
        "-q",
        "--force",
        "-B",
        target === "head" ? headBranch : baseBranch,
        localRef,
      ]);

    return {
      dir,
      originDir,
      baseBranch,
      headBranch,
      pullNumber,
      baseSha,
      headSha,
      mergeSha,
      checkedOut,
      shallow: fetchDepth > 0,
      files: { base: baseFiles, head: headFiles },
      cleanup: () => rm(root, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Gives the fake GitHub what GitHub would know about this repository: the base branch, the pull
 * request refs, and the files at the base, head and merge commits.
 */
export function publishWorkspace(state: FakeGitHubState, workspace: Workspace): void {
  state.setBranch(workspace.baseBranch, workspace.baseSha);
  state.setFiles(workspace.baseSha, workspace.files.base);
  state.setFiles(workspace.headSha, workspace.files.head);
  state.setRef(`refs/pull/${workspace.pullNumber}/head`, workspace.headSha);
  if (workspace.mergeSha) {
    state.setFiles(workspace.mergeSha, workspace.files.head);
    state.setRef(`refs/pull/${workspace.pullNumber}/merge`, workspace.mergeSha);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Running the action

export interface RunActionOptions {
  event: WebhookEvent;
  /** The checkout (GITHUB_WORKSPACE and the working directory). */
  workspace: Workspace | string;
  /** GITHUB_API_URL: the fake GitHub or its URL. */
  api: { url: string } | string;
  /** `with:` values. An input set to undefined is left out even if action.yml gives it a default. */
  inputs?: Record<string, string | undefined>;
  /** The workflow's `github.token`; default the fake's {@link DEFAULT_TOKEN}. */
  token?: string;
  /** Folder holding action.yml; default the repository root. */
  actionDir?: string;
  /** Extra environment (a workflow's `env:`), applied last. */
  env?: Record<string, string>;
  /** Overrides GITHUB_SHA / GITHUB_REF derived from the event. */
  sha?: string;
  ref?: string;
  /** RUNNER_DEBUG=1, as when a run is re-run with debug logging. */
  debug?: boolean;
  /** Hard limit; the process is killed after it. Default 20 s. */
  timeoutMs?: number;
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  /** Exit code, or null when killed (timeout). */
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** From GITHUB_OUTPUT, both `name=value` and `name<<delimiter` forms. */
  outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY's content. */
  summary: string;
  /** Workflow commands written to stdout (`::error file=...::message`, `::debug::`, ...). */
  commands: WorkflowCommand[];
  /** The `error`, `warning` and `notice` commands: the annotations the runner would show. */
  annotations: WorkflowCommand[];
  /** What the runner itself would reject (malformed file commands, an oversized summary). */
  runnerErrors: string[];
  /** The environment the action ran with. */
  env: Record<string, string>;
  durationMs: number;
}

interface ActionManifest {
  inputs: Map<string, { default: string | undefined }>;
  using: string;
  main: string;
}

async function readActionManifest(actionDir: string): Promise<ActionManifest> {
  const file = ["action.yml", "action.yaml"].map((name) => join(actionDir, name)).find((f) => existsSync(f));
  if (!file) throw new Error(`no action.yml in ${actionDir}`);
  const document = parseYamlDocument(await readFile(file, "utf8")) as {
    inputs?: Record<string, { default?: unknown } | null>;
    runs?: { using?: string; main?: string };
  };
  const runs = document.runs ?? {};
  if (!runs.using || !/^node\d+$/.test(runs.using) || !runs.main) {
    throw new Error(`${file}: runs.using must be nodeNN with runs.main (got ${JSON.stringify(runs)})`);
  }
  const inputs = new Map<string, { default: string | undefined }>();
  for (const [name, spec] of Object.entries(document.inputs ?? {})) {
    const value = spec?.default;
    inputs.set(name, { default: value === undefined || value === null ? undefined : String(value) });
  }
  return { inputs, using: runs.using, main: runs.main };
}

/** Runner naming: `INPUT_` + name upper-cased with spaces as underscores (dashes stay). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** GITHUB_SHA and GITHUB_REF for an event, as GitHub sets them. */
export function refAndShaOf(
  event: WebhookEvent,
  workspace: Workspace | undefined,
): { ref: string; sha: string | undefined; baseRef: string; headRef: string } {
  const payload = event.payload;
  const pull = payload.pull_request as Payload | undefined;
  const side = (key: "base" | "head"): { ref: string; sha: string } => {
    const value = pull?.[key] as { ref: string; sha: string } | undefined;
    if (!value) throw new Error(`${event.name} payload has no pull_request.${key}`);
    return value;
  };
  switch (event.name) {
    case "pull_request":
    case "pull_request_review":
      return {
        ref: `refs/pull/${String(pull?.number)}/merge`,
        sha: workspace?.mergeSha ?? side("head").sha,
        baseRef: side("base").ref,
        headRef: side("head").ref,
      };
    case "pull_request_target":
      return {
        ref: `refs/heads/${side("base").ref}`,
        sha: side("base").sha,
        baseRef: side("base").ref,
        headRef: side("head").ref,
      };
    case "merge_group": {
      const group = payload.merge_group as { head_ref: string; head_sha: string };
      return { ref: group.head_ref, sha: group.head_sha, baseRef: "", headRef: "" };
    }
    case "push":
      return { ref: String(payload.ref), sha: String(payload.after), baseRef: "", headRef: "" };
    case "workflow_dispatch":
      return { ref: String(payload.ref), sha: workspace?.checkedOut, baseRef: "", headRef: "" };
  }
}

const STRIPPED_VARIABLES = /^(GITHUB_|INPUT_|RUNNER_|ACTIONS_|STATE_|VITEST|JEST_)/;
// Not present on a runner, and able to change how the action behaves or where its requests go.
const STRIPPED_NAMES = new Set([
  "CI",
  "NODE_OPTIONS",
  "NODE_ENV",
  "TEST",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "http_proxy",
  "https_proxy",
  "all_proxy",
  "no_proxy",
  "FORCE_COLOR",
  "NO_COLOR",
]);

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const actionDir = options.actionDir ?? REPOSITORY_ROOT;
  const manifest = await readActionManifest(actionDir);
  const workspace = typeof options.workspace === "string" ? undefined : options.workspace;
  const workspaceDir = typeof options.workspace === "string" ? options.workspace : options.workspace.dir;
  const apiUrl = (typeof options.api === "string" ? options.api : options.api.url).replace(/\/+$/, "");
  const token = options.token ?? DEFAULT_TOKEN;
  const event = options.event;
  const repository = String((event.payload.repository as Payload | undefined)?.full_name ?? "");
  const { owner } = splitRepository(repository);
  const derived = refAndShaOf(event, workspace);
  const ref = options.ref ?? derived.ref;
  const sha = options.sha ?? derived.sha;
  if (!sha) throw new Error(`runAction: cannot tell GITHUB_SHA for ${event.name}; pass sha`);

  const runnerTemp = await mkdtemp(join(tmpdir(), "shipgate-runner-"));
  try {
    const commandsDir = join(runnerTemp, "_runner_file_commands");
    const eventDir = join(runnerTemp, "_github_workflow");
    await mkdir(commandsDir);
    await mkdir(eventDir);
    const eventPath = join(eventDir, "event.json");
    await writeFile(eventPath, JSON.stringify(event.payload, null, 2));
    const fileCommand = (name: string) => join(commandsDir, `${name}_${randomUUID()}`);
    const files = {
      GITHUB_OUTPUT: fileCommand("set_output"),
      GITHUB_STEP_SUMMARY: fileCommand("step_summary"),
      GITHUB_STATE: fileCommand("save_state"),
      GITHUB_ENV: fileCommand("set_env"),
      GITHUB_PATH: fileCommand("add_path"),
    };
    for (const path of Object.values(files)) await writeFile(path, "");

    const sender = (event.payload.sender as Payload | undefined) ?? {};
    const actor = String(sender.login ?? "octocat");
    const runId = String(10_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
    const refName = ref.replace(/^refs\/(heads|tags)\//, "").replace(/^refs\/pull\//, "");
    const expressionContext: Record<string, string> = {
      "github.token": token,
      "github.repository": repository,
      "github.repository_owner": owner,
      "github.ref": ref,
      "github.ref_name": refName,
      "github.sha": sha,
      "github.event_name": event.name,
      "github.workspace": workspaceDir,
      "github.server_url": "https://github.com",
      "github.api_url": apiUrl,
      "github.run_id": runId,
      "github.actor": actor,
      "runner.temp": runnerTemp,
    };

    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value === undefined || STRIPPED_VARIABLES.test(key) || STRIPPED_NAMES.has(key)) continue;
      env[key] = value;
    }
    Object.assign(env, {
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspaceDir,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: owner,
      GITHUB_REPOSITORY_ID: String((event.payload.repository as Payload | undefined)?.id ?? 1),
      GITHUB_SHA: sha,
      GITHUB_REF: ref,
      GITHUB_REF_NAME: refName,
      GITHUB_REF_TYPE: ref.startsWith("refs/tags/") ? "tag" : "branch",
      GITHUB_REF_PROTECTED: "false",
      GITHUB_BASE_REF: derived.baseRef,
      GITHUB_HEAD_REF: derived.headRef,
      GITHUB_API_URL: apiUrl,
      GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_NUMBER: "1",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_JOB: "gate",
      GITHUB_WORKFLOW: "Shipgate",
      GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/shipgate.yml@${ref}`,
      GITHUB_WORKFLOW_SHA: sha,
      GITHUB_ACTION: "__shipgate",
      GITHUB_ACTION_REPOSITORY: "",
      GITHUB_ACTION_REF: "",
      GITHUB_ACTOR: actor,
      GITHUB_ACTOR_ID: String(sender.id ?? 1),
      GITHUB_TRIGGERING_ACTOR: actor,
      GITHUB_RETENTION_DAYS: "90",
      ...files,
      RUNNER_TEMP: runnerTemp,
      RUNNER_TOOL_CACHE: join(runnerTemp, "_tool"),
      RUNNER_WORKSPACE: dirname(workspaceDir),
      RUNNER_OS: "Linux",
      RUNNER_ARCH: "X64",
      RUNNER_NAME: "GitHub Actions 1",
      RUNNER_ENVIRONMENT: "github-hosted",
      ...(options.debug ? { RUNNER_DEBUG: "1" } : {}),
    });

    for (const [name, input] of manifest.inputs) {
      if (input.default !== undefined)
        env[inputVariable(name)] = evaluateExpressions(input.default, expressionContext);
    }
    for (const [name, value] of Object.entries(options.inputs ?? {})) {
      if (!manifest.inputs.has(name)) {
        throw new Error(
          `runAction: input "${name}" is not declared in action.yml (${[...manifest.inputs.keys()].join(", ")})`,
        );
      }
      if (value === undefined) delete env[inputVariable(name)];
      else env[inputVariable(name)] = value;
    }
    Object.assign(env, options.env);

    const started = performance.now();
    const result = await spawnNode(
      join(actionDir, manifest.main),
      workspaceDir,
      env,
      options.timeoutMs ?? 20_000,
    );
    const durationMs = performance.now() - started;

    const runnerErrors: string[] = [];
    const outputText = await readFile(files.GITHUB_OUTPUT, "utf8");
    const outputs = parseFileCommand(outputText, "GITHUB_OUTPUT", runnerErrors);
    const summary = await readFile(files.GITHUB_STEP_SUMMARY, "utf8");
    const summaryBytes = Buffer.byteLength(summary);
    if (summaryBytes > STEP_SUMMARY_LIMIT_BYTES) {
      runnerErrors.push(
        `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.ceil(summaryBytes / 1024)}k`,
      );
    }
    const commands = parseWorkflowCommands(result.stdout);
    return {
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      stdout: result.stdout,
      stderr: result.stderr,
      outputs,
      summary,
      commands,
      annotations: commands.filter(
        (c) => c.command === "error" || c.command === "warning" || c.command === "notice",
      ),
      runnerErrors,
      env,
      durationMs,
    };
  } finally {
    await rm(runnerTemp, { recursive: true, force: true });
  }
}

function evaluateExpressions(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_match, expression: string) => {
    const value = context[expression];
    if (value === undefined)
      throw new Error(`runAction: cannot evaluate \${{ ${expression} }} in an action.yml default`);
    return value;
  });
}

function spawnNode(
  entry: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ exitCode: number | null; timedOut: boolean; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [entry], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({
        exitCode: timedOut ? null : code,
        timedOut,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}

/**
 * The runner's reading of GITHUB_OUTPUT (and GITHUB_ENV): `name=value` lines, or `name<<DELIMITER`,
 * value lines, and the delimiter alone on a line. A later value of a name replaces the earlier one.
 */
export function parseFileCommand(text: string, file: string, errors: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = line.indexOf("<<");
    const equals = line.indexOf("=");
    if (heredoc > 0 && (equals < 0 || heredoc < equals)) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (delimiter === "") {
        errors.push(`${file}: invalid format '${line}': the delimiter is empty`);
        continue;
      }
      const valueLines: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        valueLines.push(lines[i]!);
      }
      if (!closed) {
        errors.push(`${file}: invalid value of '${name}': matching delimiter not found '${delimiter}'`);
        break;
      }
      values[name] = valueLines.join("\n");
    } else if (equals > 0) {
      values[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      errors.push(`${file}: invalid format '${line}'`);
    }
  }
  return values;
}

/** Workflow commands in a step's stdout, honouring `::stop-commands::` as the runner does. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const rawLine of stdout.split(/\r?\n/)) {
    const line = rawLine.trimStart();
    if (!line.startsWith("::")) continue;
    const end = line.indexOf("::", 2);
    if (end < 0) continue;
    const head = line.slice(2, end);
    const message = line.slice(end + 2);
    const space = head.indexOf(" ");
    const command = space < 0 ? head : head.slice(0, space);
    if (stopToken !== undefined) {
      if (command === stopToken && space < 0) stopToken = undefined;
      continue;
    }
    if (command === "stop-commands") {
      stopToken = message;
      continue;
    }
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of head.slice(space + 1).split(",")) {
        const eq = pair.indexOf("=");
        if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
      }
    }
    commands.push({ command, properties, message: unescapeData(message) });
  }
  return commands;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function unescapeProperty(text: string): string {
  return text
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3A/g, ":")
    .replace(/%2C/g, ",")
    .replace(/%25/g, "%");
}
