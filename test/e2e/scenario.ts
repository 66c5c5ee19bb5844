// End-to-end scenarios: a git checkout with a readiness file and its evidence, the loopback fake GitHub
// seeded to match, and the BUILT action (dist/index.js) run against both like a runner runs it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll } from "vitest";
import {
  REPOSITORY_ROOT,
  makeWorkspace,
  publishWorkspace,
  runAction,
  type ActionRun,
  type Workspace,
  type WorkspaceOptions,
} from "../support/action-runner.js";
import { mergeGroupEvent, pullRequestEvent, pushEvent, type WebhookEvent } from "../support/events.js";
import { withCoverage } from "../support/coverage.js";
import { startFakeGitHub, type FakeGitHub, type FakeGitHubInit } from "../support/fake-github/index.js";
import { afterThisTest } from "../support/cleanup.js";

export const README_PATH = "systems/claims/readiness.yml";

beforeAll(() => {
  if (!existsSync(join(REPOSITORY_ROOT, "dist/index.js"))) {
    throw new Error("dist/index.js is missing: run `npm run build` before the end-to-end tests");
  }
});

export interface ReadinessOptions {
  min?: number;
  owners?: string;
  /** Extra check entries (YAML list items, indented two spaces). */
  extraChecks?: string;
  /** Waiver entries (YAML list items). */
  waivers?: string;
  /** false: no notApplicable block, so the categories without a check are missing. */
  coverage?: boolean;
}

/**
 * A readiness file like a team would write: two stages, a metric bar and a runbook. These scenarios are
 * about events, policy and publishing, not category coverage: the categories without a check are declared
 * not applicable by the first owner, unless `coverage: false` leaves them missing.
 */
export function readinessYaml(options: ReadinessOptions = {}): string {
  const text = readinessText(options);
  if (options.coverage === false) return text;
  const owners = options.owners ?? '["@acme/ml-claims", "@carol"]';
  const approver = /@[A-Za-z0-9-]+(?![\w/-])/.exec(owners)?.[0] ?? "@carol";
  return withCoverage(text, approver);
}

function readinessText(options: ReadinessOptions): string {
  return `# Readiness of the claims-triage model
version: 1
system: claims-triage
owners: ${options.owners ?? '["@acme/ml-claims", "@carol"]'}
stages:
  - name: pilot
    branches: [staging]
  - name: production
    branches: [main]
checks:
  - id: eval-f1
    title: F1 on production-representative data meets the bar
    category: model
    stage: pilot
    metric: { file: reports/eval.json, path: metrics.f1, min: ${options.min ?? 0.92} }
  - id: runbook
    category: operations
    doc: { file: docs/runbook.md, sections: [Trigger, Steps] }
${options.extraChecks ?? ""}${options.waivers ? `waivers:\n${options.waivers}` : ""}`;
}

export const RUNBOOK = `# Runbook

## Trigger
Roll back when the F1 alert fires for more than ten minutes or adjusters report misrouted claims.

## Steps
Pin the previous model version in the router config, redeploy, and confirm the routing dashboard recovers.
`;

/** The evidence files of a system whose F1 is `f1`. */
export function evidence(f1: number): Record<string, string> {
  return {
    "systems/claims/reports/eval.json": JSON.stringify({ metrics: { f1 } }, null, 2),
    "systems/claims/docs/runbook.md": RUNBOOK,
  };
}

export interface PullScenario {
  /** Files on the base branch. */
  base: Record<string, string>;
  /** The pull request's changes (null deletes). */
  head: Record<string, string | null>;
  baseBranch?: string;
  fake?: FakeGitHubInit;
  workspace?: Partial<WorkspaceOptions>;
  pullNumber?: number;
  fork?: boolean | string;
}

export interface World {
  fake: FakeGitHub;
  ws: Workspace;
  event: WebhookEvent;
  run(extra?: Partial<Parameters<typeof runAction>[0]>): Promise<ActionRun>;
}

async function startFake(init: FakeGitHubInit = {}): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({ validateResponses: true, ...init });
  afterThisTest(() => fake.close());
  return fake;
}

/** A pull request from `feature` into `main` (or `baseBranch`), checked out as actions/checkout does. */
export async function pullRequestWorld(scenario: PullScenario): Promise<World> {
  const pullNumber = scenario.pullNumber ?? 7;
  const ws = await makeWorkspace({
    base: scenario.base,
    head: scenario.head,
    baseBranch: scenario.baseBranch ?? "main",
    pullNumber,
    ...scenario.workspace,
  });
  afterThisTest(() => ws.cleanup());
  const pull = {
    number: pullNumber,
    base: { ref: ws.baseBranch, sha: ws.baseSha },
    head: { ref: ws.headBranch, sha: ws.headSha },
    ...(scenario.fork !== undefined ? { fork: scenario.fork } : {}),
  };
  const fake = await startFake({ ...scenario.fake, pullRequests: [pull] });
  publishWorkspace(fake.state, ws);
  const event = pullRequestEvent(pull);
  return {
    fake,
    ws,
    event,
    run: (extra = {}) => runAction({ event, workspace: ws, api: fake, timeoutMs: 30_000, ...extra }),
  };
}

/** A merge-queue run: the merge group's commit checked out, judged against its base branch. */
export async function mergeGroupWorld(scenario: {
  base: Record<string, string>;
  head: Record<string, string | null>;
  fake?: FakeGitHubInit;
}): Promise<World> {
  const ws = await makeWorkspace({
    base: scenario.base,
    head: scenario.head,
    headBranch: "gh-readonly-queue/main/pr-7",
    checkout: "head",
  });
  afterThisTest(() => ws.cleanup());
  const fake = await startFake(scenario.fake);
  publishWorkspace(fake.state, ws);
  const event = mergeGroupEvent({ baseRef: "main", baseSha: ws.baseSha, headSha: ws.headSha, pullNumber: 7 });
  return {
    fake,
    ws,
    event,
    run: (extra = {}) => runAction({ event, workspace: ws, api: fake, timeoutMs: 30_000, ...extra }),
  };
}

/** A push to `branch` of the files given. */
export async function pushWorld(scenario: {
  files: Record<string, string>;
  branch: string;
  fake?: FakeGitHubInit;
}): Promise<World> {
  const ws = await makeWorkspace({ base: scenario.files, baseBranch: scenario.branch });
  afterThisTest(() => ws.cleanup());
  const fake = await startFake(scenario.fake);
  publishWorkspace(fake.state, ws);
  const event = pushEvent({ ref: scenario.branch, after: ws.baseSha });
  return {
    fake,
    ws,
    event,
    run: (extra = {}) => runAction({ event, workspace: ws, api: fake, timeoutMs: 30_000, ...extra }),
  };
}

/** The annotations the runner would show, as `level file:line title`. */
export function annotationLines(run: ActionRun): string[] {
  return run.annotations.map((a) =>
    `${a.command} ${a.properties.file ?? "-"}:${a.properties.line ?? "-"} ${a.properties.title ?? ""}`.trim(),
  );
}

/** Fails with the action's own output, so a failing scenario shows why. */
export function explain(run: ActionRun): string {
  return `exit ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

export function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
