// The JSON report's documented schema names every evidence kind the readiness format has: a kind added
// to src/config/schema.ts without docs/report-schema.md would make reports that fail their own schema.
import { describe, expect, it } from "vitest";
import { EVIDENCE_KINDS, type CheckSpec } from "../../src/config/schema.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import { renderJson } from "../../src/report/json.js";
import { fail, findingsFor, NOW, readinessFile } from "../gate/builders.js";
import { checkReportSchema } from "../support/report-schema.js";

describe("the JSON report schema and the evidence kinds", () => {
  it("accepts a report with a check of every evidence kind, and each is written as its kind", () => {
    // The gate reads only which kind a check has; the spec's keys are the evidence module's business.
    const checks = EVIDENCE_KINDS.map(
      (kind) => ({ id: `check-${kind}`, category: "model", [kind]: {} }) as unknown as CheckSpec,
    );
    const file = readinessFile({ checks });
    const findings = findingsFor(file, {
      "check-benchmark": fail("lm-eval: mmlu acc,none 0.4 < 0.5 in r.json"),
    });
    const report = buildReport(
      [judgeSystem(file, findings, { branch: "main" }, NOW)],
      [],
      { branch: "main" },
      NOW,
    );
    const parsed = JSON.parse(renderJson(report)) as { systems: Array<{ checks: Array<{ kind: string }> }> };
    expect(parsed.systems[0]!.checks.map((c) => c.kind)).toEqual([...EVIDENCE_KINDS]);
    const checked = checkReportSchema(parsed);
    expect(checked.errors).toBe("No errors");
    expect(checked.ok).toBe(true);
  });
});
