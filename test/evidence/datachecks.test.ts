// The `datachecks` kind on real Great Expectations results (GX's own fixtures, 0.18 and 1.x; its 1.x docs'
// checkpoint describe() output) and on Deepchecks results of our own that mirror deepchecks' serializers
// (test/fixtures/datachecks/README.md). Files are read through the real disk view and run budget.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DatachecksSpec } from "../../src/config/schema.js";
import { evaluateDatachecks, readDataCheckText } from "../../src/evidence/datachecks.js";
import { readDeepchecks } from "../../src/evidence/parse/deepchecks.js";
import { readGreatExpectations } from "../../src/evidence/parse/great-expectations.js";
import type { DataCheckResult } from "../../src/evidence/parse/datacheck.js";
import type { EvidenceContext } from "../../src/evidence/types.js";
import { BudgetedRepo, DEFAULT_BUDGET, RunBudget } from "../../src/repo/budget.js";
import { FsRepo } from "../../src/repo/fs.js";
import { FIXTURES, fixturesContext } from "../support/fixtures-context.js";
import { memoryContext } from "../support/memory-repo.js";

const DIR = "datachecks";
const GE018 = `${DIR}/ge-0.18__validation-titanic-profiler-with-exception.json`;
const GE1X = `${DIR}/ge-1.x__validation-titanic-profiler-with-exception.json`;
const GE018_RAISED = `${DIR}/ge-0.18__validation-titanic-4-raised.json`;
const GE018_RUNS = `${DIR}/ge-0.18__run-results-two-validations.json`;
const GE1X_DESCRIBE = `${DIR}/ge-1.x__checkpoint-describe-try-gx.json`;
const GE1X_RUNS = `${DIR}/ge-1.x__checkpoint-run-results-unwrapped.json`;
const DC_FAIL_WARN = `${DIR}/deepchecks__suite-data-integrity-fail-warn.json`;
const DC_STRING = `${DIR}/deepchecks__suite-as-json-string.json`;
const DC_FAILURE = `${DIR}/deepchecks__suite-check-failure.json`;
const DC_SINGLE = `${DIR}/deepchecks__check-result-duplicates-fail.json`;

function spec(files: string, over: Partial<DatachecksSpec> = {}): DatachecksSpec {
  return { files, maxFailed: 0, minEvaluated: 1, ...over };
}

function fixtureText(path: string): string {
  return readFileSync(`${FIXTURES}/${path}`, "utf8");
}

function fixtureJson(path: string): Record<string, unknown> {
  return JSON.parse(fixtureText(path)) as Record<string, unknown>;
}

function counts(result: DataCheckResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of result.cases) out[c.status] = (out[c.status] ?? 0) + 1;
  return out;
}

function read(path: string): DataCheckResult {
  return readDataCheckText(path, fixtureText(path));
}

describe("Great Expectations validation results, read by content", () => {
  it("0.18 (expectation_type): 51 expectations, 42 passed, 8 failed, 1 raised", () => {
    const result = read(GE018);
    expect(result.format).toBe("Great Expectations 0.18 validation result");
    expect(counts(result)).toEqual({ passed: 42, failed: 8, error: 1 });
    expect(result.cases.find((c) => c.status === "error")).toEqual({
      name: "expect_column_kl_divergence_to_be_less_than (column: Age)",
      status: "error",
      detail: "Invalid partition object.",
    });
    expect(result.cases.filter((c) => c.status === "failed").map((c) => c.name)).toContain(
      "expect_column_values_to_not_match_regex (column: Name)",
    );
  });

  it("1.x (expectation_config.type): the same figures from GX's 1.x copy of the fixture", () => {
    const result = read(GE1X);
    expect(result.format).toBe("Great Expectations 1.x validation result");
    expect(counts(result)).toEqual({ passed: 42, failed: 8, error: 1 });
    expect(result.cases).toEqual(read(GE018).cases);
  });

  it("a failed expectation says what GX observed", () => {
    const failed = read(GE018).cases.find(
      (c) => c.name === "expect_column_values_to_not_match_regex (column: Name)",
    );
    expect(failed?.detail).toBe("3 unexpected values (0.228%)");
  });

  it("exception_info keyed by metric id (0.15+ when a metric fails to resolve) is an error too", () => {
    const doc = fixtureJson(GE1X) as {
      results: Array<Record<string, unknown>>;
      statistics: Record<string, number>;
    };
    doc.results[0]!.exception_info = {
      "('column_values.nonnull.unexpected_count', 'column=Age', ())": {
        exception_traceback: "Traceback ...",
        exception_message: "column Age does not exist",
        raised_exception: true,
      },
    };
    doc.results[0]!.success = false;
    doc.statistics.successful_expectations = 41;
    doc.statistics.unsuccessful_expectations = 10;
    const result = readGreatExpectations(doc)!;
    expect(counts(result)).toEqual({ passed: 41, failed: 8, error: 2 });
    expect(result.cases[0]).toMatchObject({ status: "error", detail: "column Age does not exist" });
  });
});

