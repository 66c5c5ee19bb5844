// `benchmark`: one named score in a results file meets its bound. The file's format is told by its
// content (parse/: lm-eval, Hugging Face model-index, MLflow run folders, W&B summaries); each reader
// yields named scores, and this module picks the one the check names, or says why it cannot.
import { posix } from "node:path";
import { isDynamicPattern } from "tinyglobby";
import type { BenchmarkSpec } from "../config/schema.js";
import { EvidenceError } from "../base/errors.js";
import { formatList, plural } from "../base/format.js";
import { valuePhrase } from "../base/jsonpath.js";
import { readInspectLog } from "./evalsuites.js";
import { inspectScoreFile, inspectScoreReader } from "./parse/inspect-scores.js";
import { lmEvalReader } from "./parse/lm-eval.js";
import { readMlflowMetrics, readMlflowRun, type MlflowRun } from "./parse/mlflow.js";
import { hasFrontMatter, modelCardScores } from "./parse/model-index.js";
import { parsePythonJson } from "./parse/py-json.js";
import type { JsonScoreReader, Score, ScoreFile } from "./parse/scores.js";
import { wandbReader } from "./parse/wandb.js";
import { displayPath, FormatError, guard } from "./read.js";
import type { EvidenceContext, EvidenceRef, Finding } from "./types.js";

/** The JSON formats a benchmark file may be, tried in order; each detects its own by content. */
export const BENCHMARK_READERS: readonly JsonScoreReader[] = [lmEvalReader, inspectScoreReader, wandbReader];

const KNOWN_FORMATS =
  "lm-evaluation-harness results JSON, an inspect_ai log (JSON or .eval), a Hugging Face model card with model-index, an MLflow run folder (mlruns/<experiment>/<run>) or a W&B wandb-summary.json";

/** How many names a message lists before "and N more". */
const LISTED = 8;

/** The bound a score is held to: a benchmark check, or one `results` entry of a model card. */
export interface ScoreBar {
  task?: string | undefined;
  metric: string;
  min?: number | undefined;
  max?: number | undefined;
  minSamples?: number | undefined;
}

/** What judging one score came to: the finding's status and the sentence that says why. */
export interface ScoreVerdict {
  status: "pass" | "fail" | "error";
  summary: string;
  measured?: string;
  bar: string;
  score?: Score;
  notes: string[];
}

type Candidate = { kind: "file"; path: string } | { kind: "run"; dir: string; run: MlflowRun };

export async function evaluateBenchmark(spec: BenchmarkSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.file, async () => {
    const candidates = await candidatesOf(ctx, spec.file);
    const chosen = await newestOf(candidates, ctx);
    if ("error" in chosen) return { status: "error", summary: chosen.error, evidence: chosen.evidence };
    const { file, among } = chosen;
    const evidence = (score?: Score): EvidenceRef[] => {
      const refs = [...file.evidence];
      const where = score?.path ?? file.path;
      if (score?.line !== undefined) {
        const at = refs.findIndex((r) => r.path === where);
        if (at >= 0) refs[at] = { path: where, line: score.line };
        else refs.push({ path: where, line: score.line });
      } else if (score?.path && !refs.some((r) => r.path === score.path)) refs.push({ path: score.path });
      return refs;
    };
    const newest =
      among > 1 && file.timestamp
        ? `, the newest of ${among} by ${file.timestamp.from} (${file.timestamp.date.toISOString()})`
        : "";
    if (file.unusable) {
      return { status: "error", summary: `${file.format}: ${file.unusable}${newest}`, evidence: evidence() };
    }
    const verdict = judgeScore(file, spec);
    const finding: Finding = {
      status: verdict.status,
      summary: `${verdict.summary}${newest}`,
      bar: verdict.bar,
      evidence: evidence(verdict.score),
    };
    if (verdict.measured !== undefined) finding.measured = verdict.measured;
    if (verdict.notes.length > 0) finding.details = verdict.notes;
    return finding;
  });
}

