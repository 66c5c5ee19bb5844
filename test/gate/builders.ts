// Hand-built readiness files and findings for gate and report tests. Readiness files are plain objects
// in the shape config/load.ts returns after validation (defaults filled in).
import {
  CATEGORIES,
  type CheckSpec,
  type NotApplicableSpec,
  type ReadinessSpec,
  type StageSpec,
  type WaiverSpec,
} from "../../src/config/schema.js";
import type { ReadinessFile } from "../../src/config/types.js";
import type { EvidenceRef, Finding } from "../../src/evidence/types.js";

/** The clock every gate and report test reads: waivers are dated relative to it. */
export const NOW = new Date("2026-12-12T10:00:00Z");

export const PILOT_AND_PRODUCTION: StageSpec[] = [
  { name: "pilot", branches: ["staging"] },
  { name: "production", branches: ["main", "release/**"] },
];

export function metricCheck(
  id: string,
  category: CheckSpec["category"],
  extra: Partial<CheckSpec> = {},
): CheckSpec {
  return { id, category, metric: { file: `reports/${id}.json`, path: "value", min: 1 }, ...extra };
}

export function waiver(check: string, expires: string, extra: Partial<WaiverSpec> = {}): WaiverSpec {
  return { check, reason: `${check} is being reworked`, approvedBy: "@carol", expires, ...extra };
}

/** A readiness file; check `i` starts at line 12 + 5i, waiver `i` at line 80 + 4i. */
export function readinessFile(
  spec: Partial<ReadinessSpec> & Pick<ReadinessSpec, "checks">,
  path = "systems/claims/readiness.yml",
): ReadinessFile {
  const full: ReadinessSpec = {
    version: 1,
    system: "claims-triage",
    owners: ["@acme/ml-claims", "@carol"],
    stages: PILOT_AND_PRODUCTION,
    waivers: [],
    notApplicable: [],
    ...spec,
  };
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
  return {
    path,
    dir,
    spec: full,
    positions: {
      checks: Object.fromEntries(full.checks.map((c, i) => [c.id, { line: 12 + 5 * i, column: 5 }])),
      waivers: full.waivers.map((_, i) => ({ line: 80 + 4 * i, column: 5 })),
    },
  };
}

/**
 * notApplicable entries (approved by the owner @carol) for every category none of `checks` is in: for
 * tests about something other than coverage, whose few checks would otherwise leave categories missing.
 */
export function otherCategoriesNotApplicable(checks: readonly CheckSpec[]): NotApplicableSpec[] {
  const checked = new Set(checks.map((c) => c.category));
  return CATEGORIES.filter((c) => !checked.has(c)).map((category) => ({
    category,
    reason: `this test is not about ${category}`,
    approvedBy: "@carol",
  }));
}

/** A readiness file whose categories without checks are declared not applicable: coverage holds. */
export function coveredFile(
  spec: Partial<ReadinessSpec> & Pick<ReadinessSpec, "checks">,
  path?: string,
): ReadinessFile {
  return readinessFile({ notApplicable: otherCategoriesNotApplicable(spec.checks), ...spec }, path);
}

export function pass(summary = "meets the bar", evidence: EvidenceRef[] = []): Finding {
  return { status: "pass", summary, evidence };
}

export function fail(summary = "below the bar", more: Partial<Finding> = {}): Finding {
  return { status: "fail", summary, evidence: [], ...more };
}

export function error(summary = "the evidence is malformed", more: Partial<Finding> = {}): Finding {
  return { status: "error", summary, evidence: [], ...more };
}

export function notEvaluable(
  summary = "approval evidence comes from GitHub and is not evaluable locally",
): Finding {
  return { status: "not-evaluable", summary, evidence: [] };
}

/** Findings keyed by check id; every check not named passes. */
export function findingsFor(file: ReadinessFile, named: Record<string, Finding> = {}): Map<string, Finding> {
  return new Map(file.spec.checks.map((c) => [c.id, named[c.id] ?? pass(`${c.id} meets the bar`)]));
}
