import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateJUnit } from "../../src/evidence/junit.js";
import { parseJUnit } from "../../src/evidence/parse/junit.js";
import { FormatError } from "../../src/evidence/read.js";
import type { JUnitSpec } from "../../src/config/schema.js";
import { corpusText, expectedFigures, memoryContext } from "../support/memory-repo.js";

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/junit/${name}`, import.meta.url), "utf8");
}

function spec(files: string, minTests = 1, maxFailures = 0): JUnitSpec {
  return { files, minTests, maxFailures };
}

interface ExpectedJUnit {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  passed: number;
  flaky: number;
  failedOrErroredTestNames: string[];
}

const junitCorpus = Object.entries(expectedFigures()).filter(([, figures]) => figures.kind === "junit");

describe("parseJUnit on every JUnit file of the corpus", () => {
  it("has corpus files to check", () => {
    expect(junitCorpus.length).toBeGreaterThanOrEqual(11);
  });

  it.each(junitCorpus)("%s yields the figures in expected.json", (name, figures) => {
    const expected = figures as unknown as ExpectedJUnit;
    const summary = parseJUnit(corpusText(name));
    expect({
      tests: summary.tests,
      failures: summary.failures,
      errors: summary.errors,
      skipped: summary.skipped,
      passed: summary.passed,
      flaky: summary.flaky,
      failedOrErroredTestNames: summary.failedTests,
    }).toEqual({
      tests: expected.tests,
      failures: expected.failures,
      errors: expected.errors,
      skipped: expected.skipped,
      passed: expected.passed,
      flaky: expected.flaky,
      failedOrErroredTestNames: expected.failedOrErroredTestNames,
    });
  });
});

describe("parseJUnit on hand-written cases", () => {
  it("counts a Surefire test that failed on every rerun as a failure, and one that passed on rerun as flaky", () => {
    const summary = parseJUnit(fixture("surefire-rerun-failed-every-time.xml"));
    expect(summary).toEqual({
      tests: 3,
      failures: 1,
      errors: 0,
      skipped: 0,
      passed: 2,
      flaky: 1,
      failedTests: ["chargesCard"],
    });
  });

  it("counts a testcase with both <skipped> and <failure> once, as a failure", () => {
    const summary = parseJUnit(fixture("failure-and-skipped-in-one-testcase.xml"));
    expect(summary).toMatchObject({ tests: 2, failures: 1, skipped: 1, passed: 0 });
    expect(summary.failedTests).toEqual(["test_marked_skip_but_failed"]);
  });

  it("does not take markup-like text in <system-out> or a property named error for a failure", () => {
    const summary = parseJUnit(fixture("failure-text-inside-output-is-not-a-failure.xml"));
    expect(summary).toMatchObject({ tests: 1, failures: 0, errors: 0, passed: 1 });
  });

  it("reads a report with a BOM and CRLF line endings", () => {
    const text = fixture("bom-and-crlf.xml");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("\r\n");
    expect(parseJUnit(text)).toMatchObject({ tests: 2, failures: 1, passed: 1, failedTests: ["fails"] });
  });

  it("accepts an empty <testsuites/> as zero tests", () => {
    expect(parseJUnit("<testsuites/>")).toMatchObject({ tests: 0, failures: 0, passed: 0 });
  });

  it("rejects a file whose root is not <testsuites> or <testsuite>", () => {
    const text = corpusText("coverage/ReportGenerator__Cobertura2.1.1.xml");
    expect(() => parseJUnit(text)).toThrow(FormatError);
    expect(() => parseJUnit(text)).toThrow("not a JUnit XML report: root element is <coverage>");
  });

  it("rejects an empty file, a non-XML file and a truncated file", () => {
    expect(() => parseJUnit("")).toThrow("empty file, not a JUnit XML report");
    expect(() => parseJUnit(corpusText("coverage/test-reporter__lcov.info"))).toThrow(
      "not a JUnit XML report: it does not start with an XML tag",
    );
    expect(() => parseJUnit(fixture("truncated-mid-testcase.xml"))).toThrow(
      /malformed XML at line \d+, column \d+/,
    );
  });

  it("parses a 40 MB report in a couple of seconds, without trusting its declared counts", () => {
    const parts = ['<?xml version="1.0"?>\n<testsuites tests="1">\n<testsuite name="big" tests="1">\n'];
    let size = 0;
    let cases = 0;
    while (size < 40_000_000) {
      const failing = cases % 50 === 0;
      const body = failing
        ? `<failure message="expected &lt;1&gt;">Traceback\n  at test (x.js:1:2)\n${"x".repeat(200)}</failure>`
        : `<system-out>${"y".repeat(150)}</system-out>`;
      const testcase = `<testcase name="test_${cases}" classname="pkg.Mod${cases % 97}">${body}</testcase>\n`;
      parts.push(testcase);
      size += testcase.length;
      cases += 1;
    }
    parts.push("</testsuite>\n</testsuites>\n");
    const text = parts.join("");

    const started = performance.now();
    const summary = parseJUnit(text);
    const elapsed = performance.now() - started;

    expect(summary.tests).toBe(cases);
    expect(summary.failures).toBe(Math.ceil(cases / 50));
    expect(summary.failedTests[1]).toBe("test_50");
    expect(elapsed).toBeLessThan(3000);
  });
});

describe("evaluateJUnit", () => {
  it("passes on a real report with enough tests and no failures", async () => {
    const ctx = memoryContext({
      "reports/nextest.xml": corpusText("junit/action-junit-report__nextest-basic.xml"),
    });
    const finding = await evaluateJUnit(spec("reports/nextest.xml", 3, 1), ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("3 tests executed, 1 failed (at most 1 allowed) (reports/nextest.xml)");
    expect(finding.measured).toBe("1 of 3 tests failed");
    expect(finding.bar).toBe("≥ 3 tests, ≤ 1 failure");
    expect(finding.evidence).toEqual([{ path: "reports/nextest.xml" }]);
    expect(finding.details).toEqual(["test_failure"]);
  });

  it("passes on a flaky-only Surefire report and says the test was flaky", async () => {
    const ctx = memoryContext({
      "target/surefire-reports/TEST-flaky.xml": corpusText(
        "junit/action-junit-report__maven-surefire-flaky-surefire-report.xml",
      ),
    });
    const finding = await evaluateJUnit(spec("target/surefire-reports/*.xml"), ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "1 test executed, 0 failed; 1 flaky (passed on rerun) (target/surefire-reports/TEST-flaky.xml)",
    );
  });

  it("fails on failures and errors, naming the failing tests in the summary and in details", async () => {
    const ctx = memoryContext({
      "reports/junit/TEST-email.xml": corpusText(
        "junit/action-junit-report__TEST-action.surefire.report.email.EmailAddressTest.xml",
      ),
    });
    const finding = await evaluateJUnit(spec("reports/junit/*.xml"), ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "7 of 9 tests failed: shouldNotContainInternationalizedHostNames, shouldBeStricterThanRfc2821, " +
        "shouldBeStricterThanRfc2822, shouldNotBeBlank, shouldNotContainLocalHosts and 2 more (reports/junit/TEST-email.xml)",
    );
    expect(finding.measured).toBe("7 of 9 tests failed");
    expect(finding.details).toHaveLength(7);
    expect(finding.details?.at(-1)).toBe("shouldNotAllowDotsInWeirdPlaces");
  });

  it("says how many more failures there were than allowed", async () => {
    const ctx = memoryContext({ "r/jest.xml": corpusText("junit/test-reporter__jest-junit.xml") });
    const finding = await evaluateJUnit(spec("r/jest.xml", 1, 2), ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toMatch(/^4 of 5 tests failed, more than the 2 allowed: Failing test, /);
    expect(finding.details).toContain("also 1 skipped");
  });

  it("does not count skipped tests toward minTests", async () => {
    // Pulsar: 2 testcases, 1 skipped, 1 failed: one executed test.
    const ctx = memoryContext({
      "ci/pulsar.xml": corpusText(
        "junit/test-reporter__TEST-org.apache.pulsar.AddMissingPatchVersionTest.xml",
      ),
    });
    const finding = await evaluateJUnit(spec("ci/pulsar.xml", 2, 5), ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("only 1 test executed, below the minimum of 2 (ci/pulsar.xml)");
  });

  it("fails a report with zero tests when a test is required, and passes it when none is", async () => {
    const ctx = memoryContext({ "jest-junit.xml": corpusText("junit/test-reporter__empty-jest-junit.xml") });
    const required = await evaluateJUnit(spec("jest-junit.xml"), ctx);
    expect(required.status).toBe("fail");
    expect(required.summary).toBe("no tests executed, below the minimum of 1 (jest-junit.xml)");
    const optional = await evaluateJUnit(spec("jest-junit.xml", 0), ctx);
    expect(optional.status).toBe("pass");
  });

  it("fails on declared tests=0 reports whose suites failed to compile (errors are failures)", async () => {
    const ctx = memoryContext({
      "jest.xml": corpusText("junit/test-reporter__test-errors-jest-test-results.xml"),
    });
    const finding = await evaluateJUnit(spec("jest.xml", 1, 1), ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "2 of 2 tests failed, more than the 1 allowed: libs/foo.spec.ts, libs/bar.spec.ts (jest.xml)",
    );
  });

  it("reports both problems when there are too few tests and too many failures", async () => {
    const ctx = memoryContext({ "go.xml": corpusText("junit/test-reporter__go-junit-report.xml") });
    const finding = await evaluateJUnit(spec("go.xml", 50), ctx);
    expect(finding.summary).toBe(
      "only 4 tests executed, below the minimum of 50; 2 of 4 tests failed: TestPackage3-1, TestPackage3-4 (go.xml)",
    );
  });

  it("sums every file a glob matches and names each failing test's file", async () => {
    const ctx = memoryContext(
      {
        "svc/reports/junit/nested.xml": corpusText("junit/test-reporter__java-junit-nested-testsuites.xml"),
        "svc/reports/junit/pytest.xml": corpusText("junit/test-reporter__python-xunit-pytest.xml"),
        "svc/reports/junit/unittest.xml": corpusText("junit/test-reporter__python-xunit-unittest.xml"),
        "svc/reports/other/ignored.xml": corpusText("junit/test-reporter__jest-junit.xml"),
      },
      { baseDir: "svc" },
    );
    const finding = await evaluateJUnit(spec("reports/junit/*.xml", 10), ctx);
    // 3 + 10 + 8 tests, 0 + 2 + 2 skipped, 1 + 2 + 2 failed or errored.
    expect(finding.status).toBe("fail");
    expect(finding.measured).toBe("5 of 17 tests failed");
    expect(finding.summary).toMatch(
      /^5 of 17 tests failed: fails, test_always_fail, test_error, .* \(svc\/reports\/junit\/\*\.xml, 3 files\)$/,
    );
    expect(finding.evidence.map((e) => e.path)).toEqual([
      "svc/reports/junit/nested.xml",
      "svc/reports/junit/pytest.xml",
      "svc/reports/junit/unittest.xml",
    ]);
    expect(finding.details?.[0]).toBe("fails (svc/reports/junit/nested.xml)");
  });

  it("caps the failing test names in details at 20, then says how many more", async () => {
    const cases = Array.from({ length: 25 }, (_, i) => `<testcase name="t${i}"><failure/></testcase>`).join(
      "",
    );
    const ctx = memoryContext({ "many.xml": `<testsuite>${cases}</testsuite>` });
    const finding = await evaluateJUnit(spec("many.xml"), ctx);
    expect(finding.details).toHaveLength(21);
    expect(finding.details?.[19]).toBe("t19");
    expect(finding.details?.[20]).toBe("and 5 more");
  });

  it("cuts very long test names short in the finding", async () => {
    const long = `test_param[${"x".repeat(5000)}]`;
    const ctx = memoryContext({
      "long.xml": `<testsuite><testcase name="${long}"><error/></testcase></testsuite>`,
    });
    const finding = await evaluateJUnit(spec("long.xml"), ctx);
    expect(finding.details?.[0]).toHaveLength(120);
    expect(finding.details?.[0]).toMatch(/^test_param\[x+…$/);
    expect(finding.summary.length).toBeLessThan(200);
  });

  it("is an error, naming the file, when a coverage report is given as JUnit", async () => {
    const ctx = memoryContext({
      "reports/junit/cobertura.xml": corpusText("coverage/ReportGenerator__Cobertura_coverlet.xml"),
    });
    const finding = await evaluateJUnit(spec("reports/junit/*.xml"), ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "reports/junit/cobertura.xml: not a JUnit XML report: root element is <coverage> (expected <testsuites> or <testsuite>)",
    );
  });

  it("is an error when one file of a glob is malformed, even if the others pass", async () => {
    const ctx = memoryContext({
      "r/a.xml": corpusText("junit/action-junit-report__nextest-basic.xml"),
      "r/b.xml": fixture("truncated-mid-testcase.xml"),
    });
    const finding = await evaluateJUnit(spec("r/*.xml", 1, 5), ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/^r\/b\.xml: malformed XML at line 7, column \d+: unclosed tag/);
  });

  it("is an error on an empty file", async () => {
    const finding = await evaluateJUnit(spec("junit.xml"), memoryContext({ "junit.xml": "" }));
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe("junit.xml: empty file, not a JUnit XML report");
  });

  it("fails when the path is missing or the glob matches nothing", async () => {
    const ctx = memoryContext({ "reports/junit/a.json": "{}" }, { baseDir: "svc" });
    const missing = await evaluateJUnit(spec("junit.xml"), ctx);
    expect(missing.status).toBe("fail");
    expect(missing.summary).toBe("no file matches svc/junit.xml");
    const empty = await evaluateJUnit(spec("reports/junit/*.xml"), ctx);
    expect(empty.status).toBe("fail");
    expect(empty.summary).toBe("no file matches svc/reports/junit/*.xml");
  });

  it("is an error when the path leaves the repository", async () => {
    const finding = await evaluateJUnit(spec("../../etc/*.xml"), memoryContext({}, { baseDir: "svc" }));
    expect(finding.status).toBe("error");
  });
});
