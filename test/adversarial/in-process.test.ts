// The same hostile repositories, judged in this very process through the real loader and engine, so that
// prototype pollution would be seen here and not only reported by a child: after each case, and after
// prototype keys fed straight to parseReadiness and to every evidence module that parses JSON or YAML,
// `({}).polluted` is still undefined and Object.prototype has gained nothing.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReadiness, parseReadiness } from "../../src/config/load.js";
import { runGate } from "../../src/engine.js";
import { FsRepo } from "../../src/repo/fs.js";
import { evaluateAlerts } from "../../src/evidence/alerts.js";
import { evaluateCoverage } from "../../src/evidence/coverage.js";
import { evaluateLoadtest } from "../../src/evidence/loadtest.js";
import { evaluateMetric } from "../../src/evidence/metric.js";
import type { Finding } from "../../src/evidence/types.js";
import { memoryContext } from "../support/memory-repo.js";
import { HOSTILE_CASES, type Outside } from "./cases.js";
import { observe, printObservations, readiness, removeScratch, scratch, write } from "./support.js";

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const root = scratch("inproc");
const outside: Outside = {
  secretPath: join(root, "secret.txt"),
  secretText: "SHIPGATE-SECRET-in-process",
  outsideDir: join(root, "outside"),
  envCanary: "unused-in-process",
};

beforeAll(() => {
  writeFileSync(outside.secretPath, outside.secretText);
  write(outside.outsideDir, "passing.xml", '<testsuite name="x" tests="1"><testcase name="t"/></testsuite>');
});

afterAll(() => {
  removeScratch(root);
  printObservations("in-process");
});

function expectPrototypeIntact(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
  expect(Object.prototype.toString.call({})).toBe("[object Object]");
}

describe("hostile repositories judged in-process", () => {
  HOSTILE_CASES.forEach((c, i) => {
    it(`${c.group}: ${c.name}`, async () => {
      const repo = join(root, `case-${i}`, "repo");
      mkdirSync(repo, { recursive: true });
      c.build(repo, outside);
      const started = performance.now();
      const readinessFiles = await loadReadiness(new FsRepo(repo));
      const report = await runGate({
        root: repo,
        readiness: readinessFiles,
        target: { branch: "main" },
        now: new Date("2026-11-22T12:00:00Z"),
      });
      const ms = performance.now() - started;
      const messages = [
        ...readinessFiles.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`),
        ...report.systems.flatMap((s) => s.checks.map((k) => k.finding.summary)),
      ];
      observe({
        group: c.group,
        case: c.name,
        via: "in-process",
        ms,
        outcome: `verdict ${report.verdict}`,
        message: messages.find((m) => c.message.test(m)) ?? messages[0] ?? "",
      });

      expect(report.verdict).toBe("no-go");
      expect(readinessFiles.problems.length > 0).toBe(c.exit === 2);
      expect(
        messages.some((m) => c.message.test(m)),
        messages.join("\n"),
      ).toBe(true);
      expect(JSON.stringify(report)).not.toContain(outside.secretText);
      expectPrototypeIntact();
    });
  });
});

const PROTO_YAML = [
  "__proto__: { polluted: yes }",
  "constructor: { prototype: { polluted: yes } }",
  '"__proto__": { polluted: yes }',
  "? __proto__\n: { polluted: yes }",
  "{ __proto__: { polluted: yes } }",
  "- __proto__: { polluted: yes }",
];

describe("prototype keys fed straight to the parsers", () => {
  it.each(PROTO_YAML)(
    "parseReadiness refuses %j wherever it appears, leaving the prototype intact",
    (snippet) => {
      const base = readiness(`  - id: unit-tests
    category: system
    file: { path: README.md }`);
      for (const text of [
        `${snippet}\n`,
        `${base}\n${snippet}\n`,
        base.replace("checks:", `checks:\n  ${snippet.replace(/\n/g, "\n  ")}`),
      ]) {
        const parsed = parseReadiness("readiness.yml", text);
        expect(parsed.file).toBeUndefined();
        expect(parsed.problems.length).toBeGreaterThan(0);
        expectPrototypeIntact();
      }
    },
  );

  const cases: Array<[string, () => Promise<Finding>]> = [
    [
      "metric, YAML __proto__ holding the value",
      () =>
        evaluateMetric(
          { file: "m.yaml", path: "polluted", min: 0 },
          memoryContext({ "m.yaml": "__proto__:\n  polluted: 1\n" }),
        ),
    ],
    [
      "metric, JSON __proto__ holding the value",
      () =>
        evaluateMetric(
          { file: "m.json", path: "polluted", min: 0 },
          memoryContext({ "m.json": '{"__proto__": {"polluted": 1}}' }),
        ),
    ],
    [
      "metric, path constructor.prototype on an empty object",
      () =>
        evaluateMetric(
          { file: "m.json", path: "constructor.prototype", equals: "x" },
          memoryContext({ "m.json": "{}" }),
        ),
    ],
    [
      "alerts, __proto__ inside a rule",
      () =>
        evaluateAlerts(
          { files: "r.rules.yml", require: ["A"], labels: [], annotations: [] },
          memoryContext({
            "r.rules.yml":
              "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        __proto__: { polluted: yes }\n",
          }),
        ),
    ],
    [
      "loadtest, k6 JSON with __proto__ metrics",
      () =>
        evaluateLoadtest(
          { file: "k6.json", p95Ms: 300 },
          memoryContext({
            "k6.json":
              '{"metrics": {"__proto__": {"polluted": 1}, "http_req_duration": {"__proto__": {"p(95)": 1}}}}',
          }),
        ),
    ],
    [
      "coverage, Istanbul summary with __proto__ totals",
      () =>
        evaluateCoverage(
          { file: "coverage-summary.json", min: 0 },
          memoryContext({
            "coverage-summary.json":
              '{"total": {"__proto__": {"lines": {"total": 1, "covered": 1, "pct": 100}}}}',
          }),
        ),
    ],
  ];

  it.each(cases)("%s: does not pass and leaves the prototype intact", async (_name, evaluate) => {
    const finding = await evaluate();
    expect(finding.status).not.toBe("pass");
    expectPrototypeIntact();
  });

  it("metric, a JSON path through the file's own __proto__ key reads it as plain data", async () => {
    // JSON.parse makes "__proto__" an own key: the value is really in the file at that path.
    const finding = await evaluateMetric(
      { file: "m.json", path: "__proto__.polluted", min: 0 },
      memoryContext({ "m.json": '{"__proto__": {"polluted": 1}}' }),
    );
    expect(finding).toMatchObject({ status: "pass", measured: "1" });
    expectPrototypeIntact();
  });
});
