import { describe, expect, it } from "vitest";
import { judgeSystem, buildReport } from "../../src/gate/index.js";
import { blobUrl, renderMarkdown } from "../../src/report/markdown.js";
import { escapeMarkdown } from "../../src/report/escape.js";
import { findingsFor, metricCheck, NOW, readinessFile } from "../gate/builders.js";
import {
  CASES,
  conditionalReport,
  configProblemsReport,
  hostileTextReport,
  LINKS,
  localReport,
  noGoReport,
  notGatedReport,
  overLongReport,
  severalSystemsReport,
} from "./reports.js";

const VERDICT_LINE = /^### (✅|⚠️|❌|⚪) (Go|Conditional go|No-go|Not gated)\b/;

/** The table row of a check in the failing-checks table. */
function rowOf(markdown: string, id: string): string {
  const row = markdown
    .split("\n")
    .find((l) => l.startsWith("| ") && (l.includes(`**${id}**`) || l.includes(`**[${id}]`)));
  if (row === undefined) throw new Error(`no row for ${id}`);
  return row;
}

/** Cell separators that are not escaped. */
function cellsOf(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe("renderMarkdown snapshots", () => {
  it.each(CASES)("%s", async (name, build) => {
    await expect(renderMarkdown(build())).toMatchFileSnapshot(`__snapshots__/markdown/${name}.md`);
  });

  it("no-go with links to the commit", async () => {
    await expect(renderMarkdown(noGoReport(), { links: LINKS })).toMatchFileSnapshot(
      "__snapshots__/markdown/no-go-linked.md",
    );
  });

  it("over-long, shortened to 65,000 characters", async () => {
    await expect(renderMarkdown(overLongReport(), { links: LINKS, maxLength: 65_000 })).toMatchFileSnapshot(
      "__snapshots__/markdown/over-long.md",
    );
  });
});

describe("renderMarkdown: the verdict comes first", () => {
  it.each(CASES)("%s: the first line is the verdict line", (_name, build) => {
    const first = renderMarkdown(build()).split("\n")[0]!;
    expect(first).toMatch(VERDICT_LINE);
  });

  it.each<[string, string]>([
    [
      "no-go",
      "### ❌ No-go for production: 4 of 9 checks fail, 1 could not be evaluated, 1 expired waiver ignored",
    ],
    [
      "conditional",
      "### ⚠️ Conditional go for production: 7 of 9 checks pass, 2 waived, 1 waiver expires in 3 days",
    ],
    ["go", "### ✅ Go for production: all 9 required checks pass"],
    [
      "not-gated",
      '### ⚪ Not gated: branch "feature/new-router" is not named by any stage; at production, 1 of 9 checks would fail',
    ],
    [
      "local-not-evaluable",
      "### ✅ Go for production: all 7 required checks pass, 1 waiver expires tomorrow, 2 not evaluable locally",
    ],
    ["config-problems", "### ❌ No-go for production: 2 readiness files are invalid; 1 system: 1 go"],
    [
      "several-systems",
      "### ❌ No-go for pilot: 4 systems: 1 no-go, 1 conditional go, 1 go, 1 not gated; 1 waiver expires in 6 days",
    ],
  ])("%s reads: %s", (name, line) => {
    const build = CASES.find(([n]) => n === name)![1];
    expect(renderMarkdown(build()).split("\n")[0]).toBe(line);
  });

  it("gives every system of several its own verdict line, worst first", () => {
    const headings = renderMarkdown(severalSystemsReport())
      .split("\n")
      .filter((l) => l.startsWith("#### "));
    expect(headings).toEqual([
      "#### ❌ claims-triage — No-go for pilot: 1 of 3 checks fails",
      "#### ⚠️ fraud-score — Conditional go for pilot: 1 of 2 checks passes, 1 waived, 1 waiver expires in 6 days",
      "#### ✅ search-rerank — Go for pilot: the 1 required check passes",
      // Not gated, yet it says what production would lack.
      '#### ⚪ support-chat — Not gated: branch "staging" is not named by any stage; at production, 5 categories would have no check (data, system, monitoring, compliance, operations)',
    ]);
  });
});

describe("renderMarkdown: a failing check's row says what, against what, where", () => {
  const markdown = renderMarkdown(noGoReport(), { links: LINKS });

  it("shows the measured value, the bar and the evidence file linked at its line", () => {
    const [check, category, measured, bar, evidence] = cellsOf(rowOf(markdown, "eval-real-data"));
    expect(check).toContain("F1 on production-representative data meets the go/no-go bar");
    expect(check).toContain("F1 0.874 &lt; 0.92 in systems/claims/reports/eval.json at metrics.f1");
    expect(check).toContain(
      `(${LINKS.serverUrl}/${LINKS.repository}/blob/${LINKS.sha}/systems/claims/readiness.yml#L12)`,
    );
    expect(category).toBe("model");
    expect(measured).toBe("0.874");
    expect(bar).toBe("≥ 0.92<br>evidence at most 30d old");
    expect(evidence).toBe(
      `[systems/claims/reports/eval.json:4](${LINKS.serverUrl}/acme/claims/blob/${LINKS.sha}/systems/claims/reports/eval.json#L4)`,
    );
  });

  it("lists the finding's details under its reason", () => {
    const [check] = cellsOf(rowOf(markdown, "unit-tests"));
    expect(check).toContain("• test\\_api::test\\_timeout: AssertionError: expected 200, got 504");
  });

  it("shows a check that could not be evaluated, with a dash for what it lacks", () => {
    const [check, , measured, bar] = cellsOf(rowOf(markdown, "coverage"));
    expect(check).toMatch(/^❗ /);
    expect(check).toContain("is not a coverage report");
    expect(measured).toBe("—");
    expect(bar).toBe("—");
  });

  it("says an expired waiver was ignored, in the row and in the waiver table", () => {
    expect(rowOf(markdown, "latency-p95")).toContain(
      "⛔ waiver 2026-12-09 expired 3 days ago: ignored, the check counts as failing",
    );
    expect(markdown).toContain(
      "| @carol | 2026-12-09 | ⛔ expired 3 days ago: ignored, the check counts as failing |",
    );
  });

  it("names the owners who can approve an exception, linked to the readiness file", () => {
    expect(markdown).toContain(
      `**Who can approve an exception:** @acme/ml-claims, @carol (owners in [systems/claims/readiness.yml](${LINKS.serverUrl}/acme/claims/blob/${LINKS.sha}/systems/claims/readiness.yml))`,
    );
  });

  it("shows the scores with the weakest category and the stage ladder", () => {
    expect(markdown).toContain(
      "**Scores:** data 1/1 ✅ · model 0/1 · system 1/4 · monitoring 0/1 · compliance 1/1 ✅ · operations 1/1 ✅. Weakest: **model** (0 of 1 pass)",
    );
    expect(markdown).toContain("**Readiness level:** none yet (pilot ❌ → production ❌)");
  });

  it("collapses the passing checks", () => {
    const details = markdown.slice(markdown.indexOf("<details><summary>✅ 4 passing</summary>"));
    expect(details.length).toBeLessThan(markdown.length);
    expect(details).toContain("**[rollback-plan]");
    expect(details).not.toContain("eval-real-data");
  });

  it("collapses the waivers, their states counted in the summary", () => {
    const start = markdown.indexOf("<details><summary>1 waiver: ⛔ 1 expired</summary>");
    expect(start).toBeGreaterThan(markdown.indexOf("**Who can approve an exception:**"));
    const block = markdown.slice(start, markdown.indexOf("</details>", start));
    expect(block).toContain("| @carol | 2026-12-09 | ⛔ expired 3 days ago");
  });
});

describe("renderMarkdown: waivers, stages, problems", () => {
  it("flags a waiver that expires within 7 days", () => {
    const markdown = renderMarkdown(conditionalReport());
    expect(markdown).toContain("| @carol | 2026-12-15 | ⚠️ expires in 3 days: renew it or fix the check |");
    expect(markdown).toContain("| @acme/ml-claims | 2027-02-28 | ✅ active, expires in 78 days |");
    expect(markdown).toContain("➖ unused: the check passes or is not required; expires in 34 days");
    expect(markdown).toContain("**Readiness level:** **pilot** (pilot ✅ → production ❌)");
  });

  it("shows, when not gated, what would fail at the highest stage", () => {
    const markdown = renderMarkdown(notGatedReport());
    expect(markdown).toContain("**Checks that would fail at production**");
    expect(markdown).toContain("**Scores at production:**");
  });

  it("lists config problems as file:line:col: message, linked at the line", () => {
    const markdown = renderMarkdown(configProblemsReport(), { links: LINKS });
    expect(markdown).toContain(
      `- [systems/fraud/readiness.yml:3:10](${LINKS.serverUrl}/acme/claims/blob/${LINKS.sha}/systems/fraud/readiness.yml#L3): version: must be 1 (the only readiness format version)`,
    );
    expect(markdown).toContain("search/readiness.yaml:1:1");
  });

  it("collapses checks not evaluable locally and leaves them out of the failing table", () => {
    const markdown = renderMarkdown(localReport());
    expect(markdown).not.toContain("**Failing checks**");
    expect(markdown).toContain("<details><summary>❔ 2 not evaluable locally · ✅ 7 passing</summary>");
  });

  it("states the blocker of a forced stage the system does not declare", () => {
    const file = readinessFile({ checks: [metricCheck("eval-f1", "model")] });
    const system = judgeSystem(file, findingsFor(file), { stage: "canary" }, NOW);
    const markdown = renderMarkdown(buildReport([system], [], { stage: "canary" }, NOW));
    expect(markdown.split("\n")[0]).toBe(
      '### ❌ No-go for canary: stage "canary" is not declared by claims-triage; its stages are pilot, production. Choose one of them, or add the stage to the readiness file',
    );
  });

  it("says which version of the readiness file judged the pull request", () => {
    const report = noGoReport();
    report.systems[0]!.policy = {
      source: "base",
      reason: "the pull request changes this file and no owner has approved it",
    };
    expect(renderMarkdown(report)).toContain(
      "Policy: judged by the base branch's readiness file: the pull request changes this file and no owner has approved it",
    );
  });

  it("says so when there are no readiness files at all", () => {
    expect(renderMarkdown(buildReport([], [], {}, NOW))).toBe("### ⚪ Not gated: no readiness files found\n");
  });
});

describe("renderMarkdown: user text never becomes markup", () => {
  const markdown = renderMarkdown(hostileTextReport());
  const row = rowOf(markdown, "eval-f1");

  it("keeps the row at exactly five cells despite pipes in the text", () => {
    expect(cellsOf(row)).toHaveLength(5);
  });

  it("turns < and > into entities so nothing is HTML", () => {
    expect(markdown).not.toMatch(/<(script|b)\b/);
    expect(row).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(cellsOf(row)[3]).toBe("≥ 1 &lt;br&gt;");
  });

  it("escapes backticks, emphasis, links and ampersands, and joins lines", () => {
    expect(row).toContain("\\`code\\` \\[link\\](http:\u2060//x)");
    expect(row).toContain("\\*\\*not bold\\*\\* \\_not italic\\_ \\~\\~not struck\\~\\~ &amp; &amp;amp;");
    expect(row).toContain("in a\\|b.json second line");
  });

  it("shows terminal escape characters as \\u{…} text instead of passing them through", () => {
    expect(markdown).not.toContain("\u001b");
    expect(row).toContain("\\\\u{001B}\\[31mred");
  });

  it.each<[string, string]>([
    ["a | b", "a \\| b"],
    ["line one\r\nline two\nthree", "line one line two three"],
    ["`x`", "\\`x\\`"],
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["[a](javascript:x)", "\\[a\\](javascript:x)"],
    ["back\\slash", "back\\\\slash"],
    ["@carol is no mention", "@\u2060carol is no mention"],
    ["bidi \u202eevil", "bidi \\\\u{202E}evil"],
    ["- starts a list", "\\- starts a list"],
    ["12. starts a list", "12\\. starts a list"],
    ["-0.5 and 0.700 start no list", "-0.5 and 0.700 start no list"],
  ])("escapeMarkdown(%j) is %j", (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });
});

describe("renderMarkdown: the length cap", () => {
  const report = overLongReport();

  it("returns the full form unchanged when it fits", () => {
    const full = renderMarkdown(noGoReport());
    expect(renderMarkdown(noGoReport(), { maxLength: full.length })).toBe(full);
  });

  it("shortens 5,000 failing checks to the cap, keeping the verdict line and the first failing rows", () => {
    const markdown = renderMarkdown(report, { links: LINKS, maxLength: 65_000 });
    expect(markdown.length).toBeLessThanOrEqual(65_000);
    expect(markdown.split("\n")[0]).toBe("### ❌ No-go for production: 5000 of 5000 checks fail");
    const [, , measured, bar, evidence] = cellsOf(rowOf(markdown, "eval-slice-0001"));
    expect(measured).toBe("0.700");
    expect(bar).toBe("≥ 0.92");
    expect(evidence).toContain("systems/claims/reports/slices/eval-slice-0001.json:2");
    // Details are the first thing to go.
    expect(markdown).not.toContain("1,204 examples");
    const rows = markdown.split("\n").filter((l) => l.startsWith("| ❌ ")).length;
    const more = /…and (\d+) more failing checks: see the job summary \/ check run\./.exec(markdown);
    expect(more).not.toBeNull();
    expect(rows + Number(more![1])).toBe(5000);
    expect(rows).toBeGreaterThan(100);
    expect(markdown).toContain("**Who can approve an exception:** @acme/ml-claims, @carol");
  });

  it.each([40, 120, 400, 1_000, 5_000, 20_000, 65_536])("never exceeds maxLength %i", (max) => {
    const markdown = renderMarkdown(report, { links: LINKS, maxLength: max });
    expect(markdown.length).toBeLessThanOrEqual(max);
    expect(markdown.startsWith("### ❌ No-go")).toBe(true);
  });

  it("keeps a cut of the verdict line when even that does not fit", () => {
    expect(renderMarkdown(report, { maxLength: 30 })).toBe("### ❌ No-go for production: 5…");
  });

  it("says how many failing checks are not listed when no row fits", () => {
    const markdown = renderMarkdown(report, { maxLength: 500 });
    expect(markdown).toContain("5000 failing checks do not fit here: see the job summary / check run.");
  });

  it("also caps the list of config problems", () => {
    const problems = Array.from({ length: 3000 }, (_, i) => ({
      file: `systems/s${i}/readiness.yml`,
      line: 2,
      column: 1,
      message: "version: must be 1 (the only readiness format version)",
    }));
    const markdown = renderMarkdown(buildReport([], problems, {}, NOW), { maxLength: 10_000 });
    expect(markdown.length).toBeLessThanOrEqual(10_000);
    expect(markdown.split("\n")[0]).toBe("### ❌ No-go: 3000 readiness files are invalid");
    expect(markdown).toMatch(/- …and \d+ more problems: see the job summary \/ check run/);
  });
});

describe("blobUrl", () => {
  it.each<[string, number | undefined, string]>([
    ["systems/claims/readiness.yml", 12, "systems/claims/readiness.yml#L12"],
    ["reports/we|ird (1).json", 3, "reports/we%7Cird%20%281%29.json#L3"],
    ["docs/a b.md", undefined, "docs/a%20b.md"],
  ])("links %s at line %s", (path, line, tail) => {
    expect(blobUrl({ ...LINKS, serverUrl: "https://github.example.com/" }, path, line)).toBe(
      `https://github.example.com/acme/claims/blob/${LINKS.sha}/${tail}`,
    );
  });
});
