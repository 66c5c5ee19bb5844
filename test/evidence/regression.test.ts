// `regression` on real git repositories: a base commit read from git objects (GitTreeRepo) against the
// head's working tree (FsRepo), both through the run budget, as a pull request's run reads them.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CheckSpec, RegressionSpec } from "../../src/config/schema.js";
import { regressionEvidence } from "../../src/config/schema.js";
import { evaluateRegression } from "../../src/evidence/regression.js";
import type { Baseline, EvidenceContext, Finding } from "../../src/evidence/types.js";
import { BudgetedRepo, DEFAULT_BUDGET, RunBudget } from "../../src/repo/budget.js";
import { FsRepo } from "../../src/repo/fs.js";
import { GitTreeRepo } from "../../src/repo/git-tree.js";
import { FIXTURES } from "../support/fixtures-context.js";
import { git, writeInto } from "../support/git.js";
import { expectRenderedInert, HOSTILE } from "../support/inert-report.js";

const LABEL = "the pull request's base commit";
const roots: string[] = [];
const opened: GitTreeRepo[] = [];

afterAll(() => {
  for (const r of opened) r.close();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function fixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), "utf8");
}

function spec(input: Record<string, unknown>): RegressionSpec {
  return regressionEvidence.parse(input);
}

/**
 * A repository whose first commit holds `base` (the baseline) and whose working tree then holds `head`
 * (a file mapped to null is deleted at head): the evidence context reads head from disk and the
 * baseline from git objects.
 */
async function pair(
  base: Record<string, string | Buffer>,
  head: Record<string, string | null>,
  baseDir = "",
): Promise<EvidenceContext> {
  const root = mkdtempSync(join(tmpdir(), "shipgate-regression-"));
  roots.push(root);
  git(root, ["init", "-q", "-b", "main"]);
  writeInto(root, "README.md", "a system\n");
  for (const [path, text] of Object.entries(base)) writeInto(root, path, text);
  git(root, ["add", "-A"]);
  git(root, ["commit", "-q", "-m", "base"], "2026-12-01T10:00:00Z");
  const sha = git(root, ["rev-parse", "HEAD"]);
  for (const [path, text] of Object.entries(head)) {
    if (text === null) rmSync(join(root, path));
    else writeInto(root, path, text);
  }
  git(root, ["add", "-A"]);
  git(root, ["commit", "-q", "--allow-empty", "-m", "head"], "2026-12-02T10:00:00Z");
  const budget = new RunBudget();
  const tree = new GitTreeRepo(root, sha);
  await tree.open();
  opened.push(tree);
  const baseline: Baseline = {
    state: "commit",
    commit: sha,
    label: LABEL,
    repo: new BudgetedRepo(tree, budget).forCheck(),
  };
  return {
    repo: new BudgetedRepo(new FsRepo(root), budget).forCheck(),
    baseDir,
    now: new Date("2026-12-04T12:00:00Z"),
    baseline,
  };
}

const BASE_METRICS = fixture("regression/get-started__pr53-base-metrics.json");
const HEAD_METRICS = fixture("regression/get-started__pr53-head-metrics.json");
const METRICS = "eval/live/metrics.json";
const bothTests = { "roc_auc.test": { maxDrop: 0.01 }, "avg_prec.test": { maxDropPercent: 1 } };

