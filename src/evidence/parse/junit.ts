// JUnit XML test reports (Surefire, pytest, jest-junit, go-junit-report, nextest, bun, TestNG, ...).
// Figures are counted from <testcase> elements: the tests/failures/errors/skipped attributes that
// suites declare contradict their own testcases in real reports (see the corpus), so they are ignored.
import { FormatError } from "../read.js";
import { looksLikeXml, walkXml } from "./xml.js";

export interface JUnitSummary {
  /** Every <testcase>, skipped ones included. */
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  /** Testcases with no failure, error or skip (flaky ones that passed on rerun included). */
  passed: number;
  /** Testcases that failed, then passed on a rerun (Surefire flakyFailure / flakyError / rerunFailure). */
  flaky: number;
  /** `name` of each testcase counted as a failure or an error, in document order. */
  failedTests: string[];
}

interface OpenTestcase {
  depth: number;
  name: string;
  failure: boolean;
  error: boolean;
  skipped: boolean;
  flaky: boolean;
}

const ROOTS = new Set(["testsuites", "testsuite"]);
const FLAKY = new Set(["flakyFailure", "flakyError", "rerunFailure", "rerunError"]);

export function emptyJUnitSummary(): JUnitSummary {
  return { tests: 0, failures: 0, errors: 0, skipped: 0, passed: 0, flaky: 0, failedTests: [] };
}

export function parseJUnit(text: string): JUnitSummary {
  if (text.trim() === "" || text === "\uFEFF") throw new FormatError("empty file, not a JUnit XML report");
  if (!looksLikeXml(text)) throw new FormatError("not a JUnit XML report: it does not start with an XML tag");

  const summary = emptyJUnitSummary();
  let testcase: OpenTestcase | undefined;

  walkXml(text, {
    open(el) {
      if (el.depth === 0) {
        if (!ROOTS.has(el.name)) {
          throw new FormatError(
            `not a JUnit XML report: root element is <${el.name}> (expected <testsuites> or <testsuite>)`,
          );
        }
        return;
      }
      if (testcase === undefined) {
        if (el.name === "testcase") {
          const name = el.attributes.name || el.attributes.classname || "(unnamed test)";
          testcase = { depth: el.depth, name, failure: false, error: false, skipped: false, flaky: false };
        }
        return;
      }
      if (el.depth !== testcase.depth + 1) return;
      if (el.name === "failure") testcase.failure = true;
      else if (el.name === "error") testcase.error = true;
      else if (el.name === "skipped") testcase.skipped = true;
      else if (FLAKY.has(el.name)) testcase.flaky = true;
    },
    close(name, depth) {
      if (testcase === undefined || depth !== testcase.depth || name !== "testcase") return;
      summary.tests += 1;
      // One outcome per testcase; a failure or an error outweighs a skip (fail closed).
      if (testcase.failure) summary.failures += 1;
      else if (testcase.error) summary.errors += 1;
      else if (testcase.skipped) summary.skipped += 1;
      else summary.passed += 1;
      if (testcase.failure || testcase.error) summary.failedTests.push(testcase.name);
      else if (testcase.flaky) summary.flaky += 1;
      testcase = undefined;
    },
  });
  return summary;
}

/** Adds `next` into `total` in place (several report files of one check). */
export function addJUnit(total: JUnitSummary, next: JUnitSummary): void {
  total.tests += next.tests;
  total.failures += next.failures;
  total.errors += next.errors;
  total.skipped += next.skipped;
  total.passed += next.passed;
  total.flaky += next.flaky;
  for (const name of next.failedTests) total.failedTests.push(name);
}
