// The benchmark measures what its generated repositories make Shipgate do; these tests prove that work is
// the intended one (valid readiness files, every check evaluated and passing, repolinter rules equivalent to
// them), without timing anything.
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import {
  DOC_SECTIONS,
  EVIDENCE_PATHS,
  junitXml,
  lcovInfo,
  prometheusRules,
  seededRandom,
} from "../../bench/content.js";
import { scanLcov } from "../../bench/in-process.js";
import {
  FILES_PER_SYSTEM,
  repolinterRules,
  systemFiles,
  systemName,
  TESTS_PER_SYSTEM,
} from "../../bench/generate.js";
import { loadReadiness } from "../../src/config/load.js";
import { evidenceOf } from "../../src/config/schema.js";
import { runGate } from "../../src/engine.js";
import { parseAlertRules } from "../../src/evidence/parse/alerts.js";
import { parseCoverage } from "../../src/evidence/parse/coverage.js";
import { parseJUnit } from "../../src/evidence/parse/junit.js";
import { MemoryRepo } from "../support/memory-repo.js";

const NOW = new Date("2026-12-01T12:00:00Z");

async function judge(files: Record<string, string>, pattern?: string) {
  const repo = new MemoryRepo(files);
  const readiness = await loadReadiness(repo, pattern);
  const report = await runGate({ root: "/bench", repo, readiness, target: { local: true }, now: NOW });
  return { readiness, report };
}

describe("generated system", () => {
  it("has a valid readiness file with a dozen checks over every local evidence kind", async () => {
    const files = systemFiles(0);
    expect(Object.keys(files)).toHaveLength(FILES_PER_SYSTEM);
    const { readiness } = await judge(files);
    expect(readiness.problems).toEqual([]);
    expect(readiness.files).toHaveLength(1);
    const kinds = new Set(readiness.files[0]!.spec.checks.map((c) => evidenceOf(c).kind));
    expect(readiness.files[0]!.spec.checks).toHaveLength(12);
    expect([...kinds].sort()).toEqual([
      "alerts",
      "contains",
      "coverage",
      "doc",
      "file",
      "junit",
      "loadtest",
      "metric",
    ]);
  });

  it("passes every check when its tests pass, so the benchmark measures full evaluations", async () => {
    const { report } = await judge(systemFiles(0));
    const system = report.systems[0]!;
    expect(system.verdict).toBe("go");
    expect(
      system.checks.filter((c) => c.status !== "pass").map((c) => `${c.id}: ${c.finding.summary}`),
    ).toEqual([]);
  });

  it("is no-go with three failed tests for every tenth system", async () => {
    const { report } = await judge(systemFiles(9));
    const system = report.systems[0]!;
    expect(system.verdict).toBe("no-go");
    const unitTests = system.checks.find((c) => c.id === "unit-tests")!;
    expect(unitTests.status).toBe("fail");
    expect(unitTests.finding.summary).toContain("3 of 2000");
    expect(system.checks.filter((c) => c.status !== "pass").map((c) => c.id)).toEqual(["unit-tests"]);
  });

  it("adds the approval and ci checks for the action runs", async () => {
    const { readiness } = await judge(systemFiles(0, { githubChecks: true }));
    expect(readiness.problems).toEqual([]);
    const kinds = readiness.files[0]!.spec.checks.map((c) => evidenceOf(c).kind);
    expect(kinds).toContain("approval");
    expect(kinds).toContain("ci");
  });

  it("has an equivalent readiness file of file and doc checks only, all passing", async () => {
    const { readiness, report } = await judge(systemFiles(3), "**/equivalent.readiness.yml");
    expect(readiness.problems).toEqual([]);
    const kinds = readiness.files[0]!.spec.checks.map((c) => evidenceOf(c).kind);
    expect(kinds.filter((k) => k === "file")).toHaveLength(EVIDENCE_PATHS.length);
    expect(kinds.filter((k) => k === "doc")).toHaveLength(Object.keys(DOC_SECTIONS).length);
    expect(report.systems[0]!.verdict).toBe("go");
  });
});

