// bind: the evidence is about the model that ships. A value in each JSON or YAML file a check read (an
// evaluation's `config.model_sha`) must equal a value in another file (the serving manifest's revision);
// otherwise the check fails, whatever the evidence showed: a good score for an older model proves nothing.
import type { BindSpec } from "../config/schema.js";
import { EvidenceError } from "../base/errors.js";
import { readPath, valuePhrase } from "../base/jsonpath.js";
import { parseDataText } from "./metric.js";
import type { EvidenceContext, EvidenceRef, Finding } from "./types.js";

/** What a bound value may be: something a deploy manifest and an evaluation can both state exactly. */
type Scalar = string | number | boolean;

type Reading =
  | { ok: true; value: Scalar; ref: EvidenceRef }
  | { ok: false; status: "fail" | "error"; why: string; ref?: EvidenceRef };

/**
 * Checks the binding on a finding that was evaluated: a failing or erroring finding keeps its status and
 * gains the binding's result as a detail; a passing one fails (or errors) when the binding does not hold.
 */
export async function applyBind(bind: BindSpec, finding: Finding, ctx: EvidenceContext): Promise<Finding> {
  if (finding.status === "not-evaluable") return finding;
  const target = await readBound(
    ctx,
    ctx.baseDir,
    bind.equals.file,
    bind.equals.path,
    "the file it is bound to",
  );
  const named = [...new Set(finding.evidence.map((e) => e.path))];
  const files = await filesAmong(ctx, named);
  const results: Array<{ status: "pass" | "fail" | "error"; line: string; refs: EvidenceRef[] }> = [];

  if (!target.ok) {
    results.push({
      status: target.status,
      line: `bind: ${target.why}`,
      refs: target.ref ? [target.ref] : [],
    });
  } else {
    for (const file of files) {
      // The finding's paths are repository-relative already.
      const source = await readBound(ctx, "", file, bind.path, "the evidence");
      if (!source.ok) {
        results.push({
          status: source.status,
          line: `bind: ${source.why}`,
          refs: source.ref ? [source.ref] : [],
        });
        continue;
      }
      const same = source.value === target.value;
      const shown = `${bind.path} ${valuePhrase(source.value)} in ${file}`;
      const other = `${bind.equals.path} ${valuePhrase(target.value)} in ${bind.equals.file}`;
      results.push(
        same
          ? { status: "pass", line: `bound: ${shown} equals ${other}`, refs: [source.ref] }
          : {
              status: "fail",
              line: `bind: ${file} is about another model: ${shown}, but ${other}${mismatchHint(source.value, target.value)}`,
              refs: [source.ref],
            },
      );
    }
    if (files.length === 0) {
      results.push({
        status: finding.status === "pass" ? "error" : "fail",
        line: `bind: the check read no file to bind (${named.length ? named.join(", ") : "none named"}); bind applies to evidence read from JSON or YAML files`,
        refs: [],
      });
    }
  }

  const worst = results.find((r) => r.status === "error") ?? results.find((r) => r.status === "fail");
  const refs = mergeRefs(finding.evidence, [
    ...results.flatMap((r) => r.refs),
    ...(target.ok ? [target.ref] : []),
  ]);
  const details = [...results.map((r) => r.line), ...(finding.details ?? [])];
  if (finding.status !== "pass" || worst === undefined) return { ...finding, evidence: refs, details };
  return {
    ...finding,
    status: worst.status,
    summary: worst.line.replace(/^bind: /, ""),
    details: [`the evidence itself passed: ${finding.summary}`, ...details],
    evidence: refs,
  };
}

/**
 * The paths a finding names that are files: a finding may also name the glob it tried or a run folder.
 * A path the view refuses to answer for is kept, so reading it says why.
 */
async function filesAmong(ctx: EvidenceContext, paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    try {
      if (await ctx.repo.isNonEmptyFile(path)) files.push(path);
    } catch (err) {
      if (!(err instanceof EvidenceError)) throw err;
      files.push(path);
    }
  }
  return files;
}

/** Reads the value at `path` in `file` (named relative to `baseDir`). */
async function readBound(
  ctx: EvidenceContext,
  baseDir: string,
  file: string,
  path: string,
  role: string,
): Promise<Reading> {
  let resolved: string;
  let text: string;
  try {
    resolved = ctx.repo.resolve(baseDir, file);
    text = await ctx.repo.readText(resolved);
  } catch (err) {
    if (err instanceof EvidenceError) {
      return {
        ok: false,
        status: err.reason === "missing" ? "fail" : "error",
        why: `${role} cannot be read: ${err.message}`,
        ref: { path: file },
      };
    }
    throw err;
  }
  let doc;
  try {
    doc = parseDataText(text, resolved);
  } catch (err) {
    if (err instanceof EvidenceError) {
      return {
        ok: false,
        status: "error",
        why: `${role} must be JSON or YAML to bind: ${err.message}`,
        ref: { path: resolved },
      };
    }
    throw err;
  }
  const line = doc.lineOf?.(path);
  const ref = line === undefined ? { path: resolved } : { path: resolved, line };
  const lookup = readPath(doc.value, path);
  if (!lookup.found) {
    return { ok: false, status: "error", why: `${path} is not in ${resolved}: ${lookup.message}`, ref };
  }
  const value = lookup.value;
  if (
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  ) {
    return { ok: true, value, ref };
  }
  return {
    ok: false,
    status: "error",
    why: `${path} in ${resolved} is ${valuePhrase(value)}; bind compares a text, number or boolean`,
    ref,
  };
}

/** A digit-only revision written bare in YAML is a number: say so, rather than a bare "not equal". */
function mismatchHint(a: Scalar, b: Scalar): string {
  if (typeof a !== typeof b && String(a) === String(b)) {
    return ` (one is ${typeof a}, the other ${typeof b}: quote the value in the YAML file)`;
  }
  return "";
}

function mergeRefs(first: readonly EvidenceRef[], more: readonly EvidenceRef[]): EvidenceRef[] {
  const out = [...first];
  for (const ref of more) {
    const same = out.findIndex((r) => r.path === ref.path);
    if (same < 0) out.push(ref);
    else if (out[same]!.line === undefined && ref.line !== undefined) out[same] = ref;
  }
  return out;
}
