// Evidence that lives on GitHub (approvals, CI) and waivers, end to end.
import { describe, expect, it } from "vitest";
import { DEFAULT_TOKEN, GITHUB_ACTIONS_APP } from "../support/fake-github/index.js";
import { evidence, explain, isoDay, pullRequestWorld, README_PATH, readinessYaml } from "./scenario.js";

const approvalCheck = `  - id: compliance-signoff
    category: compliance
    approval: { from: ["@acme/compliance"], count: 1 }
`;
const ciCheck = `  - id: unit-tests
    category: system
    ci: { check: unit-tests }
`;
const waiver = (expires: string) => `  - check: eval-f1
    reason: Eval set is being rebuilt; rerun before general availability
    approvedBy: "@carol"
    expires: ${expires}
`;
/** A token that can read team membership, as a GitHub App token with members: read can. */
const teamReader = {
  tokens: { [DEFAULT_TOKEN]: { permissions: { members: "read" as const } } },
  teams: { "acme/compliance": ["erin", "frank"] },
};

describe("waivers", () => {
  it("a valid waiver makes a failing check a conditional go, which passes the gate", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ waivers: waiver(isoDay(30)) }), ...evidence(0.95) },
      head: evidence(0.8),
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("conditional");
    expect(world.fake.state.checkRuns[0]?.conclusion).toBe("success");
    expect(world.fake.violations).toEqual([]);
  });

  it("with fail-on: conditional, the same conditional go fails the gate", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ waivers: waiver(isoDay(30)) }), ...evidence(0.95) },
      head: evidence(0.8),
    });
    const run = await world.run({ inputs: { "fail-on": "conditional" } });
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("conditional");
    expect(world.fake.state.checkRuns[0]?.conclusion).toBe("failure");
  });

  it("an expired waiver is ignored and said to be", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ waivers: waiver(isoDay(-3)) }), ...evidence(0.95) },
      head: evidence(0.8),
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toMatch(/expired/i);
    expect(world.fake.state.commentsOn(7)[0]?.body).toMatch(/expired/i);
    expect(world.fake.violations).toEqual([]);
  });
});

describe("approval", () => {
  it("passes with an approval from a member of the named team", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ extraChecks: approvalCheck }), ...evidence(0.95) },
      head: evidence(0.96),
      fake: teamReader,
    });
    world.fake.state.addReview({ user: "erin", state: "APPROVED" });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(world.fake.requestsTo("GET /orgs/{org}/teams/{team_slug}/members")).toHaveLength(1);
    expect(world.fake.violations).toEqual([]);
  });

  it("fails without one, naming who may approve", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ extraChecks: approvalCheck }), ...evidence(0.95) },
      head: evidence(0.96),
      fake: teamReader,
    });
    world.fake.state.addReview({ user: "dave", state: "APPROVED" }); // not in the team
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toMatch(/0 of 1 required approval from @acme\/compliance/);
    expect(world.fake.violations).toEqual([]);
  });
});

describe("ci", () => {
  const world = (conclusion: "success" | "failure") =>
    pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ extraChecks: ciCheck }), ...evidence(0.95) },
      head: evidence(0.96),
    }).then((w) => {
      w.fake.state.addCheckRun({
        head_sha: w.ws.headSha,
        name: "unit-tests",
        conclusion,
        app: GITHUB_ACTIONS_APP,
      });
      return w;
    });
  const ciWorld = (check: string) =>
    pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ extraChecks: check }), ...evidence(0.95) },
      head: evidence(0.96),
    });

  it("passes when the named check run succeeded on the head", async () => {
    const w = await world("success");
    const run = await w.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(w.fake.requestsTo("GET /repos/{owner}/{repo}/commits/{ref}/check-runs")[0]?.path).toContain(
      w.ws.headSha,
    );
    expect(w.fake.violations).toEqual([]);
  });

  it("fails when it failed", async () => {
    const w = await world("failure");
    const run = await w.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.stdout).toMatch(/check 'unit-tests' failed/);
    expect(w.fake.violations).toEqual([]);
  });

  it("a commit status 'unit-tests' = success posted over the failed check run does not make it a Go", async () => {
    const w = await ciWorld(ciCheck);
    w.fake.state.addCheckRun({
      head_sha: w.ws.headSha,
      name: "unit-tests",
      conclusion: "failure",
      app: GITHUB_ACTIONS_APP,
      started_at: "2026-11-20T10:00:00Z",
    });
    // Anyone with write access (or a workflow step with `statuses: write`) can post this, later.
    w.fake.state.addStatus({
      sha: w.ws.headSha,
      context: "unit-tests",
      state: "success",
      creator: "mallory",
      created_at: "2026-11-20T10:30:00Z",
    });
    const run = await w.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toMatch(/check 'unit-tests' failed on \w+ \(check run from app github-actions\)/);
    expect(run.stdout).toContain(
      "a commit status 'unit-tests' = success posted by @mallory was ignored: statuses count only with `statuses: true`",
    );
    expect(w.fake.state.checkRuns.find((r) => r.name === "shipgate")?.conclusion).toBe("failure");
    expect(w.fake.violations).toEqual([]);
  });

  it("a same-named check run from another app counts only where `app` names it", async () => {
    const otherApp = { id: 9_426, slug: "circleci-checks", name: "CircleCI Checks" };
    const seed = (w: Awaited<ReturnType<typeof ciWorld>>) =>
      w.fake.state.addCheckRun({
        head_sha: w.ws.headSha,
        name: "unit-tests",
        conclusion: "success",
        app: otherApp,
      });

    const untrusted = await ciWorld(ciCheck);
    seed(untrusted);
    const refused = await untrusted.run();
    expect(refused.exitCode, explain(refused)).toBe(1);
    expect(refused.stdout).toMatch(/no check run named 'unit-tests' from app github-actions/);

    const trusted = await ciWorld(
      ciCheck.replace("{ check: unit-tests }", "{ check: unit-tests, app: circleci-checks }"),
    );
    seed(trusted);
    const accepted = await trusted.run();
    expect(accepted.exitCode, explain(accepted)).toBe(0);
    expect(accepted.outputs.verdict).toBe("go");
    expect(untrusted.fake.violations).toEqual([]);
    expect(trusted.fake.violations).toEqual([]);
  });

  it("with `statuses: true` a successful commit status is enough", async () => {
    const w = await ciWorld(
      ciCheck.replace("{ check: unit-tests }", "{ check: unit-tests, statuses: true }"),
    );
    w.fake.state.addStatus({
      sha: w.ws.headSha,
      context: "unit-tests",
      state: "success",
      creator: "circleci",
    });
    const run = await w.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(w.fake.violations).toEqual([]);
  });
});
