import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateCoverage } from "../../src/evidence/coverage.js";
import { parseCoverage } from "../../src/evidence/parse/coverage.js";
import { FormatError } from "../../src/evidence/read.js";
import { corpusText, expectedFigures, memoryContext } from "../support/memory-repo.js";

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/coverage/${name}`, import.meta.url), "utf8");
}

interface ExpectedCoverage {
  lines: { covered: number; total: number; percent: number };
  declaredPercent: number | null;
  sourceFiles?: string[];
}

const coverageCorpus = Object.entries(expectedFigures()).filter(([, figures]) => figures.kind === "coverage");

/** The format each corpus file must be recognised as, from its content. */
function formatFromExpected(description: string): string {
  if (/^LCOV/.test(description)) return "lcov";
  if (/^Cobertura/.test(description)) return "cobertura";
  if (/^Istanbul/.test(description)) return "istanbul-summary";
  if (/^coverage\.py/.test(description)) return "coverage.py";
  throw new Error(`expected.json names an unknown coverage format: ${description}`);
}

describe("parseCoverage on every coverage file of the corpus", () => {
  it("has corpus files to check", () => {
    expect(coverageCorpus.length).toBeGreaterThanOrEqual(9);
  });

  it.each(coverageCorpus)("%s yields the line figures in expected.json", (name, figures) => {
    const expected = figures as unknown as ExpectedCoverage;
    const coverage = parseCoverage(corpusText(name));
    expect(coverage.format).toBe(formatFromExpected(String(figures.format)));
    expect(coverage.linesCovered).toBe(expected.lines.covered);
    expect(coverage.linesTotal).toBe(expected.lines.total);
    expect(coverage.percent).toBeCloseTo(expected.lines.percent, 9);
    if (expected.declaredPercent === null) expect(coverage.declaredPercent).toBeUndefined();
    else expect(coverage.declaredPercent).toBeCloseTo(expected.declaredPercent, 9);
    if (expected.sourceFiles) expect(coverage.sourceFiles).toEqual(expected.sourceFiles);
  });
});

describe("parseCoverage on hand-written cases", () => {
  it("counts DA lines when a record states no LF/LH, a line listed twice once", () => {
    const coverage = parseCoverage(fixture("lcov-da-only-no-lf-lh.info"));
    // a.ts: lines 1..4, 1 and 3 hit; b.ts: line 1 hit.
    expect(coverage).toMatchObject({
      format: "lcov",
      linesCovered: 3,
      linesTotal: 5,
      sourceFiles: ["src/a.ts", "src/b.ts"],
    });
    expect(coverage.percent).toBeCloseTo(60, 9);
  });

  it("reads lcov with a BOM and CRLF line endings, keeping Windows paths", () => {
    const text = fixture("lcov-bom-and-crlf.info");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(parseCoverage(text)).toMatchObject({
      format: "lcov",
      linesCovered: 3,
      linesTotal: 4,
      sourceFiles: ["C:\\src\\a.cs"],
    });
  });

  it("reads a Cobertura file with a BOM and CRLF line endings", () => {
    const text = corpusText("coverage/ReportGenerator__Cobertura_Swift.xml").replace(/\n/g, "\r\n");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(parseCoverage(text)).toMatchObject({ format: "cobertura", linesCovered: 1, linesTotal: 2 });
  });

  it("rejects negative and non-numeric lcov counts, naming the line", () => {
    expect(() => parseCoverage(fixture("lcov-negative-hit-count.info"))).toThrow(
      'malformed lcov at line 3: DA hit count "-1" is not a non-negative number',
    );
    expect(() => parseCoverage(fixture("lcov-non-numeric-line-count.info"))).toThrow(
      'malformed lcov at line 4: LF "two" is not a whole number of lines',
    );
  });

  it("rejects a truncated lcov file whose last record never ends", () => {
    expect(() => parseCoverage(fixture("lcov-truncated-without-end-of-record.info"))).toThrow(
      "truncated lcov: the record for src/b.ts has no end_of_record",
    );
  });

  it("treats zero lines as nothing to measure, never as 100%", () => {
    expect(() => parseCoverage(fixture("lcov-zero-lines.info"))).toThrow(/^no lines to measure/);
    expect(() => parseCoverage(fixture("cobertura-zero-lines-valid.xml"))).toThrow(/^no lines to measure/);
    expect(() => parseCoverage(fixture("istanbul-zero-lines-unknown-pct.json"))).toThrow(
      /^no lines to measure/,
    );
  });

  it("counts a line shared by two Cobertura classes of one file once, covered if either hit it", () => {
    // Order.cs: 10 (hit in the second class), 11 (hit), 20; Customer.cs: 10.
    const coverage = parseCoverage(fixture("cobertura-partial-class-lines-in-two-classes.xml"));
    expect(coverage).toMatchObject({
      linesCovered: 2,
      linesTotal: 4,
      sourceFiles: ["src/Order.cs", "src/Customer.cs"],
    });
  });

  it("falls back to Cobertura lines-covered/lines-valid, then to line-rate, when no <line> is listed", () => {
    expect(parseCoverage(fixture("cobertura-counts-only-no-lines.xml"))).toMatchObject({
      linesCovered: 30,
      linesTotal: 40,
      percent: 75,
    });
    const rateOnly = parseCoverage(fixture("cobertura-line-rate-only.xml"));
    expect(rateOnly).toMatchObject({ linesCovered: null, linesTotal: null });
    expect(rateOnly.percent).toBeCloseTo(81.25, 9);
  });

  it("rejects a Cobertura <line> whose hit count is not a number", () => {
    expect(() => parseCoverage(fixture("cobertura-bad-hit-count.xml"))).toThrow(
      'malformed Cobertura XML at line 9: <line hits="many"> is not a hit count',
    );
  });

  it("keeps coverage.py's branch-inclusive percent_covered apart from line coverage", () => {
    const coverage = parseCoverage(corpusText("coverage/steve__coverage.json"));
    expect(coverage.branchCoverage).toBe(true);
    expect(coverage.percentCovered).toBeCloseTo(82.46205733558179, 9);
    expect(coverage.percent).toBeCloseTo(82.80675973548861, 9);
  });

  it("rejects Istanbul counts that are not numbers", () => {
    expect(() => parseCoverage(fixture("istanbul-counts-as-strings.json"))).toThrow(
      'malformed Istanbul json-summary: total.lines.total is "42", not a line count',
    );
  });

  it("names the four supported formats when it recognises none", () => {
    const unknown = [fixture("metric-report-not-coverage.json"), "hello world\n", "[1, 2, 3]"];
    for (const text of unknown) {
      expect(() => parseCoverage(text)).toThrow(FormatError);
      expect(() => parseCoverage(text)).toThrow(
        /lcov, Cobertura XML, Istanbul json-summary .* or coverage\.py JSON/,
      );
    }
  });

  it("tells Clover XML, which also has a <coverage> root, from Cobertura", () => {
    expect(() => parseCoverage(fixture("clover-not-cobertura.xml"))).toThrow(/^Clover XML is not read/);
  });

  it("points from Istanbul coverage-final.json to the json-summary reporter", () => {
    expect(() => parseCoverage(fixture("istanbul-coverage-final-not-summary.json"))).toThrow(
      /json-summary reporter/,
    );
  });

  it("rejects JUnit XML, an empty file, truncated XML and broken JSON", () => {
    expect(() => parseCoverage(corpusText("junit/test-reporter__jest-junit.xml"))).toThrow(
      /^not a coverage report: XML root element is <testsuites>; Cobertura XML has <coverage>/,
    );
    expect(() => parseCoverage("")).toThrow("empty file, no coverage data");
    expect(() => parseCoverage("\uFEFF \n")).toThrow("empty file, no coverage data");
    const cobertura = corpusText("coverage/ReportGenerator__Cobertura2.1.1.xml");
    expect(() => parseCoverage(cobertura.slice(0, cobertura.length / 2))).toThrow(
      /^malformed XML at line \d+/,
    );
    const summary = corpusText("coverage/jest-coverage-comment__coverage-summary.json");
    expect(() => parseCoverage(summary.slice(0, 500))).toThrow(/^not valid JSON/);
  });
});

describe("evaluateCoverage", () => {
  it("fails Istanbul json-summary below the bar with the example's wording", async () => {
    const ctx = memoryContext({
      "coverage/coverage-summary.json": corpusText("coverage/jest-coverage-comment__coverage-summary.json"),
    });
    const finding = await evaluateCoverage({ file: "coverage/coverage-summary.json", min: 80 }, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "line coverage 78.57% < 80% in coverage/coverage-summary.json (Istanbul json-summary, 33 of 42 lines)",
    );
    expect(finding.measured).toBe("78.57% (33 of 42 lines)");
    expect(finding.bar).toBe("≥ 80%");
    expect(finding.evidence).toEqual([{ path: "coverage/coverage-summary.json" }]);
  });

  it("passes lcov at the bar, read relative to the readiness file's folder", async () => {
    const ctx = memoryContext(
      { "services/calc/coverage/lcov.info": corpusText("coverage/ReportGenerator__cpp-lcov.info") },
      { baseDir: "services/calc" },
    );
    const finding = await evaluateCoverage({ file: "coverage/lcov.info", min: 89.47 }, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "line coverage 89.47% ≥ 89.47% in services/calc/coverage/lcov.info (lcov, 17 of 19 lines)",
    );
  });

  it("passes Cobertura from coverlet on its counted lines, not its rounded line-rate", async () => {
    const ctx = memoryContext({
      "coverage.cobertura.xml": corpusText("coverage/ReportGenerator__Cobertura_coverlet.xml"),
    });
    // 156/255 = 61.176%; the declared line-rate 0.6117 alone would fail a 61.175 bar.
    const finding = await evaluateCoverage({ file: "coverage.cobertura.xml", min: 61.175 }, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.measured).toBe("61.176% (156 of 255 lines)");
  });

  it("judges coverage.py on line coverage, and says percent_covered counts branches", async () => {
    const ctx = memoryContext({ "coverage.json": corpusText("coverage/steve__coverage.json") });
    // Lines 82.81% pass an 82.5 bar that the branch-inclusive 82.46% would fail.
    const finding = await evaluateCoverage({ file: "coverage.json", min: 82.5 }, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "line coverage 82.81% ≥ 82.5% in coverage.json (coverage.py JSON, 1127 of 1361 lines)",
    );
    expect(finding.details).toEqual([
      "coverage.py's percent_covered (82.46%) counts branches too; this check reads line coverage",
    ]);
  });

  it("never rounds a failing figure up to the bar", async () => {
    const ctx = memoryContext({ "lcov.info": "SF:a.ts\nLF:100000\nLH:79999\nend_of_record\n" });
    const finding = await evaluateCoverage({ file: "lcov.info", min: 80 }, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toMatch(/^line coverage 79\.99% < 80% /);
  });

  it("fails 100% coverage against nothing: an Istanbul report with no lines is an error", async () => {
    const ctx = memoryContext({ "coverage-summary.json": fixture("istanbul-zero-lines-unknown-pct.json") });
    const finding = await evaluateCoverage({ file: "coverage-summary.json", min: 0 }, ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "coverage-summary.json: no lines to measure: the Istanbul json-summary report counts 0 lines",
    );
  });

  it("says when the figure comes from a Cobertura line-rate alone", async () => {
    const ctx = memoryContext({ "cobertura.xml": fixture("cobertura-line-rate-only.xml") });
    const finding = await evaluateCoverage({ file: "cobertura.xml", min: 80 }, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "line coverage 81.25% ≥ 80% in cobertura.xml (Cobertura XML, from its line-rate)",
    );
    expect(finding.details?.[0]).toMatch(/its own line-rate/);
  });

  it("is an error, naming the file, on a JUnit report, an empty file and a malformed file", async () => {
    const ctx = memoryContext({
      "coverage/junit.xml": corpusText("junit/test-reporter__jest-junit.xml"),
      "coverage/empty.info": "",
      "coverage/lcov.info": fixture("lcov-negative-hit-count.info"),
    });
    const junit = await evaluateCoverage({ file: "coverage/junit.xml", min: 50 }, ctx);
    expect(junit.status).toBe("error");
    expect(junit.summary).toMatch(
      /^coverage\/junit\.xml: not a coverage report: XML root element is <testsuites>/,
    );
    const empty = await evaluateCoverage({ file: "coverage/empty.info", min: 50 }, ctx);
    expect(empty.summary).toBe("coverage/empty.info: empty file, no coverage data");
    expect(empty.status).toBe("error");
    const malformed = await evaluateCoverage({ file: "coverage/lcov.info", min: 50 }, ctx);
    expect(malformed.status).toBe("error");
    expect(malformed.summary).toMatch(/^coverage\/lcov\.info: malformed lcov at line 3/);
  });

  it("fails when the file is missing", async () => {
    const finding = await evaluateCoverage({ file: "coverage/lcov.info", min: 80 }, memoryContext({}));
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("coverage/lcov.info does not exist");
    expect(finding.evidence).toEqual([{ path: "coverage/lcov.info" }]);
  });
});
