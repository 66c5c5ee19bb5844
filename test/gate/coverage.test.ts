import { describe, expect, it } from "vitest";
import { CATEGORIES, type CheckSpec, type StageSpec } from "../../src/config/schema.js";
import type { Finding } from "../../src/evidence/types.js";
import { judgeSystem, requiredCategories } from "../../src/gate/index.js";
import type { CoverageState, Target } from "../../src/gate/types.js";
import { fail, findingsFor, metricCheck, notEvaluable, NOW, readinessFile, waiver } from "./builders.js";

const production: Target = { branch: "main" };
const pilot: Target = { branch: "staging" };

/** One passing check in each category but those left out. */
function checksExcept(...left: string[]): CheckSpec[] {
  return CATEGORIES.filter((c) => !left.includes(c)).map((c) => metricCheck(`${c}-check`, c));
}

function stateOf(result: ReturnType<typeof judgeSystem>, category: string): CoverageState | undefined {
  return result.coverage.find((c) => c.category === category)?.state;
}

describe("category coverage at the highest stage", () => {
  it.each<
    [
      string,
      { left?: string[]; named?: Record<string, Finding>; waived?: string[]; na?: string[] },
      CoverageState,
      string,
    ]
  >([
    ["a category with a passing check is covered", {}, "covered", "go"],
    [
      "a category whose only check fails is still covered (the check fails)",
      { named: { "monitoring-check": fail() } },
      "covered",
      "no-go",
    ],
    [
      "a category whose every check is waived is waived",
      { named: { "monitoring-check": fail() }, waived: ["monitoring-check"] },
      "waived",
      "conditional",
    ],
    [
      "a category declared not applicable by an owner is not applicable",
      { left: ["monitoring"], na: ["monitoring"] },
      "not-applicable",
      "go",
    ],
    [
      "a category with no check and no declaration is missing: no-go",
      { left: ["monitoring"] },
      "missing",
      "no-go",
    ],
  ])("%s", (_case, opts, state, verdict) => {
    const file = readinessFile({
      checks: checksExcept(...(opts.left ?? [])),
      waivers: (opts.waived ?? []).map((id) => waiver(id, "2027-06-30")),
      notApplicable: (opts.na ?? []).map((category) => ({
        category: category as CheckSpec["category"],
        reason: "The system has no live traffic to watch",
        approvedBy: "@carol",
      })),
    });
    const result = judgeSystem(file, findingsFor(file, opts.named ?? {}), production, NOW);
    expect(stateOf(result, "monitoring")).toBe(state);
    expect(result.verdict).toBe(verdict);
    expect(result.coverage.map((c) => c.category)).toEqual([...CATEGORIES]);
  });

  it("a missing category is a blocking finding of its own, pointing at the checks list, even when every check passes", () => {
    const file = readinessFile({ checks: checksExcept("monitoring", "compliance") });
    file.positions.checksList = { line: 9, column: 1 };
    const result = judgeSystem(file, findingsFor(file), production, NOW);
    expect(result.checks.every((c) => c.status === "pass")).toBe(true);
    expect(result.verdict).toBe("no-go");
    const monitoring = result.coverage.find((c) => c.category === "monitoring");
    expect(monitoring).toEqual({
      category: "monitoring",
      state: "missing",
      required: true,
      checks: [],
      finding: "monitoring: no check says how this system is monitored",
      position: { line: 9, column: 1 },
    });
    expect(result.coverage.filter((c) => c.state === "missing").map((c) => c.category)).toEqual([
      "monitoring",
      "compliance",
    ]);
  });

  it("a system whose checks all pass but which lacks monitoring is not at production level", () => {
    const file = readinessFile({ checks: checksExcept("monitoring") });
    expect(judgeSystem(file, findingsFor(file), production, NOW).level).toBe("pilot");
    const complete = readinessFile({ checks: checksExcept() });
    expect(judgeSystem(complete, findingsFor(complete), production, NOW).level).toBe("production");
  });

  it("carries the reason, approver and position of a not-applicable category", () => {
    const file = readinessFile({
      checks: checksExcept("data"),
      notApplicable: [
        {
          category: "data",
          reason: "It ranks a fixed catalogue; it takes no external data",
          approvedBy: "@carol",
        },
      ],
    });
    file.positions.notApplicable = [{ line: 40, column: 5 }];
    const data = judgeSystem(file, findingsFor(file), production, NOW).coverage[0];
    expect(data).toEqual({
      category: "data",
      state: "not-applicable",
      required: true,
      checks: [],
      reason: "It ranks a fixed catalogue; it takes no external data",
      approvedBy: "@carol",
      position: { line: 40, column: 5 },
    });
  });

  it("a category covered only by a check not evaluable locally is covered (the check is left out, not absent)", () => {
    const file = readinessFile({
      checks: [
        ...checksExcept("compliance"),
        { id: "signoff", category: "compliance", approval: { from: ["@acme/legal"], count: 1 } },
      ],
    });
    const result = judgeSystem(file, findingsFor(file, { signoff: notEvaluable() }), { local: true }, NOW);
    expect(stateOf(result, "compliance")).toBe("covered");
    expect(result.verdict).toBe("go");
  });

  it("lists the ids of the checks that cover a category at the judged stage", () => {
    const file = readinessFile({
      checks: [
        ...checksExcept(),
        metricCheck("alerts", "monitoring"),
        metricCheck("dash", "monitoring", { stage: "pilot" }),
      ],
    });
    const result = judgeSystem(file, findingsFor(file), production, NOW);
    expect(result.coverage.find((c) => c.category === "monitoring")?.checks).toEqual([
      "monitoring-check",
      "alerts",
      "dash",
    ]);
  });

  it("is not required when not gated, and never turns a not-gated system into a no-go", () => {
    const file = readinessFile({ checks: [metricCheck("eval", "model")] });
    const result = judgeSystem(file, findingsFor(file), { branch: "feature/x" }, NOW);
    expect(result.verdict).toBe("not-gated");
    expect(result.coverage.every((c) => !c.required)).toBe(true);
    expect(stateOf(result, "monitoring")).toBe("missing");
  });

  it("a forced stage the system does not declare is judged at the highest stage: coverage is required", () => {
    const file = readinessFile({ checks: [metricCheck("eval", "model")] });
    const result = judgeSystem(file, findingsFor(file), { stage: "canary" }, NOW);
    expect(result.coverage.every((c) => c.required)).toBe(true);
  });
});

