// Category coverage in every output: a reviewer sees at a glance that a missing category is why a system
// whose checks pass is No-go, which file (and line) to fix, and who may approve an exception instead.
import { describe, expect, it } from "vitest";
import { CATEGORIES, type CheckSpec } from "../../src/config/schema.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import type { GateReport } from "../../src/gate/types.js";
import { checkRunOutput } from "../../src/report/check-run.js";
import { renderHtml } from "../../src/report/html.js";
import { renderJson } from "../../src/report/json.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderText } from "../../src/report/text.js";
import { reportView } from "../../src/report/view.js";
import { fail, findingsFor, metricCheck, NOW, readinessFile, waiver } from "../gate/builders.js";
import { checkReportSchema } from "../support/report-schema.js";
import { LINKS } from "./reports.js";

/** Every check passes; monitoring has none; data is declared not applicable; operations' one check is waived. */
function report(): GateReport {
  const checks: CheckSpec[] = CATEGORIES.filter((c) => c !== "monitoring" && c !== "data").map((c) =>
    metricCheck(`${c}-check`, c),
  );
  const file = readinessFile({
    checks,
    waivers: [waiver("operations-check", "2027-03-01")],
    notApplicable: [
      {
        category: "data",
        reason: "It ranks a fixed catalogue; it takes no external data",
        approvedBy: "@carol",
      },
    ],
  });
  file.positions.notApplicable = [{ line: 60, column: 5 }];
  file.positions.checksList = { line: 11, column: 1 };
  file.positions.owners = { line: 4, column: 1 };
  const system = judgeSystem(
    file,
    findingsFor(file, { "operations-check": fail() }),
    { branch: "main" },
    NOW,
  );
  return buildReport([system], [], { branch: "main" }, NOW);
}

describe("coverage in the report view", () => {
  const view = reportView(report(), { links: LINKS });
  const system = view.systems[0]!;

  it("says in the headline that monitoring has no check, before what the checks say", () => {
    expect(view.headline).toBe("No-go for production: monitoring has no check, 3 of 4 checks pass, 1 waived");
  });

  it("lists the missing category with what it lacks, where a check belongs and who may approve an exception", () => {
    expect(system.missing.map((m) => [m.category, m.text])).toEqual([
      ["monitoring", "no check says how this system is monitored"],
    ]);
    expect(system.checksLine).toBe(11);
    expect(system.checksUrl).toBe(
      `${LINKS.serverUrl}/${LINKS.repository}/blob/${LINKS.sha}/systems/claims/readiness.yml#L11`,
    );
    expect(system.missingFix).toBe(
      "add a check with that category to systems/claims/readiness.yml (its checks list, line 11), or declare the category under notApplicable with a reason, approved by one of the owners (@acme/ml-claims, @carol)",
    );
  });

  it("gives every category a state: covered, waived, not applicable (with reason and approver) or missing", () => {
    expect(system.coverage.map((c) => [c.category, c.word])).toEqual([
      ["data", "not applicable"],
      ["model", "covered"],
      ["system", "covered"],
      ["monitoring", "missing"],
      ["compliance", "covered"],
      ["operations", "waived"],
    ]);
    const data = system.coverage[0]!;
    expect(data).toMatchObject({
      text: "It ranks a fixed catalogue; it takes no external data",
      approvedBy: "@carol",
      line: 60,
    });
    expect(system.coverageSummary).toBe(
      "3 of 6 categories covered, 1 waived (operations), 1 not applicable (data), 1 missing (monitoring)",
    );
  });
});

describe("coverage in each output", () => {
  it("markdown (comment, job summary and check run): the missing table first, then scores with coverage", () => {
    const md = renderMarkdown(report(), { links: LINKS });
    const missingAt = md.indexOf("**Missing categories**");
    expect(missingAt).toBeGreaterThan(0);
    expect(md).toContain("| ❌ **monitoring** | no check says how this system is monitored |");
    expect(md).toContain(
      `To fix: add a check with that \`category\` to [systems/claims/readiness.yml:11](${LINKS.serverUrl}/${LINKS.repository}/blob/${LINKS.sha}/systems/claims/readiness.yml#L11), or declare the category under \`notApplicable\` with a reason, approved by one of the owners (@acme/ml-claims, @carol).`,
    );
    expect(md).toContain(
      "**Scores:** data ➖ not applicable · model 1/1 ✅ · system 1/1 ✅ · monitoring ❌ **missing** · compliance 1/1 ✅ · operations 0/1 ⚠️ waived",
    );
    expect(md).toMatch(
      /- ➖ \*\*data\*\* not applicable: It ranks a fixed catalogue; it takes no external data \(approved by @carol, \[systems\/claims\/readiness\.yml:60\]/,
    );
    expect(checkRunOutput(report(), { links: LINKS }).title).toBe(
      "No-go for production: monitoring has no check, 3 of 4 checks pass, 1 waived",
    );
    expect(checkRunOutput(report(), { links: LINKS }).summary).toContain("**Missing categories**");
  });

  it("the shortened comment keeps the missing categories", () => {
    const md = renderMarkdown(report(), { maxLength: 1200 });
    expect(md).toContain("This report was shortened");
    expect(md).toContain("| ❌ **monitoring** | no check says how this system is monitored |");
  });

  it("text", () => {
    const text = renderText(report(), { color: false });
    expect(text).toContain(
      "  missing categories:\n  ✖ monitoring: no check says how this system is monitored\n",
    );
    expect(text).toContain(
      "    to fix: add a check with that category to systems/claims/readiness.yml (its checks list, line 11)",
    );
    expect(text).toContain(
      "  scores: data not applicable, model 1/1, system 1/1, monitoring missing, compliance 1/1, operations 0/1 waived",
    );
    expect(text).toContain(
      "  data not applicable: It ranks a fixed catalogue; it takes no external data (approved by @carol, systems/claims/readiness.yml:60)",
    );
  });

  it("HTML", () => {
    const html = renderHtml(report(), { links: LINKS });
    expect(html).toContain('<h3 id="s1-missing">Missing categories (1)</h3>');
    expect(html).toContain(
      "<li><strong>monitoring</strong>: no check says how this system is monitored</li>",
    );
    expect(html).toContain(
      '<td data-l="Coverage"><strong>missing</strong>: no check says how this system is monitored</td>',
    );
    expect(html).toContain("not applicable: It ranks a fixed catalogue; it takes no external data");
  });

  it("JSON: one coverage entry per category, conforming to the documented schema", () => {
    const json = JSON.parse(renderJson(report())) as { systems: Array<{ coverage: unknown[] }> };
    expect(json.systems[0]!.coverage).toHaveLength(6);
    expect(json.systems[0]!.coverage[3]).toEqual({
      category: "monitoring",
      state: "missing",
      required: true,
      checks: [],
      position: { line: 11, column: 1 },
      finding: "monitoring: no check says how this system is monitored",
    });
    expect(checkReportSchema(json).errors).toBe("No errors");
  });
});
