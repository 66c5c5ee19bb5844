// Case names, provider ids and failure reasons in eval suites are written by whoever wrote the suite:
// an `evals` finding that names them renders inert in the pull-request comment, the check run and the
// HTML report (no live mention, reference, link or markup).
import { describe, expect, it } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import { evaluateEvals } from "../../src/evidence/evals.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import { commentBody } from "../../src/github/comment.js";
import { checkRunOutput } from "../../src/report/check-run.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { findingsFor, NOW, readinessFile } from "../gate/builders.js";
import { hiddenIn, liveInMarkdown, WORD_JOINER } from "../support/inert-oracle.js";
import { memoryContext } from "../support/memory-repo.js";
import { LINKS } from "../report/reports.js";

const HOSTILE = "@someone #1 <b>[x](http://e)";
const OWNERS = ["@acme/ml-claims", "@carol"];

function promptfooWith(name: string): string {
  const row = (success: boolean) => ({
    success,
    failureReason: success ? 0 : 1,
    error: success ? null : `${name} was expected`,
    provider: { id: `${name} provider`, label: "" },
    testCase: { description: name },
    gradingResult: { pass: success, reason: success ? "ok" : `${name} was expected` },
    response: { output: "x" },
  });
  return JSON.stringify({
    evalId: "e",
    results: {
      version: 3,
      results: [row(true), row(false)],
      stats: { successes: 1, failures: 1, errors: 0 },
    },
  });
}

describe("an evals finding that names a hostile case renders inert", () => {
  it(`a failing case and a provider named ${JSON.stringify(HOSTILE)}`, async () => {
    const check: CheckSpec = {
      id: "evals",
      category: "model",
      evals: { files: "evals/results.json", minPassRate: 90, minTests: 1, perProvider: true },
    };
    const file = readinessFile({ checks: [check] });
    const finding = await evaluateEvals(
      check.evals!,
      memoryContext(
        { "systems/claims/evals/results.json": promptfooWith(HOSTILE) },
        { baseDir: "systems/claims" },
      ),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain(`failing: ${HOSTILE}`);
    const report = buildReport(
      [judgeSystem(file, findingsFor(file, { evals: finding }), { branch: "main" }, NOW)],
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
  });
});
