// The HTML report as an artifact: written only when asked, self-contained, and named in an output.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evidence, explain, pullRequestWorld, README_PATH, readinessYaml } from "./scenario.js";

describe("html-report input", () => {
  it("writes one self-contained page for a no-go and names it in the html-report output", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.8),
    });
    // The runner deletes RUNNER_TEMP after the step; this one outlives it, as an upload step would see it.
    const runnerTemp = mkdtempSync(join(tmpdir(), "shipgate-html-runner-temp-"));
    let html: string;
    try {
      const run = await world.run({ inputs: { "html-report": "true" }, env: { RUNNER_TEMP: runnerTemp } });
      expect(run.exitCode, explain(run)).toBe(1);
      const path = run.outputs["html-report"];
      expect(path).toBe(join(runnerTemp, "shipgate-report.html"));
      html = readFileSync(path!, "utf8");
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/No-go/);
    expect(html).toMatch(/eval-f1/);
    // Nothing is fetched: no external script, stylesheet or image.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/i);
    expect(world.fake.violations).toEqual([]);
  });

  it("writes no page when not asked", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.95),
    });
    const runnerTemp = mkdtempSync(join(tmpdir(), "shipgate-html-runner-temp-"));
    try {
      const run = await world.run({ env: { RUNNER_TEMP: runnerTemp } });
      expect(run.exitCode, explain(run)).toBe(0);
      expect(run.outputs["html-report"]).toBeUndefined();
      expect(existsSync(join(runnerTemp, "shipgate-report.json"))).toBe(true);
      expect(existsSync(join(runnerTemp, "shipgate-report.html"))).toBe(false);
    } finally {
      rmSync(runnerTemp, { recursive: true, force: true });
    }
  });
});
