// One finding judged and rendered as a reviewer sees it (the pull-request comment, the check run, the HTML
// report), asserted inert: the shared assertion of the evidence kinds' tests for text a pull request wrote.
import { expect } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import type { Finding } from "../../src/evidence/types.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import { commentBody } from "../../src/github/comment.js";
import { checkRunOutput } from "../../src/report/check-run.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { findingsFor, NOW, readinessFile } from "../gate/builders.js";
import { LINKS } from "../report/reports.js";
import { hiddenIn, liveInMarkdown, WORD_JOINER } from "./inert-oracle.js";

/** A mention, a reference, markup and a link at once, as evidence text may carry them. */
export const HOSTILE = "@someone #1 <b>[x](http://e)";
const OWNERS = ["@acme/ml-claims", "@carol"];

/** The finding of `check` (which must carry HOSTILE's text) shows it, and nothing of it is live anywhere. */
export function expectRenderedInert(check: CheckSpec, finding: Finding): void {
  const file = readinessFile({ checks: [check] });
  const report = buildReport(
    [judgeSystem(file, findingsFor(file, { [check.id]: finding }), { branch: "main" }, NOW)],
    [],
    { branch: "main" },
    NOW,
  );
  const markdown = commentBody("d".repeat(40), (max) =>
    renderMarkdown(report, { links: LINKS, maxLength: max }),
  );
  const prefix = `${LINKS.serverUrl}/${LINKS.repository}/`;
  expect(markdown).toContain("someone");
  expect(liveInMarkdown(markdown, { owners: OWNERS, linkPrefix: prefix })).toEqual([]);
  expect(hiddenIn(markdown, WORD_JOINER)).toEqual([]);
  const run = checkRunOutput(report, { links: LINKS });
  expect(liveInMarkdown(run.summary, { owners: OWNERS, linkPrefix: prefix })).toEqual([]);
  if (run.text !== undefined)
    expect(liveInMarkdown(run.text, { owners: OWNERS, linkPrefix: prefix })).toEqual([]);
  const html = renderHtml(report, { links: LINKS });
  expect(html).toContain("someone");
  expect(html).not.toContain("<b>");
  expect(html).not.toContain('href="http://e"');
}
