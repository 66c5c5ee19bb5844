// Paths into parsed JSON or YAML evidence: `metrics.f1`, `results[0].score`, `a.b[2][1]`, and
// `["key.with.dots"]` for keys that contain dots or brackets. Only own properties are read, so a path
// can never reach `__proto__`, `constructor` or anything else inherited.

export type PathSegment = string | number;

export type ParsedPath = { ok: true; segments: PathSegment[] } | { ok: false; message: string };

export type PathLookup =
  | { found: true; value: unknown }
  | {
      found: false;
      /** The longest prefix of the path that exists, written like the path (`""` for the top level). */
      deepest: string;
      /** Why the rest is not there, e.g. `metrics has no key "f1" (its keys: precision, recall)`. */
      message: string;
    };

const MAX_KEYS_LISTED = 10;

export function parsePath(path: string): ParsedPath {
  const segments: PathSegment[] = [];
  const bad = (why: string): ParsedPath => ({
    ok: false,
    message: `the path ${JSON.stringify(path)} ${why}`,
  });
  if (path.trim() === "") return bad("is empty; write keys joined by dots, e.g. metrics.f1");
  let i = 0;
  let expectKey = true; // at the start, or right after a dot
  while (i < path.length) {
    const c = path[i];
    if (c === "[") {
      const close = readBracket(path, i);
      if (!close.ok) return bad(close.why);
      segments.push(close.segment);
      i = close.end;
      expectKey = false;
      continue;
    }
    if (c === ".") {
      if (expectKey) return bad(`has an empty key at position ${i + 1}; remove the extra dot`);
      i++;
      expectKey = true;
      if (i === path.length) return bad("ends with a dot; name the key after it");
      continue;
    }
    if (c === "]") return bad(`has a "]" without "[" at position ${i + 1}`);
    if (!expectKey) return bad(`needs a dot before the key at position ${i + 1}`);
    let end = i;
    while (end < path.length && path[end] !== "." && path[end] !== "[" && path[end] !== "]") end++;
    segments.push(path.slice(i, end));
    i = end;
    expectKey = false;
  }
  return { ok: true, segments };
}

type Bracket = { ok: true; segment: PathSegment; end: number } | { ok: false; why: string };

function readBracket(path: string, open: number): Bracket {
  const quote = path[open + 1];
  if (quote === '"' || quote === "'") {
    let key = "";
    let i = open + 2;
    while (i < path.length && path[i] !== quote) {
      if (path[i] === "\\" && i + 1 < path.length) i++;
      key += path[i];
      i++;
    }
    if (i >= path.length) return { ok: false, why: `has an unclosed quote at position ${open + 2}` };
    if (path[i + 1] !== "]") return { ok: false, why: `needs "]" after the quoted key at position ${i + 2}` };
    return { ok: true, segment: key, end: i + 2 };
  }
  const close = path.indexOf("]", open);
  if (close < 0) return { ok: false, why: `has an unclosed "[" at position ${open + 1}` };
  const inner = path.slice(open + 1, close).trim();
  if (!/^\d{1,9}$/.test(inner)) {
    return {
      ok: false,
      why: `has [${inner}] at position ${open + 1}; use [n] for a list item or ["key"] for a key with dots`,
    };
  }
  return { ok: true, segment: Number(inner), end: close + 1 };
}

/** Writes segments back as a path: `metrics.f1`, `results[0].score`, `["a.b"].c`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[^.[\]"'\\]+$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

export function readPath(value: unknown, path: string): PathLookup {
  const parsed = parsePath(path);
  if (!parsed.ok) return { found: false, deepest: "", message: parsed.message };
  let current = value;
  const walked: PathSegment[] = [];
  for (const segment of parsed.segments) {
    const here = walked.length === 0 ? "the top level" : formatPath(walked);
    if (Array.isArray(current)) {
      const index =
        typeof segment === "number" ? segment : /^\d{1,9}$/.test(segment) ? Number(segment) : undefined;
      if (index === undefined) {
        return notFound(walked, `${here} is a list, not an object; use [n] to pick an item`);
      }
      if (index >= current.length || !Object.hasOwn(current, index)) {
        return notFound(
          walked,
          `${here} has ${current.length} item${current.length === 1 ? "" : "s"}, so [${index}] is not there`,
        );
      }
      current = current[index];
    } else if (isRecord(current)) {
      if (typeof segment === "number") {
        return notFound(walked, `${here} is an object, not a list; name a key instead of [${segment}]`);
      }
      if (!Object.hasOwn(current, segment)) {
        return notFound(walked, `${here} has no key ${JSON.stringify(segment)}${keyHint(current)}`);
      }
      current = current[segment];
    } else {
      return notFound(
        walked,
        `${here} is ${valuePhrase(current)}, so it has no ${typeof segment === "number" ? `[${segment}]` : `key ${JSON.stringify(segment)}`}`,
      );
    }
    walked.push(segment);
  }
  return { found: true, value: current };
}

function notFound(walked: PathSegment[], message: string): PathLookup {
  return { found: false, deepest: formatPath(walked), message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function keyHint(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  if (keys.length === 0) return " (it is empty)";
  const shown = keys.slice(0, MAX_KEYS_LISTED).join(", ");
  return ` (its keys: ${shown}${keys.length > MAX_KEYS_LISTED ? `, and ${keys.length - MAX_KEYS_LISTED} more` : ""})`;
}

/** A value described for a sentence: `a number (0.9)`, `a string ("0.9")`, `null`. */
export function valuePhrase(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "number":
      return `a number (${String(value)})`;
    case "string":
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case "boolean":
      return `a boolean (${String(value)})`;
    case "object":
      return value instanceof Date ? `a date (${value.toISOString()})` : "an object";
    default:
      return `a ${typeof value}`;
  }
}

/** A JSON value with every object's keys in sorted order and undefined members left out: a stable form to compare or print. */
export function sortedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeep);
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(source)
      .sort()
      .filter((k) => source[k] !== undefined)
      .map((k) => [k, sortedDeep(source[k])]),
  );
}
