// The sentences every renderer shares, as plain text: each output format escapes or colours them itself.
import { plural } from "../base/format.js";
import { EXPIRING_WITHIN_DAYS } from "../gate/waivers.js";
import type {
  CategoryCoverage,
  CheckResult,
  CheckStatus,
  CoverageState,
  GateReport,
  SystemResult,
  Verdict,
  WaiverOutcome,
} from "../gate/types.js";

export const VERDICT_ORDER: readonly Verdict[] = ["no-go", "conditional", "go", "not-gated"];

export function verdictLabel(verdict: Verdict, stage: string | null): string {
  const at = stage === null ? "" : ` for ${stage}`;
  switch (verdict) {
    case "go":
      return `Go${at}`;
    case "conditional":
      return `Conditional go${at}`;
    case "no-go":
      return `No-go${at}`;
    case "not-gated":
      return "Not gated";
  }
}

export interface StatusCounts {
  /** Checks that count toward the verdict (or, when not gated, would at the highest stage). */
  counted: number;
  pass: number;
  fail: number;
  error: number;
  waived: number;
  notEvaluable: number;
  notRequired: number;
}

export function countStatuses(system: SystemResult): StatusCounts {
  const counts: StatusCounts = {
    counted: 0,
    pass: 0,
    fail: 0,
    error: 0,
    waived: 0,
    notEvaluable: 0,
    notRequired: 0,
  };
  for (const check of system.checks) {
    switch (check.status) {
      case "not-required":
        counts.notRequired++;
        continue;
      case "not-evaluable":
        counts.notEvaluable++;
        continue;
      case "pass":
        counts.pass++;
        break;
      case "fail":
        counts.fail++;
        break;
      case "error":
        counts.error++;
        break;
      case "waived":
        counts.waived++;
        break;
    }
    counts.counted++;
  }
  return counts;
}

/** Failing and erroring checks: what a reviewer must fix (or would have to, when not gated). */
export function blockingChecks(system: SystemResult): CheckResult[] {
  return system.checks.filter((c) => c.status === "fail" || c.status === "error");
}

/**
 * Categories with no check where the judged stage needs one; when not gated, those that would be missing
 * at the highest stage.
 */
export function missingCategories(system: SystemResult): CategoryCoverage[] {
  const notGated = system.verdict === "not-gated";
  return system.coverage.filter((c) => c.state === "missing" && (c.required || notGated));
}

/** `monitoring has no check`, `2 categories have no check (monitoring, compliance)` */
export function missingPhrase(missing: readonly Pick<CategoryCoverage, "category">[], would = false): string {
  const has = would ? "would have" : missing.length === 1 ? "has" : "have";
  if (missing.length === 1) return `${missing[0]!.category} ${has} no check`;
  return `${missing.length} categories ${has} no check (${missing.map((c) => c.category).join(", ")})`;
}

/**
 * `4 of 6 categories covered, 1 not applicable (data), 1 missing (monitoring)`, counted over the categories
 * the judged stage needs (when not gated: the highest stage, which needs all of them).
 */
export function coverageSummary(system: SystemResult): string {
  const notGated = system.verdict === "not-gated";
  const needed = system.coverage.filter((c) => c.required || notGated);
  if (needed.length === 0) return `${system.stage ?? "this stage"} needs no category covered`;
  const of = (state: CategoryCoverage["state"]) => needed.filter((c) => c.state === state);
  const parts = [`${of("covered").length} of ${plural(needed.length, "category", "categories")} covered`];
  for (const [state, word] of [
    ["waived", "waived"],
    ["not-applicable", "not applicable"],
    ["missing", "missing"],
  ] as const) {
    const list = of(state);
    if (list.length > 0) parts.push(`${list.length} ${word} (${list.map((c) => c.category).join(", ")})`);
  }
  return parts.join(", ");
}

