// Deepchecks results, told by content: `SuiteResult.to_json()` (`{ name, results, type: "SuiteResult" }`)
// and a single `CheckResult.to_json()` / `CheckFailure.to_json()`. Each result is tagged with its `type`
// (deepchecks 0.6.4 and later):
// - CheckResult: `header`, `check: { name, params, summary }`, `value`, `display`, and `conditions_results`,
//   one row per condition `{ Status, Condition, "More Info" }` with Status PASS, FAIL, WARN or ERROR;
// - CheckFailure: `header`, `check`, `exception` (the check could not run).
// What is judged is a condition, so each condition is one case:
// - PASS passes; FAIL fails; WARN fails too, as deepchecks' own `SuiteResult.passed()` and
//   `ConditionResult.is_pass()` count it by default (fail_if_warning=True): raise maxFailed to allow warnings;
// - ERROR (the condition itself raised) and a CheckFailure are errors: nothing was judged;
// - a check with no conditions judged nothing: one `skipped` case, never counted as evaluated.
// A result held as a JSON string inside the list is read the same way. Deepchecks before 0.6.4 wrote each
// result as such a string with no `type` (and its conditions as one more string): refused, saying so.
import { FormatError } from "../read.js";
import type { DataCheckCase, DataCheckResult } from "./datacheck.js";
import { clip, isObject, type JsonObject } from "./evalsuite.js";
import { parseStrictJson } from "./json.js";

const RESULT_TYPES = new Set(["CheckResult", "CheckFailure"]);

/** The data check result a parsed JSON document is, when it is a Deepchecks result; else undefined. */
export function readDeepchecks(value: unknown): DataCheckResult | undefined {
  if (!isObject(value)) return undefined;
  if (isSuite(value)) {
    const results = value.results as unknown[];
    const cases = results.flatMap((r, i) => resultCases(entryOf(r, `results[${i}]`), `results[${i}]`));
    return { format: "Deepchecks suite result", cases };
  }
  if (typeof value.type === "string" && RESULT_TYPES.has(value.type) && isObject(value.check)) {
    return {
      format: `Deepchecks ${value.type === "CheckResult" ? "check result" : "check failure"}`,
      cases: resultCases(value, "the result"),
    };
  }
  return undefined;
}

function isSuite(value: JsonObject): boolean {
  if (typeof value.name !== "string" || !Array.isArray(value.results)) return false;
  if (value.type === "SuiteResult") return true;
  // A suite written before `type: "SuiteResult"` was added: its results carry a type, or (before 0.6.4) a header.
  const first = entryOrUndefined(value.results[0]);
  return (
    isObject(first) &&
    ((typeof first.type === "string" && RESULT_TYPES.has(first.type)) || typeof first.header === "string")
  );
}

function entryOrUndefined(r: unknown): unknown {
  if (typeof r !== "string") return r;
  const parsed = parseStrictJson(r);
  return parsed.ok ? parsed.value : undefined;
}

/** One entry of `results`: an object, or a JSON string holding one. */
function entryOf(r: unknown, at: string): JsonObject {
  let entry = r;
  if (typeof r === "string") {
    const parsed = parseStrictJson(r);
    if (!parsed.ok) throw new FormatError(`has ${at}, a string that is not valid JSON (${parsed.message})`);
    entry = parsed.value;
  }
  if (!isObject(entry)) throw new FormatError(`has ${at} that is not an object`);
  if (typeof entry.type !== "string" || !RESULT_TYPES.has(entry.type))
    throw new FormatError(
      `has ${at} that is neither a CheckResult nor a CheckFailure (no type: deepchecks before 0.6.4 wrote none; export it again with a current deepchecks)`,
    );
  return entry;
}

function resultCases(entry: JsonObject, at: string): DataCheckCase[] {
  const header = headerOf(entry, at);
  if (entry.type === "CheckFailure") {
    const exception =
      typeof entry.exception === "string" && entry.exception.trim() !== "" ? entry.exception : "no message";
    return [{ name: header, status: "error", detail: clip(`could not run: ${exception}`, 200) }];
  }
  const rows = entry.conditions_results;
  if (rows === undefined || rows === null || (Array.isArray(rows) && rows.length === 0))
    return [{ name: header, status: "skipped", detail: "no conditions: nothing was judged" }];
  if (!Array.isArray(rows)) throw new FormatError(`has ${at}.conditions_results that is not a list`);
  return rows.map((row, i) => conditionCase(row, header, `${at}.conditions_results[${i}]`));
}

function headerOf(entry: JsonObject, at: string): string {
  if (typeof entry.header === "string" && entry.header.trim() !== "") return clip(entry.header);
  const check = entry.check;
  if (isObject(check) && typeof check.name === "string" && check.name.trim() !== "") return clip(check.name);
  throw new FormatError(`has ${at} without a header or check name`);
}

function conditionCase(row: unknown, header: string, at: string): DataCheckCase {
  if (!isObject(row)) throw new FormatError(`has ${at} that is not an object`);
  const status = row.Status;
  const condition =
    typeof row.Condition === "string" && row.Condition.trim() !== "" ? row.Condition : undefined;
  if (condition === undefined) throw new FormatError(`has ${at} without a Condition`);
  const name = clip(`${header}: ${condition}`, 200);
  const info =
    typeof row["More Info"] === "string" && row["More Info"].trim() !== ""
      ? clip(row["More Info"], 200)
      : undefined;
  switch (status) {
    case "PASS":
      return { name, status: "passed" };
    case "FAIL":
      return { name, status: "failed", ...(info ? { detail: info } : {}) };
    case "WARN":
      return { name, status: "failed", detail: info ? `warning: ${info}` : "warning" };
    case "ERROR":
      return { name, status: "error", detail: info ?? "the condition raised an error" };
    default:
      throw new FormatError(
        `has ${at} with Status ${JSON.stringify(status)}; expected PASS, FAIL, WARN or ERROR (export with to_json(), which writes the status names)`,
      );
  }
}
