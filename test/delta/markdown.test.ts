// The pull-request comment with what the pull request changes: snapshots, and what each part must say.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.js";
import { LINKS } from "../report/reports.js";
import {
  BASE_SHA,
  baseUnavailableReport,
  DELTA_CASES,
  headReport,
  noChangeReport,
  overLongChangeReport,
  prChangesReport,
  severalSystemsReport,
} from "./reports.js";

const BLOB = `${LINKS.serverUrl}/${LINKS.repository}/blob/${LINKS.sha}`;
const README = "systems/claims/readiness.yml";

/** The lines of the "What this PR changes" section: its summary line and the items below it. */
function changeSection(markdown: string): string[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((l) => l.startsWith("**What this PR changes**"));
  if (start < 0) throw new Error("no change section");
  const out = [lines[start]!];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("- ")) break;
    out.push(line);
  }
  return out;
}

describe("the delta comment, snapshot-tested", () => {
  it.each(DELTA_CASES)("%s", async (name, build) => {
    await expect(renderMarkdown(build(), { links: LINKS })).toMatchFileSnapshot(
      `__snapshots__/markdown/${name}.md`,
    );
  });

  it("shortened to fit, keeping the verdict, the change's summary and the failing checks", async () => {
    await expect(
      renderMarkdown(overLongChangeReport(), { links: LINKS, maxLength: 65_536 }),
    ).toMatchFileSnapshot("__snapshots__/markdown/over-long-change.md");
  });
});

