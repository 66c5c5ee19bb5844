// One shape for every eval-suite format (promptfoo, DeepEval, inspect_ai): the cases that ran, each with
// its outcome, the provider or model it ran on, and what it cost where the file says. The `evals` and
// `cost` kinds read only this shape; each format's reader (promptfoo.ts, deepeval.ts, inspect.ts) fills it.
import { FormatError } from "../read.js";
import { parseStrictJson } from "./json.js";
import { jsonErrorPosition } from "./json-position.js";

export type EvalFormat = "promptfoo" | "deepeval" | "inspect";

export interface EvalTokens {
  input: number;
  output: number;
}

export interface EvalCase {
  /** What the suite calls the case (promptfoo test description, DeepEval name, inspect sample id). */
  name: string;
  /** The provider or model it ran on; "" when the file names none. */
  provider: string;
  outcome: "pass" | "fail" | "error";
  /** Why it failed or errored, as the file says (inert text). */
  reason?: string;
  /** The cost in US dollars the tool stated for the request; undefined when it states none. */
  cost?: number;
  /** Tokens billed for the request; undefined when the file states none. */
  tokens?: EvalTokens;
  /** Served from a cache: no request was made, so nothing is priced. */
  cached: boolean;
  /** Token figures present but not real numbers (NaN, negative, text): where, for an error. */
  badTokens?: string;
}

export interface EvalSuite {
  format: EvalFormat;
  /** For findings: `promptfoo results v3`, `inspect_ai log v2 (.eval)`. */
  label: string;
  cases: EvalCase[];
  /** Set when the run did not finish and its figures must not be used (inspect status `cancelled`). */
  unfinished?: string;
  /** Token totals for the whole run, for a log whose samples state none (inspect `stats.model_usage`). */
  totalTokens?: EvalTokens;
}

export const EVAL_FORMATS =
  "expected a promptfoo --output JSON, a DeepEval test run (.deepeval/.latest_test_run.json) or an inspect_ai log (.json or .eval)";

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses JSON strictly; a syntax error names the line and column. */
export function parseEvalJson(text: string): unknown {
  const parsed = parseStrictJson(text);
  if (parsed.ok) return parsed.value;
  throw new FormatError(`is not valid JSON (${withLineColumn(parsed.message, text)}); ${EVAL_FORMATS}`);
}

/** The parser's message with the line and column of the fault, which Node 20's does not always give. */
export function withLineColumn(message: string, text: string): string {
  const at = jsonErrorPosition(text);
  if (!at) return message;
  // V8 quotes the file around the fault (evidence text, kept out of findings) and words the position
  // differently from one Node version to the next; the scan's line and column replace both.
  const short = message
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/, .*is not valid JSON$/s, "")
    .replace(/ \(line \d+ column \d+\)$/, "");
  return `${short} at line ${at.line}, column ${at.column}`;
}

/**
 * A token count: absent is undefined; present but not a finite non-negative number is reported. `null`
 * is reported too: it is how JSON writers (JavaScript's, pydantic's) spell a NaN.
 */
export function tokenCount(v: unknown, where: string, bad: string[]): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v;
  bad.push(`${where} is ${typeof v === "string" ? JSON.stringify(v.slice(0, 20)) : String(v)}`);
  return undefined;
}

/** Case names and reasons can run to kilobytes; findings keep the start of each. */
export function clip(text: string, max = 120): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
