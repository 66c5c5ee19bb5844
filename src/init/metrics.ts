// Evaluation metrics in a JSON or YAML report: a bounded walk over its objects that recognises metric
// names (f1, auc, accuracy, pass@k, faithfulness, bleu, ...) and says which one is the headline figure.
import { formatPath, type PathSegment } from "../base/jsonpath.js";

export interface MetricCandidate {
  /** Path into the document, written the way a `metric` check takes it (`metrics.f1`). */
  path: string;
  /** The key as written in the file. */
  key: string;
  /** How people call it: `F1`, `pass@1`, `faithfulness`. */
  label: string;
  value: number;
  better: "higher" | "lower";
  /** Lower is more likely the agreed go/no-go metric. */
  rank: number;
  depth: number;
}

interface MetricName {
  test: RegExp;
  label: (key: string) => string;
  better: "higher" | "lower";
}

/** The key as people say it: `pass rate`, `NDCG@10`, `ROUGE-L`. */
const same = (key: string) =>
  key
    .replace(/_/g, " ")
    .replace(/^(ndcg|map|mrr|bleu|sacrebleu|rouge|meteor|bertscore|chrf|wer|cer|mae|mse|rmse|ece)/i, (m) =>
      m.toUpperCase(),
    );
/** In order of how likely each is the go/no-go figure of an evaluation report. */
const METRIC_NAMES: MetricName[] = [
  {
    test: /^(?:f1|f1_?score|(?:macro|micro|weighted)_f1|f1_(?:macro|micro|weighted))$/,
    label: () => "F1",
    better: "higher",
  },
  {
    test: /^(?:auc|roc_?auc|auc_?roc|auroc|roc_auc_score|pr_auc|auprc)$/,
    label: () => "AUC",
    better: "higher",
  },
  {
    test: /^(?:accuracy|acc|balanced_accuracy|top_?1_accuracy|acc_norm)$/,
    label: () => "accuracy",
    better: "higher",
  },
  { test: /^pass@\d+$/, label: same, better: "higher" },
  { test: /^(?:pass_rate|success_rate|win_rate)$/, label: same, better: "higher" },
  { test: /^(?:exact_match|em)$/, label: () => "exact match", better: "higher" },
  { test: /^(?:faithfulness|groundedness|answer_correctness|correctness)$/, label: same, better: "higher" },
  {
    test: /^(?:answer_relevancy|answer_relevance|context_precision|context_recall|relevance)$/,
    label: same,
    better: "higher",
  },
  {
    test: /^(?:ndcg(?:@\d+)?|map(?:@\d+)?|mrr|hit_rate(?:@\d+)?|recall@\d+|precision@\d+)$/,
    label: same,
    better: "higher",
  },
  { test: /^precision$/, label: same, better: "higher" },
  { test: /^recall$/, label: same, better: "higher" },
  {
    test: /^(?:bleu|sacrebleu|rouge|rouge_?[12l]|rouge_?lsum|meteor|bertscore(?:_f1)?|chrf)$/,
    label: same,
    better: "higher",
  },
  { test: /^(?:r2|r_squared)$/, label: () => "R²", better: "higher" },
  {
    test: /^(?:hallucination_rate|toxicity|error_rate|wer|cer|mae|mse|rmse|log_?loss|brier(?:_score)?|ece|expected_calibration_error)$/,
    label: same,
    better: "lower",
  },
];

/** Parent keys under which a report states its headline figures. */
const HEADLINE_PARENTS = new Set([
  "metrics",
  "results",
  "overall",
  "summary",
  "aggregate",
  "total",
  "scores",
  "eval",
  "evaluation",
  "test",
]);

const MAX_DEPTH = 6;
const MAX_NODES = 10_000;

/** The metric a key names, if any: case, dashes and spaces do not matter; `acc,none` (lm-eval) is `acc`. */
export function metricName(key: string): MetricName | undefined {
  const normal = key
    .split(",")[0]!
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return METRIC_NAMES.find((m) => m.test.test(normal));
}

/**
 * Every recognised metric in `value`, best candidate first. Lists are not entered: they hold per-slice or
 * per-example figures, not the headline one. The walk stops after 6 levels and 10,000 nodes.
 */
export function findMetrics(value: unknown): MetricCandidate[] {
  const found: Array<MetricCandidate & { headline: boolean; order: number }> = [];
  let nodes = 0;
  const walk = (node: unknown, path: PathSegment[]): void => {
    if (nodes++ > MAX_NODES || path.length > MAX_DEPTH) return;
    if (typeof node !== "object" || node === null || Array.isArray(node)) return;
    for (const [key, child] of Object.entries(node)) {
      if (nodes > MAX_NODES) return;
      const here = [...path, key];
      if (typeof child === "number") {
        nodes += 1;
        const name = metricName(key);
        if (!name || !Number.isFinite(child) || child < 0) continue;
        const parent = path[path.length - 1];
        found.push({
          path: formatPath(here),
          key,
          label: name.label(key.split(",")[0]!.trim()),
          value: child,
          better: name.better,
          rank: METRIC_NAMES.indexOf(name),
          depth: here.length,
          headline: typeof parent === "string" && HEADLINE_PARENTS.has(parent.toLowerCase()),
          order: found.length,
        });
      } else {
        walk(child, here);
      }
    }
  };
  walk(value, []);
  found.sort(
    (a, b) =>
      a.rank - b.rank || Number(b.headline) - Number(a.headline) || a.depth - b.depth || a.order - b.order,
  );
  return found.map(({ headline: _h, order: _o, ...candidate }) => candidate);
}

/** Rounds down (or up) to `decimals` places without binary noise: 0.29 stays 0.29, never 0.28. */
export function roundTo(value: number, decimals: number, direction: "down" | "up"): number {
  const scale = 10 ** decimals;
  const scaled = Number((value * scale).toFixed(6));
  const rounded = direction === "down" ? Math.floor(scaled) : Math.ceil(scaled);
  return Number((rounded / scale).toFixed(decimals));
}
