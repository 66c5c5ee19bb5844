import { describe, expect, it } from "vitest";
import type { CheckSpec, StageSpec } from "../../src/config/schema.js";
import type { Finding } from "../../src/evidence/types.js";
import { buildReport, daysLeft, judgeSystem, overallVerdict } from "../../src/gate/index.js";
import type { CheckStatus, SystemResult, Target, Verdict, WaiverState } from "../../src/gate/types.js";
import {
  coveredFile,
  error,
  fail,
  findingsFor,
  metricCheck,
  notEvaluable,
  NOW,
  pass,
  readinessFile,
  waiver,
} from "./builders.js";

const production: Target = { branch: "main" };

function checkOf(result: SystemResult, id: string) {
  const check = result.checks.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check;
}

describe("judgeSystem: a check's status", () => {
  it.each<[string, Finding, { waived?: boolean; expiredWaiver?: boolean; local?: boolean }, CheckStatus]>([
    ["a passing finding passes", pass(), {}, "pass"],
    ["a failing finding fails", fail(), {}, "fail"],
    ["an error stays an error", error(), {}, "error"],
    ["a failing finding under a live waiver is waived", fail(), { waived: true }, "waived"],
    ["an error under a live waiver is waived", error(), { waived: true }, "waived"],
    ["an expired waiver is ignored: the check fails", fail(), { expiredWaiver: true }, "fail"],
    ["a passing check under a waiver still passes", pass(), { waived: true }, "pass"],
    ["not evaluable locally is left out", notEvaluable(), { local: true }, "not-evaluable"],
    ["not evaluable on GitHub is an error (fail closed)", notEvaluable(), {}, "error"],
    ["not evaluable on GitHub under a live waiver is waived", notEvaluable(), { waived: true }, "waived"],
    ["a failing finding in local mode still fails", fail(), { local: true }, "fail"],
  ])("%s", (_case, finding, opts, status) => {
    const waivers = opts.waived
      ? [waiver("eval-f1", "2027-01-31")]
      : opts.expiredWaiver
        ? [waiver("eval-f1", "2026-12-01")]
        : [];
    const file = readinessFile({ checks: [metricCheck("eval-f1", "model")], waivers });
    const target: Target = opts.local ? { ...production, local: true } : production;
    const result = judgeSystem(file, findingsFor(file, { "eval-f1": finding }), target, NOW);
    expect(checkOf(result, "eval-f1").status).toBe(status);
  });

  it("treats a check with no finding as an error: it cannot pass without one", () => {
    const file = readinessFile({
      checks: [metricCheck("eval-f1", "model"), metricCheck("latency", "system")],
    });
    const result = judgeSystem(file, new Map([["eval-f1", pass()]]), production, NOW);
    const latency = checkOf(result, "latency");
    expect(latency.status).toBe("error");
    expect(latency.finding.summary).toBe(
      "no result was produced for check latency; it cannot pass without one",
    );
    expect(result.verdict).toBe("no-go");
  });

  it("carries the check's identity, kind, position and maxAge into the result", () => {
    const file = readinessFile({
      checks: [metricCheck("eval-f1", "model", { title: "F1 meets the bar", stage: "pilot", maxAge: "30d" })],
    });
    const check = checkOf(judgeSystem(file, findingsFor(file), production, NOW), "eval-f1");
    expect(check).toMatchObject({
      id: "eval-f1",
      title: "F1 meets the bar",
      category: "model",
      kind: "metric",
      stage: "pilot",
      required: true,
      position: { line: 12, column: 5 },
      maxAge: "30d",
    });
  });

  it("uses the id as the title when the check has none", () => {
    const file = readinessFile({ checks: [metricCheck("eval-f1", "model")] });
    expect(checkOf(judgeSystem(file, findingsFor(file), production, NOW), "eval-f1").title).toBe("eval-f1");
  });
});