describe("repolinter ruleset", () => {
  const files = systemFiles(4);
  const rules = Object.values(repolinterRules(4));

  it("checks each evidence path exists and each required document section, as the equivalent readiness file does", () => {
    const sections = Object.values(DOC_SECTIONS).reduce((n, s) => n + s.length, 0);
    expect(rules.filter((r) => r.rule.type === "file-existence")).toHaveLength(EVIDENCE_PATHS.length);
    expect(rules.filter((r) => r.rule.type === "file-contents")).toHaveLength(sections);
  });

  it("has rules that all pass on the generated files, as Shipgate's do", () => {
    const paths = Object.keys(files);
    for (const { rule } of rules) {
      if (rule.type === "file-existence") {
        const match = picomatch(rule.options.globsAny[0]!);
        expect(
          paths.some((p) => match(p)),
          rule.options.globsAny[0],
        ).toBe(true);
      } else {
        const text = files[rule.options.globsAll[0]!];
        expect(text, rule.options.globsAll[0]).toBeDefined();
        expect(new RegExp(rule.options.content, rule.options.flags).test(text!), rule.options.content).toBe(
          true,
        );
      }
    }
  });

  it("has section rules that fail when the heading is missing", () => {
    const rollback = rules.find(
      (r) => r.rule.type === "file-contents" && r.rule.options.content.includes("Last rehearsal"),
    )!;
    expect(rollback.rule.type).toBe("file-contents");
    if (rollback.rule.type !== "file-contents") return;
    const text = files[`${rollback.rule.options.globsAll[0]}`]!.replace("## Last rehearsal", "## Rehearsals");
    expect(new RegExp(rollback.rule.options.content, rollback.rule.options.flags).test(text)).toBe(false);
  });
});

describe("evidence content", () => {
  it("writes JUnit reports Shipgate counts exactly", () => {
    const summary = parseJUnit(junitXml(systemName(1), TESTS_PER_SYSTEM, 2, seededRandom(1)));
    expect(summary.tests).toBe(TESTS_PER_SYSTEM);
    expect(summary.failures).toBe(2);
  });

  it("writes lcov over the requested number of source files", () => {
    const summary = parseCoverage(lcovInfo(systemName(1), 300, 40, seededRandom(2)));
    expect(summary.format).toBe("lcov");
    expect(summary.sourceFiles).toHaveLength(300);
    expect(summary.linesTotal).toBe(12_000);
    expect(summary.percent).toBeGreaterThan(80);
  });

  it("writes Prometheus rule files with the required alerts and the extra ones", () => {
    const rules = parseAlertRules(prometheusRules(systemName(1), 50));
    expect(rules.problems).toEqual([]);
    expect(rules.alerts).toHaveLength(52);
    expect(rules.alerts.slice(0, 2).map((a) => a.name)).toEqual(["ModelDriftHigh", "LatencyP99High"]);
  });

  it("is the same bytes for the same seed, so cached repositories stay valid", () => {
    expect(systemFiles(5)).toEqual(systemFiles(5));
  });
});

describe("lcov scanner prototype", () => {
  it("finds the same figures as parseCoverage, so its timing compares like with like", () => {
    const text = lcovInfo(systemName(2), 50, 30, seededRandom(3));
    const current = parseCoverage(text);
    const scanned = scanLcov(text);
    expect(scanned).toEqual({ covered: current.linesCovered, total: current.linesTotal, files: 50 });
  });

  it("counts a line listed twice once, and prefers LF/LH when a record gives them", () => {
    const text =
      "TN:\nSF:a.py\nDA:1,0\nDA:1,3\nDA:2,0\nend_of_record\nSF:b.py\nDA:1,1\nLF:10\nLH:7\nend_of_record\n";
    expect(parseCoverage(text)).toMatchObject({ linesCovered: 8, linesTotal: 12 });
    expect(scanLcov(text)).toEqual({ covered: 8, total: 12, files: 2 });
  });
});
