// `drift` on Evidently reports of every shape it reads (fixtures in test/fixtures/evidently, mirroring
// real files listed in its README): the share of drifted columns and the named columns against the bar,
// the 0.7 threshold direction of each method, and every way a report fails closed.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DriftSpec } from "../../src/config/schema.js";
import { driftEvidence } from "../../src/config/schema.js";
import { evaluateDrift } from "../../src/evidence/drift.js";
import { directionOf, driftedBy, readEvidentlyDriftReport } from "../../src/evidence/parse/evidently.js";
import { FIXTURES, fixturesContext } from "../support/fixtures-context.js";
import { memoryContext } from "../support/memory-repo.js";

const ctx = fixturesContext();
const spec = (s: Partial<DriftSpec>): DriftSpec => driftEvidence.parse({ file: "x", ...s });
const at = (name: string) => `evidently/${name}`;

describe("drift on Evidently 0.3 to 0.6 reports (the file's own drift flag)", () => {
  it("a DataDriftPreset report, 3 of 12 columns drifted, fails a 20% bar and names each drifted column", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.4-preset-3-of-12-drifted.json"), maxDriftedShare: 0.2 }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.measured).toBe("3 of 12 columns drifted (25%)");
    expect(f.bar).toBe("≤ 20% drifted");
    expect(f.summary).toContain("Evidently 0.4.16 report");
    expect(f.summary).toContain("3 of 12 columns drifted (25%) > 20%");
    expect(f.summary).toContain("drifted: income, tenure, region");
    expect(f.details).toEqual([
      "drifted: income K-S p_value 1.27e-9, threshold 0.05",
      "drifted: tenure Wasserstein distance (normed) 0.184, threshold 0.1",
      "drifted: region chi-square p_value 0.0032, threshold 0.05",
    ]);
    expect(f.evidence).toEqual([{ path: at("drift-0.4-preset-3-of-12-drifted.json") }]);
  });

  it("the same report passes a 25% bar with columns that did not drift, and fails when a named one did", async () => {
    const pass = await evaluateDrift(
      spec({
        file: at("drift-0.4-preset-3-of-12-drifted.json"),
        maxDriftedShare: 0.25,
        columns: ["age", "balance"],
      }),
      ctx,
    );
    expect(pass.status).toBe("pass");
    expect(pass.bar).toBe("≤ 25% drifted; age, balance must not drift");
    expect(pass.summary).toContain("3 of 12 columns drifted (25%) ≤ 25%");
    expect(pass.summary).toContain("age, balance did not drift");

    const fail = await evaluateDrift(
      spec({ file: at("drift-0.4-preset-3-of-12-drifted.json"), columns: ["age", "income"] }),
      ctx,
    );
    expect(fail.status).toBe("fail");
    expect(fail.summary).toContain(
      "income drifted, which must not (income K-S p_value 1.27e-9, threshold 0.05)",
    );
  });

  it("a column the check names that the report lacks is an error, not a pass", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.4-preset-3-of-12-drifted.json"), columns: ["age", "Balance", "zip"] }),
      ctx,
    );
    expect(f.status).toBe("error");
    expect(f.summary).toContain('has no drift result for "Balance", "zip"');
    expect(f.summary).toContain('did you mean "balance"?');
  });

  it("a ColumnDriftMetric report (0.3) is one column", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.3-column-drift-metric-prediction-drifted.json"), columns: ["prediction"] }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.measured).toBe("1 of 1 column drifted (100%)");
    expect(f.summary).toContain("Evidently 0.3.2 report");
  });

  it("dataset counts alone (DatasetDriftMetric) judge the share, but cannot say which columns drifted", async () => {
    const share = await evaluateDrift(
      spec({ file: at("drift-0.4-dataset-counts-only-2-of-8.json"), maxDriftedShare: 0.3 }),
      ctx,
    );
    expect(share.status).toBe("pass");
    expect(share.measured).toBe("2 of 8 columns drifted (25%)");
    const named = await evaluateDrift(
      spec({ file: at("drift-0.4-dataset-counts-only-2-of-8.json"), maxDriftedShare: 0.3, columns: ["age"] }),
      ctx,
    );
    expect(named.status).toBe("error");
    expect(named.summary).toContain("holds only dataset counts (DatasetDriftMetric");
    expect(named.summary).toContain("add DataDriftTable");
  });

  it("a table whose counts disagree with its columns is a format error naming the file", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.4-table-contradicts-its-columns.json"), maxDriftedShare: 0.5 }),
      ctx,
    );
    expect(f.status).toBe("error");
    expect(f.summary).toBe(
      `${at("drift-0.4-table-contradicts-its-columns.json")} contradicts itself: metrics[1].result says 2 of 12 columns drifted, but its drift_by_columns lists 3 drifted of 12`,
    );
  });
});

