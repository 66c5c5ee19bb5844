// The one view of a report that every renderer lays out: what each system and check shows, computed once.
// All text here is RAW (as written in readiness files and evidence); each renderer escapes it for its format.
import type { EvidenceRef } from "../evidence/types.js";
import type { ConfigProblem } from "../config/types.js";
import type {
  CategoryCoverage,
  CategoryScore,
  CheckResult,
  CheckStatus,
  Enforcement,
  EnforcementState,
  GateReport,
  ReportDelta,
  SystemResult,
  Verdict,
  WaiverOutcome,
} from "../gate/types.js";
import {
  blockingChecks,
  byStatus,
  COVERAGE_WORD,
  commonStage,
  coverageSummary,
  judgedStage,
  judgedStages,
  type JudgedStage,
  evidenceLabel,
  isSingleSystem,
  missingCategories,
  reportHeadline,
  STATUS_WORD,
  wordedStatusCounts,
  systemHeadline,
  systemSummary,
  VERDICT_ORDER,
  verdictLabel,
  waiverStateText,
} from "./words.js";

export { judgedStage, judgedStages, type JudgedStage } from "./words.js";

/** Where the evidence was read, for links to files and lines. */
export interface BlobLinks {
  /** e.g. `https://github.com` */
  serverUrl: string;
  /** `owner/name` */
  repository: string;
  /** The commit the evidence was read at. */
  sha: string;
}

export interface ReportView {
  verdict: Verdict;
  /** The one-sentence headline every output starts with. */
  headline: string;
  /** The stage every judged system was judged at; null when none was or they differ. */
  stage: string | null;
  /** Every stage some system was judged at, in report order, each once. */
  stages: string[];
  /** One system and no invalid readiness files: the report reads as that system. */
  single: boolean;
  problems: ProblemView[];
  /** How many readiness files the problems are in. */
  problemFiles: number;
  /** Every problem is "no readiness file found". */
  nothingFound: boolean;
  /** Systems worst verdict first (stable within a verdict). */
  systems: SystemView[];
  delta?: ReportDelta;
  /** Whether a No-go blocks the merge; absent when the run did not ask (CLI, a run that gates no branch). */
  enforcement?: EnforcementView;
  /** The commit the evidence was read at, when links are given. */
  commit?: { sha: string; repository: string; url: string };
  links?: BlobLinks;
}

/** Whether the gated branches require the check, and what to do when they do not (or nobody can tell). */
export interface EnforcementView {
  state: EnforcementState;
  /** `warning` when a branch does not require the check, `note` when GitHub could not say; none when enforced. */
  level?: "warning" | "note";
  /** The headline of the warning or note (raw). */
  title: string;
  /** Which branch, and what GitHub said (raw). */
  text: string;
  /** How to make a No-go block. */
  fix?: EnforcementFix;
  /** The repository's rules settings, when links are given. */
  settingsUrl?: string;
}

/** `run <command> <who>, or <manual>` */
export interface EnforcementFix {
  command: string;
  who: string;
  manual: string;
}

export interface ProblemView {
  problem: ConfigProblem;
  file: string;
  line: number;
  message: string;
  /** `path:line:column` */
  where: string;
  url?: string;
}

export interface SystemView {
  result: SystemResult;
  name: string;
  file: string;
  description?: string;
  /** URL of the readiness file, when links are given. */
  fileUrl?: string;
  verdict: Verdict;
  /** `No-go for production` */
  label: string;
  /** `2 of 9 checks fail, 1 waived` */
  summary: string;
  /** `No-go for production: 2 of 9 checks fail` */
  headline: string;
  judged: JudgedStage;
  /** Why the system cannot be judged as asked. */
  blocker?: string;
  /** `judged by the base branch's readiness file: …` */
  policy?: string;
  owners: readonly string[];
  ownersLine?: number;
  ownersUrl?: string;
  level: string | null;
  ladder: Array<{ stage: string; reached: boolean; judged: boolean }>;
  /** The stage the scores and failing checks are counted at when not gated; undefined when gated. */
  countedAt?: string;
  scores: readonly CategoryScore[];
  weakest?: CategoryScore;
  /**
   * The categories worth a line, in category order: those with checks at the judged stage, those declared
   * not applicable, and missing ones the stage needs (when not gated: would need at the highest stage).
   */
  coverage: CoverageView[];
  /** `5 of 6 categories covered, 1 missing (monitoring)` */
  coverageSummary: string;
  /** Missing categories that block (or would block at `countedAt`): why a system with passing checks is No-go. */
  missing: CoverageView[];
  /** `Missing categories`, or when not gated `Categories that would be missing at production`. */
  missingTitle: string;
  /** How to fix a missing category, and who can approve declaring it not applicable. Set when any is missing. */
  missingFix?: string;
  /** Where a missing category's check belongs: the readiness file's `checks:` line. */
  checksLine?: number;
  checksUrl?: string;
  /** `Failing checks`, or when not gated `Checks that would fail at production`. */
  blockingTitle: string;
  /** Failing and erroring checks: what to fix. */
  blocking: CheckView[];
  /** The other checks, worst first. */
  rest: CheckView[];
  /** How many of `rest` have each status, worded ("8 passing"). */
  restCounts: Array<{ status: CheckStatus; count: number; word: string }>;
  /** Every check, worst first. */
  checks: CheckView[];
  waivers: WaiverView[];
}

