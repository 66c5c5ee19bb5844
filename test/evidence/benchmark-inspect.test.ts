// The `benchmark` kind through the disk view: inspect_ai logs (test/fixtures/corpus-ai), the scores of a successful run, in
// JSON and in the zipped `.eval`, and a cancelled run whose accuracy must not count.
import { describe, expect, it } from "vitest";
import { evaluateBenchmark } from "../../src/evidence/benchmark.js";
import { fixturesContext } from "../support/fixtures-context.js";

const SUCCESS = "corpus-ai/inspect-ai__security-guide-success.json";
const CANCELLED = "corpus-ai/inspect-ai__popularity-cancelled.json";
const EVAL_ZIP = "corpus-ai/inspect-ai__input-task.eval";

describe("benchmark on inspect_ai logs", () => {
  it("passes on the successful log's model_graded_fact accuracy 1.0 over 3 samples", async () => {
    const finding = await evaluateBenchmark(
      { file: SUCCESS, task: "security_guide", metric: "accuracy", min: 0.9, minSamples: 3 },
      fixturesContext(),
    );
    expect(finding.status).toBe("pass");
    expect(finding.measured).toMatch(/^1(\.0+)?\b/);
    expect(finding.summary).toContain("security_guide model_graded_fact accuracy");
    expect(finding.summary).toContain(SUCCESS);
  });

  it("fails a bar above the measured accuracy, and a sample count the log does not reach", async () => {
    const ctx = fixturesContext();
    const above = await evaluateBenchmark(
      { file: SUCCESS, metric: "model_graded_fact/accuracy", max: 0.5 },
      ctx,
    );
    expect(above.status).toBe("fail");
    const samples = await evaluateBenchmark(
      { file: SUCCESS, metric: "accuracy", min: 0.5, minSamples: 10 },
      ctx,
    );
    expect(samples.status).toBe("fail");
    expect(samples.summary).toMatch(/\b3\b/);
  });

  it("refuses the cancelled log's accuracy 0.6667 as an error, naming its status", async () => {
    const finding = await evaluateBenchmark(
      { file: CANCELLED, metric: "accuracy", min: 0.1 },
      fixturesContext(),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("cancelled");
  });

  it("reads the zipped .eval log's header: input_task accuracy 1.0 on 1 sample", async () => {
    const finding = await evaluateBenchmark(
      { file: EVAL_ZIP, task: "input_task", metric: "accuracy", min: 1 },
      fixturesContext(),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toContain("input_task");
    expect(finding.summary).toContain(EVAL_ZIP);
  });
});

describe("benchmark on an MLflow run folder read from disk", () => {
  it("reads the run a plain path names (the disk view lists the folder itself as a match)", async () => {
    const finding = await evaluateBenchmark(
      { file: "benchmark/mlruns/6/0a1b2c3d4e5f40718293a4b5c6d7e8f9", metric: "accuracy", min: 0.9 },
      fixturesContext(),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toContain("MLflow: accuracy 0.912");
  });
});