describe("judgeSystem: stages and required checks", () => {
  const file = readinessFile({
    checks: [
      metricCheck("pilot-check", "model", { stage: "pilot" }),
      metricCheck("production-check", "system", { stage: "production" }),
      metricCheck("default-stage", "system"),
    ],
  });

  it("defaults a check's stage to the highest stage", () => {
    expect(checkOf(judgeSystem(file, findingsFor(file), production, NOW), "default-stage").stage).toBe(
      "production",
    );
  });

  it.each<[string, Target, Record<string, [boolean, CheckStatus]>]>([
    [
      "at pilot, only pilot checks are required",
      { branch: "staging" },
      {
        "pilot-check": [true, "fail"],
        "production-check": [false, "not-required"],
        "default-stage": [false, "not-required"],
      },
    ],
    [
      "at production, every check is required",
      { branch: "release/3.1" },
      { "pilot-check": [true, "fail"], "production-check": [true, "fail"], "default-stage": [true, "pass"] },
    ],
    [
      "not gated: nothing is required, statuses are shown as at the highest stage",
      { branch: "feature/x" },
      {
        "pilot-check": [false, "fail"],
        "production-check": [false, "fail"],
        "default-stage": [false, "pass"],
      },
    ],
  ])("%s", (_case, target, expected) => {
    const findings = findingsFor(file, { "pilot-check": fail(), "production-check": fail() });
    const result = judgeSystem(file, findings, target, NOW);
    for (const [id, [required, status]] of Object.entries(expected)) {
      expect({ id, required: checkOf(result, id).required, status: checkOf(result, id).status }).toEqual({
        id,
        required,
        status,
      });
    }
  });

  it("records the stage judged and why", () => {
    const result = judgeSystem(file, findingsFor(file), { branch: "staging" }, NOW);
    expect(result.stage).toBe("pilot");
    expect(result.stageReason).toBe('branch "staging" matches stage pilot');
    expect(result.stages).toEqual(["pilot", "production"]);
  });

  it("requires a check naming an undeclared stage at every stage (defensive: validation rejects it)", () => {
    const odd = readinessFile({ checks: [metricCheck("odd", "data", { stage: "canary" })] });
    const result = judgeSystem(odd, findingsFor(odd, { odd: fail() }), { branch: "staging" }, NOW);
    expect(checkOf(result, "odd")).toMatchObject({ required: true, status: "fail" });
    expect(result.verdict).toBe("no-go");
  });
});

