// GateReports for the renderer tests, each built by judgeSystem from hand-made findings at a fixed clock.
import type { CheckSpec } from "../../src/config/schema.js";
import type { ConfigProblem, ReadinessFile } from "../../src/config/types.js";
import type { Finding } from "../../src/evidence/types.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import type { GateReport, SystemResult, Target } from "../../src/gate/types.js";
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
} from "../gate/builders.js";

export const LINKS = {
  serverUrl: "https://github.com",
  repository: "acme/claims",
  sha: "0123456789abcdef0123456789abcdef01234567",
};

const CLAIMS_CHECKS: CheckSpec[] = [
  {
    id: "eval-real-data",
    title: "F1 on production-representative data meets the go/no-go bar",
    category: "model",
    stage: "pilot",
    metric: { file: "reports/eval.json", path: "metrics.f1", min: 0.92 },
    maxAge: "30d",
  },
  { id: "data-card", category: "data", stage: "pilot", file: { path: "docs/data-card.md", min: 1 } },
  {
    id: "unit-tests",
    category: "system",
    stage: "pilot",
    junit: { files: "reports/junit/*.xml", minTests: 50, maxFailures: 0 },
  },
  {
    id: "latency-p95",
    category: "system",
    loadtest: { file: "load/k6-summary.json", p95Ms: 300, maxErrorRate: 0.01 },
  },
  { id: "coverage", category: "system", coverage: { file: "coverage/lcov.info", min: 80 } },
  {
    id: "drift-alerts",
    category: "monitoring",
    alerts: {
      files: "monitoring/*.rules.yml",
      require: ["ModelDriftHigh", "LatencyP99High"],
      labels: [],
      annotations: [],
    },
  },
  {
    id: "rollback-plan",
    category: "operations",
    doc: { file: "docs/rollback.md", sections: ["Trigger", "Steps", "Last rehearsal"] },
  },
  { id: "compliance-signoff", category: "compliance", approval: { from: ["@acme/compliance"], count: 1 } },
  { id: "ci-green", category: "system", ci: { check: "build", app: "github-actions", statuses: false } },
];

function claimsFile(waivers: ReadinessFile["spec"]["waivers"] = []): ReadinessFile {
  return readinessFile({
    description: "Routes insurance claims to adjusters",
    checks: CLAIMS_CHECKS,
    waivers,
  });
}

const E = "systems/claims/";

/** What every claims-triage check shows when it passes. */
const PASSING: Record<string, Finding> = {
  "eval-real-data": pass("F1 0.941 ≥ 0.92 in systems/claims/reports/eval.json at metrics.f1", [
    { path: `${E}reports/eval.json`, line: 4 },
  ]),
  "data-card": pass("1 non-empty file matches systems/claims/docs/data-card.md", [
    { path: `${E}docs/data-card.md` },
  ]),
  "unit-tests": pass("148 tests, 0 failed, 3 skipped in 2 reports", [
    { path: `${E}reports/junit/api.xml` },
    { path: `${E}reports/junit/model.xml` },
  ]),
  "latency-p95": pass("p95 212 ms ≤ 300 ms, errors 0.2% ≤ 1% in systems/claims/load/k6-summary.json", [
    { path: `${E}load/k6-summary.json` },
  ]),
  coverage: pass("line coverage 86.4% ≥ 80% in systems/claims/coverage/lcov.info (lcov)", [
    { path: `${E}coverage/lcov.info` },
  ]),
  "drift-alerts": pass("2 required alerts defined: ModelDriftHigh, LatencyP99High", [
    { path: `${E}monitoring/model.rules.yml` },
  ]),
  "rollback-plan": pass("docs/rollback.md has Trigger, Steps, Last rehearsal with content", [
    { path: `${E}docs/rollback.md` },
  ]),
  "compliance-signoff": pass("1 of 1 approval from @acme/compliance on the head commit: @dana"),
  "ci-green": pass('check "build" concluded success'),
};

function judge(file: ReadinessFile, named: Record<string, Finding>, target: Target): SystemResult {
  return judgeSystem(file, findingsFor(file, { ...PASSING, ...named }), target, NOW);
}

function report(systems: SystemResult[], target: Target, problems: ConfigProblem[] = []): GateReport {
  return buildReport(systems, problems, target, NOW);
}

const LATENCY_FAIL = fail("p95 412 ms > 300 ms in systems/claims/load/k6-summary.json", {
  measured: "p95 412 ms, errors 0.4%",
  bar: "p95 ≤ 300 ms, errors ≤ 1%",
  evidence: [{ path: `${E}load/k6-summary.json` }],
});