export interface CoverageView {
  coverage: CategoryCoverage;
  category: string;
  state: CategoryCoverage["state"];
  /** `covered`, `waived`, `not applicable`, `missing` */
  word: string;
  /** Passed of required checks, when the category has checks counted. */
  score?: CategoryScore;
  /**
   * One sentence: missing, what is missing (`no check says how this system is monitored`); not applicable,
   * the reason; waived, that every check is waived; covered, which checks.
   */
  text: string;
  /** not-applicable: the owner who approved it. */
  approvedBy?: string;
  /** Line in the readiness file: the notApplicable entry, or for a missing category the checks list. */
  line?: number;
  url?: string;
}

export interface EvidenceView {
  path: string;
  line?: number;
  /** `path:line` */
  label: string;
  url?: string;
}

export interface CheckView {
  result: CheckResult;
  id: string;
  title: string;
  category: string;
  kind: string;
  /** The first stage that requires the check. */
  stage: string;
  status: CheckStatus;
  /** `could not be evaluated` */
  statusWord: string;
  /** Line of the check in the readiness file; `url` links to it. */
  line: number;
  url?: string;
  summary: string;
  measured?: string;
  bar?: string;
  maxAge?: string;
  evidence: EvidenceView[];
  details: readonly string[];
  /** The waiver that applied to the check, with its state in words. */
  waiver?: { outcome: WaiverOutcome; text: string };
  /** One cell of a checks table: the summary, or when not required, from which stage it is. */
  outcome: string;
}

export interface WaiverView {
  outcome: WaiverOutcome;
  check: string;
  line: number;
  url?: string;
  /** `expires in 3 days: renew it or fix the check` */
  text: string;
  /** The waived check, when the waiver is in use. */
  waived?: CheckView;
}

export interface ViewOptions {
  links?: BlobLinks;
}

export function reportView(report: GateReport, opts: ViewOptions = {}): ReportView {
  const links = opts.links;
  const view: ReportView = {
    verdict: report.verdict,
    headline: reportHeadline(report),
    stage: commonStage(report),
    stages: judgedStages(report),
    single: isSingleSystem(report),
    problems: report.problems.map((p) => {
      const view: ProblemView = {
        problem: p,
        file: p.file,
        line: p.line,
        message: p.message,
        where: `${p.file}:${p.line}:${p.column}`,
      };
      if (links !== undefined) view.url = blobUrl(links, p.file, p.line);
      return view;
    }),
    problemFiles: new Set(report.problems.map((p) => p.file)).size,
    nothingFound: report.problems.length > 0 && report.problems.every((p) => p.nothingFound),
    systems: orderedSystems(report).map((s) => systemView(s, links)),
  };
  if (report.delta !== undefined) view.delta = report.delta;
  if (report.enforcement !== undefined && report.enforcement.branches.length > 0) {
    view.enforcement = enforcementView(report.enforcement, links);
  }
  if (links !== undefined) {
    view.links = links;
    view.commit = { sha: links.sha, repository: links.repository, url: commitUrl(links, links.sha) };
  }
  return view;
}

/** The command that makes the gated branches require the check (`shipgate protect`, docs/cli.md). */
export const PROTECT_COMMAND = "npx shipgate protect --apply";

/** How to make a No-go block: the command with an admin's token, or the same ruleset by hand. */
export function enforcementFix(check: string, branches: readonly string[]): EnforcementFix {
  return {
    command: PROTECT_COMMAND,
    who: "with a repository admin's token in GITHUB_TOKEN",
    manual:
      `in the repository's Settings → Rules → Rulesets, add a branch ruleset targeting ${branches.join(", ")} ` +
      `with "Require status checks to pass" and the check ${check} from GitHub Actions`,
  };
}

