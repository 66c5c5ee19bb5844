// The gate: from one readiness file and its findings to statuses, waivers, a verdict, a level and scores.
// Pure and clock-free (`now` is a parameter). Every doubt resolves to a failure: fail closed.
import {
  CATEGORIES,
  EVIDENCE_KINDS,
  type Category,
  type CheckSpec,
  type EvidenceKind,
} from "../config/schema.js";
import type { ConfigProblem, ReadinessFile } from "../config/types.js";
import type { Finding } from "../evidence/types.js";
import { resolveStage } from "./stage.js";
import type {
  CategoryScore,
  CheckResult,
  CheckStatus,
  GateReport,
  SystemResult,
  Target,
  Verdict,
  WaiverOutcome,
} from "./types.js";
import { daysLeft, isExpired, isExpiring } from "./waivers.js";

interface TimedWaiver {
  outcome: WaiverOutcome;
  expired: boolean;
}

export function judgeSystem(
  file: ReadinessFile,
  findings: ReadonlyMap<string, Finding>,
  target: Target,
  now: Date,
): SystemResult {
  const spec = file.spec;
  const stages = spec.stages.map((s) => s.name);
  const top = Math.max(stages.length - 1, 0);
  const resolution = resolveStage(spec, target);
  const gated = resolution.stage !== null;
  // Not gated: statuses are shown as they would be at the highest stage, but nothing is required.
  // A forced unknown stage: judge the most demanding stage so the report still shows what fails.
  const judgedIndex =
    resolution.stage === null || resolution.blocker !== undefined ? top : stages.indexOf(resolution.stage);
  const local = target.local === true;

  const waivers: TimedWaiver[] = spec.waivers.map((w, i) => {
    const days = daysLeft(w.expires, now);
    return {
      expired: isExpired(days),
      outcome: {
        check: w.check,
        reason: w.reason,
        approvedBy: w.approvedBy,
        expires: w.expires,
        state: isExpired(days) ? "expired" : "active",
        daysLeft: days,
        position: file.positions.waivers[i] ?? { line: 1, column: 1 },
      },
    };
  });
  // Per check, the one waiver that applies: the live one that lasts longest. Others naming it are unused.
  const applying = new Map<string, TimedWaiver>();
  for (const w of waivers) {
    if (w.expired) continue;
    const held = applying.get(w.outcome.check);
    if (held === undefined || w.outcome.daysLeft > held.outcome.daysLeft) applying.set(w.outcome.check, w);
  }

  const judged = new Set<TimedWaiver>();
  const checks: CheckResult[] = spec.checks.map((check) => {
    const { kind, finding } = evidenceFinding(check, findings);
    const stage = check.stage ?? stages[top] ?? "";
    const declared = stages.indexOf(stage);
    // An undeclared stage cannot happen after validation; if it does, require the check everywhere.
    const stageIndex = declared < 0 ? 0 : declared;
    const inScope = stageIndex <= judgedIndex;
    const waiver = applying.get(check.id);
    if (waiver !== undefined) judged.add(waiver);
    const status: CheckStatus = inScope ? statusOf(finding, waiver !== undefined, local) : "not-required";

    if (waiver !== undefined) {
      waiver.outcome.state =
        status === "waived" || status === "not-evaluable"
          ? isExpiring(waiver.outcome.daysLeft)
            ? "expiring"
            : "active"
          : "unused";
    }
    const lapsed = waivers.filter((w) => w.expired && w.outcome.check === check.id);
    const shown = waiver ?? lapsed.sort((a, b) => b.outcome.daysLeft - a.outcome.daysLeft)[0];

    const result: CheckResult = {
      id: check.id,
      title: check.title ?? check.id,
      category: check.category,
      kind,
      stage,
      required: gated && inScope,
      status,
      finding,
      position: file.positions.checks[check.id] ?? { line: 1, column: 1 },
    };
    if (shown !== undefined) result.waiver = shown.outcome;
    if (check.maxAge !== undefined) result.maxAge = check.maxAge;
    return result;
  });

  // Live waivers that no check picked: a duplicate, or (defensively) one naming an unknown check.
  for (const w of waivers) {
    if (!w.expired && !judged.has(w)) w.outcome.state = "unused";
  }

  const scores = scoresOf(checks);
  const result: SystemResult = {
    system: spec.system,
    file: file.path,
    owners: [...spec.owners],
    ...(file.positions.owners ? { ownersLine: file.positions.owners.line } : {}),
    stages,
    stage: resolution.stage,
    stageReason: resolution.why,
    verdict: verdictOf(gated, resolution.blocker !== undefined, checks),
    level: levelOf(stages, top, checks, local),
    checks,
    waivers: waivers.map((w) => w.outcome),
    scores,
  };
  if (spec.description !== undefined) result.description = spec.description;
  if (resolution.blocker !== undefined) result.blocker = resolution.blocker;
  const weakest = weakestOf(scores);
  if (weakest !== undefined) result.weakest = weakest;
  return result;
}

