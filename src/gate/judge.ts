// The gate: from one readiness file and its findings to statuses, waivers, a verdict, a level and scores.
// Pure and clock-free (`now` is a parameter). Every doubt resolves to a failure: fail closed.
import {
  CATEGORIES,
  EVIDENCE_KINDS,
  type Category,
  type CheckSpec,
  type EvidenceKind,
  type ReadinessSpec,
} from "../config/schema.js";
import type { ConfigProblem, ReadinessFile } from "../config/types.js";
import type { Finding } from "../evidence/types.js";
import { blockingCoverage, coverageOf, stageCovered } from "./coverage.js";
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

/** A waiver and the whole days from now to its expiry; a negative count has lapsed. */
interface DatedWaiver {
  index: number;
  check: string;
  daysLeft: number;
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

  const dated: DatedWaiver[] = spec.waivers.map((w, index) => ({
    index,
    check: w.check,
    daysLeft: daysLeft(w.expires, now),
  }));
  // Per check, the one waiver that applies: the live one that lasts longest. Others naming it are unused.
  const applying = new Map<string, DatedWaiver>();
  for (const w of dated) {
    if (isExpired(w.daysLeft)) continue;
    const held = applying.get(w.check);
    if (held === undefined || w.daysLeft > held.daysLeft) applying.set(w.check, w);
  }

  const judged = spec.checks.map((check) => {
    const { kind, finding } = evidenceFinding(check, findings);
    const stage = check.stage ?? stages[top] ?? "";
    const declared = stages.indexOf(stage);
    // An undeclared stage cannot happen after validation; if it does, require the check everywhere.
    const stageIndex = declared < 0 ? 0 : declared;
    const inScope = stageIndex <= judgedIndex;
    const waiver = applying.get(check.id);
    const status: CheckStatus = inScope
      ? checkStatusOf(finding, waiver !== undefined, local)
      : "not-required";
    return { check, kind, finding, stage, inScope, waiver, status };
  });

  // A live waiver holds where its check is waived (or left out locally) by it; otherwise it is unused.
  const holding = new Set(
    judged.flatMap(({ waiver, status }) =>
      waiver !== undefined && (status === "waived" || status === "not-evaluable") ? [waiver] : [],
    ),
  );
  const waivers: WaiverOutcome[] = dated.map((d) => {
    const w = spec.waivers[d.index]!;
    return {
      check: w.check,
      reason: w.reason,
      approvedBy: w.approvedBy,
      expires: w.expires,
      state: isExpired(d.daysLeft)
        ? "expired"
        : !holding.has(d)
          ? "unused"
          : isExpiring(d.daysLeft)
            ? "expiring"
            : "active",
      daysLeft: d.daysLeft,
      position: file.positions.waivers[d.index] ?? { line: 1, column: 1 },
    };
  });

  const checks: CheckResult[] = judged.map(({ check, kind, finding, stage, inScope, waiver, status }) => {
    // The waiver shown: the one that applies, else the latest that lapsed.
    const lapsed = dated.filter((w) => isExpired(w.daysLeft) && w.check === check.id);
    const shown = waiver ?? lapsed.sort((a, b) => b.daysLeft - a.daysLeft)[0];
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
    if (shown !== undefined) result.waiver = waivers[shown.index]!;
    if (check.maxAge !== undefined) result.maxAge = check.maxAge;
    return result;
  });

  const scores = scoresOf(checks);
  const coverage = coverageOf({ spec, checks, judgedIndex, gated, positions: file.positions });
  const uncovered = blockingCoverage(coverage).length > 0;
  const result: SystemResult = {
    system: spec.system,
    file: file.path,
    owners: [...spec.owners],
    ...(file.positions.owners ? { ownersLine: file.positions.owners.line } : {}),
    stages,
    stage: resolution.stage,
    stageReason: resolution.why,
    verdict: verdictOf(gated, resolution.blocker !== undefined || uncovered, checks),
    level: levelOf(spec, top, checks, local),
    checks,
    waivers,
    scores,
    coverage,
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

function checkStatusOf(finding: Finding, waived: boolean, local: boolean): CheckStatus {
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
 * The highest stage whose checks, and all lower stages' checks, pass on their findings (no waivers), and
 * whose required categories are covered (a system without monitoring is not at production level).
 * With --local, checks that need GitHub are left out of the level as they are left out of the verdict.
 */
function levelOf(
  spec: ReadinessSpec,
  top: number,
  checks: readonly CheckResult[],
  local: boolean,
): string | null {
  const stages = spec.stages.map((s) => s.name);
  let level: string | null = null;
  for (let i = 0; i <= top && i < stages.length; i++) {
    if (!stageCovered(spec, checks, i)) break;
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