describe("iterative/example-get-started pull request 53 (eval/live/metrics.json)", () => {
  it("as it was: both test metrics rose, so it passes and shows both values", async () => {
    const ctx = await pair({ [METRICS]: BASE_METRICS }, { [METRICS]: HEAD_METRICS });
    const f = await evaluateRegression(spec({ file: METRICS, metrics: bothTests }), ctx);
    expect(f.status).toBe("pass");
    expect(f.summary).toBe(`no regression beyond its bar in 2 comparisons in ${METRICS} against ${LABEL}`);
    expect(f.details).toEqual([
      "roc_auc.test: 0.946 → 0.962 (+0.016, +1.679%), bar drop ≤ 0.01",
      "avg_prec.test: 0.925 → 0.945 (+0.02, +2.158%), bar drop ≤ 1%",
    ]);
    expect(f.evidence).toEqual([{ path: METRICS }]);
  });

  it("reversed (the pull request undone): roc_auc.test drops 0.016, more than 0.01, a fail with both values", async () => {
    const ctx = await pair({ [METRICS]: HEAD_METRICS }, { [METRICS]: BASE_METRICS });
    const f = await evaluateRegression(
      spec({ file: METRICS, metrics: { "roc_auc.test": { maxDrop: 0.01 } } }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.summary).toBe(
      `roc_auc.test fell from 0.962 to 0.946 (−0.016, −1.652%), more than the 0.01 allowed, in ${METRICS} against ${LABEL}`,
    );
    expect(f.measured).toBe("0.962 → 0.946");
    expect(f.bar).toBe("drop ≤ 0.01");
  });

  it("reversed, with relative bars: avg_prec.test drops 2.11%, beyond 1%; roc_auc.test's 1.65% within 2%", async () => {
    const ctx = await pair({ [METRICS]: HEAD_METRICS }, { [METRICS]: BASE_METRICS });
    const f = await evaluateRegression(
      spec({
        file: METRICS,
        metrics: { "roc_auc.test": { maxDropPercent: 2 }, "avg_prec.test": { maxDropPercent: 1 } },
      }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.summary).toBe(
      `avg_prec.test fell from 0.945 to 0.925 (−0.02, −2.112%), more than the 1% allowed, in ${METRICS} against ${LABEL}`,
    );
    expect(f.measured).toBe("1 of 2 beyond their bar");
    expect(f.details).toEqual([
      "roc_auc.test: 0.962 → 0.946 (−0.016, −1.652%), bar drop ≤ 2%",
      "avg_prec.test: 0.945 → 0.925 (−0.02, −2.112%), bar drop ≤ 1%: REGRESSION",
    ]);
  });

  it("a drop within its bar passes and says how far it fell", async () => {
    const ctx = await pair({ [METRICS]: HEAD_METRICS }, { [METRICS]: BASE_METRICS });
    const f = await evaluateRegression(
      spec({ file: METRICS, metrics: { "roc_auc.test": { maxDrop: 0.02 } } }),
      ctx,
    );
    expect(f.status).toBe("pass");
    expect(f.summary).toBe(
      `roc_auc.test fell from 0.962 to 0.946 (−0.016, −1.652%), within the 0.02 allowed, in ${METRICS} against ${LABEL}`,
    );
  });

  it("lower is better (the check's higherIsBetter: false): the rise of the PR is the regression", async () => {
    const ctx = await pair({ [METRICS]: BASE_METRICS }, { [METRICS]: HEAD_METRICS });
    const f = await evaluateRegression(
      spec({ file: METRICS, higherIsBetter: false, metrics: { "roc_auc.test": { maxDrop: 0.01 } } }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.summary).toContain(
      "roc_auc.test rose from 0.946 to 0.962 (+0.016, +1.679%) (lower is better), more than the 0.01 allowed",
    );
    expect(f.bar).toBe("rise ≤ 0.01");
    // Per metric, the override wins over the check's direction.
    const g = await evaluateRegression(
      spec({
        file: METRICS,
        higherIsBetter: false,
        metrics: { "roc_auc.test": { maxDrop: 0.01, higherIsBetter: true } },
      }),
      ctx,
    );
    expect(g.status).toBe("pass");
  });

  it("the readiness file's folder resolves the path on both sides", async () => {
    const ctx = await pair(
      { [`systems/spam/${METRICS}`]: HEAD_METRICS },
      { [`systems/spam/${METRICS}`]: BASE_METRICS },
      "systems/spam",
    );
    const f = await evaluateRegression(
      spec({ file: METRICS, metrics: { "roc_auc.test": { maxDrop: 0.01 } } }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.evidence).toEqual([{ path: `systems/spam/${METRICS}` }]);
    expect(f.summary).toContain(`in systems/spam/${METRICS} against`);
  });
});

describe("DVC metrics written as YAML", () => {
  it("reads the same keys from YAML on both sides", async () => {
    const ctx = await pair(
      { "metrics.yaml": "test:\n  f1: 0.81\n  loss: 0.42\n" },
      { "metrics.yaml": "test:\n  f1: 0.80\n  loss: 0.47\n" },
    );
    const f = await evaluateRegression(
      spec({
        file: "metrics.yaml",
        metrics: { "test.f1": { maxDrop: 0.02 }, "test.loss": { maxDropPercent: 10, higherIsBetter: false } },
      }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.summary).toContain(
      "test.loss rose from 0.42 to 0.47 (+0.05, +11.905%) (lower is better), more than the 10% allowed",
    );
    expect(f.details![0]).toBe("test.f1: 0.81 → 0.8 (−0.01, −1.235%), bar drop ≤ 0.02");
  });
});

const QWEN = fixture("corpus-ai/lm-eval__v0.4-qwen2.5-1.5b-groups.json");
const BLOOM = fixture("corpus-ai/lm-eval__v0.3-bloom-1b1-common-sense.json");
const LM = "eval/results.json";

/** The real file with one value changed: the same bytes but for that number. */
function withValue(text: string, from: number, to: number): string {
  const shown = JSON.stringify(from);
  expect(text.split(shown).length - 1).toBe(1);
  return text.replace(shown, JSON.stringify(to));
}

describe("lm-eval results (real files in corpus-ai)", () => {
  // arc_easy acc,none 0.7542087542087542, acc_stderr,none 0.00883480936639149 (v0.4, Qwen2.5-1.5B).
  const ARC = 0.7542087542087542;
  const ARC_SE = 0.00883480936639149;
  const floor = 2 * Math.sqrt(2 * ARC_SE ** 2); // same stderr both sides: 0.02499

  it("a drop beyond maxDrop but within 2 combined standard errors is noise and passes, saying so", async () => {
    const ctx = await pair({ [LM]: QWEN }, { [LM]: withValue(QWEN, ARC, ARC - 0.02) });
    const f = await evaluateRegression(
      spec({ file: LM, noise: 2, metrics: { "results.arc_easy.acc,none": { maxDrop: 0.005 } } }),
      ctx,
    );
    expect(f.status).toBe("pass");
    expect(f.summary).toContain(
      "results.arc_easy.acc,none fell from 0.754 to 0.734 (−0.02, −2.652%), beyond the 0.005 allowed but within noise (2 standard errors)",
    );
    expect(f.details![0]).toBe(
      "results.arc_easy.acc,none: 0.754 → 0.734 (−0.02, −2.652%), bar drop ≤ 0.005, noise 2 × √(0.009² + 0.009²) = 0.025: within noise",
    );
    expect(floor).toBeGreaterThan(0.02);
  });

  it("a drop beyond 2 combined standard errors fails", async () => {
    const ctx = await pair({ [LM]: QWEN }, { [LM]: withValue(QWEN, ARC, ARC - 0.03) });
    const f = await evaluateRegression(
      spec({ file: LM, noise: 2, metrics: { "results.arc_easy.acc,none": { maxDrop: 0.005 } } }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.summary).toContain("fell from 0.754 to 0.724 (−0.03, −3.978%), more than the 0.005 allowed");
    expect(f.details![0]).toContain("noise 2 × √(0.009² + 0.009²) = 0.025: REGRESSION");
  });

  it("v0.3 keys (acc beside acc_stderr) give the standard error too", async () => {
    // boolq acc 0.5908256880733945, acc_stderr 0.008599563442397352.
    const ctx = await pair(
      { [LM]: BLOOM },
      { [LM]: withValue(BLOOM, 0.5908256880733945, 0.5808256880733945) },
    );
    const f = await evaluateRegression(
      spec({ file: LM, noise: 1, metrics: { "results.boolq.acc": { maxDrop: 0 } } }),
      ctx,
    );
    // 1 × √2 × 0.0086 = 0.01216 > 0.01: within one combined standard error.
    expect(f.status).toBe("pass");
    const g = await evaluateRegression(
      spec({ file: LM, noise: 0.5, metrics: { "results.boolq.acc": { maxDrop: 0 } } }),
      ctx,
    );
    expect(g.status).toBe("fail");
    const h = await evaluateRegression(
      spec({ file: LM, noise: 2, metrics: { "results.boolq.acc": { maxDrop: 0 } } }),
      ctx,
    );
    expect(h.status).toBe("pass");
    expect(h.summary).toContain("within noise");
  });

  it("noise set where the file states no standard error (mc_taco em) is an error naming the metric", async () => {
    const ctx = await pair({ [LM]: BLOOM }, { [LM]: BLOOM });
    const f = await evaluateRegression(
      spec({ file: LM, noise: 2, metrics: { "results.mc_taco.em": { maxDrop: 0.01 } } }),
      ctx,
    );
    expect(f.status).toBe("error");
    expect(f.summary).toContain(
      "noise is set but eval/results.json states no standard error for results.mc_taco.em at head or the baseline",
    );
  });

  it("the file's higher_is_better decides: lambada_openai perplexity is lower-is-better (keyed without ,none)", async () => {
    // perplexity,none 5.677708211264297; higher_is_better.lambada_openai.perplexity is false.
    const ctx = await pair({ [LM]: QWEN }, { [LM]: withValue(QWEN, 5.677708211264297, 6.2) });
    const f = await evaluateRegression(
      spec({ file: LM, metrics: { "results.lambada_openai.perplexity,none": { maxDropPercent: 5 } } }),
      ctx,
    );
    expect(f.status).toBe("fail");
    expect(f.summary).toContain(
      "results.lambada_openai.perplexity,none rose from 5.678 to 6.2 (+0.522, +9.199%) (lower is better), more than the 5% allowed",
    );
    // Lower perplexity at head: an improvement by the file's own word.
    const better = await pair({ [LM]: QWEN }, { [LM]: withValue(QWEN, 5.677708211264297, 5.1) });
    expect(
      (
        await evaluateRegression(
          spec({ file: LM, metrics: { "results.lambada_openai.perplexity,none": { maxDropPercent: 5 } } }),
          better,
        )
      ).status,
    ).toBe("pass");
  });

  it("the user's direction against the file's is an error, never a silent choice", async () => {
    const ctx = await pair({ [LM]: QWEN }, { [LM]: QWEN });
    const f = await evaluateRegression(
      spec({
        file: LM,
        higherIsBetter: true,
        metrics: { "results.lambada_openai.perplexity,none": { maxDrop: 0.1 } },
      }),
      ctx,
    );
    expect(f.status).toBe("error");
    expect(f.summary).toBe(
      "higherIsBetter is true for results.lambada_openai.perplexity,none but eval/results.json states higher_is_better false; remove higherIsBetter or fix the file",
    );
    // The same word as the file's is no conflict.
    const g = await evaluateRegression(
      spec({
        file: LM,
        higherIsBetter: false,
        metrics: { "results.lambada_openai.perplexity,none": { maxDrop: 0.1 } },
      }),
      ctx,
    );
    expect(g.status).toBe("pass");
    expect(g.summary).toContain("held at 5.678");
  });

  it("a group's score (groups.mmlu) is read too, with its direction", async () => {
    const ctx = await pair({ [LM]: QWEN }, { [LM]: QWEN });
    const f = await evaluateRegression(
      spec({ file: LM, metrics: { "groups.mmlu.acc,none": { maxDrop: 0 } } }),
      ctx,
    );
    expect(f.status).toBe("pass");
    expect(f.summary).toContain("groups.mmlu.acc,none held at 0.596");
  });

  it("an inspect_ai score's stderr metric is its standard error (security guide: accuracy 1, stderr 0)", async () => {
    const INSPECT = fixture("corpus-ai/inspect-ai__security-guide-success.json");
    const path = "results.scores[0].metrics.accuracy.value";
    const lowered = JSON.parse(INSPECT) as {
      results: { scores: Array<{ metrics: Record<string, { value: number }> }> };
    };
    lowered.results.scores[0]!.metrics.accuracy!.value = 0.9;
    lowered.results.scores[0]!.metrics.stderr!.value = 0.1;
    const ctx = await pair({ [SUITE]: INSPECT }, { [SUITE]: JSON.stringify(lowered) });
    // 0.1 dropped; 2 × √(0² + 0.1²) = 0.2 of noise.
    const f = await evaluateRegression(
      spec({ file: SUITE, noise: 2, metrics: { [path]: { maxDrop: 0.05 } } }),
      ctx,
    );
    expect(f.status).toBe("pass");
    expect(f.details![0]).toBe(
      `${path}: 1 → 0.9 (−0.1, −10%), bar drop ≤ 0.05, noise 2 × √(0² + 0.1²) = 0.2: within noise`,
    );
    const g = await evaluateRegression(
      spec({ file: SUITE, noise: 0.5, metrics: { [path]: { maxDrop: 0.05 } } }),
      ctx,
    );
    expect(g.status).toBe("fail");
  });

  it("a baseline of 0 with maxDropPercent is an error that says to use maxDrop", async () => {
    const ctx = await pair({ "m.json": '{"mcc": 0}' }, { "m.json": '{"mcc": -0.1}' });
    const f = await evaluateRegression(
      spec({ file: "m.json", metrics: { mcc: { maxDropPercent: 5 } } }),
      ctx,
    );
    expect(f.status).toBe("error");
    expect(f.summary).toContain(
      "is 0 at the baseline, so a drop in percent of it means nothing; use maxDrop",
    );
  });
});

const PROMPTFOO = fixture("corpus-ai/promptfoo__tds-project-2-prompts-mit.json");
const SUITE = "evals/results.json";

/** The real promptfoo run with the rows at `indexes` turned into assertion failures (stats kept true). */
function promptfooFailing(indexes: number[], text = PROMPTFOO): string {
  const doc = JSON.parse(text) as {
    results: { results: Array<Record<string, unknown>>; stats: { successes: number; failures: number } };
  };
  for (const i of indexes) {
    const row = doc.results.results[i]!;
    if (row.success === true) {
      doc.results.stats.successes--;
      doc.results.stats.failures++;
    }
    Object.assign(row, {
      success: false,
      failureReason: 1,
      error: "expected the answer to name gpt-4o-mini",
    });
  }
  return JSON.stringify(doc, null, 2);
}

describe("newFailures: promptfoo (real run, tds-project-2, 5 tests × 2 providers)", () => {
  it("the same run at both sides: 0 newly failing, passes", async () => {
    const ctx = await pair({ [SUITE]: PROMPTFOO }, { [SUITE]: PROMPTFOO });
    const f = await evaluateRegression(spec({ file: SUITE, newFailures: 0 }), ctx);
    expect(f.status).toBe("pass");
    expect(f.summary).toBe(
      `no case that passed at the baseline fails now, of 10 cases at head, 10 at the baseline, in ${SUITE} against ${LABEL}`,
    );
    expect(f.measured).toBe("0 newly failing");
  });

  it("a test that passed on one provider and fails now is named, with its provider; the other provider's is not", async () => {
    // Row 0: "Test model choice clarification with image" on the HTTP provider (passed in the real run).
    const ctx = await pair({ [SUITE]: PROMPTFOO }, { [SUITE]: promptfooFailing([0]) });
    const f = await evaluateRegression(spec({ file: SUITE, newFailures: 0 }), ctx);
    expect(f.status).toBe("fail");
    expect(f.summary).toBe(
      `1 case that passed at the baseline fails now (Test model choice clarification with image), more than the 0 allowed, in ${SUITE} against ${LABEL}`,
    );
    expect(f.details).toContain(
      "newly failing: Test model choice clarification with image [https://tds-project-1-ruby-one.vercel.app/query] (expected the answer to name gpt-4o-mini)",
    );
    expect(f.bar).toBe("≤ 0 new failures");
  });

  it("a case that already failed at the baseline is not new: row 1 (GA4, failed in the real run)", async () => {
    const ctx = await pair({ [SUITE]: PROMPTFOO }, { [SUITE]: promptfooFailing([1, 0]) });
    const f = await evaluateRegression(spec({ file: SUITE, newFailures: 1 }), ctx);
    expect(f.status).toBe("pass");
    expect(f.measured).toBe("1 newly failing");
  });

  it("cases absent at the baseline are new, counted, not regressions", async () => {
    const doc = JSON.parse(PROMPTFOO) as {
      results: { results: Array<Record<string, unknown>>; stats: { successes: number } };
    };
    const kept = doc.results.results.filter(
      (r) => (r.testCase as { description: string }).description !== "Test data visualization tools",
    );
    const base = JSON.stringify({
      ...doc,
      results: { ...doc.results, results: kept, stats: { ...doc.results.stats, successes: 5 } },
    });
    const ctx = await pair({ [SUITE]: base }, { [SUITE]: promptfooFailing([7]) });
    const f = await evaluateRegression(spec({ file: SUITE, newFailures: 0 }), ctx);
    expect(f.status).toBe("pass");
    expect(f.details![0]).toBe(
      "promptfoo results v3: 0 passed at the baseline and fail now, bar ≤ 0 new failures (10 cases at head, 8 at the baseline, 2 new (not compared))",
    );
  });

  it("one test twice on one provider cannot be paired: an error", async () => {
    const doc = JSON.parse(PROMPTFOO) as {
      results: { results: Array<Record<string, unknown>>; stats: { successes: number } };
    };
    doc.results.results.push(doc.results.results[0]!);
    doc.results.stats.successes++;
    const ctx = await pair({ [SUITE]: PROMPTFOO }, { [SUITE]: JSON.stringify(doc) });
    const f = await evaluateRegression(spec({ file: SUITE, newFailures: 0 }), ctx);
    expect(f.status).toBe("error");
    expect(f.summary).toContain(
      'evals/results.json at head holds the case "Test model choice clarification with image" on https://tds-project-1-ruby-one.vercel.app/query twice',
    );
  });
});

describe("newFailures: DeepEval and inspect_ai", () => {
  const DEEPEVAL = fixture("evals/deepeval__metric-error.json");

  it("DeepEval by case name: test_case_1 failed and test_case_2 errored at head, passing at the baseline", async () => {
    const doc = JSON.parse(DEEPEVAL) as { testRunData?: unknown };
    const run = (doc.testRunData ?? doc) as { testCases: Array<Record<string, unknown>> };
    for (const c of run.testCases) {
      c.success = true;
      for (const m of (c.metricsData ?? []) as Array<Record<string, unknown>>) {
        m.success = true;
        delete m.error;
      }
    }
    const ctx = await pair({ [SUITE]: JSON.stringify(doc) }, { [SUITE]: DEEPEVAL });
    const f = await evaluateRegression(spec({ file: SUITE, newFailures: 1 }), ctx);
    expect(f.status).toBe("fail");
    expect(f.summary).toContain(
      "2 cases that passed at the baseline fail now (test_case_1, test_case_2), more than the 1 allowed",
    );
    expect(f.details!.filter((d) => d.startsWith("newly"))).toEqual([
      expect.stringMatching(/^newly failing: test_case_1 \[gpt-4o-mini\] \(Answer Relevancy 0\.4 < 0\.7\)$/),
      expect.stringMatching(/^newly erroring: test_case_2 \[gpt-4o-mini\] \(Faithfulness: /),
    ]);
  });

  const INSPECT = fixture("corpus-ai/inspect-ai__security-guide-success.json");

  it("inspect_ai by sample id and epoch: sample 2 graded I at head", async () => {
    const doc = JSON.parse(INSPECT) as {
      samples: Array<{ id: number; scores: Record<string, { value: string }> }>;
    };
    for (const score of Object.values(doc.samples[1]!.scores)) score.value = "I";
    const ctx = await pair({ [SUITE]: INSPECT }, { [SUITE]: JSON.stringify(doc) });
    const f = await evaluateRegression(spec({ file: SUITE, newFailures: 0 }), ctx);
    expect(f.status).toBe("fail");
    expect(f.summary).toContain(
      "1 case that passed at the baseline fails now (sample 2), more than the 0 allowed",
    );
  });

  it("an inspect_ai run that did not finish at head is an error, not a comparison", async () => {
    const cancelled = fixture("corpus-ai/inspect-ai__popularity-cancelled.json");
    const ctx = await pair({ [SUITE]: cancelled }, { [SUITE]: cancelled });
    const f = await evaluateRegression(spec({ file: SUITE, newFailures: 0 }), ctx);
    expect(f.status).toBe("error");
    expect(f.summary).toContain(
      'evals/results.json at head is a run that did not finish: its status is "cancelled"',
    );
  });

  it("the zipped .eval log is read from git objects too (readBinary on the baseline view)", async () => {
    const bytes = readFileSync(join(FIXTURES, "corpus-ai/inspect-ai__input-task.eval"));
    const zipped = await pair({ "logs/run.eval": bytes }, {});
    const f = await evaluateRegression(spec({ file: "logs/run.eval", newFailures: 0 }), zipped);
    expect(f.status).toBe("pass");
    expect(f.summary).toContain("of 1 case at head, 1 at the baseline");
  });
});

describe("every baseline state", () => {
  const check = spec({ file: METRICS, metrics: { "roc_auc.test": { maxDrop: 0.01 } } });
  const head = (baseline?: Baseline): EvidenceContext => ({
    ...fixturesAt(),
    ...(baseline ? { baseline } : {}),
  });
  function fixturesAt(): EvidenceContext {
    const budget = new RunBudget();
    return {
      repo: new BudgetedRepo(new FsRepo(join(FIXTURES, "regression")), budget).forCheck(),
      baseDir: "",
      now: new Date("2026-12-04T12:00:00Z"),
    };
  }
  const at = spec({
    file: "get-started__pr53-head-metrics.json",
    metrics: { "roc_auc.test": { maxDrop: 0.01 } },
  });

  it("no baseline asked for (the CLI without --base): not evaluable, saying how", async () => {
    const f = await evaluateRegression(check, head());
    expect(f).toEqual({
      status: "not-evaluable",
      summary: "regression needs a baseline: on the CLI pass --base REF",
      evidence: [{ path: METRICS }],
    });
  });

  it("none: a fail of its own, saying nothing was compared", async () => {
    const f = await evaluateRegression(at, head({ state: "none", why: "a manual run has no base commit" }));
    expect(f.status).toBe("fail");
    expect(f.summary).toBe(
      "no baseline to compare get-started__pr53-head-metrics.json with: a manual run has no base commit; set ifNoBaseline: pass to accept a first run; at head it reads roc_auc.test 0.962",
    );
    expect(f.measured).toBe("no baseline");
  });

  it("none with ifNoBaseline: pass passes, plainly saying nothing was compared", async () => {
    const f = await evaluateRegression(
      spec({ ...at, ifNoBaseline: "pass" }),
      head({ state: "none", why: "the first push of a branch" }),
    );
    expect(f.status).toBe("pass");
    expect(f.summary).toBe(
      "no baseline, nothing was compared: the first push of a branch; passes because ifNoBaseline is pass; at head it reads roc_auc.test 0.962",
    );
  });

  it("none still reads head: a metric missing there is an error even with ifNoBaseline: pass", async () => {
    const f = await evaluateRegression(
      spec({
        file: "get-started__pr53-head-metrics.json",
        ifNoBaseline: "pass",
        metrics: { "roc_auc.val": { maxDrop: 0 } },
      }),
      head({ state: "none", why: "a manual run" }),
    );
    expect(f.status).toBe("error");
    expect(f.summary).toContain("roc_auc.val is not in get-started__pr53-head-metrics.json at head");
  });

  it("unreadable (a depth-1 checkout): a fail carrying how to fetch", async () => {
    const why = "the base commit 1a2b3c4 is not in this checkout; set fetch-depth: 0 on actions/checkout";
    const f = await evaluateRegression(at, head({ state: "unreadable", why }));
    expect(f.status).toBe("fail");
    expect(f.summary).toBe(`cannot compare get-started__pr53-head-metrics.json with its baseline: ${why}`);
  });
});

describe("the file on either side", () => {
  const check = spec({ file: METRICS, metrics: { "roc_auc.test": { maxDrop: 0.01 } } });

  it("absent at the baseline (a new evidence file): no baseline, so ifNoBaseline decides", async () => {
    const ctx = await pair({}, { [METRICS]: HEAD_METRICS });
    const f = await evaluateRegression(check, ctx);
    expect(f.status).toBe("fail");
    expect(f.summary).toContain(`${METRICS} did not exist at ${LABEL} (a new evidence file)`);
    const g = await evaluateRegression(spec({ ...check, ifNoBaseline: "pass" }), ctx);
    expect(g.status).toBe("pass");
    expect(g.summary).toContain("no baseline, nothing was compared");
  });

  it("absent at head: missing evidence, a fail", async () => {
    const ctx = await pair({ [METRICS]: BASE_METRICS }, { [METRICS]: null });
    const f = await evaluateRegression(check, ctx);
    expect(f.status).toBe("fail");
    expect(f.summary).toContain(`${METRICS} is missing at head`);
  });

  it("malformed at head: an error naming head and the file", async () => {
    const ctx = await pair({ [METRICS]: BASE_METRICS }, { [METRICS]: '{"roc_auc": {"test": 0.95,}}' });
    const f = await evaluateRegression(check, ctx);
    expect(f.status).toBe("error");
    expect(f.summary).toMatch(
      /^eval\/live\/metrics\.json at head: eval\/live\/metrics\.json is not valid JSON/,
    );
  });

  it("malformed at the baseline: an error naming the baseline", async () => {
    const ctx = await pair({ [METRICS]: "roc_auc: [unclosed\n" }, { [METRICS]: HEAD_METRICS });
    const f = await evaluateRegression(check, ctx);
    expect(f.status).toBe("error");
    expect(f.summary).toMatch(
      /^eval\/live\/metrics\.json at the baseline: .*neither JSON nor valid YAML: line 2, column 1/,
    );
  });

  it("a value that is not a number at the baseline: an error naming that side", async () => {
    const ctx = await pair({ [METRICS]: '{"roc_auc": {"test": "0.95"}}' }, { [METRICS]: HEAD_METRICS });
    const f = await evaluateRegression(check, ctx);
    expect(f.status).toBe("error");
    expect(f.summary).toBe(
      'roc_auc.test in eval/live/metrics.json at the baseline is a string ("0.95"), not a number',
    );
  });

  it("a glob is refused with the fix", async () => {
    const ctx = await pair({ [METRICS]: BASE_METRICS }, {});
    const f = await evaluateRegression(spec({ ...check, file: "eval/*/metrics.json" }), ctx);
    expect(f.status).toBe("error");
    expect(f.summary).toContain("eval/*/metrics.json is a pattern; name the one file");
  });

  it("a path leaving the repository is refused", async () => {
    const ctx = await pair({ [METRICS]: BASE_METRICS }, {});
    const f = await evaluateRegression(spec({ ...check, file: "../outside.json" }), ctx);
    expect(f.status).toBe("error");
  });

  it("reads go through the budget: both sides are charged", async () => {
    const root = mkdtempSync(join(tmpdir(), "shipgate-regression-"));
    roots.push(root);
    git(root, ["init", "-q", "-b", "main"]);
    writeInto(root, METRICS, BASE_METRICS);
    git(root, ["add", "-A"]);
    git(root, ["commit", "-q", "-m", "base"], "2026-12-01T10:00:00Z");
    const sha = git(root, ["rev-parse", "HEAD"]);
    writeInto(root, METRICS, HEAD_METRICS);
    // A read budget smaller than the two files together: the second read is refused.
    const budget = new RunBudget({ ...DEFAULT_BUDGET, readBytes: HEAD_METRICS.length + 10 });
    const tree = new GitTreeRepo(root, sha);
    await tree.open();
    opened.push(tree);
    const ctx: EvidenceContext = {
      repo: new BudgetedRepo(new FsRepo(root), budget).forCheck(),
      baseDir: "",
      now: new Date(),
      baseline: {
        state: "commit",
        commit: sha,
        label: LABEL,
        repo: new BudgetedRepo(tree, budget).forCheck(),
      },
    };
    const f = await evaluateRegression(check, ctx);
    expect(f.status).toBe("error");
    expect(f.summary).toContain("at the baseline");
  });
});

describe("text from evidence stays inert", () => {
  it("a newly failing case named with a mention, a reference and markup", async () => {
    const row = (success: boolean) => ({
      success,
      failureReason: success ? 0 : 1,
      error: success ? null : `${HOSTILE} was expected`,
      provider: { id: `${HOSTILE} provider`, label: "" },
      testCase: { description: HOSTILE },
      gradingResult: { pass: success, reason: success ? "ok" : `${HOSTILE} was expected` },
      response: { output: "x" },
    });
    const run = (success: boolean) =>
      JSON.stringify({
        evalId: "e",
        results: {
          version: 3,
          results: [row(success)],
          stats: { successes: success ? 1 : 0, failures: success ? 0 : 1, errors: 0 },
        },
      });
    const ctx = await pair({ [SUITE]: run(true) }, { [SUITE]: run(false) });
    const check: CheckSpec = {
      id: "no-new-failures",
      category: "model",
      regression: spec({ file: SUITE, newFailures: 0 }),
    };
    const finding: Finding = await evaluateRegression(check.regression!, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain(HOSTILE);
    expectRenderedInert(check, finding);
  });
});
