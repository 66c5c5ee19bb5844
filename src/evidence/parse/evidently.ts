// Evidently outputs, told by content: test suites (read into the one data-check shape the `datachecks`
// kind judges) and data drift reports (read for the `drift` kind).
//
// Shapes (verified against evidently's source, tags v0.3 to v0.7.21, and real files; see
// test/fixtures/evidently/README.md):
// - 0.3 to 0.6 (and `evidently.legacy` in 0.7): `TestSuite.json()` is `{ version, timestamp, tests: [{ name,
//   description, status, group, parameters }], summary: { all_passed, total_tests, success_tests,
//   failed_tests, by_status } }`; `Report.json()` is `{ version, timestamp, metrics: [{ metric, result }] }`,
//   where `DatasetDriftMetric`, `DataDriftTable` and `ColumnDriftMetric` carry a `drift_detected` flag
//   Evidently computed.
// - 0.7: `Snapshot.json()` is `{ metrics: [{ id, metric_id | metric_name, config?, value }], tests: [{ id,
//   name, description, metric_config, test_config, status }] }`. 0.7.0 to 0.7.15 write `metric_id`, the
//   metric's parameters spelled out (`ValueDrift(column=age,method=K-S p_value,threshold=0.05)`); 0.7.16
//   on write `metric_name` in the same spelling plus `config`, the parameters as an object. A ValueDrift
//   value is the drift score alone: no flag. Whether a column drifted is the score against the threshold,
//   in the direction of its method (STATTESTS below); a linked ValueDrift test, when the file holds one,
//   is Evidently's own verdict and must agree.
import { FormatError } from "../read.js";
import type { DataCheckCase, DataCheckResult } from "./datacheck.js";
import { clip, isObject, type JsonObject } from "./evalsuite.js";

// ---------------------------------------------------------------------------------------------------
// Test suites

const LEGACY_STATUSES = ["SUCCESS", "FAIL", "WARNING", "ERROR", "SKIPPED"] as const;
type EvidentlyStatus = (typeof LEGACY_STATUSES)[number];

/**
 * How an Evidently test status reads as a data check. WARNING is what Evidently writes for a test marked
 * `is_critical=False` whose condition was not met: the data failed the test, so it is a failure here
 * (Evidently's own summary counts it among `success_tests`; the readiness file's `maxFailed` is where a
 * tolerance belongs). SKIPPED tests were not evaluated. ERROR means the test could not be computed.
 */
const CASE_STATUS: Record<EvidentlyStatus, DataCheckCase["status"]> = {
  SUCCESS: "passed",
  FAIL: "failed",
  WARNING: "failed",
  ERROR: "error",
  SKIPPED: "skipped",
};

/**
 * An Evidently test suite (0.3 to 0.6 `TestSuite.json()`, or a 0.7 snapshot's `tests`), or undefined when
 * the value is not one, so the `datachecks` readers can try the next format. A file that is a test suite
 * but contradicts itself (its summary against its tests) is a FormatError, worded to follow the file's path.
 */
export function readEvidentlyTestSuite(value: unknown): DataCheckResult | undefined {
  if (!isObject(value)) return undefined;
  if (isObject(value.summary) && Array.isArray(value.tests) && "total_tests" in value.summary) {
    return readLegacySuite(value, value.tests, value.summary);
  }
  if (isSnapshot(value) && Array.isArray(value.tests)) return readSnapshotTests(value.tests);
  return undefined;
}

function versionOf(root: JsonObject): string {
  return typeof root.version === "string" && /^\d+(\.\d+)*\S*$/.test(root.version)
    ? ` ${clip(root.version, 20)}`
    : "";
}

