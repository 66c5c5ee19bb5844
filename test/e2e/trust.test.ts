// No unearned Go: a run judges the commit it was started for (not the pull request as it is now), never
// writes a pass on a commit the pull request has left, fails when its glob finds nothing, and ignores the
// inputs a pull request weakened in the workflow that runs it until an owner approves.
import { describe, expect, it } from "vitest";
import { shaOf } from "../adversarial/support.js";
import { evidence, explain, pullRequestWorld, README_PATH, readinessYaml } from "./scenario.js";

const COMPARE = "GET /repos/{owner}/{repo}/compare/{basehead}";
const WORKFLOW = ".github/workflows/shipgate.yml";

/** The workflow that runs the gate, as the base branch has it, and with the pull request's weakened inputs. */
function workflowYaml(extra = ""): string {
  return `name: Shipgate
on: [pull_request]
jobs:
  readiness:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: acme/shipgate@v1
${extra ? `        with:\n${extra}` : ""}`;
}

describe("a run judges the commit it was started for", () => {
  // The older head lowers its own bar (F1 ≥ 0.5 for a model at 0.8); the pull request has since moved to
  // a head that leaves the readiness file alone, so GitHub's file list for the pull request shows no
  // readiness change. The older head's run must still be judged by the base version.
  it.each([
    { checkout: "a shallow checkout (GitHub's comparison)", fetchDepth: 1 },
    { checkout: "the full history (git diff)", fetchDepth: 0 },
  ])(
    "an older head that lowered its bar is judged by the base version, from $checkout",
    async ({ fetchDepth }) => {
      const base = { [README_PATH]: readinessYaml({ min: 0.92 }), ...evidence(0.95) };
      const world = await pullRequestWorld({
        base,
        head: { [README_PATH]: readinessYaml({ min: 0.5 }), ...evidence(0.8) },
        workspace: { fetchDepth },
      });
      const newer = shaOf(`newer-head-${fetchDepth}`);
      world.fake.state.setFiles(newer, { ...base, ...evidence(0.8) });
      world.fake.state.pullRequests.get(7)!.head.sha = newer;

      const run = await world.run();
      expect(run.exitCode, explain(run)).toBe(1);
      expect(run.outputs.verdict).toBe("no-go");
      expect(run.stdout).toContain(
        `judged by the base version of ${README_PATH}: this pull request changes it and no owner`,
      );
      expect(run.stdout).toMatch(/0\.8 < 0\.92/);
      expect(world.fake.state.checkRunsOn(world.ws.headSha).map((r) => r.conclusion)).toEqual(["failure"]);
      expect(world.fake.state.checkRunsOn(newer)).toEqual([]);
      expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}/files")).toEqual([]);
      expect(world.fake.requestsTo(COMPARE)).toHaveLength(fetchDepth === 0 ? 0 : 1);
      expect(world.fake.violations).toEqual([]);
    },
  );

  it("never writes a pass on a commit the pull request has left", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ min: 0.92 }), ...evidence(0.9) },
      head: evidence(0.95),
    });
    const newer = shaOf("moved-on");
    world.fake.state.setFiles(newer, world.ws.files.head);
    world.fake.state.pullRequests.get(7)!.head.sha = newer;

    const run = await world.run();
    // The decision for that commit stands (a Go); only its check run refuses to pass it.
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    const runs = world.fake.state.checkRunsOn(world.ws.headSha);
    expect(runs.map((r) => r.conclusion)).toEqual(["failure"]);
    expect(runs[0]?.output.title).toBe(
      `Not passed: pull request #7 moved on to ${newer.slice(0, 7)} while this run judged ${world.ws.headSha.slice(0, 7)}; the run for ${newer.slice(0, 7)} decides`,
    );
    expect(run.stdout).toMatch(
      new RegExp(
        `::warning::Shipgate: Go .*, but the check run is not a pass: Not passed: pull request #7 moved on to ${newer.slice(0, 7)}`,
      ),
    );
    // The comment is the newer run's to write.
    expect(world.fake.state.commentsOn(7)).toEqual([]);
    expect(world.fake.state.checkRuns.some((r) => r.conclusion === "success")).toBe(false);
    expect(world.fake.violations).toEqual([]);
  });
});

describe("nothing found is not a pass", () => {
  const files = { [README_PATH]: readinessYaml(), ...evidence(0.95) };

  it("a mistyped files glob fails the gate, naming the glob in the check run and the comment", async () => {
    const world = await pullRequestWorld({ base: files, head: evidence(0.96) });
    const run = await world.run({ inputs: { files: "**/readyness.yml" } });
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    const [checkRun, ...more] = world.fake.state.checkRunsOn(world.ws.headSha);
    expect(more).toEqual([]);
    expect(checkRun?.conclusion).toBe("failure");
    expect(checkRun?.output.summary).toContain(
      'no readiness file matches the files glob "\\*\\*/readyness.yml"',
    );
    // The headline says what happened, not that a readiness file is invalid.
    expect(checkRun?.output.title).toBe("No-go: no readiness file matches **/readyness.yml");
    expect(checkRun?.annotations[0]?.title).toBe("shipgate: no readiness file found");
    expect(checkRun?.annotations[0]).toMatchObject({ path: WORKFLOW, annotation_level: "failure" });
    expect(checkRun?.annotations[0]?.message).toContain("allow-no-systems: true");
    const comment = world.fake.state.commentsOn(7)[0]?.body ?? "";
    expect(comment).toContain("no readiness file matches the files glob");
    expect(comment).toContain("**Nothing to check**");
    expect(comment).not.toContain("Invalid readiness files");
    expect(comment).toContain("readyness.yml");
    expect(run.stdout).toContain('no readiness file matches the files glob "**/readyness.yml"');
    expect(world.fake.violations).toEqual([]);
  });

  it("allow-no-systems: true lets a repository that knowingly has none pass", async () => {
    const world = await pullRequestWorld({
      base: { "README.md": "# no AI here\n" },
      head: { "a.txt": "a\n" },
    });
    const run = await world.run({ inputs: { "allow-no-systems": "true" } });
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("not-gated");
    expect(world.fake.state.checkRunsOn(world.ws.headSha).map((r) => r.conclusion)).toEqual(["success"]);
    expect(world.fake.violations).toEqual([]);
  });
});

