// The `cost` kind on real promptfoo output and inspect_ai logs, and on fixtures mirroring the traps:
// cached responses that cost 0, runs where every request errored, token counts that are NaN.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CostSpec } from "../../src/config/schema.js";
import { evaluateCost, usd } from "../../src/evidence/cost.js";
import { FIXTURES, fixturesContext } from "../support/fixtures-context.js";
import { memoryContext } from "../support/memory-repo.js";

const PROMPTFOO = "corpus-ai/promptfoo__tds-project-2-prompts-mit.json";
const CANCELLED = "corpus-ai/inspect-ai__popularity-cancelled.json";
const SUCCESS = "corpus-ai/inspect-ai__security-guide-success.json";
const EVAL_ZIP = "corpus-ai/inspect-ai__input-task.eval";
const CACHED = "evals/promptfoo__v3-cached-responses.json";
const NAN = "evals/promptfoo__v3-nan-tokens-as-null.json";
const ALL_ERRORED = "evals/promptfoo__v3-all-errored-16.json";
const DEEPEVAL = "evals/deepeval__beeai-latest-test-run-apache.json";
const GPT_4O_MINI = { input: 0.15, output: 0.6 };

function spec(file: string, more: Partial<CostSpec> = {}): CostSpec {
  return { file, requestsPerMonth: 1_000_000, headroom: 1, maxMonthlyUsd: 100, ...more };
}

describe("cost on the real promptfoo output", () => {
  it("prices the 5 gpt-4o-mini requests from their stated cost, not the 5 the HTTP provider left at 0", async () => {
    const finding = await evaluateCost(spec(PROMPTFOO), fixturesContext());
    // (6.735 + 6.63 + 6.54 + 4.05 + 6.42) e-5 / 5 = 6.075e-5 per request.
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      `mean $0.000061 per request x 1,000,000 requests/month = $60.75/month ≤ $100 in ${PROMPTFOO}`,
    );
    expect(finding.details).toEqual([
      "5 requests priced from the stated cost",
      "not priced: 5 with no cost stated (or 0) (…/query)",
    ]);
  });

  it("fails when volume times headroom goes over the budget", async () => {
    const finding = await evaluateCost(spec(PROMPTFOO, { headroom: 2 }), fixturesContext());
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("x 2 headroom = $121.50/month > $100");
    expect(finding.measured).toBe("$121.50/month");
    expect(finding.bar).toBe("≤ $100/month");
  });

  it("prices tokens when pricePerMillionTokens is given: 213 in and 453 out over 5 requests", async () => {
    const finding = await evaluateCost(
      spec(PROMPTFOO, { pricePerMillionTokens: GPT_4O_MINI }),
      fixturesContext(),
    );
    // (213 x 0.15 + 453 x 0.6) / 1e6 / 5 = 6.075e-5: the same as promptfoo's own figure.
    expect(finding.summary).toContain("= $60.75/month ≤ $100");
    expect(finding.details?.[0]).toBe("5 requests priced from tokens at $0.15 in / $0.6 out per million");
  });
});

describe("cost on inspect_ai logs", () => {
  it("prices each sample's tokens (959 in, 1033 out over 3 samples)", async () => {
    const finding = await evaluateCost(
      spec(SUCCESS, { pricePerMillionTokens: GPT_4O_MINI, maxMonthlyUsd: 250 }),
      fixturesContext(),
    );
    // (959 x 0.15 + 1033 x 0.6) / 1e6 / 3 = 2.5455e-4 per request.
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `mean $0.00025 per request x 1,000,000 requests/month = $254.55/month > $250 in ${SUCCESS}`,
    );
  });

  it("prices the zipped .eval from the run's totals when its summaries state no tokens (287 in, 202 out)", async () => {
    const finding = await evaluateCost(
      spec(EVAL_ZIP, { pricePerMillionTokens: GPT_4O_MINI }),
      fixturesContext(),
    );
    // (287 x 0.15 + 202 x 0.6) / 1e6 = 1.6425e-4 per request.
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain(
      "mean $0.00016 per request x 1,000,000 requests/month = $164.25/month > $100",
    );
    expect(finding.details?.[0]).toBe(
      "1 request priced from tokens at $0.15 in / $0.6 out per million, from the run's totals",
    );
  });

  it("a log states tokens, not cost: without pricePerMillionTokens it is an error", async () => {
    const finding = await evaluateCost(spec(SUCCESS), fixturesContext());
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("states tokens, not cost; add pricePerMillionTokens");
  });

  it("a cancelled log is an error", async () => {
    const finding = await evaluateCost(
      spec(CANCELLED, { pricePerMillionTokens: GPT_4O_MINI }),
      fixturesContext(),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain('its status is "cancelled", not "success"');
  });
});

