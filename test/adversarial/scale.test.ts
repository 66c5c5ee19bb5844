// Scale: a readiness file with 10,000 checks and a glob matching 100,000 files, through the CLI and the
// action. Each must finish (a 120 s timeout catches a hang; no wall-clock budget, which a loaded machine
// would fail) and decide correctly (the one missing file fails the gate, naming it), with output that
// stays bounded where GitHub bounds it. Times are recorded.
import { linkSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushEvent } from "../support/events.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import {
  NOW,
  STACK_TRACE,
  lineMatching,
  observe,
  printObservations,
  readiness,
  removeScratch,
  runActionKeepingReport,
  runCli,
  scratch,
  shaOf,
  write,
} from "./support.js";

const CHECKS = 10_000;
const MISSING = 7_777;
const FILES = 100_000;

const root = scratch("scale");
const manyChecks = join(root, "many-checks");
const manyFiles = join(root, "many-files");
const allFailing = join(root, "all-failing");
let fake: FakeGitHub;

function id(n: number): string {
  return String(n).padStart(5, "0");
}

beforeAll(async () => {
  // 10,000 checks, each on its own file; one file is missing. Files are hard links: quick to make.
  const checks: string[] = [];
  write(manyChecks, "e/source", "ok\n");
  for (let n = 1; n <= CHECKS; n++) {
    checks.push(`  - id: c-${id(n)}\n    category: system\n    file: { path: e/${id(n)}.txt }`);
    if (n !== MISSING) linkSync(join(manyChecks, "e/source"), join(manyChecks, `e/${id(n)}.txt`));
  }
  write(manyChecks, "readiness.yml", readiness(checks.join("\n")));
  // The same 10,000 checks with no evidence at all: every one fails and wants an annotation.
  write(allFailing, "readiness.yml", readiness(checks.join("\n")));

  // 100,000 files in 100 folders; the check needs one file more than there are, so the count must be exact.
  for (let d = 0; d < 100; d++) {
    const dir = join(manyFiles, "data", `d${String(d).padStart(3, "0")}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "f0.txt"), "x");
    for (let f = 1; f < FILES / 100; f++) linkSync(join(dir, "f0.txt"), join(dir, `f${f}.txt`));
  }
  write(
    manyFiles,
    "readiness.yml",
    readiness(`  - id: one-shard-too-many
    category: data
    file: { path: "data/**/*.txt", min: ${FILES + 1} }`),
  );
  fake = await startFakeGitHub();
}, 180_000);

afterAll(async () => {
  await fake?.close();
  removeScratch(root);
  printObservations("scale");
});

// Concurrent: the check-run writes of the all-failing case are paced (one a second) and mostly wait.
describe.concurrent("scale", () => {
  it(`CLI: ${CHECKS.toLocaleString("en")} checks, one evidence file missing`, async () => {
    const run = await runCli(manyChecks, [], { timeoutMs: 120_000 });
    const said = lineMatching(run.stdout, new RegExp(`c-${id(MISSING)}`));
    observe({
      group: "Scale",
      case: `${CHECKS} checks, one missing file`,
      via: "cli",
      ms: run.ms,
      outcome: `exit ${String(run.code)}, ${Math.round(Buffer.byteLength(run.stdout) / 1024)} KiB of output`,
      message: `${run.stdout.split("\n")[0] ?? ""} / ${said}`,
    });
    expect(run.timedOut).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toMatch(
      new RegExp(`1 of ${CHECKS.toLocaleString("en")} checks? fails?|1 of ${CHECKS} checks? fails?`),
    );
    expect(said).toMatch(new RegExp(`no file matches e/${id(MISSING)}\\.txt`));
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK_TRACE);
  }, 150_000);

  it(`action: ${CHECKS.toLocaleString("en")} checks, one evidence file missing`, async () => {
    const sha = shaOf("scale-checks");
    const run = await runActionKeepingReport({
      event: pushEvent({ ref: "main", after: sha }),
      workspace: manyChecks,
      fake,
      sha,
      timeoutMs: 120_000,
    });
    const checkRun = fake.state.checkRunsOn(sha)[0];
    observe({
      group: "Scale",
      case: `${CHECKS} checks, one missing file`,
      via: "action",
      ms: run.durationMs,
      outcome: `exit ${String(run.exitCode)}, verdict ${run.outputs.verdict ?? "(none)"}, summary ${Math.round(Buffer.byteLength(run.summary) / 1024)} KiB, ${checkRun?.annotations.length ?? 0} annotation(s)`,
      message: checkRun?.output.title ?? "",
    });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(checkRun).toMatchObject({ conclusion: "failure" });
    expect(checkRun!.annotations.map((a) => a.message).join("\n")).toMatch(
      new RegExp(`e/${id(MISSING)}\\.txt`),
    );
    expect(run.runnerErrors).toEqual([]); // the job summary stayed under the runner's 1 MiB
    expect(fake.violations).toEqual([]); // the check run's output stayed within GitHub's limits
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK_TRACE);
  }, 150_000);

  it(`action: ${CHECKS.toLocaleString("en")} failing checks stay within GitHub's limits`, async () => {
    const sha = shaOf("scale-all-failing");
    const run = await runActionKeepingReport({
      event: pushEvent({ ref: "main", after: sha }),
      workspace: allFailing,
      fake,
      sha,
      timeoutMs: 120_000,
    });
    const checkRun = fake.state.checkRunsOn(sha)[0];
    // This run's writes only (the scale cases share the fake): its create, then its updates.
    const writes = fake.requests.filter(
      (r) =>
        (r.method === "POST" && (r.body as { head_sha?: string } | undefined)?.head_sha === sha) ||
        (r.method === "PATCH" && checkRun !== undefined && r.path.endsWith(`/check-runs/${checkRun.id}`)),
    ).length;
    observe({
      group: "Scale",
      case: `${CHECKS} failing checks`,
      via: "action",
      ms: run.durationMs,
      outcome: `exit ${String(run.exitCode)}, ${checkRun?.annotations.length ?? 0} annotations in ${writes} check-run request(s), summary ${Math.round(Buffer.byteLength(run.summary) / 1024)} KiB, ${run.annotations.length} log annotations`,
      message: checkRun?.output.title ?? "",
    });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(checkRun).toMatchObject({ conclusion: "failure" });
    // Bounded: at most 1,000 annotations, 50 per request (paced at one write a second); at most 10 per
    // level in the log, besides the step's own failure line.
    expect(checkRun!.annotations.length).toBeLessThanOrEqual(1000);
    expect(writes).toBeLessThanOrEqual(20);
    expect(
      run.annotations.filter((a) => a.command === "error" && a.properties.file !== undefined).length,
    ).toBeLessThanOrEqual(10);
    expect(run.runnerErrors).toEqual([]);
    expect(fake.violations).toEqual([]);
  }, 150_000);

  it(`CLI: a glob matching ${FILES.toLocaleString("en")} files`, async () => {
    const run = await runCli(manyFiles, ["--format", "json"], { timeoutMs: 120_000 });
    expect(run.timedOut).toBe(false);
    const report = JSON.parse(run.stdout) as {
      verdict: string;
      systems: Array<{ checks: Array<{ id: string; status: string; finding: { summary: string } }> }>;
    };
    const byId = Object.fromEntries(report.systems[0]!.checks.map((c) => [c.id, c]));
    observe({
      group: "Scale",
      case: `glob matching ${FILES} files`,
      via: "cli",
      ms: run.ms,
      outcome: `exit ${String(run.code)}, verdict ${report.verdict}`,
      message: byId["one-shard-too-many"]?.finding.summary ?? "",
    });
    expect(run.code).toBe(1);
    expect(byId["one-shard-too-many"]).toMatchObject({ status: "fail" });
    expect(byId["one-shard-too-many"]!.finding.summary).toMatch(
      /100,?000 non-empty files match data\/\*\*\/\*\.txt, need ≥ 100,?001/,
    );
  }, 150_000);

  it(`action: a glob matching ${FILES.toLocaleString("en")} files`, async () => {
    const sha = shaOf("scale-files");
    const run = await runActionKeepingReport({
      event: pushEvent({ ref: "main", after: sha }),
      workspace: manyFiles,
      fake,
      sha,
      env: { SHIPGATE_NOW: NOW },
      timeoutMs: 120_000,
    });
    observe({
      group: "Scale",
      case: `glob matching ${FILES} files`,
      via: "action",
      ms: run.durationMs,
      outcome: `exit ${String(run.exitCode)}, verdict ${run.outputs.verdict ?? "(none)"}, JSON report ${Math.round(Buffer.byteLength(run.reportJson ?? "") / 1024)} KiB`,
      message: lineMatching(run.stdout, /one-shard-too-many/),
    });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(fake.state.checkRunsOn(sha)).toMatchObject([{ conclusion: "failure" }]);
    expect(run.runnerErrors).toEqual([]);
    expect(fake.violations).toEqual([]);
  }, 150_000);
});
