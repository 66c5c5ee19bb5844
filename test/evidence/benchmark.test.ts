// The `benchmark` kind: one named score in lm-eval results, a model card's model-index, an MLflow run
// folder or a W&B summary meets its bound. Real files from test/fixtures/corpus-ai; MLflow runs and a
// two-filter lm-eval file mirrored in test/fixtures/benchmark (see its README).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { BenchmarkSpec } from "../../src/config/schema.js";
import { evaluateBenchmark, readScoreFile } from "../../src/evidence/benchmark.js";
import { lastValue } from "../../src/evidence/parse/mlflow.js";
import { parsePythonJson } from "../../src/evidence/parse/py-json.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderText } from "../../src/report/text.js";
import { FsRepo } from "../../src/repo/fs.js";
import { findingsFor, NOW, readinessFile } from "../gate/builders.js";
import { LINKS } from "../report/reports.js";
import { aiCorpusPath } from "../support/corpus.js";
import { hiddenIn, liveInMarkdown } from "../support/inert-oracle.js";
import { memoryContext } from "../support/memory-repo.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/benchmark/", import.meta.url));

function real(name: string): string {
  return readFileSync(aiCorpusPath(name), "utf8");
}

/** Every file under a fixture folder, keyed by its path relative to that folder. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(FIXTURES, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

const MLRUNS = tree(join(FIXTURES, "mlruns"));
const BLOOM = real("lm-eval__v0.3-bloom-1b1-common-sense.json");
const COPA = real("lm-eval__v0.4-tinyllama-arabic-copa.json");
const QWEN = real("lm-eval__v0.4-qwen2.5-1.5b-groups.json");
const ASDIV_COT = real("lm-eval__v0.4-llama3.1-asdiv-cot-two-filters-limit-512.json");
const ASDIV_50 = real("lm-eval__v0.4-llama3-asdiv-limit-50.json");
const GSM8K = readFileSync(join(FIXTURES, "lm-eval-v0.4-gsm8k-two-filters-nan.json"), "utf8");
const WAV2VEC = real("hf-model-card__wav2vec2-xls-r-1b-ca.md");
const LEGACY = real("hf-model-card__legacy-model_index-distilbert-ner.md");
const EMPTY_RESULTS = real("hf-model-card__results-empty-distilbert-sst2.md");
const WANDB_LATEST = real("wandb__latest-run-summary.json");
const WANDB_HP = real("wandb__run-hp087ooo-summary.json");
const WANDB_NONE = real("wandb__run-xkwef2t9-summary-no-metrics.json");

function bench(spec: Partial<BenchmarkSpec> & { metric: string }, files: Record<string, string>) {
  return evaluateBenchmark({ file: "results/bloom.json", ...spec }, memoryContext(files));
}

describe("benchmark: lm-evaluation-harness", () => {
  it("reads v0.3 keys: hellaswag acc_norm 0.41775 fails a 0.45 bar, named with file and bar", async () => {
    const finding = await bench(
      { task: "hellaswag", metric: "acc_norm", min: 0.45 },
      { "results/bloom.json": BLOOM },
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("lm-eval: hellaswag acc_norm 0.41775 < 0.45 in results/bloom.json");
    expect(finding.measured).toBe("0.41775 ± 0.00492");
    expect(finding.bar).toBe("≥ 0.45");
    expect(finding.evidence).toEqual([{ path: "results/bloom.json" }]);
  });

  it("yields the bloom figures: hellaswag acc 0.34635, arc_easy 0.51473, boolq 0.59083, mc_taco em and f1 only", async () => {
    const file = readScoreFile(BLOOM, "bloom.json");
    expect(new Set(file.scores.map((s) => s.task)).size).toBe(12);
    const value = (task: string, metric: string) =>
      file.scores.find((s) => s.task === task && s.metric === metric)?.value;
    expect(value("hellaswag", "acc")).toBeCloseTo(0.34635, 5);
    expect(value("hellaswag", "acc_norm")).toBeCloseTo(0.41775, 5);
    expect(value("arc_easy", "acc")).toBeCloseTo(0.51473, 5);
    expect(value("boolq", "acc")).toBeCloseTo(0.59083, 5);
    expect(file.scores.filter((s) => s.task === "mc_taco").map((s) => [s.metric, s.value])).toEqual([
      ["em", 0.1448948948948949],
      ["f1", 0.32425976796237205],
    ]);
    const passing = await bench({ task: "boolq", metric: "acc", min: 0.55 }, { "results/bloom.json": BLOOM });
    expect(passing.status).toBe("pass");
    expect(passing.summary).toBe("lm-eval: boolq acc 0.59083 ≥ 0.55 in results/bloom.json");
  });

  it("is an error naming mc_taco's metrics when the metric asked for is not there", async () => {
    const finding = await bench(
      { task: "mc_taco", metric: "acc", min: 0.1 },
      { "results/bloom.json": BLOOM },
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'metric "acc" not found for task "mc_taco" in lm-eval results/bloom.json (its metrics: em, f1)',
    );
  });

  it("is an error naming the tasks when the file holds several and the check names none", async () => {
    const finding = await bench({ metric: "acc", min: 0.1 }, { "results/bloom.json": BLOOM });
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain(
      "lm-eval results/bloom.json holds 12 tasks (boolq, arc_easy, openbookqa",
    );
    expect(finding.summary).toContain("name one with task");
  });

  it("is an error naming the tasks there when the task is not", async () => {
    const finding = await bench({ task: "mmlu", metric: "acc", min: 0.1 }, { "results/bloom.json": BLOOM });
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^task "mmlu" is not in lm-eval results\/bloom.json \(its tasks: boolq, /,
    );
  });

  it("matches v0.4 `acc,none` by `acc`, with its stderr and n-samples", async () => {
    const files = { "results/copa.json": COPA };
    const finding = await bench(
      { file: "results/copa.json", task: "leaderboard_arabic_copa_light", metric: "acc", max: 0.5 },
      files,
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "lm-eval: leaderboard_arabic_copa_light acc,none 0.33333 ≤ 0.5 in results/copa.json (n 9)",
    );
    expect(finding.measured).toBe("0.33333 ± 0.16667");
    const norm = await bench(
      { file: "results/copa.json", metric: "acc_norm,none", min: 0.5 }, // one task: no need to name it
      files,
    );
    expect(norm.status).toBe("fail");
    expect(norm.summary).toBe(
      "lm-eval: leaderboard_arabic_copa_light acc_norm,none 0.44444 < 0.5 in results/copa.json (n 9)",
    );
  });

  it("fails a score measured on fewer samples than minSamples, and errors when the file does not say", async () => {
    const few = await bench(
      { file: "results/copa.json", metric: "acc", min: 0.3, minSamples: 100 },
      { "results/copa.json": COPA },
    );
    expect(few.status).toBe("fail");
    expect(few.summary).toBe(
      "lm-eval: leaderboard_arabic_copa_light acc,none 0.33333 in results/copa.json was measured on 9 samples < 100 required",
    );
    const unknown = await bench(
      { task: "boolq", metric: "acc", min: 0.3, minSamples: 100 },
      { "results/bloom.json": BLOOM },
    );
    expect(unknown.status).toBe("error");
    expect(unknown.summary).toContain("does not say how many samples it was measured on");
  });

  it("reads groups: mmlu acc 0.59614 ± 0.00391 on the samples of its subtasks", async () => {
    const files = { "results/qwen.json": QWEN };
    const mmlu = await bench({ file: "results/qwen.json", task: "mmlu", metric: "acc", min: 0.55 }, files);
    expect(mmlu.status).toBe("pass");
    expect(mmlu.measured).toBe("0.59614 ± 0.00391");
    expect(mmlu.summary).toMatch(/^lm-eval: mmlu acc,none 0.59614 ≥ 0.55 in results\/qwen.json \(n \d+\)$/);
    const hellaswag = await bench(
      { file: "results/qwen.json", task: "hellaswag", metric: "acc_norm", min: 0.7, minSamples: 10_000 },
      files,
    );
    expect(hellaswag.status).toBe("fail");
    expect(hellaswag.summary).toBe(
      "lm-eval: hellaswag acc_norm,none 0.67855 < 0.7 in results/qwen.json (n 10042)",
    );
    const cola = await bench({ file: "results/qwen.json", task: "cola", metric: "mcc", min: 0 }, files);
    expect(cola.status).toBe("fail");
    expect(cola.summary).toBe("lm-eval: cola mcc,none -0.00054 < 0 in results/qwen.json (n 1043)");
  });

  it("says when the bar's direction contradicts higher_is_better (lambada_openai perplexity 5.6777)", async () => {
    const files = { "results/qwen.json": QWEN };
    const min = await bench(
      { file: "results/qwen.json", task: "lambada_openai", metric: "perplexity", min: 3 },
      files,
    );
    expect(min.status).toBe("pass");
    expect(min.summary).toContain("lambada_openai perplexity,none 5.67771 ≥ 3 in results/qwen.json (n 5153)");
    expect(min.details).toEqual([
      "lm-eval says a lower perplexity,none is better, yet the bar is a minimum; use max if that is meant",
    ]);
    const max = await bench(
      { file: "results/qwen.json", task: "lambada_openai", metric: "perplexity", max: 5 },
      files,
    );
    expect(max.status).toBe("fail");
    expect(max.details).toBeUndefined();
  });

  it("real two-filter file: `exact_match` names both filters, `exact_match,strict-match` is 0.92578 on 512 of 2305", async () => {
    const files = { "results/asdiv.json": ASDIV_COT };
    const either = await bench({ file: "results/asdiv.json", metric: "exact_match", min: 0.9 }, files);
    expect(either.status).toBe("error");
    expect(either.summary).toBe(
      'metric "exact_match" is ambiguous in lm-eval results/asdiv.json: it matches 2 entries (asdiv_cot_llama exact_match,strict-match, asdiv_cot_llama exact_match,flexible-extract); name one exactly, e.g. "exact_match,strict-match"',
    );
    const strict = await bench(
      { file: "results/asdiv.json", metric: "exact_match,strict-match", min: 0.9 },
      files,
    );
    expect(strict.status).toBe("pass");
    expect(strict.summary).toBe(
      "lm-eval: asdiv_cot_llama exact_match,strict-match 0.92578 ≥ 0.9 in results/asdiv.json (n 512 of 2305)",
    );
    expect(strict.measured).toBe("0.92578 ± 0.0116");
    const flexible = await bench(
      { file: "results/asdiv.json", metric: "Exact_Match,Flexible-Extract", min: 0.95 },
      files,
    );
    expect(flexible.status).toBe("fail");
    expect(flexible.summary).toBe(
      "lm-eval: asdiv_cot_llama exact_match,flexible-extract 0.93164 < 0.95 in results/asdiv.json (n 512 of 2305)",
    );
  });

  it("fails a score from a run limited to 50 of 2305 samples when minSamples asks for more (real file)", async () => {
    const finding = await bench(
      { file: "results/asdiv.json", task: "asdiv", metric: "acc", min: 0.9, minSamples: 1000 },
      { "results/asdiv.json": ASDIV_50 },
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "lm-eval: asdiv acc,none 0.92 in results/asdiv.json was measured on 50 samples of 2305 (a limited run) < 1000 required",
    );
    const glob = await bench(
      { file: "results/*.json", metric: "acc", min: 0.9 },
      { "results/a.json": ASDIV_50, "results/b.json": ASDIV_COT },
    );
    // b (date 1724214482) is newer than a (1724211704) and has no `acc`: the newest file is judged, not the one that has it.
    expect(glob.status).toBe("error");
    expect(glob.summary).toBe(
      'metric "acc" not found in lm-eval results/b.json (its metrics: exact_match,strict-match, exact_match,flexible-extract), the newest of 2 by its date (2024-08-21T04:28:02.260Z)',
    );
  });

  it("is an error naming both filters when `exact_match` could be either; an explicit filter picks one", async () => {
    const files = { "results/gsm8k.json": GSM8K };
    const either = await bench(
      { file: "results/gsm8k.json", task: "gsm8k", metric: "exact_match", min: 0.3 },
      files,
    );
    expect(either.status).toBe("error");
    expect(either.summary).toBe(
      'metric "exact_match" for task "gsm8k" is ambiguous in lm-eval results/gsm8k.json: it matches 2 entries (gsm8k exact_match,strict-match, gsm8k exact_match,flexible-extract); name one exactly, e.g. "exact_match,strict-match"',
    );
    const strict = await bench(
      {
        file: "results/gsm8k.json",
        task: "gsm8k",
        metric: "exact_match,strict-match",
        min: 0.3,
        minSamples: 1000,
      },
      files,
    );
    expect(strict.status).toBe("pass");
    expect(strict.summary).toBe(
      "lm-eval: gsm8k exact_match,strict-match 0.34117 ≥ 0.3 in results/gsm8k.json (n 1319)",
    );
  });

  it("is an error, not an unreadable file, when a score is NaN (bare NaN as Python writes it)", async () => {
    const finding = await bench(
      { file: "results/gsm8k.json", task: "truthfulqa_mc2", metric: "acc", min: 0.3 },
      { "results/gsm8k.json": GSM8K },
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "lm-eval: truthfulqa_mc2 acc,none is NaN in results/gsm8k.json: not a score any bar can be met by",
    );
  });

  it("is an error naming the candidates when a group repeats a task with a different figure", async () => {
    const doc = JSON.parse(QWEN) as { groups: Record<string, Record<string, unknown>> };
    doc.groups.mmlu!["acc,none"] = 0.61;
    const finding = await bench(
      { file: "results/qwen.json", task: "mmlu", metric: "acc", min: 0.5 },
      { "results/qwen.json": JSON.stringify(doc) },
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("it matches 2 entries (mmlu acc,none, mmlu (groups) acc,none)");
  });
});

describe("benchmark: Hugging Face model-index", () => {
  const card = (text: string) => ({ "models/README.md": text });

  it("matches the task by dataset type, name or the type's last part, and the metric by type or name", async () => {
    const files = card(WAV2VEC);
    const byType = await bench(
      { file: "models/README.md", task: "mozilla-foundation/common_voice_8_0", metric: "wer", max: 0.15 },
      files,
    );
    expect(byType.status).toBe("pass");
    expect(byType.summary).toBe(
      "model-index: mozilla-foundation/common_voice_8_0 ca (ca) wer (Test WER) 0.11031 ≤ 0.15 in models/README.md",
    );
    expect(byType.evidence).toEqual([{ path: "models/README.md", line: 29 }]);
    const byName = await bench(
      { file: "models/README.md", task: "common_voice_8_0", metric: "Test CER", max: 0.02 },
      files,
    );
    expect(byName.status).toBe("fail");
    expect(byName.summary).toContain("cer (Test CER) 0.02841 > 0.02");
    const parla = await bench(
      { file: "models/README.md", task: "parlament_parla", metric: "wer", max: 0.1 },
      files,
    );
    expect(parla.summary).toContain("wer (Test WER) 0.06483 ≤ 0.1");
    const tv3 = await bench(
      { file: "models/README.md", task: "collectivat/tv3_parla", metric: "wer", max: 0.15 },
      files,
    );
    expect(tv3.status).toBe("fail");
    expect(tv3.summary).toContain("0.17918 > 0.15");
    const dev = await bench(
      { file: "models/README.md", task: "Robust Speech Event - Catalan Dev Data", metric: "wer", max: 0.3 },
      files,
    );
    expect(dev.status).toBe("pass");
    expect(dev.summary).toContain("0.27127 ≤ 0.3");
  });

  it("is an error naming the datasets when no task is named in a card with four", async () => {
    const finding = await bench({ file: "models/README.md", metric: "wer", max: 0.3 }, card(WAV2VEC));
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain(
      "holds 4 tasks (mozilla-foundation/common_voice_8_0, projecte-aina/parlament_parla",
    );
  });

  it("reads the legacy model_index with a singular metric: accuracy 0.98519 on conll2003", async () => {
    const finding = await bench(
      { file: "models/README.md", task: "conll2003", metric: "accuracy", min: 0.98 },
      card(LEGACY),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "model-index: conll2003 (conll2003) accuracy (Accuracy) 0.98519 ≥ 0.98 in models/README.md",
    );
    expect(finding.evidence).toEqual([{ path: "models/README.md", line: 25 }]);
  });

  it("fails a card whose model-index is `results: []`: its results exist only in prose", async () => {
    const finding = await bench(
      { file: "models/README.md", task: "glue", metric: "accuracy", min: 0.8 },
      card(EMPTY_RESULTS),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "accuracy not found in model-index models/README.md: no structured results: its model-index lists no result with a metric",
    );
  });

  it("names the candidates when one dataset has two results (test and validation splits)", async () => {
    const text = readFileSync(join(FIXTURES, "model-card-template-more-information-needed.md"), "utf8");
    const finding = await bench(
      { file: "models/README.md", task: "acme/claims-triage", metric: "f1", min: 0.8 },
      card(text),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain(
      "it matches 2 entries (Claims triage holdout (test) f1 (F1 (macro)), Claims triage holdout (2025 sample) (validation) f1)",
    );
    const quoted = await bench(
      { file: "models/README.md", task: "Claims triage holdout", metric: "accuracy", min: 0.8 },
      card(text),
    );
    expect(quoted.status).toBe("error");
    expect(quoted.summary).toBe(
      'model-index: Claims triage holdout (test) accuracy is a string ("0.91"), not a number in models/README.md; the file must write it as a number, without quotes',
    );
  });

  it("is an error naming the card's line when its front matter is not valid YAML", async () => {
    const broken = WAV2VEC.replace("  results:\n", "  results:\n  - task: [unclosed\n");
    const finding = await bench({ file: "models/README.md", task: "x", metric: "wer", max: 1 }, card(broken));
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/^models\/README.md line \d+: the front matter is not valid YAML: /);
  });
});

describe("benchmark: MLflow run folders", () => {
  const RUN = "mlruns/6/0a1b2c3d4e5f40718293a4b5c6d7e8f9";

  it("takes a metric's last value by step, then timestamp, from a finished run", async () => {
    const finding = await bench({ file: RUN, metric: "accuracy", min: 0.9 }, MLRUNS);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(`MLflow: accuracy 0.912 ≥ 0.9 in ${RUN}/metrics/accuracy`);
    expect(finding.evidence).toEqual([
      { path: `${RUN}/meta.yaml` },
      { path: `${RUN}/metrics/accuracy`, line: 2 },
    ]);
    const loss = await bench({ file: RUN, metric: "val/loss", max: 0.35 }, MLRUNS);
    expect(loss.status).toBe("fail");
    expect(loss.summary).toBe(`MLflow: val/loss 0.38 > 0.35 in ${RUN}/metrics/val/loss`);
  });

  it("is an error for a NaN metric and for a task, which a run does not have", async () => {
    const nan = await bench({ file: RUN, metric: "auc", min: 0.5 }, MLRUNS);
    expect(nan.status).toBe("error");
    expect(nan.summary).toBe(`MLflow: auc is NaN in ${RUN}/metrics/auc: not a score any bar can be met by`);
    const task = await bench({ file: RUN, task: "hellaswag", metric: "accuracy", min: 0.5 }, MLRUNS);
    expect(task.status).toBe("error");
    expect(task.summary).toContain("has no tasks (it holds one run's metrics)");
    const missing = await bench({ file: RUN, metric: "f1", min: 0.5 }, MLRUNS);
    expect(missing.summary).toBe(
      `metric "f1" not found in MLflow ${RUN} (its metrics: accuracy, auc, val/loss)`,
    );
  });

  it("is an error for a run that is RUNNING, FAILED or KILLED, whatever its metrics say", async () => {
    const cases: Array<[string, string]> = [
      ["2c3d4e5f6a7b40718293a4b5c6d7e8f9", "RUNNING (status 1)"],
      ["3d4e5f6a7b8c40718293a4b5c6d7e8f9", "FAILED (status 4)"],
      ["4e5f6a7b8c9d40718293a4b5c6d7e8f9", "KILLED (status 5)"],
    ];
    for (const [id, status] of cases) {
      const finding = await bench({ file: `mlruns/7/${id}`, metric: "accuracy", min: 0.1 }, MLRUNS);
      expect(finding.status, id).toBe("error");
      expect(finding.summary).toBe(
        `MLflow: run ${id} in mlruns/7/${id} did not finish: it is ${status} in meta.yaml, and only a finished run's metrics count`,
      );
    }
  });

  it("with a glob, uses the newest run by end_time and names it; the newest unfinished run is an error", async () => {
    const finding = await bench({ file: "mlruns/6/*", metric: "accuracy", min: 0.9 }, MLRUNS);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      `MLflow: accuracy 0.912 ≥ 0.9 in ${RUN}/metrics/accuracy, the newest of 2 by its end_time (2022-07-05T04:21:22.161Z)`,
    );
    const retries = await bench({ file: "mlruns/7/*", metric: "accuracy", min: 0.1 }, MLRUNS);
    expect(retries.status).toBe("error");
    expect(retries.summary).toMatch(/^MLflow: run 4e5f6a7b8c9d40718293a4b5c6d7e8f9 .* KILLED \(status 5\)/);
  });

  it("reads run folders through the real repository view too", async () => {
    const ctx = { repo: new FsRepo(FIXTURES), baseDir: "", now: NOW };
    const finding = await evaluateBenchmark({ file: "mlruns/6/*", metric: "accuracy", min: 0.95 }, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toMatch(
      /^MLflow: accuracy 0.912 < 0.95 in mlruns\/6\/0a1b.*\/metrics\/accuracy, the newest of 2/,
    );
    const none = await evaluateBenchmark({ file: "mlruns/9", metric: "accuracy", min: 0.5 }, ctx);
    expect(none.status).toBe("fail");
    expect(none.summary).toBe("no file or MLflow run folder at mlruns/9");
  });

  it("is an error naming the fix when file is an experiment folder or a run's meta.yaml", async () => {
    const experiment = await bench({ file: "mlruns/6", metric: "accuracy", min: 0.5 }, MLRUNS);
    expect(experiment.status).toBe("error");
    expect(experiment.summary).toBe(
      "mlruns/6/meta.yaml is not an MLflow run's meta.yaml (it has no run_id); point file at a run folder, mlruns/<experiment>/<run>",
    );
    const meta = await bench({ file: `${RUN}/meta.yaml`, metric: "accuracy", min: 0.5 }, MLRUNS);
    expect(meta.status).toBe("error");
    expect(meta.summary).toMatch(/; for an MLflow run, point file at its folder$/);
  });

  it("refuses a metric line that is not `<timestamp> <value> <step>`, naming file and line", () => {
    expect(lastValue("1 0.5 1\n2 0.7 1\n", "m")).toEqual({ value: 0.7, line: 2 });
    expect(lastValue("1 0.5\n", "m")).toEqual({ value: 0.5, line: 1 }); // before MLflow 1.0: no step
    expect(() => lastValue("1 0.5 1\nnot a line\n", "mlruns/1/r/metrics/acc")).toThrow(
      'mlruns/1/r/metrics/acc line 2 is not an MLflow metric line ("<timestamp> <value> <step>"): "not a line"',
    );
  });
});

describe("benchmark: W&B summaries", () => {
  const summary = (text: string) => ({ "wandb/files/wandb-summary.json": text });
  const FILE = "wandb/files/wandb-summary.json";

  it("reads fractions as written: Precision 0.86072 against 0.85", async () => {
    const finding = await bench({ file: FILE, metric: "Precision", min: 0.85 }, summary(WANDB_LATEST));
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(`W&B: Precision 0.86072 ≥ 0.85 in ${FILE}`);
    const f1 = await bench({ file: FILE, metric: "F1 Score", min: 0.9 }, summary(WANDB_LATEST));
    expect(f1.status).toBe("fail");
    expect(f1.summary).toBe(`W&B: F1 Score 0.85735 < 0.9 in ${FILE}`);
  });

  it("never rescales a percentage beside fractions: Accuracy 85.63 against a 0.8 bar is an error that says so", async () => {
    const finding = await bench({ file: FILE, metric: "Accuracy", min: 0.8 }, summary(WANDB_LATEST));
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      `W&B: Accuracy 85.63 in ${FILE} reads as a percentage, but the bar ≥ 0.8 as a fraction: the check cannot tell which scale is meant, and never rescales; write the bar on the file's scale (≥ 80) or log the metric as a fraction`,
    );
    const onScale = await bench({ file: FILE, metric: "Accuracy", min: 80 }, summary(WANDB_LATEST));
    expect(onScale.status).toBe("pass");
    expect(onScale.summary).toBe(`W&B: Accuracy 85.63 ≥ 80 in ${FILE}`);
    const fractionVsPercent = await bench({ file: FILE, metric: "Recall", min: 80 }, summary(WANDB_LATEST));
    expect(fractionVsPercent.status).toBe("fail");
    expect(fractionVsPercent.details).toEqual([
      "0.8563 reads as a fraction while the bar ≥ 80 reads as a percentage; nothing was rescaled",
    ]);
  });

  it("reads run hp087ooo: val_accuracy 74.81, test_accuracy 74.65, epoch 10", async () => {
    const file = readScoreFile(WANDB_HP, FILE);
    expect(Object.fromEntries(file.scores.map((s) => [s.metric, s.value]))).toMatchObject({
      val_accuracy: 74.81,
      test_accuracy: 74.65,
      epoch: 10,
    });
    expect(file.timestamp?.date.toISOString()).toBe("2024-04-08T04:11:25.053Z");
    const finding = await bench({ file: FILE, metric: "test_accuracy", min: 75 }, summary(WANDB_HP));
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(`W&B: test_accuracy 74.65 < 75 in ${FILE}`);
  });

  it("is 'metric not found' for a summary that logged no metric (run xkwef2t9)", async () => {
    const finding = await bench({ file: FILE, metric: "accuracy", min: 0.5 }, summary(WANDB_NONE));
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      `accuracy not found in W&B ${FILE}: the summary logged no metric (only _wandb)`,
    );
  });

  it("reads nested dictionaries with dots, and names both when a flat key says the same", async () => {
    const nested = await bench(
      { file: FILE, metric: "eval.f1", min: 0.5 },
      summary('{"eval": {"f1": 0.7}, "_step": 3}'),
    );
    expect(nested.summary).toBe(`W&B: eval.f1 (nested) 0.7 ≥ 0.5 in ${FILE}`);
    const both = await bench(
      { file: FILE, metric: "eval.f1", min: 0.5 },
      summary('{"eval.f1": 0.9, "eval": {"f1": 0.7}, "_step": 3}'),
    );
    expect(both.status).toBe("error");
    expect(both.summary).toContain("it matches 2 entries (eval.f1, eval.f1 (nested))");
  });
});

describe("benchmark: globs and formats", () => {
  it("uses the newest file by its own date and names it", async () => {
    const files = { "results/a/results_2024.json": COPA, "results/b/results_2025.json": QWEN };
    const finding = await bench({ file: "results/*/*.json", task: "mmlu", metric: "acc", min: 0.5 }, files);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toContain(
      "in results/b/results_2025.json (n ", // qwen's date is 2025-03-02, copa's 2024-08-14
    );
    expect(finding.summary).toContain(", the newest of 2 by its date (2025-03-02T23:52:52.260Z)");
  });

  it("takes the time from lm-eval's own file name when the file states none", async () => {
    const files = {
      "results/results_2024-08-14T04-26-36.420014.json": BLOOM,
      "results/results_2024-09-01T10-00-00.000000.json": BLOOM.replace("0.5908256880733945", "0.61"),
    };
    const finding = await bench({ file: "results/*.json", task: "boolq", metric: "acc", min: 0.6 }, files);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "lm-eval: boolq acc 0.61 ≥ 0.6 in results/results_2024-09-01T10-00-00.000000.json, the newest of 2 by the time in its file name (2024-09-01T10:00:00.000Z)",
    );
  });

  it("is an error when a matched file states no time, so the newest cannot be told", async () => {
    const files = { "results/bloom-a.json": BLOOM, "results/copa.json": COPA };
    const finding = await bench({ file: "results/*.json", task: "boolq", metric: "acc", min: 0.5 }, files);
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain(
      "cannot tell which of the 2 matched files is the newest: results/bloom-a.json states no time",
    );
  });

  it("fails when nothing matches, and errors on a file that is no benchmark format it reads", async () => {
    const none = await bench({ file: "results/*.json", metric: "acc", min: 0.5 }, {});
    expect(none.status).toBe("fail");
    expect(none.summary).toBe("no file or MLflow run folder matches results/*.json");
    const other = await bench({ metric: "acc", min: 0.5 }, { "results/bloom.json": '{"accuracy": 0.9}' });
    expect(other.status).toBe("error");
    expect(other.summary).toMatch(
      /^results\/bloom.json is not a benchmark result Shipgate reads \(lm-evaluation-harness/,
    );
    const broken = await bench({ metric: "acc", min: 0.5 }, { "results/bloom.json": '{"results": ' });
    expect(broken.status).toBe("error");
    expect(broken.summary).toMatch(/^results\/bloom.json is not valid JSON: /);
  });

  it("parses Python's NaN and Infinity only outside strings", () => {
    const parsed = parsePythonJson('{"a": NaN, "b": -Infinity, "c": "NaN", "d": [Infinity]}');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      const v = parsed.value as Record<string, unknown>;
      expect(Number.isNaN(v.a)).toBe(true);
      expect(v.b).toBe(-Infinity);
      expect(v.c).toBe("NaN");
      expect(v.d).toEqual([Infinity]);
    }
    expect(parsePythonJson('{"a": NaNa}').ok).toBe(false);
    expect(parsePythonJson('{"a": 1, "a": NaN}').ok).toBe(false); // duplicate keys are still refused
  });
});

