// The benchmark and modelcard kinds end to end: a readiness file that uses them, with real lm-eval
// results, W&B summaries, model cards and an MLflow store on disk, judged by the bundled CLI.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkJson, checksById, copyInto } from "../support/cli-check.js";
import { aiCorpusPath } from "../support/corpus.js";

const scratch = mkdtempSync(join(tmpdir(), "shipgate-ai-kinds-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const READINESS = `version: 1
system: speech-and-text
owners: ["@carol"]
stages:
  - name: production
    branches: [main]
checks:
  - id: mmlu
    category: model
    benchmark: { file: "eval/lm-eval/*.json", task: mmlu, metric: acc, min: 0.55 }
  - id: hellaswag
    category: model
    benchmark: { file: "eval/lm-eval/*.json", task: hellaswag, metric: acc_norm, min: 0.7, minSamples: 1000 }
  - id: wandb-accuracy
    category: model
    benchmark: { file: wandb/latest-run/files/wandb-summary.json, metric: Accuracy, min: 0.8 }
  - id: mlflow-accuracy
    category: model
    benchmark: { file: "mlruns/7/*", metric: accuracy, min: 0.5 }
  - id: card-asr
    category: compliance
    modelcard:
      file: models/asr/README.md
      license: true
      results: [{ task: common_voice_8_0, metric: wer, max: 0.12 }]
  - id: card-sst2
    category: compliance
    modelcard:
      file: models/sst2/README.md
      sections: [Model description]
      results: [{ task: glue, metric: accuracy, min: 0.85 }]
`;

describe("shipgate check with benchmark and modelcard checks", () => {
  it("judges each check on its real evidence and says why", () => {
    const dir = join(scratch, "repo");
    const put = (to: string, from: string) => copyInto(dir, to, from);
    put(
      "eval/lm-eval/results_2025-03-03T00-05-12.300060.json",
      aiCorpusPath("lm-eval__v0.4-qwen2.5-1.5b-groups.json"),
    );
    put(
      "eval/lm-eval/results_2024-08-14T04-26-36.420014.json",
      aiCorpusPath("lm-eval__v0.4-tinyllama-arabic-copa.json"),
    );
    put("wandb/latest-run/files/wandb-summary.json", aiCorpusPath("wandb__latest-run-summary.json"));
    put("models/asr/README.md", aiCorpusPath("hf-model-card__wav2vec2-xls-r-1b-ca.md"));
    put("models/sst2/README.md", aiCorpusPath("hf-model-card__results-empty-distilbert-sst2.md"));
    put("mlruns/7", fileURLToPath(new URL("../fixtures/benchmark/mlruns/7", import.meta.url)));
    writeFileSync(join(dir, "readiness.yml"), READINESS);

    const { status, report } = checkJson(dir);
    expect(status).toBe(1);
    expect(report.problems).toEqual([]);
    expect(report.verdict).toBe("no-go");
    const byId = checksById(report);
    expect(byId.mmlu).toMatchObject({ kind: "benchmark", status: "pass" });
    expect(byId.mmlu!.finding.summary).toMatch(
      /^lm-eval: mmlu acc,none 0.59614 ≥ 0.55 in eval\/lm-eval\/results_2025-03-03T00-05-12.300060.json \(n \d+\), the newest of 2 by its date/,
    );
    expect(byId.hellaswag).toMatchObject({ status: "fail" });
    expect(byId.hellaswag!.finding.summary).toContain("hellaswag acc_norm,none 0.67855 < 0.7");
    expect(byId["wandb-accuracy"]).toMatchObject({ status: "error" });
    expect(byId["wandb-accuracy"]!.finding.summary).toContain("Accuracy 85.63");
    expect(byId["wandb-accuracy"]!.finding.summary).toContain("reads as a percentage");
    expect(byId["mlflow-accuracy"]).toMatchObject({ status: "error" });
    expect(byId["mlflow-accuracy"]!.finding.summary).toContain("KILLED (status 5)");
    expect(byId["card-asr"]).toMatchObject({ kind: "modelcard", status: "pass" });
    expect(byId["card-sst2"]).toMatchObject({ kind: "modelcard", status: "fail" });
    expect(byId["card-sst2"]!.finding.summary).toBe(
      "section 'Model description' is a placeholder (More information needed); no structured results: its model-index lists no result with a metric in models/sst2/README.md",
    );
  });
});
