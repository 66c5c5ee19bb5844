// Shared reading steps for evidence kinds: every file goes through the RepoView's checks.
import { EvidenceError } from "../base/errors.js";
import { plural } from "../base/format.js";
import type { EvidenceContext, Finding } from "./types.js";

export interface EvidenceText {
  path: string;
  text: string;
}

/** Reads one evidence file named relative to the readiness file's folder. */
export async function readOne(ctx: EvidenceContext, path: string): Promise<EvidenceText> {
  const resolved = ctx.repo.resolve(ctx.baseDir, path);
  return { path: resolved, text: await ctx.repo.readText(resolved) };
}

/**
 * Reads every file a path or glob matches. A glob matching nothing is a `missing` EvidenceError,
 * so a check can never pass on zero files.
 */
export async function readAll(ctx: EvidenceContext, pattern: string): Promise<EvidenceText[]> {
  const out: EvidenceText[] = [];
  for (const path of await matchAll(ctx, pattern)) out.push({ path, text: await ctx.repo.readText(path) });
  return out;
}

/** The files a path or glob matches; none is a `missing` EvidenceError. */
export async function matchAll(ctx: EvidenceContext, pattern: string): Promise<string[]> {
  ctx.repo.resolve(ctx.baseDir, pattern); // location check before walking anything
  const paths = await ctx.repo.glob(ctx.baseDir, pattern);
  if (paths.length === 0) {
    throw new EvidenceError(`no file matches ${displayPath(ctx, pattern)}`, "missing");
  }
  return paths;
}

/**
 * Every matched file's text, one at a time: a caller that keeps what it needs from each (a count, the
 * parsed rules) never holds a glob's files all at once, which is what ran a run out of memory.
 */
export async function* eachText(
  paths: readonly string[],
  ctx: EvidenceContext,
): AsyncGenerator<EvidenceText> {
  for (const path of paths) yield { path, text: await ctx.repo.readText(path) };
}

/** The pattern as the user wrote it, shown from the repository root. */
export function displayPath(ctx: EvidenceContext, pattern: string): string {
  return ctx.baseDir ? `${ctx.baseDir}/${pattern}` : pattern;
}

/** Where a finding read from: the one file a pattern matched, else the pattern and how many it matched. */
export function matchedPlace(ctx: EvidenceContext, pattern: string, paths: readonly string[]): string {
  return paths.length === 1 ? paths[0]! : `${displayPath(ctx, pattern)} (${plural(paths.length, "file")})`;
}

/**
 * Runs an evidence evaluation and turns a reading failure into a finding: missing evidence fails,
 * unreadable evidence is an error. Anything else unexpected is an error too: fail closed.
 */
export async function guard(
  ctx: EvidenceContext,
  pattern: string,
  run: () => Promise<Finding>,
): Promise<Finding> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof EvidenceError) {
      return {
        status: err.reason === "missing" ? "fail" : "error",
        summary: err.message,
        evidence: [{ path: displayPath(ctx, pattern) }],
      };
    }
    return {
      status: "error",
      summary: `could not evaluate ${displayPath(ctx, pattern)}: ${err instanceof Error ? err.message : String(err)}`,
      evidence: [{ path: displayPath(ctx, pattern) }],
    };
  }
}

/** Thrown by a parser when a file is not the format expected; becomes an `error` finding. */
export class FormatError extends EvidenceError {
  constructor(message: string) {
    super(message, "unreadable");
    this.name = "FormatError";
  }
}
