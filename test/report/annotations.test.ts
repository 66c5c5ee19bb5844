import { describe, expect, it } from "vitest";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import { toAnnotations, type Annotation } from "../../src/report/annotations.js";
import { fail, findingsFor, metricCheck, NOW, readinessFile } from "../gate/builders.js";
import {
  CASES,
  conditionalReport,
  configProblemsReport,
  localReport,
  noGoReport,
  notGatedReport,
  severalSystemsReport,
} from "./reports.js";

const where = (a: Annotation) => `${a.level} ${a.path}:${a.startLine} ${a.title}`;

describe("toAnnotations", () => {
  it.each(CASES)("%s matches its snapshot", (_name, build) => {
    expect(toAnnotations(build())).toMatchSnapshot();
  });

  it("puts each failing required check at its readiness file line, and at the evidence line it points to", () => {
    expect(toAnnotations(noGoReport()).map(where)).toEqual([
      "failure systems/claims/readiness.yml:12 shipgate: eval-real-data",
      "failure systems/claims/reports/eval.json:4 shipgate: eval-real-data",
      "failure systems/claims/readiness.yml:22 shipgate: unit-tests",
      "failure systems/claims/reports/junit/api.xml:57 shipgate: unit-tests",
      "failure systems/claims/readiness.yml:27 shipgate: latency-p95",
      "failure systems/claims/readiness.yml:32 shipgate: coverage",
      "failure systems/claims/readiness.yml:37 shipgate: drift-alerts",
      "warning systems/claims/readiness.yml:80 shipgate: waiver for latency-p95 expired",
    ]);
  });

  it("says in the message what was measured against what bar, where, and who can grant an exception", () => {
    const [first] = toAnnotations(noGoReport());
    expect(first).toEqual({
      path: "systems/claims/readiness.yml",
      startLine: 12,
      endLine: 12,
      level: "failure",
      title: "shipgate: eval-real-data",
      message:
        "Fails: F1 0.874 < 0.92 in systems/claims/reports/eval.json at metrics.f1\n" +
        "measured 0.874; bar ≥ 0.92; evidence systems/claims/reports/eval.json:4\n" +
        "Required at production (claims-triage). Exceptions: @acme/ml-claims, @carol.",
    });
  });

  it("warns at the line of a waiver that expires within 7 days, and raises no failure for waived checks", () => {
    const annotations = toAnnotations(conditionalReport());
    expect(annotations.map(where)).toEqual([
      "warning systems/claims/readiness.yml:80 shipgate: waiver for latency-p95 expires in 3 days",
    ]);
    expect(annotations[0]!.message).toBe(
      "The waiver for latency-p95 approved by @carol expires in 3 days (2026-12-15). " +
        "Fix the check or ask an owner (@acme/ml-claims, @carol) to renew it.",
    );
  });

  it("puts config problems at their file and line", () => {
    const problems = toAnnotations(configProblemsReport()).filter(
      (a) => a.title === "shipgate: invalid readiness file",
    );
    expect(problems.map(where)).toEqual([
      "failure systems/fraud/readiness.yml:3 shipgate: invalid readiness file",
      "failure systems/fraud/readiness.yml:14 shipgate: invalid readiness file",
      "failure search/readiness.yaml:1 shipgate: invalid readiness file",
    ]);
    expect(problems[0]!.message).toBe("version: must be 1 (the only readiness format version) (column 10)");
  });

  it("raises no failure for a system that is not gated, nor for checks not evaluable locally", () => {
    expect(toAnnotations(notGatedReport())).toEqual([]);
    expect(toAnnotations(localReport()).map((a) => a.level)).toEqual(["warning"]);
  });

  it("raises failures only for checks required at the stage judged", () => {
    expect(toAnnotations(severalSystemsReport()).map(where)).toEqual([
      "failure systems/claims/readiness.yml:12 shipgate: eval-real-data",
      "failure systems/claims/reports/eval.json:4 shipgate: eval-real-data",
      "warning systems/fraud/readiness.yml:80 shipgate: waiver for bias-audit expires in 6 days",
    ]);
  });

  it("puts a blocker at the top of the readiness file", () => {
    const file = readinessFile({ checks: [metricCheck("eval-f1", "model")] });
    const system = judgeSystem(file, findingsFor(file), { stage: "canary" }, NOW);
    const [blocker] = toAnnotations(buildReport([system], [], { stage: "canary" }, NOW));
    expect(blocker).toMatchObject({ path: "systems/claims/readiness.yml", startLine: 1, level: "failure" });
    expect(blocker!.message).toContain('stage "canary" is not declared by claims-triage');
  });

  it("keeps titles within 255 characters and messages within 4,000", () => {
    const id = `c${"x".repeat(299)}`;
    const file = readinessFile({ checks: [metricCheck(id, "model")] });
    const findings = findingsFor(file, { [id]: fail("y".repeat(10_000), { details: ["z".repeat(5000)] }) });
    const [annotation] = toAnnotations(buildReport([judgeSystem(file, findings, {}, NOW)], [], {}, NOW));
    expect(annotation!.title.length).toBeLessThanOrEqual(255);
    expect(annotation!.message.length).toBeLessThanOrEqual(4000);
    expect(annotation!.message.endsWith("…")).toBe(true);
  });
});
