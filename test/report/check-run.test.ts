import { describe, expect, it } from "vitest";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import { checkRunOutput } from "../../src/report/check-run.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { findingsFor, metricCheck, NOW, readinessFile } from "../gate/builders.js";
import { CASES, LINKS, noGoReport, overLongReport } from "./reports.js";

describe("checkRunOutput", () => {
  it.each(CASES)(
    "%s: its title matches the snapshot, its summary is the linked Markdown report",
    (_name, build) => {
      const output = checkRunOutput(build(), { links: LINKS });
      expect(output.title).toMatchSnapshot();
      expect(output.summary).toBe(renderMarkdown(build(), { links: LINKS, maxLength: 65_535 }));
    },
  );

  it("titles the run with the plain verdict line and summarises with the Markdown report", () => {
    const output = checkRunOutput(noGoReport(), { links: LINKS });
    expect(output.title).toBe(
      "No-go for production: 4 of 9 checks fail, 1 could not be evaluated, 1 expired waiver ignored",
    );
    expect(output.summary).toBe(renderMarkdown(noGoReport(), { links: LINKS }));
    expect(output.text).toBeUndefined();
  });

  it("keeps the summary within GitHub's 65,535 characters for 5,000 failing checks", () => {
    const output = checkRunOutput(overLongReport());
    expect(output.summary.length).toBeLessThanOrEqual(65_535);
    expect(output.summary.split("\n")[0]).toBe("### ❌ No-go for production: 5000 of 5000 checks fail");
    expect(output.title).toBe("No-go for production: 5000 of 5000 checks fail");
  });

  it("honours a smaller cap, never a larger one", () => {
    expect(checkRunOutput(overLongReport(), { maxLength: 10_000 }).summary.length).toBeLessThanOrEqual(
      10_000,
    );
    expect(checkRunOutput(overLongReport(), { maxLength: 1_000_000 }).summary.length).toBeLessThanOrEqual(
      65_535,
    );
  });

  it("keeps the title within 255 characters", () => {
    const stage = `s${"x".repeat(400)}`;
    const file = readinessFile({ checks: [metricCheck("eval-f1", "model")] });
    const system = judgeSystem(file, findingsFor(file), { stage }, NOW);
    const { title } = checkRunOutput(buildReport([system], [], { stage }, NOW));
    expect(title.length).toBeLessThanOrEqual(255);
    expect(title.startsWith(`No-go for ${stage.slice(0, 100)}`)).toBe(true);
  });
});
