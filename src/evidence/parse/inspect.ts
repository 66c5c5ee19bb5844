// inspect_ai eval logs, JSON (`--log-format json`) and the default zipped `.eval` (header.json,
// summaries.json, samples/*.json), read by content. `inspectSummary` gives what any gate needs from a log
// (status, sample counts, scores with their metrics); `readInspect` gives the per-sample cases of the
// `evals` and `cost` kinds. A log whose status is not `success` is unfinished whatever it holds: a
// cancelled run still writes results (accuracy included), and a gate must not accept them.
import { FormatError } from "../read.js";
import {
  clip,
  isObject,
  tokenCount,
  type EvalCase,
  type EvalSuite,
  type EvalTokens,
  type JsonObject,
} from "./evalsuite.js";
import { inflateMember, zipMembers } from "./zip.js";

export interface InspectScore {
  /** The scorer's name, e.g. `model_graded_fact`. */
  name: string;
  /** Each metric's value by name, e.g. `{ accuracy: 1, stderr: 0 }`. */
  metrics: Record<string, number>;
}

export interface InspectLogSummary {
  version: number;
  /** `success`, `cancelled`, `error`, `started`: only `success` is a finished run. */
  status: string;
  /** The error inspect recorded for a run that stopped, if any. */
  error?: string;
  task: string;
  model: string;
  /** When the run was created (`eval.created`), as the log writes it. */
  created?: string;
  totalSamples: number | null;
  completedSamples: number | null;
  scores: InspectScore[];
}

export function isInspectLog(root: unknown): boolean {
  return (
    isObject(root) &&
    typeof root.status === "string" &&
    isObject(root.eval) &&
    typeof root.version === "number"
  );
}

/** Status, sample counts and scores of a log's header (a JSON log, or a `.eval`'s header.json). */
export function inspectSummary(root: unknown): InspectLogSummary {
  if (!isObject(root) || !isInspectLog(root))
    throw new FormatError("is not an inspect_ai eval log (no status and eval)");
  const evalSpec = root.eval as JsonObject;
  const results = isObject(root.results) ? root.results : undefined;
  const scores: InspectScore[] = [];
  // Log version 1 had one scorer: `results.scorer` with `results.metrics` beside it.
  const listed =
    Array.isArray(results?.scores) || !isObject(results?.scorer)
      ? results?.scores
      : [{ name: results.scorer.name, metrics: results.metrics }];
  for (const [i, score] of (Array.isArray(listed) ? listed : []).entries()) {
    if (!isObject(score)) throw new FormatError(`has results.scores[${i}] that is not an object`);
    const metrics: Record<string, number> = {};
    for (const [name, metric] of Object.entries(isObject(score.metrics) ? score.metrics : {})) {
      const value = isObject(metric) ? metric.value : undefined;
      // A metric inspect could not compute is written as null or NaN; it is left out, never read as 0.
      if (typeof value === "number" && Number.isFinite(value)) metrics[name] = value;
    }
    scores.push({ name: typeof score.name === "string" ? score.name : `score ${i + 1}`, metrics });
  }
  const error =
    isObject(root.error) && typeof root.error.message === "string" ? root.error.message : undefined;
  return {
    version: root.version as number,
    status: root.status as string,
    ...(error ? { error: clip(error, 200) } : {}),
    task: typeof evalSpec.task === "string" ? evalSpec.task : "",
    model: typeof evalSpec.model === "string" ? evalSpec.model : "",
    ...(typeof evalSpec.created === "string" ? { created: evalSpec.created } : {}),
    totalSamples: typeof results?.total_samples === "number" ? results.total_samples : null,
    completedSamples: typeof results?.completed_samples === "number" ? results.completed_samples : null,
    scores,
  };
}

/**
 * The cases of a log: `samples` are the JSON log's `samples`, or a `.eval`'s summaries (or samples). A
 * log without any (written with --no-log-samples) has no cases; the caller says so.
 */
export function readInspect(root: unknown, samples: unknown, label: string): EvalSuite {
  const summary = inspectSummary(root);
  const list = samples === undefined || samples === null ? [] : samples;
  if (!Array.isArray(list)) throw new FormatError("has samples that are not a list");
  const cases = list.map((s, i) => readSample(s, i, summary.model));
  const stats = isObject((root as JsonObject).stats) ? ((root as JsonObject).stats as JsonObject) : undefined;
  const bad: string[] = [];
  const totalTokens = usageTokens(stats?.model_usage, "stats.model_usage", bad);
  if (bad.length > 0 && cases.every((c) => c.tokens === undefined && c.badTokens === undefined)) {
    // Reported through the cases' check: a run's totals that are not numbers cannot be priced.
    cases.forEach((c) => (c.badTokens ??= bad.join(", ")));
  }
  return {
    format: "inspect",
    label,
    cases,
    ...(summary.status !== "success"
      ? {
          unfinished: `its status is "${summary.status}"${summary.error ? ` (${summary.error})` : ""}, not "success"`,
        }
      : {}),
    ...(totalTokens ? { totalTokens } : {}),
  };
}

