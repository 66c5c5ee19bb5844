import { describe, expect, it } from "vitest";
import { findMetrics, metricName, roundTo } from "../../src/init/metrics.js";
import { roundDownCount, slugify } from "../../src/init/plan.js";

describe("evaluation metrics in a report", () => {
  it("puts the likeliest go/no-go metric first, preferring headline figures over per-slice ones", () => {
    const report = {
      slices: { auto: { f1: 0.95 } },
      metrics: { precision: 0.94, f1: 0.934, accuracy: 0.952 },
      per_example: [{ f1: 0.1 }],
    };
    const found = findMetrics(report);
    expect(found[0]).toMatchObject({ path: "metrics.f1", value: 0.934, label: "F1", better: "higher" });
    expect(found.map((m) => m.path)).toEqual([
      "metrics.f1",
      "slices.auto.f1",
      "metrics.accuracy",
      "metrics.precision",
    ]);
  });

  it("recognises LLM and retrieval metrics, and lower-is-better ones", () => {
    const found = findMetrics({
      metrics: { faithfulness: 0.91, "pass@1": 0.62, hallucination_rate: 0.03, "ndcg@10": 0.41 },
    });
    expect(found.map((m) => m.key)).toEqual(["pass@1", "faithfulness", "ndcg@10", "hallucination_rate"]);
    expect(found.map((m) => m.label)).toEqual(["pass@1", "faithfulness", "NDCG@10", "hallucination rate"]);
    expect(found.find((m) => m.key === "hallucination_rate")?.better).toBe("lower");
    expect(metricName("acc,none")).toBeDefined(); // lm-evaluation-harness keys
    expect(metricName("Answer-Relevancy")).toBeDefined();
    expect(metricName("rows")).toBeUndefined();
  });

  it("writes keys with dots as quoted path segments, and ignores non-numbers and negative values", () => {
    const found = findMetrics({
      "eval.v2": { f1: 0.8 },
      metrics: { accuracy: "0.9", recall: -1, precision: true },
    });
    expect(found.map((m) => m.path)).toEqual(['["eval.v2"].f1']);
  });

  it("stops at a bounded depth", () => {
    let deep: Record<string, unknown> = { f1: 0.5 };
    for (let i = 0; i < 20; i += 1) deep = { level: deep };
    expect(findMetrics(deep)).toEqual([]);
  });
});

describe("rounding bars", () => {
  it("rounds to 2 decimals without binary noise", () => {
    expect(roundTo(0.29, 2, "down")).toBe(0.29);
    expect(roundTo(0.934, 2, "down")).toBe(0.93);
    expect(roundTo(0.031, 2, "up")).toBe(0.04);
    expect(roundTo(0.03, 2, "up")).toBe(0.03);
    expect(roundTo(93.456, 2, "down")).toBe(93.45);
  });

  it("rounds test counts down: exact below 20, to tens below 1,000, then 2 significant figures", () => {
    expect([1, 19, 20, 63, 148, 999, 1234, 25_780].map(roundDownCount)).toEqual([
      1, 19, 20, 60, 140, 990, 1200, 25_000,
    ]);
  });

  it("slugifies names into ids", () => {
    expect(slugify("@acme/Support Assistant")).toBe("acme-support-assistant");
    expect(slugify("Café ndcg@10")).toBe("cafe-ndcg-10");
    expect(slugify("---")).toBe("");
  });
});
