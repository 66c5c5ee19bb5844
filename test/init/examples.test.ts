// init on the three example repositories: what it wires, what it suggests, and that the committed
// readiness files are exactly what init writes today (so the examples stay true).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReadinessTexts, parseReadiness } from "../../src/config/load.js";
import type { CheckSpec, ReadinessSpec } from "../../src/config/schema.js";
import { runGate } from "../../src/engine.js";
import { initReadiness } from "../../src/init/index.js";
import { cleanTempRepos, exampleWithoutReadiness, examplesDir, fakeGit } from "./temp-repo.js";

afterAll(cleanTempRepos);

const CATEGORIES = ["data", "model", "system", "monitoring", "compliance", "operations"];

function parsed(path: string, text: string): ReadinessSpec {
  const result = parseReadiness(path, text);
  expect(result.problems).toEqual([]);
  return result.file!.spec;
}

function byId(spec: ReadinessSpec): Record<string, CheckSpec> {
  return Object.fromEntries(spec.checks.map((c) => [c.id, c]));
}

/** Every comment of the file as one line of prose, so that assertions do not depend on where lines wrap. */
function commentText(text: string): string {
  return text
    .split("\n")
    .filter((line) => /^\s*# /.test(line))
    .map((line) => line.replace(/^\s*# /, "").trim())
    .join(" ");
}

/** The suggestions, uncommented: every line of the block that is YAML rather than prose. */
function uncommentSuggestions(text: string): string {
  return text
    .split("\n")
    .map((line) => (/^ {2}# (?:- id: | {2})/.test(line) ? `  ${line.slice(4)}` : line))
    .join("\n");
}

describe("init on the ml-service example (pytest, Cobertura, Locust, Prometheus, DVC, CODEOWNERS)", () => {
  it("wires every kind of evidence it holds, with bars from the stated rules", async () => {
    const root = exampleWithoutReadiness("ml-service");
    const { text } = await initReadiness({ root });
    const spec = parsed("readiness.yml", text);
    expect(spec.system).toBe("churn-scoring");
    expect(spec.owners).toEqual(["@northwind/ml-platform"]); // CODEOWNERS rule for *
    const checks = byId(spec);
    expect(checks["unit-tests"]?.junit).toEqual({
      files: "reports/junit/pytest.xml",
      minTests: 80,
      maxFailures: 0,
    }); // 84 executed
    expect(checks.coverage?.coverage).toEqual({ file: "coverage.xml", min: 80 }); // 87.4% → 85, capped at 80
    expect(checks["latency-p95"]?.loadtest).toEqual({
      file: "load/churn_stats.csv",
      p95Ms: 110,
      maxErrorRate: 0.01,
    }); // p95 92 ms × 1.2
    expect(checks["eval-f1"]?.metric).toEqual({
      file: "reports/metrics.json",
      path: "metrics.f1",
      min: 0.61,
    }); // 0.618
    expect(checks["data-versions"]).toMatchObject({ category: "data", file: { path: "dvc.lock", min: 1 } });
    expect(checks.alerts?.alerts?.require).toHaveLength(5);
    expect(checks.alerts?.alerts?.labels).toEqual(["severity"]);
    expect(checks["model-card"]?.doc?.sections).toEqual(
      expect.arrayContaining(["Intended use", "Limitations"]),
    );
    expect(checks["rollback-plan"]?.doc).toEqual({ file: "docs/runbook.md", sections: ["Rollback"] });
    expect(commentText(text)).toMatch(
      /Measured 87\.445% line coverage \(Cobertura XML, 592 of 677 lines\) in coverage\.xml/,
    );
    expect(commentText(text)).toMatch(
      /The project's own bar: 85% \(fail_under in \[tool\.coverage\] in pyproject\.toml\)/,
    );
    expect(commentText(text)).toMatch(/written by pytest --junitxml \(pyproject\.toml\)/);
  });

  it("gates a pilot on staging when that branch exists, with production on the default branch", async () => {
    const root = exampleWithoutReadiness("ml-service");
    fakeGit(root, {
      HEAD: "ref: refs/heads/add-readiness\n",
      "refs/remotes/origin/HEAD": "ref: refs/remotes/origin/trunk\n",
      "refs/heads/staging": "0123456789012345678901234567890123456789\n",
    });
    const { text } = await initReadiness({ root });
    const spec = parsed("readiness.yml", text);
    expect(spec.stages).toEqual([
      { name: "pilot", branches: ["staging"] },
      { name: "production", branches: ["trunk", "release/**"] },
    ]);
    const checks = byId(spec);
    expect(checks["eval-f1"]?.stage).toBe("pilot");
    expect(checks["unit-tests"]?.stage).toBe("pilot");
    expect(checks.coverage?.stage).toBeUndefined(); // production
    expect(commentText(text)).toMatch(/default branch, trunk \(the remote's default branch/);
  });
});

describe("init on the llm-app example (eval JSON, jest-junit, json-summary, k6, rollback, SECURITY.md)", () => {
  it("wires the eval pass rate, tests, coverage, load test, rollback plan and security policy", async () => {
    const root = exampleWithoutReadiness("llm-app");
    const { text, plan } = await initReadiness({ root });
    const spec = parsed("readiness.yml", text);
    expect(spec.system).toBe("support-assistant"); // package.json name without its scope
    expect(spec.owners).toEqual(["@contoso/support-ai"]); // .github/CODEOWNERS, rule *
    const checks = byId(spec);
    expect(checks["eval-pass-rate"]?.metric).toEqual({
      file: "evals/results.json",
      path: "metrics.pass_rate",
      min: 0.93,
    });
    // The promptfoo output (7 of 10 pass; 5 requests at a stated mean of $0.000061): evals and cost.
    expect(checks.evals?.evals).toEqual({
      files: "evals/promptfoo-results.json",
      minPassRate: 70,
      minTests: 10,
      perProvider: false,
    });
    expect(checks.cost?.cost).toEqual({
      file: "evals/promptfoo-results.json",
      requestsPerMonth: 100_000,
      headroom: 1,
      maxMonthlyUsd: 8,
    }); // $6.075 a month at 100,000 requests, plus 20%, rounded up
    expect(checks["unit-tests"]?.junit).toEqual({
      files: "reports/jest-junit.xml",
      minTests: 40,
      maxFailures: 0,
    });
    expect(checks.coverage?.coverage).toEqual({ file: "coverage/coverage-summary.json", min: 80 });
    expect(checks["latency-p95"]?.loadtest).toEqual({
      file: "load/k6-summary.json",
      p95Ms: 2862,
      maxErrorRate: 0.01,
    });
    expect(checks["rollback-plan"]?.doc?.sections).toEqual(["Trigger", "Steps", "Last rehearsal"]);
    expect(checks["security-policy"]?.category).toBe("compliance");
    // A golden set is not production data: the data check reads the weekly live sample, not results.json.
    expect(checks["eval-data-source"]?.metric).toEqual({
      file: "evals/weekly-live-sample.json",
      path: "dataset.source",
      equals: "production-sample",
    });
    expect(plan.suggestions.find((s) => s.id === "eval-data-source")).toBeUndefined();
    expect(checks.alerts?.alerts?.require).toEqual([
      "AnswerLatencyHigh",
      "GuardrailBlockRateHigh",
      "HandoffRateHigh",
    ]);
    expect(commentText(text)).toMatch(
      /The k6 script's own thresholds \(load\/chat\.k6\.js\): p95 < 3000 ms, error rate < 0\.01\./,
    );
    expect(commentText(text)).toMatch(/Other metrics there: metrics\.faithfulness 0\.912/);
  });

  it("suggests the rest of the checklist under every category, and the suggestions validate once uncommented", async () => {
    const root = exampleWithoutReadiness("llm-app");
    const { text, plan } = await initReadiness({ root });
    for (const category of CATEGORIES) {
      expect(text).toMatch(new RegExp(`^  # ${category}: `, "m"));
      expect(plan.suggestions.some((s) => s.category === category)).toBe(true);
    }
    expect(plan.suggestions.map((s) => s.id)).toEqual(
      expect.arrayContaining(["on-call-runbook", "model-card"]),
    );
    const spec = parsed("readiness.yml", uncommentSuggestions(text));
    expect(spec.checks.length).toBe(plan.checks.length + plan.suggestions.length);
  });
});

describe("init on the monorepo example (one readiness file per service)", () => {
  it("scans only the service's folder with --output, and takes owners from that folder's CODEOWNERS rule", async () => {
    const root = exampleWithoutReadiness("monorepo", [
      "services/recommender/readiness.yml",
      "services/fraud-model/readiness.yml",
    ]);
    const recs = await initReadiness({ root, output: "services/recommender/readiness.yml" });
    const fraud = await initReadiness({ root, output: "services/fraud-model/readiness.yml" });
    const recsSpec = parsed(recs.output, recs.text);
    const fraudSpec = parsed(fraud.output, fraud.text);
    expect([recsSpec.system, fraudSpec.system]).toEqual(["recommender", "fraud-model"]);
    expect(recsSpec.owners).toEqual(["@globex/recsys"]);
    expect(fraudSpec.owners).toEqual(["@globex/fraud-ml", "@globex/model-risk"]);

    const r = byId(recsSpec);
    expect(r["unit-tests"]?.junit).toEqual({ files: "reports/junit/*.xml", minTests: 30, maxFailures: 0 });
    expect(r.coverage?.coverage).toEqual({ file: "coverage.json", min: 80 });
    expect(r["eval-ndcg-at-10"]?.metric).toEqual({
      file: "evals/offline-eval.json",
      path: "metrics.ndcg@10",
      min: 0.41,
    });
    expect(r.alerts?.alerts).toMatchObject({
      files: "deploy/prometheus-rule.yaml",
      require: ["RecsLatencyHigh", "RecsCtrDrop", "RecsFallbackServing"],
    });
    expect(r.dashboards?.file).toEqual({ path: "monitoring/dashboards/recommender-overview.json", min: 1 });
    expect(r.runbooks?.file).toEqual({ path: "docs/runbooks/*.md", min: 2 });
    expect(r["security-policy"]?.doc?.file).toBe("../../SECURITY.md"); // shared at the root

    const f = byId(fraudSpec);
    expect(f["unit-tests"]?.junit).toEqual({
      files: "target/surefire-reports/*.xml",
      minTests: 20,
      maxFailures: 0,
    });
    expect(f.coverage?.coverage).toEqual({ file: "target/site/cobertura/coverage.xml", min: 80 });
    expect(f["latency-p95"]?.loadtest).toEqual({
      file: "perf/summary-export.json",
      p95Ms: 54,
      maxErrorRate: 0.01,
    });
    expect(f["eval-auc"]?.metric).toMatchObject({ path: "metrics.roc_auc", min: 0.96 });
    expect(f["data-versions"]?.file).toEqual({ path: "data/*.dvc", min: 2 });
    expect(f["rollback-plan"]?.doc?.file).toBe("docs/ROLLBACK.md");
    // Nothing of one service leaks into the other's file.
    expect(recs.text).not.toMatch(/fraud/i);
    expect(fraud.text).not.toMatch(/recommender/i);
    // The CI job suggested is the one that runs in the service's folder.
    expect(fraud.plan.suggestions.find((s) => s.id === "build")?.spec).toEqual({
      check: "fraud-model build",
    });
  });
});

describe.each([
  { example: "ml-service", outputs: ["readiness.yml"], branch: "master" },
  { example: "llm-app", outputs: ["readiness.yml"], branch: "develop" },
  {
    example: "monorepo",
    outputs: ["services/recommender/readiness.yml", "services/fraud-model/readiness.yml"],
    branch: "trunk",
  },
])(
  "init on the $example example in a clone whose default branch is $branch",
  ({ example, outputs, branch }) => {
    it("validates, gates production on that branch, suggests per category, and is judged go on its own evidence", async () => {
      const root = exampleWithoutReadiness(example, outputs);
      fakeGit(root, {
        HEAD: "ref: refs/heads/feature/x\n",
        "refs/remotes/origin/HEAD": `ref: refs/remotes/origin/${branch}\n`,
      });
      for (const output of outputs) {
        const { text, plan } = await initReadiness({ root, output });
        const parsedSpec = parsed(output, text);
        expect(parsedSpec.stages).toEqual([{ name: "production", branches: [branch, "release/**"] }]);
        for (const category of CATEGORIES)
          expect(plan.suggestions.some((s) => s.category === category)).toBe(true);
        expect(parsed(output, uncommentSuggestions(text)).checks).toHaveLength(
          plan.checks.length + plan.suggestions.length,
        );
        const report = await runGate({
          root,
          readiness: loadReadinessTexts([{ path: output, text }]),
          target: { branch, local: true },
          now: new Date("2026-11-22T12:00:00Z"),
        });
        expect(report.systems[0]?.stage).toBe("production");
        // Without operations evidence a stand-in rollback plan keeps the file from Go. Other uncovered
        // categories have no live check and are suggested (asserted above): the every-category rule
        // (DESIGN section 7) makes each of them a blocking finding.
        const standIn = plan.checks.some((c) => c.found.startsWith("no operations evidence"));
        expect(report.verdict).toBe(standIn ? "no-go" : "go");
      }
    });
  },
);

describe("the committed example readiness files", () => {
  it.each([
    ["ml-service", "readiness.yml"],
    ["llm-app", "readiness.yml"],
    ["monorepo", "services/recommender/readiness.yml"],
    ["monorepo", "services/fraud-model/readiness.yml"],
  ])("%s/%s is exactly what init writes today", async (example, output) => {
    const { text } = await initReadiness({ root: join(examplesDir, example), output });
    expect(readFileSync(join(examplesDir, example, output), "utf8")).toBe(text);
  });
});
