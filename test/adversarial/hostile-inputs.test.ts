// Every hostile repository of cases.ts through BOTH entry points a user runs: the bundled CLI
// (dist/cli.js) and the bundled action (dist/index.js against the loopback fake GitHub), each with
// child_process stubbed (only git may run). Each must end in a clear, located message and a failing
// gate: never a pass, a hang, a stack trace, a secret in the output or a polluted prototype.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushEvent } from "../support/events.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { HOSTILE_CASES, type HostileCase, type Outside } from "./cases.js";
import {
  CLI,
  NOW,
  SPAWN_GUARD,
  STACK_TRACE,
  lineMatching,
  observe,
  printObservations,
  removeScratch,
  runActionKeepingReport,
  runNode,
  scratch,
  shaOf,
  write,
  type ActionCaseRun,
  type ProcessRun,
} from "./support.js";

const root = scratch("hostile");
const outside: Outside = {
  secretPath: join(root, "secret.txt"),
  secretText: "SHIPGATE-SECRET-7f3a9c2e-must-never-be-read",
  outsideDir: join(root, "outside"),
  envCanary: "SHIPGATE-ENV-CANARY-41d0b7",
};

interface GuardEntry {
  fn?: string;
  file?: string;
  argv?: string[];
  allowed?: boolean;
  exit?: boolean;
  polluted?: boolean;
}

interface CaseRuns {
  repo: string;
  cli: ProcessRun;
  cliGuard: GuardEntry[];
  action: ActionCaseRun;
  actionGuard: GuardEntry[];
  requestBodies: string;
}

let fake: FakeGitHub;
const runs = new Map<string, CaseRuns | Error>();

function guardLog(path: string): GuardEntry[] {
  try {
    return readFileSync(path, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as GuardEntry);
  } catch {
    return [];
  }
}

async function runCase(index: number, c: HostileCase): Promise<CaseRuns> {
  const caseDir = join(root, `case-${String(index).padStart(2, "0")}`);
  const repo = join(caseDir, "repo");
  mkdirSync(repo, { recursive: true });
  c.build(repo, outside);
  const env = { SHIPGATE_ENV_CANARY: outside.envCanary };

  const cliLog = join(caseDir, "cli-guard.jsonl");
  const cli = await runNode(["--import", SPAWN_GUARD, CLI, "check", "--root", repo], {
    env: { ...env, SHIPGATE_NOW: NOW, SHIPGATE_GUARD_LOG: cliLog },
    timeoutMs: 30_000,
  });

  const actionLog = join(caseDir, "action-guard.jsonl");
  const sha = shaOf(c.name);
  const before = fake.requests.length;
  const action = await runActionKeepingReport({
    event: pushEvent({ ref: "main", after: sha }),
    workspace: repo,
    fake,
    sha,
    env: { ...env, NODE_OPTIONS: `--import ${SPAWN_GUARD}`, SHIPGATE_GUARD_LOG: actionLog },
    timeoutMs: 30_000,
  });
  const requestBodies = JSON.stringify(fake.requests.slice(before).map((r) => r.body));
  return { repo, cli, cliGuard: guardLog(cliLog), action, actionGuard: guardLog(actionLog), requestBodies };
}

beforeAll(async () => {
  writeFileSync(outside.secretPath, `${outside.secretText}\n`);
  write(
    outside.outsideDir,
    "passing.xml",
    `<testsuite name="outside" tests="1"><testcase classname="x" name="${outside.secretText}"/></testsuite>\n`,
  );
  fake = await startFakeGitHub();
  // Two cases at a time: enough to keep the suite short on two cores without starving the budget.
  const queue = HOSTILE_CASES.map((c, i) => [i, c] as const);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [i, c] = next;
      try {
        runs.set(c.name, await runCase(i, c));
      } catch (err) {
        runs.set(c.name, err instanceof Error ? err : new Error(String(err)));
      }
    }
  };
  await Promise.all([worker(), worker()]);
}, 240_000);

afterAll(async () => {
  await fake?.close();
  removeScratch(root);
  printObservations("hostile-inputs");
});