function enforcementView(enforcement: Enforcement, links: BlobLinks | undefined): EnforcementView {
  const { check, state } = enforcement;
  const names = (list: readonly { branch: string }[]) => list.map((b) => b.branch).join(", ");
  const reasons = (list: readonly { branch: string; reason: string }[]) =>
    list.map((b) => (enforcement.branches.length > 1 ? `${b.branch}: ${b.reason}` : b.reason)).join("; ");
  let view: EnforcementView;
  if (state === "enforced") {
    view = {
      state,
      title: `A No-go blocks the merge: ${names(enforcement.branches)} requires the ${check} check`,
      text: reasons(enforcement.branches),
    };
  } else {
    const open = enforcement.branches.filter((b) =>
      state === "not-enforced" ? b.state === "not-required" : b.state !== "required",
    );
    view =
      state === "not-enforced"
        ? {
            state,
            level: "warning",
            title: `A No-go does not block merging into ${names(open)}: the branch does not require the ${check} check`,
            text: reasons(open),
            fix: enforcementFix(
              check,
              open.map((b) => b.branch),
            ),
          }
        : {
            state,
            level: "note",
            title: `Shipgate cannot tell whether ${names(open)} requires the ${check} check, so whether a No-go blocks the merge`,
            text: reasons(open),
            fix: enforcementFix(
              check,
              open.map((b) => b.branch),
            ),
          };
  }
  if (links !== undefined && view.fix !== undefined) {
    view.settingsUrl = `${links.serverUrl.replace(/\/+$/, "")}/${links.repository}/settings/rules`;
  }
  return view;
}

/** Worst verdict first; systems with the same verdict keep the report's order. */
export function orderedSystems(report: GateReport): SystemResult[] {
  return [...report.systems].sort(
    (a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict),
  );
}

const POLICY_SOURCE: Record<NonNullable<SystemResult["policy"]>["source"], string> = {
  base: "the base branch's readiness file",
  head: "the pull request's readiness file",
  new: "a new readiness file, used as written",
  local: "the readiness file in the working tree",
};

/** `judged by the base branch's readiness file: the pull request changes its gates` */
export function policyText(policy: NonNullable<SystemResult["policy"]>): string {
  return `judged by ${POLICY_SOURCE[policy.source]}: ${policy.reason}`;
}

function systemView(system: SystemResult, links: BlobLinks | undefined): SystemView {
  const top = system.stages[system.stages.length - 1] ?? "";
  const notGated = system.verdict === "not-gated";
  const judged = judgedStage(system);
  const levelIndex = system.level === null ? -1 : system.stages.indexOf(system.level);
  const checkOf = (c: CheckResult) => checkView(c, system.file, links);
  const all = byStatus(system.checks).map(checkOf);
  const restResults = byStatus(system.checks.filter((c) => c.status !== "fail" && c.status !== "error"));
  const weakest = system.scores.find((s) => s.category === system.weakest);
  const coverageOf = (c: CategoryCoverage) => coverageView(c, system, links);
  const missing = missingCategories(system);
  const coverage = system.coverage
    .filter((c) => c.checks.length > 0 || c.state === "not-applicable" || missing.includes(c))
    .map(coverageOf);
  const view: SystemView = {
    result: system,
    name: system.system,
    file: system.file,
    verdict: system.verdict,
    label: verdictLabel(system.verdict, system.stage),
    summary: systemSummary(system),
    headline: systemHeadline(system),
    judged,
    owners: system.owners,
    level: system.level,
    ladder: system.stages.map((stage, i) => ({
      stage,
      reached: i <= levelIndex,
      judged: stage === judged.stage,
    })),
    scores: system.scores,
    coverage,
    coverageSummary: coverageSummary(system),
    missing: coverage.filter((c) => c.state === "missing"),
    missingTitle: notGated ? `Categories that would be missing at ${top}` : "Missing categories",
    blockingTitle: notGated ? `Checks that would fail at ${top}` : "Failing checks",
    blocking: blockingChecks(system).map(checkOf),
    rest: restResults.map(checkOf),
    restCounts: wordedStatusCounts(system, restResults),
    checks: all,
    waivers: system.waivers.map((w) => {
      const waived = system.checks.find((c) => c.id === w.check && c.status === "waived");
      const out: WaiverView = { outcome: w, check: w.check, line: w.position.line, text: waiverStateText(w) };
      if (links !== undefined) out.url = blobUrl(links, system.file, w.position.line);
      if (waived !== undefined) out.waived = checkOf(waived);
      return out;
    }),
  };
  if (system.description !== undefined) view.description = system.description;
  if (system.blocker !== undefined) view.blocker = system.blocker;
  if (system.policy !== undefined) view.policy = policyText(system.policy);
  if (system.ownersLine !== undefined) view.ownersLine = system.ownersLine;
  if (notGated) view.countedAt = top;
  const checksAt = system.coverage.find((c) => c.state === "missing")?.position;
  if (checksAt !== undefined) {
    view.checksLine = checksAt.line;
    if (links !== undefined) view.checksUrl = blobUrl(links, system.file, checksAt.line);
  }
  if (missing.length > 0) view.missingFix = missingFixText(system, checksAt?.line);
  if (weakest !== undefined) view.weakest = weakest;
  if (links !== undefined) {
    view.fileUrl = blobUrl(links, system.file);
    view.ownersUrl = blobUrl(links, system.file, system.ownersLine);
  }
  return view;
}

