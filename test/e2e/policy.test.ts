// The policy comes from the base branch: a pull request cannot lower its own bar without an owner.
import { describe, expect, it } from "vitest";
import { evidence, explain, pullRequestWorld, README_PATH, readinessYaml } from "./scenario.js";

/** The base asks F1 ≥ 0.92; the pull request lowers the bar to 0.5 and ships a model at 0.8. */
const lowersItsOwnBar = {
  base: { [README_PATH]: readinessYaml({ min: 0.92 }), ...evidence(0.95) },
  head: { [README_PATH]: readinessYaml({ min: 0.5 }), ...evidence(0.8) },
};

describe("a pull request that changes its own readiness file", () => {
  it("is judged by the base version while no owner has approved", async () => {
    const world = await pullRequestWorld(lowersItsOwnBar);
    world.fake.state.addReview({ user: "dave", state: "APPROVED" }); // a reviewer, but not an owner
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toContain(
      `judged by the base version of ${README_PATH}: this pull request changes it and no owner (@acme/ml-claims, @carol) has approved yet`,
    );
    expect(run.stdout).toMatch(/0\.8 < 0\.92/);
    const comment = world.fake.state.commentsOn(7)[0];
    expect(comment?.body).toContain("judged by the base version");
    // The shallow checkout lacks the base commit: the base version came through the contents API.
    expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/contents/{path}")[0]?.query.ref).toBe(
      world.ws.baseSha,
    );
    expect(world.fake.violations).toEqual([]);
  });

  it("applies the pull request's version once an owner approved its head (base read from full git history)", async () => {
    const world = await pullRequestWorld({ ...lowersItsOwnBar, workspace: { fetchDepth: 0 } });
    world.fake.state.addReview({ user: "carol", state: "APPROVED" });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(run.stdout).toContain(
      `judged by this pull request's version of ${README_PATH}: owner @carol approved the change`,
    );
    expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/contents/{path}")).toEqual([]);
    expect(world.fake.violations).toEqual([]);
  });

  it("an owner's approval of an older head does not count", async () => {
    const world = await pullRequestWorld(lowersItsOwnBar);
    world.fake.state.addReview({ user: "carol", state: "APPROVED", commit_id: world.ws.baseSha });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.stdout).toContain("judged by the base version");
  });

  it("cannot delete its own gate: a removed readiness file is still judged by its base version", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ min: 0.92 }), ...evidence(0.95) },
      head: { [README_PATH]: null, ...evidence(0.8) },
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.stdout).toContain(
      `judged by the base version of ${README_PATH}: this pull request removes it`,
    );
    expect(world.fake.violations).toEqual([]);
  });

  it("uses a readiness file that is new in the pull request as written", async () => {
    const world = await pullRequestWorld({
      base: { "README.md": "# claims\n" },
      head: { [README_PATH]: readinessYaml({ min: 0.5 }), ...evidence(0.8) },
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/contents/{path}")).toEqual([]);
    expect(world.fake.violations).toEqual([]);
  });
});