/** The files (and MLflow run folders) a path or glob names; none is a `missing` EvidenceError. */
async function candidatesOf(ctx: EvidenceContext, pattern: string): Promise<Candidate[]> {
  const resolved = ctx.repo.resolve(ctx.baseDir, pattern); // location check before walking anything
  const runPattern = `${pattern.replace(/\/+$/, "")}/meta.yaml`;
  if (!isDynamicPattern(pattern)) {
    // A run folder first: a view may list a folder named exactly as a match of its own pattern.
    if ((await ctx.repo.glob(ctx.baseDir, runPattern)).length > 0) {
      return [{ kind: "run", dir: resolved, run: await readMlflowRun(ctx.repo, resolved) }];
    }
    const files = await ctx.repo.glob(ctx.baseDir, pattern);
    if (files[0] !== undefined) return [{ kind: "file", path: files[0] }];
    throw new EvidenceError(`no file or MLflow run folder at ${displayPath(ctx, pattern)}`, "missing");
  }
  const runs: Candidate[] = [];
  for (const meta of await ctx.repo.glob(ctx.baseDir, runPattern)) {
    const dir = posix.dirname(meta);
    // An experiment's own meta.yaml beside its runs is not a run.
    const run = await readMlflowRun(ctx.repo, dir).catch((err: unknown) => {
      if (err instanceof FormatError && /has no run_id/.test(err.message)) return undefined;
      throw err;
    });
    if (run) runs.push({ kind: "run", dir, run });
  }
  const files: Candidate[] = (await ctx.repo.glob(ctx.baseDir, pattern))
    .filter((path) => runs.length === 0 || posix.basename(path) !== "meta.yaml")
    .map((path) => ({ kind: "file", path }));
  const all = [...runs, ...files];
  if (all.length === 0) {
    throw new EvidenceError(`no file or MLflow run folder matches ${displayPath(ctx, pattern)}`, "missing");
  }
  return all;
}

/** Reads a results file by its content: a model card, or JSON one of the readers knows. */
export function readScoreFile(text: string, path: string): ScoreFile {
  if (hasFrontMatter(text)) return modelCardScores(text, path);
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    const parsed = parsePythonJson(trimmed);
    if (!parsed.ok) throw new FormatError(`${path} is not valid JSON: ${parsed.message}`);
    const reader = BENCHMARK_READERS.find((r) => r.detect(parsed.value));
    if (reader) return reader.read(parsed.value, path, text);
  }
  const hint = posix.basename(path) === "meta.yaml" ? "; for an MLflow run, point file at its folder" : "";
  throw new FormatError(`${path} is not a benchmark result Shipgate reads (${KNOWN_FORMATS})${hint}`);
}

async function load(candidate: Candidate, ctx: EvidenceContext): Promise<ScoreFile> {
  if (candidate.kind === "run") return readMlflowMetrics(ctx.repo, candidate.run);
  // inspect_ai's default log format is a zip: its header.json holds the scores.
  if (posix.extname(candidate.path) === ".eval") {
    return inspectScoreFile(await readInspectLog(ctx, candidate.path), candidate.path);
  }
  return readScoreFile(await ctx.repo.readText(candidate.path), candidate.path);
}

/**
 * The one file to judge: the only candidate, or the newest by the time each states itself. A candidate
 * that states no time, or two at the same newest time, leave the choice open: an error naming them.
 */
async function newestOf(
  candidates: Candidate[],
  ctx: EvidenceContext,
): Promise<{ file: ScoreFile; among: number } | { error: string; evidence: EvidenceRef[] }> {
  if (candidates.length === 1) return { file: await load(candidates[0] as Candidate, ctx), among: 1 };
  type Timed = { candidate: Candidate; name: string; file?: ScoreFile; at?: Date };
  const timed: Timed[] = [];
  for (const candidate of candidates) {
    if (candidate.kind === "run") {
      const entry: Timed = { candidate, name: candidate.dir };
      if (candidate.run.timestamp) entry.at = candidate.run.timestamp.date;
      timed.push(entry);
    } else {
      const file = await load(candidate, ctx);
      const entry: Timed = { candidate, name: candidate.path, file };
      if (file.timestamp) entry.at = file.timestamp.date;
      timed.push(entry);
    }
  }
  const untimed = timed.filter((t) => t.at === undefined).map((t) => t.name);
  if (untimed.length > 0) {
    return {
      error: `cannot tell which of the ${timed.length} matched files is the newest: ${formatList(untimed)} ${untimed.length === 1 ? "states" : "state"} no time of its own (lm-eval date or a results_<time>.json name, MLflow end_time, W&B _timestamp); narrow file to one path`,
      evidence: untimed.slice(0, LISTED).map((path) => ({ path })),
    };
  }
  const latest = Math.max(...timed.map((t) => (t.at as Date).getTime()));
  const newest = timed.filter((t) => (t.at as Date).getTime() === latest);
  if (newest.length > 1) {
    return {
      error: `${formatList(newest.map((t) => t.name))} are equally the newest (${new Date(latest).toISOString()}); narrow file to one of them`,
      evidence: newest.slice(0, LISTED).map((t) => ({ path: t.name })),
    };
  }
  const pick = newest[0] as Timed;
  return { file: pick.file ?? (await load(pick.candidate, ctx)), among: timed.length };
}

