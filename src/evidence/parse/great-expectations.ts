// Great Expectations results, told by content: a validation result (`ExpectationSuiteValidationResult`
// .to_json_dict(), as GX's validations store writes it), its `describe()` form, and checkpoint results.
// The two generations differ in how an expectation is named: 0.x (0.18 and before) writes
// `expectation_config.expectation_type`, 1.x writes `expectation_config.type`. A checkpoint result holds its
// validations in `run_results`, keyed by validation id: 0.18 wraps each in `{ validation_result, actions_results }`,
// 1.x holds the validation result itself; 1.x `CheckpointResult.describe()` lists them in `validation_results`.
// An expectation that raised (`exception_info.raised_exception`) was not judged: an `error` case.
// The `statistics` block GX writes is checked against the results counted here; any disagreement is a
// format error (a file edited by hand, truncated, or holding only the failures).
import { FormatError } from "../read.js";
import type { DataCheckCase, DataCheckResult } from "./datacheck.js";
import { clip, isObject, type JsonObject } from "./evalsuite.js";

type Generation = "0.18" | "1.x";

/** The data check result a parsed JSON document is, when it is a Great Expectations result; else undefined. */
export function readGreatExpectations(value: unknown): DataCheckResult | undefined {
  if (!isObject(value)) return undefined;
  if (isObject(value.run_results)) return readRunResults(value.run_results);
  if (Array.isArray(value.validation_results) && hasStat(value, "evaluated_validations"))
    return readCheckpointDescription(value);
  if (isValidation(value)) {
    const read = readValidation(value, "");
    const generation = read.generation ? `${read.generation} ` : "";
    return { format: `Great Expectations ${generation}${read.label}`, cases: read.cases };
  }
  return undefined;
}

function hasStat(value: JsonObject, key: string): boolean {
  return isObject(value.statistics) && key in value.statistics;
}

/** A validation result: `results` of expectation results, or the `expectations` of its describe() form. */
function isValidation(value: JsonObject): boolean {
  if (Array.isArray(value.expectations) && hasStat(value, "evaluated_expectations")) return true;
  if (!Array.isArray(value.results)) return false;
  if (hasStat(value, "evaluated_expectations")) return true;
  const first: unknown = value.results[0];
  return isObject(first) && isObject(first.expectation_config);
}

interface ReadValidation {
  generation: Generation | "";
  label: string;
  cases: DataCheckCase[];
}

function readValidation(value: JsonObject, at: string): ReadValidation {
  const described = !Array.isArray(value.results) && Array.isArray(value.expectations);
  const list = (described ? value.expectations : value.results) as unknown[];
  const key = described ? "expectations" : "results";
  const generations = new Set<Generation>();
  const cases = list.map((entry, i) => {
    const where = `${at}${key}[${i}]`;
    const read = described ? describedCase(entry, where) : resultCase(entry, where);
    if (read.generation) generations.add(read.generation);
    return read.case;
  });
  if (generations.size > 1)
    throw new FormatError(
      `mixes 0.x (expectation_type) and 1.x (type) expectation configs in ${at}${key}; write it again with one Great Expectations version`,
    );
  checkStatistics(value, list, at, key);
  const generation = described ? "1.x" : ([...generations][0] ?? "");
  return {
    generation,
    label: described ? "validation result (describe)" : "validation result",
    cases,
  };
}

function resultCase(entry: unknown, where: string): { case: DataCheckCase; generation?: Generation } {
  if (!isObject(entry)) throw new FormatError(`has ${where} that is not an object`);
  const config = entry.expectation_config;
  if (!isObject(config))
    throw new FormatError(`has ${where} without an expectation_config; write it with to_json_dict()`);
  const type = nonEmpty(config.type) ?? nonEmpty(config.expectation_type);
  if (type === undefined)
    throw new FormatError(
      `has ${where}.expectation_config without a type (1.x) or expectation_type (0.x) naming the expectation`,
    );
  const generation: Generation = nonEmpty(config.type) !== undefined ? "1.x" : "0.18";
  return { case: judged(entry, type, config.kwargs, where), generation };
}

function describedCase(entry: unknown, where: string): { case: DataCheckCase; generation?: Generation } {
  if (!isObject(entry)) throw new FormatError(`has ${where} that is not an object`);
  const type = nonEmpty(entry.expectation_type);
  if (type === undefined) throw new FormatError(`has ${where} without an expectation_type`);
  return { case: judged(entry, type, entry.kwargs, where) };
}

/** passed, failed, or error when it raised: GX's own `success` and `exception_info` decide. */
function judged(entry: JsonObject, type: string, kwargs: unknown, where: string): DataCheckCase {
  const name = caseName(type, kwargs);
  const raised = raisedException(entry.exception_info);
  if (raised !== undefined) return { name, status: "error", detail: clip(raised, 200) };
  if (typeof entry.success !== "boolean")
    throw new FormatError(`has ${where} whose success is not true or false`);
  if (entry.success) return { name, status: "passed" };
  const detail = failureDetail(entry.result);
  return { name, status: "failed", ...(detail ? { detail } : {}) };
}

/**
 * `expect_column_values_to_not_be_null (column: age)`: the expectation and the columns it is about, which
 * is how a reader tells two expectations of one type apart. Text from the file; renderers escape it.
 */
