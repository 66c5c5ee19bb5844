// parseReadiness on generated readiness files, valid and mutated: it never throws, every problem is
// located at line ≥ 1 and column ≥ 1 inside the file, a file is returned only without problems, and
// nothing it reads can pollute Object.prototype. fast-check prints the seed and path of any failure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseReadiness } from "../../src/config/load.js";
import { RUNS, mutate, mutationArb, readinessArb } from "./arbitraries.js";

const PATH = "systems/generated/readiness.yml";

function expectLocated(text: string, result: ReturnType<typeof parseReadiness>): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const p of result.problems) {
    expect(p.file).toBe(PATH);
    expect(Number.isInteger(p.line) && p.line >= 1, `line ${p.line}: ${p.message}`).toBe(true);
    expect(Number.isInteger(p.column) && p.column >= 1, `column ${p.column}: ${p.message}`).toBe(true);
    // Located inside the file (a one-past-the-end line is where a truncated file ends).
    expect(p.line, p.message).toBeLessThanOrEqual(lineCount + 1);
    expect(p.message.trim()).not.toBe("");
    expect(p.message).not.toMatch(/\n\s+at /);
  }
  if (result.file !== undefined) expect(result.problems).toEqual([]);
  else expect(result.problems.length).toBeGreaterThan(0);
}

describe("parseReadiness on generated files", () => {
  it("accepts every valid generated file, keeping its checks and waivers", () => {
    fc.assert(
      fc.property(readinessArb, (g) => {
        const result = parseReadiness(PATH, g.text);
        expect(result.problems).toEqual([]);
        expect(result.file?.spec.checks.map((c) => c.id)).toEqual(g.checkIds);
        expect(result.file?.spec.waivers).toHaveLength((g.spec.waivers as unknown[]).length);
        // Every check is located at its own line in the text.
        for (const id of g.checkIds)
          expect(result.file?.positions.checks[id]?.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it("never throws on a mutated file, and locates every problem at line ≥ 1, column ≥ 1", () => {
    fc.assert(
      fc.property(readinessArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (g, mutations) => {
        const text = mutations.reduce(mutate, g.text);
        let result: ReturnType<typeof parseReadiness> | undefined;
        expect(() => (result = parseReadiness(PATH, text))).not.toThrow();
        expectLocated(text, result!);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it("never throws on arbitrary text, and locates every problem", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        let result: ReturnType<typeof parseReadiness> | undefined;
        expect(() => (result = parseReadiness(PATH, text))).not.toThrow();
        expectLocated(text, result!);
      }),
      { numRuns: RUNS },
    );
  });

  it("leaves Object.prototype untouched after prototype keys at every depth", () => {
    const keys = ["__proto__", "constructor", "prototype"];
    fc.assert(
      fc.property(readinessArb, fc.constantFrom(...keys), fc.nat(), (g, key, at) => {
        const lines = g.text.split("\n");
        const i = at % lines.length;
        const indent = /^\s*(?:- )?/.exec(lines[i]!)![0].replace("- ", "  ");
        lines.splice(i + 1, 0, `${indent}${key}: { polluted: yes }`);
        const result = parseReadiness(PATH, lines.join("\n"));
        expect(result.file).toBeUndefined();
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
      }),
      { numRuns: RUNS },
    );
  });
});
