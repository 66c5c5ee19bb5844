// The drift kind end to end: a readiness file with drift checks on Evidently reports of 0.4 and 0.7 on
// disk, judged by the bundled CLI, with the measured share, the bar and the drifted columns in the report.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkJson, checksById, copyInto } from "../support/cli-check.js";
import { FIXTURES } from "../support/fixtures-context.js";

const scratch = mkdtempSync(join(tmpdir(), "shipgate-drift-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const READINESS = `version: 1
system: churn-model
owners: ["@carol"]
stages:
  - name: production
    branches: [main]
checks:
  - id: input-drift
    category: data
    drift: { file: monitoring/drift-0.4.json, maxDriftedShare: 0.2, columns: [age, balance] }
  - id: feature-drift
    category: data
    drift: { file: monitoring/drift-0.7.json, maxDriftedShare: 0.5, columns: [chi_at_threshold, zip] }
`;

describe("shipgate check with drift checks", () => {
  it("judges each Evidently report and says what drifted", () => {
    const dir = join(scratch, "repo");
    const put = (to: string, from: string) => copyInto(dir, to, join(FIXTURES, "evidently", from));
    put("monitoring/drift-0.4.json", "drift-0.4-preset-3-of-12-drifted.json");
    put("monitoring/drift-0.7.json", "drift-0.7.16-threshold-directions-4-of-8.json");
    writeFileSync(join(dir, "readiness.yml"), READINESS);

    const { status, report } = checkJson(dir);
    expect(status).toBe(1);
    expect(report.problems).toEqual([]);
    expect(report.verdict).toBe("no-go");
    const byId = checksById(report);
    expect(byId["input-drift"]).toMatchObject({
      kind: "drift",
      status: "fail",
      finding: {
        measured: "3 of 12 columns drifted (25%)",
        bar: "≤ 20% drifted; age, balance must not drift",
      },
    });
    expect(byId["input-drift"]!.finding.details).toContain(
      "drifted: income K-S p_value 1.27e-9, threshold 0.05",
    );
    // A column the check names that the report lacks: an error, not a pass.
    expect(byId["feature-drift"]).toMatchObject({ kind: "drift", status: "error" });
    expect(byId["feature-drift"]!.finding.summary).toContain('has no drift result for "zip"');
  });
});
