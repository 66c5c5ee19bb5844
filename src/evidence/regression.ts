// `regression`: the same evidence file at head and at the baseline (read from git objects through
// `ctx.baseline.repo`), compared. Metrics: each path's value must not drop by more than its bar in the bad
// direction (the user's `higherIsBetter`, else what the file states, else higher is better); a drop within
// `noise` combined standard errors the file states is noise. newFailures: eval cases that passed at the
// baseline and fail or error now, paired by identity. No baseline is a state of its own (`ifNoBaseline`).
import { EvidenceError } from "../base/errors.js";
import { formatList, formatNumber, plural } from "../base/format.js";
import { parsePath, readPath, valuePhrase, type PathSegment } from "../base/jsonpath.js";
import type { RepoView } from "../base/view.js";
import type { DropBar, RegressionSpec } from "../config/schema.js";
import { readEvalSuite } from "./evalsuites.js";
import { parseDataText, type DataDocument } from "./metric.js";
import type { EvalCase, EvalSuite } from "./parse/evalsuite.js";
import { isRecord } from "./parse/scores.js";
import { displayPath } from "./read.js";
import type { EvidenceContext, EvidenceRef, Finding } from "./types.js";

/** Glob syntax: a regression compares one file with itself, so a pattern is refused rather than guessed. */
const GLOB = /[*?[\]{}]/;
/** Newly failing cases named in a finding's details. */
const MAX_CASES_LISTED = 20;
const MINUS = "\u2212";

type Side = "head" | "baseline";

/** A reason the comparison cannot be made; becomes an `error` finding (or `fail` for missing at head). */
class Refusal extends Error {
  constructor(
    message: string,
    readonly status: "fail" | "error" = "error",
  ) {
    super(message);
  }
}

export async function evaluateRegression(spec: RegressionSpec, ctx: EvidenceContext): Promise<Finding> {
  const shown = displayPath(ctx, spec.file);
  const evidence: EvidenceRef[] = [{ path: shown }];
  if (GLOB.test(spec.file)) {
    return {
      status: "error",
      summary: `regression compares one file with itself at the baseline, but ${shown} is a pattern; name the one file (a metrics file, an eval suite's results)`,
      evidence,
    };
  }
  const baseline = ctx.baseline;
  if (baseline === undefined) {
    return {
      status: "not-evaluable",
      summary: "regression needs a baseline: on the CLI pass --base REF",
      evidence,
    };
  }
  if (baseline.state === "unreadable") {
    return {
      status: "fail",
      summary: `cannot compare ${shown} with its baseline: ${baseline.why}`,
      evidence,
    };
  }
  try {
    const file = resolveSafely(ctx.repo, ctx, spec.file, "head");
    evidence[0] = { path: file };
    const head = await readSide(spec, ctx, file, "head");
    if (baseline.state === "none") return noBaseline(spec, file, head, baseline.why);
    const baseCtx: EvidenceContext = { ...ctx, repo: baseline.repo };
    const baseFile = resolveSafely(baseline.repo, ctx, spec.file, "baseline");
    let base: SideData;
    try {
      base = await readSide(spec, baseCtx, baseFile, "baseline");
    } catch (err) {
      if (err instanceof EvidenceError && err.reason === "missing") {
        return noBaseline(
          spec,
          file,
          head,
          `${file} did not exist at ${baseline.label} (a new evidence file)`,
        );
      }
      throw err;
    }
    return compare(spec, file, head, base, baseline.label);
  } catch (err) {
    if (err instanceof Refusal) return { status: err.status, summary: err.message, evidence };
    if (err instanceof EvidenceError) {
      // Reads at the baseline are named by readSide; a missing file at head is missing evidence.
      return { status: err.reason === "missing" ? "fail" : "error", summary: err.message, evidence };
    }
    return {
      status: "error",
      summary: `could not evaluate ${shown}: ${err instanceof Error ? err.message : String(err)}`,
      evidence,
    };
  }
}

function resolveSafely(repo: RepoView, ctx: EvidenceContext, file: string, side: Side): string {
  try {
    return repo.resolve(ctx.baseDir, file);
  } catch (err) {
    if (err instanceof EvidenceError) throw new Refusal(`${err.message} (at ${side})`);
    throw err;
  }
}

