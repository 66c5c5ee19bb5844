// Load-test results read by content: k6 handleSummary JSON, k6 legacy --summary-export JSON, Locust
// *_stats.csv. Every figure is checked to be a real, non-negative number; anything else is a FormatError.
import { FormatError } from "../read.js";
import { parseStrictJson } from "./json.js";

export type LoadtestFormat = "k6-summary" | "k6-summary-export" | "locust-csv";

export interface LoadtestThreshold {
  /** The k6 metric the threshold is on, e.g. `http_req_duration`. */
  metric: string;
  /** The threshold expression as written, e.g. `p(95)<500`. */
  threshold: string;
  passed: boolean;
}

export interface LoadtestSummary {
  format: LoadtestFormat;
  /** 95th percentile of request duration over all requests, ms; null when the file has none. */
  p95Ms: number | null;
  /** 99th percentile, ms; null when the file has none (k6 writes it only if summaryTrendStats asks). */
  p99Ms: number | null;
  /** Share of failed requests, 0..1; null when the file does not record failures. */
  errorRate: number | null;
  requests: number;
  /** Number of failed requests; null when the file does not record failures. */
  failedRequests: number | null;
  /** Requests per second over the run; null when the file has no rate. */
  rps: number | null;
  /** k6 thresholds with their outcome; absent for Locust, which has none. */
  thresholds?: LoadtestThreshold[];
}

export const LOADTEST_FORMAT_NAMES: Record<LoadtestFormat, string> = {
  "k6-summary": "k6 handleSummary",
  "k6-summary-export": "k6 --summary-export",
  "locust-csv": "Locust stats CSV",
};

const SUPPORTED =
  "expected a k6 handleSummary JSON, a k6 --summary-export JSON or a Locust *_stats.csv (written with --csv)";

export function parseLoadtest(text: string): LoadtestSummary {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") throw new FormatError(`is empty; ${SUPPORTED}`);
  const first = body.trimStart()[0];
  if (first === "{" || first === "[") return parseK6(body);
  return parseLocust(body);
}

// ---------------------------------------------------------------- k6

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseK6(text: string): LoadtestSummary {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw new FormatError(`is not valid JSON (${parsed.message}); ${SUPPORTED}`);
  const root = parsed.value;
  // Both k6 shapes carry `metrics` beside `root_group` (and handleSummary adds `state` and `options`).
  if (!isObject(root) || !isObject(root.metrics) || !(isObject(root.root_group) || isObject(root.state))) {
    throw new FormatError(`is JSON but not a k6 summary (no metrics and root_group); ${SUPPORTED}`);
  }
  const metrics = root.metrics;
  const names = Object.keys(metrics);
  const nested = names.filter((n) => isObject(metrics[n]) && isObject((metrics[n] as JsonObject).values));
  if (nested.length > 0 && nested.length !== names.length) {
    throw new FormatError(
      `mixes the two k6 summary shapes (some metrics have "values", others do not); ${SUPPORTED}`,
    );
  }
  const format: LoadtestFormat = nested.length > 0 ? "k6-summary" : "k6-summary-export";

  /** The statistics of one metric, whichever shape holds them. */
  const statsOf = (name: string): JsonObject | undefined => {
    const metric = metrics[name];
    if (metric === undefined) return undefined;
    if (!isObject(metric)) throw new FormatError(`has metrics.${name} that is not an object`);
    if (format === "k6-summary") return metric.values as JsonObject;
    return metric;
  };
  const where = (name: string, stat: string) =>
    format === "k6-summary" ? `metrics.${name}.values["${stat}"]` : `metrics.${name}["${stat}"]`;

  const duration = statsOf("http_req_duration");
  const reqs = statsOf("http_reqs");
  const failed = statsOf("http_req_failed");

  const p95Ms = duration ? optionalNumber(duration["p(95)"], where("http_req_duration", "p(95)")) : null;
  const p99Ms = duration ? optionalNumber(duration["p(99)"], where("http_req_duration", "p(99)")) : null;
  // No http_reqs metric at all means k6 made no HTTP request.
  const requests = reqs ? count(reqs.count, where("http_reqs", "count")) : 0;
  const rps = reqs ? optionalNumber(reqs.rate, where("http_reqs", "rate")) : null;

  let errorRate: number | null = null;
  let failedRequests: number | null = null;
  if (failed) {
    const rateKey = format === "k6-summary" ? "rate" : "value";
    errorRate = optionalNumber(failed[rateKey], where("http_req_failed", rateKey));
    if (errorRate !== null && errorRate > 1) {
      throw new FormatError(
        `has ${where("http_req_failed", rateKey)} = ${errorRate}, which is not a rate (0..1)`,
      );
    }
    // http_req_failed is true on failure, so its `passes` are the failed requests.
    failedRequests =
      failed.passes === undefined ? null : count(failed.passes, where("http_req_failed", "passes"));
  }

  return {
    format,
    p95Ms,
    p99Ms,
    errorRate,
    requests,
    failedRequests,
    rps,
    thresholds: thresholdsOf(metrics, format),
  };
}

