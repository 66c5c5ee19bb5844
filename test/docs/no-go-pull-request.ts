// The pull request the README's comment image shows: a copy of examples/claims-triage in which the PR
// lowers F1 to 0.874, deletes the rollback plan's "Last rehearsal" section, and has no compliance approval.
// The BUILT action (dist/index.js) is run on it against the loopback fake GitHub; the comment it posts is
// what gets rendered, so the picture is whatever the action really says.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { GateReport } from "../../src/gate/types.js";
import { REPOSITORY_ROOT, type ActionRun } from "../support/action-runner.js";
import { DEFAULT_TOKEN, GITHUB_ACTIONS_APP, type CommentRecord } from "../support/fake-github/index.js";
import { explain, pullRequestWorld, type World } from "../e2e/scenario.js";

export const EXAMPLE_DIR = join(REPOSITORY_ROOT, "examples/claims-triage");
export const PULL_NUMBER = 42;
/** Pinned so the commits, and so the SHAs in the comment, are the same on every run. */
export const COMMIT_DATES = { base: "2026-11-18T09:00:00Z", head: "2026-11-20T14:30:00Z" };
/** When the pull request is judged (the action's clock, pinned with SHIPGATE_NOW). */
export const REVIEWED_AT = "2026-11-21T10:00:00Z";

/** The new F1 the pull request reports, and the bar it misses. */
export const LOWERED_F1 = 0.874;
export const F1_BAR = 0.92;
/** The rollback plan section the pull request deletes. */
export const DELETED_SECTION = "Last rehearsal";
export const APPROVAL_TEAM = "@acme/compliance";

/** Every file of the example system, repository-relative as if it were the repository root. */
export function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files[relative(EXAMPLE_DIR, path)] = readFileSync(path, "utf8");
    }
  };
  walk(EXAMPLE_DIR);
  return files;
}

/** The pull request's changes to the example: a retrained model that scores worse, and a trimmed plan. */
export function pullRequestChanges(base: Record<string, string>): Record<string, string> {
  const evalReport = JSON.parse(base["reports/eval.json"] ?? "null") as {
    generated_at: string;
    model: { version: string; commit: string };
    metrics: Record<string, number>;
  } | null;
  const rollback = base["docs/rollback.md"];
  if (evalReport === null || rollback === undefined)
    throw new Error("examples/claims-triage no longer has reports/eval.json and docs/rollback.md");
  evalReport.generated_at = "2026-11-20T13:58:40Z";
  evalReport.model.version = "2.5.0";
  evalReport.model.commit = "4b7d0a3";
  evalReport.metrics.f1 = LOWERED_F1;
  evalReport.metrics.precision = 0.902;
  evalReport.metrics.recall = 0.848;

  const section = new RegExp(`\\n## ${DELETED_SECTION}\\n[\\s\\S]*?(?=\\n## |$)`);
  if (!section.test(rollback))
    throw new Error(`examples/claims-triage/docs/rollback.md has no "## ${DELETED_SECTION}" section`);
  return {
    "reports/eval.json": `${JSON.stringify(evalReport, null, 2)}\n`,
    "docs/rollback.md": rollback.replace(section, "\n"),
  };
}

export interface NoGoRun {
  world: World;
  run: ActionRun;
  /** The sticky comment the action posted, exactly as the fake GitHub received it. */
  comment: CommentRecord;
  /** The JSON report the same run wrote (its `report` output). */
  report: GateReport;
}

/** Runs the action on the pull request and returns the comment it posted; throws if it did not post one. */
export async function runNoGoPullRequest(): Promise<NoGoRun> {
  const base = exampleFiles();
  const world = await pullRequestWorld({
    base,
    head: pullRequestChanges(base),
    pullNumber: PULL_NUMBER,
    // Full history, as the README's workflow checks out: the comment shows what the pull request changes.
    workspace: { dates: COMMIT_DATES, fetchDepth: 0 },
    // A token that may read team membership (a GitHub App's), so the approval is judged, not unknowable.
    fake: {
      tokens: { [DEFAULT_TOKEN]: { permissions: { members: "read" } } },
      teams: { "acme/compliance": ["erin", "frank"] },
      // The README's step 4 done (shipgate protect --apply): main requires the check, so no warning shows.
      rulesets: [
        {
          name: "shipgate",
          include: ["refs/heads/main"],
          rules: [
            {
              type: "required_status_checks",
              parameters: {
                strict_required_status_checks_policy: false,
                required_status_checks: [{ context: "shipgate", integration_id: 15368 }],
              },
            },
          ],
        },
      ],
    },
  });
  // CI is green and a teammate outside compliance approved: only the readiness evidence is wrong.
  world.fake.state.addCheckRun({
    head_sha: world.ws.headSha,
    name: "build",
    conclusion: "success",
    app: GITHUB_ACTIONS_APP,
  });
  world.fake.state.addReview({ user: "dave", state: "APPROVED" });
  // The runner deletes its RUNNER_TEMP after the step; this one outlives it so the JSON report can be read.
  const runnerTemp = mkdtempSync(join(tmpdir(), "shipgate-docs-runner-temp-"));
  try {
    // The clock is pinned the day after the head commit, so waiver days and evidence ages never drift.
    const run = await world.run({ env: { RUNNER_TEMP: runnerTemp, SHIPGATE_NOW: REVIEWED_AT } });
    const comments = world.fake.state.commentsOn(PULL_NUMBER);
    const [comment, ...more] = comments;
    if (comment === undefined || more.length > 0 || run.outputs.report === undefined)
      throw new Error(`expected one Shipgate comment and a report, got ${comments.length}\n${explain(run)}`);
    const report = JSON.parse(readFileSync(run.outputs.report, "utf8")) as GateReport;
    return { world, run, comment, report };
  } finally {
    rmSync(runnerTemp, { recursive: true, force: true });
  }
}
