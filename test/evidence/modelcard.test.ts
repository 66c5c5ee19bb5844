// The `modelcard` kind: a Hugging Face style card has its sections written, a license in its front
// matter, and every listed result in its model-index within bounds. Real cards from
// test/fixtures/corpus-ai; the current HF template mirrored in test/fixtures/benchmark.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readinessSchema, type ModelcardSpec } from "../../src/config/schema.js";
import { evaluateModelcard } from "../../src/evidence/modelcard.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { findingsFor, NOW, readinessFile } from "../gate/builders.js";
import { LINKS } from "../report/reports.js";
import { aiCorpusPath } from "../support/corpus.js";
import { hiddenIn, liveInMarkdown } from "../support/inert-oracle.js";
import { memoryContext } from "../support/memory-repo.js";

const WAV2VEC = readFileSync(aiCorpusPath("hf-model-card__wav2vec2-xls-r-1b-ca.md"), "utf8");
const LEGACY = readFileSync(aiCorpusPath("hf-model-card__legacy-model_index-distilbert-ner.md"), "utf8");
const EMPTY_RESULTS = readFileSync(aiCorpusPath("hf-model-card__results-empty-distilbert-sst2.md"), "utf8");
const TEMPLATE = readFileSync(
  new URL("../fixtures/benchmark/model-card-template-more-information-needed.md", import.meta.url),
  "utf8",
);
const CARD = "model/README.md";

function card(spec: Partial<ModelcardSpec>, text: string) {
  return evaluateModelcard(
    { file: CARD, sections: [], license: false, results: [], ...spec },
    memoryContext({ [CARD]: text }),
  );
}

describe("modelcard: passing", () => {
  it("passes the wav2vec2 card on its license, written sections and four WER results", async () => {
    const finding = await card(
      {
        sections: ["Model description", "Intended uses & limitations", "Training procedure"],
        license: true,
        results: [
          { task: "common_voice_8_0", metric: "wer", max: 0.12 },
          { task: "common_voice_8_0", metric: "cer", max: 0.03 },
          { task: "parlament_parla", metric: "wer", max: 0.07 },
          { task: "tv3_parla", metric: "wer", max: 0.18 },
          { task: "speech-recognition-community-v2/dev_data", metric: "wer", max: 0.28 },
        ],
      },
      WAV2VEC,
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      `model card 3 of 3 sections written, license apache-2.0, 5 of 5 results within bounds in ${CARD}`,
    );
    expect(finding.details).toEqual([
      `model-index: mozilla-foundation/common_voice_8_0 ca (ca) wer (Test WER) 0.11031 ≤ 0.12 in ${CARD}`,
      `model-index: mozilla-foundation/common_voice_8_0 ca (ca) cer (Test CER) 0.02841 ≤ 0.03 in ${CARD}`,
      `model-index: projecte-aina/parlament_parla ca (clean) wer (Test WER) 0.06483 ≤ 0.07 in ${CARD}`,
      `model-index: collectivat/tv3_parla ca (ca) wer (Test WER) 0.17918 ≤ 0.18 in ${CARD}`,
      `model-index: Robust Speech Event - Catalan Dev Data (ca) wer (Test WER) 0.27127 ≤ 0.28 in ${CARD}`,
    ]);
    expect(finding.evidence).toContainEqual({ path: CARD, line: 4 }); // license:
    expect(finding.evidence).toContainEqual({ path: CARD, line: 29 }); // the first WER value
  });

  it("passes the legacy model_index card's singular metric: accuracy 0.98519 on conll2003", async () => {
    const finding = await card(
      { license: true, results: [{ task: "conll2003", metric: "accuracy", min: 0.98 }] },
      LEGACY,
    );
    expect(finding.status).toBe("pass");
    expect(finding.measured).toBe("license apache-2.0, 1 of 1 results within bounds");
  });
});

describe("modelcard: failing", () => {
  it("fails the wav2vec2 card's empty 'Training and evaluation data' section, naming its line", async () => {
    const finding = await card({ sections: ["Model description", "Training and evaluation data"] }, WAV2VEC);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(`section 'Training and evaluation data' is empty in ${CARD}`);
    expect(finding.evidence).toEqual([{ path: CARD, line: 91 }]);
  });

  it("fails the three 'More information needed' sections of the legacy card", async () => {
    const finding = await card(
      {
        sections: [
          "Model description",
          "Intended uses & limitations",
          "Training and evaluation data",
          "Training procedure",
        ],
      },
      LEGACY,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `3 sections are not written: 'Model description', 'Intended uses & limitations', 'Training and evaluation data' in ${CARD}`,
    );
    expect(finding.details?.[0]).toBe(
      "line 41: section 'Model description' is a placeholder (More information needed); write it or remove the stand-in text",
    );
    expect(finding.measured).toBe("1 of 4 sections written");
  });

  it("fails template fields left as [More Information Needed], and a missing section", async () => {
    const finding = await card(
      { sections: ["Model Description", "Bias, Risks, and Limitations", "Uses", "Citation"] },
      TEMPLATE,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `missing section: Citation; 2 sections are not written: 'Model Description', 'Bias, Risks, and Limitations' in ${CARD}`,
    );
  });

  it("fails a card whose results exist only in prose (model-index `results: []`)", async () => {
    const finding = await card(
      { license: true, results: [{ task: "glue", metric: "accuracy", min: 0.85 }] },
      EMPTY_RESULTS,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `no structured results: its model-index lists no result with a metric in ${CARD}`,
    );
    expect(finding.evidence).toEqual([
      { path: CARD, line: 2 },
      { path: CARD, line: 7 },
    ]);
  });

  it("fails a card without front matter: no license and no structured results", async () => {
    const body = "# My model\n\n## Evaluation\n\nAccuracy 0.93 on our test set.\n";
    const finding = await card(
      { license: true, results: [{ task: "test", metric: "accuracy", min: 0.9 }] },
      body,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `no front matter, so no license; no structured results: the card has no model-index in its front matter (results only in prose do not count) in ${CARD}`,
    );
  });

  it("fails a result out of bounds, naming it among those that pass", async () => {
    const finding = await card(
      {
        results: [
          { task: "common_voice_8_0", metric: "wer", max: 0.1 },
          { task: "parlament_parla", metric: "wer", max: 0.1 },
        ],
      },
      WAV2VEC,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `model-index: mozilla-foundation/common_voice_8_0 ca (ca) wer (Test WER) 0.11031 > 0.1 in ${CARD}`,
    );
    expect(finding.measured).toBe("1 of 2 results within bounds");
  });
});