function thresholdsOf(metrics: JsonObject, format: LoadtestFormat): LoadtestThreshold[] {
  const out: LoadtestThreshold[] = [];
  for (const [metric, body] of Object.entries(metrics)) {
    if (!isObject(body) || body.thresholds === undefined) continue;
    if (!isObject(body.thresholds))
      throw new FormatError(`has metrics.${metric}.thresholds that is not an object`);
    for (const [threshold, outcome] of Object.entries(body.thresholds)) {
      const at = `metrics.${metric}.thresholds["${threshold}"]`;
      if (format === "k6-summary") {
        if (!isObject(outcome) || typeof outcome.ok !== "boolean") {
          throw new FormatError(`has ${at} without a boolean "ok"`);
        }
        out.push({ metric, threshold, passed: outcome.ok });
      } else {
        if (typeof outcome !== "boolean") throw new FormatError(`has ${at} that is not true or false`);
        // Legacy export: the boolean says whether the threshold was crossed, i.e. true = FAILED.
        out.push({ metric, threshold, passed: !outcome });
      }
    }
  }
  return out;
}

function optionalNumber(value: unknown, where: string): number | null {
  if (value === undefined || value === null) return null;
  return nonNegative(value, where);
}

function nonNegative(value: unknown, where: string): number {
  if (typeof value !== "number") {
    throw new FormatError(`has ${where} = ${JSON.stringify(value)}, which is not a number`);
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new FormatError(`has ${where} = ${value}, which is not a non-negative number`);
  }
  return value;
}

function count(value: unknown, where: string): number {
  const n = nonNegative(value, where);
  if (!Number.isInteger(n)) throw new FormatError(`has ${where} = ${n}, which is not a whole number`);
  return n;
}

// ---------------------------------------------------------------- Locust

const LOCUST_COLUMNS = ["Name", "Request Count", "Failure Count", "Requests/s", "95%"] as const;

function parseLocust(text: string): LoadtestSummary {
  const rows = parseCsv(text);
  const header = rows[0] ?? [];
  const missing = LOCUST_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    const hint = header.includes("Timestamp")
      ? "; it looks like Locust's *_stats_history.csv, point at *_stats.csv instead"
      : "";
    throw new FormatError(
      `is not a recognised load-test result (no ${missing.join(", ")} column)${hint}; ${SUPPORTED}`,
    );
  }
  const column = (name: string) => header.indexOf(name);
  const aggregated = rows.slice(1).filter((r) => r[column("Name")] === "Aggregated");
  if (aggregated.length !== 1) {
    throw new FormatError(
      aggregated.length === 0
        ? "is a Locust stats CSV without an Aggregated row; write it with a Locust version that adds one (≥ 1.0)"
        : `is a Locust stats CSV with ${aggregated.length} Aggregated rows; keep the file of one run`,
    );
  }
  const row = aggregated[0]!;
  const cell = (name: string): string | undefined => (column(name) >= 0 ? row[column(name)] : undefined);
  const where = (name: string) => `column "${name}" of the Aggregated row`;

  const requests = csvCount(cell("Request Count"), where("Request Count"));
  const failedRequests = csvCount(cell("Failure Count"), where("Failure Count"));
  if (failedRequests > requests) {
    throw new FormatError(`has ${failedRequests} failures out of ${requests} requests in the Aggregated row`);
  }
  return {
    format: "locust-csv",
    p95Ms: csvNumber(cell("95%"), where("95%")),
    p99Ms: csvNumber(cell("99%"), where("99%")),
    errorRate: requests > 0 ? failedRequests / requests : null,
    requests,
    failedRequests,
    rps: csvNumber(cell("Requests/s"), where("Requests/s")),
  };
}

/** A numeric cell; `N/A` (Locust's word for "no samples") and an absent column are null. */
function csvNumber(cell: string | undefined, where: string): number | null {
  if (cell === undefined || cell === "N/A") return null;
  const trimmed = cell.trim();
  if (!/^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw new FormatError(`has ${where} = ${JSON.stringify(cell)}, which is not a non-negative number`);
  }
  return nonNegative(Number(trimmed), where);
}

function csvCount(cell: string | undefined, where: string): number {
  const n = csvNumber(cell, where);
  if (n === null) throw new FormatError(`has no value in ${where}`);
  return count(n, where);
}

/**
 * RFC 4180 CSV with quoted fields. Any of CRLF, LF or CR ends a row (Locust on Windows writes CR CR LF),
 * and blank rows are dropped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === "")) rows.push(row);
    row = [];
    field = "";
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" || c === "\n") endRow();
    else field += c;
    i++;
  }
  if (quoted) throw new FormatError("has a quoted CSV field that never ends");
  if (field !== "" || row.length > 0) endRow();
  return rows;
}
