// Generators for the property tests: readiness files (as the YAML a person writes, valid or mutated),
// findings, targets and clocks. Readiness files go through the real loader before the real gate judges.
import fc from "fast-check";
import { stringify } from "yaml";
import { CATEGORIES } from "../../src/config/schema.js";
import type { Finding } from "../../src/evidence/types.js";
import type { Target } from "../../src/gate/types.js";

/** Runs per property: enough to find edge cases, bounded so the suite stays quick on two cores. */
export const RUNS = 200;
export const NOW = new Date("2026-11-22T12:00:00Z");

const STAGE_NAMES = ["dev", "pilot", "beta", "production", "ga"] as const;

export interface GeneratedReadiness {
  /** The spec as an object, and as the YAML text a person would write. */
  spec: Record<string, unknown>;
  text: string;
  stageNames: string[];
  branches: string[];
  checkIds: string[];
}

function dayOffset(days: number): string {
  return new Date(NOW.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

const category = fc.constantFrom(...CATEGORIES);

/** A valid readiness file: 1-3 stages, 1-8 checks at random stages, 0-4 waivers expiring -20..+20 days out. */
export const readinessArb: fc.Arbitrary<GeneratedReadiness> = fc
  .record({
    stages: fc.uniqueArray(fc.constantFrom(...STAGE_NAMES), { minLength: 1, maxLength: 3 }),
    checkCount: fc.integer({ min: 1, max: 8 }),
    seeds: fc.array(fc.record({ stage: fc.nat(4), category, hasStage: fc.boolean(), kind: fc.nat(3) }), {
      minLength: 8,
      maxLength: 8,
    }),
    waivers: fc.array(fc.record({ check: fc.nat(7), days: fc.integer({ min: -20, max: 20 }) }), {
      maxLength: 4,
    }),
    description: fc.option(
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
      { nil: undefined },
    ),
  })
  .map(({ stages, checkCount, seeds, waivers, description }) => {
    const checkIds = Array.from({ length: checkCount }, (_, i) => `check-${i + 1}`);
    const checks = checkIds.map((id, i) => {
      const seed = seeds[i]!;
      const evidence = [
        { metric: { file: `reports/${id}.json`, path: "value", min: 1 } },
        { file: { path: `docs/${id}.md` } },
        { junit: { files: `reports/${id}/*.xml` } },
        { contains: { file: `logs/${id}.log`, pattern: "^ok$" } },
      ][seed.kind % 4]!;
      return {
        id,
        category: seed.category,
        ...(seed.hasStage ? { stage: stages[seed.stage % stages.length] } : {}),
        ...evidence,
      };
    });
    const spec: Record<string, unknown> = {
      version: 1,
      system: "generated",
      ...(description !== undefined ? { description } : {}),
      owners: ["@carol"],
      stages: stages.map((name, i) => ({ name, branches: [`branch-${i}`] })),
      checks,
      waivers: waivers
        .filter((w) => w.check < checkCount)
        .map((w) => ({
          check: checkIds[w.check],
          reason: "being reworked",
          approvedBy: "@carol",
          expires: dayOffset(w.days),
        })),
    };
    return {
      spec,
      text: stringify(spec),
      stageNames: [...stages],
      branches: stages.map((_, i) => `branch-${i}`),
      checkIds,
    };
  });

/** Hostile or careless edits of a YAML text: cut, insert YAML syntax or junk, duplicate, re-indent. */
const TOKENS = [
  ":",
  ": ",
  "- ",
  "[",
  "]",
  "{",
  "}",
  "&a ",
  "*a",
  "!!js/function ",
  "!shell ",
  "__proto__: x\n",
  "constructor: {}\n",
  "\t",
  "---\n",
  "'",
  '"',
  "#",
  "|\n",
  ">-\n",
  "\u0000",
  "\uFEFF",
  "\u202E",
  "😀",
  "\r\n",
  "<<: *a\n",
  "? ",
  "%YAML 1.1\n",
];

export const mutationArb = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...TOKENS) }),
  fc.record({
    kind: fc.constant("junk" as const),
    at: fc.nat(),
    text: fc.string({ unit: "binary", maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant("duplicate-line" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("indent" as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

export type Mutation = typeof mutationArb extends fc.Arbitrary<infer M> ? M : never;

export function mutate(text: string, mutation: Mutation): string {
  const at = text.length === 0 ? 0 : mutation.at % (text.length + 1);
  switch (mutation.kind) {
    case "cut":
      return text.slice(0, at) + text.slice(at + mutation.length);
    case "insert":
    case "junk":
      return text.slice(0, at) + mutation.text + text.slice(at);
    case "truncate":
      return text.slice(0, at);
    case "duplicate-line":
    case "indent": {
      const lines = text.split("\n");
      const i = mutation.at % lines.length;
      if (mutation.kind === "duplicate-line") lines.splice(i, 0, lines[i]!);
      else lines[i] = mutation.by >= 0 ? " ".repeat(mutation.by) + lines[i]! : lines[i]!.slice(-mutation.by);
      return lines.join("\n");
    }
  }
}

/** Mostly passing, so that Go and Conditional go come up often enough to test what they imply. */
export const findingStatusArb: fc.Arbitrary<Finding["status"]> = fc.oneof(
  { arbitrary: fc.constant("pass" as const), weight: 8 },
  { arbitrary: fc.constantFrom("fail" as const, "error" as const, "not-evaluable" as const), weight: 2 },
);

/** A finding with a summary that may be long, multi-line, full of Markdown and HTML, or astral text. */
export const findingArb: fc.Arbitrary<Finding> = fc
  .record({
    status: findingStatusArb,
    summary: fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: "binary", maxLength: 400 }),
      fc.constantFrom(
        "<img src=x onerror=alert(1)>",
        "[x](https://evil.example)",
        "| a | b |\n---",
        "`code`",
        "@acme/everyone",
      ),
      fc.string({
        unit: fc.constantFrom("😀", "𝔸", "a", "|", "<", "\n", "*"),
        minLength: 500,
        maxLength: 2000,
      }),
    ),
    evidence: fc.array(fc.record({ path: fc.string({ minLength: 1, maxLength: 60 }) }), { maxLength: 4 }),
    details: fc.option(fc.array(fc.string({ unit: "binary", maxLength: 200 }), { maxLength: 12 }), {
      nil: undefined,
    }),
  })
  .map((f) => {
    const out: Finding = { status: f.status, summary: f.summary, evidence: f.evidence };
    if (f.details !== undefined) out.details = f.details;
    return out;
  });

/** Where the run is going: a declared branch, an ungated branch, a declared or unknown forced stage. */
export function targetArb(g: GeneratedReadiness): fc.Arbitrary<Target> {
  return fc
    .record({
      how: fc.constantFrom("branch", "other-branch", "stage", "unknown-stage", "none"),
      pick: fc.nat(),
      local: fc.boolean(),
    })
    .map(({ how, pick, local }) => {
      const target: Target = {};
      if (how === "branch") target.branch = g.branches[pick % g.branches.length]!;
      if (how === "other-branch") target.branch = "feature/unrelated";
      if (how === "stage") target.stage = g.stageNames[pick % g.stageNames.length]!;
      if (how === "unknown-stage") target.stage = "no-such-stage";
      if (local) target.local = true;
      return target;
    });
}
