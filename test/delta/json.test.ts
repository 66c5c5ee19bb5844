// The JSON report with a delta and evidence ages: documented in docs/report-schema.md, checked against its schema.
import { describe, expect, it } from "vitest";
import { checkReportSchema } from "../support/report-schema.js";
import { renderJson } from "../../src/report/json.js";
import { DELTA_CASES, prChangesReport } from "./reports.js";

describe("the JSON report with a delta", () => {
  it.each(DELTA_CASES)("%s conforms to the documented schema", (_name, build) => {
    const checked = checkReportSchema(JSON.parse(renderJson(build())));
    expect(checked.errors).toBe("No errors");
    expect(checked.ok).toBe(true);
  });

  it("puts the delta last and the finding's age after its details, with stable key order", () => {
    const parsed = JSON.parse(renderJson(prChangesReport())) as {
      delta: { systems: Array<Record<string, unknown>> } & Record<string, unknown>;
      systems: Array<{ checks: Array<{ id: string; finding: Record<string, unknown> }> }>;
    };
    expect(Object.keys(parsed).at(-1)).toBe("delta");
    expect(Object.keys(parsed.delta)).toEqual(["baseSha", "compared", "systems"]);
    expect(Object.keys(parsed.delta.systems[0]!)).toEqual([
      "agingEvidence",
      "expiringWaivers",
      "file",
      "new",
      "newlyFailing",
      "newlyPassing",
      "stillFailing",
      "system",
    ]);
    const card = parsed.systems[0]!.checks.find((c) => c.id === "data-card")!;
    expect(Object.keys(card.finding).at(-1)).toBe("age");
    expect(card.finding.age).toEqual({ ageMs: 26 * 86_400_000, maxAgeMs: 30 * 86_400_000, source: "git" });
  });

  it("rejects a delta field the documentation does not describe", () => {
    const report = prChangesReport();
    (report.delta as unknown as Record<string, unknown>).undocumented = true;
    expect(checkReportSchema(JSON.parse(renderJson(report))).ok).toBe(false);
  });
});
