// The HTML report in a real browser (Debian's headless Chromium over the DevTools protocol): verdicts and
// failing checks as a reader sees them, no horizontal overflow at 1280 and 390 px, contrast in light and
// dark mode, print output, and no network access. Screenshots are kept in test/.tmp/screenshots/.
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GateReport } from "../../src/gate/types.js";
import { renderHtml } from "../../src/report/html.js";
import { blockingChecks, clip, reportHeadline, verdictLabel } from "../../src/report/words.js";
import { CASES, hostileTextReport, LINKS, noGoReport, overLongReport } from "../report/reports.js";
import { blockerReport, hostileLiterals, hostileMarkupReport, longTextReport } from "./cases.js";
import { Browser, CHROMIUM_PATH, chromiumAvailable, type Page } from "./cdp.js";
import {
  CONTRAST_PROBE,
  FACTS_PROBE,
  OPEN_ALL_DETAILS,
  OVERFLOW_PROBE,
  PRINT_PROBE,
  type ContrastResult,
  type OverflowResult,
  type PageFacts,
  type PrintFacts,
} from "./probes.js";

const TMP = fileURLToPath(new URL("../.tmp/", import.meta.url));
const SCREENSHOTS = join(TMP, "screenshots");
const PAGES = join(TMP, "html");

const HAVE_CHROMIUM = chromiumAvailable();
const MISSING =
  `Chromium is not installed at ${CHROMIUM_PATH}: the HTML report's browser test cannot run. ` +
  "Install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).";

const REPORTS: ReadonlyArray<[string, () => GateReport]> = [
  ...CASES,
  ["hostile-text", hostileTextReport],
  ["long-text", longTextReport],
  ["blocker", blockerReport],
  ["many-failures", () => overLongReport(150)],
];
const VIEWPORTS: ReadonlyArray<[number, "light" | "dark"]> = [
  [1280, "light"],
  [1280, "dark"],
  [390, "light"],
  [390, "dark"],
];

/** Text as the page shows it: control and bidi characters written out as `\u{001B}`, whitespace collapsed. */
function shown(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/(?!\t|\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
      return `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`;
    })
    .replace(/\s+/g, " ")
    .trim();
}

