// `evals`: eval suites (promptfoo, DeepEval, inspect_ai) hold enough executed cases and pass often enough.
// Pass rate = passed / (passed + failed + errored): an errored case is never left out of the denominator.
// A suite where nothing ran, or an inspect_ai log that did not finish, is an error, never a pass.
import type { EvalsSpec } from "../config/schema.js";
import { formatList, formatNumber, plural } from "../base/format.js";
import type { EvalCase, EvalSuite } from "./parse/evalsuite.js";
import { readEvalSuite } from "./evalsuites.js";
import { guard, matchAll, matchedPlace } from "./read.js";
import type { EvidenceContext, Finding } from "./types.js";

/** Failing cases listed in a finding's details before "and N more". */
const MAX_DETAILS = 20;

export const FORMAT_NAMES: Record<EvalSuite["format"], string> = {
  promptfoo: "promptfoo",
  deepeval: "DeepEval",
  inspect: "inspect_ai",
};

interface Tally {
  passed: number;
  failed: number;
  errored: number;
}

export async function evaluateEvals(spec: EvalsSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.files, async () => {
    const paths = await matchAll(ctx, spec.files);
    const evidence = paths.map((path) => ({ path }));
    const where = matchedPlace(ctx, spec.files, paths);
    const cases: Array<EvalCase & { path: string }> = [];
    const formats = new Set<string>();
    for (const path of paths) {
      const suite = await readEvalSuite(ctx, path);
      formats.add(FORMAT_NAMES[suite.format]);
      if (suite.unfinished) {
        return {
          status: "error",
          summary: `${suite.label} ${path}: ${suite.unfinished}; its figures are not those of a finished run, so rerun it to completion`,
          evidence,
        };
      }
      if (suite.cases.length === 0) {
        return {
          status: "error",
          summary: `${suite.label} ${path}: nothing ran (no cases${suite.format === "inspect" ? "; was it written with --no-log-samples?" : ""})`,
          evidence,
        };
      }
      for (const c of suite.cases) cases.push({ ...c, path });
    }
    const label = [...formats].join(", ");
    const total = tally(cases);
    const count = cases.length;
    const failing = cases.filter((c) => c.outcome !== "pass");
    const details = failing.slice(0, MAX_DETAILS).map((c) => detailOf(c, paths.length > 1));
    if (failing.length > MAX_DETAILS) details.push(`and ${failing.length - MAX_DETAILS} more`);

    if (total.passed + total.failed === 0) {
      return {
        status: "error",
        summary: `${label}: 0 of ${count} ran, ${plural(total.errored, "error")} in ${where}; fix what stops the cases (see the errors) and rerun`,
        measured: `0 of ${count} ran`,
        bar: barText(spec),
        evidence,
        details,
      };
    }

    const problems: string[] = [];
    let head = `${label}: ${total.passed} of ${count} cases pass (${percent(total.passed, count)})`;
    if (total.errored > 0) head += `, ${plural(total.errored, "error")}`;
    if (spec.minPassRate !== undefined) {
      const ok = meets(total, spec.minPassRate);
      head += ` ${ok ? "≥" : "<"} ${formatNumber(spec.minPassRate)}%`;
      if (!ok) problems.push("pass rate");
    }
    const parts = [`${head} in ${where}`];
    if (count < spec.minTests) {
      parts.push(`only ${plural(count, "case")} ran, below the minimum of ${spec.minTests}`);
      problems.push("minTests");
    }
    if (spec.maxFailures !== undefined && total.failed > spec.maxFailures) {
      parts.push(`${plural(total.failed, "failure")}, more than the ${spec.maxFailures} allowed`);
      problems.push("maxFailures");
    }
    if (spec.maxErrors !== undefined && total.errored > spec.maxErrors) {
      parts.push(`${plural(total.errored, "error")}, more than the ${spec.maxErrors} allowed`);
      problems.push("maxErrors");
    }
    const providers = byProvider(cases);
    if (providers.size > 1 || spec.perProvider) {
      const shown = [...providers].map(([provider, t]) => {
        const n = t.passed + t.failed + t.errored;
        let text = `${shortProvider(provider)} ${t.passed} of ${n}`;
        if (spec.perProvider && spec.minPassRate !== undefined && !meets(t, spec.minPassRate)) {
          text += ` (${percent(t.passed, n)} < ${formatNumber(spec.minPassRate)}%)`;
          problems.push(`provider ${provider}`);
        }
        return text;
      });
      parts.push(`by provider: ${shown.join(", ")}`);
    }
    if (failing.length > 0) parts.push(`failing: ${formatList(unique(failing.map((c) => c.name)))}`);

    return {
      status: problems.length === 0 ? "pass" : "fail",
      summary: parts.join("; "),
      measured: `${total.passed} of ${count} pass (${percent(total.passed, count)})${total.errored > 0 ? `, ${plural(total.errored, "error")}` : ""}`,
      bar: barText(spec),
      evidence,
      ...(details.length > 0 ? { details } : {}),
    };
  });
}

function tally(cases: readonly EvalCase[]): Tally {
  const t = { passed: 0, failed: 0, errored: 0 };
  for (const c of cases) {
    if (c.outcome === "pass") t.passed += 1;
    else if (c.outcome === "fail") t.failed += 1;
    else t.errored += 1;
  }
  return t;
}

function byProvider(cases: readonly EvalCase[]): Map<string, Tally> {
  const groups = new Map<string, EvalCase[]>();
  for (const c of cases) {
    const key = c.provider || "(no provider named)";
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return new Map([...groups].map(([k, v]) => [k, tally(v)]));
}

/** passed / all ≥ bar%, compared in whole numbers so that 98% of 50 is exactly 49. */
function meets(t: Tally, minPassRate: number): boolean {
  const n = t.passed + t.failed + t.errored;
  return n > 0 && t.passed * 100 >= minPassRate * n;
}

function percent(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)}%`;
}

function barText(spec: EvalsSpec): string {
  const bars: string[] = [];
  if (spec.minPassRate !== undefined)
    bars.push(`≥ ${formatNumber(spec.minPassRate)}% pass${spec.perProvider ? " per provider" : ""}`);
  if (spec.maxFailures !== undefined) bars.push(`≤ ${plural(spec.maxFailures, "failure")}`);
  if (spec.maxErrors !== undefined) bars.push(`≤ ${plural(spec.maxErrors, "error")}`);
  bars.push(`≥ ${plural(spec.minTests, "case")}`);
  return bars.join(", ");
}

function detailOf(c: EvalCase & { path: string }, manyFiles: boolean): string {
  const what = c.outcome === "error" ? "error" : "fail";
  const provider = c.provider ? ` (${c.provider})` : "";
  const reason = c.reason ? `: ${c.reason}` : "";
  return `${what}: ${c.name}${provider}${reason}${manyFiles ? ` [${c.path}]` : ""}`;
}

/** A provider that is a URL is shown by its last path segment: `…/query`. */
export function shortProvider(provider: string): string {
  const url = /^https?:\/\/[^/]+(\/.*)?$/.exec(provider);
  if (!url) return provider;
  const segments = (url[1] ?? "").split("/").filter(Boolean);
  return segments.length > 0 ? `…/${segments[segments.length - 1]}` : provider;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
