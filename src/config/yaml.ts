// The one place YAML is parsed: readiness files and YAML evidence both come through here, with the
// same defences (aliases capped, duplicate keys and unknown tags refused, warnings treated as errors,
// one document only, prototype keys refused, nesting bounded). Plain files take a fast reader
// (yaml-fast.ts) that answers only where it is sure to agree with this one.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import type { SourcePos } from "./types.js";
import { FORBIDDEN_KEYS, readSimpleYaml } from "./yaml-fast.js";

export interface YamlIssue extends SourcePos {
  message: string;
}

/** Start of the node at `path` (keys and indexes), or of the closest ancestor that exists. */
export type Locate = (path: ReadonlyArray<PropertyKey>) => SourcePos;

export type YamlParse = { ok: true; value: unknown; locate: Locate } | { ok: false; issues: YamlIssue[] };

/** Alias expansion is capped well below what an alias bomb needs. */
const MAX_ALIAS_COUNT = 100;
/** Real readiness and rule files nest a handful of levels; deeper input is hostile or broken. */
export const MAX_DEPTH = 64;

export function parseYaml(text: string): YamlParse {
  const depthIssue = checkFlowAndIndentDepth(text);
  if (depthIssue) return { ok: false, issues: [depthIssue] };
  const simple = readSimpleYaml(text);
  if (simple) return { ok: true, value: simple.value, locate: simple.locate };
  return readStrict(text);
}

/** The `yaml` library's reading alone; the fast reader's differential tests compare against it. */
export function parseYamlStrict(text: string): YamlParse {
  const depthIssue = checkFlowAndIndentDepth(text);
  if (depthIssue) return { ok: false, issues: [depthIssue] };
  return readStrict(text);
}

function readStrict(text: string): YamlParse {
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      lineCounter: lines,
      uniqueKeys: true,
      strict: true,
      prettyErrors: false,
      schema: "core",
      merge: false,
      customTags: [],
      keepSourceTokens: false,
    });
  } catch (err) {
    return { ok: false, issues: [{ line: 1, column: 1, message: `cannot parse YAML: ${messageOf(err)}` }] };
  }

  const issues: YamlIssue[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lines.linePos(e.pos[0]);
    issues.push({ line: pos.line, column: pos.col, message: yamlMessage(e.code, e.message) });
  }
  if (issues.length > 0) return { ok: false, issues };

  visit(doc, {
    Pair(_key, pair) {
      if (isPair(pair) && isScalar(pair.key) && FORBIDDEN_KEYS.has(String(pair.key.value))) {
        const at = lines.linePos(pair.key.range?.[0] ?? 0);
        issues.push({
          line: at.line,
          column: at.col,
          message: `key "${String(pair.key.value)}" is not allowed (it could alter object prototypes); rename it`,
        });
      }
    },
  });
  if (issues.length > 0) return { ok: false, issues };

  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { ok: true, value, locate: (path) => positionOf(doc, lines, path) };
  } catch (err) {
    return { ok: false, issues: [{ line: 1, column: 1, message: yamlMessage(undefined, messageOf(err)) }] };
  }
}

/** Start of the node at `path` (keys and indexes), or of the closest ancestor that exists. */
function positionOf(doc: Document.Parsed, lines: LineCounter, path: ReadonlyArray<PropertyKey>): SourcePos {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
      // Point at the value when it is a scalar the user wrote wrong; at the key otherwise.
      if (isScalar(node)) offset = rangeStart(node) ?? offset;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      break;
    }
  }
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

/**
 * The yaml parser recurses per nesting level, so a 100k-deep document would exhaust the stack. Refuse
 * anything nested deeper than MAX_DEPTH before parsing, by flow brackets or by indentation.
 */
function checkFlowAndIndentDepth(text: string): YamlIssue | undefined {
  let depth = 0;
  let maxAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > MAX_DEPTH) {
        maxAt = i;
        break;
      }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  if (maxAt < 0) {
    // Block nesting: each level needs at least one more column of indentation or a "- " marker.
    let lineStart = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 0x0a) {
        let indent = 0;
        let j = lineStart;
        while (j < i && (text[j] === " " || text[j] === "-")) {
          if (text[j] === "-") indent++;
          indent++;
          j++;
        }
        if (indent > MAX_DEPTH * 8) {
          maxAt = lineStart;
          break;
        }
        lineStart = i + 1;
      }
    }
  }
  if (maxAt < 0) return undefined;
  // Counted by hand: no parser has run yet.
  let line = 1;
  let col = 1;
  for (let i = 0; i < maxAt; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      col = 1;
    } else col++;
  }
  return { line, column: col, message: `nesting is deeper than ${MAX_DEPTH} levels; flatten the structure` };
}

function yamlMessage(code: string | undefined, message: string): string {
  const first = message.split("\n")[0] ?? message;
  switch (code) {
    case "DUPLICATE_KEY":
      return "duplicate key: each key may appear once in a mapping; remove or rename the repeated one";
    case "TAG_RESOLVE_FAILED":
      return `${first}; custom YAML tags are not supported, remove the tag`;
    case "MULTIPLE_DOCS":
      return "the file holds more than one YAML document (---); keep a single document";
    default:
      if (/alias/i.test(first) && /excessive|count/i.test(first)) {
        return "too many alias expansions (a YAML alias bomb?); write the values out instead of using aliases";
      }
      return first.replace(/ at line \d+, column \d+.*$/, "");
  }
}

function messageOf(err: unknown): string {
  if (err instanceof RangeError) return "the document is nested too deeply to read";
  return err instanceof Error ? err.message : String(err);
}
