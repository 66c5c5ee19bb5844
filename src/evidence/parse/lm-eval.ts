// lm-evaluation-harness results JSON: `results` (and, from v0.4, `groups`) map each task to its metrics.
// v0.3 keys are the metric's name (`acc`, `acc_stderr`); v0.4 keys add the filter (`acc,none`,
// `exact_match,strict-match`). v0.4 also states `n-samples` per task, `higher_is_better` per metric,
// `group_subtasks`, and the run's `date` (epoch seconds). The file's name may carry the time instead:
// `results_2024-08-14T04-26-36.420014.json`.
import { FormatError } from "../read.js";
import { isRecord, type JsonScoreReader, type Score, type ScoreFile } from "./scores.js";

/** `results_2024-08-14T04-26-36.420014.json`: lm-eval's own name for a results file (local time, no zone). */
const FILENAME_TIME = /(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})(?:\.(\d{1,6}))?\.json$/;

export const lmEvalReader: JsonScoreReader = {
  format: "lm-eval",
  detect(doc) {
    return (
      isRecord(doc) &&
      isRecord(doc.results) &&
      Object.values(doc.results).every(isRecord) &&
      (isRecord(doc.versions) || isRecord(doc.config) || isRecord(doc["n-shot"]))
    );
  },
  read(doc, path) {
    const root = doc as Record<string, unknown>;
    const scores: Score[] = [];
    const results = root.results as Record<string, Record<string, unknown>>;
    const groups = isRecord(root.groups) ? root.groups : {};
    for (const [task, metrics] of Object.entries(results))
      scores.push(...taskScores(root, task, metrics, ""));
    for (const [task, metrics] of Object.entries(groups)) {
      if (!isRecord(metrics)) throw new FormatError(`${path}: groups.${task} is not an object of metrics`);
      // v0.4 repeats a group's scores in `results`; only a different figure is a second candidate.
      const inResults = results[task];
      for (const score of taskScores(root, task, metrics, " (groups)")) {
        if (inResults && Object.is(inResults[score.metric], score.value)) continue;
        scores.push(score);
      }
    }
    const file: ScoreFile = { format: "lm-eval", path, hasTasks: true, scores, evidence: [{ path }] };
    const timestamp = timestampOf(root.date, path);
    if (timestamp) file.timestamp = timestamp;
    return file;
  },
};

function taskScores(
  root: Record<string, unknown>,
  task: string,
  metrics: Record<string, unknown>,
  where: string,
): Score[] {
  const alias = typeof metrics.alias === "string" ? metrics.alias.replace(/^[\s-]+/, "").trim() : "";
  const higher = isRecord(root.higher_is_better) ? root.higher_is_better[task] : undefined;
  const samples = samplesOf(root, task, 0);
  const counts = isRecord(root["n-samples"]) ? root["n-samples"][task] : undefined;
  const original = isRecord(counts) && typeof counts.original === "number" ? counts.original : undefined;
  const out: Score[] = [];
  for (const [key, value] of Object.entries(metrics)) {
    if (key === "alias" || key === "samples") continue;
    const comma = key.indexOf(",");
    const name = comma < 0 ? key : key.slice(0, comma);
    const filter = comma < 0 ? undefined : key.slice(comma + 1);
    if (name.endsWith("_stderr")) continue;
    const score: Score = {
      task,
      taskAliases: alias && alias !== task ? [alias] : [],
      metric: key,
      metricAliases: filter === undefined ? [] : [name],
      value,
      label: `${task}${where} ${key}`,
    };
    const stderr = metrics[filter === undefined ? `${name}_stderr` : `${name}_stderr,${filter}`];
    if (typeof stderr === "number" && Number.isFinite(stderr)) score.stderr = stderr;
    const better = isRecord(higher) ? higher[name] : undefined;
    if (typeof better === "boolean") score.higherIsBetter = better;
    if (samples !== undefined) score.samples = samples;
    if (samples !== undefined && original !== undefined && original > samples) score.samplesOf = original;
    out.push(score);
  }
  return out;
}

/**
 * The samples a task was scored on: `n-samples` (effective, else original); for a group, the sum over
 * its subtasks (`group_subtasks`), when every one of them states it.
 */
function samplesOf(root: Record<string, unknown>, task: string, depth: number): number | undefined {
  const counts = isRecord(root["n-samples"]) ? root["n-samples"][task] : undefined;
  if (isRecord(counts)) {
    const n = counts.effective ?? counts.original;
    return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : undefined;
  }
  const subtasks = isRecord(root.group_subtasks) ? root.group_subtasks[task] : undefined;
  if (!Array.isArray(subtasks) || subtasks.length === 0 || depth > 16) return undefined;
  let total = 0;
  for (const sub of subtasks) {
    const n = typeof sub === "string" ? samplesOf(root, sub, depth + 1) : undefined;
    if (n === undefined) return undefined;
    total += n;
  }
  return total;
}

function timestampOf(date: unknown, path: string): ScoreFile["timestamp"] {
  if (typeof date === "number" && Number.isFinite(date) && date > 0) {
    return { date: new Date(date * 1000), from: "its date" };
  }
  const m = FILENAME_TIME.exec(path);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const at = Date.UTC(y, mo - 1, d, h, mi, s) + (m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0);
  return Number.isNaN(at) ? undefined : { date: new Date(at), from: "the time in its file name" };
}
