// A fast reader for the plain YAML that readiness files and most YAML evidence are written in: block
// mappings and sequences, one-line flow collections, plain and quoted one-line scalars, comments. It
// answers only when it is sure; on anything else (an anchor, a tag, a multi-line scalar, an empty value,
// a duplicate key, a rare escape, a tab, a number in any but the plainest spelling, ...) it answers
// `undefined` and the strict reader (yaml.ts, the `yaml` library) reads the text instead, so every refusal
// and every error message stays the strict reader's. test/config/yaml-fast.test.ts proves on every YAML
// file in the repository and on generated and mutated documents that whenever it answers, the strict
// reader answers the same value and the same position for every path.
//
// Why: the `yaml` library builds a token stream, a concrete syntax tree and a document model for each
// file, and its first files run cold; a hundred readiness files cost about 300 ms before the first check.
import type { SourcePos } from "./types.js";

/** Where a node starts, and its children's, so errors can point at the line a user wrote. */
type Located =
  | { kind: "map"; start: number; keys: Map<string, { keyStart: number; value: Located }> }
  | { kind: "seq"; start: number; items: Located[] }
  | { kind: "scalar"; start: number };

export interface SimpleYaml {
  value: unknown;
  locate(path: ReadonlyArray<PropertyKey>): SourcePos;
}

/** Thrown inside the reader when the text leaves the subset it is sure of; never escapes this module. */
class NotSimple extends Error {}

/** Keys that could alter object prototypes: both readers refuse them (this one by leaving them to yaml.ts). */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const NOT_STRING_KEYS = new Set(["null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]);
/** Longest integer or fraction part read here: past it `Number` and the `yaml` library might round apart. */
const MAX_DIGITS = 15;

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;

/** The double-quoted escapes read here; the others (\x, \u, \N, a line break, ...) are the strict reader's. */
const ESCAPES = new Map<number, string>([
  [BACKSLASH, "\\"],
  [QUOTE, '"'],
  [0x2f, "/"],
  [0x6e, "\n"],
  [0x74, "\t"],
  [0x72, "\r"],
]);

/** The value and positions of `text`, or undefined when the strict reader must decide. */
export function readSimpleYaml(text: string): SimpleYaml | undefined {
  if (!isPlainText(text)) return undefined;
  try {
    const reader = new SimpleReader(text);
    const { value, node } = reader.document();
    return { value, locate: (path) => reader.position(locateIn(node, path)) };
  } catch (err) {
    if (err instanceof NotSimple) return undefined;
    throw err;
  }
}

/** Only newlines and printable characters; no tab, CR, BOM or C1 control, which the strict reader judges. */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= SPACE && c < 0x7f) continue;
    if (c === NEWLINE) continue;
    if (c < 0xa0 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfeff || c >= 0xfffe) return false;
  }
  return true;
}

function locateIn(root: Located, path: ReadonlyArray<PropertyKey>): number {
  let node: Located | undefined = root;
  let offset = root.start;
  for (const key of path) {
    if (node.kind === "map") {
      const pair = node.keys.get(String(key));
      if (!pair) break;
      offset = pair.keyStart;
      node = pair.value;
      if (node.kind === "scalar") offset = node.start;
    } else if (node.kind === "seq" && typeof key === "number") {
      const item: Located | undefined = node.items[key];
      if (item === undefined) break;
      node = item;
      offset = item.start;
    } else {
      break;
    }
  }
  return offset;
}

interface Read {
  value: unknown;
  node: Located;
}

