// A Hugging Face model card: YAML front matter between `---` lines at the top of a Markdown file, whose
// `model-index` lists each model's results (task, dataset, metrics with a value). Cards written before
// 2021 use `model_index`, some with one `metric:` per result instead of a `metrics:` list.
import { parseYaml } from "../../config/yaml.js";
import { FormatError } from "../read.js";
import { isRecord, type Score, type ScoreFile } from "./scores.js";

/** Front matter larger than this is not a model card's (the largest real ones are a few hundred KiB). */
export const MAX_FRONT_MATTER_BYTES = 1024 * 1024;

export interface FrontMatter {
  value: Record<string, unknown>;
  /** 1-based line in the card of the node at `path` (or its closest existing ancestor). */
  lineOf(path: ReadonlyArray<string | number>): number;
}

/** Whether the text opens with a `---` line (a card with front matter). */
export function hasFrontMatter(text: string): boolean {
  return /^---[ \t]*\r?\n/.test(text.replace(/^\uFEFF/, ""));
}

/**
 * The card's front matter, or undefined when it has none. A FormatError names the file and line when it
 * is never closed, too large, not valid YAML, or not a mapping.
 */
export function readFrontMatter(text: string, file: string): FrontMatter | undefined {
  const source = text.replace(/^\uFEFF/, "");
  if (!hasFrontMatter(source)) return undefined;
  const start = source.indexOf("\n") + 1;
  const close = /^---[ \t]*\r?$/m;
  close.lastIndex = 0;
  const rest = source.slice(start);
  const m = close.exec(rest);
  if (!m) {
    throw new FormatError(
      `${file}: the front matter opened by '---' at line 1 is never closed; end it with a '---' line`,
    );
  }
  const yamlText = rest.slice(0, m.index);
  if (Buffer.byteLength(yamlText) > MAX_FRONT_MATTER_BYTES) {
    throw new FormatError(
      `${file}: the front matter is larger than ${MAX_FRONT_MATTER_BYTES / 1024} KiB; a model card's front matter is metadata, keep results tables in the body`,
    );
  }
  const parsed = parseYaml(yamlText);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new FormatError(
      `${file} line ${(first?.line ?? 1) + 1}: the front matter is not valid YAML: ${first?.message ?? "cannot parse it"}`,
    );
  }
  if (parsed.value === null || parsed.value === undefined) {
    return { value: {}, lineOf: () => 1 };
  }
  if (!isRecord(parsed.value)) {
    throw new FormatError(
      `${file} line 2: the front matter is not a mapping of keys (license:, model-index:, ...)`,
    );
  }
  return {
    value: parsed.value,
    lineOf: (path) => parsed.locate(path).line + 1,
  };
}

/** The key a card lists its results under, and the scores in it; `key` is undefined when it has none. */
export interface ModelIndex {
  key: "model-index" | "model_index" | undefined;
  scores: Score[];
  line?: number;
}

export function readModelIndex(front: FrontMatter, file: string): ModelIndex {
  const key = Object.hasOwn(front.value, "model-index")
    ? "model-index"
    : Object.hasOwn(front.value, "model_index")
      ? "model_index"
      : undefined;
  if (key === undefined) return { key, scores: [] };
  const models = front.value[key];
  const bad = (path: Array<string | number>, what: string): FormatError =>
    new FormatError(`${file} line ${front.lineOf(path)}: ${what}`);
  if (models === null) return { key, scores: [], line: front.lineOf([key]) };
  if (!Array.isArray(models))
    throw bad([key], `${key} is not a list of models (- name: ..., results: [...])`);
  const scores: Score[] = [];
  models.forEach((model, m) => {
    if (!isRecord(model)) throw bad([key, m], `${key}[${m}] is not a model (name:, results:)`);
    const modelName = typeof model.name === "string" ? model.name : undefined;
    const results = model.results ?? [];
    if (!Array.isArray(results)) throw bad([key, m, "results"], `${key}[${m}].results is not a list`);
    results.forEach((result, r) => {
      const at = [key, m, "results", r];
      if (!isRecord(result))
        throw bad(at, `${key}[${m}].results[${r}] is not a result (task:, dataset:, metrics:)`);
      const dataset = isRecord(result.dataset) ? result.dataset : {};
      const names = [dataset.type, dataset.name].filter(
        (n): n is string => typeof n === "string" && n !== "",
      );
      const type = typeof dataset.type === "string" ? dataset.type : undefined;
      if (type?.includes("/")) names.push(type.slice(type.lastIndexOf("/") + 1));
      const task =
        names[0] ?? (isRecord(result.task) && typeof result.task.type === "string" ? result.task.type : "");
      const qualifiers = [dataset.config ?? dataset.args, dataset.split]
        .filter((q) => typeof q === "string" || typeof q === "number")
        .map(String);
      const taskLabel = `${typeof dataset.name === "string" ? dataset.name : task}${qualifiers.length > 0 ? ` (${qualifiers.join(", ")})` : ""}${models.length > 1 && modelName ? ` of ${modelName}` : ""}`;
      // `metrics:` a list; legacy cards wrote `metric:`, one mapping (or a list).
      const field = Object.hasOwn(result, "metrics") ? "metrics" : "metric";
      const raw = result[field];
      const metrics = Array.isArray(raw) ? raw : isRecord(raw) ? [raw] : [];
      metrics.forEach((metric, n) => {
        const path = Array.isArray(raw) ? [...at, field, n] : [...at, field];
        if (!isRecord(metric)) throw bad(path, `a metric of ${taskLabel} is not a mapping (type:, value:)`);
        const type = typeof metric.type === "string" ? metric.type : undefined;
        const name = typeof metric.name === "string" ? metric.name : undefined;
        const id = type ?? name ?? "";
        scores.push({
          task,
          taskAliases: [...new Set(names.slice(1))],
          metric: id,
          metricAliases: name !== undefined && name !== id ? [name] : [],
          value: metric.value,
          label: `${taskLabel} ${id}${name !== undefined && name !== id ? ` (${name})` : ""}`,
          line: front.lineOf([...path, "value"]),
        });
      });
    });
  });
  return { key, scores, line: front.lineOf([key]) };
}

/** A card as a benchmark results file: its model-index scores. */
export function modelCardScores(text: string, path: string): ScoreFile {
  const front = readFrontMatter(text, path);
  const index = front ? readModelIndex(front, path) : { key: undefined, scores: [] };
  const file: ScoreFile = {
    format: "model-index",
    path,
    hasTasks: true,
    scores: index.scores,
    evidence: [{ path }],
  };
  if (index.key === undefined) {
    file.note =
      "no structured results: the card has no model-index in its front matter (results only in prose do not count)";
  } else if (index.scores.length === 0) {
    file.note = `no structured results: its ${index.key} lists no result with a metric`;
  }
  return file;
}