/** `2 of 9 checks fail, 1 could not be evaluated, 1 waiver expires in 3 days` */
export function systemSummary(system: SystemResult): string {
  const n = countStatuses(system);
  const parts: string[] = [];
  const missing = missingCategories(system);
  if (system.blocker !== undefined) parts.push(system.blocker);
  if (system.verdict === "not-gated") {
    parts.push(system.stageReason ?? "no stage applies");
    const top = system.stages[system.stages.length - 1];
    if (top !== undefined && n.fail + n.error > 0) {
      parts.push(`at ${top}, ${n.fail + n.error} of ${plural(n.counted, "check")} would fail`);
    }
    if (top !== undefined && missing.length > 0) parts.push(`at ${top}, ${missingPhrase(missing, true)}`);
    return parts.join("; ");
  }
  if (system.blocker === undefined) {
    // A missing category is the first thing to say: it blocks whatever the checks say.
    if (missing.length > 0) parts.push(missingPhrase(missing));
    if (n.fail > 0)
      parts.push(`${n.fail} of ${plural(n.counted, "check")} ${n.fail === 1 ? "fails" : "fail"}`);
    if (n.error > 0) {
      parts.push(
        n.fail > 0
          ? `${n.error} could not be evaluated`
          : `${n.error} of ${plural(n.counted, "check")} could not be evaluated`,
      );
    }
    if (n.fail + n.error === 0) {
      if (n.counted === 0) {
        if (n.notEvaluable === 0) parts.push(`no checks are required at ${system.stage ?? "this stage"}`);
      } else if (n.waived === 0)
        parts.push(n.counted === 1 ? "the 1 required check passes" : `all ${n.counted} required checks pass`);
      else parts.push(`${n.pass} of ${plural(n.counted, "check")} ${n.pass === 1 ? "passes" : "pass"}`);
    }
    if (n.waived > 0) parts.push(`${n.waived} waived`);
  }
  parts.push(...waiverAlerts(system.waivers));
  if (n.notEvaluable > 0) parts.push(`${n.notEvaluable} not evaluable locally`);
  return parts.join(", ");
}

/** `1 waiver expires in 3 days`, `2 expired waivers ignored` */
export function waiverAlerts(waivers: readonly WaiverOutcome[]): string[] {
  const alerts: string[] = [];
  const expiring = waivers.filter((w) => w.state === "expiring").sort((a, b) => a.daysLeft - b.daysLeft);
  const first = expiring[0];
  if (first !== undefined) {
    alerts.push(
      expiring.length === 1
        ? `1 waiver ${expiryPhrase(first)}`
        : `${expiring.length} waivers expire within ${plural(EXPIRING_WITHIN_DAYS, "day")}, the first ${dayPhrase(first.daysLeft)}`,
    );
  }
  const expired = waivers.filter((w) => w.state === "expired").length;
  if (expired > 0) alerts.push(`${plural(expired, "expired waiver")} ignored`);
  return alerts;
}

/** The verdict line of a system alone: `No-go for production: 2 of 9 checks fail`. */
export function systemHeadline(system: SystemResult): string {
  return `${verdictLabel(system.verdict, system.stage)}: ${systemSummary(system)}`;
}

/** Whether the report reads as one system: one system and no invalid readiness files. */
export function isSingleSystem(report: GateReport): boolean {
  return report.systems.length === 1 && report.problems.length === 0;
}

/** The first line of every output: the overall verdict and why, in one sentence. */
export function reportHeadline(report: GateReport): string {
  const only = report.systems[0];
  if (isSingleSystem(report) && only !== undefined) return systemHeadline(only);
  const parts: string[] = [];
  const nothingFound = report.problems.find((p) => p.nothingFound)?.nothingFound;
  if (nothingFound) parts.push(`no readiness file matches ${nothingFound.pattern}`);
  const files = new Set(report.problems.filter((p) => !p.nothingFound).map((p) => p.file)).size;
  if (files > 0)
    parts.push(files === 1 ? "1 readiness file is invalid" : `${files} readiness files are invalid`);
  if (report.systems.length === 0) {
    if (files === 0 && !nothingFound) parts.push("no readiness files found");
  } else {
    const byVerdict = VERDICT_ORDER.map((v) => {
      const count = report.systems.filter((s) => s.verdict === v).length;
      return count === 0
        ? ""
        : `${count} ${v === "conditional" ? "conditional go" : v === "not-gated" ? "not gated" : v}`;
    }).filter(Boolean);
    parts.push(`${plural(report.systems.length, "system")}: ${byVerdict.join(", ")}`);
    const alerts = waiverAlerts(report.systems.flatMap((s) => s.waivers));
    if (alerts.length > 0) parts.push(alerts.join(", "));
  }
  return `${verdictLabel(report.verdict, commonStage(report))}: ${parts.join("; ")}`;
}

