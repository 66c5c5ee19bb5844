// Evidence that lives on GitHub (approvals, CI) and waivers, end to end.
import { describe, expect, it } from "vitest";
import { DEFAULT_TOKEN } from "../support/fake-github/index.js";
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
      w.fake.state.addCheckRun({ head_sha: w.ws.headSha, name: "unit-tests", conclusion });
      return w;
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
});
