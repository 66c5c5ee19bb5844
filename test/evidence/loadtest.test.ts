import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateLoadtest } from "../../src/evidence/loadtest.js";
import { parseCsv, parseLoadtest } from "../../src/evidence/parse/loadtest.js";
import { FormatError } from "../../src/evidence/read.js";
import { corpusText, expectedFigures } from "../support/corpus.js";
import { memoryContext } from "../support/memory-repo.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/loadtest/${name}`, import.meta.url), "utf8");

const K6_LEGACY = "loadtest/APIRateLimiter__k6-results.json";
const LOCUST = "loadtest/bitcoin-api__results_stats.csv";
const K6_CIRCLECI = "loadtest/k6-example-circleci-orb__summary.json";
const K6_REPORTER = "loadtest/k6-reporter__simple.json";

interface ExpectedLoadtest {
  format: string;
  p95Ms: number;
  p99Ms: number | null;
  errorRate: number;
  failedRequests: number;
  requests: number;
  rps: number;
  thresholds?: Array<{ metric: string; threshold: string; passed: boolean }>;
}

const loadtestEntries = Object.entries(expectedFigures()).filter(([, e]) => e.kind === "loadtest");

describe("parseLoadtest on every corpus load-test file in expected.json", () => {
  it("covers the four corpus files", () => {
    expect(loadtestEntries.map(([name]) => name).sort()).toEqual(
      [K6_LEGACY, LOCUST, K6_CIRCLECI, K6_REPORTER].sort(),
    );
  });

  it.each(loadtestEntries)("%s yields the expected figures", (name, raw) => {
    const expected = raw as unknown as ExpectedLoadtest;
    const summary = parseLoadtest(corpusText(name));

    const format = expected.format.startsWith("k6 handleSummary")
      ? "k6-summary"
      : expected.format.startsWith("k6 --summary-export")
        ? "k6-summary-export"
        : "locust-csv";
    expect(summary.format).toBe(format);
    expect(summary.p95Ms).toBeCloseTo(expected.p95Ms, 9);
    if (expected.p99Ms === null) expect(summary.p99Ms).toBeNull();
    else expect(summary.p99Ms).toBeCloseTo(expected.p99Ms, 9);
    expect(summary.errorRate).toBeCloseTo(expected.errorRate, 9);
    expect(summary.failedRequests).toBe(expected.failedRequests);
    expect(summary.requests).toBe(expected.requests);
    expect(summary.rps).toBeCloseTo(expected.rps, 9);
    if (expected.thresholds) {
      expect(summary.thresholds).toEqual(
        expected.thresholds.map((t) => ({ metric: t.metric, threshold: t.threshold, passed: t.passed })),
      );
    } else {
      expect(summary.thresholds).toBeUndefined();
    }
  });
});