describe("drift on Evidently 0.7 reports (a score against the threshold its config states)", () => {
  it("each method's direction at its boundary: 4 of 8 drifted, agreeing with DriftedColumnsCount", async () => {
    const file = at("drift-0.7.16-threshold-directions-4-of-8.json");
    const f = await evaluateDrift(spec({ file, maxDriftedShare: 0.5 }), ctx);
    expect(f.status).toBe("pass");
    expect(f.measured).toBe("4 of 8 columns drifted (50%)");
    expect(f.summary).toContain("Evidently 0.7 report");
    expect(f.details).toEqual([
      "drifted: ks_at_threshold K-S p_value 0.05, threshold 0.05",
      "drifted: wasserstein_at_threshold Wasserstein distance (normed) 0.1, threshold 0.1",
      "drifted: psi_above psi 0.27, threshold 0.1",
      "drifted: z_small_p Z-test p_value 1.2e-7, threshold 0.05",
    ]);
    const notDrifted = ["chi_at_threshold", "energy_at_threshold", "jensen_below", "mannw_large_p"];
    const clean = await evaluateDrift(spec({ file, columns: notDrifted }), ctx);
    expect(clean.status).toBe("pass");
    const moved = await evaluateDrift(spec({ file, columns: ["ks_at_threshold"] }), ctx);
    expect(moved.status).toBe("fail");
  });

  it("directions come from evidently's stattests, by registered name or display name", () => {
    expect(directionOf("ks")).toBe("p-value ≤");
    expect(directionOf("K-S p_value")).toBe("p-value ≤");
    expect(directionOf("chi-square p_value")).toBe("p-value <");
    expect(directionOf("TVD")).toBe("p-value <");
    expect(directionOf("Wasserstein distance (normed)")).toBe("distance ≥");
    expect(directionOf("Energy-distance")).toBe("distance >");
    expect(directionOf("Percentile text content drift")).toBeUndefined();
    expect(directionOf("my_custom_test")).toBeUndefined();
    expect(driftedBy("p-value <", 0.01, 0.05)).toBe(true);
    expect(driftedBy("p-value <", 0.05, 0.05)).toBe(false);
    expect(driftedBy("p-value ≤", 0.05, 0.05)).toBe(true);
    expect(driftedBy("distance ≥", 0.1, 0.1)).toBe(true);
    expect(driftedBy("distance >", 0.1, 0.1)).toBe(false);
    expect(driftedBy("distance ≥", 0.05, 0.1)).toBe(false);
  });

  it("0.7.0 to 0.7.15 spell parameters in metric_id only (no config object)", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.7.9-metric-id-1-of-3.json"), maxDriftedShare: 0.3 }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.measured).toBe("1 of 3 columns drifted (33.333%)");
    expect(f.details).toEqual(["drifted: income psi 0.34, threshold 0.2"]);
  });

  it("with no method on the metric, the column's own ValueDrift test decides", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.7.9-default-preset-decided-by-tests.json"), columns: ["income"] }),
      ctx,
    );
    expect(f.status).toBe("pass");
    expect(f.measured).toBe("1 of 2 columns drifted (50%)");
    expect(f.details).toEqual(["drifted: age K-S p_value 0.0004, threshold 0.05 (by its Evidently test)"]);
  });

  it("with neither a method nor a test, drift cannot be decided: an error, never a pass", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.7.9-no-method-undecidable.json"), maxDriftedShare: 1 }),
      ctx,
    );
    expect(f.status).toBe("error");
    expect(f.summary).toContain("cannot tell whether 2 columns drifted (age, income)");
    expect(f.summary).toContain("states no drift method");
  });

  it("a method not judged against its threshold (percentile text drift) fails closed", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.7.16-percentile-text-undecidable.json"), maxDriftedShare: 1 }),
      ctx,
    );
    expect(f.status).toBe("error");
    expect(f.summary).toContain(
      'its method "Percentile text content drift" is not one whose threshold direction',
    );
  });

  it("a test verdict that contradicts the threshold arithmetic is a format error", async () => {
    const f = await evaluateDrift(
      spec({ file: at("drift-0.7.16-test-contradicts-threshold.json"), maxDriftedShare: 1 }),
      ctx,
    );
    expect(f.status).toBe("error");
    expect(f.summary).toContain("contradicts itself");
    expect(f.summary).toContain("its test says FAIL (drift)");
  });

  it("DriftedColumnsCount that disagrees with the ValueDrift scores is a format error", () => {
    const value = {
      metrics: [
        { id: "a", metric_id: "DriftedColumnsCount(drift_share=0.5)", value: { count: 2, share: 1 } },
        { id: "b", metric_id: "ValueDrift(column=x,method=psi,threshold=0.1)", value: 0.5 },
        { id: "c", metric_id: "ValueDrift(column=y,method=psi,threshold=0.1)", value: 0.01 },
      ],
    };
    expect(() => readEvidentlyDriftReport(value)).toThrow(
      "DriftedColumnsCount (metrics[0]) counts 2 drifted columns, but the ValueDrift scores against their thresholds make 1",
    );
  });
});