function readLegacySuite(root: JsonObject, tests: unknown[], summary: JsonObject): DataCheckResult {
  const counts = new Map<EvidentlyStatus, number>();
  const cases = tests.map((test, i): DataCheckCase => {
    const where = `tests[${i}]`;
    if (!isObject(test))
      throw new FormatError(`is not a valid Evidently test suite: ${where} is not an object`);
    const status = statusOf(test.status, `${where}.status`);
    counts.set(status, (counts.get(status) ?? 0) + 1);
    return caseOf(test, status, where);
  });
  const n = (s: EvidentlyStatus) => counts.get(s) ?? 0;
  const stated: Array<[string, unknown, number]> = [
    ["summary.total_tests", summary.total_tests, tests.length],
    // Evidently counts a WARNING as a success in its own summary.
    ["summary.success_tests", summary.success_tests, n("SUCCESS") + n("WARNING")],
    ["summary.failed_tests", summary.failed_tests, n("FAIL")],
  ];
  if (isObject(summary.by_status)) {
    for (const [key, count] of Object.entries(summary.by_status)) {
      if (!(LEGACY_STATUSES as readonly string[]).includes(key)) {
        throw new FormatError(
          `is not a valid Evidently test suite: summary.by_status counts an unknown status ${JSON.stringify(clip(key, 40))}`,
        );
      }
      stated.push([`summary.by_status.${key}`, count, n(key as EvidentlyStatus)]);
    }
    for (const status of counts.keys()) {
      if (!(status in summary.by_status)) stated.push([`summary.by_status.${status}`, 0, n(status)]);
    }
  }
  for (const [key, said, counted] of stated) {
    if (said === undefined) continue;
    if (said !== counted) {
      throw new FormatError(
        `contradicts itself: ${key} is ${typeof said === "number" ? said : JSON.stringify(said)} but its tests[] hold ${counted}; the file was edited or truncated, so write it again with TestSuite.save_json()`,
      );
    }
  }
  const allPassed = tests.length === n("SUCCESS") + n("WARNING");
  if (typeof summary.all_passed === "boolean" && summary.all_passed !== allPassed) {
    throw new FormatError(
      `contradicts itself: summary.all_passed is ${summary.all_passed} but ${tests.length - n("SUCCESS") - n("WARNING")} of its ${tests.length} tests did not pass`,
    );
  }
  return { format: `Evidently${versionOf(root)} test suite`, cases };
}

function statusOf(status: unknown, where: string): EvidentlyStatus {
  if (typeof status === "string" && (LEGACY_STATUSES as readonly string[]).includes(status)) {
    return status as EvidentlyStatus;
  }
  throw new FormatError(
    `is not a valid Evidently test suite: ${where} is ${typeof status === "string" ? JSON.stringify(clip(status, 40)) : String(status)}, not one of ${LEGACY_STATUSES.join(", ")}`,
  );
}

function caseOf(test: JsonObject, status: EvidentlyStatus, where: string): DataCheckCase {
  if (typeof test.name !== "string" || test.name.trim() === "") {
    throw new FormatError(`is not a valid Evidently test suite: ${where}.name is missing`);
  }
  // Many tests share a name ("Share of Out-of-Range Values"); the column tells them apart: a parameter,
  // or the one Evidently writes in bold in the description ("in the column **Population** is 0.0006").
  const column =
    isObject(test.parameters) && typeof test.parameters.column_name === "string"
      ? test.parameters.column_name
      : typeof test.description === "string"
        ? /\*\*([^*\n]{1,80})\*\*/.exec(test.description)?.[1]
        : undefined;
  const c: DataCheckCase = {
    name: clip(column !== undefined ? `${test.name} (${column})` : test.name),
    status: CASE_STATUS[status],
  };
  if (status !== "SUCCESS") {
    const description = typeof test.description === "string" ? clip(test.description, 200) : "";
    const prefix = status === "WARNING" ? "WARNING, a non-critical test whose condition was not met" : status;
    c.detail = description ? `${prefix}: ${description}` : prefix;
  }
  return c;
}

/** A 0.7 snapshot: `metrics` entries with `id` and a `metric_id` or `metric_name` string. */
function isSnapshot(root: JsonObject): boolean {
  if (!Array.isArray(root.metrics)) return false;
  const first = root.metrics[0];
  if (first === undefined) return Array.isArray(root.tests) && isSnapshotTest(root.tests[0]);
  return isObject(first) && (typeof first.metric_id === "string" || typeof first.metric_name === "string");
}

function isSnapshotTest(test: unknown): boolean {
  return isObject(test) && isObject(test.metric_config) && "status" in test;
}

function readSnapshotTests(tests: unknown[]): DataCheckResult {
  const cases = tests.map((test, i): DataCheckCase => {
    const where = `tests[${i}]`;
    if (!isSnapshotTest(test)) {
      throw new FormatError(`is not a valid Evidently snapshot: ${where} has no metric_config and status`);
    }
    const t = test as JsonObject;
    return caseOf(t, statusOf(t.status, `${where}.status`), where);
  });
  // A 0.7 report run without tests is still Evidently's: say so rather than "not a format read here".
  return {
    format: cases.length > 0 ? "Evidently 0.7 test results" : "Evidently 0.7 report with no tests",
    cases,
  };
}

