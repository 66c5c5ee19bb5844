import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/gate/index.js";
import { renderProblems } from "../../src/report/problems.js";
import { renderText } from "../../src/report/text.js";
import { NOW } from "../gate/builders.js";
import {
  CASES,
  configProblemsReport,
  hostileTextReport,
  localReport,
  noGoReport,
  severalSystemsReport,
} from "./reports.js";

const ESC = "\u001b";

describe("renderText snapshots (no colour)", () => {
  it.each(CASES)("%s", async (name, build) => {
    await expect(renderText(build(), { color: false })).toMatchFileSnapshot(`__snapshots__/text/${name}.txt`);
  });
});

describe("renderText", () => {
  it.each(CASES)(
    "%s: starts with the verdict line and has no escape codes without colour",
    (_name, build) => {
      const text = renderText(build(), { color: false });
      expect(text.split("\n")[0]).toMatch(/^[✔⚠✖-] (Go|Conditional go|No-go|Not gated)\b/);
      expect(text).not.toContain(ESC);
    },
  );

  it("shows a failing check with ✖, its reason, measured value, bar and file", () => {
    const lines = renderText(noGoReport(), { color: false }).split("\n");
    const at = lines.findIndex((l) => l.startsWith("  ✖ eval-real-data [model] "));
    expect(lines[at]).toBe(
      "  ✖ eval-real-data [model] F1 0.874 < 0.92 in systems/claims/reports/eval.json at metrics.f1",
    );
    expect(lines[at + 1]).toBe(
      "      measured 0.874 · bar ≥ 0.92 · max age 30d · in systems/claims/reports/eval.json:4",
    );
  });

  it("lists failures first, then waived, not evaluable, passing and not required checks", () => {
    const marks = renderText(severalSystemsReport(), { color: false })
      .split("\n")
      .filter((l) => /^ {2}[✔✖⚠?-] /.test(l))
      .map((l) => l[2]);
    expect(marks.slice(0, 9)).toEqual(["✖", "✔", "✔", "-", "-", "-", "-", "-", "-"]);
  });

  it("says an expired waiver is ignored and names the owners", () => {
    const text = renderText(noGoReport(), { color: false });
    expect(text).toContain(
      "      waiver by @carol until 2026-12-09: expired 3 days ago: ignored, the check counts as failing",
    );
    expect(text).toContain("  exceptions are approved by the owners: @acme/ml-claims, @carol");
  });

  it("marks checks that are not evaluable locally with ?", () => {
    const text = renderText(localReport(), { color: false });
    expect(text).toContain(
      "  ? ci-green [system] not evaluable locally: ci evidence comes from GitHub and is not evaluable locally",
    );
  });

  it("lists config problems as file:line:col: message", () => {
    const text = renderText(configProblemsReport(), { color: false });
    expect(text).toContain(
      "✖ 3 problems in 2 readiness files:\n  systems/fraud/readiness.yml:3:10: version: must be 1",
    );
  });

  it("colours the verdict and the marks when asked", () => {
    const text = renderText(noGoReport(), { color: true });
    expect(text.split("\n")[0]).toBe(
      `${ESC}[31m${ESC}[1m✖ No-go for production: 4 of 9 checks fail, 1 could not be evaluated, 1 expired waiver ignored${ESC}[22m${ESC}[39m`,
    );
    expect(text).toContain(`  ${ESC}[31m✖${ESC}[39m ${ESC}[1meval-real-data${ESC}[22m`);
  });

  it("shows escape sequences from evidence as \\u{…} text and joins its lines", () => {
    for (const color of [false, true]) {
      const text = renderText(hostileTextReport(), { color });
      const failing = text.split("\n").find((l) => l.includes("eval-f1"))!;
      expect(failing).toContain(
        "second line <script>alert(1)</script> `code` [link](http://x) \\u{001B}[31mred\\u{001B}[0m",
      );
      expect(failing).not.toContain(`${ESC}[31mred`);
    }
  });

  it("says so when no readiness file was found", () => {
    expect(renderText(buildReport([], [], {}, NOW), { color: false })).toBe(
      "- Not gated: no readiness files found\n",
    );
  });
});

describe("renderProblems", () => {
  it("is empty without problems", () => {
    expect(renderProblems([], { color: false })).toBe("");
  });

  it("counts problems and files and lists each at file:line:col", () => {
    const text = renderProblems(
      [
        { file: "a/readiness.yml", line: 2, column: 3, message: "owners: name at least one owner" },
        { file: "a/readiness.yml", line: 9, column: 5, message: 'check "x": unknown stage "beta"' },
      ],
      { color: false },
    );
    expect(text).toBe(
      '✖ 2 problems in 1 readiness file:\n  a/readiness.yml:2:3: owners: name at least one owner\n  a/readiness.yml:9:5: check "x": unknown stage "beta"\n',
    );
  });
});
