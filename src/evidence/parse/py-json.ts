// JSON as Python's json module writes it. Its default (allow_nan) writes a NaN or infinite float as the
// bare tokens NaN, Infinity and -Infinity, which strict JSON refuses; lm-eval and W&B write through it.
// Read as strict JSON first; only when that fails are those tokens (outside strings) read as the numbers
// they stand for, so that a NaN score is an error naming that score, not a file nobody can read.
import { parseStrictJson, type JsonParse } from "./json.js";

const TOKENS: ReadonlyArray<[string, number]> = [
  ["-Infinity", -Infinity],
  ["Infinity", Infinity],
  ["NaN", NaN],
];

export function parsePythonJson(text: string): JsonParse {
  const strict = parseStrictJson(text);
  if (strict.ok || !/NaN|Infinity/.test(text)) return strict;
  // A sentinel string the text does not contain stands in for each token while JSON.parse reads it.
  let nonce = 0;
  while (text.includes(`shipgate-non-finite-${nonce}`)) nonce += 1;
  const sentinel = (i: number): string => `shipgate-non-finite-${nonce}-${i}`;
  let out = "";
  let at = 0;
  let replaced = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Skip the string: a quote after an odd number of backslashes is part of it.
      let end = i + 1;
      for (;;) {
        end = text.indexOf('"', end);
        if (end < 0) return strict;
        let slashes = 0;
        for (let j = end - 1; text[j] === "\\"; j -= 1) slashes += 1;
        if (slashes % 2 === 0) break;
        end += 1;
      }
      i = end + 1;
      continue;
    }
    const token = TOKENS.findIndex(([word]) => text.startsWith(word, i));
    if (token >= 0 && !/[\w$]/.test(text[i - 1] ?? " ")) {
      const word = (TOKENS[token] as [string, number])[0];
      if (!/[\w$]/.test(text[i + word.length] ?? " ")) {
        out += `${text.slice(at, i)}"${sentinel(token)}"`;
        i += word.length;
        at = i;
        replaced = true;
        continue;
      }
    }
    i += 1;
  }
  if (!replaced) return strict;
  const parsed = parseStrictJson(out + text.slice(at));
  if (!parsed.ok) return strict;
  const values = new Map(TOKENS.map(([, value], n) => [sentinel(n), value]));
  return { ok: true, value: restore(parsed.value, values) };
}

function restore(value: unknown, values: ReadonlyMap<string, number>): unknown {
  if (typeof value === "string") return values.has(value) ? values.get(value) : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = restore(value[i], values);
    return value;
  }
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = restore(record[key], values);
  }
  return value;
}
