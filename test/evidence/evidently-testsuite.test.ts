// readEvidentlyTestSuite, which the `datachecks` kind tries among its readers: Evidently test suites of
// 0.3 to 0.6 (TestSuite.save_json) and the tests of a 0.7 snapshot, each status read as documented, the
// summary cross-checked against the tests, and undefined for anything that is not Evidently's.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readEvidentlyTestSuite } from "../../src/evidence/parse/evidently.js";
import { FormatError } from "../../src/evidence/read.js";
import { FIXTURES } from "../support/fixtures-context.js";

const load = (name: string): unknown =>
  JSON.parse(readFileSync(`${FIXTURES}/evidently/${name}`, "utf8")) as unknown;

describe("Evidently test suites", () => {
  it("0.3: 11 tests, 1 failed, named with the column its parameters give", () => {
    const r = readEvidentlyTestSuite(load("testsuite-0.3-11-tests-1-failed.json"))!;
    expect(r.format).toBe("Evidently 0.3.1 test suite");
    expect(r.cases).toHaveLength(11);
    expect(r.cases.filter((c) => c.status === "passed")).toHaveLength(10);
    const failed = r.cases.filter((c) => c.status !== "passed");
    expect(failed).toEqual([
      {
        name: "Mean Value Stability (RI)",
        status: "failed",
        detail: "FAIL: The mean value of the column **RI** is 1.52. The expected range is from 1.52 to 1.52",
      },
    ]);
    // A test without a column_name parameter takes the column Evidently writes in bold.
    expect(r.cases[1]!.name).toBe("Share of Out-of-Range Values (RI)");
  });

  it("0.4: each status — FAIL and WARNING fail, ERROR is an error, SKIPPED was not evaluated", () => {
    const r = readEvidentlyTestSuite(load("testsuite-0.4-each-status.json"))!;
    expect(r.format).toBe("Evidently 0.4.40 test suite");
    expect(r.cases.map((c) => [c.name, c.status])).toEqual([
      ["Number of Rows", "passed"],
      ["Share of Drifted Columns", "failed"],
      ["The Share of Missing Values in a Column (income)", "failed"],
      ["Mean Value Stability", "error"],
      ["Column Types", "skipped"],
    ]);
    expect(r.cases[2]!.detail).toBe(
      "WARNING, a non-critical test whose condition was not met: The share of missing values in the column **income** is 0.02. The test threshold is lte=0.01.",
    );
    expect(r.cases[3]!.detail).toBe("ERROR: Test failed with exception: division by zero");
  });

  it("a summary that contradicts its tests is a format error", () => {
    expect(() => readEvidentlyTestSuite(load("testsuite-0.4-summary-contradicts-tests.json"))).toThrow(
      new FormatError(
        "contradicts itself: summary.failed_tests is 0 but its tests[] hold 1; the file was edited or truncated, so write it again with TestSuite.save_json()",
      ),
    );
    const suite = load("testsuite-0.3-11-tests-1-failed.json") as { summary: Record<string, unknown> };
    suite.summary.all_passed = true;
    expect(() => readEvidentlyTestSuite(suite)).toThrow("summary.all_passed is true but 1 of its 11 tests");
    const dropped = load("testsuite-0.3-11-tests-1-failed.json") as { tests: unknown[] };
    dropped.tests.pop();
    expect(() => readEvidentlyTestSuite(dropped)).toThrow(
      "summary.total_tests is 11 but its tests[] hold 10",
    );
  });

  it("an unknown status or a test without a name is a format error", () => {
    const odd = load("testsuite-0.3-11-tests-1-failed.json") as { tests: Array<Record<string, unknown>> };
    odd.tests[0]!.status = "PASSED";
    expect(() => readEvidentlyTestSuite(odd)).toThrow(
      'tests[0].status is "PASSED", not one of SUCCESS, FAIL, WARNING, ERROR, SKIPPED',
    );
    const unnamed = load("testsuite-0.3-11-tests-1-failed.json") as { tests: Array<Record<string, unknown>> };
    delete unnamed.tests[4]!.name;
    expect(() => readEvidentlyTestSuite(unnamed)).toThrow("tests[4].name is missing");
  });

  it("0.7: a snapshot's tests, a non-critical failure (WARNING) among the failures", () => {
    const r = readEvidentlyTestSuite(load("testsuite-0.7-snapshot-2-of-4-not-passed.json"))!;
    expect(r.format).toBe("Evidently 0.7 test results");
    expect(r.cases.map((c) => c.status)).toEqual(["passed", "passed", "failed", "failed"]);
    expect(r.cases[2]!.name).toBe("Maximum value of 'Amount': Equal 25691.160 ± 2569.116");
  });

  it("a 0.7 report run without tests is Evidently's, with nothing evaluated", () => {
    const r = readEvidentlyTestSuite(load("drift-0.7.16-threshold-directions-4-of-8.json"))!;
    expect(r).toEqual({ format: "Evidently 0.7 report with no tests", cases: [] });
  });

  it("undefined for what is not an Evidently test suite: a 0.4 report, other tools' JSON", () => {
    expect(readEvidentlyTestSuite(load("drift-0.4-preset-3-of-12-drifted.json"))).toBeUndefined();
    expect(readEvidentlyTestSuite({ results: [], success: true })).toBeUndefined();
    expect(readEvidentlyTestSuite({ tests: [{ name: "x", status: "passed" }] })).toBeUndefined();
    expect(readEvidentlyTestSuite([1, 2])).toBeUndefined();
    expect(readEvidentlyTestSuite(null)).toBeUndefined();
  });
});
