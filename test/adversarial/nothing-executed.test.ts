// Nothing from the repository is executed. The CLI and the action run with every child_process function
// stubbed (spawn-guard.mjs): only `git`, with Shipgate's fixed argv, may start, and every call is recorded.
// The checkout is booby-trapped: git hooks, a core.fsmonitor/pager/filter command in .git/config, a `git`
// executable in the working tree, executable evidence. None of them may run. With git refused too, the
// run must fail closed or degrade with a message, never crash.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  appendFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorkspace, publishWorkspace, type Workspace } from "../support/action-runner.js";
import { pullRequestEvent } from "../support/events.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import {
  CLI,
  SPAWN_GUARD,
  STACK_TRACE,
  lineMatching,
  observe,
  printObservations,
  readiness,
  removeScratch,
  runActionKeepingReport,
  runNode,
  scratch,
} from "./support.js";

interface GuardEntry {
  fn?: string;
  file?: string;
  argv?: string[];
  allowed?: boolean;
  exit?: boolean;
  polluted?: boolean;
}

const root = scratch("noexec");
const markers = join(root, "markers");
const TRAP = `#!/bin/sh\ntouch "${markers}/$(basename "$0")-$$"\nexit 0\n`;
const HOOKS = [
  "pre-commit",
  "post-checkout",
  "post-merge",
  "post-rewrite",
  "reference-transaction",
  "post-index-change",
  "fsmonitor-watchman",
  "pre-auto-gc",
];

// The base version judges (the pull request edits readiness.yml and no owner approved): a maxAge check
// makes git read history, the policy makes git read the base version.
const BASE_READINESS = readiness(`  - id: model-card
    category: model
    file: { path: docs/model-card.md }
    maxAge: 3650d
  - id: run-script
    category: operations
    file: { path: scripts/run.sh }`);

let workspace: Workspace;
let fake: FakeGitHub;

beforeAll(async () => {
  mkdirSync(markers, { recursive: true });
  workspace = await makeWorkspace({
    base: {
      "readiness.yml": BASE_READINESS,
      "docs/model-card.md": "# Model card\n\nScope and limits.\n",
      "scripts/run.sh": TRAP,
      "package.json": JSON.stringify({
        name: "x",
        scripts: { preinstall: "sh scripts/run.sh", test: "sh scripts/run.sh" },
      }),
      ".gitattributes": "* filter=trap diff=trap\n",
    },
    head: {
      "readiness.yml": BASE_READINESS.replace("system: hostile", "system: hostile\ndescription: lowered bar"),
    },
    fetchDepth: 0,
  });
  const dir = workspace.dir;
  chmodSync(join(dir, "scripts/run.sh"), 0o755);
  writeFileSync(join(dir, "git"), TRAP, { mode: 0o755 });
  const trap = join(root, "trap.sh");
  writeFileSync(trap, TRAP, { mode: 0o755 });
  for (const hook of HOOKS) writeFileSync(join(dir, ".git/hooks", hook), TRAP, { mode: 0o755 });
  appendFileSync(
    join(dir, ".git/config"),
    [
      "[core]",
      `\tfsmonitor = ${trap}`,
      `\tpager = ${trap}`,
      `\tsshCommand = ${trap}`,
      `[filter "trap"]`,
      `\tclean = ${trap}`,
      `\tsmudge = ${trap}`,
      `[diff "trap"]`,
      `\ttextconv = ${trap}`,
      `\tcommand = ${trap}`,
      "",
    ].join("\n"),
  );
  fake = await startFakeGitHub({
    pullRequests: [
      {
        number: workspace.pullNumber,
        base: { ref: workspace.baseBranch, sha: workspace.baseSha },
        head: { ref: workspace.headBranch, sha: workspace.headSha },
      },
    ],
  });
  publishWorkspace(fake.state, workspace);
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await workspace?.cleanup();
  removeScratch(root);
  printObservations("nothing-executed");
});

function guardLog(path: string): GuardEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GuardEntry);
}

function trapsThatRan(): string[] {
  return readdirSync(markers);
}

function event() {
  return pullRequestEvent({
    number: workspace.pullNumber,
    base: { ref: workspace.baseBranch, sha: workspace.baseSha },
    head: { ref: workspace.headBranch, sha: workspace.headSha },
  });
}

/** Every spawn was git with Shipgate's argv, at the checkout; returns the git subcommands used. */
function expectOnlyGit(log: GuardEntry[]): string[] {
  const calls = log.filter((e) => !e.exit);
  for (const call of calls) {
    expect(call).toMatchObject({ file: "git", allowed: true });
    const argv = call.argv ?? [];
    if (argv[0] === "--no-pager") expect(argv[argv.indexOf("-C") + 1]).toBe(workspace.dir);
  }
  return [...new Set(calls.map((c) => subcommand(c.argv ?? [])))].sort();
}