describe("judgeSystem: waivers", () => {
  // NOW is 2026-12-12T10:00Z.
  it.each<[string, string, WaiverState, number, CheckStatus]>([
    ["expiring today still holds", "2026-12-12", "expiring", 0, "waived"],
    ["expiring tomorrow is flagged", "2026-12-13", "expiring", 1, "waived"],
    ["expiring in 7 days is flagged", "2026-12-19", "expiring", 7, "waived"],
    ["expiring in 8 days is active", "2026-12-20", "active", 8, "waived"],
    ["expired yesterday is ignored", "2026-12-11", "expired", -1, "fail"],
    ["expired long ago is ignored", "2025-01-01", "expired", -710, "fail"],
  ])("%s", (_case, expires, state, days, status) => {
    const file = readinessFile({
      checks: [metricCheck("latency", "system")],
      waivers: [waiver("latency", expires)],
    });
    const result = judgeSystem(file, findingsFor(file, { latency: fail() }), production, NOW);
    expect(result.waivers[0]).toMatchObject({ check: "latency", state, daysLeft: days, expires });
    expect(checkOf(result, "latency").status).toBe(status);
    expect(checkOf(result, "latency").waiver?.state).toBe(state);
  });

  it.each<[string, string, WaiverState]>([
    ["the last millisecond of the expiry day", "2026-12-12T23:59:59.999Z", "expiring"],
    ["the first millisecond after it", "2026-12-13T00:00:00.000Z", "expired"],
  ])("a waiver expiring 2026-12-12 at %s is %s", (_case, now, state) => {
    const file = readinessFile({
      checks: [metricCheck("latency", "system")],
      waivers: [waiver("latency", "2026-12-12")],
    });
    const result = judgeSystem(file, findingsFor(file, { latency: fail() }), production, new Date(now));
    expect(result.waivers[0]?.state).toBe(state);
  });

  it.each<[string, Finding, Target, WaiverState]>([
    ["a waiver on a passing check is unused", pass(), production, "unused"],
    ["a waiver on a check not required at the target is unused", fail(), { branch: "staging" }, "unused"],
    ["an expired waiver on a passing check is reported expired", pass(), production, "expired"],
  ])("%s", (name, finding, target, state) => {
    const expires = state === "expired" ? "2026-11-30" : "2027-03-01";
    const file = readinessFile({
      checks: [metricCheck("latency", "system")],
      waivers: [waiver("latency", expires)],
    });
    const result = judgeSystem(file, findingsFor(file, { latency: finding }), target, NOW);
    expect(result.waivers[0]?.state, name).toBe(state);
  });

  it("keeps the time state of a waiver whose check is not evaluable locally", () => {
    const file = readinessFile({
      checks: [{ id: "signoff", category: "compliance", approval: { from: ["@acme/compliance"], count: 1 } }],
      waivers: [waiver("signoff", "2026-12-14")],
    });
    const result = judgeSystem(file, findingsFor(file, { signoff: notEvaluable() }), { local: true }, NOW);
    expect(result.waivers[0]?.state).toBe("expiring");
    expect(checkOf(result, "signoff").status).toBe("not-evaluable");
  });

  it("applies the longest-lasting live waiver when several name one check; the others are unused", () => {
    const file = readinessFile({
      checks: [metricCheck("latency", "system")],
      waivers: [
        waiver("latency", "2026-12-14"),
        waiver("latency", "2027-02-01"),
        waiver("latency", "2026-12-01"),
      ],
    });
    const result = judgeSystem(file, findingsFor(file, { latency: fail() }), production, NOW);
    expect(result.waivers.map((w) => w.state)).toEqual(["unused", "active", "expired"]);
    expect(checkOf(result, "latency").waiver?.expires).toBe("2027-02-01");
  });

  it("attaches the latest expired waiver to a failing check so the report can say it was ignored", () => {
    const file = readinessFile({
      checks: [metricCheck("latency", "system")],
      waivers: [waiver("latency", "2026-10-01"), waiver("latency", "2026-12-10")],
    });
    const check = checkOf(
      judgeSystem(file, findingsFor(file, { latency: fail() }), production, NOW),
      "latency",
    );
    expect(check.status).toBe("fail");
    expect(check.waiver).toMatchObject({ expires: "2026-12-10", state: "expired", daysLeft: -2 });
  });

  it("reports a waiver naming no declared check as unused (defensive: validation rejects it)", () => {
    const file = coveredFile({
      checks: [metricCheck("latency", "system")],
      waivers: [waiver("ghost", "2027-01-01")],
    });
    const result = judgeSystem(file, findingsFor(file), production, NOW);
    expect(result.waivers[0]).toMatchObject({ check: "ghost", state: "unused" });
    expect(result.verdict).toBe("go");
  });

  it("carries each waiver's reason, approver and position", () => {
    const file = readinessFile({
      checks: [metricCheck("latency", "system")],
      waivers: [
        waiver("latency", "2026-12-15", {
          reason: "Load-test cluster is being rebuilt",
          approvedBy: "@dave",
        }),
      ],
    });
    expect(judgeSystem(file, findingsFor(file, { latency: fail() }), production, NOW).waivers[0]).toEqual({
      check: "latency",
      reason: "Load-test cluster is being rebuilt",
      approvedBy: "@dave",
      expires: "2026-12-15",
      state: "expiring",
      daysLeft: 3,
      position: { line: 80, column: 5 },
    });
  });

  it.each<[string, number]>([
    ["2026-12-12", 0],
    ["2026-12-31", 19],
    ["2027-01-01", 20],
    ["2026-11-12", -30],
    ["2026-13-01", -1],
    ["not a date", -1],
  ])("daysLeft(%s) from 2026-12-12 is %i (unreadable dates count as lapsed)", (expires, days) => {
    expect(daysLeft(expires, NOW)).toBe(days);
  });
});