/** Every required check passes at production. */
export function goReport(): GateReport {
  return report([judge(claimsFile(), {}, { branch: "main" })], { branch: "main" });
}

/** Two waived checks at production: one waiver active, one expiring in 3 days; plus an unused one. */
export function conditionalReport(): GateReport {
  const file = claimsFile([
    waiver("latency-p95", "2026-12-15", {
      reason: "Load-test cluster is being rebuilt; rerun before general availability",
    }),
    waiver("coverage", "2027-02-28", {
      reason: "Legacy feature extractor is being replaced",
      approvedBy: "@acme/ml-claims",
    }),
    waiver("data-card", "2027-01-15", { reason: "Data card moved to the wiki" }),
  ]);
  const system = judge(
    file,
    {
      "latency-p95": LATENCY_FAIL,
      coverage: fail("line coverage 71.2% < 80% in systems/claims/coverage/lcov.info (lcov)", {
        measured: "71.2%",
        bar: "≥ 80%",
        evidence: [{ path: `${E}coverage/lcov.info` }],
      }),
    },
    { branch: "main" },
  );
  return report([system], { branch: "main" });
}

/** Several failures and an error at production; an expired waiver is ignored. */
export function noGoReport(): GateReport {
  const file = claimsFile([
    waiver("latency-p95", "2026-12-09", { reason: "Load-test cluster is being rebuilt" }),
  ]);
  const system = judge(
    file,
    {
      "eval-real-data": fail("F1 0.874 < 0.92 in systems/claims/reports/eval.json at metrics.f1", {
        measured: "0.874",
        bar: "≥ 0.92",
        evidence: [{ path: `${E}reports/eval.json`, line: 4 }],
      }),
      "unit-tests": fail("2 of 148 tests failed: test_api::test_timeout, test_api::test_retry", {
        measured: "2 of 148 failed",
        bar: "≤ 0 failures, ≥ 50 tests",
        evidence: [{ path: `${E}reports/junit/api.xml`, line: 57 }, { path: `${E}reports/junit/model.xml` }],
        details: [
          "test_api::test_timeout: AssertionError: expected 200, got 504",
          "test_api::test_retry: TimeoutError after 30 s",
        ],
      }),
      "latency-p95": LATENCY_FAIL,
      coverage: error(
        "systems/claims/coverage/lcov.info is not a coverage report: expected lcov, Cobertura XML, Istanbul json-summary or coverage.py JSON",
        { evidence: [{ path: `${E}coverage/lcov.info` }] },
      ),
      "drift-alerts": fail(
        "1 required alert missing in systems/claims/monitoring/*.rules.yml: LatencyP99High",
        {
          measured: "1 of 2 alerts",
          bar: "ModelDriftHigh, LatencyP99High",
          evidence: [{ path: `${E}monitoring/model.rules.yml` }],
        },
      ),
    },
    { branch: "main" },
  );
  return report([system], { branch: "main" });
}

/** A branch no stage names: reported, not gated. */
export function notGatedReport(): GateReport {
  const system = judge(claimsFile(), { "latency-p95": LATENCY_FAIL }, { branch: "feature/new-router" });
  return report([system], { branch: "feature/new-router" });
}

/** Three systems at pilot (staging): no-go, conditional, go; and one system with no stage for staging. */
export function severalSystemsReport(): GateReport {
  const target: Target = { branch: "staging" };
  const claims = judge(
    claimsFile(),
    {
      "eval-real-data": fail("F1 0.874 < 0.92 in systems/claims/reports/eval.json at metrics.f1", {
        measured: "0.874",
        bar: "≥ 0.92",
        evidence: [{ path: `${E}reports/eval.json`, line: 4 }],
      }),
    },
    target,
  );
  const fraudFile = readinessFile(
    {
      system: "fraud-score",
      owners: ["@acme/risk"],
      checks: [
        metricCheck("auc", "model", { stage: "pilot", title: "AUC on the holdout set" }),
        metricCheck("bias-audit", "compliance", { stage: "pilot" }),
      ],
      waivers: [
        waiver("bias-audit", "2026-12-18", {
          approvedBy: "@acme/risk",
          reason: "Audit booked for 2026-12-17",
        }),
      ],
    },
    "systems/fraud/readiness.yml",
  );
  const fraud = judgeSystem(
    fraudFile,
    findingsFor(fraudFile, {
      auc: pass("AUC 0.91 ≥ 0.85 in systems/fraud/reports/auc.json at value"),
      "bias-audit": fail("systems/fraud/docs/bias-audit.md does not exist", {
        evidence: [{ path: "systems/fraud/docs/bias-audit.md" }],
      }),
    }),
    target,
    NOW,
  );
  const searchFile = readinessFile(
    {
      system: "search-rerank",
      owners: ["@erin"],
      checks: [metricCheck("ndcg", "model", { stage: "pilot" })],
    },
    "search/readiness.yaml",
  );
  const search = judgeSystem(searchFile, findingsFor(searchFile), target, NOW);
  const chatFile = readinessFile(
    {
      system: "support-chat",
      owners: ["@frank"],
      stages: [{ name: "production", branches: ["main"] }],
      checks: [metricCheck("groundedness", "model")],
    },
    "chat/readiness.yml",
  );
  const chat = judgeSystem(chatFile, findingsFor(chatFile), target, NOW);
  return report([search, fraud, chat, claims], target);
}