describe("parseLoadtest traps", () => {
  it("reads legacy --summary-export thresholds as true = failed", () => {
    const summary = parseLoadtest(corpusText(K6_LEGACY));
    expect(summary.thresholds?.find((t) => t.metric === "http_req_failed")).toEqual({
      metric: "http_req_failed",
      threshold: "rate<0.1",
      passed: false,
    });
  });

  it("takes p95 of all requests, not the expected_response:true sub-metric", () => {
    // The sub-metric's p95 is 28.97347239999998; the whole-run figure is the one to gate on.
    expect(parseLoadtest(corpusText(K6_REPORTER)).p95Ms).toBeCloseTo(30.0256841, 9);
  });

  it("reads Locust's Aggregated row, not a sum of endpoint rows, through CR CR LF line endings", () => {
    const text = corpusText(LOCUST);
    expect(text).toContain("\r\r\n");
    const summary = parseLoadtest(text);
    expect(summary.requests).toBe(2210);
    expect(summary.failedRequests).toBe(1607);
  });

  it("parses quoted CSV fields holding commas and doubled quotes", () => {
    const rows = parseCsv(fixture("locust-stats-quoted-names-lf.csv"));
    expect(rows.map((r) => r[1])).toEqual(["Name", "/api/score?model=a,b", '/api/"health"', "Aggregated"]);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    const summary = parseLoadtest(fixture("locust-stats-quoted-names-lf.csv"));
    expect(summary).toMatchObject({
      format: "locust-csv",
      requests: 500,
      failedRequests: 2,
      p95Ms: 230,
      p99Ms: 470,
    });
    expect(summary.errorRate).toBeCloseTo(2 / 500, 12);
  });

  it("reads a k6 run that made no HTTP request as 0 requests with no latency", () => {
    expect(parseLoadtest(fixture("k6-summary-no-http-requests.json"))).toMatchObject({
      format: "k6-summary",
      requests: 0,
      p95Ms: null,
      errorRate: null,
    });
  });

  it("reads Locust's N/A percentiles of a run without requests as null", () => {
    expect(parseLoadtest(fixture("locust-stats-zero-requests.csv"))).toMatchObject({
      requests: 0,
      p95Ms: null,
      p99Ms: null,
      errorRate: null,
    });
  });

  it.each([
    ["", /is empty/],
    ["   \n", /is empty/],
    [
      fixture("k6-summary-p95-is-a-string.json"),
      /http_req_duration\.values\["p\(95\)"\] = "412", which is not a number/,
    ],
    [
      fixture("k6-summary-negative-request-rate.json"),
      /http_reqs\.values\["rate"\] = -10, which is not a non-negative/,
    ],
    [fixture("locust-stats-p95-not-a-number.csv"), /column "95%" of the Aggregated row = "fast"/],
    [fixture("locust-stats-without-aggregated-row.csv"), /without an Aggregated row/],
    [fixture("locust-stats-history-not-stats.csv"), /_stats_history\.csv, point at \*_stats\.csv/],
    [
      fixture("eval-metrics-not-a-load-test.json"),
      /not a k6 summary.*k6 handleSummary JSON, a k6 --summary-export JSON or a Locust/,
    ],
    [fixture("k6-summary-export-truncated.json"), /is not valid JSON/],
    ['{"root_group": {}, "metrics": {"http_req_failed": {"value": NaN}}}', /is not valid JSON/],
    [
      '{"root_group": {}, "metrics": {"http_req_failed": {"value": 1.5, "passes": 3}}}',
      /not a rate \(0\.\.1\)/,
    ],
    ["<testsuites/>", /is not a recognised load-test result.*Locust \*_stats\.csv/],
    ['Type,Name,"Request Count\n', /quoted CSV field that never ends/],
  ])("refuses malformed or foreign input %#", (text, message) => {
    expect(() => parseLoadtest(text)).toThrow(FormatError);
    expect(() => parseLoadtest(text)).toThrow(message);
  });
});

