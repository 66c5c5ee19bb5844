// Text written by the pull request's author (evidence, and the readiness file's own free text) is inert in
// every output: no live @mention but the owners, no issue, pull-request or cross-repository reference, no
// commit link, no bare link, and no control, bidi or invisible character. The Markdown is checked as GitHub
// would see it: parsed by a real GFM parser (marked), then GitHub's own autolink patterns are run over the
// rendered text that is not already inside a link or code span.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/evidence/types.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import type { GateReport } from "../../src/gate/types.js";
import { commentBody } from "../../src/github/comment.js";
import { toAnnotations } from "../../src/report/annotations.js";
import { checkRunOutput } from "../../src/report/check-run.js";
import { compareReports } from "../../src/report/delta.js";
import { renderHtml } from "../../src/report/html.js";
import { renderJson } from "../../src/report/json.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderProblems } from "../../src/report/problems.js";
import { renderText } from "../../src/report/text.js";
import { RUNS } from "../property/arbitraries.js";
import { error, fail, findingsFor, metricCheck, NOW, pass, readinessFile, waiver } from "../gate/builders.js";
import { hiddenIn, liveInMarkdown, renderedTexts, WORD_JOINER } from "../support/inert-oracle.js";
import { LINKS } from "./reports.js";

/** The only principals that may stay live mentions: the readiness file's validated owners and approver. */
const OWNERS = ["@acme/ml-claims", "@carol"];
const LINK_PREFIX = `${LINKS.serverUrl}/${LINKS.repository}/`;

/** Pieces of hostile text, each one a way GitHub or a terminal would act on text. */
const FRAGMENTS = [
  "@octocat",
  "ping @acme/everyone,",
  "org/repo#1",
  "#12",
  "(GH-12)",
  "gh-7",
  "owner/repo@0123abc",
  "octocat@deadbeef1",
  "https://evil.example/x?y=1",
  "HTTP://EVIL.EXAMPLE",
  "www.evil.example",
  "WWW.evil.example",
  "ftp://evil.example",
  "mail evil@evil.example",
  "mailto:evil@evil.example",
  "deadbeefcafe1234",
  "1234567",
  "\u202Etxt.exe",
  "\u202A\u202B\u202C\u202D",
  "\u2066\u2067\u2068\u2069",
  "\u200E\u200F\u061C",
  "\u200B\u200C\u200D\uFEFF",
  "\u2060",
  "\u00AD",
  "\u{E0041}\u{E0042}",
  "\u0000\u0007\u001b[31m\u001b]0;x\u0007",
  "\u0085\u009b31m",
  "\r\n",
  "\u2028\u2029",
  "\t",
  "\uD800",
  "<img src=x onerror=alert(1)>",
  "[x](https://evil.example)",
  "<https://evil.example>",
  "`code`",
  "&#64;octocat",
  "\\@octocat",
  "- list",
  "1. list",
];

/** The issue's own example, as a failing test's name. */
const EXAMPLE = "@octocat ping org/repo#1 https://evil.example \u202Etxt.exe";

/** Every free-text field of a report, each filled by `text(field)`. */
type Field =
  | "system description"
  | "check title"
  | "test name"
  | "failure message"
  | "matched line"
  | "placeholder text"
  | "metric path"
  | "metric value"
  | "bar"
  | "file name"
  | "ci check name"
  | "waiver reason"
  | "branch"
  | "policy reason"
  | "problem message";

function hostileReport(text: (field: Field) => string): GateReport {
  const file = readinessFile({
    description: text("system description"),
    checks: [
      metricCheck("unit-tests", "system", { title: text("check title") }),
      metricCheck("eval-f1", "model"),
      metricCheck("runbook", "operations"),
      metricCheck("ci-green", "system"),
      metricCheck("old-waiver", "compliance"),
    ],
    waivers: [
      waiver("runbook", "2026-12-14", { reason: text("waiver reason") }),
      waiver("old-waiver", "2026-12-01", { reason: text("waiver reason") }),
    ],
  });
  const findings: Record<string, Finding> = {
    "unit-tests": fail(`1 of 3 tests failed: ${text("test name")}`, {
      measured: text("metric value"),
      bar: text("bar"),
      evidence: [{ path: `reports/${text("file name")}.xml`, line: 3 }],
      details: [text("failure message"), `line 4: ${text("matched line")}`],
    }),
    "eval-f1": error(`${text("metric path")} is not in reports/eval.json`),
    runbook: fail(`section Steps is a placeholder: ${text("placeholder text")}`),
    "ci-green": pass(`check ${text("ci check name")} passed`),
    "old-waiver": fail(`check ${text("ci check name")} failed`),
  };
  const head = judgeSystem(file, findingsFor(file, findings), { branch: "main" }, NOW);
  head.policy = { source: "base", reason: text("policy reason") };
  const other = readinessFile(
    { system: "router", checks: [metricCheck("latency", "system")] },
    "router/readiness.yml",
  );
  const notGated = judgeSystem(
    other,
    findingsFor(other, { latency: fail(text("test name")) }),
    { branch: text("branch") },
    NOW,
  );
  const problems = [
    {
      file: `systems/${text("file name")}/readiness.yml`,
      line: 3,
      column: 1,
      message: text("problem message"),
    },
  ];
  const report = buildReport([head, notGated], problems, { branch: "main" }, NOW);
  const base = buildReport(
    [judgeSystem(file, findingsFor(file), { branch: "main" }, NOW)],
    [],
    { branch: "main" },
    NOW,
  );
  report.delta = compareReports(report, base, { baseSha: "fedcba9876543210fedcba9876543210fedcba98" });
  return report;
}