/** Case, surrounding space and runs of space do not matter when a check names a task or metric. */
function key(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

function listNames(names: readonly string[]): string {
  return formatList([...new Set(names)], LISTED);
}

/** The one score a bar names in a file, or why there is not exactly one. */
export function selectScore(
  file: ScoreFile,
  bar: ScoreBar,
): { score: Score } | { status: "fail" | "error"; why: string } {
  const where = `${file.format} ${file.path}`;
  if (file.scores.length === 0 && file.note) {
    return {
      status: file.format === "model-index" ? "fail" : "error",
      why: `${bar.metric} not found in ${where}: ${file.note}`,
    };
  }
  let pool = file.scores;
  if (!file.hasTasks && bar.task !== undefined) {
    return {
      status: "error",
      why: `${where} has no tasks (it holds one run's metrics), so task ${JSON.stringify(bar.task)} cannot be matched; remove task from the check`,
    };
  }
  let taskPart = "";
  if (file.hasTasks) {
    const tasks = [...new Set(pool.map((s) => s.task))];
    if (bar.task === undefined) {
      if (tasks.length > 1) {
        return {
          status: "error",
          why: `${where} holds ${plural(tasks.length, "task")} (${listNames(tasks)}); name one with task`,
        };
      }
    } else {
      const want = key(bar.task);
      const exact = pool.filter((s) => key(s.task) === want);
      pool = exact.length > 0 ? exact : pool.filter((s) => s.taskAliases.some((a) => key(a) === want));
      if (pool.length === 0) {
        return {
          status: "error",
          why: `task ${JSON.stringify(bar.task)} is not in ${where} (its tasks: ${listNames(tasks)})`,
        };
      }
      taskPart = ` for task ${JSON.stringify(bar.task)}`;
    }
  }
  const want = key(bar.metric);
  const exact = pool.filter((s) => key(s.metric) === want);
  const matches = exact.length > 0 ? exact : pool.filter((s) => s.metricAliases.some((a) => key(a) === want));
  if (matches.length === 0) {
    const names = pool.map((s) => s.metric);
    return {
      status: "error",
      why: `metric ${JSON.stringify(bar.metric)} not found${taskPart} in ${where} (${names.length > 0 ? `its metrics: ${listNames(names)}` : (file.note ?? "it has none")})`,
    };
  }
  if (matches.length > 1) {
    return {
      status: "error",
      why: `metric ${JSON.stringify(bar.metric)}${taskPart} is ambiguous in ${where}: it matches ${matches.length} entries (${formatList(
        matches.map((s) => s.label),
        LISTED,
      )}); name one exactly, e.g. ${JSON.stringify((matches[0] as Score).metric)}`,
    };
  }
  return { score: matches[0] as Score };
}

/** Picks the score a bar names and holds it to the bar: min / max, minSamples, and the scale it is on. */
export function judgeScore(file: ScoreFile, bar: ScoreBar): ScoreVerdict {
  const barText = barOf(bar);
  const notes: string[] = [];
  const picked = selectScore(file, bar);
  if (!("score" in picked)) return { status: picked.status, summary: picked.why, bar: barText, notes };
  const score = picked.score;
  const value = score.value;
  const named = `${file.format}: ${score.label}`;
  const inFile = `in ${score.path ?? file.path}`;
  if (typeof value !== "number") {
    const hint =
      typeof value === "string" && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*%?\s*$/.test(value)
        ? "; the file must write it as a number, without quotes"
        : "";
    return {
      status: "error",
      summary: `${named} is ${valuePhrase(value)}, not a number ${inFile}${hint}`,
      bar: barText,
      score,
      notes,
    };
  }
  if (!Number.isFinite(value)) {
    return {
      status: "error",
      summary: `${named} is ${String(value)} ${inFile}: not a score any bar can be met by`,
      measured: String(value),
      bar: barText,
      score,
      notes,
    };
  }
  const shown = show(value, bar);
  const measured = score.stderr !== undefined ? `${shown} ± ${show(score.stderr, {})}` : shown;
  const n =
    score.samples === undefined
      ? ""
      : ` (n ${score.samples}${score.samplesOf !== undefined ? ` of ${score.samplesOf}` : ""})`;
  if (score.higherIsBetter === false && bar.min !== undefined && bar.max === undefined) {
    notes.push(
      `${file.format} says a lower ${score.metric} is better, yet the bar is a minimum; use max if that is meant`,
    );
  }
  if (score.higherIsBetter === true && bar.max !== undefined && bar.min === undefined) {
    notes.push(
      `${file.format} says a higher ${score.metric} is better, yet the bar is a maximum; use min if that is meant`,
    );
  }
  const scale = scaleMismatch(value, bar);
  if (scale === "percent-vs-fraction" && bar.min !== undefined) {
    return {
      status: "error",
      summary: `${named} ${shown} ${inFile} reads as a percentage, but the bar ${barText} as a fraction: the check cannot tell which scale is meant, and never rescales; write the bar on the file's scale (≥ ${show(bar.min * 100, {})}) or log the metric as a fraction`,
      measured,
      bar: barText,
      score,
      notes,
    };
  }
  if (scale === "percent-vs-fraction") {
    notes.push(
      `${shown} reads as a percentage while the bar ${barText} reads as a fraction; nothing was rescaled`,
    );
  }
  if (scale === "fraction-vs-percent") {
    notes.push(
      `${shown} reads as a fraction while the bar ${barText} reads as a percentage; nothing was rescaled`,
    );
  }
  const breach =
    bar.min !== undefined && value < bar.min
      ? `< ${showBound(bar.min, value)}`
      : bar.max !== undefined && value > bar.max
        ? `> ${showBound(bar.max, value)}`
        : undefined;
  if (breach) {
    return {
      status: "fail",
      summary: `${named} ${shown} ${breach} ${inFile}${n}`,
      measured,
      bar: barText,
      score,
      notes,
    };
  }
  if (bar.minSamples !== undefined) {
    if (score.samples === undefined) {
      return {
        status: "error",
        summary: `${named} ${shown} ${inFile}, but the file does not say how many samples it was measured on, so minSamples ${bar.minSamples} cannot be checked`,
        measured,
        bar: barText,
        score,
        notes,
      };
    }
    if (score.samples < bar.minSamples) {
      return {
        status: "fail",
        summary: `${named} ${shown} ${inFile} was measured on ${plural(score.samples, "sample")}${score.samplesOf !== undefined ? ` of ${score.samplesOf} (a limited run)` : ""} < ${bar.minSamples} required`,
        measured,
        bar: barText,
        score,
        notes,
      };
    }
  }
  return {
    status: "pass",
    summary: `${named} ${shown} ${barOf(bar, value)} ${inFile}${n}`,
    measured,
    bar: barText,
    score,
    notes,
  };
}

/**
 * A value in (1, 100] against a bar within [0, 1] reads as a percentage measured against a fraction
 * (W&B summaries hold both: Accuracy 85.63 beside Precision 0.86); the reverse too. Never rescaled.
 */
function scaleMismatch(
  value: number,
  bar: ScoreBar,
): "percent-vs-fraction" | "fraction-vs-percent" | undefined {
  const bounds = [bar.min, bar.max].filter((b): b is number => b !== undefined);
  if (value > 1 && value <= 100 && bounds.every((b) => b > 0 && b <= 1)) return "percent-vs-fraction";
  if (value >= 0 && value <= 1 && bounds.every((b) => b > 1 && b <= 100)) return "fraction-vs-percent";
  return undefined;
}

function barOf(bar: ScoreBar, value?: number): string {
  const parts: string[] = [];
  if (bar.min !== undefined) parts.push(`≥ ${showBound(bar.min, value)}`);
  if (bar.max !== undefined) parts.push(`≤ ${showBound(bar.max, value)}`);
  if (bar.minSamples !== undefined && value === undefined)
    parts.push(`on ≥ ${plural(bar.minSamples, "sample")}`);
  return parts.join(" and ");
}

/** Benchmarks are compared at 4 or 5 decimals: show 5, and every digit where 5 would hide a breach. */
function round5(n: number): string {
  const rounded = Math.round(n * 1e5) / 1e5;
  return Math.abs(rounded) < 1e21 ? String(rounded === 0 ? 0 : rounded) : String(n);
}

function show(value: number, bar: { min?: number | undefined; max?: number | undefined }): string {
  const rounded = round5(value);
  for (const bound of [bar.min, bar.max]) {
    if (bound !== undefined && bound !== value && round5(bound) === rounded) return String(value);
  }
  return rounded;
}

function showBound(bound: number, value: number | undefined): string {
  const rounded = round5(bound);
  return value !== undefined && value !== bound && round5(value) === rounded ? String(bound) : rounded;
}