describe("the delta comment: a pull request that breaks one check and fixes another", () => {
  const markdown = renderMarkdown(prChangesReport(), { links: LINKS });

  it("puts the verdict and how the pull request moves the checks in one line at the top", () => {
    expect(markdown.split("\n")[0]).toBe(
      "### ❌ No-go for production: 2 of 5 checks fail, 1 waived, 1 waiver expires in 3 days · this PR: 1 newly failing, 1 newly passing",
    );
  });

  it("summarises the change against the base commit, linked", () => {
    expect(changeSection(markdown)[0]).toBe(
      `**What this PR changes** (against base [fedcba9](https://github.com/acme/claims/commit/${BASE_SHA})): 1 newly failing (eval-f1), 1 newly passing (runbook), 1 still failing; 1 waiver expires in 3 days; evidence getting old for 1 check`,
    );
  });

  it("lists exactly the newly failing, newly passing, expiring and aging items, linked at the head", () => {
    expect(changeSection(markdown).slice(1)).toEqual([
      `- ❌ Newly failing: **[eval-f1](${BLOB}/${README}#L12)** (model): F1 0.874 &lt; 0.92 in systems/claims/reports/eval.json at metrics.f1 (passed at the base)`,
      `- ✅ Newly passing: **[runbook](${BLOB}/${README}#L17)** (operations): systems/claims/docs/runbook.md has Trigger, Steps with content`,
      `- ⚠️ Waiver expiring: [latency-p95](${BLOB}/${README}#L80) expires in 3 days (2026-12-15, approved by @carol): renew it or fix the check`,
      `- ⏳ Evidence getting old: **[data-card](${BLOB}/${README}#L32)**: 26 days old of maxAge 30d, stale in 4 days: regenerate it`,
    ]);
  });

  it("keeps the layout: failing table, then scores with the weakest, then the change, then the rest collapsed", () => {
    const at = (text: string) => {
      const i = markdown.indexOf(text);
      expect(i, text).toBeGreaterThan(0);
      return i;
    };
    const order = [
      at("**Failing checks**"),
      at("**Scores:**"),
      at("**What this PR changes**"),
      at("**Who can approve an exception:**"),
      at("<details><summary>1 waiver: ⚠️ 1 expiring</summary>"),
      at("<details><summary>⚠️ 1 waived · ✅ 2 passing</summary>"),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(markdown).toContain("Weakest: **model** (0 of 1 pass)");
  });

  it("links the failing check's evidence file at the head commit", () => {
    expect(markdown).toContain(
      `[systems/claims/reports/eval.json:3](${BLOB}/systems/claims/reports/eval.json#L3)`,
    );
  });
});

describe("the delta comment: other pull requests", () => {
  it("says in one line that the change could not be computed, and how to enable it", () => {
    const markdown = renderMarkdown(baseUnavailableReport(), { links: LINKS });
    expect(markdown.split("\n")[0]).toBe(
      "### ❌ No-go for production: 2 of 5 checks fail, 1 waived, 1 waiver expires in 3 days",
    );
    const section = changeSection(markdown);
    // The sentence may quote an error, so it is escaped like evidence: its commit id carries a word joiner.
    expect(section[0]).toBe(
      `**What this PR changes** (against base [fedcba9](https://github.com/acme/claims/commit/${BASE_SHA})): could not be computed: the checkout does not have the base commit fedcba\u20609 (actions/checkout fetches a single commit by default: set fetch-depth: 0 on it, or fetch that commit in a step before this one: git fetch --no-tags --depth=1 origin $\{{ github.event.pull\\_request.base.sha }}); 1 waiver expires in 3 days; evidence getting old for 1 check`,
    );
    // No claim about what changed, only the head's own warnings.
    expect(markdown).not.toMatch(/Newly (failing|passing)/);
    expect(section.slice(1).map((l) => l.slice(0, 30))).toEqual([
      "- ⚠️ Waiver expiring: [latency",
      "- ⏳ Evidence getting old: **[d",
    ]);
  });

  it("says so when the pull request changes no check's outcome", () => {
    const markdown = renderMarkdown(noChangeReport(), { links: LINKS });
    expect(markdown.split("\n")[0]).toMatch(/ · this PR changes no check's outcome$/);
    expect(changeSection(markdown)[0]).toContain("no check changes its outcome, 2 still failing");
  });

  it("names each item's system when there are several, and says which system is new", () => {
    const section = changeSection(renderMarkdown(severalSystemsReport(), { links: LINKS }));
    expect(section[0]).toContain("1 newly failing (claims-triage: eval-f1)");
    expect(section[0]).toContain("1 system new in this pull request");
    expect(section).toContain("- 🆕 fraud-score is new in this pull request: nothing to compare with");
    expect(section.filter((l) => l.startsWith("- ❌ Newly failing: claims-triage · "))).toHaveLength(1);
    // The new system's error is not "newly failing": it has no base to fail against.
    expect(section.join("\n")).not.toContain("auc");
  });

  it("renders no change section and no verdict suffix without a delta (the CLI, a push)", () => {
    const markdown = renderMarkdown(headReport(), { links: LINKS });
    expect(markdown).not.toContain("What this PR changes");
    expect(markdown).not.toContain("this PR");
  });
});

describe("the delta comment: the length cap", () => {
  const report = overLongChangeReport();

  it.each([1_000, 5_000, 20_000, 65_536])("never exceeds %i characters", (max) => {
    const markdown = renderMarkdown(report, { links: LINKS, maxLength: max });
    expect(markdown.length).toBeLessThanOrEqual(max);
    expect(markdown.startsWith("### ❌ No-go for production: 3000 of 3000 checks fail")).toBe(true);
  });

  it("keeps the verdict line, the change's summary line and failing rows when shortened", () => {
    const markdown = renderMarkdown(report, { links: LINKS, maxLength: 65_536 });
    const lines = markdown.split("\n");
    expect(lines[0]).toBe(
      "### ❌ No-go for production: 3000 of 3000 checks fail · this PR: 3000 newly failing",
    );
    expect(lines).toContain(
      `**What this PR changes** (against base [fedcba9](https://github.com/acme/claims/commit/${BASE_SHA})): 3000 newly failing (eval-slice-0001, eval-slice-0002, eval-slice-0003, eval-slice-0004, eval-slice-0005, and 2995 more)`,
    );
    expect(markdown).toContain("This report was shortened to fit the size limit");
    expect(lines.filter((l) => l.startsWith("| ❌ ")).length).toBeGreaterThan(100);
  });
});
