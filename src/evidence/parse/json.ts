// Strict JSON for evidence: JSON.parse, then one linear pass that refuses a key repeated in the same object.
// JSON.parse keeps the last of two equal keys silently (its reviver never sees the first), so a report
// holding `"f1": 0.5, "f1": 0.99` would pass on the value a reader of the file may not see; YAML evidence
// already refuses duplicates. The pass runs only on text JSON.parse accepted, so it can skip strings with
// indexOf and needs no error handling of its own; it allocates one Set per object being read.

import { jsonErrorPosition } from "./json-position.js";

/** A key that appears twice in one object: where both are, for a message that names the fix. */
export interface DuplicateKey {
  key: string;
  /** 1-based line of the second occurrence. */
  line: number;
  /** 1-based line of the first occurrence. */
  firstLine: number;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses JSON text, refusing duplicate keys at any depth. The message says what is wrong and how to fix
 * it, without the file's name (the caller adds it).
 */
export function parseStrictJson(text: string): JsonParse {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    const why =
      err instanceof RangeError
        ? "it is nested too deeply"
        : err instanceof Error
          ? err.message
          : String(err);
    return { ok: false, message: why };
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate) return { ok: false, message: duplicateMessage(duplicate) };
  return { ok: true, value };
}

export function duplicateMessage(d: DuplicateKey): string {
  return `duplicate key ${JSON.stringify(d.key)} at line ${d.line} (first at line ${d.firstLine}); a JSON reader keeps only one of the two values, so remove or rename one`;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;

/**
 * The first key repeated within one object of a text JSON.parse accepted, or undefined. Linear in the
 * text: each character is looked at a bounded number of times, and lines are counted only once a
 * duplicate is found.
 */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // One entry per open container: the keys seen so far (with where) for an object, null for an array.
  const stack: Array<Map<string, number> | null> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      let end = text.indexOf('"', i + 1);
      // A quote preceded by an odd number of backslashes is part of the string.
      for (;;) {
        let slashes = 0;
        for (let j = end - 1; text.charCodeAt(j) === BACKSLASH; j -= 1) slashes += 1;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end + 1;
      const top = stack[stack.length - 1];
      if (top) {
        let k = i;
        while (k < n && isJsonSpace(text.charCodeAt(k))) k += 1;
        if (text.charCodeAt(k) === COLON) {
          // Keys are compared as JSON.parse reads them: "\u0066\u0031" is the key "f1".
          const raw = text.slice(start + 1, end);
          const key = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
          const first = top.get(key);
          if (first !== undefined) {
            return { key, line: lineOf(text, start), firstLine: lineOf(text, first) };
          }
          top.set(key, start);
          i = k + 1;
        }
      }
      continue;
    }
    if (c === OPEN_OBJECT) stack.push(new Map());
    else if (c === OPEN_ARRAY) stack.push(null);
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) stack.pop();
    i += 1;
  }
  return undefined;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at >= 0 && at < index; at = text.indexOf("\n", at + 1)) line += 1;
  return line;
}

/**
 * JSON as Python's json module writes it (inspect_ai logs, Evidently reports, Deepchecks results), read
 * strictly: a bare NaN or Infinity becomes null (nonFiniteAsNull), a repeated key is refused, and a syntax
 * error is placed at its line and column in that text. The message does not name the file.
 */
export function parsePythonJson(text: string): JsonParse {
  const json = nonFiniteAsNull(text);
  const parsed = parseStrictJson(json);
  return parsed.ok ? parsed : { ok: false, message: withLineColumn(parsed.message, json) };
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
function withLineColumn(message: string, text: string): string {
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
