// Case names, provider ids and failure reasons in eval suites are written by whoever wrote the suite:
// an `evals` finding that names them renders inert in the pull-request comment, the check run and the
// HTML report (no live mention, reference, link or markup).
import { describe, expect, it } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import { evaluateEvals } from "../../src/evidence/evals.js";
import { expectRenderedInert, HOSTILE } from "../support/inert-report.js";
import { memoryContext } from "../support/memory-repo.js";

function promptfooWith(name: string): string {
  const row = (success: boolean) => ({
    success,
    failureReason: success ? 0 : 1,
    error: success ? null : `${name} was expected`,
    provider: { id: `${name} provider`, label: "" },
    testCase: { description: name },
    gradingResult: { pass: success, reason: success ? "ok" : `${name} was expected` },
    response: { output: "x" },
  });
  return JSON.stringify({
    evalId: "e",
    results: {
      version: 3,
      results: [row(true), row(false)],
      stats: { successes: 1, failures: 1, errors: 0 },
    },
  });
}

describe("an evals finding that names a hostile case renders inert", () => {
  it(`a failing case and a provider named ${JSON.stringify(HOSTILE)}`, async () => {
    const check: CheckSpec = {
      id: "evals",
      category: "model",
      evals: { files: "evals/results.json", minPassRate: 90, minTests: 1, perProvider: true },
    };
    const finding = await evaluateEvals(
      check.evals!,
      memoryContext(
        { "systems/claims/evals/results.json": promptfooWith(HOSTILE) },
        { baseDir: "systems/claims" },
      ),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain(`failing: ${HOSTILE}`);
    expectRenderedInert(check, finding);
  });
});