interface SideData {
  /** The parsed file, when metrics are compared. */
  doc?: DataDocument;
  /** The eval suite, when newFailures are counted. */
  suite?: EvalSuite;
}

/** Reads the file on one side, as data (metrics) and as an eval suite (newFailures), naming the side in any error. */
async function readSide(
  spec: RegressionSpec,
  ctx: EvidenceContext,
  file: string,
  side: Side,
): Promise<SideData> {
  const out: SideData = {};
  try {
    if (Object.keys(spec.metrics).length > 0) out.doc = parseDataText(await ctx.repo.readText(file), file);
    if (spec.newFailures !== undefined) out.suite = await readEvalSuite(ctx, file);
  } catch (err) {
    if (!(err instanceof EvidenceError)) throw err;
    if (err.reason === "missing" && side === "baseline") throw err;
    if (err.reason === "missing") throw new Refusal(`${file} is missing at head: ${err.message}`, "fail");
    throw new Refusal(`${file} at ${side === "head" ? "head" : "the baseline"}: ${err.message}`);
  }
  if (out.suite?.unfinished) {
    throw new Refusal(
      `${file} at ${side === "head" ? "head" : "the baseline"} is a run that did not finish: ${out.suite.unfinished}`,
    );
  }
  return out;
}

/** No baseline to compare with: a fail, unless ifNoBaseline: pass; either way the finding says nothing was compared. */
function noBaseline(spec: RegressionSpec, file: string, head: SideData, why: string): Finding {
  // The head side is still checked: a pass must not stand on values that are not there.
  const values = Object.keys(spec.metrics).map(
    (path) => `${path} ${formatNumber(metricAt(head.doc!, path, file, "head"))}`,
  );
  if (head.suite)
    values.push(
      `${plural(head.suite.cases.filter((c) => c.outcome === "pass").length, "case")} passing of ${head.suite.cases.length}`,
    );
  const reads = values.length > 0 ? `; at head it reads ${values.join(", ")}` : "";
  if (spec.ifNoBaseline === "pass") {
    return {
      status: "pass",
      summary: `no baseline, nothing was compared: ${why}; passes because ifNoBaseline is pass${reads}`,
      measured: "no baseline",
      bar: "ifNoBaseline: pass",
      evidence: [{ path: file }],
    };
  }
  return {
    status: "fail",
    summary: `no baseline to compare ${file} with: ${why}; set ifNoBaseline: pass to accept a first run${reads}`,
    measured: "no baseline",
    bar: "no worse than the baseline",
    evidence: [{ path: file }],
  };
}

interface Part {
  status: "pass" | "fail" | "noise";
  summary: string;
  detail: string;
  measured: string;
  bar: string;
}

function compare(spec: RegressionSpec, file: string, head: SideData, base: SideData, label: string): Finding {
  const parts: Part[] = [];
  for (const [path, bar] of Object.entries(spec.metrics)) {
    parts.push(compareMetric(spec, path, bar, file, head.doc!, base.doc!));
  }
  const extra: string[] = [];
  if (spec.newFailures !== undefined)
    parts.push(compareCases(spec.newFailures, file, head.suite!, base.suite!, extra));
  const where = `in ${file} against ${label}`;
  const evidence = [{ path: file }];
  const failed = parts.filter((p) => p.status === "fail");
  const details = [...parts.map((p) => p.detail), ...extra];
  const one = parts.length === 1 ? parts[0]! : undefined;
  if (failed.length > 0) {
    const more = failed.length > 1 ? ` (and ${plural(failed.length - 1, "more regression")})` : "";
    return {
      status: "fail",
      summary: `${failed[0]!.summary}${more}, ${where}`,
      measured: one ? one.measured : `${failed.length} of ${parts.length} beyond their bar`,
      bar: one ? one.bar : "per metric (see details)",
      evidence,
      details,
    };
  }
  const noise = parts.filter((p) => p.status === "noise").length;
  return {
    status: "pass",
    summary: one
      ? `${one.summary}, ${where}`
      : `no regression beyond its bar in ${plural(parts.length, "comparison")}${noise > 0 ? ` (${noise} within noise)` : ""} ${where}`,
    measured: one ? one.measured : `${parts.length} within their bars`,
    bar: one ? one.bar : "per metric (see details)",
    evidence,
    details,
  };
}

