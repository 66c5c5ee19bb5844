// The bundled action on a pull request whose evidence is more than the run's read budget (set tiny with
// SHIPGATE_READ_BUDGET_MIB so the case is quick): the check the budget stopped is an error naming the
// budget, the other checks are still judged, and the run still writes its JSON report, its comment and a
// failing check run. Before the budget, a run with too much to read died of heap exhaustion with none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorkspace, publishWorkspace, type Workspace } from "../support/action-runner.js";
import { pullRequestEvent } from "../support/events.js";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import { STACK_TRACE, observe, printObservations, readiness, runActionKeepingReport } from "./support.js";

const LOG = "2026-11-20T10:00:00Z INFO request handled status=200\n".repeat(6_000); // about 310 KB

let workspace: Workspace;
let fake: FakeGitHub;

beforeAll(async () => {
  workspace = await makeWorkspace({
    base: {
      "readiness.yml": readiness(`  - id: logs-clean
    category: compliance
    contains: { file: "logs/*.log", pattern: "SECRET_TOKEN", absent: true }
  - id: runbook
    category: operations
    file: { path: docs/runbook.md }`),
      "docs/runbook.md": "# Runbook\n\nPage the on-call.\n",
      "logs/a.log": LOG,
      "logs/b.log": LOG,
      "logs/c.log": LOG,
    },
    head: { "logs/d.log": LOG },
    fetchDepth: 0,
  });
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
  printObservations("budget");
});

describe("a run over its budget", () => {
  it("action: the stopped check is an error, and the report, comment and failing check run are written", async () => {
    const run = await runActionKeepingReport({
      event: pullRequestEvent({
        number: workspace.pullNumber,
        base: { ref: workspace.baseBranch, sha: workspace.baseSha },
        head: { ref: workspace.headBranch, sha: workspace.headSha },
      }),
      workspace,
      fake,
      sha: workspace.headSha,
      env: { SHIPGATE_READ_BUDGET_MIB: "0.5" },
      timeoutMs: 60_000,
    });
    const checkRun = fake.state.checkRunsOn(workspace.headSha)[0];
    const comment = fake.state.commentsOn(workspace.pullNumber)[0]?.body ?? "";
    const report = JSON.parse(run.reportJson ?? "{}") as {
      verdict?: string;
      systems?: Array<{ checks: Array<{ id: string; status: string; finding: { summary: string } }> }>;
    };
    const byId = Object.fromEntries((report.systems?.[0]?.checks ?? []).map((c) => [c.id, c]));
    observe({
      group: "Budget",
      case: "four 310 KB logs under a 0.5 MiB read budget",
      via: "action",
      ms: run.durationMs,
      outcome: `exit ${String(run.exitCode)}, verdict ${run.outputs.verdict ?? "(none)"}, check run ${checkRun?.conclusion ?? "(none)"}`,
      message: byId["logs-clean"]?.finding.summary ?? "",
    });
    expect(run.timedOut).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(byId["logs-clean"]).toMatchObject({ status: "error" });
    expect(byId["logs-clean"]!.finding.summary).toMatch(
      /the run's read budget of 0\.50 MiB was used up before this check could read logs\/[a-d]\.log .*raise SHIPGATE_READ_BUDGET_MIB or narrow the glob/,
    );
    expect(byId.runbook).toMatchObject({ status: "pass" });
    expect(checkRun).toMatchObject({ conclusion: "failure" });
    expect(comment).toMatch(/read budget of 0\.50 MiB/);
    expect(run.stdout).toMatch(/Read 0\.\d MiB of evidence/);
    expect(fake.violations).toEqual([]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK_TRACE);
  }, 90_000);

  it("action: a budget that is not a number fails closed with a failing check run naming the variable", async () => {
    const sha = workspace.headSha;
    const before = fake.state.checkRunsOn(sha).length;
    const run = await runActionKeepingReport({
      event: pullRequestEvent({
        number: workspace.pullNumber,
        base: { ref: workspace.baseBranch, sha: workspace.baseSha },
        head: { ref: workspace.headBranch, sha },
      }),
      workspace,
      fake,
      sha,
      env: { SHIPGATE_READ_BUDGET_MIB: "lots" },
      timeoutMs: 60_000,
    });
    const runs = fake.state.checkRunsOn(sha);
    expect(run.exitCode).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(runs.length).toBe(before + 1);
    expect(runs.at(-1)).toMatchObject({ conclusion: "failure" });
    // The summary is Markdown: the variable's underscores are escaped there.
    expect(runs.at(-1)!.output.summary).toContain("SHIPGATE\\_READ\\_BUDGET\\_MIB must be a number");
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK_TRACE);
  }, 90_000);
});
