import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { GateReport } from "../../src/gate/types.js";
import { CONTENT_SECURITY_POLICY, escapeHtml, PRINT_SCRIPT, renderHtml } from "../../src/report/html.js";
import { reportHeadline } from "../../src/report/words.js";
import { blockerReport, hostileLiterals, hostileMarkupReport, longTextReport } from "../browser/cases.js";
import {
  CASES,
  conditionalReport,
  configProblemsReport,
  goReport,
  hostileTextReport,
  LINKS,
  localReport,
  noGoReport,
  notGatedReport,
  overLongReport,
  severalSystemsReport,
} from "./reports.js";

const BLOB = `https://github.com/acme/claims/blob/${LINKS.sha}/`;

/** Every element the renderer itself writes; user text can never add to this list. */
// prettier-ignore
const OWN_TAGS = new Set([
  "html", "head", "meta", "title", "style", "script", "body", "div", "header", "main", "footer", "section", "article", "p",
  "h1", "h2", "h3", "h4", "span", "strong", "code", "time", "a", "br", "wbr", "dl", "dt", "dd", "ul", "ol", "li",
  "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "i",
]);

function tagsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]!.toLowerCase()));
}

/** The text of the page with tags removed and entities decoded, as a reader sees it. */
function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>|<script>[\s\S]*?<\/script>/g, "")
    .replace(/<wbr>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

function hrefsOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

describe("renderHtml: escaping", () => {
  it("renders markup in every user-supplied field as text: no element or attribute of its own", () => {
    const origin = "http://attacker.example";
    const html = renderHtml(hostileMarkupReport(origin), { links: LINKS });
    expect([...tagsOf(html)].filter((t) => !OWN_TAGS.has(t))).toEqual([]);
    expect(html.match(/<script/g)).toHaveLength(1);
    const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    expect(tags.filter((tag) => /\son\w+\s*=/i.test(tag))).toEqual([]);
    for (const literal of hostileLiterals(origin)) {
      expect(html).toContain(escapeHtml(literal));
      expect(textOf(html)).toContain(literal);
    }
    for (const href of hrefsOf(html))
      expect(href.startsWith("https://github.com/acme/claims/") || href.startsWith("#")).toBe(true);
  });

  it("escapes the shared hostile-text case: script, bold and line breaks stay text", () => {
    const html = renderHtml(hostileTextReport());
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("F1 | `recall` &lt;b&gt;bold&lt;/b&gt;");
    expect(html).toContain("≥ 1 &lt;br&gt;");
    expect(html).toContain("&amp; &amp;amp;");
    expect([...tagsOf(html)].filter((t) => !OWN_TAGS.has(t))).toEqual([]);
    // The terminal escape's ESC byte is shown as text, never passed through.
    expect(html).not.toContain("\u001b");
    expect(textOf(html)).toContain("\\u{001B}[31mred\\u{001B}[0m");
  });

  it("shows control, bidi and zero-width characters that could disguise text as \\u{…}", () => {
    expect(escapeHtml("evil\u202egnp.exe\u0000\u0007\u200b <x> 'q' \"d\" & ok")).toBe(
      "evil\\u{202E}gnp.exe\\u{0000}\\u{0007}\\u{200B} &lt;x&gt; &#39;q&#39; &quot;d&quot; &amp; ok",
    );
    expect(escapeHtml("tab\tand\nnewline stay")).toBe("tab\tand\nnewline stay");
  });

  it("escapes a custom title and the default title built from the headline", () => {
    expect(renderHtml(goReport(), { title: "Audit <Q4> & more" })).toContain(
      "<title>Audit &lt;Q4&gt; &amp; more</title>",
    );
    const report = noGoReport();
    expect(renderHtml(report)).toContain(`<title>Shipgate: ${escapeHtml(reportHeadline(report))}</title>`);
  });
});

describe("renderHtml: sections", () => {
  it("heads the page with the overall verdict, the target, the generated-at time and the report version", () => {
    const html = renderHtml(noGoReport(), { links: LINKS });
    expect(html).toContain('<header class="top v-no-go">');
    expect(html).toContain(`<h1>${escapeHtml(reportHeadline(noGoReport()))}</h1>`);
    expect(html).toContain('<span class="badge big v-no-go"><span aria-hidden="true">✗</span> No-go</span>');
    expect(html).toContain("<dt>Target</dt><dd>branch <code>main</code></dd>");
    expect(html).toContain("<dt>Stage judged</dt><dd><strong>production</strong></dd>");
    expect(html).toContain(
      '<dt>Generated</dt><dd><time datetime="2026-12-12T10:00:00.000Z">2026-12-12 10:00:00 UTC</time></dd>',
    );
    expect(html).toContain("<dt>Report format</dt><dd>Shipgate report version 1</dd>");
    expect(html).toContain(
      `<a href="https://github.com/acme/claims/commit/${LINKS.sha}"><code>acme/claims@0123456789ab</code></a>`,
    );
  });

  it("shows a no-go system's ladder, category bars with the weakest named, failing cards, the expired waiver and the rest collapsed", () => {
    const text = textOf(renderHtml(noGoReport()));
    const html = renderHtml(noGoReport());
    expect(text).toContain("Readiness level: none yet");
    expect(html).toMatch(/<li class="missed"><span class="step">.*pilot.*not reached/);
    expect(html).toMatch(/<li class="missed target" aria-current="step">.*production.*not reached.*target/);
    expect(text).toContain("Scores by category");
    expect(html).toContain(
      '<th scope="row"><span class="nw">system</span></th><td data-l="Passed"><span class="nw">1 of 4</span>',
    );
    expect(html).toContain('style="width:25%"');
    expect(text).toContain("Weakest category: model (0 of 1 pass).");
    expect(text).toContain("Failing checks (5)");
    expect(html.match(/<article class="card st-(fail|error)">/g)).toHaveLength(5);
    expect(text).toContain("Measured 0.874 Bar ≥ 0.92 evidence at most 30d old");
    expect(text).toContain("test_api::test_timeout: AssertionError: expected 200, got 504");
    expect(text).toContain(
      "Expired: ignored Waiver until 2026-12-09 expired 3 days ago: ignored, the check counts as failing.",
    );
    expect(text).toContain("Waivers (1)");
    expect(text).toContain("Other checks (4)");
    expect(html).toMatch(/<details>\n<summary>4 passing<\/summary>/);
    expect(text).toContain("Owners @acme/ml-claims, @carol");
  });

  it("flags a waiver that expires within 7 days and shows active and unused ones with their dates", () => {
    const text = textOf(renderHtml(conditionalReport()));
    expect(text).toContain("Conditional go for production");
    expect(text).toContain("Expiring soon expires in 3 days: renew it or fix the check 2026-12-15");
    expect(text).toContain("Active active, expires in 78 days 2027-02-28");
    expect(text).toContain(
      "Unused unused: the check passes or is not required; expires in 34 days 2027-01-15",
    );
    expect(text).toContain("measured p95 412 ms, errors 0.4% · bar p95 ≤ 300 ms, errors ≤ 1%");
    expect(text).toContain("2 waived · 7 passing");
  });

  it("lists invalid readiness files with file:line:col, linked to the line at the head commit", () => {
    const html = renderHtml(configProblemsReport(), { links: LINKS });
    const text = textOf(html);
    expect(text).toContain("Invalid readiness files");
    expect(text).toContain("3 problems in 2 readiness files.");
    expect(text).toContain("systems/fraud/readiness.yml:3:10 version: must be 1");
    expect(text).toContain("search/readiness.yaml:1:1 cannot read the readiness file");
    expect(html).toContain(`href="${BLOB}systems/fraud/readiness.yml#L14"`);
  });

  it("gives several systems an overview in verdict order, each linking to its section", () => {
    const html = renderHtml(severalSystemsReport());
    const overview = html.slice(html.indexOf('<section class="overview"'), html.indexOf("</section>"));
    const names = [...overview.matchAll(/<a href="#(s\d)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(names).toEqual([
      ["s1", "claims-triage"],
      ["s2", "fraud-score"],
      ["s3", "search-rerank"],
      ["s4", "support-chat"],
    ]);
    expect(html).toContain('<section class="sys v-no-go" id="s1"');
    expect(html).toContain('<section class="sys v-not-gated" id="s4"');
    expect(textOf(html)).toContain("4 systems");
  });

  it("says what would fail when not gated, without marking a target stage", () => {
    const html = renderHtml(notGatedReport());
    const text = textOf(html);
    expect(text).toContain("Not gated");
    expect(text).toContain("Checks that would fail at production (1)");
    expect(text).toContain("Scores by category at production");
    expect(text).toContain(
      'none: branch "feature/new-router" is not named by any stage; checks are shown as they stand at production',
    );
    expect(html).not.toContain('<span class="tag">target</span>');
    expect(html).not.toContain("aria-current");
  });

  it("shows checks that cannot be evaluated locally, and a forced stage the system does not declare", () => {
    const local = textOf(renderHtml(localReport()));
    expect(local).toContain("local run: checks that need GitHub are not evaluated");
    expect(local).toContain("Not evaluable");
    const blocked = textOf(renderHtml(blockerReport()));
    expect(blocked).toContain('Cannot be judged as asked: stage "canary" is not declared by claims-triage');
    expect(blocked).toContain("stage canary (chosen explicitly)");
  });

  it("shows the policy note and wraps long text rather than shortening it", () => {
    const text = textOf(renderHtml(longTextReport()));
    expect(text).toContain(
      "Policy judged by the base branch's readiness file: the pull request changes the readiness file",
    );
    expect(text).toContain(
      "eval-f1-on-production-representative-customer-segment-emea-enterprise-tier-holdout-2026-q4",
    );
    expect(text).toContain("x".repeat(300));
  });

  it("renders every shared case as one complete document", () => {
    for (const [name, build] of CASES) {
      const html = renderHtml(build(), { links: LINKS });
      expect(html.startsWith('<!doctype html>\n<html lang="en">'), name).toBe(true);
      expect(html.trimEnd().endsWith("</html>"), name).toBe(true);
      expect(html, name).toContain("<footer>");
      // Every opened section, article, table and details element is closed.
      for (const tag of ["main", "section", "article", "table", "details", "dl", "ul", "ol"]) {
        const opened = html.match(new RegExp(`<${tag}[ >]`, "g"))?.length ?? 0;
        expect(html.match(new RegExp(`</${tag}>`, "g"))?.length ?? 0, `${name} <${tag}>`).toBe(opened);
      }
    }
  });

  it("is deterministic: the same report gives the same bytes", () => {
    expect(renderHtml(severalSystemsReport(), { links: LINKS })).toBe(
      renderHtml(severalSystemsReport(), { links: LINKS }),
    );
  });
});

describe("renderHtml: links", () => {
  it("links each check to its readiness-file line and each evidence file at the head commit", () => {
    const html = renderHtml(noGoReport(), { links: LINKS });
    expect(html).toContain(
      `<a class="ln" data-line="12" href="${BLOB}systems/claims/readiness.yml#L12">eval-real-data</a>`,
    );
    expect(html).toContain(`href="${BLOB}systems/claims/reports/eval.json#L4"`);
    expect(html).toContain(`href="${BLOB}systems/claims/reports/junit/api.xml#L57"`);
    expect(html).toContain(`href="${BLOB}systems/claims/reports/junit/model.xml"`);
    // The waiver links to its own line.
    expect(html).toContain(`href="${BLOB}systems/claims/readiness.yml#L80"`);
    for (const href of hrefsOf(html)) {
      expect(href.startsWith(BLOB) || href === `https://github.com/acme/claims/commit/${LINKS.sha}`).toBe(
        true,
      );
    }
  });

  it("encodes odd characters in linked paths", () => {
    const html = renderHtml(hostileTextReport(), { links: LINKS });
    expect(html).toContain(`href="${BLOB}reports/we%7Cird%20%281%29.json#L3"`);
  });

  it("has no links without link settings, and ignores a server URL that is not http(s)", () => {
    expect(hrefsOf(renderHtml(noGoReport()))).toEqual([]);
    const sneaky = { ...LINKS, serverUrl: "javascript:alert(1)//" };
    expect(hrefsOf(renderHtml(noGoReport(), { links: sneaky }))).toEqual([]);
  });
});

describe("renderHtml: self-contained", () => {
  const pages: Array<[string, string]> = [
    ...CASES,
    ["long-text", longTextReport] as [string, () => GateReport],
  ].map(([name, build]) => [name, renderHtml(build(), { links: LINKS })]);

  it.each(pages)(
    "%s: references no resource anywhere: no src, no <link>, no url() or @import",
    (_name, html) => {
      expect(html).not.toMatch(/\ssrc\s*=/i);
      expect(html).not.toMatch(/<link[\s>]/i);
      expect(html).not.toMatch(/url\s*\(/i);
      expect(html).not.toMatch(/@import/i);
      expect(html).not.toMatch(/<(img|iframe|object|embed|video|audio|source|svg|image)[\s>]/i);
      // href appears only on anchors.
      const hrefs = html.match(/\shref=/g)?.length ?? 0;
      expect(html.match(/<a [^>]*href=/g)?.length ?? 0).toBe(hrefs);
    },
  );

  it("forbids every fetch in its Content-Security-Policy and allows only its own print script, by hash", () => {
    const html = renderHtml(goReport());
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    );
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; /);
    const hash = createHash("sha256").update(PRINT_SCRIPT).digest("base64");
    expect(CONTENT_SECURITY_POLICY).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain(`<script>${PRINT_SCRIPT}</script>`);
    expect(PRINT_SCRIPT.length).toBeLessThan(400);
  });

  it("styles dark mode, narrow screens and print: collapsed content shown and link targets written out on paper", () => {
    const html = renderHtml(goReport());
    expect(html).toContain("@media (prefers-color-scheme:dark)");
    expect(html).toContain("@media (max-width:40rem)");
    expect(html).toMatch(
      /@media print\{.*details::details-content\{content-visibility:visible;display:block\}/,
    );
    expect(html).toMatch(/@media print\{.*a\[href\^="http"\]::after\{content:" <" attr\(href\) ">"/);
    expect(html).toContain("overflow-wrap:anywhere");
  });
});

describe("renderHtml: size", () => {
  it("keeps a 1,000-check report around a kilobyte per check and renders it quickly", () => {
    const report = overLongReport(1000);
    const html = renderHtml(report, { links: LINKS });
    expect(html.match(/<article class="card st-fail">/g)).toHaveLength(1000);
    expect(html.length).toBeLessThan(1_200_000);
  });
});
