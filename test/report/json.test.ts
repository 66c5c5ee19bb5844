import { describe, expect, it } from "vitest";
import { checkReportSchema } from "../support/report-schema.js";
import type { GateReport } from "../../src/gate/types.js";
import { renderJson } from "../../src/report/json.js";
import { CASES, hostileTextReport, noGoReport, overLongReport } from "./reports.js";

/** Rebuilds every object with its keys in reverse order: the output must not depend on build order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

describe("renderJson", () => {
  it.each(CASES)("%s matches its snapshot", (_name, build) => {
    expect(renderJson(build())).toMatchSnapshot();
  });

  it.each([
    ...CASES,
    ["hostile text", hostileTextReport] as const,
    ["over-long", () => overLongReport(300)] as const,
  ])("%s conforms to the schema documented in docs/report-schema.md", (_name, build) => {
    const checked = checkReportSchema(JSON.parse(renderJson(build())));
    expect(checked.errors).toBe("No errors");
    expect(checked.ok).toBe(true);
  });

  it("is checked against a closed schema: an undocumented field fails", () => {
    const report = noGoReport();
    (report.systems[0] as unknown as Record<string, unknown>).undocumented = true;
    const checked = checkReportSchema(JSON.parse(renderJson(report)));
    expect(checked.ok).toBe(false);
    expect(checked.errors).toContain("must NOT have additional properties");
  });

  it("round-trips to the same report", () => {
    const report = noGoReport();
    expect(JSON.parse(renderJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it("orders keys as documented, whatever order the objects were built in", () => {
    const report = noGoReport();
    const json = renderJson(report);
    expect(renderJson(reversedKeys(report) as GateReport)).toBe(json);
    const parsed = JSON.parse(json) as Record<string, unknown> & { systems: Array<Record<string, unknown>> };
    expect(Object.keys(parsed)).toEqual([
      "version",
      "generatedAt",
      "target",
      "verdict",
      "systems",
      "problems",
    ]);
    expect(Object.keys(parsed.systems[0]!)).toEqual([
      "system",
      "description",
      "file",
      "owners",
      "stages",
      "stage",
      "stageReason",
      "verdict",
      "level",
      "scores",
      "coverage",
      "weakest",
      "checks",
      "waivers",
    ]);
    const check = (parsed.systems[0]!.checks as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(check)).toEqual([
      "id",
      "title",
      "category",
      "kind",
      "stage",
      "required",
      "status",
      "finding",
      "position",
      "maxAge",
    ]);
  });

  it("always writes version 1 and keeps null stage and level", () => {
    const report = { ...noGoReport(), version: 7 } as unknown as GateReport;
    const parsed = JSON.parse(renderJson(report)) as { version: number; systems: Array<{ level: unknown }> };
    expect(parsed.version).toBe(1);
    expect(parsed.systems[0]!.level).toBeNull();
  });

  it("keeps a field a newer module adds, after the documented ones", () => {
    const report = noGoReport();
    const finding = report.systems[0]!.checks[0]!.finding as unknown as Record<string, unknown>;
    finding.age = { source: "git", days: 3 };
    const parsed = JSON.parse(renderJson(report)) as {
      systems: Array<{ checks: Array<{ finding: object }> }>;
    };
    const keys = Object.keys(parsed.systems[0]!.checks[0]!.finding);
    expect(keys).toEqual(["status", "summary", "measured", "bar", "evidence", "age"]);
  });
});
