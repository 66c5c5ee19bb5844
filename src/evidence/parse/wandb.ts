// W&B `wandb-summary.json`: the last logged value of every metric of a run, keyed as logged (`Accuracy`,
// `val/loss`), nested dictionaries kept as objects (read here with dots: `eval.loss`). Keys starting with
// `_` are W&B's own (`_timestamp` epoch seconds, `_runtime`, `_step`, `_wandb`). Values are written as
// logged: a summary may hold a percentage (85.63) beside fractions (0.86); nothing is rescaled.
import { isRecord, type JsonScoreReader, type Score, type ScoreFile } from "./scores.js";

/** W&B's own keys, one of which every summary it writes holds. */
const WANDB_KEYS = ["_wandb", "_timestamp", "_runtime", "_step"];
/** Nested summaries deeper than this, or larger, are not read further (a real one is a few levels). */
const MAX_DEPTH = 8;
const MAX_SCORES = 100_000;

export const wandbReader: JsonScoreReader = {
  format: "W&B",
  detect(doc) {
    return isRecord(doc) && !isRecord(doc.results) && WANDB_KEYS.some((k) => Object.hasOwn(doc, k));
  },
  read(doc, path) {
    const root = doc as Record<string, unknown>;
    const scores: Score[] = [];
    collect(root, "", 0, scores);
    const file: ScoreFile = { format: "W&B", path, hasTasks: false, scores, evidence: [{ path }] };
    const at = root._timestamp;
    if (typeof at === "number" && Number.isFinite(at) && at > 0) {
      file.timestamp = { date: new Date(at * 1000), from: "its _timestamp" };
    }
    if (scores.length === 0) {
      const own = Object.keys(root).filter((k) => k.startsWith("_"));
      file.note = `the summary logged no metric (only ${own.join(", ") || "nothing"})`;
    }
    return file;
  },
};

function collect(record: Record<string, unknown>, prefix: string, depth: number, out: Score[]): void {
  for (const [key, value] of Object.entries(record)) {
    if (out.length >= MAX_SCORES) return;
    if (prefix === "" && key.startsWith("_")) continue;
    const name = prefix === "" ? key : `${prefix}.${key}`;
    // A media or histogram entry ({"_type": "histogram", ...}) is one value, not a folder of metrics.
    if (isRecord(value) && !Object.hasOwn(value, "_type") && depth < MAX_DEPTH) {
      collect(value, name, depth + 1, out);
      continue;
    }
    const label = depth > 0 ? `${name} (nested)` : name;
    out.push({ task: "", taskAliases: [], metric: name, metricAliases: [], value, label });
  }
}
