// Category coverage (DESIGN section 7): a Go for the highest stage means every category of the section 6
// checklist has a check, or an owner has declared it not applicable. Pure.
import { CATEGORIES, type Category, type ReadinessSpec } from "../config/schema.js";
import type { SourcePos } from "../config/types.js";
import type { CategoryCoverage, CheckResult } from "./types.js";

/** What a category with no check lacks, in the terms of DESIGN section 6: one sentence each. */
export const MISSING_SENTENCE: Record<Category, string> = {
  data: "no check says what data it is evaluated on, or how that data is validated and versioned",
  model: "no check says the model meets its go/no-go metric",
  system:
    "no check says the system is tested, load tested and handles errors in a production-like environment",
  monitoring: "no check says how this system is monitored",
  compliance:
    "no check says the system meets the data-handling, access, audit, security and privacy rules that apply",
  operations: "no check says who operates this system, how it is rolled back, or who approved go-live",
};

/**
 * The categories stage `index` requires covered: every category at the highest stage; below it, those
 * its own `covers` and every lower stage's list (a stage requires everything below it, as with checks).
 */
export function requiredCategories(
  stages: ReadonlyArray<{ covers?: readonly Category[] }>,
  index: number,
): Set<Category> {
  if (index >= stages.length - 1) return new Set(CATEGORIES);
  const required = new Set<Category>();
  for (let i = 0; i <= index && i < stages.length; i++)
    for (const category of stages[i]?.covers ?? []) required.add(category);
  return required;
}

export interface CoverageInput {
  spec: Pick<ReadinessSpec, "stages" | "notApplicable">;
  /** The judged checks (statuses at the judged stage). */
  checks: readonly CheckResult[];
  /** The index of the stage judged (the highest when not gated). */
  judgedIndex: number;
  /** Whether the system is gated (a not-gated system requires nothing). */
  gated: boolean;
  positions: { notApplicable?: readonly SourcePos[]; checksList?: SourcePos };
}

/**
 * One entry per category, in CATEGORIES order:
 * - covered: at least one check of the category is required at the judged stage and not waived;
 * - waived: checks of the category are required, and every one of them is waived;
 * - not-applicable: the file declares it not applicable (validation keeps such a category free of checks);
 * - missing: no check of the category is required at the judged stage. Blocking when `required`.
 */
export function coverageOf(input: CoverageInput): CategoryCoverage[] {
  const { spec, checks, judgedIndex, gated, positions } = input;
  const required = requiredCategories(spec.stages, judgedIndex);
  const notApplicable = new Map(spec.notApplicable.map((n, i) => [n.category, { entry: n, index: i }]));
  return CATEGORIES.map((category) => {
    const inScope = checks.filter((c) => c.category === category && c.status !== "not-required");
    const entry: CategoryCoverage = {
      category,
      state: "missing",
      required: gated && required.has(category),
      checks: inScope.map((c) => c.id),
    };
    const na = notApplicable.get(category);
    if (inScope.length > 0) {
      entry.state = inScope.every((c) => c.status === "waived") ? "waived" : "covered";
    } else if (na !== undefined) {
      entry.state = "not-applicable";
      entry.reason = na.entry.reason;
      entry.approvedBy = na.entry.approvedBy;
      const at = positions.notApplicable?.[na.index];
      if (at !== undefined) entry.position = at;
    } else {
      entry.finding = `${category}: ${MISSING_SENTENCE[category]}`;
      if (positions.checksList !== undefined) entry.position = positions.checksList;
    }
    return entry;
  });
}

/** Missing categories that block the judged stage. */
export function blockingCoverage(coverage: readonly CategoryCoverage[]): CategoryCoverage[] {
  return coverage.filter((c) => c.required && c.state === "missing");
}

/**
 * Whether stage `index` has every category it requires covered by some check of that stage or below, or
 * declared not applicable (for the readiness level, which ignores waivers as it ignores them for checks).
 */
export function stageCovered(
  spec: Pick<ReadinessSpec, "stages" | "notApplicable">,
  checks: ReadonlyArray<Pick<CheckResult, "category" | "stage">>,
  index: number,
): boolean {
  const names = spec.stages.map((s) => s.name);
  const notApplicable = new Set(spec.notApplicable.map((n) => n.category));
  for (const category of requiredCategories(spec.stages, index)) {
    if (notApplicable.has(category)) continue;
    const has = checks.some((c) => {
      const at = names.indexOf(c.stage);
      return c.category === category && (at < 0 ? 0 : at) <= index;
    });
    if (!has) return false;
  }
  return true;
}
