// compareReports: which checks a pull request breaks and fixes, judged under one policy at base and head.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/evidence/types.js";
import type { CheckStatus, GateReport } from "../../src/gate/types.js";
import { agingOf, compareReports, deltaTotals } from "../../src/report/delta.js";
import { error, fail, notEvaluable, pass, readinessFile } from "../gate/builders.js";
import {
  BASE_SHA,
  baseReport,
  claimsFile,
  DAY,
  dataCard,
  headReport,
  reportOf,
  systemOf,
} from "./reports.js";

/** One-check reports: a metric check at production, judged on the finding given (and waived if asked). */
function oneCheck(
  finding: Finding,
  opts: { waived?: boolean; stage?: "pilot" | "production"; local?: boolean } = {},
): GateReport {
  const file = readinessFile({
    checks: [
      {
        id: "eval-f1",
        category: "model",
        stage: opts.stage ?? "production",
        metric: { file: "reports/eval.json", path: "metrics.f1", min: 0.92 },
      },
    ],
    waivers: opts.waived
      ? [{ check: "eval-f1", reason: "relabelling", approvedBy: "@carol", expires: "2027-06-30" }]
      : [],
  });
  const target = opts.local ? { local: true } : { branch: "main" };
  return reportOf([systemOf({ "eval-f1": finding }, file, target)], target);
}

const PASSES = pass("F1 0.95 ≥ 0.92");
const FAILS = fail("F1 0.80 < 0.92");
const ERRS = error("reports/eval.json is not JSON");

describe("compareReports: newly failing, newly passing, still failing", () => {
  it.each<
    [
      string,
      () => GateReport,
      () => GateReport,
      "newlyFailing" | "newlyPassing" | "stillFailing" | "none",
      CheckStatus | undefined,
    ]
  >([
    ["fails now, passed at the base", () => oneCheck(FAILS), () => oneCheck(PASSES), "newlyFailing", "pass"],
    ["errors now, passed at the base", () => oneCheck(ERRS), () => oneCheck(PASSES), "newlyFailing", "pass"],
    [
      "fails now, was waived at the base",
      () => oneCheck(FAILS),
      () => oneCheck(FAILS, { waived: true }),
      "newlyFailing",
      "waived",
    ],
    [
      "fails now, was not required at the base",
      () => oneCheck(FAILS),
      notRequiredBase,
      "newlyFailing",
      "not-required",
    ],
    ["passes now, failed at the base", () => oneCheck(PASSES), () => oneCheck(FAILS), "newlyPassing", "fail"],
    [
      "passes now, errored at the base",
      () => oneCheck(PASSES),
      () => oneCheck(ERRS),
      "newlyPassing",
      "error",
    ],
    [
      "waived now, failed at the base",
      () => oneCheck(FAILS, { waived: true }),
      () => oneCheck(FAILS),
      "newlyPassing",
      "fail",
    ],
    ["fails at both", () => oneCheck(FAILS), () => oneCheck(ERRS), "stillFailing", undefined],
    ["passes at both", () => oneCheck(PASSES), () => oneCheck(PASSES), "none", undefined],
    [
      "not evaluable locally now, failed at the base",
      () => oneCheck(notEvaluable(), { local: true }),
      () => oneCheck(FAILS),
      "none",
      undefined,
    ],
  ])("%s", (_name, head, base, kind, baseStatus) => {
    const [system] = compareReports(head(), base()).systems;
    const listed = { newlyFailing: system!.newlyFailing, newlyPassing: system!.newlyPassing };
    if (kind === "newlyFailing" || kind === "newlyPassing") {
      expect(listed[kind]).toEqual([
        { check: "eval-f1", status: head().systems[0]!.checks[0]!.status, baseStatus },
      ]);
      const other = kind === "newlyFailing" ? "newlyPassing" : "newlyFailing";
      expect(listed[other]).toEqual([]);
      expect(system!.stillFailing).toBe(0);
    } else {
      expect(listed).toEqual({ newlyFailing: [], newlyPassing: [] });
      expect(system!.stillFailing).toBe(kind === "stillFailing" ? 1 : 0);
    }
  });

  it("lists a failing check the base report does not have as newly failing, with no base status", () => {
    const base = oneCheck(PASSES);
    const head = reportOf([
      systemOf(
        { "eval-f1": PASSES, "bias-audit": FAILS },
        readinessFile({
          checks: [
            {
              id: "eval-f1",
              category: "model",
              metric: { file: "reports/eval.json", path: "metrics.f1", min: 0.92 },
            },
            { id: "bias-audit", category: "compliance", file: { path: "docs/bias-audit.md", min: 1 } },
          ],
        }),
      ),
    ]);
    expect(compareReports(head, base).systems[0]!.newlyFailing).toEqual([
      { check: "bias-audit", status: "fail" },
    ]);
  });

  it("compares the pull request's scenario: F1 broken, runbook fixed, coverage still failing", () => {
    const delta = compareReports(headReport(), baseReport(), { baseSha: BASE_SHA });
    expect(delta.compared).toBe(true);
    expect(delta.baseSha).toBe(BASE_SHA);
    expect(delta.unavailable).toBeUndefined();
    const [system] = delta.systems;
    expect(system).toMatchObject({
      system: "claims-triage",
      file: "systems/claims/readiness.yml",
      new: false,
    });
    expect(system!.newlyFailing).toEqual([{ check: "eval-f1", status: "fail", baseStatus: "pass" }]);
    expect(system!.newlyPassing).toEqual([{ check: "runbook", status: "pass", baseStatus: "fail" }]);
    expect(system!.stillFailing).toBe(1);
    expect(deltaTotals(delta)).toEqual({
      newlyFailing: 1,
      newlyPassing: 1,
      stillFailing: 1,
      expiringWaivers: 1,
      agingEvidence: 1,
      newSystems: 0,
    });
  });

  it("never changes the head report it explains", () => {
    const head = headReport();
    const before = JSON.stringify(head);
    compareReports(head, baseReport());
    expect(JSON.stringify(head)).toBe(before);
  });
});

