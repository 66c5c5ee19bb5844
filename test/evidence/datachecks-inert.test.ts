// Expectation types, column names, Deepchecks headers and exception texts are written by whoever wrote the
// data or the suite: a `datachecks` finding that names them renders inert in the pull-request comment, the
// check run and the HTML report (no live mention, reference, link or markup).
import { describe, expect, it } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import { evaluateDatachecks } from "../../src/evidence/datachecks.js";
import type { Finding } from "../../src/evidence/types.js";
import { expectRenderedInert, HOSTILE } from "../support/inert-report.js";
import { memoryContext } from "../support/memory-repo.js";

function greatExpectations(): string {
  const result = (success: boolean, raised: boolean) => ({
    success,
    expectation_config: { type: "expect_column_values_to_not_be_null", kwargs: { column: HOSTILE } },
    result: { observed_value: HOSTILE },
    exception_info: { raised_exception: raised, exception_message: raised ? HOSTILE : null },
  });
  return JSON.stringify({
    success: false,
    results: [result(true, false), result(false, false)],
    suite_name: "s",
    statistics: { evaluated_expectations: 2, successful_expectations: 1, unsuccessful_expectations: 1 },
  });
}

function deepchecks(): string {
  return JSON.stringify(
    JSON.stringify({
      name: "suite",
      type: "SuiteResult",
      results: [
        {
          type: "CheckResult",
          header: HOSTILE,
          check: { name: HOSTILE },
          conditions_results: [{ Status: "FAIL", Condition: HOSTILE, "More Info": HOSTILE }],
        },
        { type: "CheckFailure", header: `${HOSTILE} 2`, check: { name: "c" }, exception: HOSTILE },
      ],
    }),
  );
}

function assertInert(finding: Finding): void {
  const check: CheckSpec = {
    id: "data-checks",
    category: "data",
    datachecks: { files: "d/*.json", maxFailed: 0, minEvaluated: 1 },
  };
  expectRenderedInert(check, finding);
}

describe("a datachecks finding that names hostile text renders inert", () => {
  it(`a failed Great Expectations expectation on a column named ${JSON.stringify(HOSTILE)}`, async () => {
    const finding = await evaluateDatachecks(
      { files: "d/*.json", maxFailed: 0, minEvaluated: 1 },
      memoryContext({ "d/v.json": greatExpectations() }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain(`failed: expect_column_values_to_not_be_null (column: ${HOSTILE})`);
    expect(finding.details?.[0]).toContain(`observed ${HOSTILE}`);
    assertInert(finding);
  });

  it("a Deepchecks report (held as a JSON string) with a hostile header, condition and exception", async () => {
    const finding = await evaluateDatachecks(
      { files: "d/*.json", maxFailed: 0, minEvaluated: 1 },
      memoryContext({ "d/r.json": deepchecks() }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain(`could not run (${HOSTILE} 2)`);
    expect(finding.details?.join("\n")).toContain(`could not run: ${HOSTILE}`);
    assertInert(finding);
  });
});