describe("judgeSystem: verdicts", () => {
  const checks: CheckSpec[] = [
    metricCheck("eval-f1", "model", { stage: "pilot" }),
    metricCheck("latency", "system"),
    {
      id: "signoff",
      category: "compliance",
      approval: { from: ["@acme/compliance"], count: 1 },
    },
  ];

  it.each<[string, Record<string, Finding>, string[], Target, Verdict]>([
    ["every required check passes: go", {}, [], production, "go"],
    ["one required check waived: conditional", { latency: fail() }, ["latency"], production, "conditional"],
    [
      "a failure beside a waiver: no-go",
      { latency: fail(), "eval-f1": fail() },
      ["latency"],
      production,
      "no-go",
    ],
    ["an error: no-go", { latency: error() }, [], production, "no-go"],
    ["a failure above the target stage does not count", { latency: fail() }, [], { branch: "staging" }, "go"],
    [
      "a branch no stage names: not gated, whatever fails",
      { "eval-f1": fail() },
      [],
      { branch: "dev" },
      "not-gated",
    ],
    [
      "not evaluable locally is left out of the verdict",
      { signoff: notEvaluable() },
      [],
      { local: true },
      "go",
    ],
    ["not evaluable on GitHub blocks a go", { signoff: notEvaluable() }, [], production, "no-go"],
    [
      "an expired waiver does not save a failure",
      { latency: fail() },
      ["expired:latency"],
      production,
      "no-go",
    ],
  ])("%s", (_case, named, waived, target, verdict) => {
    const waivers = waived.map((w) =>
      w.startsWith("expired:") ? waiver(w.slice(8), "2026-12-01") : waiver(w, "2027-06-30"),
    );
    const file = coveredFile({ checks, waivers });
    expect(judgeSystem(file, findingsFor(file, named), target, NOW).verdict).toBe(verdict);
  });

  it("is go when the target stage requires no check", () => {
    const file = readinessFile({ checks: [metricCheck("latency", "system")] });
    const result = judgeSystem(file, findingsFor(file, { latency: fail() }), { branch: "staging" }, NOW);
    expect(result.verdict).toBe("go");
    expect(result.scores).toEqual([]);
  });

  it("is no-go on a forced stage the system does not declare, even when everything passes", () => {
    const file = readinessFile({ checks });
    const result = judgeSystem(file, findingsFor(file), { stage: "canary" }, NOW);
    expect(result.verdict).toBe("no-go");
    expect(result.stage).toBe("canary");
    expect(result.blocker).toContain("its stages are pilot, production");
    // Judged at the most demanding stage, so the report still shows every check.
    expect(result.checks.every((c) => c.required)).toBe(true);
  });
});

describe("judgeSystem: readiness level", () => {
  const threeStages: StageSpec[] = [
    { name: "pilot", branches: ["staging"] },
    { name: "beta", branches: ["beta"] },
    { name: "production", branches: ["main"] },
  ];
  const file = coveredFile({
    stages: threeStages,
    checks: [
      metricCheck("pilot-a", "model", { stage: "pilot" }),
      metricCheck("pilot-b", "data", { stage: "pilot" }),
      metricCheck("prod-a", "system"),
    ],
  });

  it.each<[string, Record<string, Finding>, string[], Target, string | null]>([
    ["everything passes: the highest stage", {}, [], production, "production"],
    ["a pilot check fails: no level", { "pilot-b": fail() }, [], production, null],
    ["only a production check fails: the stage below it", { "prod-a": fail() }, [], production, "beta"],
    [
      "a stage with no checks of its own is reached when lower ones pass",
      { "prod-a": error() },
      [],
      production,
      "beta",
    ],
    ["a waiver does not raise the level", { "pilot-a": fail() }, ["pilot-a"], production, null],
    ["the level ignores the target stage", { "prod-a": fail() }, [], { branch: "staging" }, "beta"],
    ["the level is computed when not gated", {}, [], { branch: "feature/x" }, "production"],
    [
      "with --local, a check that needs GitHub is left out of the level as of the verdict",
      { "prod-a": notEvaluable() },
      [],
      { local: true },
      "production",
    ],
    [
      "without --local, a check that needs GitHub does not count as a pass",
      { "prod-a": notEvaluable() },
      [],
      production,
      "beta",
    ],
  ])("%s", (_case, named, waived, target, level) => {
    const withWaivers = readinessFile({ ...file.spec, waivers: waived.map((w) => waiver(w, "2027-06-30")) });
    expect(judgeSystem(withWaivers, findingsFor(withWaivers, named), target, NOW).level).toBe(level);
  });
});

