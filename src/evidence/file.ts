// `file`: a path or glob matches at least `min` non-empty regular files.
import type { FileSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import { displayPath, guard } from "./read.js";
import type { EvidenceContext, Finding } from "./types.js";

export async function evaluateFile(spec: FileSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.path, async () => {
    ctx.repo.resolve(ctx.baseDir, spec.path); // location check before walking anything
    const shown = displayPath(ctx, spec.path);
    const bar = `≥ ${plural(spec.min, "non-empty file")}`;
    const matched = await ctx.repo.glob(ctx.baseDir, spec.path);
    if (matched.length === 0) {
      return {
        status: "fail",
        summary: `no file matches ${shown}; add it (need ${bar})`,
        measured: "0 files",
        bar,
        evidence: [{ path: shown }],
      };
    }
    const nonEmpty: string[] = [];
    const empty: string[] = [];
    for (const path of matched) ((await ctx.repo.isNonEmptyFile(path)) ? nonEmpty : empty).push(path);

    const measured = plural(nonEmpty.length, "non-empty file");
    const emptyNote = empty.length > 0 ? ` (${empty.length} empty: ${formatList(empty)})` : "";
    const details = empty.length > 0 ? empty.map((p) => `${p} is empty`) : undefined;
    const evidence = (nonEmpty.length > 0 ? nonEmpty : empty).map((path) => ({ path }));
    const single = matched.length === 1 && matched[0] === shown;

    if (nonEmpty.length >= spec.min) {
      const summary = single
        ? `${shown} exists and is not empty`
        : `${measured} ${nonEmpty.length === 1 ? "matches" : "match"} ${shown}, need ${bar}${emptyNote}`;
      return { status: "pass", summary, measured, bar, evidence, ...(details ? { details } : {}) };
    }
    const summary = single
      ? `${shown} is empty; fill it in`
      : `only ${measured} ${nonEmpty.length === 1 ? "matches" : "match"} ${shown}, need ${bar}${emptyNote}`;
    return { status: "fail", summary, measured, bar, evidence, ...(details ? { details } : {}) };
  });
}
