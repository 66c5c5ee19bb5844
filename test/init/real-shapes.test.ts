// init on repositories shaped like real ML repositories (test/fixtures/init, see its README): what it
// wires, what it suggests, and that `check --local` on the file it writes is never a Go for production
// when the repository holds no monitoring, compliance or operations evidence.
import { afterAll, describe, expect, it } from "vitest";
import { loadReadinessTexts, parseReadiness } from "../../src/config/load.js";
import type { CheckSpec } from "../../src/config/schema.js";
import { runGate } from "../../src/engine.js";
import { initReadiness } from "../../src/init/index.js";
import { cleanTempRepos, fixtureRepo, ownersFilledIn, writeFiles } from "./temp-repo.js";

afterAll(cleanTempRepos);

const NOW = new Date("2026-11-22T12:00:00Z");

async function init(root: string) {
  const initialised = await initReadiness({ root, branch: "main" });
  const result = { ...initialised, text: ownersFilledIn(initialised.text) };
  const parsed = parseReadiness("readiness.yml", result.text);
  expect(parsed.problems).toEqual([]);
  const checks = Object.fromEntries(parsed.file!.spec.checks.map((c) => [c.id, c])) as Record<
    string,
    CheckSpec
  >;
  return { ...result, checks };
}

async function judge(root: string, text: string) {
  const report = await runGate({
    root,
    readiness: loadReadinessTexts([{ path: "readiness.yml", text }]),
    target: { branch: "main", local: true },
    now: NOW,
  });
  const system = report.systems[0]!;
  return {
    verdict: report.verdict,
    stage: system.stage,
    statuses: Object.fromEntries(system.checks.map((c) => [c.id, c.status])),
  };
}

/**
 * What must hold on a repository without monitoring, compliance or operations evidence: no live check
 * in monitoring or compliance (the every-category rule of DESIGN section 7 makes each a blocking finding),
 * in operations only the stand-in rollback plan, which fails; all three are suggested; and no Go.
 */
async function expectNoGoWithoutOperatingEvidence(
  root: string,
  result: Awaited<ReturnType<typeof init>>,
): Promise<void> {
  const live = result.plan.checks;
  expect(live.filter((c) => c.category === "monitoring" || c.category === "compliance")).toEqual([]);
  expect(live.filter((c) => c.category === "operations").map((c) => [c.id, c.spec.file])).toEqual([
    ["rollback-plan", "docs/rollback.md"],
  ]);
  const suggested = new Set(result.plan.suggestions.map((s) => s.category));
  for (const category of ["monitoring", "compliance", "operations"] as const)
    expect(suggested.has(category)).toBe(true);
  expect(result.text).not.toMatch(/^notApplicable:/m); // init never declares a category not applicable
  const judged = await judge(root, result.text);
  expect(judged.stage).toBe("production");
  expect(judged.statuses["rollback-plan"]).toBe("fail");
  expect(judged.verdict).toBe("no-go");
}

