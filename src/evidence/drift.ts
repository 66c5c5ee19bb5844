// `drift`: an Evidently data drift report shows at most `maxDriftedShare` of its columns drifted, and none
// of the named `columns`. Read by content (parse/evidently.ts): 0.3 to 0.6 reports carry Evidently's own
// drift flag per column; 0.7 reports carry only scores, judged against the threshold in the direction of
// their method. With a glob, every matched report must pass: Evidently 0.7 files state no time of their
// own, so "the newest" cannot be told from content; point `file` at one report to judge only that one.
import type { DriftSpec } from "../config/schema.js";
import { formatList, formatNumber, plural } from "../base/format.js";
import {
  isEvidentlyReport,
  readEvidentlyDriftReport,
  type DriftColumn,
  type DriftReport,
} from "./parse/evidently.js";
import { parsePythonJson } from "./parse/json.js";
import { FormatError, guard, matchAll, matchedPlace } from "./read.js";
import type { EvidenceContext, EvidenceRef, Finding } from "./types.js";

/** Drifted columns listed in a finding's details before "and N more". */
const MAX_DETAILS = 20;

const FORMATS =
  "expected an Evidently report JSON with DataDriftPreset (DatasetDriftMetric / DataDriftTable from 0.3 to 0.6, DriftedColumnsCount / ValueDrift from 0.7), as Report.save_json() or Snapshot.save_json() writes it";

/** One report, judged. */
interface Judged {
  path: string;
  report: DriftReport;
  status: "pass" | "fail" | "error";
  /** `6 of 15 columns drifted (40%)` */
  measured?: string;
  share?: number;
  /** Why it fails or errs, in a sentence that names the file. */
  problems: string[];
  drifted: DriftColumn[];
}

export async function evaluateDrift(spec: DriftSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.file, async () => {
    const paths = await matchAll(ctx, spec.file);
    const evidence: EvidenceRef[] = paths.map((path) => ({ path }));
    const bar = barText(spec);
    const judged: Judged[] = [];
    for (const path of paths) {
      const report = readDriftFile(await ctx.repo.readText(path), path);
      judged.push(judge(report, path, spec));
    }
    const worst = judged.find((j) => j.status === "error") ?? judged.find((j) => j.status === "fail");
    const shown = worst ?? maxShare(judged);
    const many = judged.length > 1;
    const where = matchedPlace(ctx, spec.file, paths);
    const details: string[] = [];
    for (const j of judged) {
      for (const c of j.drifted) details.push(`${many ? `${j.path}: ` : ""}${columnLine(c)}`);
    }
    if (details.length > MAX_DETAILS)
      details.splice(MAX_DETAILS, details.length, `and ${details.length - MAX_DETAILS} more`);
    let summary: string;
    if (!many) {
      summary = shown.problems.length > 0 ? shown.problems.join("; ") : passSentence(shown, spec);
    } else if (worst) {
      const failing = judged.filter((j) => j.status !== "pass").length;
      summary = `${failing} of ${judged.length} Evidently reports in ${where} ${worst.status === "error" ? "cannot be judged or " : ""}exceed the bar; ${worst.problems.join("; ")}`;
    } else {
      summary = `all ${judged.length} Evidently reports in ${where} are within the bar; the most drifted: ${passSentence(shown, spec)}`;
    }
    const finding: Finding = { status: worst?.status ?? "pass", summary, bar, evidence };
    if (shown.measured !== undefined)
      finding.measured = many ? `${shown.measured} (${shown.path})` : shown.measured;
    if (details.length > 0) finding.details = details;
    return finding;
  });
}