describe("Great Expectations checkpoint results", () => {
  it("0.18 run_results keyed by validation id, each under validation_result: 2 x 11, 18 passed, 4 failed", () => {
    const result = read(GE018_RUNS);
    expect(result.format).toBe("Great Expectations 0.18 checkpoint result");
    expect(counts(result)).toEqual({ passed: 18, failed: 4 });
  });

  it("1.x run_results holding the validation result itself: 13 expectations, 2 failed", () => {
    const result = read(GE1X_RUNS);
    expect(result.format).toBe("Great Expectations 1.x checkpoint result");
    expect(counts(result)).toEqual({ passed: 11, failed: 2 });
    expect(result.cases.filter((c) => c.status === "failed").map((c) => c.name)).toEqual([
      "expect_column_values_to_be_in_set (column: Sex)",
      "expect_column_values_to_be_in_set (column: SexCode)",
    ]);
  });

  it("1.x CheckpointResult.describe() (GX's docs output): 1 of 2 failed, fare_amount", () => {
    const result = read(GE1X_DESCRIBE);
    expect(result.format).toBe("Great Expectations 1.x checkpoint result (describe)");
    expect(result.cases).toEqual([
      { name: "expect_column_values_to_be_between (column: passenger_count)", status: "passed" },
      {
        name: "expect_column_values_to_be_between (column: fare_amount)",
        status: "failed",
        detail: "14 unexpected values (0.07%)",
      },
    ]);
  });

  it("1.x ExpectationSuiteValidationResult.describe() on its own", () => {
    const doc = fixtureJson(GE1X_DESCRIBE) as { validation_results: unknown[] };
    const result = readGreatExpectations(doc.validation_results[0])!;
    expect(result.format).toBe("Great Expectations 1.x validation result (describe)");
    expect(counts(result)).toEqual({ passed: 1, failed: 1 });
  });

  it("an expectation suite (what to check, not what was found) is no result", () => {
    const suite1x = {
      name: "orders",
      expectations: [{ type: "expect_column_values_to_not_be_null", kwargs: { column: "id" }, meta: {} }],
      meta: {},
      id: null,
    };
    const suite018 = {
      expectation_suite_name: "orders",
      expectations: [{ expectation_type: "expect_column_values_to_not_be_null", kwargs: { column: "id" } }],
    };
    expect(readGreatExpectations(suite1x)).toBeUndefined();
    expect(readGreatExpectations(suite018)).toBeUndefined();
    expect(readDeepchecks(suite1x)).toBeUndefined();
  });

  it("a run result that holds no validation result is a format error naming it", () => {
    expect(() =>
      readGreatExpectations({ run_results: { "ValidationResultIdentifier::x": { actions_results: {} } } }),
    ).toThrow(/run_results\["ValidationResultIdentifier::x"\] that holds no validation result/);
  });
});