function metricAt(doc: DataDocument, path: string, file: string, side: Side): number {
  const at = side === "head" ? "at head" : "at the baseline";
  const lookup = readPath(doc.value, path);
  if (!lookup.found)
    throw new Refusal(`${path} is not in ${file} ${at}: ${lookup.message}; fix the path or the file`);
  const value = lookup.value;
  if (typeof value !== "number")
    throw new Refusal(`${path} in ${file} ${at} is ${valuePhrase(value)}, not a number`);
  if (!Number.isFinite(value))
    throw new Refusal(`${path} in ${file} ${at} is ${String(value)}, not a finite number`);
  return value;
}

function compareMetric(
  spec: RegressionSpec,
  path: string,
  bar: DropBar,
  file: string,
  headDoc: DataDocument,
  baseDoc: DataDocument,
): Part {
  const now = metricAt(headDoc, path, file, "head");
  const was = metricAt(baseDoc, path, file, "baseline");
  const higher = directionOf(spec, bar, path, file, headDoc, baseDoc);
  // Positive is worse, in the metric's units.
  const drop = higher ? was - now : now - was;
  if (bar.maxDropPercent !== undefined && was === 0) {
    throw new Refusal(
      `${path} in ${file} is 0 at the baseline, so a drop in percent of it means nothing; use maxDrop (in the metric's own units) instead of maxDropPercent`,
    );
  }
  const dropPercent = was === 0 ? 0 : (drop / Math.abs(was)) * 100;
  const overAbsolute = bar.maxDrop !== undefined && drop > bar.maxDrop;
  const overPercent = bar.maxDropPercent !== undefined && dropPercent > bar.maxDropPercent;
  const allowed = allowedText(bar);
  const barText = `${higher ? "drop" : "rise"} ≤ ${allowed}`;
  const change = signed(now - was, was, now);
  const pair = `${show(was, now)} → ${show(now, was)}`;
  const moveWord =
    now === was
      ? `held at ${show(now, was)}`
      : `${now > was ? "rose" : "fell"} from ${show(was, now)} to ${show(now, was)} (${change})`;
  const direction = higher ? "" : " (lower is better)";
  let noiseText = "";
  let withinNoise = false;
  if (spec.noise !== undefined) {
    const seNow = stderrOf(headDoc.value, path);
    const seWas = stderrOf(baseDoc.value, path);
    const lacking = [seNow === undefined ? "head" : "", seWas === undefined ? "the baseline" : ""].filter(
      Boolean,
    );
    if (lacking.length > 0) {
      throw new Refusal(
        `noise is set but ${file} states no standard error for ${path} at ${lacking.join(" or ")} (read: the metric's _stderr sibling, as lm-eval writes, or inspect_ai's stderr metric); remove noise or record the standard error`,
      );
    }
    const combined = Math.sqrt(seNow! ** 2 + seWas! ** 2);
    const floor = spec.noise * combined;
    noiseText = `, noise ${formatNumber(spec.noise)} × √(${formatNumber(seWas!)}² + ${formatNumber(seNow!)}²) = ${formatNumber(floor)}`;
    withinNoise = drop <= floor;
  }
  const detail = `${path}: ${pair} (${change}), bar ${barText}${direction}${noiseText}`;
  if (overAbsolute || overPercent) {
    if (withinNoise) {
      return {
        status: "noise",
        summary: `${path} ${moveWord}, beyond the ${allowed} allowed but within noise (${formatNumber(spec.noise!)} standard errors)`,
        detail: `${detail}: within noise`,
        measured: pair,
        bar: barText,
      };
    }
    return {
      status: "fail",
      summary: `${path} ${moveWord}${direction}, more than the ${allowed} allowed`,
      detail: `${detail}: REGRESSION`,
      measured: pair,
      bar: barText,
    };
  }
  return {
    status: "pass",
    summary: `${path} ${moveWord}${direction}${drop > 0 ? `, within the ${allowed} allowed` : ""}`,
    detail,
    measured: pair,
    bar: barText,
  };
}

