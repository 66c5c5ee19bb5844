// An MLflow run folder of the file store, `mlruns/<experiment>/<run>`: `meta.yaml` says whether the run
// finished (status 3, FINISHED; 1 RUNNING, 2 SCHEDULED, 4 FAILED, 5 KILLED) and when (`end_time`, epoch
// ms); `metrics/<name>` (a name may hold slashes, so folders) has one line per logged value,
// `<timestamp ms> <value> [<step>]` (the step came with MLflow 1.0). The metric's value is its last one:
// the highest step, then the latest timestamp, then the last line.
import type { RepoView } from "../../base/view.js";
import { parseYaml } from "../../config/yaml.js";
import { FormatError } from "../read.js";
import { isRecord, type Score, type ScoreFile } from "./scores.js";

const RUN_STATUS: Record<number, string> = {
  1: "RUNNING",
  2: "SCHEDULED",
  3: "FINISHED",
  4: "FAILED",
  5: "KILLED",
};

export interface MlflowRun {
  dir: string;
  meta: string;
  runId: string;
  runName?: string;
  /** FINISHED, RUNNING, ...; the number too when meta.yaml writes one. */
  status: string;
  lifecycle: string;
  /** end_time, else start_time (a run that has not ended): what orders runs. */
  timestamp?: { date: Date; from: string };
}

/** Whether meta.yaml text is a run's (not an experiment's): it names a run id. */
export function isRunMeta(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && (typeof value.run_uuid === "string" || typeof value.run_id === "string");
}

/** Reads a run folder's meta.yaml; a FormatError names the file and line when it is not a run's. */
export async function readMlflowRun(repo: RepoView, dir: string): Promise<MlflowRun> {
  const meta = `${dir}/meta.yaml`;
  const parsed = parseYaml(await repo.readText(meta));
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new FormatError(
      `${meta} is not valid YAML: line ${first?.line ?? 1}: ${first?.message ?? "cannot parse it"}`,
    );
  }
  if (!isRunMeta(parsed.value)) {
    throw new FormatError(
      `${meta} is not an MLflow run's meta.yaml (it has no run_id); point file at a run folder, mlruns/<experiment>/<run>`,
    );
  }
  const value = parsed.value;
  const runId = String(value.run_id ?? value.run_uuid);
  const code = value.status;
  const status =
    typeof code === "number"
      ? `${RUN_STATUS[code] ?? "UNKNOWN"} (status ${code})`
      : typeof code === "string"
        ? code
        : "no status";
  const run: MlflowRun = {
    dir,
    meta,
    runId,
    status,
    lifecycle: typeof value.lifecycle_stage === "string" ? value.lifecycle_stage : "active",
  };
  const name = value.run_name ?? value.name;
  if (typeof name === "string" && name !== "") run.runName = name;
  const end = epochMs(value.end_time);
  const start = epochMs(value.start_time);
  if (end !== undefined) run.timestamp = { date: new Date(end), from: "its end_time" };
  else if (start !== undefined)
    run.timestamp = { date: new Date(start), from: "its start_time (it has not ended)" };
  return run;
}

/** Why a run's metrics must not be used, or undefined for a finished, active run. */
export function runProblem(run: MlflowRun): string | undefined {
  if (run.lifecycle !== "active")
    return `run ${run.runId} in ${run.dir} is ${run.lifecycle} (lifecycle_stage in meta.yaml)`;
  if (!/^FINISHED\b/.test(run.status)) {
    return `run ${run.runId} in ${run.dir} did not finish: it is ${run.status} in meta.yaml, and only a finished run's metrics count`;
  }
  return undefined;
}

/** Every metric of the run with its last value. */
export async function readMlflowMetrics(repo: RepoView, run: MlflowRun): Promise<ScoreFile> {
  const prefix = `${run.dir}/metrics/`;
  const paths = await repo.glob(run.dir, "metrics/**");
  const scores: Score[] = [];
  for (const path of paths) {
    if (!path.startsWith(prefix)) continue;
    const name = path.slice(prefix.length);
    const last = lastValue(await repo.readText(path), path);
    const score: Score = {
      task: "",
      taskAliases: [],
      metric: name,
      metricAliases: [],
      value: last?.value,
      label: name,
      path,
    };
    if (last) score.line = last.line;
    scores.push(score);
  }
  const file: ScoreFile = {
    format: "MLflow",
    path: run.dir,
    hasTasks: false,
    scores,
    evidence: [{ path: run.meta }],
  };
  if (run.timestamp) file.timestamp = run.timestamp;
  if (scores.length === 0) file.note = `the run logged no metric (${run.dir}/metrics is empty or absent)`;
  const problem = runProblem(run);
  if (problem) file.unusable = problem;
  return file;
}

/** The last value of a metric file by step, then timestamp, then line; undefined for an empty file. */
export function lastValue(text: string, path: string): { value: number; line: number } | undefined {
  let best: { value: number; line: number; step: number; at: number } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] as string).trim();
    if (line === "") continue;
    const fields = line.split(/\s+/);
    const at = Number(fields[0]);
    const value = floatOf(fields[1]);
    const step = fields.length > 2 ? Number(fields[2]) : 0;
    if (
      fields.length < 2 ||
      fields.length > 3 ||
      !Number.isFinite(at) ||
      value === undefined ||
      !Number.isFinite(step)
    ) {
      throw new FormatError(
        `${path} line ${i + 1} is not an MLflow metric line ("<timestamp> <value> <step>"): ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
    if (!best || step > best.step || (step === best.step && at >= best.at))
      best = { value, line: i + 1, step, at };
  }
  return best && { value: best.value, line: best.line };
}

/** A float as Python writes it: `0.5`, `1e-05`, `nan`, `inf`, `-inf`. */
function floatOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  if (lower === "nan") return NaN;
  if (lower === "inf" || lower === "infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  const n = Number(text);
  return text !== "" && !Number.isNaN(n) ? n : undefined;
}

function epochMs(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}