describe("a DVC pipeline with a lock file and nothing else (iterative/example-get-started)", () => {
  it("wires the lock file, suggests the metrics file dvc.yaml declares at the top level, and is not Go", async () => {
    const root = fixtureRepo("dvc-pipeline-only");
    const result = await init(root);
    expect(Object.keys(result.checks).sort()).toEqual(["data-versions", "rollback-plan"]);
    expect(result.checks["data-versions"]?.file).toEqual({ path: "dvc.lock", min: 1 });
    expect(result.discovery.dvc.metrics).toEqual(["eval/metrics.json"]);
    const evalSuggestion = result.plan.suggestions.find((s) => s.id === "eval-go-no-go");
    expect(evalSuggestion?.spec.file).toBe("eval/metrics.json");
    expect(evalSuggestion?.needs).toMatch(
      /written by DVC \(declared in dvc\.yaml; run dvc repro or dvc pull/,
    );
    // The workflow runs on pull_request; its one job is `run`.
    expect(result.plan.suggestions.find((s) => s.id === "build")?.spec).toEqual({ check: "run" });
    await expectNoGoWithoutOperatingEvidence(root, result);
    expect((await judge(root, result.text)).statuses["data-versions"]).toBe("pass");
  });

  it("wires the declared metrics file when it is committed, by its headline figure", async () => {
    const root = fixtureRepo("dvc-pipeline-only", {
      "eval/metrics.json": JSON.stringify({ test: { avg_prec: 0.9019, roc_auc: 0.9432 } }),
    });
    const result = await init(root);
    expect(result.checks["eval-auc"]?.metric).toEqual({
      file: "eval/metrics.json",
      path: "test.roc_auc",
      min: 0.94,
    });
    // A DVC metrics file is also compared with the baseline, at a stated 1% bar; avg_prec is no
    // recognised metric name, so it is left out rather than given a guessed direction.
    expect(result.checks["no-regression"]).toMatchObject({
      category: "model",
      regression: { file: "eval/metrics.json", metrics: { "test.roc_auc": { maxDropPercent: 1 } } },
    });
    expect(result.text).toContain(
      '  - id: no-regression\n    title: The model is no worse than at the base of the change\n    category: model\n    regression: { file: "eval/metrics.json", metrics: { test.roc_auc: { maxDropPercent: 1 } } }',
    );
    expect(result.text).toContain(
      "# eval/metrics.json is a DVC metrics file: this compares it with the same file at the pull",
    );
    await expectNoGoWithoutOperatingEvidence(root, result);
    const judged = await judge(root, result.text);
    expect(judged.statuses["eval-auc"]).toBe("pass");
    // check --local without --base: no baseline was asked for.
    expect(judged.statuses["no-regression"]).toBe("not-evaluable");
  });

  it("compares every recognised held-out metric, lower-is-better ones with their direction", async () => {
    const root = fixtureRepo("dvc-pipeline-only", {
      "eval/metrics.json": JSON.stringify({
        train: { roc_auc: 0.99, log_loss: 0.1 },
        test: { roc_auc: 0.9432, log_loss: 0.238, f1: 0.61 },
      }),
    });
    const result = await init(root);
    expect(result.checks["no-regression"]?.regression?.metrics).toEqual({
      "test.f1": { maxDropPercent: 1 },
      "test.roc_auc": { maxDropPercent: 1 },
      "test.log_loss": { maxDropPercent: 1, higherIsBetter: false },
    });
  });
});

describe("Azure Pipelines with pytest and published results (microsoft/MLOpsPython)", () => {
  it("wires the reports the pytest step writes and the pipeline publishes, not the lint results", async () => {
    const root = fixtureRepo("azure-pipelines-pytest");
    const result = await init(root);
    expect(result.checks["unit-tests"]?.junit).toEqual({
      files: "unit-testresults.xml",
      minTests: 1,
      maxFailures: 0,
    });
    expect(result.checks.coverage?.coverage).toEqual({ file: "coverage.xml", min: 80 });
    const unitTests = result.plan.checks.find((c) => c.id === "unit-tests")!;
    expect(unitTests.found).toMatch(
      /by pytest --junitxml \(\.pipelines\/code-quality-template\.yml\), published by PublishTestResults@2/,
    );
    // One junit check: the published glob *-testresults.xml (which also takes the lint report) gives way.
    expect(result.plan.checks.filter((c) => c.kind === "junit")).toHaveLength(1);
    await expectNoGoWithoutOperatingEvidence(root, result);

    // Once the pipeline has run, the reports pass; the verdict stays no-go without operations evidence.
    writeFiles(root, {
      "unit-testresults.xml":
        '<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="2"><testcase classname="t" name="a"/><testcase classname="t" name="b"/></testsuite></testsuites>\n',
      "coverage.xml":
        '<?xml version="1.0" ?><coverage version="7.6.1" line-rate="0.86" branch-rate="0" lines-valid="100" lines-covered="86"><packages/></coverage>\n',
    });
    const judged = await judge(root, result.text);
    expect(judged.statuses).toEqual({ "unit-tests": "pass", coverage: "pass", "rollback-plan": "fail" });
    expect(judged.verdict).toBe("no-go");
  });
});

describe("a job script that writes results with --results-fp (GokuMohandas/Made-With-ML)", () => {
  it("suggests the evaluation results the script writes, and wires no coverage nothing writes", async () => {
    const root = fixtureRepo("results-fp-job-script");
    const result = await init(root);
    expect(result.plan.placeholderCheck).toBe(true);
    expect(result.checks.coverage).toBeUndefined();
    expect(result.discovery.notes.join("\n")).toMatch(
      /coverage\.py is configured \(\[tool\.coverage\] in pyproject\.toml\) but nothing found runs `coverage xml`/,
    );
    // $RESULTS_FILE resolved from the assignment before each command.
    expect(result.discovery.resultsFiles.map((r) => [r.path, r.present])).toEqual([
      ["results/training_results.json", false],
      ["results/evaluation_results.json", false],
    ]);
    const evalSuggestion = result.plan.suggestions.find((s) => s.id === "eval-go-no-go");
    expect(evalSuggestion?.spec.file).toBe("results/evaluation_results.json");
    expect(evalSuggestion?.needs).toMatch(
      /written by `python madewithml\/evaluate\.py --results-fp` in deploy\/jobs\/workloads\.sh/,
    );
    // serve.yaml runs on push only; workloads.yaml on pull requests.
    expect(result.plan.suggestions.find((s) => s.id === "build")?.spec).toEqual({ check: "workloads" });
    expect((await judge(root, result.text)).verdict).toBe("no-go");
  });

  it("wires the evaluation results when they are in the repository", async () => {
    const root = fixtureRepo("results-fp-job-script", {
      "results/evaluation_results.json": JSON.stringify({
        timestamp: "November 20, 2026 09:12:44 AM",
        run_id: "a1b2c3",
        overall: { precision: 0.9164, recall: 0.9058, f1: 0.9078, num_samples: 191 },
        per_class: { mlops: { precision: 0.81, recall: 0.7, f1: 0.75, num_samples: 20 } },
      }),
    });
    const result = await init(root);
    expect(result.checks["eval-f1"]?.metric).toEqual({
      file: "results/evaluation_results.json",
      path: "overall.f1",
      min: 0.9,
    });
    await expectNoGoWithoutOperatingEvidence(root, result);
  });
});

describe("GitLab CI with an included template (fastmachinelearning/hls4ml)", () => {
  it("wires the junit and Cobertura reports the job publishes, and offers a ci job that always runs on pull requests", async () => {
    const root = fixtureRepo("gitlab-ci-include");
    const result = await init(root);
    expect(result.checks["unit-tests"]?.junit).toEqual({
      files: "test/pytest/report.xml",
      minTests: 1,
      maxFailures: 0,
    });
    expect(result.checks.coverage?.coverage).toEqual({ file: "test/pytest/coverage.xml", min: 80 });
    // Not the matrix job (its check runs carry matrix values), not the job with an `if:`, not the first
    // job of the file (lint-first-on-push also runs on pull requests but is ranked after a named build).
    expect(result.plan.suggestions.find((s) => s.id === "build")?.spec).toEqual({ check: "Build the docs" });
    expect(result.discovery.notes.join("\n")).toMatch(/job pre-commit runs a matrix/);
    expect(result.discovery.workflowJobs.find((j) => j.name === "Upload new release")?.conditional).toBe(
      true,
    );
    await expectNoGoWithoutOperatingEvidence(root, result);
  });
});

describe("an LLM app with a promptfoo config and nothing else (usdigitalresponse/benefits-translation-improver)", () => {
  it("wires no coverage for a pytest-cov dependency that is never run, and is not Go", async () => {
    const root = fixtureRepo("promptfoo-llm-app");
    const result = await init(root);
    expect(result.checks.coverage).toBeUndefined();
    // The config's results are not committed: the evals check on the file its run writes fails until they are.
    expect(result.checks["evals-pass-rate"]?.evals).toMatchObject({ files: "evals/results.json" });
    const judged = await judge(root, result.text);
    expect(judged.statuses["evals-pass-rate"]).toBe("fail");
    expect(judged.verdict).toBe("no-go");
  });
});