/** The base judged on a branch where the check's stage is not required (pilot, for a production check). */
function notRequiredBase(): GateReport {
  const file = readinessFile({
    checks: [
      {
        id: "eval-f1",
        category: "model",
        stage: "production",
        metric: { file: "reports/eval.json", path: "metrics.f1", min: 0.92 },
      },
    ],
  });
  const report = reportOf([systemOf({ "eval-f1": FAILS }, file)]);
  // Same policy, but the base judged pilot: what a retargeted pull request would see.
  report.systems[0]!.checks[0]!.status = "not-required";
  report.systems[0]!.checks[0]!.required = false;
  return report;
}

describe("compareReports: systems with nothing to compare", () => {
  it("marks a system whose readiness file is new in the pull request as new, and lists no moves", () => {
    const head = headReport();
    head.systems[0]!.policy = { source: "new", reason: "new in this pull request" };
    const [system] = compareReports(head, baseReport()).systems;
    expect(system).toMatchObject({ new: true, newlyFailing: [], newlyPassing: [], stillFailing: 0 });
    // Its own warnings still count: they are about the head.
    expect(system!.expiringWaivers).toHaveLength(1);
  });

  it("marks a system the base report lacks as new", () => {
    const base = reportOf([]);
    expect(compareReports(headReport(), base).systems[0]!.new).toBe(true);
  });

  it("matches systems by readiness file, then by name when the file moved", () => {
    const moved = baseReport();
    moved.systems[0]!.file = "ml/claims/readiness.yml";
    const [system] = compareReports(headReport(), moved).systems;
    expect(system!.new).toBe(false);
    expect(system!.newlyFailing.map((c) => c.check)).toEqual(["eval-f1"]);
  });

  it("without a base, lists only the head's warnings and says nothing was compared", () => {
    const delta = compareReports(headReport(), undefined, { unavailable: "no base commit" });
    expect(delta.compared).toBe(false);
    expect(delta.unavailable).toBe("no base commit");
    expect(delta.systems[0]).toMatchObject({
      new: false,
      newlyFailing: [],
      newlyPassing: [],
      stillFailing: 0,
    });
    expect(delta.systems[0]!.expiringWaivers).toEqual([
      { check: "latency-p95", expires: "2026-12-15", daysLeft: 3 },
    ]);
    expect(delta.systems[0]!.agingEvidence.map((a) => a.check)).toEqual(["data-card"]);
  });
});

describe("compareReports: expiring waivers and aging evidence come from the head", () => {
  it("lists waivers that lapse within 7 days, soonest first, and not active or unused ones", () => {
    const file = readinessFile({
      checks: claimsFile().spec.checks,
      waivers: [
        { check: "coverage", reason: "r", approvedBy: "@carol", expires: "2026-12-18" },
        { check: "latency-p95", reason: "r", approvedBy: "@carol", expires: "2026-12-13" },
        { check: "runbook", reason: "r", approvedBy: "@carol", expires: "2026-12-14" },
        { check: "eval-f1", reason: "r", approvedBy: "@carol", expires: "2027-03-01" },
      ],
    });
    const head = reportOf([
      systemOf({ coverage: FAILS, "latency-p95": FAILS, "eval-f1": FAILS, "data-card": dataCard(1) }, file),
    ]);
    expect(compareReports(head, undefined).systems[0]!.expiringWaivers).toEqual([
      { check: "latency-p95", expires: "2026-12-13", daysLeft: 1 },
      { check: "coverage", expires: "2026-12-18", daysLeft: 6 },
    ]);
  });

  it.each<[string, boolean, Finding]>([
    ["79% of maxAge used", false, dataCard(23.7)],
    ["exactly 80% of maxAge used", true, dataCard(24)],
    ["26 of 30 days", true, dataCard(26)],
    ["exactly at maxAge", true, dataCard(30)],
    ["no age known", false, { ...dataCard(26), age: undefined }],
  ])("evidence %s: getting old is %s", (_name, aging, finding) => {
    const system = systemOf({ "data-card": finding });
    const check = system.checks.find((c) => c.id === "data-card")!;
    expect(agingOf(check) !== undefined).toBe(aging);
    if (aging) {
      expect(agingOf(check)).toEqual({
        check: "data-card",
        maxAge: "30d",
        ageMs: finding.age!.ageMs,
        maxAgeMs: 30 * DAY,
      });
    }
  });

  it("does not call a failing check's evidence getting old", () => {
    const stale: Finding = {
      ...fail("evidence is 31 days old"),
      age: { ageMs: 31 * DAY, maxAgeMs: 30 * DAY, source: "git" },
    };
    const failing = systemOf({ "data-card": stale }).checks.find((c) => c.id === "data-card")!;
    expect(failing.status).toBe("fail");
    expect(agingOf(failing)).toBeUndefined();
  });
});
