// `loadtest` evidence: a k6 or Locust result meets every latency, error-rate and throughput bar given.
import type { LoadtestSpec } from "../config/schema.js";
import { formatNumber, formatPercent, plural } from "../base/format.js";
import { LOADTEST_FORMAT_NAMES, parseLoadtest, type LoadtestSummary } from "./parse/loadtest.js";
import { FormatError, guard, readOne } from "./read.js";
import type { EvidenceContext, Finding } from "./types.js";

export type { LoadtestSpec };

/** One bar of the spec, judged against the summary. */
interface BarOutcome {
  /** `met`, `missed`, or `unknown` when the file cannot answer it. */
  state: "met" | "missed" | "unknown";
  /** For the summary line: `p95 412 ms > 300 ms`, or why it cannot be judged. */
  text: string;
  measured?: string;
  bar: string;
}

export async function evaluateLoadtest(spec: LoadtestSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.file, async () => {
    const { path, text } = await readOne(ctx, spec.file);
    let summary: LoadtestSummary;
    try {
      summary = parseLoadtest(text);
    } catch (err) {
      if (err instanceof FormatError) {
        return { status: "error", summary: `${path} ${err.message}`, evidence: [{ path }] };
      }
      throw err;
    }
    const where = `in ${path} (${LOADTEST_FORMAT_NAMES[summary.format]})`;
    const details = runDetails(summary);

    if (summary.requests === 0) {
      return {
        status: "fail",
        summary: `0 requests ${where}: nothing was measured; rerun the load test against the service`,
        measured: "0 requests",
        bar: "at least 1 request",
        evidence: [{ path }],
        details,
      };
    }

    const outcomes = judgeBars(spec, summary);
    const missed = outcomes.filter((o) => o.state === "missed");
    const unknown = outcomes.filter((o) => o.state === "unknown");
    const met = outcomes.filter((o) => o.state === "met");
    // Missed and unanswerable bars first: they are what the reader has to act on.
    const line = [...unknown, ...missed, ...met].map((o) => o.text).join("; ");
    return {
      status: unknown.length > 0 ? "error" : missed.length > 0 ? "fail" : "pass",
      summary: `${line} ${where}`,
      measured: outcomes.flatMap((o) => (o.measured ? [o.measured] : [])).join(", ") || undefined,
      bar: outcomes.map((o) => o.bar).join(", "),
      evidence: [{ path }],
      details,
    };
  });
}

function judgeBars(spec: LoadtestSpec, s: LoadtestSummary): BarOutcome[] {
  const out: BarOutcome[] = [];
  const k6 = s.format !== "locust-csv";
  if (spec.p95Ms !== undefined) {
    out.push(
      latency(
        "p95",
        s.p95Ms,
        spec.p95Ms,
        k6 ? 'add "p(95)" to summaryTrendStats in the k6 options' : "the 95% column is empty (N/A)",
      ),
    );
  }
  if (spec.p99Ms !== undefined) {
    out.push(
      latency(
        "p99",
        s.p99Ms,
        spec.p99Ms,
        k6 ? 'add "p(99)" to summaryTrendStats in the k6 options' : "the 99% column is empty (N/A)",
      ),
    );
  }
  if (spec.maxErrorRate !== undefined) {
    const bar = `error rate ≤ ${formatPercent(spec.maxErrorRate * 100)}`;
    if (s.errorRate === null) {
      out.push({
        state: "unknown",
        text: `error rate not in the file (k6 writes http_req_failed from v0.31; upgrade k6 and rerun)`,
        bar,
      });
    } else {
      const ok = s.errorRate <= spec.maxErrorRate;
      const rate = formatPercent(s.errorRate * 100);
      out.push({
        state: ok ? "met" : "missed",
        text: `error rate ${rate} ${ok ? "≤" : ">"} ${formatPercent(spec.maxErrorRate * 100)}`,
        measured: `error rate ${rate}`,
        bar,
      });
    }
  }
  if (spec.minRps !== undefined) {
    const bar = `≥ ${formatNumber(spec.minRps)} req/s`;
    if (s.rps === null) {
      out.push({ state: "unknown", text: "request rate not in the file (no http_reqs rate)", bar });
    } else {
      const ok = s.rps >= spec.minRps;
      out.push({
        state: ok ? "met" : "missed",
        text: `${formatNumber(s.rps)} req/s ${ok ? "≥" : "<"} ${formatNumber(spec.minRps)} req/s`,
        measured: `${formatNumber(s.rps)} req/s`,
        bar,
      });
    }
  }
  return out;
}

function latency(name: string, value: number | null, max: number, fix: string): BarOutcome {
  const bar = `${name} ≤ ${formatNumber(max)} ms`;
  if (value === null) return { state: "unknown", text: `${name} not in the file: ${fix}`, bar };
  const ok = value <= max;
  return {
    state: ok ? "met" : "missed",
    text: `${name} ${formatNumber(value)} ms ${ok ? "≤" : ">"} ${formatNumber(max)} ms`,
    measured: `${name} ${formatNumber(value)} ms`,
    bar,
  };
}

/** The size of the run and any k6 threshold that failed: context a reviewer needs to trust the figures. */
function runDetails(s: LoadtestSummary): string[] {
  const lines = [
    s.failedRequests === null
      ? `${plural(s.requests, "request")} measured`
      : `${plural(s.requests, "request")} measured, ${formatNumber(s.failedRequests)} failed`,
  ];
  for (const t of s.thresholds ?? []) {
    if (!t.passed) lines.push(`k6 threshold failed: ${t.metric} ${t.threshold}`);
  }
  return lines;
}
