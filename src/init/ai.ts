// AI evidence for `shipgate init` (DESIGN.md section 8): promptfoo configs and outputs, lm-evaluation-harness
// results, inspect_ai logs, Hugging Face model cards, MLflow runs, W&B summaries, Evidently drift reports and
// test suites, and data validation results (Great Expectations, Deepchecks), found by content with the
// kinds' own readers and turned into checks with the section 8 keys (`evals`, `benchmark`, `modelcard`,
// `cost`, `drift`, `datachecks`) and stated bars.
// Pure: the scan hands in texts; nothing here reads a file or runs anything.
import { posix } from "node:path";
import { parseYaml } from "../config/yaml.js";
import { formatList } from "../base/format.js";
import type { Category } from "../config/schema.js";
import { readDataCheckText } from "../evidence/datachecks.js";
import { readEvidentlyDriftReport, readEvidentlyTestSuite } from "../evidence/parse/evidently.js";
import { findMetrics, metricName, roundTo } from "./metrics.js";
import type { Spec } from "./suggestions.js";

export type AiFound =
  | { kind: "promptfoo-config"; path: string; outputPath?: string }
  | {
      kind: "promptfoo-output";
      path: string;
      version: number;
      passed: number;
      failed: number;
      errors: number;
      /** Mean cost per request of the results that state one and were not cached, in USD. */
      meanCost?: number;
      priced: number;
    }
  | { kind: "lm-eval"; path: string; task: string; metric: string; value: number; better: "higher" | "lower" }
  | {
      kind: "inspect-log";
      path: string;
      /** The log's status; undefined for a zipped `.eval` log, which init does not open. */
      status?: string;
      /** A JSON log's first score (accuracy, as a fraction); undefined for a zipped `.eval` log. */
      accuracy?: number;
      samples?: number;
    }
  | {
      kind: "model-card";
      path: string;
      license: boolean;
      result?: { task: string; metric: string; value: number; better: "higher" | "lower" };
    }
  | { kind: "mlflow-run"; path: string; finished: boolean; metric?: { name: string; value: number } }
  | {
      kind: "wandb-summary";
      path: string;
      metric?: { key: string; value: number; better: "higher" | "lower" };
    }
  | {
      kind: "data-checks";
      path: string;
      /** As the reader names it: `Great Expectations 1.x validation result`, `Deepchecks suite result`. */
      format: string;
      passed: number;
      failed: number;
      errors: number;
    }
  | {
      kind: "evidently-drift";
      path: string;
      format: string;
      drifted: number;
      /** Columns compared; undefined when the report states only a share. */
      columns?: number;
      share: number;
      /** The share from which Evidently calls the dataset drifted, as the report was run. */
      driftShare?: number;
    }
  | { kind: "evidently-tests"; path: string; format: string; passed: number; failed: number; other: number };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** promptfoo's config file names (`promptfooconfig.yaml`, `promptfooconfig.ci.yaml`). */
export const PROMPTFOO_CONFIG = /^promptfooconfig(?:\.[\w-]+)?\.ya?ml$/i;
/** W&B writes a run's summary here. */
export const WANDB_SUMMARY = /(?:^|\/)wandb\/[^/]+\/files\/wandb-summary\.json$/;
/** An MLflow run folder's metadata: `mlruns/<experiment>/<run>/meta.yaml`. */
export const MLFLOW_META = /(?:^|\/)mlruns\/[^/]+\/[^/]+\/meta\.yaml$/;

