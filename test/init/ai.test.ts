// AI evidence for init (DESIGN section 8), proven on the real files of test/fixtures/corpus-ai: what is
// detected, and the YAML written for it with the section 8 keys. Whether the YAML is live or commented
// depends on whether this build's schema reads the kind, so the text is matched either way.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parseReadiness } from "../../src/config/load.js";
import {
  aiChecks,
  aiJson,
  mlflowRun,
  modelCard,
  promptfooConfig,
  promptfooOutputFlag,
} from "../../src/init/ai.js";
import { initReadiness } from "../../src/init/index.js";
import { aiCorpusPath } from "../support/corpus.js";
import { cleanTempRepos, fixtureRepo, ownersFilledIn, tempRepo } from "./temp-repo.js";
import { prose } from "../support/init-output.js";

afterAll(cleanTempRepos);

const corpus = (name: string) => readFileSync(aiCorpusPath(name), "utf8");
const json = (name: string): unknown => JSON.parse(corpus(name));
const same = (p: string) => p;

/** A check's evidence line, live (`    kind: ...`) or commented (`  #   kind: ...`). */
function evidenceLine(kind: string, body: string): RegExp {
  const escaped = body.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^ {2}(?:# )? {2}${kind}: \\{ ${escaped} \\}$`, "m");
}

describe("detection by content", () => {
  it("reads promptfoo results: pass, fail and error counts, and the mean cost of priced results", () => {
    const found = aiJson("evals/out.json", json("promptfoo__tds-project-2-prompts-mit.json"));
    expect(found).toMatchObject({
      kind: "promptfoo-output",
      version: 3,
      passed: 7,
      failed: 3,
      errors: 0,
      priced: 10,
    });
  });

  it("reads lm-evaluation-harness results of v0.3 and v0.4, skipping stderr keys", () => {
    expect(aiJson("r.json", json("lm-eval__v0.4-tinyllama-arabic-copa.json"))).toMatchObject({
      kind: "lm-eval",
      task: "leaderboard_arabic_copa_light",
      metric: "acc,none",
      value: 0.3333333333333333,
      better: "higher",
    });
    expect(aiJson("r.json", json("lm-eval__v0.3-bloom-1b1-common-sense.json"))).toMatchObject({
      kind: "lm-eval",
      metric: "acc",
    });
  });

  it("reads inspect_ai logs with their status, and never takes a cancelled log for a finished one", () => {
    expect(aiJson("logs/a.json", json("inspect-ai__security-guide-success.json"))).toEqual({
      kind: "inspect-log",
      path: "logs/a.json",
      status: "success",
      accuracy: 1,
      samples: 3,
    });
    const cancelled = aiJson("logs/b.json", json("inspect-ai__popularity-cancelled.json"));
    expect(cancelled).toMatchObject({ status: "cancelled" });
    const [check] = aiChecks([cancelled!], same);
    expect(check?.comment.join(" ")).toMatch(/status is cancelled, not success: this check fails/);
  });

  it("reads W&B summaries only where W&B writes them, by their headline metric", () => {
    const summary = json("wandb__latest-run-summary.json");
    expect(aiJson("wandb/latest-run/files/wandb-summary.json", summary)).toMatchObject({
      kind: "wandb-summary",
      metric: { key: "F1 Score", value: 0.8573470726094803 },
    });
    expect(aiJson("reports/wandb-summary.json", summary)).toBeUndefined();
    expect(
      aiJson("wandb/run-x/files/wandb-summary.json", json("wandb__run-xkwef2t9-summary-no-metrics.json")),
    ).toEqual({ kind: "wandb-summary", path: "wandb/run-x/files/wandb-summary.json" });
  });

  it("reads model cards' model-index (and the legacy model_index) with their license", () => {
    expect(modelCard("README.md", corpus("hf-model-card__wav2vec2-xls-r-1b-ca.md"))).toEqual({
      kind: "model-card",
      path: "README.md",
      license: true,
      result: {
        task: "mozilla-foundation/common_voice_8_0",
        metric: "wer",
        value: 0.11030639657300516,
        better: "lower",
      },
    });
    expect(modelCard("x.md", corpus("hf-model-card__legacy-model_index-distilbert-ner.md"))).toMatchObject({
      kind: "model-card",
      result: { metric: "accuracy", value: 0.985193893275295 },
    });
    expect(modelCard("notes.md", "# Notes\n\nno front matter\n")).toBeUndefined();
  });

  it("reads an MLflow run folder: finished or not, and the last value of a known metric", () => {
    const run = mlflowRun("mlruns/0/abc/meta.yaml", "run_id: abc\nstatus: 3\n", [
      { name: "loss", text: "1 0.9 0\n2 0.4 1\n" },
      { name: "accuracy", text: "1 0.81 0\n2 0.87 1\n" },
    ]);
    expect(run).toEqual({
      kind: "mlflow-run",
      path: "mlruns/0/abc",
      finished: true,
      metric: { name: "accuracy", value: 0.87 },
    });
    expect(mlflowRun("mlruns/0/abc/meta.yaml", "status: 1\n", [])).toMatchObject({ finished: false });
    expect(mlflowRun("config/meta.yaml", "status: 3\n", [])).toBeUndefined();
  });

  it("finds where a promptfoo run writes its results: outputPath in the config, or -o / --output", () => {
    expect(promptfooConfig("evals/promptfooconfig.yaml", "outputPath: ./out/results.json\n")).toEqual({
      kind: "promptfoo-config",
      path: "evals/promptfooconfig.yaml",
      outputPath: "evals/out/results.json",
    });
    expect(promptfooOutputFlag("npx promptfoo@latest eval -c p.yaml -o evals/results.json")).toBe(
      "evals/results.json",
    );
    expect(promptfooOutputFlag("promptfoo eval -c evals/promptfooconfig.yaml --no-cache")).toBeUndefined();
    expect(promptfooOutputFlag("python x.py --output a.json")).toBeUndefined();
  });
});

describe("init on a repository holding AI evidence", () => {
  it("writes evals, benchmark, modelcard and cost checks with the section 8 keys and stated bars", async () => {
    const root = tempRepo("ai-evidence", {
      "evals/promptfoo_results.json": corpus("promptfoo__tds-project-2-prompts-mit.json"),
      "lm-eval/results/results_2024-08-14T04-26-36.json": corpus("lm-eval__v0.4-tinyllama-arabic-copa.json"),
      "README.md": corpus("hf-model-card__wav2vec2-xls-r-1b-ca.md"),
      "wandb/run-1/files/wandb-summary.json": corpus("wandb__latest-run-summary.json"),
      "mlruns/0/abc123/meta.yaml": "run_id: abc123\nstatus: 3\n",
      "mlruns/0/abc123/metrics/accuracy": "1700000000000 0.81 0\n1700000050000 0.87 1\n",
    });
    const { text, discovery } = await initReadiness({ root, branch: "main" });
    expect(parseReadiness("readiness.yml", ownersFilledIn(text)).problems).toEqual([]);
    // The promptfoo results are read by the evals kind's own reader (an eval suite), the rest by content.
    expect(discovery.evalSuites.map((s) => [s.path, s.suite.format])).toEqual([
      ["evals/promptfoo_results.json", "promptfoo"],
    ]);
    expect(discovery.ai.map((f) => f.kind).sort()).toEqual([
      "lm-eval",
      "mlflow-run",
      "model-card",
      "wandb-summary",
    ]);
    expect(text).toMatch(
      evidenceLine("evals", 'files: "evals/promptfoo_results.json", minPassRate: 70, minTests: 10'),
    );
    expect(text).toMatch(
      evidenceLine(
        "benchmark",
        'file: "README.md", task: "mozilla-foundation/common_voice_8_0", metric: "wer", max: 0.12',
      ),
    );
    expect(text).toMatch(evidenceLine("benchmark", 'file: "mlruns/0/abc123", metric: "accuracy", min: 0.87'));
    expect(text).toMatch(
      evidenceLine(
        "benchmark",
        'file: "wandb/run-1/files/wandb-summary.json", metric: "F1 Score", min: 0.85',
      ),
    );
    // Too long for one line: a block mapping, one key a line.
    expect(text).toMatch(/^ {2}(?:# )? {4}metric: "acc,none"$/m);
    expect(text).toMatch(/^ {2}(?:# )? {4}min: 0\.33$/m);
    // The card's own written sections, and its license.
    expect(text).toMatch(
      /^ {2}(?:# )? {4}sections: \[Model description, Intended uses & limitations, Training results\]$/m,
    );
    expect(text).toMatch(/^ {2}(?:# )? {4}license: true$/m);
    // The cost promptfoo states, at a placeholder volume the comment says to replace.
    expect(text).toMatch(
      evidenceLine(
        "cost",
        'file: "evals/promptfoo_results.json", requestsPerMonth: 100000, maxMonthlyUsd: 8',
      ),
    );
    expect(prose(text)).toMatch(/requestsPerMonth is a placeholder of 100,000/);
    expect(text).toMatch(/Each bar is a starting point to review/);
  });

  it("turns a promptfoo config with no results yet into an evals check on the file its run should write", async () => {
    const root = fixtureRepo("promptfoo-llm-app");
    const { text, discovery, plan } = await initReadiness({ root, branch: "main" });
    expect(discovery.ai).toEqual([{ kind: "promptfoo-config", path: "evals/promptfooconfig.yaml" }]);
    // The eval suite is the model's go/no-go evidence: no generic metric suggestion beside it.
    expect(plan.suggestions.some((s) => s.id === "eval-go-no-go")).toBe(false);
    expect(text).toMatch(evidenceLine("evals", 'files: "evals/results.json", minPassRate: 90'));
    expect(prose(text)).toMatch(
      /run `promptfoo eval -c evals\/promptfooconfig\.yaml --output evals\/results\.json`/,
    );
  });
});
