// One shape for every eval-suite format (promptfoo, DeepEval, inspect_ai): the cases that ran, each with
// its outcome, the provider or model it ran on, and what it cost where the file says. The `evals` and
// `cost` kinds read only this shape; each format's reader (promptfoo.ts, deepeval.ts, inspect.ts) fills it.
import { FormatError } from "../read.js";
import { parsePythonJson } from "./json.js";

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
  const parsed = parsePythonJson(text);
  if (parsed.ok) return parsed.value;
  throw new FormatError(`is not valid JSON (${parsed.message}); ${EVAL_FORMATS}`);
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