describe("drift on columns measured beside the preset", () => {
  it("0.4: a ColumnDriftMetric beside the preset is checked by name but not counted in the share", async () => {
    const report = JSON.parse(
      readFileSync(`${FIXTURES}/evidently/drift-0.4-preset-3-of-12-drifted.json`, "utf8"),
    ) as { metrics: unknown[] };
    report.metrics.push({
      metric: "ColumnDriftMetric",
      result: {
        column_name: "prediction",
        column_type: "num",
        stattest_name: "Wasserstein distance (normed)",
        stattest_threshold: 0.1,
        drift_score: 0.3,
        drift_detected: true,
      },
    });
    const repo = memoryContext({ "r.json": JSON.stringify(report) });
    const f = await evaluateDrift(
      spec({ file: "r.json", maxDriftedShare: 0.25, columns: ["prediction"] }),
      repo,
    );
    expect(f.status).toBe("fail");
    expect(f.measured).toBe("3 of 12 columns drifted (25%)");
    expect(f.summary).toContain("prediction drifted, which must not");
  });

  it("0.7: the preset's ValueDrift and one of the user's own on the same column count once", async () => {
    const config = { type: "evidently:metric_v2:ValueDrift", column: "churn", method: "psi", threshold: 0.1 };
    const metric = {
      id: "p",
      metric_name: "ValueDrift(column=churn,method=psi,threshold=0.1)",
      config,
      value: 0.3,
    };
    const text = JSON.stringify({
      metrics: [
        { id: "c", metric_name: "DriftedColumnsCount(drift_share=0.5)", value: { count: 1, share: 0.5 } },
        metric,
        {
          ...metric,
          id: "q",
          metric_name: "ValueDrift(column=tenure,method=psi,threshold=0.1)",
          config: { ...config, column: "tenure" },
          value: 0.02,
        },
        { ...metric, id: "p2" },
      ],
    });
    const f = await evaluateDrift(
      spec({ file: "d.json", maxDriftedShare: 0.5 }),
      memoryContext({ "d.json": text }),
    );
    expect(f.status).toBe("pass");
    expect(f.measured).toBe("1 of 2 columns drifted (50%)");
    const split = JSON.stringify({
      metrics: [
        metric,
        {
          ...metric,
          id: "k",
          metric_name: "ValueDrift(column=churn,method=ks,threshold=0.05)",
          config: { ...config, method: "ks", threshold: 0.05 },
          value: 0.4,
        },
      ],
    });
    const e = await evaluateDrift(
      spec({ file: "d.json", maxDriftedShare: 1 }),
      memoryContext({ "d.json": split }),
    );
    expect(e.status).toBe("error");
    expect(e.summary).toContain('column "churn" has drifted by psi 0.3 and not by ks 0.4');
  });
});

describe("drift shows scores as read", () => {
  it("a score that would round to its threshold keeps every digit", async () => {
    const config = {
      type: "evidently:metric_v2:ValueDrift",
      column: "age",
      method: "chisquare",
      threshold: 0.05,
    };
    const text = JSON.stringify({
      metrics: [
        {
          id: "a",
          metric_name: "ValueDrift(column=age,method=chisquare,threshold=0.05)",
          config,
          value: 0.049996,
        },
      ],
    });
    const f = await evaluateDrift(
      spec({ file: "d.json", columns: ["age"] }),
      memoryContext({ "d.json": text }),
    );
    expect(f.status).toBe("fail");
    expect(f.details).toEqual(["drifted: age chisquare 0.049996, threshold 0.05"]);
  });
});

