// DeepEval test runs (`.deepeval/.latest_test_run.json`, or a TestRun saved by the Python API): the
// `testCases` (and `conversationalTestCases`) it holds, each passed when DeepEval's own `success` says so.
// A metric that raised (`metricsData[].error`) makes its case an error: it was not judged, so it neither
// passes nor fails. The model is `hyperparameters.model` where the run logged one.
import { FormatError } from "../read.js";
import { clip, isObject, type EvalCase, type EvalSuite, type JsonObject } from "./evalsuite.js";

export function isDeepEval(root: unknown): boolean {
  const run = runOf(root);
  return isObject(run) && (Array.isArray(run.testCases) || Array.isArray(run.conversationalTestCases));
}

/** `.latest_test_run.json` wraps the run in `testRunData`; a run saved from Python is the run itself. */
function runOf(root: unknown): unknown {
  return isObject(root) && isObject(root.testRunData) ? root.testRunData : root;
}

export function readDeepEval(file: unknown): EvalSuite {
  const root = runOf(file);
  if (!isObject(root) || !isDeepEval(root))
    throw new FormatError("is not a DeepEval test run (no testCases)");
  const hyper = isObject(root.hyperparameters) ? root.hyperparameters : undefined;
  const model = typeof hyper?.model === "string" ? hyper.model : "";
  const cases: EvalCase[] = [];
  for (const key of ["testCases", "conversationalTestCases"] as const) {
    const list = root[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new FormatError(`has ${key} that is not a list`);
    list.forEach((c, i) => cases.push(readCase(c, `${key}[${i}]`, model)));
  }
  return { format: "deepeval", label: "DeepEval test run", cases };
}

function readCase(c: unknown, at: string, model: string): EvalCase {
  if (!isObject(c)) throw new FormatError(`has ${at} that is not an object`);
  const metrics = Array.isArray(c.metricsData) ? c.metricsData.filter(isObject) : [];
  const errored = metrics.find((m) => typeof m.error === "string" && m.error !== "");
  const fullName = typeof c.name === "string" && c.name.trim() !== "" ? c.name : at;
  const name = clip(fullName);
  const identity = fullName;
  if (errored) {
    return {
      name,
      identity,
      provider: model,
      outcome: "error",
      reason: clip(`${metricName(errored)}: ${String(errored.error)}`, 200),
      cached: false,
    };
  }
  if (typeof c.success !== "boolean") {
    throw new FormatError(`has ${at} (${JSON.stringify(name)}) without a true/false "success"`);
  }
  const failedMetrics = metrics.filter((m) => m.success === false);
  const reason = failedMetrics
    .map(
      (m) =>
        `${metricName(m)} ${typeof m.score === "number" ? m.score : "?"} < ${typeof m.threshold === "number" ? m.threshold : "?"}`,
    )
    .join(", ");
  return {
    name,
    identity,
    provider: model,
    outcome: c.success ? "pass" : "fail",
    ...(!c.success && reason ? { reason: clip(reason, 200) } : {}),
    cached: false,
  };
}

function metricName(m: JsonObject): string {
  return typeof m.name === "string" ? m.name : "metric";
}
