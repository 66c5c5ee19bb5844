// GateReports for the HTML report beyond the shared renderer cases: text that never breaks on its own,
// a system that cannot be judged as asked, and markup that tries to load things or run scripts.
import type { ConfigProblem } from "../../src/config/types.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import type { GateReport } from "../../src/gate/types.js";
import { fail, findingsFor, metricCheck, NOW, pass, readinessFile, waiver } from "../gate/builders.js";

const LONG_PATH =
  "systems/claims-triage-production-representative/reports/evaluation/2026-12-01T00-00-00Z/segment=emea-enterprise-tier/metrics-per-slice-with-a-file-name-that-goes-on-and-on-without-any-break.json";
const LONG_ID = "eval-f1-on-production-representative-customer-segment-emea-enterprise-tier-holdout-2026-q4";
const LONG_TOKEN = `https://dashboards.example.invalid/d/${"a1b2c3d4e5".repeat(12)}?orgId=1&from=now-30d`;

/** Long ids, paths, owners, reasons and one unbroken 150-character token: all must wrap, nothing may overflow. */
export function longTextReport(): GateReport {
  const file = readinessFile(
    {
      system: "claims-triage-with-a-remarkably-long-system-name-for-the-emea-enterprise-segment",
      description: `Routes insurance claims to adjusters; dashboards at ${LONG_TOKEN}`,
      owners: ["@acme-insurance-holdings-international/ml-platform-reliability-engineering-emea", "@carol"],
      checks: [
        metricCheck(LONG_ID, "model", {
          stage: "pilot",
          title: `F1 on ${LONG_TOKEN} meets the go/no-go bar`,
          maxAge: "30d",
        }),
        metricCheck(
          "latency-p95-under-twice-the-expected-peak-load-in-the-production-like-environment",
          "system",
        ),
        metricCheck("drift-alerts", "monitoring"),
      ],
      waivers: [
        waiver(
          "latency-p95-under-twice-the-expected-peak-load-in-the-production-like-environment",
          "2026-12-14",
          {
            reason: `Load-test cluster rebuild tracked at ${LONG_TOKEN}`,
            approvedBy: "@acme-insurance-holdings-international/ml-platform-reliability-engineering-emea",
          },
        ),
      ],
    },
    "systems/claims-triage-production-representative/readiness.yml",
  );
  const system = judgeSystem(
    file,
    findingsFor(file, {
      [LONG_ID]: fail(
        `F1 0.874 < 0.92 in ${LONG_PATH} at metrics.per_slice.emea_enterprise_tier.f1_macro_averaged`,
        {
          measured: `0.874 (${LONG_TOKEN})`,
          bar: "≥ 0.92 on every slice of the production-representative evaluation set",
          evidence: [{ path: LONG_PATH, line: 1204 }, { path: `${LONG_PATH}.sha256` }],
          details: [`slice emea_enterprise_tier: ${LONG_TOKEN}`, "x".repeat(300)],
        },
      ),
      "latency-p95-under-twice-the-expected-peak-load-in-the-production-like-environment": fail(
        `p95 412 ms > 300 ms in ${LONG_PATH}`,
        { measured: "p95 412 ms", bar: "p95 ≤ 300 ms", evidence: [{ path: LONG_PATH }] },
      ),
    }),
    { branch: "release/2026-12-emea-enterprise-general-availability-candidate" },
    NOW,
  );
  system.policy = {
    source: "base",
    reason: `the pull request changes the readiness file; no owner has approved it yet (${LONG_TOKEN})`,
  };
  const problems: ConfigProblem[] = [
    {
      file: LONG_PATH.replace(/\.json$/, ".yml"),
      line: 12,
      column: 7,
      message: `checks[0].metric.path: ${LONG_TOKEN} is not a path`,
    },
  ];
  return buildReport(
    [system],
    problems,
    { branch: "release/2026-12-emea-enterprise-general-availability-candidate" },
    NOW,
  );
}

/** A forced stage the system does not declare: no-go, and the blocker says why. */
export function blockerReport(): GateReport {
  const file = readinessFile({
    checks: [metricCheck("eval-f1", "model", { stage: "pilot" }), metricCheck("coverage", "system")],
  });
  const system = judgeSystem(
    file,
    findingsFor(file, { coverage: pass("line coverage 86% ≥ 80% in coverage/lcov.info") }),
    { stage: "canary" },
    NOW,
  );
  return buildReport([system], [], { stage: "canary" }, NOW);
}

/**
 * Every user-supplied text carries markup that would fetch from `origin` or run a script if it were
 * ever rendered as HTML. Escaped, it is inert text.
 */
export function hostileMarkupReport(origin: string): GateReport {
  const file = readinessFile(
    {
      system: `<img src="${origin}/system-name.png">claims`,
      description: `<link rel="stylesheet" href="${origin}/description.css">`,
      owners: [`@carol"><img src="${origin}/owner.png">`],
      checks: [
        metricCheck("eval-f1", "model", { title: `<script src="${origin}/title.js"></script>F1` }),
        metricCheck("latency", "system"),
      ],
      waivers: [
        waiver("latency", "2026-12-20", {
          reason: `<meta http-equiv="refresh" content="0;url=${origin}/refresh">`,
          approvedBy: `<iframe src="${origin}/approver.html"></iframe>`,
        }),
      ],
    },
    `systems/<svg onload="window.__pwned='path'">/readiness.yml`,
  );
  const system = judgeSystem(
    file,
    findingsFor(file, {
      "eval-f1": fail(
        `<script>window.__pwned="summary"</script><img src=x onerror="window.__pwned='onerror'">`,
        {
          measured: `<iframe src="${origin}/measured.html"></iframe>`,
          bar: `<style>@import url(${origin}/bar.css);</style>`,
          evidence: [{ path: `reports/<img src="${origin}/evidence.png">.json`, line: 3 }],
          details: [
            `<object data="${origin}/detail.bin"></object>`,
            `<a href="javascript:window.__pwned='href'">x</a>`,
          ],
        },
      ),
      latency: fail(`<video src="${origin}/latency.mp4"></video>`, { measured: "412 ms", bar: "≤ 300 ms" }),
    }),
    { branch: "main" },
    NOW,
  );
  const problems: ConfigProblem[] = [
    {
      file: `search/<base href="${origin}/">readiness.yml`,
      line: 1,
      column: 1,
      message: `<form action="${origin}/form"><input></form>`,
    },
  ];
  return buildReport([system], problems, { branch: `main<img src="${origin}/branch.png">` }, NOW);
}

/** The hostile strings as they must appear, literally, in the page's text. */
export function hostileLiterals(origin: string): string[] {
  return [
    `<img src="${origin}/system-name.png">claims`,
    `<script src="${origin}/title.js"></script>F1`,
    `<script>window.__pwned="summary"</script>`,
    `<iframe src="${origin}/measured.html"></iframe>`,
    `<style>@import url(${origin}/bar.css);</style>`,
    `<meta http-equiv="refresh" content="0;url=${origin}/refresh">`,
    `<form action="${origin}/form"><input></form>`,
  ];
}