/** The check's evidence kind and its finding; a finding that was never computed is an error. */
function evidenceFinding(
  check: CheckSpec,
  findings: ReadonlyMap<string, Finding>,
): { kind: EvidenceKind; finding: Finding } {
  const kind = EVIDENCE_KINDS.find((k) => check[k] !== undefined);
  if (kind === undefined) {
    return {
      kind: "file",
      finding: { status: "error", summary: `check ${check.id} declares no evidence kind`, evidence: [] },
    };
  }
  const finding = findings.get(check.id) ?? {
    status: "error",
    summary: `no result was produced for check ${check.id}; it cannot pass without one`,
    evidence: [],
  };
  return { kind, finding };
}

function statusOf(finding: Finding, waived: boolean, local: boolean): CheckStatus {
  switch (finding.status) {
    case "pass":
      return "pass";
    case "not-evaluable":
      // Locally it is left out; anywhere else evidence that cannot be evaluated is an error.
      if (local) return "not-evaluable";
      return waived ? "waived" : "error";
    case "fail":
      return waived ? "waived" : "fail";
    default:
      return waived ? "waived" : "error";
  }
}

function verdictOf(gated: boolean, blocked: boolean, checks: readonly CheckResult[]): Verdict {
  if (!gated) return "not-gated";
  if (blocked) return "no-go";
  let waived = false;
  for (const check of checks) {
    if (!check.required || check.status === "not-evaluable") continue;
    if (check.status === "waived") waived = true;
    else if (check.status !== "pass") return "no-go";
  }
  return waived ? "conditional" : "go";
}

/**
 * The highest stage whose checks, and all lower stages' checks, pass on their findings (no waivers).
 * With --local, checks that need GitHub are left out of the level as they are left out of the verdict.
 */
function levelOf(
  stages: readonly string[],
  top: number,
  checks: readonly CheckResult[],
  local: boolean,
): string | null {
  let level: string | null = null;
  for (let i = 0; i <= top && i < stages.length; i++) {
    const allPass = checks.every(
      (c) =>
        stageIndexOf(stages, c.stage) > i ||
        c.finding.status === "pass" ||
        (local && c.finding.status === "not-evaluable"),
    );
    if (!allPass) break;
    level = stages[i] ?? null;
  }
  return level;
}

function stageIndexOf(stages: readonly string[], stage: string): number {
  const i = stages.indexOf(stage);
  return i < 0 ? 0 : i;
}

/** Passed of required per category, in CATEGORIES order; not-evaluable checks are left out, as in the verdict. */
function scoresOf(checks: readonly CheckResult[]): CategoryScore[] {
  const scores: CategoryScore[] = [];
  for (const category of CATEGORIES) {
    const counted = checks.filter(
      (c) => c.category === category && c.status !== "not-required" && c.status !== "not-evaluable",
    );
    if (counted.length === 0) continue;
    scores.push({
      category,
      passed: counted.filter((c) => c.status === "pass").length,
      required: counted.length,
    });
  }
  return scores;
}

function weakestOf(scores: readonly CategoryScore[]): Category | undefined {
  let weakest: CategoryScore | undefined;
  for (const score of scores) {
    if (score.passed >= score.required) continue;
    if (weakest === undefined || score.passed / score.required < weakest.passed / weakest.required)
      weakest = score;
  }
  return weakest?.category;
}

const SEVERITY: Record<Verdict, number> = { "not-gated": 0, go: 1, conditional: 2, "no-go": 3 };

/** Any invalid readiness file is a no-go; otherwise the worst system verdict. No systems: not gated. */
export function overallVerdict(
  systems: readonly Pick<SystemResult, "verdict">[],
  problems: readonly ConfigProblem[],
): Verdict {
  if (problems.length > 0) return "no-go";
  let worst: Verdict = "not-gated";
  for (const s of systems) if (SEVERITY[s.verdict] > SEVERITY[worst]) worst = s.verdict;
  return worst;
}

export function buildReport(
  systems: SystemResult[],
  problems: ConfigProblem[],
  target: Target,
  now: Date,
): GateReport {
  return {
    version: 1,
    generatedAt: now.toISOString(),
    target: { ...target },
    verdict: overallVerdict(systems, problems),
    systems,
    problems,
  };
}
