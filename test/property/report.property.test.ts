// The Markdown renderer on generated reports (up to four systems, long, multi-line, astral and
// markup-laden findings, invalid readiness files): it never throws, never exceeds maxLength, never cuts a
// surrogate pair in half, never lets evidence text become HTML, and the sticky comment built from it always
// fits GitHub's 65,536 characters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReadiness } from "../../src/config/load.js";
import type { ConfigProblem } from "../../src/config/types.js";
import type { Finding } from "../../src/evidence/types.js";
import { buildReport, judgeSystem } from "../../src/gate/index.js";
import type { GateReport } from "../../src/gate/types.js";
import { commentBody, MAX_COMMENT_CHARS } from "../../src/github/comment.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { NOW, RUNS, findingArb, readinessArb, targetArb } from "./arbitraries.js";

const LINKS = { serverUrl: "https://github.com", repository: "acme/claims-triage", sha: "c".repeat(40) };

const systemArb = readinessArb.chain((g) =>
  fc.record({
    g: fc.constant(g),
    name: fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/),
    findings: fc.array(findingArb, { minLength: g.checkIds.length, maxLength: g.checkIds.length }),
    target: targetArb(g),
  }),
);

const problemArb: fc.Arbitrary<ConfigProblem> = fc.record({
  file: fc.string({ minLength: 1, maxLength: 80 }),
  line: fc.integer({ min: 1, max: 10_000 }),
  column: fc.integer({ min: 1, max: 500 }),
  message: fc.string({ unit: "binary", maxLength: 1000 }),
});

const reportArb: fc.Arbitrary<GateReport> = fc
  .record({
    systems: fc.array(systemArb, { minLength: 1, maxLength: 4 }),
    problems: fc.array(problemArb, { maxLength: 20 }),
  })
  .map(({ systems, problems }) => {
    const judged = systems.map((s, i) => {
      const text = s.g.text.replace("system: generated", `system: ${s.name}-${i}`);
      const file = parseReadiness(`systems/${i}/readiness.yml`, text).file;
      if (!file) throw new Error("generated file is invalid");
      const findings = new Map<string, Finding>(s.g.checkIds.map((id, j) => [id, s.findings[j]!]));
      return judgeSystem(file, findings, s.target, NOW);
    });
    return buildReport(judged, problems, {}, NOW);
  });

const maxLengthArb = fc.oneof(fc.integer({ min: 200, max: 3_000 }), fc.integer({ min: 3_000, max: 70_000 }));

function wellFormed(text: string): boolean {
  return /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/.test(text);
}

describe("renderMarkdown on generated reports", () => {
  it("never throws, never exceeds maxLength and never splits a surrogate pair", () => {
    fc.assert(
      fc.property(reportArb, maxLengthArb, (report, maxLength) => {
        const out = renderMarkdown(report, { links: LINKS, maxLength });
        expect(out.length).toBeLessThanOrEqual(maxLength);
        expect(out.length).toBeGreaterThan(0);
        expect(wellFormed(out)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("never lets finding text become HTML or a link", () => {
    fc.assert(
      fc.property(reportArb, (report) => {
        const out = renderMarkdown(report, { links: LINKS });
        // Tags are escaped (&lt;img …), so no evidence text opens an element.
        expect(out).not.toMatch(/<img|<script/i);
        // Brackets are escaped (\[x\](…)), so no evidence text becomes a link.
        expect(out).not.toContain("[x](https://evil.example)");
      }),
      { numRuns: RUNS },
    );
  });

  it("the sticky comment built from it always fits GitHub's limit", () => {
    fc.assert(
      fc.property(reportArb, (report) => {
        const body = commentBody("d".repeat(40), (maxLength) =>
          renderMarkdown(report, { links: LINKS, maxLength }),
        );
        expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
        expect(body.startsWith("<!-- shipgate:sticky -->")).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
