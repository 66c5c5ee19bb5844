// What every benchmark format reader yields: the named scores of one results file (or MLflow run folder),
// with the file's own timestamp. The `benchmark` and `modelcard` kinds choose among them by task and
// metric; each reader only says what its format holds, detected by content, never by file name.
import type { EvidenceRef } from "../types.js";

/** One number a results file states for a task and a metric. */
export interface Score {
  /** The task as the file names it (an lm-eval task key, a model-index dataset); "" where the format has none. */
  task: string;
  /** Other names the task answers to: a model-index dataset's type and name, an lm-eval alias. */
  taskAliases: string[];
  /** The metric as the file writes it: `acc,none`, `acc`, `wer`, `val_accuracy`, `eval.loss`. */
  metric: string;
  /** Other names the metric answers to: `acc` for lm-eval's `acc,none`, a model-index metric's name. */
  metricAliases: string[];
  /** As read: a number, or whatever else the file wrote there (a string, null, NaN, an object). */
  value: unknown;
  /** How many samples the score was measured on, where the file says. */
  samples?: number;
  /** How many the task has, when the run used fewer (lm-eval `--limit`: n-samples original). */
  samplesOf?: number;
  /** The standard error the file states beside it. */
  stderr?: number;
  /** Whether the file says a higher value is better (lm-eval's `higher_is_better`); informative only. */
  higherIsBetter?: boolean;
  /** How the score is named among candidates: `mmlu (groups)`, `common_voice_8_0 ca (ca)`. */
  label: string;
  /** The file the score is in (an MLflow metric file), when it is not the results file itself. */
  path?: string;
  /** 1-based line of the value, where the format tells. */
  line?: number;
}

/** One results file (or MLflow run folder) as a reader understood it. */
export interface ScoreFile {
  /** The format's name as findings say it: `lm-eval`, `model-index`, `MLflow`, `W&B`. */
  format: string;
  /** The file, or the run folder, findings name. */
  path: string;
  /** Whether the format names tasks (lm-eval, model-index, inspect); W&B and MLflow do not. */
  hasTasks: boolean;
  scores: Score[];
  /** The file's own timestamp, and where it came from (`date`, `end_time`, `_timestamp`, `its file name`). */
  timestamp?: { date: Date; from: string };
  /** Why the scores must not be used although they were read (an MLflow run that did not finish). */
  unusable?: string;
  /** What the file holds besides the scores, for a message when nothing matches (`only _wandb`). */
  note?: string;
  /** Files read, repository-relative (the meta.yaml and metric files of a run folder). */
  evidence: EvidenceRef[];
}

/** A reader of one format: a parsed JSON document in, its scores out. */
export interface JsonScoreReader {
  format: string;
  /** Whether the document is this format, by its content. */
  detect(doc: unknown): boolean;
  /** The scores; throws a FormatError naming the file when the document is this format but malformed. */
  read(doc: unknown, path: string, text: string): ScoreFile;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