// ---------------------------------------------------------------------------------------------------
// Drift reports

/** How a drift method's score reads against its threshold, from evidently's stattests (v0.7.0 to v0.7.21). */
export type DriftDirection = "p-value <" | "p-value ≤" | "distance ≥" | "distance >";

/**
 * Every built-in method by its registered name and its display name (lowercase), with the comparison its
 * implementation makes (`src/evidently/legacy/calculations/stattests/*.py`: `return p_value, p_value <
 * threshold`, `return distance, distance >= threshold`...). `perc_text_content_drift` is left out on
 * purpose: it compares the score with a bootstrap percentile, not with the threshold, so a value and a
 * threshold cannot decide it.
 */
const STATTESTS: ReadonlyArray<[names: readonly string[], direction: DriftDirection]> = [
  [["ks", "k-s p_value"], "p-value ≤"],
  [["cramer_von_mises", "cramer-von mises"], "p-value ≤"],
  [["anderson", "anderson-darling"], "p-value <"],
  [["chisquare", "chi-square p_value"], "p-value <"],
  [["es", "epps-singleton"], "p-value <"],
  [["fisher_exact", "fisher's exact test"], "p-value <"],
  [["g_test"], "p-value <"],
  [["mannw", "mann-whitney u-rank test"], "p-value <"],
  [["empirical_mmd"], "p-value <"],
  [["t_test"], "p-value <"],
  // Named a distance, yet its implementation returns a p-value and tests `p_value < threshold`.
  [["tvd", "total-variation-distance"], "p-value <"],
  [["z", "z-test p_value"], "p-value <"],
  [["hellinger", "hellinger distance"], "distance ≥"],
  [["jensenshannon", "jensen-shannon distance"], "distance ≥"],
  [["kl_div", "kullback-leibler divergence"], "distance ≥"],
  [["psi"], "distance ≥"],
  [["wasserstein", "wasserstein distance (normed)"], "distance ≥"],
  [["ed", "energy-distance"], "distance >"],
  [["abs_text_content_drift", "absolute text content drift"], "distance >"],
];

export function directionOf(method: string): DriftDirection | undefined {
  const key = method.trim().toLowerCase();
  return STATTESTS.find(([names]) => names.includes(key))?.[1];
}

export function driftedBy(direction: DriftDirection, score: number, threshold: number): boolean {
  switch (direction) {
    case "p-value <":
      return score < threshold;
    case "p-value ≤":
      return score <= threshold;
    case "distance ≥":
      return score >= threshold;
    case "distance >":
      return score > threshold;
  }
}

export interface DriftColumn {
  name: string;
  drifted: boolean;
  score: number;
  /** The method as the file names it, e.g. `K-S p_value`, `psi`. */
  method: string;
  threshold: number;
  /**
   * How drift was decided: the file's own flag (0.3 to 0.6), the score against the threshold (0.7), or
   * the status of the column's ValueDrift test (0.7 files that state no method or threshold on the metric).
   */
  decided: "flag" | "threshold" | "test";
}

/** A column whose drift the file does not let anyone decide (0.7 with no method or threshold stated). */
export interface UndecidedColumn {
  name: string;
  why: string;
}

export interface DriftReport {
  /** e.g. `Evidently 0.4.40 report`, `Evidently 0.7 report`. */
  format: string;
  /** Every column with a drift result, in file order. Empty when the file holds only dataset counts. */
  columns: DriftColumn[];
  undecided: UndecidedColumn[];
  /** The dataset-level counts the file states (DatasetDriftMetric, DriftedColumnsCount), when it does. */
  stated?: { drifted: number; columns?: number; share: number; from: string };
  /** The share of drifted columns from which Evidently calls the dataset drifted, as the report was run. */
  driftShare?: number;
}

/** Whether a parsed value is an Evidently report this module reads drift from. */
export function isEvidentlyReport(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.metrics)) return false;
  return value.metrics.some(
    (m) =>
      isObject(m) &&
      (typeof m.metric === "string" || typeof m.metric_id === "string" || typeof m.metric_name === "string"),
  );
}

/**
 * The drift an Evidently report states, or undefined when the value is not an Evidently report. A report
 * with no drift metric at all, or one that contradicts itself, is a FormatError (worded to follow the path).
 */
