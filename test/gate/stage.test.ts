import { describe, expect, it } from "vitest";
import type { StageSpec } from "../../src/config/schema.js";
import { resolveStage } from "../../src/gate/index.js";
import type { Target } from "../../src/gate/types.js";
import { PILOT_AND_PRODUCTION } from "./builders.js";

const claims = { system: "claims-triage", stages: PILOT_AND_PRODUCTION };

describe("resolveStage", () => {
  it.each<[string, Target, string | null, string]>([
    [
      "no branch and no stage: the highest stage",
      {},
      "production",
      "judged at the highest stage, production",
    ],
    ["empty branch and stage count as not given", { branch: "", stage: "" }, "production", "highest stage"],
    ["a branch named literally", { branch: "main" }, "production", 'branch "main" matches stage production'],
    ["a lower stage's branch", { branch: "staging" }, "pilot", 'branch "staging" matches stage pilot'],
    ["a glob with one segment", { branch: "release/1.4" }, "production", "(release/**)"],
    ["a glob with nested segments", { branch: "release/2026/q4" }, "production", "(release/**)"],
    ["a full ref name", { branch: "refs/heads/main" }, "production", 'branch "main"'],
    [
      "a branch no stage names",
      { branch: "feature/x" },
      null,
      'branch "feature/x" is not named by any stage',
    ],
    ["a prefix of a named branch is not a match", { branch: "mainline" }, null, "not named by any stage"],
    ["a forced stage", { stage: "pilot" }, "pilot", "stage pilot was chosen explicitly"],
    ["a forced stage wins over the branch", { stage: "pilot", branch: "main" }, "pilot", "chosen explicitly"],
  ])("%s", (_case, target, stage, why) => {
    const resolved = resolveStage(claims, target);
    expect(resolved.stage).toBe(stage);
    expect(resolved.why).toContain(why);
    expect(resolved.blocker).toBeUndefined();
  });

  it("picks the highest stage when several stages name the branch", () => {
    const overlapping: StageSpec[] = [
      { name: "pilot", branches: ["main", "release/**"] },
      { name: "beta", branches: ["release/**"] },
      { name: "production", branches: ["main"] },
    ];
    expect(resolveStage({ system: "s", stages: overlapping }, { branch: "main" }).stage).toBe("production");
    expect(resolveStage({ system: "s", stages: overlapping }, { branch: "release/9" }).stage).toBe("beta");
  });

  it("blocks a forced stage the system does not declare, listing its stages", () => {
    const resolved = resolveStage(claims, { stage: "canary", branch: "main" });
    expect(resolved.stage).toBe("canary");
    expect(resolved.blocker).toBe(
      'stage "canary" is not declared by claims-triage; its stages are pilot, production. ' +
        "Choose one of them, or add the stage to the readiness file",
    );
  });
});
