// Reading eval-suite files for the `evals` and `cost` kinds: each matched file, read through the
// repository view, is told apart by content (a zip is an inspect_ai `.eval`; JSON is promptfoo, DeepEval
// or an inspect_ai log) and turned into one EvalSuite. Any other file is an error naming the formats read.
import { MAX_EVIDENCE_BYTES } from "../base/view.js";
import { EVAL_FORMATS, parseEvalJson, type EvalSuite } from "./parse/evalsuite.js";
import { isDeepEval, readDeepEval } from "./parse/deepeval.js";
import {
  inspectSummary,
  isInspectLog,
  readInspect,
  readInspectArchive,
  type InspectArchive,
  type InspectLogSummary,
} from "./parse/inspect.js";
import { isPromptfoo, readPromptfoo } from "./parse/promptfoo.js";
import { looksLikeZip } from "./parse/zip.js";
import { FormatError } from "./read.js";
import type { EvidenceContext } from "./types.js";

export async function readEvalSuite(ctx: EvidenceContext, path: string): Promise<EvalSuite> {
  return named(path, async () => {
    const doc = await readEvalDocument(ctx, path, true);
    if (doc.zip) return readInspect(doc.zip.header, doc.zip.samples, "inspect_ai log (.eval)");
    return suiteOfJson(doc.json);
  });
}

/**
 * The status, sample counts and scores of an inspect_ai log, JSON or `.eval` (only header.json is
 * inflated): for kinds that gate on a log's scores rather than its samples.
 */
export async function readInspectLog(ctx: EvidenceContext, path: string): Promise<InspectLogSummary> {
  return named(path, async () => {
    const doc = await readEvalDocument(ctx, path, false);
    const root = doc.zip ? doc.zip.header : doc.json;
    if (!isInspectLog(root)) {
      throw new FormatError("is not an inspect_ai log; expected an inspect_ai log (.json or .eval)");
    }
    return inspectSummary(root);
  });
}

type EvalDocument = { zip: InspectArchive; json?: undefined } | { zip?: undefined; json: unknown };

/** A file read through the repository view: a zip (an inspect_ai `.eval`), or parsed JSON. */
async function readEvalDocument(
  ctx: EvidenceContext,
  path: string,
  withSamples: boolean,
): Promise<EvalDocument> {
  if (!ctx.repo.readBinary) return { json: jsonOf(await ctx.repo.readText(path)) };
  const bytes = await ctx.repo.readBinary(path);
  if (!looksLikeZip(bytes)) return { json: jsonOf(decode(bytes)) };
  const charge = (n: number, member: string) => ctx.repo.chargeExpanded?.(n, `${path} (${member})`);
  const parse = (text: string, member: string) => {
    try {
      return parseEvalJson(text);
    } catch (err) {
      if (err instanceof FormatError) throw new FormatError(`has a member ${member} that ${err.message}`);
      throw err;
    }
  };
  const zip = readInspectArchive(bytes, MAX_EVIDENCE_BYTES, charge, parse, withSamples);
  if (!isInspectLog(zip.header)) {
    throw new FormatError(`is a zip whose header.json is not an inspect_ai log header; ${EVAL_FORMATS}`);
  }
  return { zip };
}

/** Runs a read, naming the file in any format error. */
async function named<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof FormatError) throw new FormatError(`${path} ${err.message}`);
    throw err;
  }
}

function jsonOf(text: string): unknown {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") throw new FormatError(`is empty; ${EVAL_FORMATS}`);
  if (!/^\s*[{[]/.test(body)) throw new FormatError(`is not JSON; ${EVAL_FORMATS}`);
  return parseEvalJson(body);
}

/** The eval suite a parsed JSON document is, by content; a FormatError when it is none. */
export function suiteOfJson(root: unknown): EvalSuite {
  if (isPromptfoo(root)) return readPromptfoo(root);
  if (isInspectLog(root)) {
    const version = (root as { version: number }).version;
    return readInspect(root, (root as { samples?: unknown }).samples, `inspect_ai log v${version}`);
  }
  if (isDeepEval(root)) return readDeepEval(root);
  throw new FormatError(`is JSON but none of the eval formats read; ${EVAL_FORMATS}`);
}

/** The text rules of the repository views (no NUL byte, strict UTF-8), for a file read as bytes. */
function decode(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new FormatError("is UTF-16 text; save it as UTF-8");
  }
  if (bytes.indexOf(0) >= 0) throw new FormatError(`is a binary file that is not a zip; ${EVAL_FORMATS}`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FormatError("is not valid UTF-8 text; save it as UTF-8");
  }
}