export function readEvidentlyDriftReport(value: unknown): DriftReport | undefined {
  if (!isEvidentlyReport(value)) return undefined;
  const root = value as JsonObject;
  const metrics = root.metrics as unknown[];
  const legacy = metrics.some((m) => isObject(m) && typeof m.metric === "string");
  const report = legacy ? readLegacyDrift(metrics) : readSnapshotDrift(metrics, root.tests);
  const format = legacy ? `Evidently${versionOf(root)} report` : "Evidently 0.7 report";
  if (report.columns.length === 0 && report.undecided.length === 0 && report.stated === undefined) {
    throw new FormatError(
      `is an ${format} with no drift result (no DatasetDriftMetric, DataDriftTable or ColumnDriftMetric${legacy ? "" : ", no DriftedColumnsCount or ValueDrift"}); add DataDriftPreset to the report`,
    );
  }
  return { format, ...report };
}

type DriftParts = Omit<DriftReport, "format">;

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function bad(where: string, what: string): FormatError {
  return new FormatError(`is not a valid Evidently drift report: ${where} ${what}`);
}

function readLegacyDrift(metrics: unknown[]): DriftParts {
  const columns = new Map<string, DriftColumn>();
  const datasets: Array<{ drifted: number; columns: number; share: number; from: string }> = [];
  const add = (c: DriftColumn, where: string) => {
    const seen = columns.get(c.name);
    if (seen && seen.drifted !== c.drifted) {
      throw new FormatError(
        `contradicts itself: column ${JSON.stringify(clip(c.name, 60))} is ${seen.drifted ? "" : "not "}drifted in one result and ${c.drifted ? "" : "not "}drifted at ${where}`,
      );
    }
    if (!seen) columns.set(c.name, c);
  };
  let driftShare: number | undefined;
  metrics.forEach((m, i) => {
    if (!isObject(m) || !isObject(m.result)) return;
    const where = `metrics[${i}].result`;
    const result = m.result;
    if (m.metric === "DatasetDriftMetric") driftShare ??= num(result.drift_share);
    if (m.metric === "DatasetDriftMetric" || m.metric === "DataDriftTable") {
      const total = num(result.number_of_columns);
      const drifted = num(result.number_of_drifted_columns);
      const share = num(result.share_of_drifted_columns);
      if (total === undefined || drifted === undefined || share === undefined) {
        throw bad(where, "lacks number_of_columns, number_of_drifted_columns or share_of_drifted_columns");
      }
      if (drifted > total || (total > 0 && Math.abs(share - drifted / total) > 1e-9)) {
        throw new FormatError(
          `contradicts itself: ${where} says ${drifted} of ${total} columns drifted, share_of_drifted_columns ${share}`,
        );
      }
      datasets.push({ drifted, columns: total, share, from: `${m.metric} (${where})` });
      if (m.metric === "DataDriftTable") {
        if (!isObject(result.drift_by_columns)) throw bad(where, "has no drift_by_columns");
        const table = Object.entries(result.drift_by_columns);
        for (const [key, col] of table) add(legacyColumn(col, key, `${where}.drift_by_columns`), where);
        const flagged = table.filter(([key]) => columns.get(key)?.drifted).length;
        if (table.length !== total || flagged !== drifted) {
          throw new FormatError(
            `contradicts itself: ${where} says ${drifted} of ${total} columns drifted, but its drift_by_columns lists ${flagged} drifted of ${table.length}`,
          );
        }
      }
    } else if (m.metric === "ColumnDriftMetric") {
      const name = typeof result.column_name === "string" ? result.column_name : undefined;
      if (name === undefined) throw bad(where, "has no column_name");
      add(legacyColumn(result, name, `metrics[${i}]`), where);
    }
  });
  const stated = agreeing(datasets);
  const out: DriftParts = { columns: [...columns.values()], undecided: [] };
  if (stated) out.stated = stated;
  if (driftShare !== undefined) out.driftShare = driftShare;
  return out;
}

/** Two dataset-level results that disagree leave the share undecided: an error, never a pick. */
function agreeing<T extends { drifted: number; columns?: number; share: number; from: string }>(
  datasets: T[],
): T | undefined {
  const first = datasets[0];
  for (const other of datasets.slice(1)) {
    if (other.drifted !== first!.drifted || other.columns !== first!.columns) {
      throw new FormatError(
        `contradicts itself: ${first!.from} counts ${first!.drifted} drifted columns${first!.columns !== undefined ? ` of ${first!.columns}` : ""}, ${other.from} ${other.drifted}${other.columns !== undefined ? ` of ${other.columns}` : ""}; keep one drift result per report`,
      );
    }
  }
  return first;
}

