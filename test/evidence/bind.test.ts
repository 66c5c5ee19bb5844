// bind on real evidence: lm-evaluation-harness results (test/fixtures/corpus-ai) bound to a serving manifest,
// and a dvc.lock whose evaluate stage must have run on the model its train stage wrote.
import { describe, expect, it } from "vitest";
import { checkSchema, type CheckSpec } from "../../src/config/schema.js";
import { evaluateCheck } from "../../src/evidence/index.js";
import type { Finding } from "../../src/evidence/types.js";
import { fixturesContext } from "../support/fixtures-context.js";
import { memoryContext } from "../support/memory-repo.js";

const QWEN = "corpus-ai/lm-eval__v0.4-qwen2.5-1.5b-groups.json";
const QWEN_SHA = "8faed761d45a263340a0528343f099c05c9a4323";

function check(raw: Record<string, unknown>): CheckSpec {
  return checkSchema.parse({ id: "eval-bound", category: "model", ...raw });
}

const arcChallenge = (min: number) => ({
  metric: { file: QWEN, path: 'results.arc_challenge["acc,none"]', min },
});

describe("bind on an lm-eval result and a serving manifest", () => {
  it("passes when the evaluation is about the revision the manifest deploys, and says so", async () => {
    const finding = await evaluateCheck(
      check({
        ...arcChallenge(0.4),
        bind: {
          path: "config.model_sha",
          equals: { file: "bind/serving-qwen2.5-1.5b-at-evaluated-revision.yaml", path: "model.revision" },
        },
      }),
      fixturesContext(),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toContain("0.415");
    expect(finding.details?.[0]).toBe(
      `bound: config.model_sha a string ("${QWEN_SHA}") in ${QWEN} equals model.revision a string ("${QWEN_SHA}") in bind/serving-qwen2.5-1.5b-at-evaluated-revision.yaml`,
    );
    expect(finding.evidence).toContainEqual({
      path: "bind/serving-qwen2.5-1.5b-at-evaluated-revision.yaml",
      line: 4,
    });
  });

  it("fails a passing score when the manifest deploys another revision, naming both values", async () => {
    const finding = await evaluateCheck(
      check({
        ...arcChallenge(0.4),
        bind: {
          path: "config.model_sha",
          equals: { file: "bind/serving-qwen2.5-1.5b-at-newer-revision.yaml", path: "model.revision" },
        },
      }),
      fixturesContext(),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `${QWEN} is about another model: config.model_sha a string ("${QWEN_SHA}") in ${QWEN}, but model.revision a string ("0c2b1a5e7f3d4c6b8a9e0f1d2c3b4a5968778695") in bind/serving-qwen2.5-1.5b-at-newer-revision.yaml`,
    );
    expect(finding.details![0]).toMatch(/^the evidence itself passed: .*0\.415/);
  });

  it("keeps a failing score failing and adds the binding as a detail", async () => {
    const finding = await evaluateCheck(
      check({
        ...arcChallenge(0.9),
        bind: {
          path: "config.model_sha",
          equals: { file: "bind/serving-qwen2.5-1.5b-at-newer-revision.yaml", path: "model.revision" },
        },
      }),
      fixturesContext(),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("0.415");
    expect(finding.details?.[0]).toMatch(/^bind: .* is about another model/);
  });

  it("errors when the bound path is not in the evidence, with the keys that are there", async () => {
    const finding = await evaluateCheck(
      check({
        ...arcChallenge(0.4),
        bind: {
          path: "config.model_hash",
          equals: { file: "bind/serving-qwen2.5-1.5b-at-evaluated-revision.yaml", path: "model.revision" },
        },
      }),
      fixturesContext(),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/^config\.model_hash is not in corpus-ai\/lm-eval.*model_sha/);
  });

  it("fails when the file it is bound to is missing", async () => {
    const finding = await evaluateCheck(
      check({
        ...arcChallenge(0.4),
        bind: {
          path: "config.model_sha",
          equals: { file: "bind/no-such-manifest.yaml", path: "model.revision" },
        },
      }),
      fixturesContext(),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toMatch(/^the file it is bound to cannot be read: .*no-such-manifest\.yaml/);
  });

  it("does not take a digit-only revision read as a number for the same text, and says to quote it", async () => {
    const finding = await evaluateCheck(
      check({
        metric: { file: "results.json", path: "score", min: 0.5 },
        bind: { path: "model.revision", equals: { file: "serving.yaml", path: "model.revision" } },
      }),
      memoryContext({
        "results.json": JSON.stringify({ score: 0.9, model: { revision: "1234567" } }),
        "serving.yaml": "model:\n  revision: 1234567\n",
      }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toMatch(/one is string, the other number: quote the value in the YAML file/);
  });

  it("errors when the bound value is not a single value", async () => {
    const finding = await evaluateCheck(
      check({
        metric: { file: "results.json", path: "score", min: 0.5 },
        bind: { path: "model", equals: { file: "serving.yaml", path: "model.revision" } },
      }),
      memoryContext({
        "results.json": JSON.stringify({ score: 0.9, model: { revision: "abc" } }),
        "serving.yaml": "model:\n  revision: abc\n",
      }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "model in results.json is an object; bind compares a text, number or boolean",
    );
  });

  it("binds every file a glob matched: one stale file fails the check", async () => {
    const ctx = memoryContext({
      "evals/a.json": JSON.stringify({ model: "m@2" }),
      "evals/b.json": JSON.stringify({ model: "m@1" }),
      "deploy.yaml": "model: m@2\n",
    });
    const finding: Finding = await evaluateCheck(
      check({
        file: { path: "evals/*.json", min: 2 },
        bind: { path: "model", equals: { file: "deploy.yaml", path: "model" } },
      }),
      ctx,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toMatch(/^evals\/b\.json is about another model/);
    expect(finding.details).toContain(
      'bound: model a string ("m@2") in evals/a.json equals model a string ("m@2") in deploy.yaml',
    );
  });

  it("errors when the evidence read is not JSON or YAML", async () => {
    const finding = await evaluateCheck(
      check({
        contains: { file: "notes.txt", pattern: "model" },
        bind: { path: "model", equals: { file: "deploy.yaml", path: "model" } },
      }),
      memoryContext({ "notes.txt": "model: [unclosed\n", "deploy.yaml": "model: m\n" }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^the evidence must be JSON or YAML to bind: notes\.txt is neither JSON nor valid YAML/,
    );
  });
});

describe("bind on a dvc.lock: the evaluate stage ran on the model the train stage wrote", () => {
  const bound = (lock: string) =>
    check({
      file: { path: `bind/${lock}` },
      bind: {
        path: "stages.evaluate.deps[1].md5",
        equals: { file: `bind/${lock}`, path: "stages.train.outs[0].md5" },
      },
    });

  it("passes on a lock where they match", async () => {
    const finding = await evaluateCheck(bound("dvc-lock-evaluated-current-model.lock"), fixturesContext());
    expect(finding.status).toBe("pass");
    expect(finding.details?.[0]).toContain(
      'equals stages.train.outs[0].md5 a string ("d1f6e055f7f5e2827fcfae68d9b64d4c")',
    );
  });

  it("fails on a lock whose evaluation ran on an older model, at the line of the hash it evaluated", async () => {
    const finding = await evaluateCheck(bound("dvc-lock-evaluated-stale-model.lock"), fixturesContext());
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain(
      'stages.evaluate.deps[1].md5 a string ("7c41b0c0d6e1a5b2f3e4d5c6b7a89012")',
    );
    expect(finding.evidence).toEqual([{ path: "bind/dvc-lock-evaluated-stale-model.lock", line: 30 }]);
  });
});
