// Evidently outputs committed in a repository, found by content with the readers the `drift` and
// `datachecks` kinds use, and wired by init with stated bars and a comment saying why (DESIGN section 8).
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parseReadiness } from "../../src/config/load.js";
import { aiChecks, aiJson } from "../../src/init/ai.js";
import { initReadiness } from "../../src/init/index.js";
import { FIXTURES } from "../support/fixtures-context.js";
import { cleanTempRepos, ownersFilledIn, tempRepo } from "./temp-repo.js";
import { prose } from "../support/init-output.js";

afterAll(cleanTempRepos);

const fixture = (name: string) => readFileSync(`${FIXTURES}/evidently/${name}`, "utf8");
const json = (name: string): unknown => JSON.parse(fixture(name));
const same = (p: string) => p;

describe("Evidently outputs, detected by content", () => {
  it("a 0.4 drift report: its counts and the drift_share it was run with", () => {
    expect(aiJson("reports/drift.json", json("drift-0.4-preset-3-of-12-drifted.json"))).toEqual({
      kind: "evidently-drift",
      path: "reports/drift.json",
      format: "Evidently 0.4.16 report",
      drifted: 3,
      columns: 12,
      share: 0.25,
      driftShare: 0.5,
    });
  });

  it("a 0.7 report: drift decided by the thresholds, drift_share from DriftedColumnsCount", () => {
    expect(aiJson("reports/d.json", json("drift-0.7.16-threshold-directions-4-of-8.json"))).toMatchObject({
      kind: "evidently-drift",
      format: "Evidently 0.7 report",
      drifted: 4,
      columns: 8,
      driftShare: 0.5,
    });
  });

  it("a 0.7 report whose drift cannot be decided is not wired as drift evidence", () => {
    expect(aiJson("reports/d.json", json("drift-0.7.9-no-method-undecidable.json"))).toBeUndefined();
  });

  it("test suites of 0.3 and 0.7", () => {
    expect(aiJson("test_suite.json", json("testsuite-0.3-11-tests-1-failed.json"))).toEqual({
      kind: "evidently-tests",
      path: "test_suite.json",
      format: "Evidently 0.3.1 test suite",
      passed: 10,
      failed: 1,
      other: 0,
    });
    expect(aiJson("t.json", json("testsuite-0.4-each-status.json"))).toMatchObject({
      passed: 1,
      failed: 2,
      other: 2,
    });
    expect(aiJson("t.json", json("testsuite-0.7-snapshot-2-of-4-not-passed.json"))).toMatchObject({
      kind: "evidently-tests",
      format: "Evidently 0.7 test results",
      passed: 2,
      failed: 2,
    });
  });

  it("a drift report over its own drift_share says the check fails until fixed", () => {
    const found = aiJson("r.json", json("drift-0.3-column-drift-metric-prediction-drifted.json"))!;
    const [check] = aiChecks([found], same);
    expect(check).toMatchObject({
      kind: "drift",
      category: "data",
      spec: { file: "r.json", maxDriftedShare: 0.5 },
    });
    expect(check!.comment.join(" ")).toContain("over the bar today, so this check fails");
    expect(check!.comment.join(" ")).toContain("Evidently's default drift_share");
  });
});

describe("init on a repository holding Evidently outputs", () => {
  it("writes a drift check and a datachecks check with stated bars, and the file validates", async () => {
    const root = tempRepo("evidently", {
      "monitoring/reports/data_drift_report.json": fixture("drift-0.4-preset-3-of-12-drifted.json"),
      "monitoring/test_suite.json": fixture("testsuite-0.3-11-tests-1-failed.json"),
    });
    const { text, discovery } = await initReadiness({ root, branch: "main" });
    expect(discovery.ai.map((f) => [f.kind, f.path]).sort()).toEqual([
      ["evidently-drift", "monitoring/reports/data_drift_report.json"],
      ["evidently-tests", "monitoring/test_suite.json"],
    ]);
    expect(parseReadiness("readiness.yml", ownersFilledIn(text)).problems).toEqual([]);
    expect(text).toMatch(
      /^ {4}drift: \{ file: "monitoring\/reports\/data_drift_report\.json", maxDriftedShare: 0\.5 \}$/m,
    );
    expect(text).toMatch(
      /^ {4}datachecks: \{ files: "monitoring\/test_suite\.json", maxFailed: 0, minEvaluated: 11 \}$/m,
    );
    const words = prose(text);
    expect(words).toContain(
      "Found an Evidently 0.4.16 report with data drift results in monitoring/reports/data_drift_report.json: 3 of 12 columns drifted (25%).",
    );
    expect(words).toContain(
      "maxDriftedShare is the drift_share the report was run with: Evidently calls the dataset drifted from that share up.",
    );
    expect(words).toContain(
      "Found an Evidently 0.3.1 test suite in monitoring/test_suite.json: 10 of 11 tests passed, 1 failed.",
    );
    expect(words).toContain("Tests fail today, so this check fails until they pass.");
    // Both are data readiness (DESIGN section 6: a data pipeline with validation; drift monitoring on inputs).
    expect(text).toMatch(/- id: data-drift\n(?: {4}.*\n)*? {4}category: data\n/);
    expect(text).toMatch(/- id: data-tests\n(?: {4}.*\n)*? {4}category: data\n/);
  });
});
