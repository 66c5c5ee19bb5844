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
  /**
   * What pairs the case with itself in another run of the suite (a `regression` check's newFailures): the
   * full, unclipped test and provider for promptfoo, the case name for DeepEval, sample id and epoch for
   * inspect_ai. Opaque; never shown.
   */
  identity: string;
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
  const parsed = parseStrictJson(nonFiniteAsNull(text));
  if (parsed.ok) return parsed.value;
  throw new FormatError(`is not valid JSON (${withLineColumn(parsed.message, text)}); ${EVAL_FORMATS}`);
}

/**
 * Python's json module (inspect_ai's JSON logs among its users) writes a metric it could not compute as a
 * bare `NaN` (or `Infinity`), which JSON has no word for. Outside strings, each becomes `null`: the same
 * spelling JavaScript and pydantic give it, read as "not a number" by every reader here (a token count
 * that is null is an error, a metric that is null is absent), never as a zero.
 */
export function nonFiniteAsNull(text: string): string {
  if (!/NaN|Infinity/.test(text)) return text;
  let out = "";
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      // Skip the string, escapes included.
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      continue;
    }
    const word = /^(?:-?Infinity|NaN)/.exec(text.slice(i, i + 9))?.[0];
    if (word) {
      out += `${text.slice(from, i)}null`;
      i += word.length;
      from = i;
      continue;
    }
    i++;
  }
  return out + text.slice(from);
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
  const shown =
    v === null ? "null (NaN)" : typeof v === "string" ? JSON.stringify(v.slice(0, 20)) : String(v);
  bad.push(`${where} is ${shown}`);
  return undefined;
}

/** Case names and reasons can run to kilobytes; findings keep the start of each. */
export function clip(text: string, max = 120): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
