// The `evals` kind on real eval-suite files (test/fixtures/corpus-ai, test/fixtures/evals) and on
// fixtures that mirror real shapes: promptfoo of every results version, DeepEval test runs, inspect_ai
// logs in JSON and zipped `.eval` form. Files are read through the real repository view and run budget.
import { describe, expect, it } from "vitest";
import type { EvalsSpec } from "../../src/config/schema.js";
import { evaluateEvals } from "../../src/evidence/evals.js";
import { readEvalSuite, readInspectLog } from "../../src/evidence/evalsuites.js";
import { inspectSummary } from "../../src/evidence/parse/inspect.js";
import { nonFiniteAsNull } from "../../src/evidence/parse/json.js";
import { FIXTURES, fixturesContext } from "../support/fixtures-context.js";
import { memoryContext } from "../support/memory-repo.js";
import { readFileSync } from "node:fs";

const PROMPTFOO = "corpus-ai/promptfoo__tds-project-2-prompts-mit.json";
const CANCELLED = "corpus-ai/inspect-ai__popularity-cancelled.json";
const SUCCESS = "corpus-ai/inspect-ai__security-guide-success.json";
const EVAL_ZIP = "corpus-ai/inspect-ai__input-task.eval";
const ALL_ERRORED = "evals/promptfoo__v3-all-errored-16.json";
const V2 = "evals/promptfoo__v2-without-errors-count.json";
const DEEPEVAL_REAL = "evals/deepeval__beeai-latest-test-run-apache.json";
const DEEPEVAL_ERROR = "evals/deepeval__metric-error.json";
const INSPECT_ERROR = "evals/inspect-ai__status-error.json";

function spec(files: string, more: Partial<EvalsSpec> = {}): EvalsSpec {
  return { files, minTests: 1, perProvider: false, ...more };
}

const fixtureText = (path: string) => readFileSync(`${FIXTURES}/${path}`, "utf8");

describe("evals on the real promptfoo output (10 rows, 7 pass, 3 fail, 0 errors)", () => {
  it("reads the figures the corpus README states", async () => {
    const suite = await readEvalSuite(fixturesContext(), PROMPTFOO);
    expect(suite.label).toBe("promptfoo results v3");
    expect(suite.cases).toHaveLength(10);
    const count = (o: string, p?: string) =>
      suite.cases.filter((c) => c.outcome === o && (p === undefined || c.provider === p)).length;
    expect([count("pass"), count("fail"), count("error")]).toEqual([7, 3, 0]);
    expect(count("pass", "https://tds-project-1-ruby-one.vercel.app/query")).toBe(3);
    expect(count("pass", "openai:chat:gpt-4o-mini")).toBe(4);
    expect(suite.cases.filter((c) => c.outcome === "fail").map((c) => [c.name, c.provider])).toEqual([
      ["Test GA4 scoring question", "https://tds-project-1-ruby-one.vercel.app/query"],
      ["Test Docker vs Podman recommendation", "https://tds-project-1-ruby-one.vercel.app/query"],
      ["Test GA4 scoring question", "openai:chat:gpt-4o-mini"],
    ]);
  });

  it("fails a 98% bar, naming the rate, the providers and the failing cases", async () => {
    const finding = await evaluateEvals(spec(PROMPTFOO, { minPassRate: 98 }), fixturesContext());
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `promptfoo: 7 of 10 cases pass (70.0%) < 98% in ${PROMPTFOO}; by provider: …/query 3 of 5, openai:chat:gpt-4o-mini 4 of 5; failing: Test GA4 scoring question, Test Docker vs Podman recommendation`,
    );
    expect(finding.measured).toBe("7 of 10 pass (70.0%)");
    expect(finding.bar).toBe("≥ 98% pass, ≥ 1 case");
    expect(finding.details).toEqual([
      'fail: Test GA4 scoring question (https://tds-project-1-ruby-one.vercel.app/query): Expected output to contain "110"',
      'fail: Test Docker vs Podman recommendation (https://tds-project-1-ruby-one.vercel.app/query): Expected output to contain one of "Docker, docker"',
      'fail: Test GA4 scoring question (openai:chat:gpt-4o-mini): Expected output to contain "110"',
    ]);
    expect(finding.evidence).toEqual([{ path: PROMPTFOO }]);
  });

  it("passes a 70% bar (70.0% meets it exactly)", async () => {
    const finding = await evaluateEvals(spec(PROMPTFOO, { minPassRate: 70 }), fixturesContext());
    expect(finding.status).toBe("pass");
    expect(finding.summary).toContain("7 of 10 cases pass (70.0%) ≥ 70%");
  });

  it("with perProvider, fails the provider that passes 3 of 5 against a 70% bar", async () => {
    const finding = await evaluateEvals(
      spec(PROMPTFOO, { minPassRate: 70, perProvider: true }),
      fixturesContext(),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain(
      "by provider: …/query 3 of 5 (60.0% < 70%), openai:chat:gpt-4o-mini 4 of 5",
    );
    expect(finding.bar).toBe("≥ 70% pass per provider, ≥ 1 case");
  });

  it("counts failures against maxFailures and cases against minTests", async () => {
    const ctx = fixturesContext();
    expect((await evaluateEvals(spec(PROMPTFOO, { maxFailures: 3 }), ctx)).status).toBe("pass");
    const two = await evaluateEvals(spec(PROMPTFOO, { maxFailures: 2 }), ctx);
    expect(two.status).toBe("fail");
    expect(two.summary).toContain("3 failures, more than the 2 allowed");
    const few = await evaluateEvals(spec(PROMPTFOO, { maxFailures: 3, minTests: 11 }), ctx);
    expect(few.status).toBe("fail");
    expect(few.summary).toContain("only 10 cases ran, below the minimum of 11");
  });
});