function runsOf(c: HostileCase): CaseRuns {
  const r = runs.get(c.name);
  if (r === undefined) throw new Error(`case "${c.name}" did not run`);
  if (r instanceof Error) throw r;
  return r;
}

function expectNoLeak(text: string): void {
  expect(text).not.toContain(outside.secretText);
  expect(text).not.toContain(outside.envCanary);
}

describe.each(HOSTILE_CASES.map((c) => [c.group, c.name, c] as const))("%s: %s", (group, name, c) => {
  it("CLI: fails closed with a located message, without a stack trace or a leak", () => {
    const { cli, cliGuard } = runsOf(c);
    const output = `${cli.stdout}\n${cli.stderr}`;
    const shown =
      c.exit === 2
        ? lineMatching(
            output,
            new RegExp(
              `readiness\\.yml:${c.line ?? "\\d+"}:\\d+: .*(?:${c.message.source})`,
              c.message.flags,
            ),
          )
        : lineMatching(output, c.message);
    observe({
      group,
      case: name,
      via: "cli",
      ms: cli.ms,
      outcome: `exit ${String(cli.code)}`,
      message: shown || output,
    });

    expect(cli.timedOut).toBe(false);
    expect(cli.code).toBe(c.exit);
    expect(shown, output).not.toBe("");
    expect(output).not.toMatch(STACK_TRACE);
    expectNoLeak(output);
    // NO_COLOR is set: no escape sequence, no bidi override, no line that a runner would take for a command.
    // eslint-disable-next-line no-control-regex
    expect(output).not.toMatch(/\u001b|[\u202a-\u202e\u2066-\u2069]/);
    expect(output).not.toMatch(/^::/m);
    if (c.maxOutputBytes !== undefined) expect(Buffer.byteLength(output)).toBeLessThan(c.maxOutputBytes);
    // Nothing was spawned (the CLI was given --root and no check asks git) and no prototype was touched.
    expect(cliGuard.filter((e) => !e.exit)).toEqual([]);
    expect(cliGuard.find((e) => e.exit)).toMatchObject({ polluted: false });
  });

  it("action: fails the step and the check run with the same message, without a leak", () => {
    const { action, actionGuard, requestBodies } = runsOf(c);
    const log = action.stdout;
    const shown = lineMatching(log, c.message);
    observe({
      group,
      case: name,
      via: "action",
      ms: action.durationMs,
      outcome: `exit ${String(action.exitCode)}, verdict ${action.outputs.verdict ?? "(none)"}`,
      message: shown || log,
    });

    expect(action.timedOut).toBe(false);
    expect(action.exitCode).toBe(1);
    expect(action.outputs.verdict).toBe("no-go");
    expect(shown, log).not.toBe("");
    if (c.exit === 2) {
      // An annotation on the readiness file at the problem's line.
      const at = action.annotations.find(
        (a) =>
          a.command === "error" &&
          a.properties.file === "readiness.yml" &&
          (c.line === undefined || a.properties.line === String(c.line)),
      );
      expect(at, log).toBeDefined();
    }
    expect(`${log}\n${action.stderr}`).not.toMatch(STACK_TRACE);
    for (const text of [log, action.stderr, action.summary, action.reportJson ?? "", requestBodies])
      expectNoLeak(text);

    // The check run on the judged commit failed; no forged workflow command got through.
    const checkRuns = fake.state.checkRunsOn(shaOf(name));
    expect(checkRuns.map((r) => r.conclusion)).toEqual(["failure"]);
    expect(
      action.commands.filter((cmd) => cmd.message.trim() === "FORGED" || cmd.command === "set-output"),
    ).toEqual([]);
    expect(action.runnerErrors).toEqual([]);
    // Evidence text never becomes HTML in the job summary.
    expect(action.summary).not.toMatch(/<img|<script/i);

    expect(actionGuard.filter((e) => !e.exit)).toEqual([]);
    expect(actionGuard.find((e) => e.exit)).toMatchObject({ polluted: false });
  });
});
