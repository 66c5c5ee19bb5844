// The `metric` kind: one number (or string, or boolean) in a JSON or YAML file against a bar, and the
// paths that reach it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatPath, parsePath, readPath } from "../../src/base/jsonpath.js";
import { evaluateMetric, parseDataText } from "../../src/evidence/metric.js";
import type { MetricSpec } from "../../src/config/schema.js";
import { corpusText, expectedFigures, memoryContext } from "../support/memory-repo.js";

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/metric/${name}`, import.meta.url), "utf8");
}

function metric(spec: Partial<MetricSpec> & { path: string }, files: Record<string, string>, baseDir = "") {
  return evaluateMetric({ file: "reports/eval.json", ...spec }, memoryContext(files, { baseDir }));
}

describe("readPath", () => {
  const doc = JSON.parse(fixture("eval-report-nested.json")) as unknown;

  it("follows dots, list indexes and quoted keys", () => {
    expect(readPath(doc, "metrics.f1")).toEqual({ found: true, value: 0.874 });
    expect(readPath(doc, "results[1].score")).toEqual({ found: true, value: 0.79 });
    expect(readPath(doc, "confusion[1][2]")).toEqual({ found: true, value: 3 });
    expect(readPath(doc, 'metrics["auc.roc"]')).toEqual({ found: true, value: 0.951 });
    expect(readPath(doc, "metrics['auc.roc']")).toEqual({ found: true, value: 0.951 });
    expect(readPath(doc, "results.0.slice")).toEqual({ found: true, value: "all" });
  });

  it("names the deepest key that exists when the path is not there", () => {
    expect(readPath(doc, "metrics.f2")).toEqual({
      found: false,
      deepest: "metrics",
      message: 'metrics has no key "f2" (its keys: f1, precision, recall, auc.roc)',
    });
    expect(readPath(doc, "results[5].score")).toMatchObject({
      found: false,
      deepest: "results",
      message: "results has 2 items, so [5] is not there",
    });
    expect(readPath(doc, "metrics.f1.value")).toMatchObject({
      found: false,
      deepest: "metrics.f1",
      message: 'metrics.f1 is a number (0.874), so it has no key "value"',
    });
    expect(readPath(doc, "evaluation.f1")).toMatchObject({ found: false, deepest: "" });
  });

  it("never reaches inherited properties", () => {
    for (const path of [
      "metrics.constructor",
      "metrics.toString",
      "__proto__",
      "results.length",
      "metrics.hasOwnProperty",
    ]) {
      expect(readPath(doc, path).found).toBe(false);
    }
  });

  it("refuses malformed paths with a reason", () => {
    for (const path of [
      "",
      "metrics..f1",
      "metrics.",
      "metrics[x]",
      "metrics[0",
      'metrics["f1]',
      "a]b",
      "[0]x",
    ]) {
      const parsed = parsePath(path);
      expect(parsed.ok, path).toBe(false);
      if (!parsed.ok) expect(parsed.message).toContain(`the path ${JSON.stringify(path)}`);
    }
  });

  it("writes segments back in the same notation", () => {
    const parsed = parsePath('results[0]["p(95).x"].score');
    expect(parsed).toEqual({ ok: true, segments: ["results", 0, "p(95).x", "score"] });
    if (parsed.ok) expect(formatPath(parsed.segments)).toBe('results[0]["p(95).x"].score');
  });
});

describe("metric evidence: JSON", () => {
  const files = { "reports/eval.json": fixture("eval-report-nested.json") };

  it("fails a value under min with the comparison and the file", async () => {
    const finding = await metric({ path: "metrics.f1", min: 0.92 }, files);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("metrics.f1 0.874 < 0.92 in reports/eval.json");
    expect(finding.measured).toBe("0.874");
    expect(finding.bar).toBe("≥ 0.92");
    expect(finding.evidence).toEqual([{ path: "reports/eval.json" }]);
  });

  it("passes a value within min and max", async () => {
    const finding = await metric({ path: 'metrics["auc.roc"]', min: 0.9, max: 1 }, files);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe('metrics["auc.roc"] 0.951 ≥ 0.9 and ≤ 1 in reports/eval.json');
    expect(finding.bar).toBe("≥ 0.9 and ≤ 1");
  });

  it("fails a value over max", async () => {
    const finding = await metric({ path: "confusion[0][1]", max: 40 }, files);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("confusion[0][1] 41 > 40 in reports/eval.json");
  });

  it("reads list items", async () => {
    const finding = await metric({ path: "results[1].score", min: 0.75 }, files);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("results[1].score 0.79 ≥ 0.75 in reports/eval.json");
  });

  it("never rounds a value that misses the bar into one that reads as meeting it", async () => {
    const finding = await metric(
      { path: "metrics.f1", min: 0.92 },
      { "reports/eval.json": '{"metrics":{"f1":0.9199}}' },
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("metrics.f1 0.9199 < 0.92 in reports/eval.json");
  });

  it("compares strings and booleans with equals", async () => {
    expect((await metric({ path: "status", equals: "approved" }, files)).summary).toBe(
      'status "approved" = "approved" in reports/eval.json',
    );
    const rejected = await metric({ path: "status", equals: "signed-off" }, files);
    expect(rejected.status).toBe("fail");
    expect(rejected.summary).toBe('status "approved" ≠ "signed-off" in reports/eval.json');
    expect((await metric({ path: "calibrated", equals: true }, files)).status).toBe("pass");
    expect((await metric({ path: "calibrated", equals: false }, files)).status).toBe("fail");
    expect((await metric({ path: "results[0].score", equals: 0.874 }, files)).status).toBe("pass");
  });

  it("is an error when equals and the value are of different types", async () => {
    const finding = await metric({ path: "calibrated", equals: "true" }, files);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'calibrated in reports/eval.json is a boolean (true), but equals expects a string ("true")',
    );
  });

  it("is an error naming the deepest existing key when the path is missing", async () => {
    const finding = await metric({ path: "metrics.f1_macro", min: 0.9 }, files);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'metrics.f1_macro is not in reports/eval.json: metrics has no key "f1_macro" (its keys: f1, precision, recall, auc.roc); fix the path or the file',
    );
  });

  it("is an error, with a hint, when the number is written as a string", async () => {
    const finding = await metric(
      { path: "metrics.f1", min: 0.9 },
      { "reports/eval.json": fixture("f1-quoted-as-string.json") },
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'metrics.f1 in reports/eval.json is the string "0.95", not a number; write the number without quotes in the file',
    );
  });

  it("is an error when the value is not a number at all", async () => {
    const finding = await metric({ path: "results", min: 1 }, files);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe("results in reports/eval.json is a list, not a number");
  });

  it("is an error for malformed JSON", async () => {
    const finding = await metric(
      { path: "metrics.f1", min: 0.9 },
      { "reports/eval.json": fixture("trailing-comma-malformed.json") },
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/^reports\/eval\.json is not valid JSON: /);
  });

  it("is an error for a JSON number too large to be finite", async () => {
    const finding = await metric({ path: "loss", max: 1 }, { "reports/eval.json": '{"loss": 1e999}' });
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe("loss in reports/eval.json is Infinity, not a finite number");
  });

  it("fails when the file is missing, resolved from the readiness file's folder", async () => {
    const finding = await metric({ path: "metrics.f1", min: 0.9 }, {}, "systems/claims");
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("systems/claims/reports/eval.json does not exist");
  });
});

describe("metric evidence: YAML", () => {
  const files = { "reports/eval.yaml": fixture("eval-report.yaml") };

  it("reads nested keys and points at the value's line", async () => {
    const finding = await metric({ file: "reports/eval.yaml", path: "metrics.f1", min: 0.92 }, files);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("metrics.f1 0.951 ≥ 0.92 in reports/eval.yaml");
    expect(finding.evidence).toEqual([{ path: "reports/eval.yaml", line: 5 }]);
  });

  it("reads list items", async () => {
    const finding = await metric({ file: "reports/eval.yaml", path: "results[1].score", min: 0.9 }, files);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("results[1].score 0.88 < 0.9 in reports/eval.yaml");
    expect(finding.evidence).toEqual([{ path: "reports/eval.yaml", line: 12 }]);
  });

  it("is an error for NaN and infinity", async () => {
    const nan = { "reports/m.yaml": fixture("nan-and-infinity.yaml") };
    const f1 = await metric({ file: "reports/m.yaml", path: "metrics.f1", min: 0.9 }, nan);
    expect(f1.status).toBe("error");
    expect(f1.summary).toBe("metrics.f1 in reports/m.yaml is NaN, not a finite number");
    const loss = await metric({ file: "reports/m.yaml", path: "metrics.loss", max: 1 }, nan);
    expect(loss.status).toBe("error");
    expect(loss.summary).toBe("metrics.loss in reports/m.yaml is Infinity, not a finite number");
  });

  it("is an error for YAML the hardened parser refuses (duplicate keys)", async () => {
    const finding = await metric(
      { file: "reports/m.yaml", path: "metrics.f1", min: 0.9 },
      { "reports/m.yaml": fixture("duplicate-key-malformed.yaml") },
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("reports/m.yaml is neither JSON nor valid YAML: line 3");
    expect(finding.summary).toContain("duplicate key");
  });

  it("is an error for plain text that is not a mapping", async () => {
    const finding = await metric(
      { file: "reports/m.txt", path: "metrics.f1", min: 0.9 },
      { "reports/m.txt": "f1 was 0.93\n" },
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'metrics.f1 is not in reports/m.txt: the top level is a string ("f1 was 0.93"), so it has no key "metrics"; fix the path or the file',
    );
  });
});

describe("metric evidence on real files from the corpus", () => {
  const expected = expectedFigures();

  it("reads p95 from a k6 handleSummary export (values nested under values)", async () => {
    const p95 = expected["loadtest/k6-reporter__simple.json"]!.p95Ms as number;
    const finding = await metric(
      { file: "load/summary.json", path: 'metrics.http_req_duration.values["p(95)"]', max: 300 },
      { "load/summary.json": corpusText("loadtest/k6-reporter__simple.json") },
    );
    expect(finding.status).toBe("pass");
    expect(finding.measured).toBe("30.026");
    expect(Math.abs(30.026 - p95)).toBeLessThan(0.001);
  });

  it("reads p95 from a legacy k6 --summary-export (values directly on the metric)", async () => {
    const finding = await metric(
      { file: "load/k6.json", path: "metrics.http_req_duration.p(95)", max: 300 },
      { "load/k6.json": corpusText("loadtest/APIRateLimiter__k6-results.json") },
    );
    expect(finding.status).toBe("pass");
    expect(finding.measured).toBe(String(expected["loadtest/APIRateLimiter__k6-results.json"]!.p95Ms));
  });

  it("reads the line percentage of an Istanbul json-summary", async () => {
    const declared = expected["coverage/jest-coverage-comment__coverage-summary.json"]!
      .declaredPercent as number;
    const finding = await metric(
      { file: "coverage/coverage-summary.json", path: "total.lines.pct", min: 80 },
      {
        "coverage/coverage-summary.json": corpusText("coverage/jest-coverage-comment__coverage-summary.json"),
      },
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(`total.lines.pct ${declared} < 80 in coverage/coverage-summary.json`);
  });

  it("reads a coverage.py total", async () => {
    const finding = await metric(
      { file: "coverage.json", path: "totals.percent_covered", min: 80 },
      { "coverage.json": corpusText("coverage/steve__coverage.json") },
    );
    expect(finding.status).toBe("pass");
    expect(finding.measured).toBe("82.462");
  });
});

describe("parseDataText", () => {
  it("tells JSON from YAML by content, not by file name", () => {
    expect(parseDataText('  {"a": 1}', "x.yaml").value).toEqual({ a: 1 });
    expect(parseDataText("a: 1\n", "x.json").value).toEqual({ a: 1 });
    expect(parseDataText("[1, 2]", "x").value).toEqual([1, 2]);
  });
});