describe("the statistics block is checked against the results (fail closed)", () => {
  it("a count that disagrees names the statistic and both figures", () => {
    const doc = fixtureJson(GE018) as { statistics: Record<string, number> };
    doc.statistics.successful_expectations = 43;
    expect(() => readGreatExpectations(doc)).toThrow(
      "has statistics.successful_expectations 43, but results holds 42; the results were cut or edited, so write the file again from Great Expectations",
    );
  });

  it("results holding only the failures (only_return_failures) say how to write them all", () => {
    const doc = fixtureJson(GE1X) as { results: Array<{ success: boolean }> };
    doc.results = doc.results.filter((r) => !r.success);
    expect(() => readGreatExpectations(doc)).toThrow(
      "has statistics.evaluated_expectations 51, but results holds 9; it holds only the failed expectations (only_return_failures), so validate without only_return_failures",
    );
  });

  it("through the kind: an error finding naming the file", async () => {
    const doc = fixtureJson(GE018) as { statistics: Record<string, number> };
    doc.statistics.evaluated_expectations = 60;
    const finding = await evaluateDatachecks(
      spec("gx/result.json"),
      memoryContext({ "gx/result.json": JSON.stringify(doc) }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^gx\/result\.json has statistics\.evaluated_expectations 60, but results holds 51;/,
    );
  });

  it("a checkpoint describe() whose validation counts disagree", () => {
    const doc = fixtureJson(GE1X_DESCRIBE) as { statistics: Record<string, number> };
    doc.statistics.evaluated_validations = 2;
    expect(() => readGreatExpectations(doc)).toThrow(
      "has statistics.evaluated_validations 2, but validation_results holds 1",
    );
  });
});

describe("Deepchecks results", () => {
  it("a suite: PASS passes, FAIL and WARN fail, a check with no conditions is not evaluated", () => {
    const result = read(DC_FAIL_WARN);
    expect(result.format).toBe("Deepchecks suite result");
    expect(result.cases).toEqual([
      { name: "Mixed Nulls: Number of different null types is less or equal to 1", status: "passed" },
      {
        name: "String Mismatch: No string variants",
        status: "failed",
        detail: "Found 1 out of 1 columns with amount of variants above threshold: {'weather': 2}",
      },
      {
        name: "Data Duplicates: Duplicate data ratio is less or equal to 0%",
        status: "failed",
        detail: "warning: Found 0.4% duplicate data",
      },
      { name: "Single Value in Column: Does not contain only a single value", status: "passed" },
      { name: "Columns Info", status: "skipped", detail: "no conditions: nothing was judged" },
    ]);
  });

  it("a file that holds the report as a JSON string is read as the report", () => {
    const text = fixtureText(DC_STRING);
    expect(text.startsWith('"{\\"name\\"')).toBe(true);
    const result = read(DC_STRING);
    expect(result.format).toBe("Deepchecks suite result");
    expect(counts(result)).toEqual({ passed: 2, skipped: 1 });
  });

  it("a CheckFailure is an error case with its exception", () => {
    const result = read(DC_FAILURE);
    expect(result.cases).toEqual([
      {
        name: "Train Test Performance: Train-Test scores relative degradation is less than 0.1",
        status: "passed",
      },
      {
        name: "Simple Model Comparison",
        status: "error",
        detail: "could not run: DeepchecksValueError: Can't compare to simple model without a label column",
      },
    ]);
  });

  it("a single CheckResult.to_json()", () => {
    const result = read(DC_SINGLE);
    expect(result.format).toBe("Deepchecks check result");
    expect(result.cases).toEqual([
      {
        name: "Data Duplicates: Duplicate data ratio is less or equal to 0%",
        status: "failed",
        detail: "Found 12% duplicate data",
      },
    ]);
  });

  it("results nested as JSON strings are read; a pre-0.6.4 result (a string, no type) is a format error", () => {
    const suite = fixtureJson(DC_FAILURE) as { results: unknown[] };
    const nested = { ...suite, results: suite.results.map((r) => JSON.stringify(r)) };
    expect(readDeepchecks(nested)?.cases).toEqual(readDeepchecks(suite)?.cases);
    // Deepchecks before 0.6.4: each result a JSON string without a type, its conditions one more string.
    const old = {
      name: "Suite",
      results: [
        JSON.stringify({
          name: "Data Duplicates",
          header: "Data Duplicates",
          conditions_table: '[{"Status":"PASS","Condition":"c","More Info":""}]',
        }),
      ],
    };
    expect(() => readDeepchecks(old)).toThrow(
      /results\[0\] that is neither a CheckResult nor a CheckFailure/,
    );
  });

  it("a condition status it does not know is a format error, and ERROR is an error case", () => {
    const row = (Status: string) => ({
      type: "CheckResult",
      check: { name: "Mixed Nulls" },
      header: "Mixed Nulls",
      conditions_results: [{ Status, Condition: "c", "More Info": "" }],
    });
    expect(readDeepchecks(row("ERROR"))?.cases[0]?.status).toBe("error");
    expect(() => readDeepchecks(row("<div>✓</div>"))).toThrow(
      /Status "<div>✓<\/div>"; expected PASS, FAIL, WARN or ERROR/,
    );
  });
});

describe("the datachecks finding", () => {
  it("GE 1.x with a raised expectation: an error naming it, with the failures in details", async () => {
    const finding = await evaluateDatachecks(spec(GE1X), fixturesContext());
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      `Great Expectations 1.x validation result: 1 expectation could not run (expect_column_kl_divergence_to_be_less_than (column: Age)) in ${GE1X}; fix what stops it (see the errors) and run the validation again`,
    );
    expect(finding.measured).toBe("8 of 50 expectations failed, 1 error");
    expect(finding.bar).toBe("≤ 0 failed, ≥ 1 evaluated");
    expect(finding.evidence).toEqual([{ path: GE1X }]);
    expect(finding.details?.[0]).toBe(
      `error: expect_column_kl_divergence_to_be_less_than (column: Age): Invalid partition object. [${GE1X}]`,
    );
    expect(finding.details).toHaveLength(9);
  });

  it("GE 0.18 checkpoint: 4 of 22 failed fails maxFailed 0, passes maxFailed 4", async () => {
    const failing = await evaluateDatachecks(spec(GE018_RUNS), fixturesContext());
    expect(failing.status).toBe("fail");
    expect(failing.measured).toBe("4 of 22 expectations failed");
    expect(failing.summary).toContain("4 failures, more than the 0 allowed");
    expect(failing.summary).toContain("failed: expect_table_row_count_to_be_between");
    const allowed = await evaluateDatachecks(spec(GE018_RUNS, { maxFailed: 4 }), fixturesContext());
    expect(allowed.status).toBe("pass");
    expect(allowed.summary).toMatch(
      /^Great Expectations 0\.18 checkpoint result: 4 of 22 expectations failed in /,
    );
  });

  it("minEvaluated counts passed + failed, never errors or unjudged checks", async () => {
    const raised = await evaluateDatachecks(spec(GE018_RAISED, { minEvaluated: 6 }), fixturesContext());
    expect(raised.status).toBe("error");
    expect(raised.measured).toBe("0 of 6 expectations failed, 4 errors");
    const short = await evaluateDatachecks(spec(DC_STRING, { minEvaluated: 3 }), fixturesContext());
    expect(short.status).toBe("fail");
    expect(short.summary).toBe(
      `Deepchecks suite result: 0 of 2 conditions failed in ${DC_STRING}; 1 check with no conditions (not evaluated); only 2 conditions evaluated, below the minimum of 3`,
    );
    const enough = await evaluateDatachecks(spec(DC_STRING, { minEvaluated: 2 }), fixturesContext());
    expect(enough.status).toBe("pass");
  });

  it("a Deepchecks CheckFailure is an error naming the check", async () => {
    const finding = await evaluateDatachecks(spec(DC_FAILURE), fixturesContext());
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("1 condition could not run (Simple Model Comparison)");
  });

  it("totals across files with a glob; details name each file", async () => {
    const finding = await evaluateDatachecks(
      spec(`${DIR}/{deepchecks__suite-data-integrity-fail-warn,ge-1.x__checkpoint-describe-try-gx}.json`, {
        maxFailed: 3,
      }),
      fixturesContext(),
    );
    expect(finding.status).toBe("pass");
    expect(finding.measured).toBe("3 of 6 checks failed");
    expect(finding.evidence.map((e) => e.path)).toEqual([DC_FAIL_WARN, GE1X_DESCRIBE]);
    expect(finding.details).toEqual([
      `fail: String Mismatch: No string variants: Found 1 out of 1 columns with amount of variants above threshold: {'weather': 2} [${DC_FAIL_WARN}]`,
      `fail: Data Duplicates: Duplicate data ratio is less or equal to 0%: warning: Found 0.4% duplicate data [${DC_FAIL_WARN}]`,
      `fail: expect_column_values_to_be_between (column: fare_amount): 14 unexpected values (0.07%) [${GE1X_DESCRIBE}]`,
    ]);
  });

  it("details are capped at 20 with the rest counted", async () => {
    const doc = fixtureJson(GE018) as {
      results: Array<{ success: boolean; exception_info: unknown }>;
      statistics: Record<string, number>;
    };
    for (const r of doc.results) {
      r.success = false;
      r.exception_info = { raised_exception: false, exception_message: null };
    }
    doc.statistics.successful_expectations = 0;
    doc.statistics.unsuccessful_expectations = 51;
    const finding = await evaluateDatachecks(
      spec("v.json"),
      memoryContext({ "v.json": JSON.stringify(doc) }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.measured).toBe("51 of 51 expectations failed");
    expect(finding.details).toHaveLength(21);
    expect(finding.details?.[20]).toBe("and 31 more");
  });
});

describe("what the kind refuses", () => {
  it("a glob matching nothing fails", async () => {
    const finding = await evaluateDatachecks(spec(`${DIR}/none-*.json`), fixturesContext());
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(`no file matches ${DIR}/none-*.json`);
  });

  it("JSON of another format is an error naming the formats read", async () => {
    const finding = await evaluateDatachecks(
      spec("corpus-ai/wandb__latest-run-summary.json"),
      fixturesContext(),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "corpus-ai/wandb__latest-run-summary.json is JSON but none of the data check formats read; expected a Great Expectations validation or checkpoint result (0.18 or 1.x), an Evidently test suite or a Deepchecks suite result (SuiteResult.to_json())",
    );
  });

  it("malformed JSON names the file, line and column", async () => {
    const finding = await evaluateDatachecks(
      spec("v.json"),
      memoryContext({ "v.json": '{\n  "results": [\n    {"success": true,}\n  ]\n}' }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^v\.json is not valid JSON \(.*line 3, column 22.*\); expected a Great Expectations/,
    );
  });

  it("a JSON string whose content is malformed says so", async () => {
    const finding = await evaluateDatachecks(
      spec("r.json"),
      memoryContext({ "r.json": JSON.stringify('{\n"name": "S",\n"results": [}') }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^r\.json is not valid JSON \(the JSON string it holds, .*line 3, column 13.*\)/,
    );
  });

  it("a file with no expectations fails with the fix", async () => {
    const empty = {
      success: true,
      results: [],
      suite_name: "orders",
      statistics: {
        evaluated_expectations: 0,
        successful_expectations: 0,
        unsuccessful_expectations: 0,
        success_percent: null,
      },
    };
    const finding = await evaluateDatachecks(
      spec("v.json"),
      memoryContext({ "v.json": JSON.stringify(empty) }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "Great Expectations validation result v.json holds no expectations or checks: nothing was validated; add expectations (or conditions) to the suite and run it again",
    );
  });

  it("an empty file and a non-JSON file are errors", async () => {
    const ctx = memoryContext({ "a.json": "", "b.json": "not json" });
    expect((await evaluateDatachecks(spec("a.json"), ctx)).summary).toMatch(/^a\.json is empty; expected/);
    expect((await evaluateDatachecks(spec("b.json"), ctx)).summary).toMatch(/^b\.json is not JSON; expected/);
  });

  it("reads go through the run budget: a file over the byte budget is an error, not read", async () => {
    const run = new BudgetedRepo(
      new FsRepo(FIXTURES),
      new RunBudget({ ...DEFAULT_BUDGET, readBytes: 10_000 }),
    );
    const ctx: EvidenceContext = { repo: run.forCheck(), baseDir: "", now: new Date("2026-12-04T12:00:00Z") };
    const finding = await evaluateDatachecks(spec(GE018), ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/budget/i);
    expect(run.budget.used.readBytes).toBeLessThanOrEqual(10_000);
  });
});

describe("Evidently test suites, through the datachecks kind", () => {
  it("0.3: 11 tests, 1 failed, fails at maxFailed 0 naming the test, passes at maxFailed 1", async () => {
    const file = "evidently/testsuite-0.3-11-tests-1-failed.json";
    const strict = await evaluateDatachecks(spec(file), fixturesContext());
    expect(strict.status).toBe("fail");
    expect(strict.measured).toBe("1 of 11 tests failed");
    expect(strict.summary).toMatch(/^Evidently 0\.3\.1 test suite: 1 of 11 tests failed in evidently\//);
    const tolerant = await evaluateDatachecks(
      spec(file, { maxFailed: 1, minEvaluated: 11 }),
      fixturesContext(),
    );
    expect(tolerant.status).toBe("pass");
  });

  it("a summary that contradicts its tests is an error naming the file", async () => {
    const file = "evidently/testsuite-0.4-summary-contradicts-tests.json";
    const finding = await evaluateDatachecks(spec(file), fixturesContext());
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain(file);
  });
});