describe("modelcard: errors", () => {
  it("is an error naming the candidates when a result matches two entries, and a quoted value", async () => {
    const finding = await card(
      {
        results: [
          { task: "acme/claims-triage", metric: "f1", min: 0.8 },
          { task: "Claims triage holdout", metric: "accuracy", min: 0.9 },
        ],
      },
      TEMPLATE,
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("it matches 2 entries (Claims triage holdout (test) f1 (F1 (macro))");
    expect(finding.summary).toContain('accuracy is a string ("0.91"), not a number');
  });

  it("is an error naming file and line when the front matter is broken or never closed", async () => {
    const bad = await card({ license: true }, "---\nlicense: mit\nlicense: apache-2.0\n---\n# x\n");
    expect(bad.status).toBe("error");
    expect(bad.summary).toMatch(
      /^model\/README.md line 3: the front matter is not valid YAML: duplicate key/,
    );
    const open = await card({ license: true }, "---\nlicense: mit\n# x\n");
    expect(open.status).toBe("error");
    expect(open.summary).toBe(
      "model/README.md: the front matter opened by '---' at line 1 is never closed; end it with a '---' line",
    );
    const scalar = await card({ license: true }, "---\njust text\n---\n");
    expect(scalar.status).toBe("error");
    expect(scalar.summary).toContain("line 2: the front matter is not a mapping");
    const huge = await card(
      { license: true },
      `---\nlicense: mit\nnote: "${"x".repeat(1024 * 1024)}"\n---\n`,
    );
    expect(huge.status).toBe("error");
    expect(huge.summary).toContain("the front matter is larger than 1024 KiB");
  });

  it("fails a card that is not there and an empty one", async () => {
    const missing = await evaluateModelcard(
      { file: "nope.md", sections: ["A"], license: false, results: [] },
      memoryContext({}),
    );
    expect(missing.status).toBe("fail");
    expect((await card({ license: true }, "  \n")).summary).toBe(`${CARD} is empty`);
  });
});

describe("modelcard and benchmark in a readiness file", () => {
  it("validates the keys of DESIGN §8 and refuses a check with nothing to check or no bar", () => {
    const base = { version: 1, system: "s", owners: ["@carol"], stages: [{ name: "prod" }] };
    const ok = readinessSchema.safeParse({
      ...base,
      checks: [
        {
          id: "card",
          category: "compliance",
          modelcard: {
            file: "README.md",
            license: true,
            results: [{ task: "glue", metric: "accuracy", min: 0.8 }],
          },
        },
        {
          id: "bench",
          category: "model",
          benchmark: { file: "results/*.json", task: "mmlu", metric: "acc", min: 0.5, minSamples: 100 },
        },
      ],
    });
    expect(ok.success).toBe(true);
    const empty = readinessSchema.safeParse({
      ...base,
      checks: [{ id: "card", category: "compliance", modelcard: { file: "README.md" } }],
    });
    expect(empty.success).toBe(false);
    expect(JSON.stringify(empty.error?.issues)).toContain(
      "needs something to check: add sections, license: true or results",
    );
    const noBar = readinessSchema.safeParse({
      ...base,
      checks: [{ id: "b", category: "model", benchmark: { file: "r.json", metric: "acc" } }],
    });
    expect(JSON.stringify(noBar.error?.issues)).toContain("needs a bar: add min or max");
    const resultNoBar = readinessSchema.safeParse({
      ...base,
      checks: [
        {
          id: "card",
          category: "compliance",
          modelcard: { file: "README.md", results: [{ task: "t", metric: "m" }] },
        },
      ],
    });
    expect(JSON.stringify(resultNoBar.error?.issues)).toContain("needs a bar: add min or max");
  });

  it("keeps a card's own text inert in the comment", async () => {
    const hostile = "@octocat ping org/repo#1 https://evil.example \u202Etxt.exe";
    const text = `---\nlicense: "${hostile}"\nmodel-index:\n- name: m\n  results:\n  - dataset: {name: "${hostile}", type: "${hostile}"}\n    metrics:\n    - {type: "${hostile}", value: 0.1}\n---\n\n## ${hostile}\n\nTODO\n`;
    const finding = await card(
      { sections: [hostile], license: true, results: [{ task: hostile, metric: hostile, min: 0.5 }] },
      text,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("@octocat");
    const file = readinessFile({
      checks: [
        {
          id: "card",
          category: "compliance",
          modelcard: { file: CARD, sections: [hostile], license: true, results: [] },
        },
      ],
    });
    const report = buildReport(
      [judgeSystem(file, findingsFor(file, { card: finding }), { branch: "main" }, NOW)],
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
  });
});