describe("cost traps", () => {
  it("cached responses that cost 0 are not priced: $0.0064 a request, not half of it", async () => {
    const finding = await evaluateCost(
      spec(CACHED, { headroom: 10, maxMonthlyUsd: 50_000 }),
      fixturesContext(),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `mean $0.0064 per request x 1,000,000 requests/month x 10 headroom = $64,000/month > $50,000 in ${CACHED}`,
    );
    expect(finding.details).toEqual(["2 requests priced from the stated cost", "not priced: 2 cached"]);
  });

  it("a run whose every response came from the cache has nothing to price: an error", async () => {
    const doc = JSON.parse(readFileSync(`${FIXTURES}/${CACHED}`, "utf8")) as {
      results: { results: Array<{ response: { cached: boolean } }> };
    };
    for (const row of doc.results.results) row.response.cached = true;
    const finding = await evaluateCost(spec("r.json"), memoryContext({ "r.json": JSON.stringify(doc) }));
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "no request in r.json could be priced (4 cached); add pricePerMillionTokens to price the tokens instead",
    );
  });

  it("a run where every request errored has nothing to price: an error", async () => {
    const finding = await evaluateCost(
      spec(ALL_ERRORED, { pricePerMillionTokens: GPT_4O_MINI }),
      fixturesContext(),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(`no request in ${ALL_ERRORED} could be priced (16 errored)`);
  });

  it("NaN token counts (written as null) are an error, not zeros", async () => {
    const finding = await evaluateCost(spec(NAN, { pricePerMillionTokens: GPT_4O_MINI }), fixturesContext());
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      `${NAN}: results.results[0].response.tokenUsage.prompt is null (NaN), results.results[0].response.tokenUsage.completion is null (NaN), not a number of tokens; a request cannot be priced from it`,
    );
  });

  it("a bare NaN token (Python's json.dumps) is not a number of tokens: an error", async () => {
    const text = [
      '{"version": 2, "status": "success", "eval": {"model": "m"},',
      ' "samples": [{"id": 1, "epoch": 1, "scores": {"s": {"value": "C"}},',
      '   "model_usage": {"m": {"input_tokens": NaN, "output_tokens": 5}}}]}',
    ].join("\n");
    const finding = await evaluateCost(
      spec("log.json", { pricePerMillionTokens: GPT_4O_MINI }),
      memoryContext({ "log.json": text }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'log.json: samples[0].model_usage["m"].input_tokens is null (NaN), not a number of tokens; a request cannot be priced from it',
    );
  });

  it("a DeepEval run states what judging cost, not requests: an error", async () => {
    const finding = await evaluateCost(spec(DEEPEVAL), fixturesContext());
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("is a DeepEval test run, which states what judging cost");
  });
});

describe("usd", () => {
  it.each([
    [64_000, "$64,000"],
    [121.5, "$121.50"],
    [100, "$100"],
    [254.546, "$254.55"],
    [60.75, "$60.75"],
    [0.0064, "$0.0064"],
    [6.075e-5, "$0.000061"],
    [0.5, "$0.50"],
    [0, "$0"],
  ])("%s is %s", (value, text) => {
    expect(usd(value)).toBe(text);
  });
});