/** A promptfoo config: where it says its results go (`outputPath`), if it says. */
export function promptfooConfig(path: string, text: string): AiFound | undefined {
  if (!PROMPTFOO_CONFIG.test(posix.basename(path))) return undefined;
  const parsed = parseYaml(text);
  const outputPath = parsed.ok && isObject(parsed.value) ? parsed.value.outputPath : undefined;
  const first = Array.isArray(outputPath) ? outputPath[0] : outputPath;
  const dir = posix.dirname(path) === "." ? "" : posix.dirname(path);
  const out =
    typeof first === "string" &&
    /^[\w./-]+\.json$/.test(first) &&
    !first.startsWith("/") &&
    !first.includes("..")
      ? posix.join(dir, first.replace(/^\.\//, ""))
      : undefined;
  return { kind: "promptfoo-config", path, ...(out ? { outputPath: out } : {}) };
}

/** JSON evidence of an AI tool, told by its content: promptfoo output, lm-eval results, inspect log, W&B. */
export function aiJson(path: string, value: unknown): AiFound | undefined {
  if (!isObject(value)) return undefined;
  if (WANDB_SUMMARY.test(path)) {
    const best = findMetrics(value).find((m) => !m.key.startsWith("_"));
    return {
      kind: "wandb-summary",
      path,
      ...(best ? { metric: { key: best.key, value: best.value, better: best.better } } : {}),
    };
  }
  const results = value.results;
  // promptfoo --output: { results: { version, results: [...], stats: { successes, failures, errors } } }
  if (isObject(results) && num(results.version) !== undefined && isObject(results.stats)) {
    const stats = results.stats;
    const rows = Array.isArray(results.results) ? results.results : [];
    const costs = rows
      .filter((r): r is Json => isObject(r) && r.cached !== true && num(r.cost) !== undefined)
      .map((r) => r.cost as number);
    return {
      kind: "promptfoo-output",
      path,
      version: results.version as number,
      passed: num(stats.successes) ?? 0,
      failed: num(stats.failures) ?? 0,
      errors: num(stats.errors) ?? 0,
      priced: costs.length,
      ...(costs.length > 0 ? { meanCost: costs.reduce((a, b) => a + b, 0) / costs.length } : {}),
    };
  }
  // lm-evaluation-harness: { results: { task: { "acc,none": ... } }, versions | n-samples | configs }
  if (isObject(results) && ("versions" in value || "n-samples" in value || "configs" in value)) {
    for (const [task, scores] of Object.entries(results)) {
      if (!isObject(scores)) continue;
      const named = Object.entries(scores)
        .filter(([k, v]) => num(v) !== undefined && !/stderr/i.test(k) && metricName(k) !== undefined)
        .map(([k, v]) => ({ key: k, value: v as number, name: metricName(k)! }));
      const first = named[0];
      if (first)
        return {
          kind: "lm-eval",
          path,
          task,
          metric: first.key,
          value: first.value,
          better: first.name.better,
        };
    }
    return undefined;
  }
  // inspect_ai JSON log: { version, status, eval: {...}, results: { scores: [{ metrics: { accuracy } }] } }
  if (isObject(value.eval) && typeof value.status === "string") {
    const scores = isObject(results) && Array.isArray(results.scores) ? results.scores : [];
    const metrics = isObject(scores[0]) && isObject(scores[0].metrics) ? scores[0].metrics : {};
    const accuracy = isObject(metrics.accuracy) ? num(metrics.accuracy.value) : undefined;
    const samples = isObject(results) ? num(results.completed_samples) : undefined;
    return {
      kind: "inspect-log",
      path,
      status: value.status,
      ...(accuracy !== undefined ? { accuracy } : {}),
      ...(samples !== undefined ? { samples } : {}),
    };
  }
  return evidently(path, value);
}

/**
 * Evidently, read by the readers the `drift` and `datachecks` kinds use: a report with drift results is
 * drift evidence (its own ValueDrift tests are the same drift again); otherwise a test suite with tests.
 * A file that contradicts itself is left for the check to report, not wired.
 */
function evidently(path: string, value: Json): AiFound | undefined {
  try {
    const drift = readEvidentlyDriftReport(value);
    if (drift && drift.undecided.length === 0) {
      const byColumns = drift.columns.length > 0;
      const drifted = byColumns
        ? drift.columns.filter((c) => c.drifted).length
        : (drift.stated?.drifted ?? 0);
      const columns = byColumns ? drift.columns.length : drift.stated?.columns;
      return {
        kind: "evidently-drift",
        path,
        format: drift.format,
        drifted,
        ...(columns !== undefined ? { columns } : {}),
        share: columns ? drifted / columns : (drift.stated?.share ?? 0),
        ...(drift.driftShare !== undefined ? { driftShare: drift.driftShare } : {}),
      };
    }
  } catch {
    // Not a drift report init can describe; it may still be a test suite.
  }
  try {
    const suite = readEvidentlyTestSuite(value);
    if (!suite || suite.cases.length === 0) return undefined;
    const passed = suite.cases.filter((c) => c.status === "passed").length;
    const failed = suite.cases.filter((c) => c.status === "failed").length;
    return {
      kind: "evidently-tests",
      path,
      format: suite.format,
      passed,
      failed,
      other: suite.cases.length - passed - failed,
    };
  } catch {
    return undefined;
  }
}

/** Where data validation results are kept: GX's validations store, checkpoint output, Deepchecks reports. */
export const DATA_CHECK_PATH =
  /valid|expectation|checkpoint|deepcheck|great_expectations|(?:^|\/)gx\/|data[-_ ]?quality|integrity/i;

/**
 * A data validation result, told by the `datachecks` kind's own readers: JSON, or a JSON string holding
 * the JSON (a Deepchecks report dumped as a string). Anything they refuse is not wired.
 */
export function dataChecks(path: string, text: string): AiFound | undefined {
  try {
    const result = readDataCheckText(path, text);
    // Evidently is told apart by evidently() below: a report with drift results is drift evidence first.
    if (!result || result.cases.length === 0 || result.format.startsWith("Evidently")) return undefined;
    const count = (status: string) => result.cases.filter((c) => c.status === status).length;
    return {
      kind: "data-checks",
      path,
      format: result.format,
      passed: count("passed"),
      failed: count("failed"),
      errors: count("error"),
    };
  } catch {
    return undefined;
  }
}

/** A Markdown file with Hugging Face front matter holding `model-index` (or the legacy `model_index`). */
export function modelCard(path: string, text: string): AiFound | undefined {
  const front = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text.slice(0, 256 * 1024));
  if (!front) return undefined;
  const parsed = parseYaml(front[1] as string);
  if (!parsed.ok || !isObject(parsed.value)) return undefined;
  const meta = parsed.value;
  const index = meta["model-index"] ?? meta.model_index;
  if (!Array.isArray(index)) return undefined;
  let result: Extract<AiFound, { kind: "model-card" }>["result"];
  for (const model of index) {
    const results = isObject(model) && Array.isArray(model.results) ? model.results : [];
    for (const r of results) {
      if (!isObject(r)) continue;
      const task = isObject(r.dataset) ? (r.dataset.type ?? r.dataset.name) : undefined;
      const metrics = Array.isArray(r.metrics) ? r.metrics : isObject(r.metric) ? [r.metric] : [];
      for (const m of metrics) {
        if (!isObject(m) || typeof m.type !== "string" || num(m.value) === undefined) continue;
        const name = metricName(m.type);
        if (typeof task !== "string" || name === undefined) continue;
        result = { task, metric: m.type, value: m.value as number, better: name.better };
        break;
      }
      if (result) break;
    }
    if (result) break;
  }
  return {
    kind: "model-card",
    path,
    license: typeof meta.license === "string" && meta.license.trim() !== "",
    ...(result ? { result } : {}),
  };
}

/** An MLflow run: its folder, whether it finished, and its best-known metric (last value of its file). */
export function mlflowRun(
  metaPath: string,
  metaText: string,
  metrics: ReadonlyArray<{ name: string; text: string }>,
): AiFound | undefined {
  if (!MLFLOW_META.test(metaPath)) return undefined;
  const parsed = parseYaml(metaText);
  if (!parsed.ok || !isObject(parsed.value)) return undefined;
  const status = parsed.value.status;
  // MLflow writes RunStatus as a number (3 is FINISHED) or, in newer versions, its name.
  const finished = status === 3 || status === "FINISHED";
  let metric: { name: string; value: number } | undefined;
  const ranked = metrics
    .map((m) => ({ ...m, known: metricName(m.name) }))
    .filter((m) => m.known !== undefined)
    .sort((a, b) => (a.known!.better === "higher" ? 0 : 1) - (b.known!.better === "higher" ? 0 : 1));
  for (const m of ranked) {
    const last = m.text.trimEnd().split(/\r?\n/).pop() ?? "";
    const value = Number(last.split(/\s+/)[1]);
    if (Number.isFinite(value)) {
      metric = { name: m.name, value };
      break;
    }
  }
  return { kind: "mlflow-run", path: posix.dirname(metaPath), finished, ...(metric ? { metric } : {}) };
}

/** A promptfoo run that writes JSON: `promptfoo eval ... -o out.json` / `--output out.json`. */
export function promptfooOutputFlag(command: string): string | undefined {
  if (!/\bpromptfoo(?:@[\w.-]+)?\s+eval\b/.test(command)) return undefined;
  return /\s(?:-o|--output)(?:=|\s+)["']?([^\s"';|&]+\.json)\b/.exec(command.slice(0, 4096))?.[1];
}

/** A check on AI evidence, in the section 8 keys; `live` is decided by the planner against the schema. */
export interface AiCheck {
  id: string;
  title: string;
  category: Category;
  kind: "evals" | "benchmark" | "modelcard" | "cost" | "drift" | "datachecks";
  spec: Spec;
  comment: string[];
  found: string;
}

/** Data validation results wired as checks; the rest are named in the last one's comment. */
const MAX_DATA_CHECKS = 3;

const REVIEW = "Each bar is a starting point to review, not a bar agreed with the business.";

function pct(value: number): number {
  return Math.floor(value / 5) * 5;
}

function bound(value: number, better: "higher" | "lower"): Spec {
  return better === "higher" ? { min: roundTo(value, 2, "down") } : { max: roundTo(value, 2, "up") };
}

/**
 * Checks for the AI evidence found. `rel` writes a repository path as the readiness file does; a promptfoo
 * config with no output found gets an `evals` check on the file its run is configured (or told) to write.
 */
export function aiChecks(
  found: readonly AiFound[],
  rel: (path: string) => string,
  /** The written sections a card already has that a model card needs, when the scan outlined it. */
  cardSections: (path: string) => string[] | undefined = () => undefined,
): AiCheck[] {
  const out: AiCheck[] = [];
  const outputs = found.filter((f) => f.kind === "promptfoo-output");
  for (const f of outputs) {
    const total = f.passed + f.failed + f.errors;
    const rate = total > 0 ? (100 * f.passed) / total : 0;
    out.push({
      id: "evals-pass-rate",
      title: "The LLM eval suite passes",
      category: "model",
      kind: "evals",
      spec: { files: rel(f.path), minPassRate: pct(rate) },
      comment: [
        `Found promptfoo results (version ${f.version}) in ${rel(f.path)}: ${f.passed} passed, ${f.failed} failed, ${f.errors} errors (${Math.round(rate * 10) / 10}%).`,
        `minPassRate is that rate rounded down to a multiple of 5. ${REVIEW}`,
      ],
      found: `promptfoo results in ${rel(f.path)}, ${f.passed} of ${total} passed`,
    });
    if (f.meanCost !== undefined && f.meanCost > 0) {
      const requestsPerMonth = 100_000;
      out.push({
        id: "cost-per-month",
        title: "The monthly cost of the model calls stays within budget",
        category: "operations",
        kind: "cost",
        spec: {
          file: rel(f.path),
          requestsPerMonth,
          maxMonthlyUsd: Math.ceil(f.meanCost * requestsPerMonth * 1.2),
        },
        comment: [
          `Mean cost per request ${f.meanCost.toPrecision(3)} USD over ${f.priced} priced results in ${rel(f.path)}.`,
          `requestsPerMonth is a placeholder: set it from the expected traffic. maxMonthlyUsd is the measured mean x requestsPerMonth x 1.2. ${REVIEW}`,
        ],
        found: `promptfoo costs in ${rel(f.path)}`,
      });
    }
  }
  for (const f of found) {
    if (f.kind === "promptfoo-config" && outputs.length === 0) {
      const file = f.outputPath ?? posix.join(posix.dirname(f.path), "results.json");
      out.push({
        id: "evals-pass-rate",
        title: "The LLM eval suite passes",
        category: "model",
        kind: "evals",
        spec: { files: rel(file), minPassRate: 90 },
        comment: [
          `Found the promptfoo config ${rel(f.path)} but no results yet: run \`promptfoo eval -c ${rel(f.path)} --output ${rel(file)}\``,
          `before Shipgate. minPassRate 90 is a starting bar. ${REVIEW}`,
        ],
        found: `promptfoo config ${rel(f.path)} (no results yet)`,
      });
    } else if (f.kind === "lm-eval") {
      out.push({
        id: `benchmark-${slug(f.task)}`,
        title: `${f.task} ${f.metric} meets its bar`,
        category: "model",
        kind: "benchmark",
        spec: { file: rel(f.path), task: f.task, metric: f.metric, ...bound(f.value, f.better) },
        comment: [
          `Found lm-evaluation-harness results in ${rel(f.path)}: ${f.task} ${f.metric} ${f.value}.`,
          `The bar is that value rounded ${f.better === "higher" ? "down" : "up"} to 2 decimals. ${REVIEW}`,
        ],
        found: `lm-eval ${f.task} ${f.metric} ${f.value} in ${rel(f.path)}`,
      });
    } else if (f.kind === "inspect-log") {
      const spec: Spec = {
        files: rel(f.path),
        minPassRate: f.accuracy !== undefined ? pct(f.accuracy * 100) : 90,
      };
      out.push({
        id: "evals-inspect",
        title: "The inspect_ai evaluation passes",
        category: "model",
        kind: "evals",
        spec,
        comment: [
          f.accuracy !== undefined
            ? `Found an inspect_ai log in ${rel(f.path)}: status ${f.status}, accuracy ${f.accuracy}${f.samples !== undefined ? ` on ${f.samples} samples` : ""}; minPassRate is that rounded down to a multiple of 5.`
            : `Found an inspect_ai log in ${rel(f.path)}${f.status !== undefined ? ` (status ${f.status})` : ""}; minPassRate 90 is a starting bar.`,
          ...(f.status !== undefined && f.status !== "success"
            ? [`Its status is ${f.status}, not success: this check fails until a finished run is committed.`]
            : []),
          REVIEW,
        ],
        found: `inspect_ai log ${rel(f.path)}${f.status !== undefined ? ` (${f.status})` : ""}`,
      });
    } else if (f.kind === "model-card") {
      const own = cardSections(f.path);
      const sections =
        own && own.length > 0 ? own : ["Intended uses & limitations", "Training and evaluation data"];
      out.push({
        id: "model-card-hf",
        title: "The model card states use, data, evaluation and limitations",
        category: "compliance",
        kind: "modelcard",
        spec: {
          file: rel(f.path),
          sections,
          ...(f.license ? { license: true } : {}),
        },
        comment: [
          `Found a Hugging Face model card with model-index in ${rel(f.path)}${f.license ? " and a license in its front matter" : ""}.`,
          own && own.length > 0
            ? `The sections are the card's own written sections on use, data, evaluation and limitations. ${REVIEW}`
            : `The sections are those the Hugging Face card template writes; match them to the card's own headings. ${REVIEW}`,
        ],
        found: `model card ${rel(f.path)}`,
      });
      if (f.result) {
        out.push({
          id: `benchmark-${slug(f.result.metric)}`,
          title: `${f.result.metric} on ${f.result.task} meets its bar`,
          category: "model",
          kind: "benchmark",
          spec: {
            file: rel(f.path),
            task: f.result.task,
            metric: f.result.metric,
            ...bound(f.result.value, f.result.better),
          },
          comment: [
            `The card's model-index states ${f.result.metric} ${f.result.value} on ${f.result.task}; the bar is that value rounded ${f.result.better === "higher" ? "down" : "up"} to 2 decimals.`,
            REVIEW,
          ],
          found: `${f.result.metric} ${f.result.value} in the model-index of ${rel(f.path)}`,
        });
      }
    } else if (f.kind === "mlflow-run" && f.metric) {
      const better = metricName(f.metric.name)?.better ?? "higher";
      out.push({
        id: `benchmark-${slug(f.metric.name)}`,
        title: `The MLflow run's ${f.metric.name} meets its bar`,
        category: "model",
        kind: "benchmark",
        spec: { file: rel(f.path), metric: f.metric.name, ...bound(f.metric.value, better) },
        comment: [
          `Found the MLflow run ${rel(f.path)}: last ${f.metric.name} ${f.metric.value}${f.finished ? "" : "; the run has not finished, so this check fails until it has"}.`,
          REVIEW,
        ],
        found: `MLflow run ${rel(f.path)} ${f.metric.name} ${f.metric.value}`,
      });
    } else if (f.kind === "evidently-drift") {
      // Evidently's own dataset-drift threshold (drift_share, 0.5 unless the report was run with another).
      const bar = f.driftShare !== undefined && f.driftShare > 0 && f.driftShare <= 1 ? f.driftShare : 0.5;
      const measured =
        f.columns !== undefined
          ? `${f.drifted} of ${f.columns} columns drifted (${Math.round(f.share * 1000) / 10}%)`
          : `${Math.round(f.share * 1000) / 10}% of columns drifted`;
      out.push({
        id: "data-drift",
        title: "The input data has not drifted beyond its bar",
        category: "data",
        kind: "drift",
        spec: { file: rel(f.path), maxDriftedShare: bar },
        comment: [
          `Found an ${f.format} with data drift results in ${rel(f.path)}: ${measured}.`,
          `maxDriftedShare is ${f.driftShare !== undefined ? "the drift_share the report was run with" : "Evidently's default drift_share"}: Evidently calls the dataset drifted from that share up. Add columns: [...] for the features that must never drift. Drift monitoring on inputs is data readiness.${f.share > bar ? " The report is over the bar today, so this check fails until the data is fixed or the bar is agreed." : ""} ${REVIEW}`,
        ],
        found: `Evidently drift report ${rel(f.path)}, ${measured}`,
      });
    } else if (f.kind === "evidently-tests") {
      const total = f.passed + f.failed + f.other;
      out.push({
        id: "data-tests",
        title: "The data tests pass",
        category: "data",
        kind: "datachecks",
        spec: {
          files: rel(f.path),
          maxFailed: 0,
          ...(f.passed + f.failed > 0 ? { minEvaluated: f.passed + f.failed } : {}),
        },
        comment: [
          `Found an ${f.format} in ${rel(f.path)}: ${f.passed} of ${total} tests passed, ${f.failed} failed${f.other > 0 ? `, ${f.other} errored or skipped` : ""}.`,
          `maxFailed 0: a failed data test is a failure (an Evidently WARNING, a non-critical test that failed, counts as one).`,
          `minEvaluated is the number of tests that ran, so a suite that shrinks is caught.${f.failed > 0 ? " Tests fail today, so this check fails until they pass." : ""} ${REVIEW}`,
        ],
        found: `Evidently test suite ${rel(f.path)}, ${f.passed} of ${total} passed`,
      });
    } else if (f.kind === "wandb-summary" && f.metric) {
      out.push({
        id: `benchmark-${slug(f.metric.key)}`,
        title: `The W&B run's ${f.metric.key} meets its bar`,
        category: "model",
        kind: "benchmark",
        spec: { file: rel(f.path), metric: f.metric.key, ...bound(f.metric.value, f.metric.better) },
        comment: [`Found a W&B summary in ${rel(f.path)}: ${f.metric.key} ${f.metric.value}.`, REVIEW],
        found: `W&B ${f.metric.key} ${f.metric.value} in ${rel(f.path)}`,
      });
    }
  }
  // A validations store keeps every run: a few checks, the rest named, rather than one check per run.
  const data = found.filter((f) => f.kind === "data-checks");
  const wired = data.slice(0, MAX_DATA_CHECKS);
  const unwired = data.slice(MAX_DATA_CHECKS).map((f) => rel(f.path));
  wired.forEach((f, i) => {
    const evaluated = f.passed + f.failed;
    const state =
      f.errors > 0
        ? " This check is an error until they run."
        : f.failed > 0
          ? " It fails until they pass or maxFailed is raised on purpose."
          : "";
    out.push({
      id: i === 0 ? "data-checks" : `data-checks-${i + 1}`,
      title: "The data validation passes",
      category: "data",
      kind: "datachecks",
      spec: { files: rel(f.path), maxFailed: 0, minEvaluated: Math.max(1, evaluated) },
      comment: [
        `Found a ${f.format} in ${rel(f.path)}: ${evaluated} evaluated, ${f.failed} failed, ${f.errors} could not run.${state}`,
        `maxFailed 0: nothing may fail. minEvaluated ${Math.max(1, evaluated)} is what the file evaluates now, so a suite that quietly shrinks fails. ${REVIEW}`,
        ...(i === wired.length - 1 && unwired.length > 0
          ? [
              `Also found ${unwired.length} more data validation ${unwired.length === 1 ? "result" : "results"}, not wired: ${formatList(unwired, 3)}; point files at the one each run writes.`,
            ]
          : []),
      ],
      found: `${f.format} in ${rel(f.path)}, ${f.failed} of ${evaluated} failed`,
    });
  });
  // One check per id: the first evidence of a kind names it.
  const seen = new Set<string>();
  return out.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || "score"
  );
}
