// The one view every renderer lays out: system order, the judged stage, policy text and links are
// computed once, and every output says the same thing about them.
import { describe, expect, it } from "vitest";
import type { ReadinessFile } from "../../src/config/types.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import type { GateReport, Target } from "../../src/gate/types.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown, renderText, toAnnotations } from "../../src/report/index.js";
import { judgedStages, reportView } from "../../src/report/view.js";
import { fail, findingsFor, metricCheck, NOW, pass, readinessFile } from "../gate/builders.js";
import { LINKS, noGoReport, severalSystemsReport } from "./reports.js";

/** `main` is production for claims-triage, pilot for fraud-score (its only stage), and nothing for chat. */
function stagesDifferReport(target: Target = { branch: "main" }): GateReport {
  const claims = readinessFile({ checks: [metricCheck("f1", "model")] });
  const fraud = readinessFile(
    {
      system: "fraud-score",
      owners: ["@acme/risk"],
      stages: [{ name: "pilot", branches: ["main"] }],
      checks: [metricCheck("auc", "model", { stage: "pilot" })],
    },
    "systems/fraud/readiness.yml",
  );
  const chat = readinessFile(
    {
      system: "support-chat",
      owners: ["@frank"],
      stages: [{ name: "production", branches: ["release/**"] }],
      checks: [metricCheck("groundedness", "model")],
    },
    "chat/readiness.yml",
  );
  const judge = (file: ReadinessFile, findings: Parameters<typeof findingsFor>[1]) =>
    judgeSystem(file, findingsFor(file, findings), target, NOW);
  return buildReport(
    [judge(chat, {}), judge(fraud, { auc: pass() }), judge(claims, { f1: fail("F1 0.8 < 0.9") })],
    [],
    target,
    NOW,
  );
}

describe("reportView", () => {
  it("orders systems worst verdict first, and every output lists them in that order", () => {
    const report = severalSystemsReport();
    expect(report.systems.map((s) => s.system)).toEqual([
      "search-rerank",
      "fraud-score",
      "support-chat",
      "claims-triage",
    ]);
    const order = ["claims-triage", "fraud-score", "search-rerank", "support-chat"];
    expect(reportView(report).systems.map((s) => [s.name, s.verdict])).toEqual([
      ["claims-triage", "no-go"],
      ["fraud-score", "conditional"],
      ["search-rerank", "go"],
      ["support-chat", "not-gated"],
    ]);
    const positions = (text: string, marker: (name: string) => string) =>
      order.map((name) => text.indexOf(marker(name)));
    const ascending = (xs: number[]) => xs.every((x, i) => x >= 0 && (i === 0 || x > xs[i - 1]!));
    expect(ascending(positions(renderMarkdown(report), (n) => ` ${n} — `))).toBe(true);
    expect(ascending(positions(renderHtml(report), (n) => `<span class="name">${n}</span>`))).toBe(true);
    expect(ascending(positions(renderText(report, { color: false }), (n) => ` ${n}: `))).toBe(true);
  });

  it("when systems are judged at different stages: no common stage, each system its own, in report order", () => {
    const report = stagesDifferReport();
    const view = reportView(report);
    expect(view.stage).toBeNull();
    expect(judgedStages(report)).toEqual(["pilot", "production"]);
    const byName = Object.fromEntries(view.systems.map((s) => [s.name, s.judged]));
    expect(byName["claims-triage"]).toMatchObject({ stage: "production" });
    expect(byName["fraud-score"]).toMatchObject({ stage: "pilot" });
    expect(byName["support-chat"]).toEqual({
      stage: null,
      why: 'branch "main" is not named by any stage',
      shownAt: "production",
    });
    // The headline names no stage, the HTML page header claims none, and each system shows its own.
    expect(view.headline).toMatch(/^No-go: 3 systems/);
    const html = renderHtml(report);
    const header = html.slice(html.indexOf("<header"), html.indexOf("</header>"));
    expect(header).not.toContain("Stage judged");
    expect(html).toContain("<dt>Stage judged</dt><dd><strong>pilot</strong>");
    expect(html).toContain("<dt>Stage judged</dt><dd><strong>production</strong>");
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("Stage: **pilot**");
    expect(markdown).toContain("Stage: **production**");
    const text = renderText(report, { color: false });
    expect(text).toContain("  stage pilot: ");
    expect(text).toContain("  stage production: ");
  });

  it("one stage for every judged system is the report's stage", () => {
    const report = severalSystemsReport();
    expect(judgedStages(report)).toEqual(["pilot"]);
    expect(reportView(report).stage).toBe("pilot");
    expect(reportView(report).headline).toMatch(/^No-go for pilot: /);
  });

  it("a system that cannot be judged as asked is not shown as judged at the forced stage in any output", () => {
    const report = stagesDifferReport({ stage: "production" });
    const fraud = reportView(report).systems.find((s) => s.name === "fraud-score")!;
    expect(fraud.blocker).toMatch(/stage "production" is not declared by fraud-score/);
    expect(renderMarkdown(report)).not.toContain('Stage: **production** (stage "production" was chosen');
    expect(renderHtml(report)).not.toContain("(stage &quot;production&quot; was chosen explicitly)");
    const text = renderText(report, { color: false });
    const fraudBlock = text.slice(text.indexOf("fraud-score:"));
    expect(fraudBlock.slice(0, fraudBlock.indexOf("\n\n"))).not.toContain("stage production:");
    // Systems that declare the stage still show it.
    expect(text).toContain("  stage production: stage production was chosen explicitly");
  });

  it("words the policy note once: every output says the same sentence", () => {
    const report = noGoReport();
    report.systems[0]!.policy = { source: "base", reason: "the pull request changes its gates" };
    const sentence = "judged by the base branch's readiness file: the pull request changes its gates";
    expect(reportView(report).systems[0]!.policy).toBe(sentence);
    expect(renderMarkdown(report)).toContain(`Policy: ${sentence}`);
    expect(renderHtml(report)).toContain(sentence.replace("'", "&#39;"));
    expect(renderText(report, { color: false })).toContain(`  policy: ${sentence}`);
  });

  it("builds each link once, from the same settings, for every renderer", () => {
    const view = reportView(noGoReport(), { links: LINKS });
    const system = view.systems[0]!;
    const failing = system.blocking[0]!;
    expect(failing.url).toBe(
      `https://github.com/acme/claims/blob/${LINKS.sha}/${system.file}#L${failing.line}`,
    );
    expect(view.commit?.url).toBe(`https://github.com/acme/claims/commit/${LINKS.sha}`);
    expect(renderMarkdown(noGoReport(), { links: LINKS })).toContain(`(${failing.url})`);
    expect(renderHtml(noGoReport(), { links: LINKS })).toContain(`href="${failing.url}"`);
    expect(reportView(noGoReport()).systems[0]!.blocking[0]!.url).toBeUndefined();
  });

  it("holds raw text: escaping is the renderers' job", () => {
    const report = noGoReport();
    report.systems[0]!.checks[0]!.finding.summary = "<b>*bold*</b> @someone";
    const check = reportView(report).systems[0]!.checks.find(
      (c) => c.id === report.systems[0]!.checks[0]!.id,
    )!;
    expect(check.summary).toBe("<b>*bold*</b> @someone");
  });

  it("the annotation of a failing check names the stage the view judged", () => {
    const report = stagesDifferReport();
    const f1 = toAnnotations(report).find((a) => a.title === "shipgate: f1")!;
    expect(f1.message).toContain("Required at production (claims-triage).");
  });
});