/** Every output of one report, each checked as its medium demands. */
function problemsWith(report: GateReport): string[] {
  const found: string[] = [];
  const markdown = (name: string, text: string) => {
    for (const f of liveInMarkdown(text, { owners: OWNERS, linkPrefix: LINK_PREFIX }))
      found.push(`${name}: ${f}`);
    for (const f of hiddenIn(text, WORD_JOINER)) found.push(`${name}: hidden ${f}`);
  };
  const plain = (name: string, text: string, allowed = "") => {
    for (const f of hiddenIn(text, allowed)) found.push(`${name}: hidden ${f}`);
  };
  markdown(
    "comment",
    commentBody("d".repeat(40), (max) => renderMarkdown(report, { links: LINKS, maxLength: max })),
  );
  markdown("shortened comment", renderMarkdown(report, { links: LINKS, maxLength: 1500 }));
  markdown("job summary", renderMarkdown(report, { links: LINKS, maxLength: 250_000 }));
  const run = checkRunOutput(report, { links: LINKS });
  markdown("check run summary", run.summary);
  if (run.text !== undefined) markdown("check run text", run.text);
  plain("check run title", run.title);
  if (/\n/.test(run.title)) found.push("check run title: a line break");
  for (const a of toAnnotations(report)) {
    plain(`annotation title ${a.path}`, a.title);
    plain(`annotation message ${a.path}`, a.message);
  }
  for (const color of [false, true]) {
    // Our own colours are the only escape sequences allowed.
    // eslint-disable-next-line no-control-regex
    const text = renderText(report, { color }).replace(/\u001b\[\d+m/g, "");
    plain(`terminal text${color ? " (colour)" : ""}`, text);
  }
  plain("terminal problems", renderProblems(report.problems, { color: false }));
  const html = renderHtml(report, { links: LINKS });
  // A tab is white space in HTML, shown as a space.
  plain("HTML report", html, "\t");
  for (const [, href] of html.matchAll(/href="([^"]*)"/g))
    if (!href!.startsWith(LINK_PREFIX) && !href!.startsWith("#")) found.push(`HTML report: link to ${href}`);
  return found;
}

// ---------------------------------------------------------------------------------------------------

describe("evidence text is inert in every output", () => {
  it.each(FRAGMENTS.map((f) => [JSON.stringify(f), f]))("%s in every free-text field", (_name, fragment) => {
    const report = hostileReport(() => `${fragment} x ${fragment}`);
    expect(problemsWith(report)).toEqual([]);
  });

  it("the issue's example (@octocat ping org/repo#1 https://evil.example ‮txt.exe) in every field", () => {
    expect(problemsWith(hostileReport(() => EXAMPLE))).toEqual([]);
  });

  it("generated mixes of hostile fragments, different in each field", () => {
    const piece = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
    );
    const textArb = fc
      .array(fc.tuple(piece, fc.constantFrom("", " ", "/", ":", ".", "-", "\n")), { maxLength: 6 })
      .map((parts) => parts.map(([p, sep]) => `${p}${sep}`).join(""));
    const names: Field[] = [
      "system description",
      "check title",
      "test name",
      "failure message",
      "matched line",
      "placeholder text",
      "metric path",
      "metric value",
      "bar",
      "file name",
      "ci check name",
      "waiver reason",
      "branch",
      "policy reason",
      "problem message",
    ];
    fc.assert(
      fc.property(fc.array(textArb, { minLength: names.length, maxLength: names.length }), (values) => {
        const report = hostileReport((field) => values[names.indexOf(field)] ?? "");
        expect(problemsWith(report)).toEqual([]);
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  });

  it("the owners stay live mentions, so the people who can approve are still asked", () => {
    const seen = renderedTexts(
      renderMarkdown(
        hostileReport(() => EXAMPLE),
        { links: LINKS },
      ),
    );
    const ownersLine = seen.texts.find((t) => t.includes("Who can approve an exception"));
    expect(ownersLine).toMatch(/(^|\s)@acme\/ml-claims, @carol \(/);
  });

  it("the JSON report stays raw data: valid JSON that gives back the text exactly as the evidence had it", () => {
    const report = hostileReport(() => EXAMPLE);
    const parsed = JSON.parse(renderJson(report)) as GateReport;
    const unitTests = parsed.systems[0]!.checks.find((c) => c.id === "unit-tests")!;
    expect(unitTests.finding.summary).toBe(`1 of 3 tests failed: ${EXAMPLE}`);
    expect(parsed.systems[0]!.description).toBe(EXAMPLE);
  });

  it("the oracle itself sees what GitHub would link in unescaped text", () => {
    expect(
      liveInMarkdown(`${EXAMPLE} GH-3 deadbeef1 www.x.example a@b.example\n`, {
        owners: OWNERS,
        linkPrefix: LINK_PREFIX,
      }),
    ).toHaveLength(7);
    expect(hiddenIn(EXAMPLE)).toEqual(["U+202E"]);
  });
});
