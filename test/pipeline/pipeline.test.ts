// The pipeline both entry points run, with GitHub behind the plain fake: no server, no network.
import { describe, expect, it } from "vitest";
import type { ConfigProblem } from "../../src/config/types.js";
import { UserError } from "../../src/base/errors.js";
import { DEFAULT_BUDGET } from "../../src/repo/budget.js";
import { QUIET_LOG, runPipeline, type GateSettings, type PipelineInput } from "../../src/pipeline.js";
import { NO_PULL_REQUEST_CONTEXT, type PullRequestContext } from "../../src/pull-request-context.js";
import { fakePullRequestContext, HEAD_SHA } from "../support/fake-pull-request-context.js";
import { MemoryRepo } from "../support/memory-repo.js";

const readiness = (bar: string) => `version: 1
system: claims-triage
owners: ["@carol"]
stages:
  - name: production
    branches: [main]
checks:
  - id: sign-off
    category: compliance
    approval: { from: ["@dora"] }
  - id: accuracy
    category: model
    metric: { file: eval.json, path: accuracy, min: ${bar} }
`;
const files = { "readiness.yml": readiness("0.9"), "eval.json": '{"accuracy": 0.8}' };
const approvedBy = (...logins: string[]) => ({
  pullRequest: {
    number: 7,
    headSha: HEAD_SHA,
    author: "alice",
    latestReviews: logins.map((login) => ({ login, state: "APPROVED", commitId: HEAD_SHA })),
    teamMembers: {},
  },
});

function input(
  pullRequest: PullRequestContext,
  extra: Partial<PipelineInput<GateSettings>> = {},
  repoFiles: Record<string, string> = files,
): PipelineInput<GateSettings> {
  return {
    root: "/repo",
    repo: new MemoryRepo(repoFiles),
    settings: { files: "**/readiness.yml", allowNoSystems: false },
    branch: "main",
    pullRequest,
    now: new Date("2026-11-22T12:00:00Z"),
    limits: DEFAULT_BUDGET,
    nothingFound: (pattern): ConfigProblem => ({
      file: "workflow.yml",
      line: 1,
      column: 1,
      message: `nothing matches ${pattern}`,
    }),
    log: QUIET_LOG,
    ...extra,
  };
}

const checkStatus = (report: Awaited<ReturnType<typeof runPipeline>>["report"], id: string) =>
  report.systems[0]!.checks.find((c) => c.id === id)?.status;

describe("runPipeline", () => {
  it("without GitHub (the CLI), a check that needs it is not evaluable", async () => {
    const { report } = await runPipeline(input(NO_PULL_REQUEST_CONTEXT));
    expect(report.systems[0]!.checks[0]!.finding.status).toBe("not-evaluable");
    expect(checkStatus(report, "accuracy")).toBe("fail");
  });

  it("asks the context for the reviews an approval check needs, and counts them", async () => {
    const context = fakePullRequestContext({ facts: approvedBy("dora") });
    const { report } = await runPipeline(input(context));
    expect(context.askedFor).toHaveLength(1);
    expect(context.askedFor[0]!.reviews).toBe(true);
    expect(checkStatus(report, "sign-off")).toBe("pass");
  });

  it("judges a changed readiness file by its base version until an owner approves the head", async () => {
    const changed = [{ path: "readiness.yml", status: "modified" as const }];
    // The pull request lowers the bar to 0.7; the base says 0.9.
    const lowered = { ...files, "readiness.yml": readiness("0.7") };
    const base = { changed, baseTexts: { "readiness.yml": readiness("0.9") } };

    const unapproved = await runPipeline(
      input(fakePullRequestContext({ ...base, facts: approvedBy("dora") }), {}, lowered),
    );
    expect(checkStatus(unapproved.report, "accuracy")).toBe("fail");
    expect(unapproved.report.systems[0]!.policy?.source).toBe("base");

    const approved = await runPipeline(
      input(fakePullRequestContext({ ...base, facts: approvedBy("dora", "carol") }), {}, lowered),
    );
    expect(checkStatus(approved.report, "accuracy")).toBe("pass");
    expect(approved.report.systems[0]!.policy?.source).toBe("head");
  });

  it("uses the guard's safe settings until an owner approves, and says so in a note", async () => {
    const context = fakePullRequestContext({ changed: [], facts: approvedBy("dora") });
    const guarded = input(context, {
      settings: { files: "nowhere/*.yml", allowNoSystems: true },
      guardFor: () => ({
        safe: { files: "**/readiness.yml", allowNoSystems: false },
        unpinsClock: false,
        note: (approver) => (approver ? `applies: ${approver}` : "ignored"),
      }),
    });
    const held = await runPipeline(guarded);
    expect(held.settings.files).toBe("**/readiness.yml");
    expect(held.notes).toEqual(["ignored"]);
    expect(held.report.systems).toHaveLength(1);

    const released = await runPipeline({
      ...guarded,
      pullRequest: fakePullRequestContext({ changed: [], facts: approvedBy("carol") }),
    });
    expect(released.settings.files).toBe("nowhere/*.yml");
    expect(released.notes).toEqual(["applies: @carol"]);
    expect(released.report.systems).toHaveLength(0);
  });

  it("nothing found is a problem (or whatever the entry point throws), unless allowed", async () => {
    const empty = { "eval.json": "{}" };
    const { report } = await runPipeline(input(NO_PULL_REQUEST_CONTEXT, {}, empty));
    expect(report.problems.map((p) => p.message)).toEqual(["nothing matches **/readiness.yml"]);
    expect(report.verdict).toBe("no-go");

    const thrown = input(
      NO_PULL_REQUEST_CONTEXT,
      {
        nothingFound: () => {
          throw new UserError("nothing to check");
        },
      },
      empty,
    );
    await expect(runPipeline(thrown)).rejects.toBeInstanceOf(UserError);

    const allowed = input(
      NO_PULL_REQUEST_CONTEXT,
      { settings: { files: "**/readiness.yml", allowNoSystems: true } },
      empty,
    );
    expect((await runPipeline(allowed)).report.problems).toEqual([]);
  });
});
