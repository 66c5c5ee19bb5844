// `datachecks`: data validation results (Great Expectations, Evidently test suites, Deepchecks) hold at
// least `minEvaluated` evaluated expectations or tests and at most `maxFailed` failures. Each matched file
// is read through the repository view and told apart by content, by the readers below in turn.
// Evaluated = passed + failed. An expectation that raised, a Deepchecks CheckFailure or a condition that
// errored was not judged: it is an `error` finding naming it, whatever the counts. A Deepchecks check with
// no conditions judged nothing: it is listed as not evaluated and counts toward neither side.
import type { DatachecksSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import type { DataCheckCase, DataCheckResult } from "./parse/datacheck.js";
import { readDeepchecks } from "./parse/deepchecks.js";
import { readEvidentlyTestSuite } from "./parse/evidently.js";
import { readGreatExpectations } from "./parse/great-expectations.js";
import { parsePythonJson } from "./parse/json.js";
import { FormatError, guard, matchAll, matchedPlace } from "./read.js";
import type { EvidenceContext, Finding } from "./types.js";

/** Reads one parsed JSON document: its result when the document is this reader's format, else undefined. */
export type DataCheckReader = (value: unknown) => DataCheckResult | undefined;

/** Tried in order; the first that recognises a document reads it (a FormatError when it is malformed). */
export const DATA_CHECK_READERS: readonly DataCheckReader[] = [
  readGreatExpectations,
  readDeepchecks,
  readEvidentlyTestSuite,
];

export const DATA_CHECK_FORMATS =
  "expected a Great Expectations validation or checkpoint result (0.18 or 1.x), an Evidently test suite or a Deepchecks suite result (SuiteResult.to_json())";

/** Failing and erroring cases listed in a finding's details before "and N more". */
const MAX_DETAILS = 20;

interface Tally {
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
}

type Located = DataCheckCase & { path: string };

export async function evaluateDatachecks(spec: DatachecksSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.files, async () => {
    const paths = await matchAll(ctx, spec.files);
    const evidence = paths.map((path) => ({ path }));
    const where = matchedPlace(ctx, spec.files, paths);
    const cases: Located[] = [];
    const formats = new Set<string>();
    for (const path of paths) {
      const result = readDataCheckText(path, await ctx.repo.readText(path));
      formats.add(result.format);
      if (result.cases.length === 0) {
        return {
          status: "fail",
          summary: `${result.format} ${path} holds no expectations or checks: nothing was validated; add expectations (or conditions) to the suite and run it again`,
          measured: "0 evaluated",
          bar: barText(spec),
          evidence,
        };
      }
      for (const c of result.cases) cases.push({ ...c, path });
    }
    const label = [...formats].join(", ");
    const noun = nounFor([...formats]);
    const total = tally(cases);
    const evaluated = total.passed + total.failed;
    const measured = `${total.failed} of ${plural(evaluated, noun.one, noun.many)} failed${total.errors > 0 ? `, ${plural(total.errors, "error")}` : ""}`;
    const failing = [
      ...cases.filter((c) => c.status === "error"),
      ...cases.filter((c) => c.status === "failed"),
    ];
    const details = failing.slice(0, MAX_DETAILS).map(detailOf);
    if (failing.length > MAX_DETAILS) details.push(`and ${failing.length - MAX_DETAILS} more`);
    const skipped =
      total.skipped > 0 ? `; ${plural(total.skipped, "check")} with no conditions (not evaluated)` : "";

    if (total.errors > 0) {
      const errored = cases.filter((c) => c.status === "error").map((c) => c.name);
      return {
        status: "error",
        summary: `${label}: ${plural(total.errors, noun.one, noun.many)} could not run (${formatList(unique(errored))}) in ${where}; fix what stops ${total.errors === 1 ? "it" : "them"} (see the errors) and run the validation again`,
        measured,
        bar: barText(spec),
        evidence,
        details,
      };
    }

    const problems: string[] = [];
    const parts = [`${label}: ${measured} in ${where}${skipped}`];
    if (total.failed > spec.maxFailed) {
      problems.push("maxFailed");
      parts.push(`${plural(total.failed, "failure")}, more than the ${spec.maxFailed} allowed`);
    }
    if (evaluated < spec.minEvaluated) {
      problems.push("minEvaluated");
      parts.push(
        `only ${plural(evaluated, noun.one, noun.many)} evaluated, below the minimum of ${spec.minEvaluated}`,
      );
    }
    const failed = cases.filter((c) => c.status === "failed").map((c) => c.name);
    if (failed.length > 0) parts.push(`failed: ${formatList(unique(failed))}`);
    return {
      status: problems.length === 0 ? "pass" : "fail",
      summary: parts.join("; "),
      measured,
      bar: barText(spec),
      evidence,
      ...(details.length > 0 ? { details } : {}),
    };
  });
}