describe("a pull request that changes the workflow running the gate", () => {
  // The head drops the runbook: a no-go for production, though the pilot stage (F1 only) passes.
  const base = { [README_PATH]: readinessYaml({ min: 0.92 }), ...evidence(0.95), [WORKFLOW]: workflowYaml() };
  const weakened = `          fail-on: never\n          stage: pilot\n`;
  const head = {
    [WORKFLOW]: workflowYaml(weakened),
    "systems/claims/docs/runbook.md": null,
  };
  const inputs = { "fail-on": "never", stage: "pilot" };

  it("cannot weaken the gate with fail-on: never or a forced stage: both are ignored and the comment says so", async () => {
    const world = await pullRequestWorld({ base, head });
    const run = await world.run({ inputs });
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.outputs.stage).toBe("production");
    const note = `this pull request changes ${WORKFLOW}, the workflow that runs Shipgate, so the inputs that would weaken the gate (fail-on: never, stage: pilot) are ignored until an owner (@acme/ml-claims, @carol) approves this head`;
    expect(run.stdout).toContain(`Policy: ${note}`);
    expect(world.fake.state.checkRunsOn(world.ws.headSha).map((r) => r.conclusion)).toEqual(["failure"]);
    const comment = world.fake.state.commentsOn(7)[0]?.body ?? "";
    expect(comment).toContain("**Policy:**");
    expect(comment).toContain("are ignored until an owner");
    expect(world.fake.violations).toEqual([]);
  });

  it("cannot switch the gate off with another files glob and allow-no-systems", async () => {
    const world = await pullRequestWorld({
      base,
      head: {
        [WORKFLOW]: workflowYaml(`          files: "nothing/**"\n          allow-no-systems: true\n`),
        ...evidence(0.5),
      },
    });
    const run = await world.run({ inputs: { files: "nothing/**", "allow-no-systems": "true" } });
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toMatch(/0\.5 < 0\.92/);
    expect(run.stdout).toContain("(files: nothing/**, allow-no-systems: true) are ignored");
    expect(world.fake.violations).toEqual([]);
  });

  it("cannot pin the clock with SHIPGATE_NOW to keep an expired waiver alive", async () => {
    // The runbook is gone, and its waiver expired in 2020: only a clock pinned before then would honour it.
    const waived = readinessYaml({
      min: 0.92,
      waivers: `  - check: runbook\n    reason: Runbook moves to the wiki\n    approvedBy: "@carol"\n    expires: 2020-06-30\n`,
    });
    const world = await pullRequestWorld({
      base: { ...base, [README_PATH]: waived },
      head: {
        [WORKFLOW]: workflowYaml().replace(
          "    steps:",
          "    env:\n      SHIPGATE_NOW: 2020-01-01T00:00:00Z\n    steps:",
        ),
        "systems/claims/docs/runbook.md": null,
      },
    });
    const run = await world.run({ env: { SHIPGATE_NOW: "2020-01-01T00:00:00Z" } });
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toContain("(SHIPGATE_NOW=2020-01-01T00:00:00Z) are ignored");
    expect(run.stdout).toContain("judged with fail-on: no-go");
    expect(run.stdout).toContain("the real clock");
    expect(world.fake.state.checkRunsOn(world.ws.headSha).map((r) => r.conclusion)).toEqual(["failure"]);
    expect(world.fake.violations).toEqual([]);
  });

  it("honours the inputs once an owner approved the head", async () => {
    const world = await pullRequestWorld({ base, head });
    world.fake.state.addReview({ user: "carol", state: "APPROVED" });
    const run = await world.run({ inputs });
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.stage).toBe("pilot");
    expect(run.outputs.verdict).toBe("go");
    expect(run.stdout).toContain(
      `Policy: this pull request changes ${WORKFLOW}, the workflow that runs Shipgate; its inputs fail-on: never, stage: pilot apply because owner @carol approved this head.`,
    );
    // The note quotes the owner as text (word joiners keep it from pinging), not as a live mention.
    expect(world.fake.state.commentsOn(7)[0]?.body.replaceAll("\u2060", "")).toContain(
      "apply because owner @carol approved this head",
    );
    expect(world.fake.violations).toEqual([]);
  });

  it("leaves the inputs alone when the workflow is the base branch's", async () => {
    const world = await pullRequestWorld({
      base: { ...base, [WORKFLOW]: workflowYaml(weakened) },
      head: { "systems/claims/docs/runbook.md": null },
    });
    const run = await world.run({ inputs });
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.stage).toBe("pilot");
    expect(run.stdout).not.toContain("Policy: ");
    expect(world.fake.violations).toEqual([]);
  });
});
