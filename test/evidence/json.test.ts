// Strict JSON for evidence: a key repeated in one object is refused at any depth, naming the key and both
// lines, in every kind that reads JSON (metric and its ageFrom, k6 load tests, coverage JSON).
import { describe, expect, it } from "vitest";
import { applyMaxAge } from "../../src/evidence/age.js";
import { evaluateCoverage } from "../../src/evidence/coverage.js";
import { evaluateLoadtest } from "../../src/evidence/loadtest.js";
import { evaluateMetric } from "../../src/evidence/metric.js";
import { findDuplicateKey, parsePythonJson, parseStrictJson } from "../../src/evidence/parse/json.js";
import { memoryContext } from "../support/memory-repo.js";

describe("findDuplicateKey", () => {
  it("finds a key repeated in one object, at any depth, with both lines", () => {
    expect(findDuplicateKey('{"a": 1, "a": 2}')).toEqual({ key: "a", line: 1, firstLine: 1 });
    expect(findDuplicateKey('{\n "m": {\n  "f1": 0.5,\n  "f1": 0.99\n }\n}')).toEqual({
      key: "f1",
      line: 4,
      firstLine: 3,
    });
    expect(findDuplicateKey('[{"x": [{"y": {"z": 1, "q": [], "z": 2}}]}]')).toMatchObject({ key: "z" });
  });

  it("compares keys as JSON reads them: escapes are decoded", () => {
    expect(findDuplicateKey('{"f1": 1, "\\u0066\\u0031": 2}')).toMatchObject({ key: "f1" });
    expect(findDuplicateKey('{"a\\"b": 1, "a\\u0022b": 2}')).toMatchObject({ key: 'a"b' });
    expect(findDuplicateKey('{"a\\\\": 1, "a\\\\\\\\": 2}')).toBeUndefined();
  });

  it("accepts the same key in sibling objects, in arrays, and inside string values", () => {
    expect(findDuplicateKey('[{"a": 1}, {"a": 2}]')).toBeUndefined();
    expect(findDuplicateKey('{"a": {"b": 1}, "c": {"b": 2}}')).toBeUndefined();
    expect(findDuplicateKey('{"a": "\\"a\\": {\\"a\\": 1, \\"a\\": 2}", "b": ["a", "a"]}')).toBeUndefined();
    expect(findDuplicateKey('{"a": "}{]["  ,  "b": "x:y"}')).toBeUndefined();
    expect(findDuplicateKey('{"__proto__": 1, "constructor": 2, "toString": 3}')).toBeUndefined();
  });

  it("reads 1 MB of nested objects in one pass (linear: the same key in a million siblings is no work)", () => {
    const big = `[${Array.from({ length: 50_000 }, (_, i) => `{"k": ${i}, "v": "x"}`).join(",")}]`;
    expect(findDuplicateKey(big)).toBeUndefined();
    expect(findDuplicateKey(`${big.slice(0, -1)}, {"k": 1, "k": 2}]`)).toMatchObject({ key: "k" });
  });
});

describe("parseStrictJson", () => {
  it("says what is wrong and how to fix it", () => {
    expect(parseStrictJson('{"f1": 0.5,\n"f1": 0.99}')).toEqual({
      ok: false,
      message:
        'duplicate key "f1" at line 2 (first at line 1); a JSON reader keeps only one of the two values, so remove or rename one',
    });
    expect(parseStrictJson('{"f1": 0.5}')).toEqual({ ok: true, value: { f1: 0.5 } });
    expect(parseStrictJson("{").ok).toBe(false);
  });
});

describe("parsePythonJson", () => {
  it("reads a bare NaN as null and places a fault in the text it parsed, not at the NaN", () => {
    expect(parsePythonJson('{"a": NaN, "b": -Infinity}')).toEqual({ ok: true, value: { a: null, b: null } });
    expect(parsePythonJson('{\n "a": NaN,\n "b": 1,\n "b": 2\n}')).toEqual({
      ok: false,
      message:
        'duplicate key "b" at line 4 (first at line 3); a JSON reader keeps only one of the two values, so remove or rename one',
    });
    const broken = parsePythonJson('{\n "a": NaN,\n "b": 1,,\n}');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(/ at line 3, column 9$/);
  });
});

describe("every kind that reads JSON refuses a duplicate key as an error naming the file", () => {
  it("metric", async () => {
    const finding = await evaluateMetric(
      { file: "reports/eval.json", path: "metrics.f1", min: 0.9 },
      memoryContext({ "reports/eval.json": '{"metrics": {"f1": 0.5,\n  "f1": 0.99}}\n' }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'reports/eval.json is not valid JSON: duplicate key "f1" at line 2 (first at line 1); a JSON reader keeps only one of the two values, so remove or rename one',
    );
  });

  it("k6 load test", async () => {
    const summary = JSON.stringify({
      metrics: { http_req_duration: { "p(95)": 120 }, http_reqs: { count: 10, rate: 5 } },
      root_group: {},
    });
    const text = summary.replace('"p(95)":120', '"p(95)":900, "p(95)":120');
    const finding = await evaluateLoadtest(
      { file: "load/k6.json", p95Ms: 300 },
      memoryContext({ "load/k6.json": text }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/load\/k6\.json.*duplicate key "p\(95\)" at line 1/);
  });

  it("coverage JSON", async () => {
    const text = '{"total": {"lines": {"total": 10, "covered": 2, "skipped": 0, "pct": 20, "pct": 95}}}';
    const finding = await evaluateCoverage(
      { file: "coverage/coverage-summary.json", min: 80 },
      memoryContext({ "coverage/coverage-summary.json": text }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/coverage\/coverage-summary\.json.*duplicate key "pct"/);
  });

  it("ageFrom", async () => {
    const text = '{"generated_at": "2020-01-01T00:00:00Z", "generated_at": "2026-11-22T00:00:00Z"}';
    const aged = await applyMaxAge(
      {
        id: "eval",
        category: "model",
        maxAge: "30d",
        ageFrom: "generated_at",
        file: { path: "r.json", min: 1 },
      },
      { status: "pass", summary: "ok", evidence: [{ path: "r.json" }] },
      memoryContext({ "r.json": text }),
    );
    expect(aged.status).not.toBe("pass");
    expect(aged.summary).toMatch(/duplicate key "generated_at"/);
  });
});