export interface JudgedStage {
  /** The stage whose checks decided the verdict (the one it is "for"); null when the system is not gated. */
  stage: string | null;
  /** Why this stage, or why none. */
  why: string;
  /** When not gated: the highest stage, at which the checks are shown as they stand. */
  shownAt?: string;
}

/** Which stage a system was judged at, and why: the one answer every output gives. */
export function judgedStage(system: SystemResult): JudgedStage {
  const why = system.stageReason ?? "no stage applies";
  if (system.verdict !== "not-gated") return { stage: system.stage, why };
  const top = system.stages[system.stages.length - 1];
  return top === undefined ? { stage: null, why } : { stage: null, why, shownAt: top };
}

/**
 * The stages the systems were judged at, each once, in report order; empty when none is gated. The
 * action's `stage` output is these joined by commas.
 */
export function judgedStages(report: GateReport): string[] {
  return [...new Set(report.systems.flatMap((s) => judgedStage(s).stage ?? []))];
}

/** The stage every gated system was judged at, when they agree; null when none is gated or they differ. */
export function commonStage(report: GateReport): string | null {
  const stages = judgedStages(report);
  return stages.length === 1 ? stages[0]! : null;
}

/** `expires today`, `expires in 3 days`, `expired 2 days ago` */
export function expiryPhrase(waiver: Pick<WaiverOutcome, "daysLeft" | "state">): string {
  if (waiver.daysLeft < 0 || waiver.state === "expired") {
    const ago = -waiver.daysLeft;
    return ago <= 1 ? "expired yesterday" : `expired ${ago} days ago`;
  }
  return `expires ${dayPhrase(waiver.daysLeft)}`;
}

function dayPhrase(days: number): string {
  if (days === 0) return "today";
  if (days === 1) return "tomorrow";
  return `in ${days} days`;
}

export function waiverStateText(waiver: WaiverOutcome): string {
  switch (waiver.state) {
    case "expired":
      return `${expiryPhrase(waiver)}: ignored, the check counts as failing`;
    case "expiring":
      return `${expiryPhrase(waiver)}: renew it or fix the check`;
    case "active":
      return `active, ${expiryPhrase(waiver)}`;
    case "unused":
      return `unused: the check passes or is not required; ${expiryPhrase(waiver)}`;
  }
}

export const COVERAGE_WORD: Record<CoverageState, string> = {
  covered: "covered",
  waived: "waived",
  "not-applicable": "not applicable",
  missing: "missing",
};

export const STATUS_WORD: Record<CheckStatus, string> = {
  pass: "pass",
  fail: "fail",
  error: "could not be evaluated",
  waived: "waived",
  "not-required": "not required",
  "not-evaluable": "not evaluable locally",
};

/** Severity order for listing checks: what to fix first. */
export const STATUS_ORDER: readonly CheckStatus[] = [
  "fail",
  "error",
  "waived",
  "not-evaluable",
  "pass",
  "not-required",
];

export function byStatus(checks: readonly CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
}

/** `pilot ✅ → production ❌`: every stage up to the level is reached. */
export function stageLadder(system: SystemResult, reached: string, missed: string): string {
  const levelIndex = system.level === null ? -1 : system.stages.indexOf(system.level);
  return system.stages.map((s, i) => `${s} ${i <= levelIndex ? reached : missed}`).join(" → ");
}

/** Text cut to at most `max` characters, ending in an ellipsis when cut, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  return `${withoutHalfPair(text.slice(0, max - 1))}…`;
}

/** Drops a lone high surrogate left at the end of a slice. */
export function withoutHalfPair(text: string): string {
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}

/** Evidence refs as `path:line`. */
export function evidenceLabel(ref: { path: string; line?: number }): string {
  return ref.line !== undefined ? `${ref.path}:${ref.line}` : ref.path;
}

/** How many checks have each status, worded for a collapsed list's summary ("8 passing"), in order seen. */
export function wordedStatusCounts(
  system: SystemResult,
  checks: readonly CheckResult[],
): Array<{ status: CheckStatus; count: number; word: string }> {
  const counts = new Map<CheckStatus, number>();
  for (const c of checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => ({
    status,
    count,
    word:
      status === "pass"
        ? "passing"
        : status === "not-required"
          ? `not required at ${system.stage ?? "this stage"}`
          : STATUS_WORD[status],
  }));
}