function subcommand(argv: string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-C" || a === "-c") i++;
    else if (!a.startsWith("-")) return a;
  }
  return "?";
}

describe("nothing from the repository is executed", () => {
  it("action: only git runs, with Shipgate's argv, and no trap fires", async () => {
    const log = join(root, "action-git-only.jsonl");
    const run = await runActionKeepingReport({
      event: event(),
      workspace,
      fake,
      // A GIT_DIR naming another folder: every git start must clear it (the guard refuses one that does not).
      env: {
        NODE_OPTIONS: `--import ${SPAWN_GUARD}`,
        SHIPGATE_GUARD_LOG: log,
        GIT_DIR: join(root, "elsewhere"),
      },
    });
    const entries = guardLog(log);
    const used = expectOnlyGit(entries);
    observe({
      group: "Nothing executed",
      case: "action, git allowed; hooks, fsmonitor, pager, filters, ./git and scripts planted",
      via: "action",
      ms: run.durationMs,
      outcome: `exit ${String(run.exitCode)}, verdict ${run.outputs.verdict ?? "(none)"}; spawned: git ${used.join(", git ")}; traps fired: ${trapsThatRan().length}`,
      message: lineMatching(run.stdout, /base version|judged by/i),
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    // git really ran: history for maxAge, the base version for the policy.
    expect(used).toEqual(expect.arrayContaining(["cat-file", "log"]));
    expect(trapsThatRan()).toEqual([]);
    expect(entries.find((e) => e.exit)).toMatchObject({ polluted: false });
  });

  it("action: with git refused too, the run fails closed or degrades, saying why", async () => {
    const log = join(root, "action-none.jsonl");
    const run = await runActionKeepingReport({
      event: event(),
      workspace,
      fake,
      env: { NODE_OPTIONS: `--import ${SPAWN_GUARD}`, SHIPGATE_GUARD_LOG: log, SHIPGATE_GUARD_MODE: "none" },
    });
    const entries = guardLog(log);
    const said = lineMatching(run.stdout, /git/i);
    observe({
      group: "Nothing executed",
      case: "action, every process refused (git too)",
      via: "action",
      ms: run.durationMs,
      outcome: `exit ${String(run.exitCode)}, verdict ${run.outputs.verdict ?? "(none)"}; spawn attempts: ${entries.filter((e) => !e.exit).length}, all git: ${entries.every((e) => e.exit || e.file === "git") ? "yes" : "NO"}`,
      message: said,
    });
    expect(run.timedOut).toBe(false);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_TRACE);
    expect(entries.filter((e) => !e.exit).every((e) => e.file === "git")).toBe(true);
    // The maxAge check cannot be decided without git: never a Go.
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).not.toBe("go");
    expect(said, run.stdout).not.toBe("");
    expect(trapsThatRan()).toEqual([]);
  });

  it("CLI: only git runs (finding the root, reading history) and no trap fires", async () => {
    const log = join(root, "cli-git-only.jsonl");
    const run = await runNode(["--import", SPAWN_GUARD, CLI, "check"], {
      cwd: workspace.dir,
      env: { SHIPGATE_GUARD_LOG: log, GIT_DIR: join(root, "elsewhere") },
    });
    const used = expectOnlyGit(guardLog(log));
    observe({
      group: "Nothing executed",
      case: "CLI in the booby-trapped checkout, git allowed",
      via: "cli",
      ms: run.ms,
      outcome: `exit ${String(run.code)}; spawned: git ${used.join(", git ")}; traps fired: ${trapsThatRan().length}`,
      message: run.stdout.split("\n")[0] ?? "",
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(used).toEqual(expect.arrayContaining(["log", "rev-parse"]));
    expect(trapsThatRan()).toEqual([]);
  });

  it("CLI: with git refused, the maxAge check fails saying git cannot tell the age", async () => {
    const log = join(root, "cli-none.jsonl");
    const run = await runNode(["--import", SPAWN_GUARD, CLI, "check", "--root", workspace.dir], {
      env: { SHIPGATE_GUARD_LOG: log, SHIPGATE_GUARD_MODE: "none" },
    });
    const said = lineMatching(run.stdout, /model-card/);
    observe({
      group: "Nothing executed",
      case: "CLI, every process refused (git too)",
      via: "cli",
      ms: run.ms,
      outcome: `exit ${String(run.code)}`,
      message: said,
    });
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_TRACE);
    expect(run.code).toBe(1);
    expect(said).toMatch(/git cannot tell when docs\/model-card\.md last changed: git could not be started/);
    expect(trapsThatRan()).toEqual([]);
  });
});
