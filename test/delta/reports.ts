// Head and base reports of one pull request, judged by judgeSystem from hand-made findings at the fixed
// clock of the gate tests, under the same readiness file (the same policy), as the action judges them. Their files declare the categories they have no check in not applicable: these tests are about the delta.
import type { CheckSpec } from "../../src/config/schema.js";
import type { ReadinessFile } from "../../src/config/types.js";
import type { Finding } from "../../src/evidence/types.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import type { GateReport, PolicyNote, SystemResult, Target } from "../../src/gate/types.js";
import { baseMissingReason, compareReports } from "../../src/report/delta.js";
import { coveredFile, error, fail, findingsFor, NOW, pass, waiver } from "../gate/builders.js";

export { NOW };
export const BASE_SHA = "fedcba9876543210fedcba9876543210fedcba98";
export const DAY = 86_400_000;
const MAIN: Target = { branch: "main" };
const E = "systems/claims/";

export const CHECKS: CheckSpec[] = [
  {
    id: "eval-f1",
    title: "F1 on production-representative data meets the bar",
    category: "model",
    stage: "pilot",
    metric: { file: "reports/eval.json", path: "metrics.f1", min: 0.92 },
  },
  { id: "runbook", category: "operations", doc: { file: "docs/runbook.md", sections: ["Trigger", "Steps"] } },
  {
    id: "coverage",
    category: "system",
    coverage: { file: "coverage/lcov.info", min: 80 },
  },
  {
    id: "latency-p95",
    category: "system",
    loadtest: { file: "load/k6-summary.json", p95Ms: 300 },
  },
  {
    id: "data-card",
    category: "data",
    file: { path: "docs/data-card.md", min: 1 },
    maxAge: "30d",
  },
];

export function claimsFile(checks: CheckSpec[] = CHECKS): ReadinessFile {
  return coveredFile({
    description: "Routes insurance claims to adjusters",
    checks,
    waivers: [
      waiver("latency-p95", "2026-12-15", {
        reason: "Load-test cluster is being rebuilt; rerun before general availability",
      }),
    ],
  });
}

export const F1_PASS = pass("F1 0.951 ≥ 0.92 in systems/claims/reports/eval.json at metrics.f1", [
  { path: `${E}reports/eval.json`, line: 3 },
]);
export const F1_FAIL = fail("F1 0.874 < 0.92 in systems/claims/reports/eval.json at metrics.f1", {
  measured: "0.874",
  bar: "≥ 0.92",
  evidence: [{ path: `${E}reports/eval.json`, line: 3 }],
});
export const RUNBOOK_PASS = pass("systems/claims/docs/runbook.md has Trigger, Steps with content", [
  { path: `${E}docs/runbook.md` },
]);
export const RUNBOOK_FAIL = fail("systems/claims/docs/runbook.md: section Steps is missing", {
  measured: "1 of 2 sections",
  bar: "Trigger, Steps",
  evidence: [{ path: `${E}docs/runbook.md` }],
});
const COVERAGE_FAIL = fail("line coverage 71.2% < 80% in systems/claims/coverage/lcov.info (lcov)", {
  measured: "71.2%",
  bar: "≥ 80%",
  evidence: [{ path: `${E}coverage/lcov.info` }],
});
const LATENCY_FAIL = fail("p95 412 ms > 300 ms in systems/claims/load/k6-summary.json", {
  measured: "p95 412 ms",
  bar: "p95 ≤ 300 ms",
  evidence: [{ path: `${E}load/k6-summary.json` }],
});

/** The data card passes, its evidence `ageDays` old of a 30-day maxAge (per git). */
export function dataCard(ageDays: number): Finding {
  return {
    ...pass("1 non-empty file matches systems/claims/docs/data-card.md", [{ path: `${E}docs/data-card.md` }]),
    age: { ageMs: ageDays * DAY, maxAgeMs: 30 * DAY, source: "git" },
  };
}

export function systemOf(
  findings: Record<string, Finding>,
  file = claimsFile(),
  target: Target = MAIN,
): SystemResult {
  return judgeSystem(file, findingsFor(file, findings), target, NOW);
}

export function reportOf(systems: SystemResult[], target: Target = MAIN): GateReport {
  return buildReport(systems, [], target, NOW);
}

/** The base: F1 passes, the runbook lacks a section, coverage fails, latency is waived. */
export function baseReport(): GateReport {
  return reportOf([
    systemOf({
      "eval-f1": F1_PASS,
      runbook: RUNBOOK_FAIL,
      coverage: COVERAGE_FAIL,
      "latency-p95": LATENCY_FAIL,
      "data-card": dataCard(20),
    }),
  ]);
}