describe("benchmark: evidence text is inert in every finding it reaches", () => {
  it("renders hostile task and metric names from a results file without a live mention, link or hidden character", async () => {
    const hostile = "@octocat ping org/repo#1 https://evil.example \u202Etxt.exe";
    const doc = {
      results: { [hostile]: { [`acc,${hostile}`]: 0.2 } },
      versions: { [hostile]: 1 },
    };
    const files = { "results/bloom.json": JSON.stringify(doc) };
    const finding = await bench({ task: hostile, metric: "acc", min: 0.5 }, files);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("@octocat"); // the text is there, as data
    const missing = await bench({ task: "x", metric: "acc", min: 0.5 }, files);
    const file = readinessFile({
      checks: [
        {
          id: "bench-fail",
          category: "model",
          benchmark: { file: "results/bloom.json", task: hostile, metric: "acc", min: 0.5 },
        },
        {
          id: "bench-error",
          category: "model",
          benchmark: { file: "results/bloom.json", task: "x", metric: "acc", min: 0.5 },
        },
      ],
    });
    const report = buildReport(
      [
        judgeSystem(
          file,
          findingsFor(file, { "bench-fail": finding, "bench-error": missing }),
          { branch: "main" },
          NOW,
        ),
      ],
      [],
      { branch: "main" },
      NOW,
    );
    const markdown = renderMarkdown(report, { links: LINKS });
    expect(
      liveInMarkdown(markdown, {
        owners: ["@acme/ml-claims", "@carol"],
        linkPrefix: `${LINKS.serverUrl}/${LINKS.repository}/`,
      }),
    ).toEqual([]);
    expect(hiddenIn(markdown, "\u2060")).toEqual([]);
    expect(hiddenIn(renderText(report, { color: false }), "")).toEqual([]);
  });
});