/**
 * A data check file's text, by content: JSON, or a JSON string holding the JSON (what `json.dump` of
 * Deepchecks' `to_json()`, itself a string, writes), read by the first reader that knows it.
 */
export function readDataCheckText(path: string, text: string): DataCheckResult {
  let value = parseJson(path, text.replace(/^\uFEFF/, ""), "");
  if (typeof value === "string") {
    const inner = value.replace(/^\uFEFF/, "");
    if (!/^\s*[{[]/.test(inner))
      throw new FormatError(`${path} is a JSON string that holds no JSON; ${DATA_CHECK_FORMATS}`);
    value = parseJson(path, inner, "the JSON string it holds, ");
  }
  let result: DataCheckResult | undefined;
  try {
    result = readDataCheckValue(value);
  } catch (err) {
    if (err instanceof FormatError) throw new FormatError(`${path} ${err.message}`);
    throw err;
  }
  if (result) return result;
  throw new FormatError(`${path} is JSON but none of the data check formats read; ${DATA_CHECK_FORMATS}`);
}

/**
 * A parsed JSON document as a data check result, by the first reader that knows it; undefined when none
 * does. A FormatError (without the file's name) when a reader knows it but it is malformed.
 */
function readDataCheckValue(value: unknown): DataCheckResult | undefined {
  for (const read of DATA_CHECK_READERS) {
    const result = read(value);
    if (result) return result;
  }
  return undefined;
}

function parseJson(path: string, text: string, inside: string): unknown {
  if (text.trim() === "") throw new FormatError(`${path} is empty; ${DATA_CHECK_FORMATS}`);
  if (!/^\s*[{["]/.test(text)) throw new FormatError(`${path} is not JSON; ${DATA_CHECK_FORMATS}`);
  const parsed = parsePythonJson(text);
  if (parsed.ok) return parsed.value;
  throw new FormatError(`${path} is not valid JSON (${inside}${parsed.message}); ${DATA_CHECK_FORMATS}`);
}

function tally(cases: readonly DataCheckCase[]): Tally {
  const t = { passed: 0, failed: 0, errors: 0, skipped: 0 };
  for (const c of cases) {
    if (c.status === "passed") t.passed += 1;
    else if (c.status === "failed") t.failed += 1;
    else if (c.status === "error") t.errors += 1;
    else t.skipped += 1;
  }
  return t;
}

/** What the files count: expectations (GX), conditions (Deepchecks), tests (Evidently), else checks. */
function nounFor(formats: readonly string[]): { one: string; many: string } {
  const nouns = new Set(
    formats.map((f) =>
      f.startsWith("Great Expectations")
        ? "expectation"
        : f.startsWith("Deepchecks")
          ? "condition"
          : f.startsWith("Evidently")
            ? "test"
            : "check",
    ),
  );
  const one = nouns.size === 1 ? [...nouns][0]! : "check";
  return { one, many: `${one}s` };
}

function barText(spec: DatachecksSpec): string {
  return `≤ ${spec.maxFailed} failed, ≥ ${spec.minEvaluated} evaluated`;
}

function detailOf(c: Located): string {
  const what = c.status === "error" ? "error" : "fail";
  return `${what}: ${c.name}${c.detail ? `: ${c.detail}` : ""} [${c.path}]`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
