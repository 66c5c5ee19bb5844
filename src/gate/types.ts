import type { Category, EvidenceKind } from "../config/schema.js";
import type { ConfigProblem, SourcePos } from "../config/types.js";
import type { Finding } from "../evidence/types.js";

export type Verdict = "go" | "conditional" | "no-go" | "not-gated";

/**
 * A check's outcome at the target stage. `not-required`: its stage is above the target.
 * `not-evaluable`: it needs GitHub facts that this run does not have (CLI with --local).
 */
export type CheckStatus = "pass" | "fail" | "error" | "waived" | "not-required" | "not-evaluable";

export type WaiverState = "active" | "expiring" | "expired" | "unused";

export interface WaiverOutcome {
  check: string;
  reason: string;
  approvedBy: string;
  /** `YYYY-MM-DD`; the waiver holds through the end of that day, UTC. */
  expires: string;
  /** active; expiring (within 7 days); expired (ignored); unused (its check passes or is not required). */
  state: WaiverState;
  /** Whole days left until it lapses; negative once expired. */
  daysLeft: number;
  position: SourcePos;
}

export interface CheckResult {
  id: string;
  title: string;
  category: Category;
  kind: EvidenceKind;
  /** The first stage that requires this check. */
  stage: string;
  required: boolean;
  status: CheckStatus;
  finding: Finding;
  /** Where the check starts in its readiness file. */
  position: SourcePos;
  waiver?: WaiverOutcome;
  /** Set when the check declares maxAge. */
  maxAge?: string;
}

export interface CategoryScore {
  category: Category;
  passed: number;
  required: number;
}

/**
 * Whether a category of the section 6 checklist is covered at the judged stage: `covered` (a required,
 * unwaived check), `waived` (every required check of it is waived), `not-applicable` (declared so with an
 * owner's approval) or `missing` (no check required at this stage: blocking when `required`).
 */
export type CoverageState = "covered" | "waived" | "not-applicable" | "missing";

export interface CategoryCoverage {
  category: Category;
  state: CoverageState;
  /** Whether the judged stage requires the category covered: every category at the highest stage, listed ones below. */
  required: boolean;
  /** Ids of the category's checks required at the judged stage. */
  checks: string[];
  /** not-applicable: why, and the owner who approved it. */
  reason?: string;
  approvedBy?: string;
  /** not-applicable: where it is declared; missing: the `checks:` list where a check belongs. */
  position?: SourcePos;
  /** missing: what is missing, e.g. `monitoring: no check says how this system is monitored`. */
  finding?: string;
}

/** Which version of a readiness file judged the pull request, and why. Filled in by the action. */
export interface PolicyNote {
  source: "base" | "head" | "new" | "local";
  reason: string;
}

export interface SystemResult {
  system: string;
  description?: string;
  /** Repository-relative path of the readiness file. */
  file: string;
  owners: string[];
  /** Line of `owners` in the readiness file, when known. */
  ownersLine?: number;
  stages: string[];
  /** The stage judged; null when the target branch is not gated by this system. */
  stage: string | null;
  /** Why this stage was judged (or why none was), e.g. `branch "main" matches stage production`. */
  stageReason?: string;
  /**
   * Set when the system cannot be judged as asked, e.g. a forced stage it does not declare: the
   * verdict is no-go (fail closed) and this says why and what to fix.
   */
  blocker?: string;
  verdict: Verdict;
  /** Highest stage whose checks, and every lower stage's, all pass; null when none does. */
  level: string | null;
  checks: CheckResult[];
  waivers: WaiverOutcome[];
  scores: CategoryScore[];
  /** The six categories at the judged stage, in CATEGORIES order. A required missing one makes it no-go. */
  coverage: CategoryCoverage[];
  /** The category with the lowest pass ratio among those with required checks. */
  weakest?: Category;
  policy?: PolicyNote;
}

export interface Target {
  /** The branch merged into or pushed to, when known. */
  branch?: string;
  /** A stage forced by the user (input or --stage). */
  stage?: string;
  /** Checks that need GitHub are left out of the verdict (CLI `--local`). */
  local?: boolean;
}

/** The one result object every renderer reads. */
export interface GateReport {
  version: 1;
  generatedAt: string;
  target: Target;
  verdict: Verdict;
  systems: SystemResult[];
  /** Invalid readiness files: any problem makes the overall verdict no-go. */
  problems: ConfigProblem[];
  /**
   * On a pull request: what it changes against its base commit, judged under the same policy. Explanation
   * only: it never changes the verdict. Set by the action (report/delta.ts), never by the CLI.
   */
  delta?: ReportDelta;
  /**
   * Whether GitHub makes the `shipgate` check required on the branches this run gates, so that a No-go
   * blocks the merge (DESIGN.md section 7). Fetched by the action (github/enforcement.ts), never by the CLI.
   */
  enforcement?: Enforcement;
}

/** `enforced`: every gated branch requires the check; `not-enforced`: GitHub says one does not. */
export type EnforcementState = "enforced" | "not-enforced" | "unknown";

export interface Enforcement {
  state: EnforcementState;
  /** The check name a branch must require (`shipgate`). */
  check: string;
  /** The branches this run gates, each with GitHub's answer; empty when the run gates none. */
  branches: BranchEnforcement[];
}

export interface BranchEnforcement {
  branch: string;
  /** `required`, `not-required`, or `unknown` when GitHub could not say. */
  state: "required" | "not-required" | "unknown";
  /** What GitHub said: the ruleset or protection that requires the check, or why it could not tell. */
  reason: string;
}

/** What a pull request changes, from the head report and the base commit's report under the same policy. */
export interface ReportDelta {
  /** Whether a base report was compared. When false, only the head's own warnings are listed. */
  compared: boolean;
  /** The base commit, when known. */
  baseSha?: string;
  /** Why the base could not be evaluated, and how to make it possible. */
  unavailable?: string;
  /** One entry per system of the head report, in its order. */
  systems: SystemDelta[];
}

export interface SystemDelta {
  system: string;
  /** Its readiness file. */
  file: string;
  /** Nothing to compare with: the readiness file is new in the pull request, or the base has no such system. */
  new: boolean;
  /** Failing (or not evaluable as evidence) at the head; passing, waived, not required or absent at the base. */
  newlyFailing: CheckChange[];
  /** Passing or waived at the head; failing at the base. */
  newlyPassing: CheckChange[];
  /** Failing at the head and already at the base. */
  stillFailing: number;
  /** Waivers applied at the head that lapse within 7 days. */
  expiringWaivers: ExpiringWaiver[];
  /** Passing checks whose evidence has used 80% or more of its maxAge. */
  agingEvidence: AgingEvidence[];
}

export interface CheckChange {
  check: string;
  /** Its status at the head. */
  status: CheckStatus;
  /** Its status at the base; absent when the base report has no such check. */
  baseStatus?: CheckStatus;
}

export interface ExpiringWaiver {
  check: string;
  expires: string;
  daysLeft: number;
}

export interface AgingEvidence {
  check: string;
  maxAge: string;
  ageMs: number;
  maxAgeMs: number;
}
