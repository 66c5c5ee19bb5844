// promptfoo `--output` JSON, every results version: the wrapped shape `{ evalId, results: { version,
// results: [...], stats }, config }` (v2, v3, v4) and the bare summary `{ version, results: [...], stats }`
// of old releases. Outcomes come from the rows: `failureReason` 2 (ERROR) or a provider error is an error,
// any other unsuccessful row a failure; files written before `stats.errors` existed counted errors among
// failures, so the rows are the only place that can tell them apart. The stated `stats.successes` must
// agree with the rows, or the file contradicts itself.
import { sortedDeep } from "../../base/jsonpath.js";
import { FormatError } from "../read.js";
import { clip, isObject, tokenCount, type EvalCase, type EvalSuite, type JsonObject } from "./evalsuite.js";

/** Whether a parsed JSON document is promptfoo output (of any version). */
export function isPromptfoo(root: unknown): boolean {
  return summaryOf(root) !== undefined;
}

function summaryOf(root: unknown): JsonObject | undefined {
  if (!isObject(root)) return undefined;
  if (isObject(root.results) && Array.isArray(root.results.results)) return root.results;
  // Old releases wrote the summary itself; `table` or `stats` tells it from any other `results` array.
  if (
    Array.isArray(root.results) &&
    (isObject(root.stats) || isObject(root.table)) &&
    root.testCases === undefined
  ) {
    return root;
  }
  return undefined;
}

export function readPromptfoo(root: unknown): EvalSuite {
  const summary = summaryOf(root);
  if (!summary) throw new FormatError("is not promptfoo output (no results.results)");
  const version = typeof summary.version === "number" ? summary.version : undefined;
  const rows = summary.results as unknown[];
  const cases = rows.map((row, i) => readRow(row, i));
  // The same test on two prompts of the config is two cases: the prompt's place in the config (stable
  // while its text is edited) joins the identity when the run used more than one.
  const promptIdx = rows.map((row) =>
    isObject(row) && typeof row.promptIdx === "number" ? row.promptIdx : 0,
  );
  if (new Set(promptIdx).size > 1) {
    cases.forEach(
      (c, i) => (c.identity = JSON.stringify([...(JSON.parse(c.identity) as unknown[]), promptIdx[i]])),
    );
  }
  const stats = isObject(summary.stats) ? summary.stats : undefined;
  const passed = cases.filter((c) => c.outcome === "pass").length;
  if (stats && typeof stats.successes === "number" && stats.successes !== passed) {
    throw new FormatError(
      `contradicts itself: stats.successes is ${stats.successes} but ${passed} of its ${cases.length} rows succeeded`,
    );
  }
  return {
    format: "promptfoo",
    label: `promptfoo results${version === undefined ? "" : ` v${version}`}`,
    cases,
  };
}

const ERROR = 2;

function readRow(row: unknown, i: number): EvalCase {
  const at = `results.results[${i}]`;
  if (!isObject(row)) throw new FormatError(`has ${at} that is not an object`);
  if (typeof row.success !== "boolean") throw new FormatError(`has ${at} without a true/false "success"`);
  const response = isObject(row.response) ? row.response : undefined;
  const grading = isObject(row.gradingResult) ? row.gradingResult : undefined;
  const errorText = typeof row.error === "string" && row.error !== "" ? row.error : undefined;
  const responseError =
    typeof response?.error === "string" && response.error !== "" ? response.error : undefined;
  let outcome: EvalCase["outcome"] = "pass";
  if (!row.success) {
    const errored =
      row.failureReason === ERROR ||
      responseError !== undefined ||
      // Before failureReason: an error with no grading at all is the provider's, not an assertion's.
      (row.failureReason === undefined && errorText !== undefined && grading === undefined);
    outcome = errored ? "error" : "fail";
  }
  const reason = outcome === "pass" ? undefined : (responseError ?? errorText ?? stringOf(grading?.reason));

  const bad: string[] = [];
  const usage = isObject(response?.tokenUsage)
    ? response.tokenUsage
    : isObject(row.tokenUsage)
      ? row.tokenUsage
      : undefined;
  const where = isObject(response?.tokenUsage) ? `${at}.response.tokenUsage` : `${at}.tokenUsage`;
  const input = usage ? tokenCount(usage.prompt, `${where}.prompt`, bad) : undefined;
  const output = usage ? tokenCount(usage.completion, `${where}.completion`, bad) : undefined;
  const cachedTokens = usage ? tokenCount(usage.cached, `${where}.cached`, bad) : undefined;
  const costValue = row.cost ?? response?.cost;
  let cost: number | undefined;
  if (costValue !== undefined && costValue !== null) {
    if (typeof costValue === "number" && Number.isFinite(costValue) && costValue >= 0) cost = costValue;
    else bad.push(`${at}.cost is ${String(costValue)}`);
  }
  const cached =
    response?.cached === true || (cost === 0 && (cachedTokens ?? 0) > 0 && !(input ?? 0) && !(output ?? 0));
  const tokens =
    input !== undefined || output !== undefined ? { input: input ?? 0, output: output ?? 0 } : undefined;

  return {
    name: caseName(row, i),
    identity: JSON.stringify([testIdentity(row, i), providerOf(row.provider)]),
    provider: providerOf(row.provider),
    outcome,
    ...(reason ? { reason: clip(reason, 200) } : {}),
    ...(cost !== undefined ? { cost } : {}),
    ...(tokens ? { tokens } : {}),
    cached,
    ...(bad.length > 0 ? { badTokens: bad.join(", ") } : {}),
  };
}

function caseName(row: JsonObject, i: number): string {
  const test = isObject(row.testCase) ? row.testCase : undefined;
  const described = stringOf(test?.description) ?? stringOf(row.description);
  if (described) return clip(described);
  const vars = isObject(row.vars) ? row.vars : isObject(test?.vars) ? test.vars : undefined;
  if (vars && Object.keys(vars).length > 0) {
    return clip(
      Object.entries(vars)
        .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(", "),
    );
  }
  const idx = typeof row.testIdx === "number" ? row.testIdx : i;
  return `test ${idx + 1}`;
}

/** The test a row ran, in full: its description and vars (keys sorted), else its place in the run. */
function testIdentity(row: JsonObject, i: number): string {
  const test = isObject(row.testCase) ? row.testCase : undefined;
  const described = stringOf(test?.description) ?? stringOf(row.description) ?? "";
  const vars = isObject(row.vars) ? row.vars : isObject(test?.vars) ? test.vars : undefined;
  if (described === "" && (!vars || Object.keys(vars).length === 0)) {
    return `test ${(typeof row.testIdx === "number" ? row.testIdx : i) + 1}`;
  }
  return JSON.stringify([described, vars ? sortedDeep(vars) : {}]);
}

function providerOf(p: unknown): string {
  if (typeof p === "string") return p;
  if (isObject(p)) return stringOf(p.label) ?? stringOf(p.id) ?? "";
  return "";
}

function stringOf(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}
