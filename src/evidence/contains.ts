// `contains`: every file a path or glob matches holds a pattern, or with `absent`, none does.
// Patterns run on a linear-time engine (see pattern.ts), so no file can make a check hang.
import type { ContainsSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import type { RE2JS } from "re2js";
import { compileSafePattern, staysOnOneLine } from "../base/pattern.js";
import { displayPath, guard, matchAll } from "./read.js";
import type { EvidenceContext, EvidenceRef, Finding } from "./types.js";

const MAX_DETAIL_LINES = 20;
const MAX_LINE_CHARS = 160;

export async function evaluateContains(spec: ContainsSpec, ctx: EvidenceContext): Promise<Finding> {
  const shown = displayPath(ctx, spec.file);
  const compiled = compileSafePattern(spec.pattern);
  if (!compiled.ok) {
    return {
      status: "error",
      summary: `pattern /${spec.pattern}/ cannot be used: ${compiled.message}`,
      evidence: [{ path: shown }],
    };
  }
  const regex = compiled.regex;
  const pattern = `/${spec.pattern}/`;
  // A pattern that stays on one line is run on a file a piece at a time: a 45 MB log is never held whole.
  const piecewise = staysOnOneLine(spec.pattern);

  return guard(ctx, spec.file, async () => {
    const files = (await matchAll(ctx, spec.file)).map((path) => ({ path }));
    const hits: Array<{ path: string; line: number; text: string }> = [];
    const misses: string[] = [];
    for (const { path } of files) {
      const hit = await firstMatch(ctx, path, regex, piecewise);
      if (hit) hits.push({ path, ...hit });
      else misses.push(path);
    }
    const where =
      files.length === 1 ? (files[0]?.path ?? shown) : `${plural(files.length, "file")} matching ${shown}`;
    const detailOf = (h: (typeof hits)[number]) => `${h.path}:${h.line}: ${h.text}`;
    const hitRefs: EvidenceRef[] = hits.map((h) => ({ path: h.path, line: h.line }));

    if (spec.absent) {
      const bar = `${pattern} absent`;
      if (hits.length === 0) {
        return {
          status: "pass",
          summary: `${pattern} is absent from ${files.length === 1 ? where : `all ${where}`}`,
          measured: "0 matches",
          bar,
          evidence: files.map((f) => ({ path: f.path })),
        };
      }
      const first = hits[0]!;
      const summary =
        files.length === 1
          ? `${pattern} found in ${first.path} at line ${first.line}; it must be absent`
          : `${pattern} found in ${hits.length} of ${where}, must be absent: ${formatList(hits.map((h) => `${h.path} line ${h.line}`))}`;
      return {
        status: "fail",
        summary,
        measured: `found in ${plural(hits.length, "file")}`,
        bar,
        evidence: hitRefs,
        details: hits.slice(0, MAX_DETAIL_LINES).map(detailOf),
      };
    }

    const bar = `${pattern} present`;
    if (misses.length === 0) {
      const first = hits[0]!;
      const summary =
        files.length === 1
          ? `${pattern} found in ${first.path} at line ${first.line}`
          : `${pattern} found in all ${where}`;
      return {
        status: "pass",
        summary,
        measured: `found in ${plural(hits.length, "file")}`,
        bar,
        evidence: hitRefs,
      };
    }
    const summary =
      files.length === 1
        ? `${pattern} not found in ${misses[0]}`
        : `${pattern} not found in ${misses.length} of ${where}: ${formatList(misses)}`;
    return {
      status: "fail",
      summary,
      measured: `missing from ${plural(misses.length, "file")}`,
      bar,
      evidence: misses.map((path) => ({ path })),
      details: misses.length > 5 ? misses.slice(0, MAX_DETAIL_LINES).map((p) => `${p}: no match`) : undefined,
    };
  });
}

/** The first match in a file: its line number and the line, or undefined when there is none. */
async function firstMatch(
  ctx: EvidenceContext,
  path: string,
  regex: RE2JS,
  piecewise: boolean,
): Promise<{ line: number; text: string } | undefined> {
  if (!piecewise || !ctx.repo.readTextChunks) {
    const text = await ctx.repo.readText(path);
    const matcher = regex.matcher(text);
    if (!matcher.find()) return undefined;
    const start = matcher.start();
    return { line: lineAt(text, start), text: lineText(text, start) };
  }
  // Each piece ends where a line break was, so line numbers carry over: one per break inside, one per piece.
  let before = 0;
  for await (const piece of ctx.repo.readTextChunks(path)) {
    const matcher = regex.matcher(piece);
    if (matcher.find()) {
      const start = matcher.start();
      return { line: before + lineAt(piece, start), text: lineText(piece, start) };
    }
    before += countLines(piece);
  }
  return undefined;
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** The line holding the match, trimmed and capped for a report. */
function lineText(text: string, index: number): string {
  const start = index === 0 ? 0 : text.lastIndexOf("\n", index - 1) + 1;
  let end = text.indexOf("\n", index);
  if (end < 0) end = text.length;
  const line = text.slice(start, end).replace(/\r$/, "").trim();
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}