describe("drift fails closed on anything else", () => {
  it("malformed JSON names the file, the line and the column", async () => {
    const file = at("drift-malformed-missing-comma-line-6.json");
    const f = await evaluateDrift(spec({ file, maxDriftedShare: 0.5 }), ctx);
    expect(f.status).toBe("error");
    expect(f.summary).toMatch(
      new RegExp(
        `^${file.replace(/[.]/g, "\\.")} is not valid JSON \\(.* at line 6, column \\d+\\); expected an Evidently report`,
      ),
    );
  });

  it("a test suite, another tool's JSON, or a report without drift metrics is not a drift report", async () => {
    const suite = await evaluateDrift(
      spec({ file: at("testsuite-0.3-11-tests-1-failed.json"), maxDriftedShare: 1 }),
      ctx,
    );
    expect(suite.status).toBe("error");
    expect(suite.summary).toContain("is not an Evidently report");
    const repo = memoryContext({
      "other.json": JSON.stringify({ drift_detected: true, share: 0.1 }),
      "quality.json": JSON.stringify({
        version: "0.4.1",
        metrics: [{ metric: "DatasetSummaryMetric", result: {} }],
      }),
    });
    expect((await evaluateDrift(spec({ file: "other.json", maxDriftedShare: 1 }), repo)).summary).toContain(
      "other.json is not an Evidently report",
    );
    const quality = await evaluateDrift(spec({ file: "quality.json", maxDriftedShare: 1 }), repo);
    expect(quality.status).toBe("error");
    expect(quality.summary).toContain("quality.json is an Evidently 0.4.1 report with no drift result");
  });

  it("no file matched is a fail naming the pattern", async () => {
    const f = await evaluateDrift(
      spec({ file: "reports/drift-*.json", maxDriftedShare: 0.5 }),
      memoryContext({}),
    );
    expect(f.status).toBe("fail");
    expect(f.summary).toContain("no file matches reports/drift-*.json");
  });

  it("a NaN drift score (Python's bare NaN) in 0.7 cannot be judged", async () => {
    const text = `{"metrics": [{"id": "a", "metric_name": "ValueDrift(column=x,method=psi,threshold=0.1)", "config": {"type": "evidently:metric_v2:ValueDrift", "column": "x", "method": "psi", "threshold": 0.1}, "value": NaN}]}`;
    const f = await evaluateDrift(
      spec({ file: "d.json", maxDriftedShare: 1 }),
      memoryContext({ "d.json": text }),
    );
    expect(f.status).toBe("error");
    expect(f.summary).toContain("for x, its drift score is null (NaN)");
  });
});

describe("drift with a glob: every matched report must pass", () => {
  const files = {
    "reports/a.json": JSON.stringify({
      version: "0.4.16",
      metrics: [
        {
          metric: "DatasetDriftMetric",
          result: { number_of_columns: 4, number_of_drifted_columns: 0, share_of_drifted_columns: 0 },
        },
      ],
    }),
    "reports/b.json": JSON.stringify({
      version: "0.4.16",
      metrics: [
        {
          metric: "DatasetDriftMetric",
          result: { number_of_columns: 4, number_of_drifted_columns: 2, share_of_drifted_columns: 0.5 },
        },
      ],
    }),
  };

  it("one report over the bar fails the check and is named", async () => {
    const f = await evaluateDrift(
      spec({ file: "reports/*.json", maxDriftedShare: 0.25 }),
      memoryContext(files),
    );
    expect(f.status).toBe("fail");
    expect(f.summary).toContain("1 of 2 Evidently reports in reports/*.json (2 files) exceed the bar");
    expect(f.summary).toContain("reports/b.json: 2 of 4 columns drifted (50%) > 25%");
    expect(f.measured).toBe("2 of 4 columns drifted (50%) (reports/b.json)");
    expect(f.evidence).toEqual([{ path: "reports/a.json" }, { path: "reports/b.json" }]);
  });

  it("all within the bar pass, showing the most drifted", async () => {
    const f = await evaluateDrift(
      spec({ file: "reports/*.json", maxDriftedShare: 0.5 }),
      memoryContext(files),
    );
    expect(f.status).toBe("pass");
    expect(f.summary).toContain("all 2 Evidently reports");
    expect(f.measured).toBe("2 of 4 columns drifted (50%) (reports/b.json)");
  });
});