/** The pull request breaks F1, fixes the runbook; coverage still fails; the data card is 26 of 30 days old. */
export function headReport(): GateReport {
  return reportOf([
    systemOf({
      "eval-f1": F1_FAIL,
      runbook: RUNBOOK_PASS,
      coverage: COVERAGE_FAIL,
      "latency-p95": LATENCY_FAIL,
      "data-card": dataCard(26),
    }),
  ]);
}

/** The head with its delta attached, as the action hands it to the renderers. */
export function prChangesReport(): GateReport {
  const head = headReport();
  head.delta = compareReports(head, baseReport(), { baseSha: BASE_SHA });
  return head;
}

/** A shallow checkout: the base commit is not there, so only the head's own warnings are listed. */
export function baseUnavailableReport(): GateReport {
  const head = headReport();
  head.delta = compareReports(head, undefined, {
    baseSha: BASE_SHA,
    unavailable: baseMissingReason(BASE_SHA),
  });
  return head;
}

/** A pull request that touches nothing the gate reads. */
export function noChangeReport(): GateReport {
  const head = baseReport();
  head.delta = compareReports(head, baseReport(), { baseSha: BASE_SHA });
  return head;
}

/** Two systems: claims-triage changes, fraud-score is new in the pull request. */
export function severalSystemsReport(): GateReport {
  const fraudFile = coveredFile(
    {
      system: "fraud-score",
      owners: ["@acme/risk"],
      checks: [
        {
          id: "auc",
          category: "model",
          metric: { file: "reports/auc.json", path: "auc", min: 0.85 },
        },
      ],
    },
    "systems/fraud/readiness.yml",
  );
  const fresh: PolicyNote = {
    source: "new",
    reason: "systems/fraud/readiness.yml is new in this pull request, so it is used as written",
  };
  const fraudHead: SystemResult = {
    ...judgeSystem(
      fraudFile,
      findingsFor(fraudFile, {
        auc: error("systems/fraud/reports/auc.json is not JSON: unexpected token at line 1", {
          evidence: [{ path: "systems/fraud/reports/auc.json" }],
        }),
      }),
      MAIN,
      NOW,
    ),
    policy: fresh,
  };
  const fraudBase: SystemResult = {
    ...judgeSystem(
      fraudFile,
      findingsFor(fraudFile, { auc: fail("systems/fraud/reports/auc.json does not exist") }),
      MAIN,
      NOW,
    ),
    policy: fresh,
  };
  const head = reportOf([headReport().systems[0]!, fraudHead]);
  const base = reportOf([baseReport().systems[0]!, fraudBase]);
  head.delta = compareReports(head, base, { baseSha: BASE_SHA });
  return head;
}

/** 3,000 checks newly failing at once: the comment must shorten and keep the change's summary line. */
export function overLongChangeReport(count = 3000): GateReport {
  const checks: CheckSpec[] = Array.from({ length: count }, (_, i) => ({
    id: `eval-slice-${String(i + 1).padStart(4, "0")}`,
    title: `F1 on customer segment ${i + 1} meets the bar`,
    category: i % 2 === 0 ? "model" : "data",
    metric: { file: `reports/slices/${i + 1}.json`, path: "metrics.f1", min: 0.92 },
  }));
  const file = coveredFile({ system: "segment-eval", checks });
  const failing = Object.fromEntries(
    checks.map((c, i) => [
      c.id,
      fail(`F1 0.${700 + (i % 200)} < 0.92 in reports/slices/${i + 1}.json at metrics.f1`, {
        measured: `0.${700 + (i % 200)}`,
        bar: "≥ 0.92",
        evidence: [{ path: `systems/claims/reports/slices/${i + 1}.json`, line: 2 }],
        details: [`segment ${i + 1}: 1,204 examples`],
      }),
    ]),
  );
  const head = reportOf([systemOf(failing, file)]);
  const base = reportOf([systemOf({}, file)]);
  head.delta = compareReports(head, base, { baseSha: BASE_SHA });
  return head;
}

export const DELTA_CASES: ReadonlyArray<[string, () => GateReport]> = [
  ["pr-breaks-one-fixes-another", prChangesReport],
  ["base-unavailable", baseUnavailableReport],
  ["no-change", noChangeReport],
  ["several-systems-one-new", severalSystemsReport],
];