describe("evals on promptfoo files of other versions and states", () => {
  it("an all-errored run is an error, '0 of 16 ran, 16 errors', never a pass rate", async () => {
    const finding = await evaluateEvals(spec(ALL_ERRORED, { minPassRate: 0 }), fixturesContext());
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      `promptfoo: 0 of 16 ran, 16 errors in ${ALL_ERRORED}; fix what stops the cases (see the errors) and rerun`,
    );
    expect(finding.summary).not.toMatch(/%/);
    expect(finding.details?.[0]).toBe(
      'error: Refund question 1 (openai:chat:gpt-4o-mini): API error: 401 Unauthorized {"error":{"message":"Incorrect API key provided"}}',
    );
    expect(finding.details).toHaveLength(16); // under the cap of 20: every one listed
  });

  it("a v2 file without an errors count: the provider timeout is an error, the assertion a failure", async () => {
    const suite = await readEvalSuite(fixturesContext(), V2);
    expect(suite.label).toBe("promptfoo results v2");
    expect(suite.cases.map((c) => c.outcome)).toEqual(["pass", "pass", "fail", "error"]);
    expect(suite.cases.map((c) => c.name)).toEqual([
      "text=hello",
      "text=goodbye",
      "text=thank you",
      "text=please",
    ]);
    const finding = await evaluateEvals(spec(V2, { minPassRate: 50, maxErrors: 0 }), fixturesContext());
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `promptfoo: 2 of 4 cases pass (50.0%), 1 error ≥ 50% in ${V2}; 1 error, more than the 0 allowed; failing: text=thank you, text=please`,
    );
  });

  it("a file whose stats.successes contradicts its rows is an error", async () => {
    const doc = JSON.parse(fixtureText(PROMPTFOO)) as { results: { stats: { successes: number } } };
    doc.results.stats.successes = 10;
    const finding = await evaluateEvals(
      spec("r.json", { minPassRate: 50 }),
      memoryContext({ "r.json": JSON.stringify(doc) }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "r.json contradicts itself: stats.successes is 10 but 7 of its 10 rows succeeded",
    );
  });

  it("a run where nothing ran (no rows) is an error", async () => {
    const empty = JSON.stringify({
      evalId: "e",
      results: { version: 3, results: [], stats: { successes: 0, failures: 0, errors: 0 } },
    });
    const finding = await evaluateEvals(
      spec("r.json", { minPassRate: 0 }),
      memoryContext({ "r.json": empty }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe("promptfoo results v3 r.json: nothing ran (no cases)");
  });
});

describe("evals on inspect_ai logs", () => {
  it("a cancelled log is an error even though it carries an accuracy of 0.6667", async () => {
    const ctx = fixturesContext();
    const header = JSON.parse(fixtureText(CANCELLED)) as unknown;
    expect(inspectSummary(header)).toMatchObject({
      status: "cancelled",
      totalSamples: 3,
      completedSamples: 3,
      scores: [{ name: "match", metrics: { accuracy: 0.6666666666666666, stderr: 0.33333333333333337 } }],
    });
    const finding = await evaluateEvals(spec(CANCELLED, { minPassRate: 0 }), ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      `inspect_ai log v2 ${CANCELLED}: its status is "cancelled", not "success"; its figures are not those of a finished run, so rerun it to completion`,
    );
  });

  it("a log whose status is error is an error, naming inspect's message", async () => {
    const finding = await evaluateEvals(spec(INSPECT_ERROR, { minPassRate: 0 }), fixturesContext());
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain(
      'its status is "error" (RateLimitError: Error code: 429 - You exceeded your current quota)',
    );
  });

  it("a successful JSON log passes 3 of 3 for openai/gpt-4o-mini", async () => {
    const finding = await evaluateEvals(
      spec(SUCCESS, { minPassRate: 100, perProvider: true }),
      fixturesContext(),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      `inspect_ai: 3 of 3 cases pass (100.0%) ≥ 100% in ${SUCCESS}; by provider: openai/gpt-4o-mini 3 of 3`,
    );
  });

  it("the zipped .eval log passes 1 of 1, read from header.json and summaries.json", async () => {
    const ctx = fixturesContext();
    const suite = await readEvalSuite(ctx, EVAL_ZIP);
    expect(suite.label).toBe("inspect_ai log (.eval)");
    expect(suite.cases).toEqual([
      expect.objectContaining({ name: "sample 1", provider: "openai/gpt-4o-mini", outcome: "pass" }),
    ]);
    const finding = await evaluateEvals(spec(EVAL_ZIP, { minPassRate: 100 }), ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(`inspect_ai: 1 of 1 cases pass (100.0%) ≥ 100% in ${EVAL_ZIP}`);
  });

  it("inspectSummary gives status, sample counts and scores of each real log (for benchmark)", () => {
    const success = inspectSummary(JSON.parse(fixtureText(SUCCESS)));
    expect(success).toEqual({
      version: 2,
      status: "success",
      task: "security_guide",
      model: "openai/gpt-4o-mini",
      created: "2025-05-12T20:28:26-04:00",
      totalSamples: 3,
      completedSamples: 3,
      scores: [{ name: "model_graded_fact", metrics: { accuracy: 1, stderr: 0 } }],
    });
  });

  it("readInspectLog reads the header of every real log, the zipped one included", async () => {
    const c = fixturesContext();
    expect(await readInspectLog(c, CANCELLED)).toMatchObject({ status: "cancelled", completedSamples: 3 });
    expect(await readInspectLog(c, EVAL_ZIP)).toEqual({
      version: 2,
      status: "success",
      task: "input_task",
      model: "openai/gpt-4o-mini",
      created: "2024-11-05T13:32:37-05:00",
      totalSamples: 1,
      completedSamples: 1,
      scores: [{ name: "model_graded_fact", metrics: { accuracy: 1, stderr: 0 } }],
    });
    await expect(readInspectLog(c, PROMPTFOO)).rejects.toThrow(
      `${PROMPTFOO} is not an inspect_ai log; expected an inspect_ai log (.json or .eval)`,
    );
  });

  it("a failing sample names its scorer's value", async () => {
    const doc = JSON.parse(fixtureText(SUCCESS)) as {
      samples: Array<{ scores: Record<string, { value: unknown }> }>;
    };
    doc.samples[1]!.scores.model_graded_fact!.value = "I";
    const finding = await evaluateEvals(
      spec("log.json", { minPassRate: 100 }),
      memoryContext({ "log.json": JSON.stringify(doc) }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("2 of 3 cases pass (66.7%) < 100%");
    expect(finding.details).toEqual(["fail: sample 2 (openai/gpt-4o-mini): model_graded_fact I"]);
  });
});

describe("evals on DeepEval test runs", () => {
  it("the real .latest_test_run.json (testRunData wrapper): 0 of 1 pass, test_case_0 failing", async () => {
    const finding = await evaluateEvals(spec(DEEPEVAL_REAL, { minPassRate: 50 }), fixturesContext());
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `DeepEval: 0 of 1 cases pass (0.0%) < 50% in ${DEEPEVAL_REAL}; failing: test_case_0`,
    );
    expect(finding.details?.[0]).toBe("fail: test_case_0: ToolUsageMetric 0 < 0.5");
  });

  it("a metric that raised makes its case an error, counted in the pass rate", async () => {
    const finding = await evaluateEvals(spec(DEEPEVAL_ERROR, { minPassRate: 30 }), fixturesContext());
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      `DeepEval: 1 of 3 cases pass (33.3%), 1 error ≥ 30% in ${DEEPEVAL_ERROR}; failing: test_case_1, test_case_2`,
    );
    expect(finding.details).toContain(
      "error: test_case_2 (gpt-4o-mini): Faithfulness: Evaluation LLM outputted an invalid JSON. Please use a better evaluation model.",
    );
  });
});

describe("evals across files and on files it cannot read", () => {
  it("a glob adds up every suite it matches", async () => {
    const finding = await evaluateEvals(
      spec("corpus-ai/{promptfoo__*,inspect-ai__security*}.json", { minPassRate: 75 }),
      fixturesContext(),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toContain(
      "inspect_ai, promptfoo: 10 of 13 cases pass (76.9%) ≥ 75% in corpus-ai/{promptfoo__*,inspect-ai__security*}.json (2 files)",
    );
    expect(finding.evidence).toHaveLength(2);
  });

  it("a glob matching nothing fails", async () => {
    const finding = await evaluateEvals(spec("evals/none-*.json", { minPassRate: 90 }), fixturesContext());
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("no file matches evals/none-*.json");
  });

  it("JSON of another format is an error naming the formats read", async () => {
    const finding = await evaluateEvals(
      spec("corpus-ai/wandb__latest-run-summary.json", { minPassRate: 90 }),
      fixturesContext(),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "corpus-ai/wandb__latest-run-summary.json is JSON but none of the eval formats read; expected a promptfoo --output JSON, a DeepEval test run (.deepeval/.latest_test_run.json) or an inspect_ai log (.json or .eval)",
    );
  });

  it("malformed JSON names the line and column", async () => {
    const finding = await evaluateEvals(
      spec("r.json", { minPassRate: 90 }),
      memoryContext({ "r.json": '{\n  "results": {\n    "version": 3,\n    "results": [}\n}' }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^r\.json is not valid JSON \(.*line 4, column 17.*\); expected a promptfoo/,
    );
  });

  it("a binary file that is not a zip is an error", async () => {
    const finding = await evaluateEvals(spec("corpus/*.png", { minPassRate: 90 }), fixturesContext());
    // No PNG in the fixtures: any binary non-zip goes the same way; checked in zip.test.ts with bytes.
    expect(finding.status).toBe("fail");
  });
});

describe("a real inspect_ai log (version 1) whose accuracy is a bare NaN", () => {
  const NAN_LOG = "evals/inspect-ai__log-with-nan-v1.json";

  it("reads NaN as not a number: accuracy left out, never 0", () => {
    const header = JSON.parse(fixtureText(NAN_LOG).replace('"value": NaN', '"value": null')) as unknown;
    expect(inspectSummary(header).scores).toEqual([
      { name: "model_graded_fact", metrics: { bootstrap_std: 0 } },
    ]);
  });

  it("through the reader: the log has no samples, so nothing ran (an error)", async () => {
    const c = fixturesContext();
    expect((await readInspectLog(c, NAN_LOG)).scores).toEqual([
      { name: "model_graded_fact", metrics: { bootstrap_std: 0 } },
    ]);
    const finding = await evaluateEvals(spec(NAN_LOG, { minPassRate: 0 }), c);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      `inspect_ai log v1 ${NAN_LOG}: nothing ran (no cases; was it written with --no-log-samples?)`,
    );
  });

  it("a NaN inside a string stays text", () => {
    const text = JSON.stringify({
      results: { version: 3, results: [], stats: {} },
      note: 'NaN "Infinity" \\',
    });
    expect(nonFiniteAsNull(text)).toBe(text);
    expect(nonFiniteAsNull('{"a": NaN, "b": -Infinity, "c": "NaN"}')).toBe(
      '{"a": null, "b": null, "c": "NaN"}',
    );
  });
});