function writePage(name: string, html: string): string {
  const file = join(PAGES, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

if (!HAVE_CHROMIUM) {
  if (process.env.CI) {
    describe("HTML report in headless Chromium", () => {
      it("needs Chromium", () => {
        expect.fail(MISSING);
      });
    });
  } else {
    console.warn(`\n!!!!!!!!!!\n!!! SKIPPED: ${MISSING}\n!!!!!!!!!!\n`);
  }
}

describe.skipIf(!HAVE_CHROMIUM)("HTML report in headless Chromium", () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    mkdirSync(PAGES, { recursive: true });
    browser = await Browser.launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(
    url: string,
    width: number,
    scheme: "light" | "dark",
    media: "screen" | "print" = "screen",
  ): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport(width, 900);
    await page.emulate(media, scheme);
    await page.goto(url);
    return page;
  }

  describe.each(REPORTS)("%s", (name, build) => {
    const report = build();
    const html = renderHtml(report, { links: LINKS });
    let url: string;

    beforeAll(() => {
      url = pathToFileURL(writePage(name, html)).href;
    });

    it("shows the overall verdict, every system's verdict and every failing check's measured value and bar", async () => {
      const page = await open(url, 1280, "light");
      try {
        const facts = await page.evaluate<PageFacts>(FACTS_PROBE);
        expect(facts.topVerdict).toBe(verdictLabel(report.verdict, null));
        expect(facts.headline).toBe(shown(reportHeadline(report)));
        expect(facts.meta[0]).toMatch(/^Target: /);
        expect(facts.meta).toContain("Generated: 2026-12-12 10:00:00 UTC");
        expect(facts.meta).toContain("Report format: Shipgate report version 1");
        expect(facts.meta).toContain(`Commit: acme/claims@${LINKS.sha.slice(0, 12)}`);

        expect(facts.systems).toHaveLength(report.systems.length);
        for (const system of report.systems) {
          const dom = facts.systems.find((s) => s.heading.startsWith(shown(system.system)));
          expect(dom, `section for ${system.system}`).toBeDefined();
          expect(dom!.heading).toContain(verdictLabel(system.verdict, system.stage));

          const levelIndex = system.level === null ? -1 : system.stages.indexOf(system.level);
          expect(dom!.ladder).toEqual(
            system.stages.map((stage, i) =>
              expect.stringContaining(`${stage} ${i <= levelIndex ? "reached" : "not reached"}`),
            ),
          );

          const blocking = blockingChecks(system);
          expect(dom!.cards.map((c) => c.id)).toEqual(blocking.map((c) => c.id));
          for (const check of blocking) {
            const card = dom!.cards.find((c) => c.id === check.id)!;
            expect(card.status).toBe(check.status === "fail" ? "Fail" : "Error");
            expect(card.summary).toBe(shown(clip(check.finding.summary, 2000)));
            if (check.finding.measured !== undefined)
              expect(card.measured).toBe(shown(check.finding.measured));
            if (check.finding.bar !== undefined)
              expect(card.bar.startsWith(shown(check.finding.bar))).toBe(true);
            for (const ref of check.finding.evidence.slice(0, 20)) {
              expect(card.evidence).toContain(
                shown(ref.line === undefined ? ref.path : `${ref.path}:${ref.line}`),
              );
            }
          }
          expect(dom!.waivers).toHaveLength(system.waivers.length);
          expect(dom!.otherRows).toHaveLength(system.checks.length - blocking.length);
        }
        expect(facts.problems).toHaveLength(report.problems.length);
        for (const [i, problem] of report.problems.entries()) {
          expect(facts.problems[i]).toContain(`${problem.file}:${problem.line}:${problem.column}`);
          expect(facts.problems[i]).toContain(shown(problem.message));
        }
      } finally {
        await page.close();
      }
    });

    it.each(VIEWPORTS)(
      "fits %i px wide in %s mode without horizontal overflow, with readable contrast, loading nothing",
      async (width, scheme) => {
        const page = await open(url, width, scheme);
        try {
          const collapsed = await page.evaluate<OverflowResult>(OVERFLOW_PROBE);
          await page.evaluate(OPEN_ALL_DETAILS);
          const expanded = await page.evaluate<OverflowResult>(OVERFLOW_PROBE);
          for (const measured of [collapsed, expanded]) {
            expect(measured.innerWidth).toBe(width);
            expect(measured.scrollWidth).toBeLessThanOrEqual(measured.innerWidth);
            expect(measured.offenders).toEqual([]);
            // Tables reflow instead of scrolling sideways inside their containers.
            expect(measured.scrolling).toEqual([]);
          }

          const contrast = await page.evaluate<ContrastResult>(CONTRAST_PROBE);
          expect(contrast.checked).toBeGreaterThan(20);
          expect(contrast.failures).toEqual([]);

          await page.screenshot(
            join(SCREENSHOTS, `${name}-${width}-${scheme}.png`),
            name === "many-failures" ? 6000 : 16_000,
          );
          expect(page.requests).toEqual([url]);
          expect(page.problems).toEqual([]);
        } finally {
          await page.close();
        }
      },
    );
  });

  describe("print", () => {
    const html = renderHtml(noGoReport(), { links: LINKS });
    let url: string;
    beforeAll(() => {
      url = pathToFileURL(writePage("print-no-go", html)).href;
    });

    it.each(["light", "dark"] as const)(
      "prints black on white in %s mode, with collapsed sections shown and link targets written out",
      async (scheme) => {
        const page = await open(url, 1280, scheme, "print");
        try {
          const facts = await page.evaluate<PrintFacts>(PRINT_PROBE);
          expect(facts.color).toBe("rgb(0, 0, 0)");
          expect(facts.background).toBe("rgb(255, 255, 255)");
          expect(facts.shownInDetails).toBeGreaterThan(0);
          expect(facts.hiddenInDetails).toBe(0);
          expect(facts.linkSuffix).toMatch(/^" <https:\/\/github\.com\/acme\/claims\/\S+>"$/);
          expect(facts.lineSuffix).toBe('" (line 12)"');
          if (scheme === "light") {
            await page.screenshot(join(SCREENSHOTS, "no-go-print.png"));
            const pdf = await page.pdf(join(SCREENSHOTS, "no-go-print.pdf"));
            expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
            expect(pdf.length).toBeGreaterThan(10_000);
          }
        } finally {
          await page.close();
        }
      },
    );

    it("opens collapsed sections before printing and closes them after: the inline script is allowed by its CSP hash", async () => {
      const page = await open(url, 1280, "light");
      try {
        const openCount = () => page.evaluate<number>(`document.querySelectorAll("details[open]").length`);
        const all = await page.evaluate<number>(`document.querySelectorAll("details").length`);
        expect(all).toBeGreaterThan(0);
        expect(await openCount()).toBe(0);
        await page.evaluate(`dispatchEvent(new Event("beforeprint"))`);
        expect(await openCount()).toBe(all);
        await page.evaluate(`dispatchEvent(new Event("afterprint"))`);
        expect(await openCount()).toBe(0);
        expect(page.problems).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });

  describe("network", () => {
    // A loopback server serves the page at /report.html; any other request it sees is a leak.
    let server: Server;
    let origin: string;
    let page = "";
    const leaks: string[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === "/report.html") {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
          return;
        }
        leaks.push(req.url ?? "");
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    async function load(html: string): Promise<Page> {
      page = html;
      leaks.length = 0;
      const tab = await open(`${origin}/report.html`, 1280, "light");
      // Give lazy loads (images, iframes, refresh) time to happen if anything would.
      await new Promise((resolve) => setTimeout(resolve, 500));
      return tab;
    }

    const RAW_MARKUP = (o: string) =>
      `<img src="${o}/raw.png"><link rel="stylesheet" href="${o}/raw.css"><script src="${o}/raw.js"></script>` +
      `<script>window.__pwned="inline"</script><iframe src="${o}/raw.html"></iframe>` +
      `<style>@import url(${o}/raw-import.css); body{background-image:url(${o}/raw-bg.png)}</style>`;

    it("renders hostile report text as inert text: nothing fetched, nothing run", async () => {
      const report = hostileMarkupReport(origin);
      const tab = await load(renderHtml(report, { links: LINKS }));
      try {
        expect(leaks).toEqual([]);
        expect(tab.requests).toEqual([`${origin}/report.html`]);
        expect(await tab.evaluate<string>(`String(window.__pwned)`)).toBe("undefined");
        const elements = await tab.evaluate<number>(
          `document.querySelectorAll("body img, body iframe, body object, body video, body script, body style, body link, body meta, body base, body form, body svg").length`,
        );
        expect(elements).toBe(0);
        const facts = await tab.evaluate<PageFacts>(FACTS_PROBE);
        for (const literal of hostileLiterals(origin)) expect(facts.bodyText).toContain(literal);
        expect(tab.problems).toEqual([]);
      } finally {
        await tab.close();
      }
    });

    it("control: the same markup injected raw into a page without the CSP is fetched and run", async () => {
      const html = renderHtml(noGoReport())
        .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "")
        .replace("<body>", `<body>${RAW_MARKUP(origin)}`);
      const tab = await load(html);
      try {
        expect(leaks.length).toBeGreaterThan(0);
        expect(await tab.evaluate<string>(`String(window.__pwned)`)).toBe("inline");
      } finally {
        await tab.close();
      }
    });

    it("the page's Content-Security-Policy alone blocks external loads and inline scripts, even for markup injected raw", async () => {
      const html = renderHtml(noGoReport()).replace("<body>", `<body>${RAW_MARKUP(origin)}`);
      const tab = await load(html);
      try {
        expect(leaks).toEqual([]);
        expect(await tab.evaluate<string>(`String(window.__pwned)`)).toBe("undefined");
        expect(tab.problems.some((p) => p.text.includes("Content Security Policy"))).toBe(true);
      } finally {
        await tab.close();
      }
    });
  });
});
