// The datachecks kind end to end: a readiness file with Great Expectations and Deepchecks results on disk
// (real GX files, a Deepchecks report held as a JSON string), judged by the bundled CLI.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkJson, checksById, copyInto } from "../support/cli-check.js";
import { FIXTURES } from "../support/fixtures-context.js";

const scratch = mkdtempSync(join(tmpdir(), "shipgate-datachecks-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const READINESS = `version: 1
system: orders
owners: ["@carol"]
stages:
  - name: production
    branches: [main]
checks:
  - id: gx-checkpoint
    category: data
    datachecks: { files: data/gx/checkpoint.json, maxFailed: 0, minEvaluated: 20 }
  - id: gx-profile
    category: data
    datachecks: { files: data/gx/profile.json }
  - id: deepchecks
    category: data
    datachecks: { files: "data/deepchecks/*.json", minEvaluated: 2 }
`;

describe("shipgate check with datachecks checks", () => {
  it("judges each on its real evidence and says which expectations failed", () => {
    const dir = join(scratch, "repo");
    const put = (to: string, from: string) => copyInto(dir, to, join(FIXTURES, "datachecks", from));
    put("data/gx/checkpoint.json", "ge-0.18__run-results-two-validations.json");
    put("data/gx/profile.json", "ge-1.x__validation-titanic-profiler-with-exception.json");
    put("data/deepchecks/train-test.json", "deepchecks__suite-as-json-string.json");
    writeFileSync(join(dir, "readiness.yml"), READINESS);

    const { status, report } = checkJson(dir);
    expect(status).toBe(1);
    expect(report.problems).toEqual([]);
    expect(report.verdict).toBe("no-go");
    const byId = checksById(report);
    expect(byId["gx-checkpoint"]).toMatchObject({
      kind: "datachecks",
      status: "fail",
      finding: { measured: "4 of 22 expectations failed", bar: "≤ 0 failed, ≥ 20 evaluated" },
    });
    expect(byId["gx-checkpoint"]!.finding.summary).toContain(
      'failed: expect_table_row_count_to_be_between, expect_column_median_to_be_between (column: "Payroll (millions)")',
    );
    expect(byId["gx-profile"]).toMatchObject({ kind: "datachecks", status: "error" });
    expect(byId["gx-profile"]!.finding.summary).toContain(
      "1 expectation could not run (expect_column_kl_divergence_to_be_less_than (column: Age))",
    );
    expect(byId.deepchecks).toMatchObject({
      kind: "datachecks",
      status: "pass",
      finding: { measured: "0 of 2 conditions failed" },
    });
  });
});