class SimpleReader {
  /** Offset of each line's first character. */
  private readonly lineStarts: number[] = [0];
  /** The line being read, as an index into lineStarts. */
  private line = 0;

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === NEWLINE) this.lineStarts.push(i + 1);
  }

  document(): Read {
    const indent = this.nextContentLine();
    if (indent < 0) throw new NotSimple();
    const start = this.lineStarts[this.line]!;
    // Directives and document markers are the strict reader's to judge.
    const first = this.text.charCodeAt(start);
    if (first === 0x25 || this.text.startsWith("---", start) || this.text.startsWith("...", start)) {
      throw new NotSimple();
    }
    const read = this.block(indent);
    if (this.nextContentLine() >= 0) throw new NotSimple();
    return read;
  }

  position(offset: number): SourcePos {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }

  /** Skips blank and comment lines; the indentation of the next line with content, or -1 at the end. */
  private nextContentLine(): number {
    for (; this.line < this.lineStarts.length; this.line++) {
      const start = this.lineStarts[this.line]!;
      const end = this.lineEnd();
      let i = start;
      while (i < end && this.text.charCodeAt(i) === SPACE) i++;
      if (i === end || this.text.charCodeAt(i) === HASH) continue;
      return i - start;
    }
    return -1;
  }

  private lineEnd(): number {
    const next = this.lineStarts[this.line + 1];
    return next === undefined ? this.text.length : next - 1;
  }

  /** A block mapping or sequence whose first line (the current one) is indented by `indent`. */
  private block(indent: number): Read {
    const at = this.lineStarts[this.line]! + indent;
    if (this.isSequenceItem(at)) return this.sequence(indent);
    return this.mapping(indent, at);
  }

  private isSequenceItem(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = at + 1;
    return next === this.lineEnd() || this.text.charCodeAt(next) === SPACE;
  }

  private sequence(indent: number): Read {
    const value: unknown[] = [];
    const items: Located[] = [];
    const start = this.lineStarts[this.line]! + indent;
    for (;;) {
      const i = this.valueStart(this.lineStarts[this.line]! + indent + 1);
      let item: Read;
      if (i < 0) {
        item = this.nestedValue(indent, false);
      } else if (this.keyEnd(i) >= 0) {
        item = this.mapping(i - this.lineStarts[this.line]!, i);
      } else {
        item = this.inlineValue(i);
        this.line++;
      }
      value.push(item.value);
      items.push(item.node);
      const next = this.nextContentLine();
      if (next > indent) throw new NotSimple();
      // A line less indented, or as indented but not an item, belongs to an enclosing block.
      if (next < indent || !this.isSequenceItem(this.lineStarts[this.line]! + indent)) break;
    }
    return { value, node: { kind: "seq", start, items } };
  }

  /** A block mapping at `indent`; its first key is at `at` on the current line. */
  private mapping(indent: number, at: number): Read {
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { keyStart: number; value: Located }>();
    let keyStart = at;
    for (;;) {
      const colon = this.keyEnd(keyStart);
      if (colon < 0) throw new NotSimple();
      const key = this.keyText(keyStart, colon);
      if (keys.has(key)) throw new NotSimple();
      const i = this.valueStart(colon + 1);
      let read: Read;
      if (i < 0) {
        read = this.nestedValue(indent, true);
      } else {
        read = this.inlineValue(i);
        this.line++;
      }
      value[key] = read.value;
      keys.set(key, { keyStart, value: read.node });
      const next = this.nextContentLine();
      if (next < indent) break;
      if (next > indent) throw new NotSimple();
      keyStart = this.lineStarts[this.line]! + indent;
    }
    return { value, node: { kind: "map", start: at, keys } };
  }

  /** Where a value starts after `from` on this line (spaces skipped), or -1 when the line ends or a comment starts. */
  private valueStart(from: number): number {
    const end = this.lineEnd();
    const i = this.skipSpaces(from, end);
    return i === end || this.text.charCodeAt(i) === HASH ? -1 : i;
  }

  /**
   * The block on the lines below a key or a dash with nothing after it: more indented than `indent`, or
   * (after a key) a sequence at the key's own indentation.
   */
  private nestedValue(indent: number, afterKey: boolean): Read {
    this.line++;
    const nested = this.nextContentLine();
    if (nested > indent) return this.block(nested);
    if (afterKey && nested === indent && this.isSequenceItem(this.lineStarts[this.line]! + nested)) {
      return this.sequence(nested);
    }
    throw new NotSimple(); // an empty value: null, or an error; the strict reader says which
  }

  /** The offset of the `:` ending a simple key that starts at `at`, or -1. */
  private keyEnd(at: number): number {
    const end = this.lineEnd();
    const i = this.keyNameEnd(at, end);
    if (i < 0 || i >= end || this.text.charCodeAt(i) !== COLON) return -1;
    if (i + 1 < end && this.text.charCodeAt(i + 1) !== SPACE) return -1;
    return i;
  }

  /** Where the name of a simple key starting at `at` ends, or -1 when no key starts there. */
  private keyNameEnd(at: number, end: number): number {
    if (!isKeyStart(this.text.charCodeAt(at))) return -1;
    let i = at + 1;
    while (i < end && isKeyChar(this.text.charCodeAt(i))) i++;
    return i;
  }

  private keyText(at: number, colon: number): string {
    const key = this.text.slice(at, colon);
    if (FORBIDDEN_KEYS.has(key) || NOT_STRING_KEYS.has(key)) throw new NotSimple();
    return key;
  }

  /** A value on one line from `at` to its end (a comment may follow). */
  private inlineValue(at: number): Read {
    const end = this.lineEnd();
    const c = this.text.charCodeAt(at);
    let read: Read;
    let after: number;
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      ({ read, after } = this.flow(at, end));
    } else if (c === QUOTE || c === APOSTROPHE) {
      ({ read, after } = this.quoted(at, end));
    } else {
      const stop = this.plainEnd(at, end, false);
      return { value: plainValue(this.text.slice(at, stop)), node: { kind: "scalar", start: at } };
    }
    this.expectLineRest(after, end);
    return read;
  }

  /** Only spaces and a comment may follow a value on its line. */
  private expectLineRest(from: number, end: number): void {
    let i = from;
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    if (i === end) return;
    if (this.text.charCodeAt(i) === HASH && i > from) return;
    throw new NotSimple();
  }

  /**
   * Where a plain scalar starting at `at` ends (trailing spaces dropped): at a comment, the line's end,
   * or in a flow collection at `,`, `]` or `}`. Anything a plain scalar cannot hold here is NotSimple.
   */
  private plainEnd(at: number, end: number, inFlow: boolean): number {
    const first = this.text.charCodeAt(at);
    const second = at + 1 < end ? this.text.charCodeAt(at + 1) : -1;
    if (!isPlainStart(first, second)) throw new NotSimple();
    let last = at; // one past the last non-space character
    for (let i = at; i < end; i++) {
      const c = this.text.charCodeAt(i);
      if (c === SPACE) {
        const next = i + 1 < end ? this.text.charCodeAt(i + 1) : -1;
        if (next === HASH) break;
        continue;
      }
      if (c === COLON) {
        const next = i + 1 < end ? this.text.charCodeAt(i + 1) : -1;
        // "a: b" would be a mapping, a trailing ":" one too; "a:b" is a plain scalar but rare: defer both.
        if (next === SPACE || next === -1 || inFlow) throw new NotSimple();
      }
      if (inFlow) {
        if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) return last;
        if (c === OPEN_BRACKET || c === OPEN_BRACE) throw new NotSimple();
      }
      last = i + 1;
    }
    return last;
  }

  /** A quoted scalar on one line: double-quoted with the common escapes only, or single-quoted. */
  private quoted(at: number, end: number): { read: Read; after: number } {
    const quote = this.text.charCodeAt(at);
    let value = "";
    let from = at + 1;
    for (let i = at + 1; i < end; i++) {
      const c = this.text.charCodeAt(i);
      if (quote === QUOTE && c === BACKSLASH) {
        const escaped = ESCAPES.get(this.text.charCodeAt(i + 1));
        if (escaped === undefined || i + 1 >= end) throw new NotSimple();
        value += this.text.slice(from, i) + escaped;
        from = i + 2;
        i++;
        continue;
      }
      if (c !== quote) continue;
      if (quote === APOSTROPHE && this.text.charCodeAt(i + 1) === APOSTROPHE && i + 1 < end) {
        value += this.text.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      value += this.text.slice(from, i);
      return { read: { value, node: { kind: "scalar", start: at } }, after: i + 1 };
    }
    throw new NotSimple(); // runs onto the next line
  }

  /** A flow sequence or mapping that opens and closes on this line. */
  private flow(at: number, end: number): { read: Read; after: number } {
    const open = this.text.charCodeAt(at);
    const close = open === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE;
    const list: unknown[] = [];
    const items: Located[] = [];
    const object: Record<string, unknown> = {};
    const keys = new Map<string, { keyStart: number; value: Located }>();
    let i = this.skipSpaces(at + 1, end);
    if (this.text.charCodeAt(i) === close) {
      i++;
    } else {
      for (;;) {
        if (open === OPEN_BRACE) {
          const keyStart = i;
          const colon = this.flowKeyEnd(i, end);
          const key = this.keyText(keyStart, colon);
          if (keys.has(key)) throw new NotSimple();
          const entry = this.flowValue(this.skipSpaces(colon + 1, end), end);
          object[key] = entry.read.value;
          keys.set(key, { keyStart, value: entry.read.node });
          i = entry.after;
        } else {
          const entry = this.flowValue(i, end);
          list.push(entry.read.value);
          items.push(entry.read.node);
          i = entry.after;
        }
        i = this.skipSpaces(i, end);
        const c = this.text.charCodeAt(i);
        if (i < end && c === close) {
          i++;
          break;
        }
        if (i >= end || c !== COMMA) throw new NotSimple();
        i = this.skipSpaces(i + 1, end);
        // A trailing comma, an empty entry or a line break inside the collection: the strict reader's call.
        const next = this.text.charCodeAt(i);
        if (i >= end || next === COMMA || next === close) throw new NotSimple();
      }
    }
    const read: Read =
      open === OPEN_BRACKET
        ? { value: list, node: { kind: "seq", start: at, items } }
        : { value: object, node: { kind: "map", start: at, keys } };
    return { read, after: i };
  }

  /** The `:` after a simple key in a flow mapping, which must be followed by a space. */
  private flowKeyEnd(at: number, end: number): number {
    const i = this.keyNameEnd(at, end);
    if (i < 0 || i + 1 >= end || this.text.charCodeAt(i) !== COLON || this.text.charCodeAt(i + 1) !== SPACE) {
      throw new NotSimple();
    }
    return i;
  }

  private flowValue(at: number, end: number): { read: Read; after: number } {
    if (at >= end) throw new NotSimple();
    const c = this.text.charCodeAt(at);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return this.flow(at, end);
    if (c === QUOTE || c === APOSTROPHE) return this.quoted(at, end);
    const stop = this.plainEnd(at, end, true);
    if (stop === at) throw new NotSimple();
    return {
      read: { value: plainValue(this.text.slice(at, stop)), node: { kind: "scalar", start: at } },
      after: stop,
    };
  }

  private skipSpaces(from: number, end: number): number {
    let i = from;
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }
}

function isKeyStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 0x30 && c <= 0x39) || c === DASH || c === 0x2e || c === 0x2f;
}

/** Letters, digits and a few marks start a plain scalar; every YAML indicator is left to the strict reader. */
function isPlainStart(c: number, next: number): boolean {
  if (isKeyStart(c) || isDigit(c) || c >= 0xa0) return true;
  // / ( . $ = ~ are not indicators: /path, (note), ./file, ${VAR}, =x, ~ (null).
  if (c === 0x2f || c === 0x28 || c === 0x2e || c === 0x24 || c === 0x3d || c === 0x7e) return true;
  // "-1" and "-0.5" are numbers; "- x" would be a sequence, "-x" is left to the strict reader.
  return c === DASH && (isDigit(next) || next === 0x2e);
}

/** The core schema's reading of a plain scalar, for the spellings it is sure of. */
function plainValue(raw: string): unknown {
  switch (raw) {
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  const c = raw.charCodeAt(0);
  if ((c === DASH || c === 0x2e || isDigit(c)) && CORE_NUMBER.test(raw)) {
    if (isPlainDecimal(raw)) return Number(raw);
    // Any other number spelling (1e3, 0x1F, 0o7, 007, 1., .5, -.inf, +1) the strict reader resolves.
    throw new NotSimple();
  }
  return raw;
}

/**
 * Every spelling the core schema reads as a number (its int, hex, octal, float, exponent, inf and nan
 * patterns together, and a little more); a plain scalar that does not match is a string (10m, 1.2.3,
 * 2026-01-02).
 */
const CORE_NUMBER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** -?(0|[1-9][0-9]*)(\.[0-9]+)? with at most MAX_DIGITS digits on each side of the point. */
function isPlainDecimal(raw: string): boolean {
  let i = raw.charCodeAt(0) === DASH ? 1 : 0;
  const intStart = i;
  while (i < raw.length && isDigit(raw.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (intDigits === 0 || intDigits > MAX_DIGITS) return false;
  if (intDigits > 1 && raw.charCodeAt(intStart) === 0x30) return false;
  if (i === raw.length) return true;
  if (raw.charCodeAt(i) !== 0x2e) return false;
  i++;
  const fracStart = i;
  while (i < raw.length && isDigit(raw.charCodeAt(i))) i++;
  const fracDigits = i - fracStart;
  return i === raw.length && fracDigits > 0 && fracDigits <= MAX_DIGITS;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
