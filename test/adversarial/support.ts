// Shared machinery of the adversarial suite: run a hostile repository through the bundled CLI and the
// bundled action, time it, check that it failed closed without a stack trace, and keep a table of what
// was observed so SECURITY.md can quote real runs.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPOSITORY_ROOT, runAction, type ActionRun, type Workspace } from "../support/action-runner.js";
import { withCoverage } from "../support/coverage.js";
import type { WebhookEvent } from "../support/events.js";
import type { FakeGitHub } from "../support/fake-github/index.js";

export const CLI = join(REPOSITORY_ROOT, "dist/cli.js");
/** The ESM hook that stubs child_process in the process under test (see spawn-guard.mjs). */
export const SPAWN_GUARD = join(REPOSITORY_ROOT, "test/adversarial/spawn-guard.mjs");
/** Pinned clock for the CLI, so waiver and age cases read the same every day. */
export const NOW = "2026-11-22T12:00:00Z";

/** A frame of a JavaScript stack trace, or the engine's own crash words: never shown to a user. */
export const STACK_TRACE =
  /\n\s+at (?:async )?[\w$.<>[\] ]*\(?(?:file:|node:|\/)[^\n]*:\d+:\d+\)?|Maximum call stack|RangeError|TypeError: |ReferenceError|SyntaxError: Unexpected|Unhandled|ERR_[A-Z_]{4,}/;

export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `shipgate-adv-${prefix}-`));
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fixed 40-hex commit id per name, so every case's check run can be found in a shared fake. */
export function shaOf(name: string): string {
  return createHash("sha1").update(name).digest("hex");
}

export function write(root: string, path: string, text: string | Buffer): void {
  const target = join(root, path);
  mkdirSync(join(target, ".."), { recursive: true });
  writeFileSync(target, text);
}

/**
 * A readiness file with one production stage on main and the given `checks:` items (YAML text). These
 * cases are about hostile input, not category coverage: the categories without a check are declared not
 * applicable by the owner.
 */
export function readiness(checks: string, extra = ""): string {
  return withCoverage(readinessText(checks, extra));
}

/** The same without the notApplicable block: for cases that append YAML of their own and name its line. */
export function readinessText(checks: string, extra = ""): string {
  return [
    "version: 1",
    "system: hostile",
    'owners: ["@carol"]',
    "stages:",
    "  - name: production",
    "    branches: [main]",
    "checks:",
    checks.replace(/\n$/, ""),
    extra,
  ].join("\n");
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs a node script in a child process with a hard deadline; never throws for a failing exit. */
export function runNode(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ProcessRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: opts.cwd ?? REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? 30_000);
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code: timedOut ? null : code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: performance.now() - started,
        timedOut,
      });
    });
  });
}

/** `shipgate check` from the bundle, on `root`, with the clock pinned. */
export function runCli(
  root: string,
  args: string[] = [],
  opts: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ProcessRun> {
  return runNode([CLI, "check", "--root", root, ...args], {
    env: { SHIPGATE_NOW: NOW, ...opts.env },
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
}

export interface ActionCaseRun extends ActionRun {
  /** The JSON report the action wrote, if any (kept: RUNNER_TEMP is pointed at a folder we own). */
  reportJson: string | undefined;
  /** The HTML report, when the `html-report` input asked for one. */
  reportHtml: string | undefined;
}

/**
 * Runs the bundled action, keeping the JSON report: the runner's temp folder is deleted by runAction,
 * so RUNNER_TEMP is pointed at a scratch folder of ours.
 */
export async function runActionKeepingReport(options: {
  event: WebhookEvent;
  workspace: Workspace | string;
  fake: FakeGitHub;
  /** Another API URL than the fake's own, e.g. a proxy in front of it. */
  apiUrl?: string;
  sha?: string;
  token?: string;
  inputs?: Record<string, string | undefined>;
  env?: Record<string, string>;
  debug?: boolean;
  timeoutMs?: number;
}): Promise<ActionCaseRun> {
  const reportDir = scratch("report");
  try {
    const run = await runAction({
      event: options.event,
      workspace: options.workspace,
      api: options.apiUrl ?? options.fake,
      ...(options.sha !== undefined ? { sha: options.sha } : {}),
      ...(options.token !== undefined ? { token: options.token } : {}),
      ...(options.inputs !== undefined ? { inputs: options.inputs } : {}),
      ...(options.debug ? { debug: true } : {}),
      env: { RUNNER_TEMP: reportDir, ...options.env },
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    const kept = (name: string): string | undefined => {
      try {
        return readFileSync(join(reportDir, name), "utf8");
      } catch {
        return undefined;
      }
    };
    return { ...run, reportJson: kept("shipgate-report.json"), reportHtml: kept("shipgate-report.html") };
  } finally {
    removeScratch(reportDir);
  }
}

/** The lines of the action's log that are not workflow commands (what a person reads). */
export function logLines(stdout: string): string[] {
  return stdout.split(/\r?\n/).filter((l) => !l.startsWith("::"));
}

// ---------------------------------------------------------------------------------------------------------
// The observed-results table

export interface Observation {
  group: string;
  case: string;
  via: "cli" | "action" | "in-process";
  ms: number;
  /** How it ended, e.g. `exit 2`, `exit 1, no-go`, `go after 1 retry`. */
  outcome: string;
  /** The message a user sees, one line. */
  message: string;
}

const observations: Observation[] = [];

export function observe(o: Observation): void {
  observations.push({ ...o, message: oneLine(o.message) });
}

export function oneLine(text: string, max = 160): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The first line of `text` that matches `pattern`, for the table. */
export function lineMatching(text: string, pattern: RegExp): string {
  for (const line of text.split(/\r?\n/)) {
    if (pattern.test(line)) return line.replace(/^::[^:]*::/, "").trim();
  }
  return "";
}

/**
 * Prints the table of this file's observations (Markdown, ready to paste) and keeps a copy under
 * test/.tmp/adversarial/, which git ignores.
 */
export function printObservations(file: string): void {
  if (observations.length === 0) return;
  // This file's rows only: a worker runs the next test file with the same module (vitest isolate: false).
  const taken = observations.splice(0);
  const rows = [
    "| Group | Case | Via | Time | Outcome | Message |",
    "| --- | --- | --- | ---: | --- | --- |",
    ...taken.map(
      (o) =>
        `| ${cell(o.group)} | ${cell(o.case)} | ${o.via} | ${formatMs(o.ms)} | ${cell(o.outcome)} | ${cell(o.message)} |`,
    ),
  ];
  const table = `${rows.join("\n")}\n`;
  const dir = join(REPOSITORY_ROOT, "test/.tmp/adversarial");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${file}.md`), table);
  console.log(`\nObserved results (${file}):\n${table}`);
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/`/g, "'");
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
