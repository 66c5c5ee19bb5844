// `metric`: one value in a JSON or YAML file, compared with min / max / equals.
import type { MetricSpec } from "../config/schema.js";
import { parseYaml } from "../config/yaml.js";
import { formatNumber } from "../base/format.js";
import { parseStrictJson } from "./parse/json.js";
import { parsePath, readPath, valuePhrase } from "../base/jsonpath.js";
import { FormatError, guard, readOne } from "./read.js";
import type { EvidenceContext, Finding } from "./types.js";

export interface DataDocument {
  value: unknown;
  /** 1-based line of a path's value (or of its closest existing ancestor); YAML only. */
  lineOf?: (path: string) => number | undefined;
}

/**
 * Parses JSON or YAML evidence, told apart by content: text starting with `{` or `[` is JSON (a key
 * repeated in one object is refused, as YAML's is), anything else goes through the project's one
 * hardened YAML parser.
 */
export function parseDataText(text: string, file: string): DataDocument {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    const parsed = parseStrictJson(trimmed);
    if (!parsed.ok) throw new FormatError(`${file} is not valid JSON: ${parsed.message}`);
    return { value: parsed.value };
  }
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    const where = first ? `line ${first.line}, column ${first.column}: ` : "";
    throw new FormatError(
      `${file} is neither JSON nor valid YAML: ${where}${first?.message ?? "cannot parse it"}`,
    );
  }
  return {
    value: parsed.value,
    lineOf: (path) => {
      const segments = parsePath(path);
      return segments.ok ? parsed.locate(segments.segments).line : undefined;
    },
  };
}

export async function evaluateMetric(spec: MetricSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.file, async () => {
    const { path: file, text } = await readOne(ctx, spec.file);
    const doc = parseDataText(text, file);
    const line = doc.lineOf?.(spec.path);
    const evidence = [line === undefined ? { path: file } : { path: file, line }];
    const lookup = readPath(doc.value, spec.path);
    if (!lookup.found) {
      return {
        status: "error",
        summary: `${spec.path} is not in ${file}: ${lookup.message}; fix the path or the file`,
        evidence,
      };
    }
    const value = lookup.value;
    const bar = barText(spec);
    const problem = typeProblem(spec, value);
    if (problem) {
      return { status: "error", summary: `${spec.path} in ${file} ${problem}`, bar, evidence };
    }

    const breach = firstBreach(spec, value as number | string | boolean);
    const measured = show(value, spec);
    if (breach) {
      return {
        status: "fail",
        summary: `${spec.path} ${measured} ${breach} in ${file}`,
        measured,
        bar,
        evidence,
      };
    }
    return {
      status: "pass",
      summary: `${spec.path} ${measured} ${barText(spec, value)} in ${file}`,
      measured,
      bar,
      evidence,
    };
  });
}

/** Why the value cannot be compared with the bar, or undefined when it can. */
function typeProblem(spec: MetricSpec, value: unknown): string | undefined {
  const needsNumber = spec.min !== undefined || spec.max !== undefined || typeof spec.equals === "number";
  if (needsNumber) {
    if (typeof value === "string" && isNumericText(value)) {
      return `is the string ${JSON.stringify(value)}, not a number; write the number without quotes in the file`;
    }
    if (typeof value !== "number") return `is ${valuePhrase(value)}, not a number`;
    if (!Number.isFinite(value)) return `is ${String(value)}, not a finite number`;
  }
  if (spec.equals !== undefined && typeof spec.equals !== "number" && typeof value !== typeof spec.equals) {
    return `is ${valuePhrase(value)}, but equals expects a ${typeof spec.equals} (${JSON.stringify(spec.equals)})`;
  }
  return undefined;
}

function isNumericText(text: string): boolean {
  return (
    /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*%?\s*$/.test(text) ||
    /^\s*[-+]?(nan|inf(inity)?)\s*$/i.test(text)
  );
}

/** The first bound the value breaks, written as the comparison that failed: `< 0.92`. */
function firstBreach(spec: MetricSpec, value: number | string | boolean): string | undefined {
  if (spec.min !== undefined && (value as number) < spec.min) return `< ${showBound(spec.min, value)}`;
  if (spec.max !== undefined && (value as number) > spec.max) return `> ${showBound(spec.max, value)}`;
  if (spec.equals !== undefined && value !== spec.equals) return `≠ ${showBound(spec.equals, value)}`;
  return undefined;
}

/** Every bound, as the comparisons a value must meet: `≥ 0.92 and ≤ 1`. */
function barText(spec: MetricSpec, value?: unknown): string {
  const parts: string[] = [];
  if (spec.min !== undefined) parts.push(`≥ ${showBound(spec.min, value)}`);
  if (spec.max !== undefined) parts.push(`≤ ${showBound(spec.max, value)}`);
  if (spec.equals !== undefined) parts.push(`= ${showBound(spec.equals, value)}`);
  return parts.join(" and ");
}

/**
 * The measured value for people. Rounded like every figure in a report, unless rounding would make it
 * read the same as a bound it differs from ("0.92 < 0.92").
 */
function show(value: unknown, spec: MetricSpec): string {
  if (typeof value !== "number") return JSON.stringify(value);
  const rounded = formatNumber(value);
  for (const bound of [spec.min, spec.max, spec.equals]) {
    if (typeof bound === "number" && bound !== value && formatNumber(bound) === rounded) return String(value);
  }
  return rounded;
}

function showBound(bound: number | string | boolean, value: unknown): string {
  if (typeof bound !== "number") return JSON.stringify(bound);
  const rounded = formatNumber(bound);
  if (typeof value === "number" && value !== bound && formatNumber(value) === rounded) return String(bound);
  return rounded;
}