/** Parses one file; anything but an Evidently report is a FormatError naming the file (and line). */
export function readDriftFile(text: string, path: string): DriftReport {
  if (text.trim() === "") throw new FormatError(`${path} is empty; ${FORMATS}`);
  if (!/^\s*\{/.test(text)) throw new FormatError(`${path} is not JSON; ${FORMATS}`);
  // Evidently writes a score it could not compute as a bare NaN.
  const parsed = parsePythonJson(text);
  if (!parsed.ok) throw new FormatError(`${path} is not valid JSON (${parsed.message}); ${FORMATS}`);
  if (!isEvidentlyReport(parsed.value)) {
    throw new FormatError(
      `${path} is not an Evidently report (no metrics[] of Evidently metrics); ${FORMATS}`,
    );
  }
  try {
    return readEvidentlyDriftReport(parsed.value)!;
  } catch (err) {
    if (err instanceof FormatError) throw new FormatError(`${path} ${err.message}`);
    throw err;
  }
}

function judge(report: DriftReport, path: string, spec: DriftSpec): Judged {
  const out: Judged = { path, report, status: "pass", problems: [], drifted: [] };
  const named = `${report.format} ${path}`;
  if (report.undecided.length > 0) {
    const first = report.undecided[0]!;
    out.status = "error";
    out.problems.push(
      `${named}: cannot tell whether ${plural(report.undecided.length, "column")} drifted (${formatList(
        report.undecided.map((u) => u.name),
      )}): for ${first.name}, ${first.why}`,
    );
    return out;
  }
  const byColumns = report.columns.length > 0;
  // Evidently's own dataset count, when it states one over a known number of columns: a column measured
  // on its own beside the preset (a target's ColumnDriftMetric or ValueDrift) is not one of them.
  const counted = report.stated?.columns !== undefined ? report.stated : undefined;
  const total = counted ? counted.columns : byColumns ? report.columns.length : undefined;
  const driftedCount = counted
    ? counted.drifted
    : byColumns
      ? report.columns.filter((c) => c.drifted).length
      : report.stated!.drifted;
  out.drifted = report.columns.filter((c) => c.drifted);
  if (total === undefined) {
    // 0.7 DriftedColumnsCount with share 0 and no ValueDrift: no column count to state a share of.
    out.share = report.stated!.share;
    out.measured = `${plural(driftedCount, "column")} drifted (${percent(out.share)})`;
  } else if (total === 0) {
    out.status = "error";
    out.problems.push(`${named} compared no columns: nothing was measured for drift`);
    return out;
  } else {
    out.share = driftedCount / total;
    out.measured = `${driftedCount} of ${plural(total, "column")} drifted (${percent(out.share)})`;
  }
  if (spec.maxDriftedShare !== undefined && out.share > spec.maxDriftedShare + 1e-12) {
    out.status = "fail";
    out.problems.push(`${named}: ${out.measured} > ${percent(spec.maxDriftedShare)}${drifts(out.drifted)}`);
  }
  if (spec.columns.length > 0) {
    if (!byColumns) {
      out.status = "error";
      out.problems.push(
        `${named} holds only dataset counts (${report.stated!.from}), no result per column, so ${formatList(spec.columns)} cannot be checked; add DataDriftTable (0.3 to 0.6) or ValueDrift per column (0.7) to the report`,
      );
      return out;
    }
    const names = new Set(report.columns.map((c) => c.name));
    const absent = spec.columns.filter((c) => !names.has(c));
    if (absent.length > 0) {
      out.status = "error";
      out.problems.push(
        `${named} has no drift result for ${formatList(absent.map((c) => JSON.stringify(c)))}${nearHint(absent, report.columns)}: a column the check names must be in the report (its columns: ${formatList(
          [...names],
          8,
        )})`,
      );
      return out;
    }
    const moved = report.columns.filter((c) => c.drifted && spec.columns.includes(c.name));
    if (moved.length > 0) {
      if (out.status === "pass") out.status = "fail";
      out.problems.push(
        `${named}: ${formatList(moved.map((c) => c.name))} drifted, which must not (${moved.map(scoreText).join("; ")})`,
      );
    }
  }
  return out;
}

function maxShare(judged: Judged[]): Judged {
  return judged.reduce((a, b) => ((b.share ?? 0) > (a.share ?? 0) ? b : a));
}

function passSentence(j: Judged, spec: DriftSpec): string {
  const parts = [`${j.report.format}: ${j.measured ?? "no drift measured"}`];
  if (spec.maxDriftedShare !== undefined) parts[0] += ` ≤ ${percent(spec.maxDriftedShare)}`;
  parts[0] += ` in ${j.path}`;
  if (spec.columns.length > 0) parts.push(`${formatList(spec.columns)} did not drift`);
  return parts.join("; ");
}

function drifts(columns: DriftColumn[]): string {
  return columns.length > 0
    ? `; drifted: ${formatList(
        columns.map((c) => c.name),
        8,
      )}`
    : "";
}

function nearHint(absent: string[], columns: DriftColumn[]): string {
  const near = absent
    .map((a) => columns.find((c) => c.name.toLowerCase() === a.toLowerCase())?.name)
    .filter((n): n is string => n !== undefined);
  return near.length > 0
    ? ` (did you mean ${formatList(near.map((n) => JSON.stringify(n)))}? names are matched exactly)`
    : "";
}

/** A drift score as read: small p-values keep their exponent (2.7e-60), never rounded to 0. */
function score(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return String(Number(n.toPrecision(3)));
}

function scoreText(c: DriftColumn): string {
  const threshold = Number.isFinite(c.threshold) ? `, threshold ${score(c.threshold)}` : "";
  // Every digit where 3 would show a score equal to a threshold it is not (0.05004 against 0.05).
  const shown =
    score(c.score) === score(c.threshold) && c.score !== c.threshold ? String(c.score) : score(c.score);
  const how = c.decided === "test" ? " (by its Evidently test)" : "";
  return `${c.name} ${c.method} ${shown}${threshold}${how}`;
}

function columnLine(c: DriftColumn): string {
  return `drifted: ${scoreText(c)}`;
}

function percent(share: number): string {
  return `${formatNumber(share * 100)}%`;
}

function barText(spec: DriftSpec): string {
  const parts: string[] = [];
  if (spec.maxDriftedShare !== undefined) parts.push(`≤ ${percent(spec.maxDriftedShare)} drifted`);
  if (spec.columns.length > 0) parts.push(`${formatList(spec.columns, 8)} must not drift`);
  return parts.join("; ");
}