describe("judgeSystem: category scores", () => {
  it("counts passed of required checks per category, in the fixed category order, omitting empty ones", () => {
    const file = readinessFile({
      checks: [
        metricCheck("runbook", "operations"),
        metricCheck("latency", "system"),
        metricCheck("eval-f1", "model"),
        metricCheck("unit-tests", "system"),
        metricCheck("eval-recall", "model"),
      ],
      waivers: [waiver("eval-recall", "2027-01-31")],
    });
    const findings = findingsFor(file, { latency: fail(), "eval-recall": fail() });
    const result = judgeSystem(file, findings, production, NOW);
    expect(result.scores).toEqual([
      { category: "model", passed: 1, required: 2 }, // a waived check is required but has not passed
      { category: "system", passed: 1, required: 2 },
      { category: "operations", passed: 1, required: 1 },
    ]);
    expect(result.weakest).toBe("model"); // tie at 50%: the first in category order
  });

  it.each<[string, Record<string, Finding>, string | undefined]>([
    ["the lowest ratio is the weakest", { latency: fail() }, "system"],
    ["no weakest when every category is at 100%", {}, undefined],
  ])("%s", (_case, named, weakest) => {
    const file = readinessFile({
      checks: [
        metricCheck("eval-f1", "model"),
        metricCheck("eval-recall", "model"),
        metricCheck("eval-auc", "model"),
        metricCheck("latency", "system"),
        metricCheck("alerts", "monitoring"),
      ],
    });
    const findings = findingsFor(file, { "eval-f1": fail(), ...named });
    if (Object.keys(named).length === 0) findings.set("eval-f1", pass());
    expect(judgeSystem(file, findings, production, NOW).weakest).toBe(weakest);
  });

  it("leaves out checks that are not required at the target stage", () => {
    const file = readinessFile({
      checks: [metricCheck("eval-f1", "model", { stage: "pilot" }), metricCheck("latency", "system")],
    });
    const result = judgeSystem(file, findingsFor(file), { branch: "staging" }, NOW);
    expect(result.scores).toEqual([{ category: "model", passed: 1, required: 1 }]);
  });

  it("counts every check against the highest stage when the system is not gated", () => {
    const file = readinessFile({
      checks: [metricCheck("eval-f1", "model", { stage: "pilot" }), metricCheck("latency", "system")],
    });
    const result = judgeSystem(file, findingsFor(file, { latency: fail() }), { branch: "feature/x" }, NOW);
    expect(result.scores).toEqual([
      { category: "model", passed: 1, required: 1 },
      { category: "system", passed: 0, required: 1 },
    ]);
    expect(result.weakest).toBe("system");
  });

  it("leaves out checks not evaluable locally", () => {
    const file = readinessFile({
      checks: [
        metricCheck("eval-f1", "model"),
        { id: "ci", category: "system", ci: { check: "build", app: "github-actions", statuses: false } },
      ],
    });
    const result = judgeSystem(file, findingsFor(file, { ci: notEvaluable() }), { local: true }, NOW);
    expect(result.scores).toEqual([{ category: "model", passed: 1, required: 1 }]);
  });
});

describe("judgeSystem: the system's identity", () => {
  it("copies the system name, description, file, owners and stages", () => {
    const file = readinessFile({
      description: "Routes insurance claims to adjusters",
      checks: [metricCheck("eval-f1", "model")],
    });
    const result = judgeSystem(file, findingsFor(file), production, NOW);
    expect(result).toMatchObject({
      system: "claims-triage",
      description: "Routes insurance claims to adjusters",
      file: "systems/claims/readiness.yml",
      owners: ["@acme/ml-claims", "@carol"],
      stages: ["pilot", "production"],
      stage: "production",
    });
    expect(result.blocker).toBeUndefined();
  });
});

describe("overallVerdict", () => {
  const problem = { file: "a/readiness.yml", line: 3, column: 1, message: "version: must be 1" };
  const systems = (...verdicts: Verdict[]) => verdicts.map((verdict) => ({ verdict }));

  it.each<[string, Verdict[], boolean, Verdict]>([
    ["no systems", [], false, "not-gated"],
    ["all not gated", ["not-gated", "not-gated"], false, "not-gated"],
    ["go beats not gated", ["not-gated", "go"], false, "go"],
    ["conditional beats go", ["go", "conditional", "not-gated"], false, "conditional"],
    ["no-go beats everything", ["conditional", "no-go", "go"], false, "no-go"],
    ["a config problem is a no-go even when all go", ["go", "go"], true, "no-go"],
    ["a config problem with no valid systems is a no-go", [], true, "no-go"],
  ])("%s", (_case, verdicts, withProblem, verdict) => {
    expect(overallVerdict(systems(...verdicts), withProblem ? [problem] : [])).toBe(verdict);
  });
});

describe("buildReport", () => {
  it("stamps version 1, the time, the target and the overall verdict", () => {
    const file = readinessFile({ checks: [metricCheck("eval-f1", "model")] });
    const system = judgeSystem(file, findingsFor(file, { "eval-f1": fail() }), production, NOW);
    const report = buildReport([system], [], production, NOW);
    expect(report).toEqual({
      version: 1,
      generatedAt: "2026-12-12T10:00:00.000Z",
      target: { branch: "main" },
      verdict: "no-go",
      systems: [system],
      problems: [],
    });
  });
});
