// Column names and method names in an Evidently report are written by whoever produced the data: a
// `drift` finding that names them renders inert in the pull-request comment, the check run and the HTML
// report (no live mention, reference, link or markup).
import { describe, expect, it } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import { evaluateDrift } from "../../src/evidence/drift.js";
import { expectRenderedInert, HOSTILE } from "../support/inert-report.js";
import { memoryContext } from "../support/memory-repo.js";

/** A 0.7 report whose one drifted column and its method carry the hostile text. */
function reportWith(name: string): string {
  const config = { type: "evidently:metric_v2:ValueDrift", column: name, method: "psi", threshold: 0.1 };
  return JSON.stringify({
    metrics: [
      { id: "a", metric_name: `ValueDrift(column=${name},method=psi,threshold=0.1)`, config, value: 0.9 },
      {
        id: "b",
        metric_name: "ValueDrift(column=age,method=psi,threshold=0.1)",
        config: { ...config, column: "age" },
        value: 0.01,
      },
    ],
    tests: [],
  });
}

describe("a drift finding that names a hostile column renders inert", () => {
  it(`a drifted column named ${JSON.stringify(HOSTILE)}`, async () => {
    const check: CheckSpec = {
      id: "input-drift",
      category: "monitoring",
      drift: { file: "reports/drift.json", maxDriftedShare: 0.2, columns: [] },
    };
    const finding = await evaluateDrift(
      check.drift!,
      memoryContext(
        { "systems/claims/reports/drift.json": reportWith(HOSTILE) },
        { baseDir: "systems/claims" },
      ),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain(`drifted: ${HOSTILE}`);
    expect(finding.details).toEqual([`drifted: ${HOSTILE} psi 0.9, threshold 0.1`]);
    expectRenderedInert(check, finding);
  });
});