function legacyColumn(col: unknown, key: string, where: string): DriftColumn {
  const at = `${where}.${JSON.stringify(clip(key, 60))}`;
  if (!isObject(col)) throw bad(at, "is not an object");
  const score = num(col.drift_score);
  const threshold = num(col.stattest_threshold);
  if (typeof col.drift_detected !== "boolean") throw bad(at, "has no drift_detected flag");
  if (score === undefined) throw bad(at, `has drift_score ${String(col.drift_score)}, not a number`);
  return {
    name: typeof col.column_name === "string" ? col.column_name : key,
    drifted: col.drift_detected,
    score,
    method: typeof col.stattest_name === "string" ? col.stattest_name : "(method not named)",
    threshold: threshold ?? Number.NaN,
    decided: "flag",
  };
}

/** `Type(k=v,k=v)` as 0.7 spells a metric: its type and parameters (known keys split values apart). */
function parseMetricName(text: string): { type: string; params: Record<string, string> } | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/s.exec(text.trim());
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const body = m[2]!;
  if (body !== "") {
    // A column name may hold commas; only a comma followed by a parameter name starts a new one.
    for (const part of body.split(/,(?=[a-z_]+=)/)) {
      const eq = part.indexOf("=");
      if (eq > 0) params[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return { type: m[1]!, params };
}

interface SnapshotMetric {
  type: string;
  params: Record<string, unknown>;
  value: unknown;
  id?: string;
  where: string;
}

function snapshotMetric(m: unknown, i: number): SnapshotMetric | undefined {
  if (!isObject(m)) return undefined;
  const where = `metrics[${i}]`;
  const spelled = typeof m.metric_name === "string" ? m.metric_name : m.metric_id;
  if (typeof spelled !== "string") return undefined;
  const parsed = parseMetricName(spelled);
  const config = isObject(m.config) ? m.config : undefined;
  const configType = typeof config?.type === "string" ? config.type.split(":").pop()! : undefined;
  const type = configType ?? parsed?.type;
  if (type === undefined) return undefined;
  // The config object (0.7.16 on) is exact; the spelled name (0.7.0 on) is the fallback.
  const params: Record<string, unknown> = { ...(parsed?.params ?? {}), ...(config ?? {}) };
  const out: SnapshotMetric = { type, params, value: m.value, where };
  if (typeof m.id === "string") out.id = m.id;
  return out;
}

function readSnapshotDrift(metrics: unknown[], tests: unknown): DriftParts {
  const columns: DriftColumn[] = [];
  const undecided: UndecidedColumn[] = [];
  const counts: Array<{ drifted: number; share: number; columns?: number; from: string }> = [];
  const verdicts = testVerdicts(tests);
  // A column measured twice (DataDriftPreset plus a ValueDrift of its own, or two methods) counts once;
  // two verdicts that disagree leave its drift undecided.
  const add = (c: DriftColumn, where: string) => {
    const prior = columns.find((p) => p.name === c.name);
    if (!prior) columns.push(c);
    else if (prior.drifted !== c.drifted) {
      throw new FormatError(
        `contradicts itself: column ${JSON.stringify(clip(c.name, 60))} has drifted by ${prior.method} ${prior.score} and not by ${c.method} ${c.score} (${where}), or the reverse; keep one ValueDrift per column`,
      );
    }
  };
  let driftShare: number | undefined;
  metrics.forEach((raw, i) => {
    const m = snapshotMetric(raw, i);
    if (!m) return;
    if (m.type === "DriftedColumnsCount") {
      const value = isObject(m.value) ? m.value : undefined;
      const count = num(value?.count);
      const share = num(value?.share);
      if (count === undefined || share === undefined) throw bad(m.where, "value lacks count and share");
      const entry: { drifted: number; share: number; columns?: number; from: string } = {
        drifted: count,
        share,
        from: `DriftedColumnsCount (${m.where})`,
      };
      if (share > 0) entry.columns = Math.round(count / share);
      counts.push(entry);
      const said = num(
        typeof m.params.drift_share === "string" ? Number(m.params.drift_share) : m.params.drift_share,
      );
      if (said !== undefined) driftShare ??= said;
      return;
    }
    if (m.type !== "ValueDrift") return;
    const name = typeof m.params.column === "string" ? m.params.column : undefined;
    if (name === undefined || name === "") throw bad(m.where, "is a ValueDrift that names no column");
    const score = num(m.value);
    if (score === undefined) {
      undecided.push({
        name,
        why: `its drift score is ${m.value === null ? "null (NaN)" : String(m.value)}`,
      });
      return;
    }
    const method = typeof m.params.method === "string" ? m.params.method : undefined;
    const threshold = num(
      typeof m.params.threshold === "string" ? Number(m.params.threshold) : m.params.threshold,
    );
    const verdict = m.id !== undefined ? verdicts.get(m.id) : undefined;
    const direction = method !== undefined ? directionOf(method) : undefined;
    if (method === undefined || threshold === undefined || direction === undefined) {
      if (verdict !== undefined) {
        // Evidently's own verdict on this column; its description names the method and threshold.
        add({ name, drifted: verdict.drifted, score, ...verdict.stated, decided: "test" }, m.where);
        return;
      }
      const why =
        method === undefined
          ? "the report states no drift method for it (set method= and threshold= on ValueDrift or DataDriftPreset, or write it with evidently 0.7.16 or later, which records the method it chose)"
          : direction === undefined
            ? `its method ${JSON.stringify(clip(method, 60))} is not one whose threshold direction Shipgate knows (a custom test, or one judged against something other than its threshold)`
            : "the report states no threshold for it";
      undecided.push({ name, why });
      return;
    }
    const drifted = driftedBy(direction, score, threshold);
    if (verdict !== undefined && verdict.drifted !== drifted) {
      throw new FormatError(
        `contradicts itself: ValueDrift for column ${JSON.stringify(clip(name, 60))} (${m.where}) scores ${score} by ${method} against threshold ${threshold}, which is ${drifted ? "" : "no "}drift, but its test says ${verdict.drifted ? "FAIL (drift)" : "SUCCESS (no drift)"}`,
      );
    }
    add({ name, drifted, score, method, threshold, decided: "threshold" }, m.where);
  });
  const out: DriftParts = { columns, undecided };
  if (driftShare !== undefined) out.driftShare = driftShare;
  const stated = agreeing(counts);
  if (stated) {
    // Evidently's own count over the same columns must match what the thresholds decide.
    if (undecided.length === 0 && stated.columns === columns.length && columns.length > 0) {
      const decided = columns.filter((c) => c.drifted).length;
      if (decided !== stated.drifted) {
        throw new FormatError(
          `contradicts itself: ${stated.from} counts ${stated.drifted} drifted columns, but the ValueDrift scores against their thresholds make ${decided}`,
        );
      }
    }
    out.stated = stated;
  }
  return out;
}

interface TestVerdict {
  drifted: boolean;
  stated: { method: string; threshold: number };
}

/**
 * ValueDrift tests (0.7 `tests[]`) by the metric they test: FAIL is drift, SUCCESS none (a WARNING or
 * ERROR decides nothing). Their description reads "Drift score is 0.12. The drift detection method is
 * K-S p_value. The drift threshold is 0.05."
 */
function testVerdicts(tests: unknown): Map<string, TestVerdict> {
  const out = new Map<string, TestVerdict>();
  if (!Array.isArray(tests)) return out;
  for (const t of tests) {
    if (!isObject(t) || !isObject(t.metric_config)) continue;
    const params = isObject(t.metric_config.params) ? t.metric_config.params : undefined;
    const type = typeof params?.type === "string" ? params.type.split(":").pop() : undefined;
    const id = t.metric_config.metric_id;
    if (type !== "ValueDrift" || typeof id !== "string") continue;
    if (t.status !== "FAIL" && t.status !== "SUCCESS") continue;
    const said =
      typeof t.description === "string"
        ? /drift detection method is (.{1,80}?)\. The drift threshold is (-?\d{1,20}(?:\.\d{1,20})?(?:[eE][-+]?\d{1,3})?)/.exec(
            t.description,
          )
        : null;
    out.set(id, {
      drifted: t.status === "FAIL",
      stated: {
        method: said?.[1] ?? "(method not named)",
        threshold: said ? Number(said[2]) : Number.NaN,
      },
    });
  }
  return out;
}
