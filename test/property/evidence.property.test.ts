// Evidence modules on generated evidence: each passes exactly when the generated figures meet the bar,
// never throws, and a damaged file (cut short, or a number turned into something else) never passes.
import fc from "fast-check";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { evaluateCoverage } from "../../src/evidence/coverage.js";
import { parseCoverage } from "../../src/evidence/parse/coverage.js";
import { evaluateJUnit } from "../../src/evidence/junit.js";
import { evaluateMetric } from "../../src/evidence/metric.js";
import { memoryContext } from "../support/memory-repo.js";
import { RUNS } from "./arbitraries.js";

type Outcome = "pass" | "failure" | "error" | "skipped";

const testcasesArb = fc.array(
  fc.record({
    name: fc.string({ minLength: 1, maxLength: 20 }),
    outcome: fc.constantFrom<Outcome>("pass", "pass", "pass", "failure", "error", "skipped"),
  }),
  { maxLength: 30 },
);

function xmlAttr(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, "?")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;");
}

function junitXml(cases: Array<{ name: string; outcome: Outcome }>): string {
  const body = cases
    .map(({ name, outcome }) => {
      const inner =
        outcome === "pass"
          ? ""
          : outcome === "skipped"
            ? "<skipped/>"
            : `<${outcome} message="x">trace</${outcome}>`;
      return `  <testcase classname="svc" name="${xmlAttr(name)}">${inner}</testcase>`;
    })
    .join("\n");
  // The declared counts lie on purpose: the module must count testcases, not trust attributes.
  return `<?xml version="1.0"?>\n<testsuite name="svc" tests="9999" failures="0" errors="0">\n${body}\n</testsuite>\n`;
}