/**
 * Which way is better for one metric: the user's word (per metric, else the check's), else what the file
 * states, else higher. The user's word against the file's is ambiguous and refused, never settled silently.
 */
function directionOf(
  spec: RegressionSpec,
  bar: DropBar,
  path: string,
  file: string,
  headDoc: DataDocument,
  baseDoc: DataDocument,
): boolean {
  const stated = statedDirection(headDoc.value, path);
  const statedBefore = statedDirection(baseDoc.value, path);
  if (stated !== undefined && statedBefore !== undefined && stated !== statedBefore) {
    throw new Refusal(
      `${file} states higher_is_better ${String(statedBefore)} for ${path} at the baseline but ${String(stated)} at head; set higherIsBetter for it to say which is meant`,
    );
  }
  const fromFile = stated ?? statedBefore;
  const user = bar.higherIsBetter ?? spec.higherIsBetter;
  if (user !== undefined && fromFile !== undefined && user !== fromFile) {
    throw new Refusal(
      `higherIsBetter is ${String(user)} for ${path} but ${file} states higher_is_better ${String(fromFile)}; remove higherIsBetter or fix the file`,
    );
  }
  return user ?? fromFile ?? true;
}

/** `results.<task>.<metric>[,<filter>]` (or `groups.…`) of an lm-eval results file. */
function lmEvalPlace(
  root: unknown,
  path: string,
): { task: string; key: string; metrics: Record<string, unknown> } | undefined {
  const parsed = parsePath(path);
  if (!parsed.ok || parsed.segments.length !== 3 || !isRecord(root)) return undefined;
  const [top, task, key] = parsed.segments as [PathSegment, PathSegment, PathSegment];
  if ((top !== "results" && top !== "groups") || typeof task !== "string" || typeof key !== "string")
    return undefined;
  const table = root[top];
  const metrics = isRecord(table) ? table[task] : undefined;
  return isRecord(metrics) ? { task, key, metrics } : undefined;
}

/** lm-eval's `higher_is_better.<task>.<metric>`, keyed by the metric without its `,filter` (v0.4). */
function statedDirection(root: unknown, path: string): boolean | undefined {
  const place = lmEvalPlace(root, path);
  if (!place || !isRecord(root) || !isRecord(root.higher_is_better)) return undefined;
  const task = root.higher_is_better[place.task];
  const name = place.key.split(",")[0]!;
  const value = isRecord(task) ? task[name] : undefined;
  return typeof value === "boolean" ? value : undefined;
}

/**
 * The standard error the file states for a metric: the sibling `<metric>_stderr` (lm-eval v0.3), or
 * `<metric>_stderr,<filter>` beside `<metric>,<filter>` (v0.4); for an inspect_ai score read at
 * `….metrics.<name>.value`, the `stderr` metric beside it (`….metrics.stderr.value`). lm-eval writes "N/A"
 * where it computed none: that is no standard error.
 */
function stderrOf(root: unknown, path: string): number | undefined {
  const parsed = parsePath(path);
  if (!parsed.ok || parsed.segments.length === 0) return undefined;
  const segments = parsed.segments;
  const key = segments[segments.length - 1];
  const parent = at(root, segments.slice(0, -1));
  if (!isRecord(parent) || typeof key !== "string") return undefined;
  const comma = key.indexOf(",");
  const sibling = comma < 0 ? `${key}_stderr` : `${key.slice(0, comma)}_stderr${key.slice(comma)}`;
  if (Object.hasOwn(parent, sibling)) return standardError(parent[sibling]);
  const metric = segments[segments.length - 2];
  if (key === "value" && typeof metric === "string" && metric !== "stderr" && segments.length >= 3) {
    const metrics = at(root, segments.slice(0, -2));
    const stderr = isRecord(metrics) && Object.hasOwn(metrics, "stderr") ? metrics.stderr : undefined;
    if (isRecord(stderr) && Object.hasOwn(stderr, "value")) return standardError(stderr.value);
  }
  return undefined;
}

