// `cost`: the mean cost of a request, from an eval run, times the monthly volume and a headroom factor,
// is within the monthly budget. A request is priced from its tokens when pricePerMillionTokens is given,
// else from the cost the tool stated. Cached and errored requests are not priced (no request was billed,
// or none was answered); a stated cost of 0 is a price the tool did not know, not a free request.
import type { CostSpec } from "../config/schema.js";
import { formatLocale, plural } from "../base/format.js";
import type { EvalCase } from "./parse/evalsuite.js";
import { readEvalSuite } from "./evalsuites.js";
import { shortProvider } from "./evals.js";
import { guard, matchAll, matchedPlace } from "./read.js";
import type { EvidenceContext, Finding } from "./types.js";

export async function evaluateCost(spec: CostSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.file, async () => {
    const paths = await matchAll(ctx, spec.file);
    const evidence = paths.map((path) => ({ path }));
    const where = matchedPlace(ctx, spec.file, paths);
    const error = (summary: string): Finding => ({ status: "error", summary, evidence });

    const prices: number[] = [];
    let cached = 0;
    let errored = 0;
    const unpriced = new Map<string, number>();
    let fromTotals = false;
    for (const path of paths) {
      const suite = await readEvalSuite(ctx, path);
      if (suite.format === "deepeval") {
        return error(
          `${path} is a DeepEval test run, which states what judging cost, not what requests cost; point cost at promptfoo output or an inspect_ai log`,
        );
      }
      if (suite.unfinished)
        return error(`${suite.label} ${path}: ${suite.unfinished}; rerun it to completion`);
      if (suite.format === "inspect" && !spec.pricePerMillionTokens) {
        return error(
          `${path} is an inspect_ai log, which states tokens, not cost; add pricePerMillionTokens: { input, output } (US dollars)`,
        );
      }
      const answered = suite.cases.filter((c) => c.outcome !== "error" && !c.cached);
      const bad = answered.find((c) => c.badTokens);
      if (bad)
        return error(`${path}: ${bad.badTokens}, not a number of tokens; a request cannot be priced from it`);
      cached += suite.cases.filter((c) => c.outcome !== "error" && c.cached).length;
      errored += suite.cases.filter((c) => c.outcome === "error").length;
      const perRequest = spec.pricePerMillionTokens && suite.totalTokens && answered.every((c) => !c.tokens);
      if (perRequest && answered.length > 0) {
        // The log states tokens for the run, not per sample: its mean is the run's total over the samples.
        fromTotals = true;
        const mean = tokenPrice(suite.totalTokens!, spec) / answered.length;
        for (let i = 0; i < answered.length; i++) prices.push(mean);
        continue;
      }
      for (const c of answered) {
        const price = priceOf(c, spec);
        if (price === undefined) unpriced.set(c.provider, (unpriced.get(c.provider) ?? 0) + 1);
        else prices.push(price);
      }
    }

    const skipped: string[] = [];
    if (cached > 0) skipped.push(`${cached} cached`);
    if (errored > 0) skipped.push(`${errored} errored`);
    for (const [provider, n] of unpriced) {
      const why = spec.pricePerMillionTokens ? "no tokens" : "no cost stated (or 0)";
      skipped.push(`${n} with ${why}${provider ? ` (${shortProvider(provider)})` : ""}`);
    }
    const details = skipped.length > 0 ? [`not priced: ${skipped.join(", ")}`] : [];
    if (prices.length === 0) {
      const hint = spec.pricePerMillionTokens
        ? ""
        : "; add pricePerMillionTokens to price the tokens instead";
      return error(`no request in ${where} could be priced (${skipped.join(", ") || "no requests"})${hint}`);
    }
    const mean = prices.reduce((a, b) => a + b, 0) / prices.length;
    const monthly = mean * spec.requestsPerMonth * spec.headroom;
    const ok = monthly <= spec.maxMonthlyUsd;
    const headroom = spec.headroom === 1 ? "" : ` x ${spec.headroom} headroom`;
    const basis = spec.pricePerMillionTokens
      ? `tokens at $${spec.pricePerMillionTokens.input} in / $${spec.pricePerMillionTokens.output} out per million${fromTotals ? ", from the run's totals" : ""}`
      : "the stated cost";
    details.unshift(`${plural(prices.length, "request")} priced from ${basis}`);
    return {
      status: ok ? "pass" : "fail",
      summary: `mean ${usd(mean)} per request x ${formatLocale(spec.requestsPerMonth)} requests/month${headroom} = ${usd(monthly)}/month ${ok ? "≤" : ">"} ${usd(spec.maxMonthlyUsd)} in ${where}`,
      measured: `${usd(monthly)}/month`,
      bar: `≤ ${usd(spec.maxMonthlyUsd)}/month`,
      evidence,
      details,
    };
  });
}

function priceOf(c: EvalCase, spec: CostSpec): number | undefined {
  if (spec.pricePerMillionTokens) return c.tokens ? tokenPrice(c.tokens, spec) : undefined;
  return c.cost !== undefined && c.cost > 0 ? c.cost : undefined;
}

function tokenPrice(t: { input: number; output: number }, spec: CostSpec): number {
  const p = spec.pricePerMillionTokens!;
  return (t.input * p.input + t.output * p.output) / 1_000_000;
}

/** Dollars as people read them: `$64,000`, `$100`, `$254.55`, `$0.0064`, `$0.000061`. */
export function usd(value: number): string {
  if (value >= 1000 || Number.isInteger(value)) return `$${formatLocale(Math.round(value))}`;
  if (value >= 1) return `$${value.toFixed(2)}`;
  if (value === 0) return "$0";
  return `$${Number(value.toPrecision(2)).toFixed(Math.max(2, 1 - Math.floor(Math.log10(value))))}`;
}