describe("junit on generated reports", () => {
  it("passes exactly when executed tests and failures meet the bar", async () => {
    await fc.assert(
      fc.asyncProperty(
        testcasesArb,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        async (cases, minTests, maxFailures) => {
          const executed = cases.filter((c) => c.outcome !== "skipped").length;
          const failed = cases.filter((c) => c.outcome === "failure" || c.outcome === "error").length;
          const ctx = memoryContext({ "reports/junit.xml": junitXml(cases) });
          const finding = await evaluateJUnit({ files: "reports/junit.xml", minTests, maxFailures }, ctx);
          expect(finding.status).toBe(executed >= minTests && failed <= maxFailures ? "pass" : "fail");
          expect(finding.measured).toBe(`${failed} of ${executed} test${executed === 1 ? "" : "s"} failed`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("never passes a report cut short", async () => {
    await fc.assert(
      fc.asyncProperty(testcasesArb, fc.double({ min: 0, max: 1, noNaN: true }), async (cases, where) => {
        const xml = junitXml(cases);
        const end = xml.lastIndexOf("</testsuite>");
        const cut = xml.slice(0, Math.floor(where * end));
        const ctx = memoryContext({ "reports/junit.xml": cut });
        const finding = await evaluateJUnit(
          { files: "reports/junit.xml", minTests: 0, maxFailures: 100 },
          ctx,
        );
        expect(finding.status).toBe("error");
        expect(finding.summary).toMatch(/reports\/junit\.xml/);
      }),
      { numRuns: RUNS },
    );
  });
});

const metricValueArb = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom<unknown>("0.95", "", "NaN", "Infinity", true, false, null, [], {}, [0.95], { value: 0.95 }),
);

describe("metric on generated files", () => {
  it("passes exactly when the value is a finite number within the bounds, in JSON and in YAML", async () => {
    await fc.assert(
      fc.asyncProperty(
        metricValueArb,
        fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: undefined }),
        fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: undefined }),
        fc.boolean(),
        async (value, min, max, yaml) => {
          fc.pre(min !== undefined || max !== undefined);
          const doc = { metrics: { f1: value } };
          const file = yaml ? "reports/eval.yaml" : "reports/eval.json";
          const ctx = memoryContext({ [file]: yaml ? stringify(doc) : JSON.stringify(doc) });
          const spec = {
            file,
            path: "metrics.f1",
            ...(min !== undefined ? { min } : {}),
            ...(max !== undefined ? { max } : {}),
          };
          const finding = await evaluateMetric(spec, ctx);
          const inBounds =
            typeof value === "number" &&
            Number.isFinite(value) &&
            (min === undefined || value >= min) &&
            (max === undefined || value <= max);
          if (inBounds) expect(finding.status, finding.summary).toBe("pass");
          else expect(finding.status, finding.summary).not.toBe("pass");
          expect(finding.summary).toContain(file);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

const lcovArb = fc.array(
  fc.record({
    file: fc.stringMatching(/^src\/[a-z]{1,8}\.py$/),
    hits: fc.array(fc.nat(5), { minLength: 1, maxLength: 40 }),
  }),
  { minLength: 1, maxLength: 6 },
);

function lcov(records: Array<{ file: string; hits: number[] }>): string {
  return records
    .map(({ file, hits }) => {
      const da = hits.map((h, i) => `DA:${i + 1},${h}`).join("\n");
      const found = hits.length;
      const hit = hits.filter((h) => h > 0).length;
      return `TN:\nSF:${file}\n${da}\nLF:${found}\nLH:${hit}\nend_of_record`;
    })
    .join("\n");
}

describe("coverage on generated lcov reports", () => {
  it("passes exactly when the covered share of lines meets the minimum", async () => {
    await fc.assert(
      fc.asyncProperty(lcovArb, fc.integer({ min: 0, max: 100 }), async (records, min) => {
        const found = records.reduce((n, r) => n + r.hits.length, 0);
        const hit = records.reduce((n, r) => n + r.hits.filter((h) => h > 0).length, 0);
        const ctx = memoryContext({ "coverage/lcov.info": lcov(records) });
        const finding = await evaluateCoverage({ file: "coverage/lcov.info", min }, ctx);
        expect(finding.status, finding.summary).toBe((hit / found) * 100 >= min ? "pass" : "fail");
      }),
      { numRuns: RUNS },
    );
  });

  it("never passes a report whose hit count was turned negative or into a word", async () => {
    await fc.assert(
      fc.asyncProperty(
        lcovArb,
        fc.nat(),
        fc.constantFrom("-1", "-7", "abc", "1e999", ""),
        async (records, pick, bad) => {
          const text = lcov(records);
          const lines = text.split("\n");
          const daLines = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith("DA:"));
          const [line, index] = daLines[pick % daLines.length]!;
          lines[index] = line.replace(/,\d+$/, `,${bad}`);
          const ctx = memoryContext({ "coverage/lcov.info": lines.join("\n") });
          const finding = await evaluateCoverage({ file: "coverage/lcov.info", min: 0 }, ctx);
          expect(finding.status, finding.summary).toBe("error");
          expect(finding.summary).toMatch(/coverage\/lcov\.info/);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

// A `DA:` line in its common shape is read in place (parseLcov's daFast); any other shape goes the general
// way. A leading space sends every DA line the general way (lines are trimmed), so each text and its
// space-led twin must give the same summary or the same refusal, whatever the DA lines hold.
const daFieldArb = fc.oneof(
  fc.constantFrom(
    "0",
    "1",
    "007",
    "12",
    "000",
    "1.5",
    "",
    " 3",
    "3 ",
    "-1",
    "x",
    "\r",
    "1\r",
    "9007199254740993",
  ),
  fc.stringMatching(/^[0-9]{1,22}$/),
  fc.string({ maxLength: 4 }),
);
const daLineArb = fc
  .tuple(daFieldArb, daFieldArb, fc.constantFrom("", ",abc", ",", "\r", ",x\r", " ", "\u00a0"))
  .map(([line, hits, tail]) => `DA:${line},${hits}${tail}`);

describe("lcov DA lines read in place agree with the general reading", () => {
  it("gives the same summary or the same error as when every line is read the general way", () => {
    fc.assert(
      fc.property(fc.array(daLineArb, { maxLength: 8 }), fc.boolean(), (daLines, crlf) => {
        const eol = crlf ? "\r\n" : "\n";
        const lines = ["TN:", "SF:src/a.ts", ...daLines, "end_of_record", ""];
        const outcome = (text: string): unknown => {
          try {
            return parseCoverage(text);
          } catch (error) {
            return String(error);
          }
        };
        const fast = outcome(lines.join(eol));
        // TN: and SF: stay as they are: the format is told from the first line and an `SF:` at a line start.
        const general = outcome(lines.map((l, i) => (i < 2 || l === "" ? l : ` ${l}`)).join(eol));
        expect(fast).toEqual(general);
      }),
      { numRuns: RUNS * 4 },
    );
  });
});