describe("evaluateLoadtest", () => {
  const at = (corpusName: string, path = "load/summary.json") =>
    memoryContext({ [path]: corpusText(corpusName) });

  it("passes the k6 handleSummary run when every bar is met", async () => {
    const finding = await evaluateLoadtest(
      { file: "load/summary.json", p95Ms: 300, maxErrorRate: 0.01, minRps: 2 },
      at(K6_CIRCLECI),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "p95 260.642 ms ≤ 300 ms; error rate 0% ≤ 1%; 2.417 req/s ≥ 2 req/s in load/summary.json (k6 handleSummary)",
    );
    expect(finding.measured).toBe("p95 260.642 ms, error rate 0%, 2.417 req/s");
    expect(finding.bar).toBe("p95 ≤ 300 ms, error rate ≤ 1%, ≥ 2 req/s");
    expect(finding.evidence).toEqual([{ path: "load/summary.json" }]);
    expect(finding.details).toEqual(["20 requests measured, 0 failed"]);
  });

  it("fails and names every bar missed, missed ones first", async () => {
    const finding = await evaluateLoadtest(
      { file: "load/summary.json", p95Ms: 25, p99Ms: 50, maxErrorRate: 0.01, minRps: 100 },
      at(K6_REPORTER),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "p95 30.026 ms > 25 ms; error rate 39.749% > 1%; 35.946 req/s < 100 req/s; p99 39.577 ms ≤ 50 ms " +
        "in load/summary.json (k6 handleSummary)",
    );
  });

  it("is an error with the fix when p99 is asked of a summary without p(99)", async () => {
    const finding = await evaluateLoadtest(
      { file: "load/summary.json", p95Ms: 300, p99Ms: 400 },
      at(K6_CIRCLECI),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain(
      'p99 not in the file: add "p(99)" to summaryTrendStats in the k6 options',
    );
    expect(finding.summary).toContain("p95 260.642 ms ≤ 300 ms");
  });

  it("fails the Locust run on its 72.7% error rate although p95 is 8 ms", async () => {
    // The path is relative to the readiness file's folder; the finding shows it from the repository root.
    const finding = await evaluateLoadtest(
      { file: "results_stats.csv", p95Ms: 300, maxErrorRate: 0.05 },
      memoryContext({ "load/results_stats.csv": corpusText(LOCUST) }, { baseDir: "load" }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "error rate 72.715% > 5%; p95 8 ms ≤ 300 ms in load/results_stats.csv (Locust stats CSV)",
    );
  });

  it("passes the Locust p99 bar from the 99% column", async () => {
    const finding = await evaluateLoadtest(
      { file: "load/results_stats.csv", p99Ms: 2000 },
      at(LOCUST, "load/results_stats.csv"),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("p99 2000 ms ≤ 2000 ms in load/results_stats.csv (Locust stats CSV)");
  });

  it("reports the failed legacy k6 threshold and fails on the 100% error rate of the one-request run", async () => {
    const finding = await evaluateLoadtest(
      { file: "k6-results.json", p95Ms: 500, maxErrorRate: 0.1 },
      memoryContext({ "k6-results.json": corpusText(K6_LEGACY) }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "error rate 100% > 10%; p95 0 ms ≤ 500 ms in k6-results.json (k6 --summary-export)",
    );
    expect(finding.details).toEqual([
      "1 request measured, 1 failed",
      "k6 threshold failed: http_req_failed rate<0.1",
    ]);
  });

  it("fails a run with 0 requests whatever the bars", async () => {
    const finding = await evaluateLoadtest(
      { file: "load/k6.json", minRps: 0 },
      memoryContext({ "load/k6.json": fixture("k6-summary-no-http-requests.json") }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "0 requests in load/k6.json (k6 handleSummary): nothing was measured; rerun the load test against the service",
    );
  });

  it("fails a Locust run with 0 requests", async () => {
    const finding = await evaluateLoadtest(
      { file: "stats.csv", p95Ms: 300 },
      memoryContext({ "stats.csv": fixture("locust-stats-zero-requests.csv") }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.measured).toBe("0 requests");
  });

  it("is an error naming the file when it is empty", async () => {
    const finding = await evaluateLoadtest(
      { file: "load/k6.json", p95Ms: 300 },
      memoryContext({ "load/k6.json": "" }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/^load\/k6\.json is empty; expected a k6 handleSummary JSON/);
    expect(finding.evidence).toEqual([{ path: "load/k6.json" }]);
  });

  it("is an error when the file is of the wrong format", async () => {
    const finding = await evaluateLoadtest(
      { file: "reports/eval.json", p95Ms: 300 },
      memoryContext({ "reports/eval.json": fixture("eval-metrics-not-a-load-test.json") }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("reports/eval.json is JSON but not a k6 summary");
  });

  it("is an error when the file is malformed", async () => {
    const finding = await evaluateLoadtest(
      { file: "load/k6.json", p95Ms: 300 },
      memoryContext({ "load/k6.json": fixture("k6-summary-p95-is-a-string.json") }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain('load/k6.json has metrics.http_req_duration.values["p(95)"] = "412"');
  });

  it("fails when the file is missing", async () => {
    const finding = await evaluateLoadtest({ file: "load/k6.json", p95Ms: 300 }, memoryContext({}));
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("load/k6.json");
  });

  it("is an error when the path leaves the repository", async () => {
    const finding = await evaluateLoadtest(
      { file: "../../etc/passwd", p95Ms: 300 },
      memoryContext({}, { baseDir: "svc" }),
    );
    expect(finding.status).toBe("error");
  });
});