export function caseName(type: string, kwargs: unknown): string {
  if (!isObject(kwargs)) return clip(type);
  const column = nonEmpty(kwargs.column);
  if (column !== undefined) return clip(`${type} (column: ${column})`);
  const pair = [kwargs.column_A, kwargs.column_B].filter((c): c is string => typeof c === "string");
  const list = Array.isArray(kwargs.column_list)
    ? kwargs.column_list.filter((c): c is string => typeof c === "string")
    : pair;
  if (list.length > 0) return clip(`${type} (columns: ${list.join(", ")})`);
  return clip(type);
}

/**
 * The exception an expectation raised, or undefined when it ran. GX writes `exception_info` either as one
 * `{ raised_exception, exception_message, exception_traceback }` or, when metrics failed to resolve (0.15+),
 * as one such object per metric id.
 */
function raisedException(info: unknown): string | undefined {
  if (!isObject(info)) return undefined;
  const infos = "raised_exception" in info ? [info] : Object.values(info).filter(isObject);
  const raised = infos.find((i) => i.raised_exception === true);
  if (!raised) return undefined;
  return nonEmpty(raised.exception_message) ?? "raised an exception (no message)";
}

/** What GX observed, for a failed expectation: `14 unexpected values (0.07%)`, `observed 0`. */
function failureDetail(result: unknown): string | undefined {
  if (!isObject(result)) return undefined;
  const count = result.unexpected_count;
  if (typeof count === "number" && Number.isFinite(count)) {
    const percent = result.unexpected_percent;
    const share =
      typeof percent === "number" && Number.isFinite(percent) ? ` (${Number(percent.toPrecision(3))}%)` : "";
    return `${count} unexpected ${count === 1 ? "value" : "values"}${share}`;
  }
  const observed = result.observed_value;
  if (typeof observed === "number" || typeof observed === "string" || typeof observed === "boolean")
    return clip(`observed ${String(observed)}`, 120);
  return undefined;
}

/**
 * GX counts every result in `statistics`: evaluated = all results (an expectation that raised included),
 * successful = those with success true, unsuccessful = the rest. A count the results do not bear out means
 * the results were cut (only_return_failures, a hand edit, a truncated file): fail closed, saying which.
 */
function checkStatistics(value: JsonObject, list: readonly unknown[], at: string, key: string): void {
  const stats = value.statistics;
  if (stats === undefined) return;
  if (!isObject(stats)) throw new FormatError(`has ${at}statistics that is not an object`);
  const successful = list.filter((r) => isObject(r) && r.success === true).length;
  const counted: Array<[string, number]> = [
    ["evaluated_expectations", list.length],
    ["successful_expectations", successful],
    ["unsuccessful_expectations", list.length - successful],
  ];
  for (const [name, count] of counted) {
    const stated = stats[name];
    if (stated === undefined) continue;
    if (typeof stated !== "number" || !Number.isInteger(stated) || stated < 0)
      throw new FormatError(`has ${at}statistics.${name} that is not a count`);
    if (stated === count) continue;
    const onlyFailures =
      name === "evaluated_expectations" && count < stated && successful === 0 && count > 0
        ? "; it holds only the failed expectations (only_return_failures), so validate without only_return_failures"
        : "; the results were cut or edited, so write the file again from Great Expectations";
    throw new FormatError(
      `has ${at}statistics.${name} ${stated}, but ${at}${key} holds ${count}${onlyFailures}`,
    );
  }
}

/** Checkpoint results: each run result holds a validation result (0.18 under `validation_result`). */
function readRunResults(runs: JsonObject): DataCheckResult {
  const cases: DataCheckCase[] = [];
  const generations = new Set<string>();
  for (const [id, run] of Object.entries(runs)) {
    const at = `run_results[${JSON.stringify(clip(id, 80))}]`;
    if (!isObject(run)) throw new FormatError(`has ${at} that is not an object`);
    const wrapped = isObject(run.validation_result);
    const validation = wrapped ? (run.validation_result as JsonObject) : run;
    const where = wrapped ? `${at}.validation_result.` : `${at}.`;
    if (!isValidation(validation))
      throw new FormatError(
        `has ${at} that holds no validation result (results and statistics); write the checkpoint result with to_json_dict()`,
      );
    const read = readValidation(validation, where);
    // 0.18 wraps each validation result; 1.x keeps the validation result itself.
    if (read.generation) generations.add(read.generation);
    else generations.add(wrapped ? "0.18" : "1.x");
    cases.push(...read.cases);
  }
  const generation = generations.size === 1 ? `${[...generations][0]} ` : "";
  return { format: `Great Expectations ${generation}checkpoint result`, cases };
}

/** 1.x `CheckpointResult.describe()`: its own statistics count validations, each a describe() of one. */
function readCheckpointDescription(value: JsonObject): DataCheckResult {
  const list = value.validation_results as unknown[];
  const cases: DataCheckCase[] = [];
  list.forEach((v, i) => {
    const at = `validation_results[${i}]`;
    if (!isObject(v) || !isValidation(v))
      throw new FormatError(`has ${at} that is not a validation result description`);
    cases.push(...readValidation(v, `${at}.`).cases);
  });
  const stats = value.statistics as JsonObject;
  const successful = list.filter((v) => isObject(v) && v.success === true).length;
  const counted: Array<[string, number]> = [
    ["evaluated_validations", list.length],
    ["successful_validations", successful],
    ["unsuccessful_validations", list.length - successful],
  ];
  for (const [name, count] of counted) {
    const stated = stats[name];
    if (stated !== undefined && stated !== count)
      throw new FormatError(
        `has statistics.${name} ${JSON.stringify(stated)}, but validation_results holds ${count}; write the file again from Great Expectations`,
      );
  }
  return { format: "Great Expectations 1.x checkpoint result (describe)", cases };
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}