describe("coverage below the highest stage: stages[].covers", () => {
  const stages: StageSpec[] = [
    { name: "pilot", branches: ["staging"], covers: ["model"] },
    { name: "beta", branches: ["beta"], covers: ["system"] },
    { name: "production", branches: ["main"] },
  ];

  it.each<[string, number, string[]]>([
    ["the lowest stage requires what it lists", 0, ["model"]],
    ["a stage requires what it and every stage below it list", 1, ["model", "system"]],
    ["the highest stage requires every category", 2, [...CATEGORIES]],
  ])("%s", (_case, index, categories) => {
    expect([...requiredCategories(stages, index)].sort()).toEqual([...categories].sort());
  });

  it("a lower stage without covers requires no category", () => {
    const file = readinessFile({ checks: [metricCheck("eval", "model")] });
    const result = judgeSystem(file, findingsFor(file), pilot, NOW);
    expect(result.coverage.every((c) => !c.required)).toBe(true);
    expect(result.verdict).toBe("go");
  });

  it("a lower stage that covers a category with no check at that stage is no-go", () => {
    const file = readinessFile({
      stages: [
        { name: "pilot", branches: ["staging"], covers: ["model", "system"] },
        { name: "production", branches: ["main"] },
      ],
      // The system check is required only from production: at pilot, system is missing.
      checks: [metricCheck("eval", "model", { stage: "pilot" }), metricCheck("latency", "system")],
    });
    const result = judgeSystem(file, findingsFor(file), pilot, NOW);
    expect(result.verdict).toBe("no-go");
    expect(result.coverage.filter((c) => c.required).map((c) => [c.category, c.state])).toEqual([
      ["model", "covered"],
      ["system", "missing"],
    ]);
    // Its level stops below pilot for the same reason.
    expect(result.level).toBeNull();
  });
});