function readSample(s: unknown, i: number, model: string): EvalCase {
  const at = `samples[${i}]`;
  if (!isObject(s)) throw new FormatError(`has ${at} that is not an object`);
  const id = typeof s.id === "string" || typeof s.id === "number" ? String(s.id) : String(i + 1);
  const epoch = typeof s.epoch === "number" && s.epoch > 1 ? ` (epoch ${s.epoch})` : "";
  const name = clip(`sample ${id}${epoch}`);
  const bad: string[] = [];
  const tokens = usageTokens(s.model_usage, `${at}.model_usage`, bad);
  const base = {
    name,
    identity: JSON.stringify([id, typeof s.epoch === "number" ? s.epoch : 1]),
    provider: model,
    cached: false,
    ...(tokens ? { tokens } : {}),
    ...(bad.length > 0 ? { badTokens: bad.join(", ") } : {}),
  };
  const error =
    typeof s.error === "string"
      ? s.error
      : isObject(s.error) && typeof s.error.message === "string"
        ? s.error.message
        : undefined;
  if (error !== undefined && error !== "") return { ...base, outcome: "error", reason: clip(error, 200) };
  if (!isObject(s.scores) || Object.keys(s.scores).length === 0) {
    return { ...base, outcome: "error", reason: "not scored" };
  }
  const misses: string[] = [];
  for (const [scorer, score] of Object.entries(s.scores)) {
    const value = isObject(score) ? score.value : undefined;
    const v = scoreValue(value);
    if (v === undefined) {
      return {
        ...base,
        outcome: "error",
        reason: `${scorer} score ${clip(JSON.stringify(value) ?? "missing", 40)} is not a pass/fail value`,
      };
    }
    if (v < 1) misses.push(`${scorer} ${typeof value === "string" ? value : String(value)}`);
  }
  return misses.length > 0
    ? { ...base, outcome: "fail", reason: clip(misses.join(", "), 200) }
    : { ...base, outcome: "pass" };
}

/** inspect's value_to_float: C (correct) 1, P (partial) 0.5, I (incorrect) and N (no answer) 0. */
function scoreValue(v: unknown): number | undefined {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim().toLowerCase();
  if (s === "c" || s === "yes" || s === "true") return 1;
  if (s === "p") return 0.5;
  if (s === "i" || s === "n" || s === "no" || s === "false") return 0;
  const n = Number(s);
  return s !== "" && Number.isFinite(n) ? n : undefined;
}

/** Input and output tokens summed over the models of a `model_usage` map; undefined when there is none. */
function usageTokens(usage: unknown, at: string, bad: string[]): EvalTokens | undefined {
  if (!isObject(usage) || Object.keys(usage).length === 0) return undefined;
  let input = 0;
  let output = 0;
  for (const [model, u] of Object.entries(usage)) {
    if (!isObject(u)) {
      bad.push(`${at}["${model}"] is not an object`);
      continue;
    }
    input += tokenCount(u.input_tokens, `${at}["${model}"].input_tokens`, bad) ?? 0;
    output += tokenCount(u.output_tokens, `${at}["${model}"].output_tokens`, bad) ?? 0;
  }
  return bad.length > 0 ? undefined : { input, output };
}

/** What a `.eval` archive holds that the gate reads: its header, and its samples' summaries. */
export interface InspectArchive {
  header: unknown;
  samples: unknown[] | undefined;
}

/**
 * Reads a `.eval` zip: header.json, then summaries.json, or samples/*.json when an old writer left no
 * summaries. `limit` bounds each member's inflated size and `charge` charges it to the run's budget
 * before it is inflated; `parse` parses one member's JSON text.
 */
export function readInspectArchive(
  bytes: Uint8Array,
  limit: number,
  charge: (bytes: number, member: string) => void,
  parse: (text: string, member: string) => unknown,
  withSamples = true,
): InspectArchive {
  const members = zipMembers(bytes);
  const byName = new Map(members.map((m) => [m.name, m]));
  const read = (name: string): unknown => {
    const member = byName.get(name)!;
    if (member.size > limit) {
      throw new FormatError(
        `has a member "${name}" that declares ${member.size} bytes, over the ${limit} bytes allowed`,
      );
    }
    charge(member.size, name);
    const inflated = inflateMember(bytes, member, limit);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
    } catch {
      throw new FormatError(`has a member "${name}" that is not UTF-8 text`);
    }
    return parse(text, name);
  };
  if (!byName.has("header.json")) {
    throw new FormatError("is a zip without header.json, so not an inspect_ai .eval log");
  }
  const header = read("header.json");
  if (!withSamples) return { header, samples: undefined };
  if (byName.has("summaries.json")) {
    const summaries = read("summaries.json");
    if (!Array.isArray(summaries)) throw new FormatError("has a summaries.json that is not a list");
    return { header, samples: summaries };
  }
  const sampleNames = members
    .map((m) => m.name)
    .filter((n) => /^samples\/[^/]+\.json$/.test(n))
    .sort();
  return { header, samples: sampleNames.length > 0 ? sampleNames.map(read) : undefined };
}
