// inspect_ai scores as a benchmark format: each scorer's metrics of a log (JSON, or a `.eval`'s header),
// with the task the log ran. A log whose status is not `success` is read but unusable: a cancelled run
// still writes an accuracy, and a gate must not accept it.
import { inspectSummary, isInspectLog, type InspectLogSummary } from "./inspect.js";
import type { JsonScoreReader, Score, ScoreFile } from "./scores.js";

/** Metrics that describe another metric's spread rather than a score of their own. */
const SPREAD = new Set(["stderr", "std", "var"]);

export function inspectScoreFile(summary: InspectLogSummary, path: string): ScoreFile {
  const scores: Score[] = [];
  for (const scorer of summary.scores) {
    const stderr = scorer.metrics.stderr;
    for (const [metric, value] of Object.entries(scorer.metrics)) {
      if (SPREAD.has(metric)) continue;
      scores.push({
        task: summary.task,
        taskAliases: [],
        metric,
        metricAliases: [`${scorer.name}/${metric}`],
        value,
        ...(summary.completedSamples !== null ? { samples: summary.completedSamples } : {}),
        ...(stderr !== undefined ? { stderr } : {}),
        label: `${summary.task} ${scorer.name} ${metric}`,
      });
    }
  }
  const created = summary.created !== undefined ? new Date(summary.created) : undefined;
  return {
    format: "inspect_ai",
    path,
    hasTasks: true,
    scores,
    ...(created && !Number.isNaN(created.getTime())
      ? { timestamp: { date: created, from: "its eval.created" } }
      : {}),
    ...(summary.status !== "success"
      ? { unusable: `the eval log's status is ${summary.status}; only a successful run's scores count` }
      : {}),
    evidence: [{ path }],
  };
}

export const inspectScoreReader: JsonScoreReader = {
  format: "inspect_ai",
  detect: isInspectLog,
  read: (doc, path) => inspectScoreFile(inspectSummary(doc), path),
};
