// The other events: the merge queue, a push, and what happens before a decision is possible.
import { describe, expect, it } from "vitest";
import {
  evidence,
  explain,
  mergeGroupWorld,
  pullRequestWorld,
  pushWorld,
  README_PATH,
  readinessYaml,
} from "./scenario.js";

describe("merge_group", () => {
  it("gates the merge-group commit against its base branch: check run on the group head, no comment", async () => {
    const world = await mergeGroupWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.8),
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.outputs.stage).toBe("production");
    expect(world.fake.state.checkRuns.map((r) => [r.name, r.head_sha, r.conclusion])).toEqual([
      ["shipgate", world.ws.headSha, "failure"],
    ]);
    // Whether main requires the shipgate check (its rules, then its protection summary), and the check run.
    const routes = world.fake.requests.map((r) => r.route);
    expect(routes).toEqual([
      "GET /repos/{owner}/{repo}/rules/branches/{branch}",
      "GET /repos/{owner}/{repo}/branches/{branch}",
      "POST /repos/{owner}/{repo}/check-runs",
    ]);
    expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/branches/{branch}")[0]?.path).toMatch(/\/main$/);
    expect(world.fake.violations).toEqual([]);
  });
});

describe("merge_group with an approval check", () => {
  it("counts the approvals of the pull request the group was made for", async () => {
    const signoff = `  - id: signoff\n    category: compliance\n    approval: { from: ["@carol"] }\n`;
    const world = await mergeGroupWorld({
      base: { [README_PATH]: readinessYaml({ extraChecks: signoff }), ...evidence(0.95) },
      head: evidence(0.96),
    });
    const prHead = "7".repeat(40);
    world.fake.state.addPullRequest({
      number: 7,
      base: { ref: "main", sha: world.ws.baseSha },
      head: { ref: "feature", sha: prHead },
    });
    world.fake.state.addReview({ user: "carol", state: "APPROVED", pull_number: 7, commit_id: prHead });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}")).toHaveLength(1);
    expect(world.fake.violations).toEqual([]);
  });
});

describe("push", () => {
  it("judges the pushed branch's stage and reports on the pushed commit", async () => {
    const world = await pushWorld({
      files: { [README_PATH]: readinessYaml(), ...evidence(0.93) },
      branch: "staging",
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs).toMatchObject({ verdict: "go", stage: "pilot" });
    expect(world.fake.state.checkRuns[0]).toMatchObject({
      head_sha: world.ws.baseSha,
      conclusion: "success",
    });
    // Whether staging requires the shipgate check (its rules, then its protection summary), and the check run.
    expect(world.fake.requests.map((r) => r.path)).toEqual([
      "/repos/acme/claims-triage/rules/branches/staging",
      "/repos/acme/claims-triage/branches/staging",
      "/repos/acme/claims-triage/check-runs",
    ]);
    expect(world.fake.violations).toEqual([]);
  });
});

describe("before a decision", () => {
  it("an invalid readiness file fails closed and names file:line", async () => {
    const broken = readinessYaml().replace(
      "    category: operations\n",
      "    category: operations\n    maxAgee: 30d\n",
    );
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: { [README_PATH]: broken },
    });
    world.fake.state.addReview({ user: "carol", state: "APPROVED" }); // even with an owner's approval
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toContain(`${README_PATH}:18`);
    expect(run.stdout).toMatch(/unknown key "maxAgee"/);
    expect(
      run.annotations.some(
        (a) => a.command === "error" && a.properties.file === README_PATH && a.properties.line === "18",
      ),
    ).toBe(true);
    expect(world.fake.state.checkRuns[0]?.conclusion).toBe("failure");
    expect(world.fake.violations).toEqual([]);
  });

  it("an invalid input is a clear failure, not a default", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.96),
    });
    const run = await world.run({ inputs: { "fail-on": "sometimes" } });
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toContain(
      "::error::Shipgate could not reach a decision, so the gate fails: invalid input: fail-on must be no-go, conditional or never",
    );
    expect(world.fake.requests).toEqual([]);
  });

  it("comment: never writes no comment; fail-on: never only reports", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.8),
    });
    const run = await world.run({ inputs: { comment: "never", "fail-on": "never" } });
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("no-go");
    expect(world.fake.requests.some((r) => r.route?.includes("/comments"))).toBe(false);
    expect(world.fake.state.checkRuns[0]?.conclusion).toBe("success");
    expect(world.fake.violations).toEqual([]);
  });

  it("a stage input no readiness file declares fails the run and the check run, even with fail-on: never, naming the declared stages", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.95),
    });
    const run = await world.run({ inputs: { stage: "prodution", "fail-on": "never" } });
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.stdout).toContain(
      '::error::Shipgate: invalid input: stage "prodution" is declared by no readiness file; the stages declared are pilot, production.',
    );
    expect(run.outputs.verdict).toBe("no-go");
    // The report is still published: the check run fails and says why for the system.
    const [checkRun] = world.fake.state.checkRuns;
    expect(checkRun?.conclusion).toBe("failure");
    expect(checkRun?.output?.summary).toContain('stage "prodution" is not declared by claims-triage');
    expect(world.fake.violations).toEqual([]);
  });

  it("the stage input overrides the branch's stage", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.8),
      baseBranch: "experiments",
    });
    const run = await world.run({ inputs: { stage: "pilot" } });
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: "no-go", stage: "pilot" });
    expect(world.fake.violations).toEqual([]);
  });
});