function coverageView(
  coverage: CategoryCoverage,
  system: SystemResult,
  links: BlobLinks | undefined,
): CoverageView {
  const score = system.scores.find((s) => s.category === coverage.category);
  const view: CoverageView = {
    coverage,
    category: coverage.category,
    state: coverage.state,
    word: COVERAGE_WORD[coverage.state],
    text: coverageText(coverage),
  };
  if (score !== undefined) view.score = score;
  if (coverage.approvedBy !== undefined) view.approvedBy = coverage.approvedBy;
  if (coverage.position !== undefined) {
    view.line = coverage.position.line;
    if (links !== undefined) view.url = blobUrl(links, system.file, coverage.position.line);
  }
  return view;
}

function coverageText(coverage: CategoryCoverage): string {
  switch (coverage.state) {
    case "missing":
      return (coverage.finding ?? `${coverage.category}: no check`).replace(/^[a-z]+: /, "");
    case "not-applicable":
      return coverage.reason ?? "declared not applicable";
    case "waived":
      return `every check is waived (${coverage.checks.join(", ")})`;
    case "covered":
      return `checked by ${coverage.checks.join(", ")}`;
  }
}

/** Which file to fix, where, and who can approve an exception instead. */
function missingFixText(system: SystemResult, line: number | undefined): string {
  const where = line !== undefined ? `${system.file} (its checks list, line ${line})` : system.file;
  return (
    `add a check with that category to ${where}, or declare the category under notApplicable ` +
    `with a reason, approved by one of the owners (${system.owners.join(", ")})`
  );
}

function checkView(check: CheckResult, file: string, links: BlobLinks | undefined): CheckView {
  const f = check.finding;
  const view: CheckView = {
    result: check,
    id: check.id,
    title: check.title,
    category: check.category,
    kind: check.kind,
    stage: check.stage,
    status: check.status,
    statusWord: STATUS_WORD[check.status],
    line: check.position.line,
    summary: f.summary,
    evidence: f.evidence.map((r) => evidenceView(r, links)),
    details: f.details ?? [],
    outcome: check.status === "not-required" ? `required from ${check.stage}` : f.summary,
  };
  if (links !== undefined) view.url = blobUrl(links, file, check.position.line);
  if (f.measured !== undefined) view.measured = f.measured;
  if (f.bar !== undefined) view.bar = f.bar;
  if (check.maxAge !== undefined) view.maxAge = check.maxAge;
  if (check.waiver !== undefined)
    view.waiver = { outcome: check.waiver, text: waiverStateText(check.waiver) };
  return view;
}

function evidenceView(ref: EvidenceRef, links: BlobLinks | undefined): EvidenceView {
  const view: EvidenceView = { path: ref.path, label: evidenceLabel(ref) };
  if (ref.line !== undefined) view.line = ref.line;
  if (links !== undefined) view.url = blobUrl(links, ref.path, ref.line);
  return view;
}

/** `https://github.com/acme/repo/commit/<sha>` */
export function commitUrl(links: BlobLinks, sha: string): string {
  return `${links.serverUrl.replace(/\/+$/, "")}/${links.repository}/commit/${encodeURIComponent(sha)}`;
}

/** `https://github.com/acme/repo/blob/<sha>/path/to/file#L12`, each path segment encoded. */
export function blobUrl(links: BlobLinks, path: string, line?: number): string {
  const encoded = path
    // A lone surrogate would make encodeURIComponent throw.
    .replace(/\p{Cs}/gu, "\uFFFD")
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[()'!*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join("/");
  const server = links.serverUrl.replace(/\/+$/, "");
  const anchor = line !== undefined && line > 0 ? `#L${line}` : "";
  return `${server}/${links.repository}/blob/${encodeURIComponent(links.sha)}/${encoded}${anchor}`;
}