/** Two invalid readiness files beside a valid system that goes. */
export function configProblemsReport(): GateReport {
  const problems: ConfigProblem[] = [
    {
      file: "systems/fraud/readiness.yml",
      line: 3,
      column: 10,
      message: "version: must be 1 (the only readiness format version)",
    },
    {
      file: "systems/fraud/readiness.yml",
      line: 14,
      column: 7,
      message:
        'checks[1]: unknown key "metrics" — did you mean "metric"? (allowed: id, title, category, stage, …)',
    },
    {
      file: "search/readiness.yaml",
      line: 1,
      column: 1,
      message: "cannot read the readiness file: search/readiness.yaml is a directory",
    },
  ];
  return report([judge(claimsFile(), {}, { branch: "main" })], { branch: "main" }, problems);
}

/** The CLI with --local: approval and ci cannot be evaluated and are left out; a waiver expires tomorrow. */
export function localReport(): GateReport {
  const file = claimsFile([
    waiver("compliance-signoff", "2026-12-13", { reason: "Sign-off meeting on 2026-12-13" }),
  ]);
  const system = judge(
    file,
    {
      "compliance-signoff": notEvaluable("approval evidence comes from GitHub and is not evaluable locally"),
      "ci-green": notEvaluable("ci evidence comes from GitHub and is not evaluable locally"),
    },
    { local: true },
  );
  return report([system], { local: true });
}

/** 5,000 failing checks: the comment must shorten itself. */
export function overLongReport(count = 5000): GateReport {
  const checks: CheckSpec[] = Array.from({ length: count }, (_, i) =>
    metricCheck(`eval-slice-${String(i + 1).padStart(4, "0")}`, i % 2 === 0 ? "model" : "data", {
      title: `F1 on customer segment ${i + 1} meets the bar`,
    }),
  );
  // About the length cap, not coverage: the other categories are declared not applicable.
  const file = coveredFile({ system: "segment-eval", checks });
  const named = Object.fromEntries(
    checks.map((c, i) => [
      c.id,
      fail(`F1 0.${700 + (i % 200)} < 0.92 in reports/slices/${c.id}.json at metrics.f1`, {
        measured: `0.${700 + (i % 200)}`,
        bar: "≥ 0.92",
        evidence: [{ path: `systems/claims/reports/slices/${c.id}.json`, line: 2 }],
        details: [`segment ${i + 1}: 1,204 examples`, "labelled 2026-11-30"],
      }),
    ]),
  );
  return report([judgeSystem(file, findingsFor(file, named), { branch: "main" }, NOW)], { branch: "main" });
}

/** Evidence text that tries to become Markdown, HTML and terminal escapes. */
export function hostileTextReport(): GateReport {
  const file = coveredFile({
    checks: [metricCheck("eval-f1", "model", { title: "F1 | `recall` <b>bold</b>" })],
    waivers: [],
  });
  const system = judgeSystem(
    file,
    findingsFor(file, {
      "eval-f1": fail(
        "value 0.5 < 1 in a|b.json\nsecond line <script>alert(1)</script> `code` [link](http://x) \u001b[31mred\u001b[0m",
        {
          measured: "0.5 | 0.6",
          bar: "≥ 1 <br>",
          evidence: [{ path: "reports/we|ird (1).json", line: 3 }],
          details: ["**not bold** _not italic_ ~~not struck~~ & &amp;"],
        },
      ),
    }),
    { branch: "main" },
    NOW,
  );
  return report([system], { branch: "main" });
}

/** Every named case, for renderers tested over all of them. */
export const CASES: ReadonlyArray<[string, () => GateReport]> = [
  ["go", goReport],
  ["conditional", conditionalReport],
  ["no-go", noGoReport],
  ["not-gated", notGatedReport],
  ["several-systems", severalSystemsReport],
  ["config-problems", configProblemsReport],
  ["local-not-evaluable", localReport],
];