function standardError(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** The value at a path's segments (own properties only), or undefined. */
function at(root: unknown, segments: readonly PathSegment[]): unknown {
  let current = root;
  for (const s of segments) {
    if (isRecord(current) && typeof s === "string" && Object.hasOwn(current, s)) current = current[s];
    else if (Array.isArray(current) && typeof s === "number" && s < current.length) current = current[s];
    else return undefined;
  }
  return current;
}

function compareCases(
  allowed: number,
  file: string,
  head: EvalSuite,
  base: EvalSuite,
  extra: string[],
): Part {
  const was = byIdentity(base, file, "the baseline");
  const now = byIdentity(head, file, "head");
  const newlyFailing: EvalCase[] = [];
  let added = 0;
  for (const [id, c] of now) {
    const before = was.get(id);
    if (before === undefined) added++;
    else if (before.outcome === "pass" && c.outcome !== "pass") newlyFailing.push(c);
  }
  const gone = [...was.keys()].filter((id) => !now.has(id)).length;
  const bar = `≤ ${plural(allowed, "new failure")}`;
  const measured = `${newlyFailing.length} newly failing`;
  const counts = `${plural(now.size, "case")} at head, ${was.size} at the baseline${added > 0 ? `, ${added} new (not compared)` : ""}${gone > 0 ? `, ${gone} gone since the baseline` : ""}`;
  for (const c of newlyFailing.slice(0, MAX_CASES_LISTED)) {
    extra.push(
      `newly ${c.outcome === "error" ? "erroring" : "failing"}: ${c.name}${c.provider ? ` [${c.provider}]` : ""}${c.reason ? ` (${c.reason})` : ""}`,
    );
  }
  if (newlyFailing.length > MAX_CASES_LISTED)
    extra.push(`and ${newlyFailing.length - MAX_CASES_LISTED} more newly failing`);
  const detail = `${head.label}: ${newlyFailing.length} passed at the baseline and fail now, bar ${bar} (${counts})`;
  if (newlyFailing.length > allowed) {
    return {
      status: "fail",
      summary: `${plural(newlyFailing.length, "case")} that passed at the baseline ${newlyFailing.length === 1 ? "fails" : "fail"} now (${formatList(
        newlyFailing.map((c) => c.name),
        3,
      )}), more than the ${allowed} allowed`,
      detail,
      measured,
      bar,
    };
  }
  return {
    status: "pass",
    summary: `${newlyFailing.length === 0 ? "no case" : plural(newlyFailing.length, "case")} that passed at the baseline ${newlyFailing.length <= 1 ? "fails" : "fail"} now, of ${counts}`,
    detail,
    measured,
    bar,
  };
}

/** Cases by identity; one identity twice in a suite cannot be paired, so it is refused. */
function byIdentity(suite: EvalSuite, file: string, side: string): Map<string, EvalCase> {
  const out = new Map<string, EvalCase>();
  for (const c of suite.cases) {
    const seen = out.get(c.identity);
    if (seen) {
      throw new Refusal(
        `${file} at ${side} holds the case ${JSON.stringify(c.name)}${c.provider ? ` on ${c.provider}` : ""} twice, so it cannot be paired with the other run; give each test a distinct description`,
      );
    }
    out.set(c.identity, c);
  }
  return out;
}

function allowedText(bar: DropBar): string {
  const parts: string[] = [];
  if (bar.maxDrop !== undefined) parts.push(formatNumber(bar.maxDrop));
  if (bar.maxDropPercent !== undefined) parts.push(`${formatNumber(bar.maxDropPercent)}%`);
  return parts.join(" and ");
}

/** A value for people, with full precision when rounding would make it read the same as the other. */
function show(value: number, other: number): string {
  const rounded = formatNumber(value);
  return value !== other && formatNumber(other) === rounded ? String(value) : rounded;
}

/** `+0.016`, `−0.016`, with the relative change where the baseline is not 0: `−0.016, −1.7%`. */
function signed(delta: number, was: number, now: number): string {
  let abs = formatNumber(Math.abs(delta));
  if (abs === "0" && delta !== 0) abs = String(Math.abs(now - was));
  const sign = delta > 0 ? "+" : delta < 0 ? MINUS : "±";
  const pct = was === 0 ? "" : `, ${sign}${formatNumber(Math.abs((delta / Math.abs(was)) * 100))}%`;
  return `${sign}${abs}${pct}`;
}
