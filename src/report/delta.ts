// What a pull request changes: the head report against the base commit's report under the same policy.
// Pure. Explanation only: the verdict is the head's alone, whatever the delta says.
import type {
  AgingEvidence,
  CheckChange,
  CheckResult,
  CheckStatus,
  ExpiringWaiver,
  GateReport,
  ReportDelta,
  SystemDelta,
  SystemResult,
} from "../gate/types.js";

/** Evidence that has used this share of its maxAge is getting old. */
export const AGING_SHARE = 0.8;

const FAILING: ReadonlySet<CheckStatus> = new Set(["fail", "error"]);
const HOLDING: ReadonlySet<CheckStatus> = new Set(["pass", "waived"]);

/**
 * Compares the head report with the base report, system by system (matched by readiness file, then by
 * name). Without a base, only the head's own warnings are listed: expiring waivers and aging evidence.
 */
export function compareReports(
  head: GateReport,
  base: GateReport | undefined,
  about: { baseSha?: string; unavailable?: string } = {},
): ReportDelta {
  const delta: ReportDelta = {
    compared: base !== undefined,
    ...(about.baseSha !== undefined ? { baseSha: about.baseSha } : {}),
    ...(about.unavailable !== undefined ? { unavailable: about.unavailable } : {}),
    systems: head.systems.map((system) => compareSystem(system, base && baseSystemOf(system, base))),
  };
  return delta;
}

function baseSystemOf(system: SystemResult, base: GateReport): SystemResult | null {
  // A readiness file new in the pull request has no base, even though its evidence could be read there.
  if (system.policy?.source === "new") return null;
  return (
    base.systems.find((s) => s.file === system.file) ??
    base.systems.find((s) => s.system === system.system) ??
    null
  );
}

/** `base`: undefined when nothing was compared; null when the system has no base to compare with. */
function compareSystem(head: SystemResult, base: SystemResult | null | undefined): SystemDelta {
  const newlyFailing: CheckChange[] = [];
  const newlyPassing: CheckChange[] = [];
  let stillFailing = 0;
  if (base) {
    const before = new Map(base.checks.map((c) => [c.id, c]));
    for (const check of head.checks) {
      const was = before.get(check.id);
      const change: CheckChange = {
        check: check.id,
        status: check.status,
        ...(was !== undefined ? { baseStatus: was.status } : {}),
      };
      const failsNow = FAILING.has(check.status);
      const failedBefore = was !== undefined && FAILING.has(was.status);
      if (failsNow && failedBefore) stillFailing++;
      else if (failsNow) newlyFailing.push(change);
      else if (failedBefore && HOLDING.has(check.status)) newlyPassing.push(change);
    }
  }
  return {
    system: head.system,
    file: head.file,
    new: base === null,
    newlyFailing,
    newlyPassing,
    stillFailing,
    expiringWaivers: expiringWaivers(head),
    agingEvidence: head.checks.flatMap((c) => agingOf(c) ?? []),
  };
}

function expiringWaivers(system: SystemResult): ExpiringWaiver[] {
  return system.waivers
    .filter((w) => w.state === "expiring")
    .sort((a, b) => a.daysLeft - b.daysLeft)
    .map((w) => ({ check: w.check, expires: w.expires, daysLeft: w.daysLeft }));
}

/** A passing check whose evidence is within maxAge but past AGING_SHARE of it. */
export function agingOf(check: CheckResult): AgingEvidence | undefined {
  const age = check.finding.age;
  if (check.status !== "pass" || age === undefined || check.maxAge === undefined) return undefined;
  if (age.ageMs < AGING_SHARE * age.maxAgeMs || age.ageMs > age.maxAgeMs) return undefined;
  return { check: check.id, maxAge: check.maxAge, ageMs: age.ageMs, maxAgeMs: age.maxAgeMs };
}

/**
 * Why a commit the run needs is not in the checkout, and the workflow change that fetches it: the base
 * commit of what a pull request changes, or the baseline of a regression check (`what` names it, `named`
 * is the workflow expression for it, so one fetch step serves every run).
 */
export function baseMissingReason(
  sha: string,
  what = "base commit",
  named = "${{ github.event.pull_request.base.sha }}",
): string {
  return `the checkout does not have the ${what} ${sha.slice(0, 7)} (actions/checkout fetches a single commit by default: set fetch-depth: 0 on it, or fetch that commit in a step before this one: git fetch --no-tags --depth=1 origin ${named})`;
}

/** Totals over the systems that were compared (new systems have nothing to compare). */
export function deltaTotals(delta: ReportDelta): {
  newlyFailing: number;
  newlyPassing: number;
  stillFailing: number;
  expiringWaivers: number;
  agingEvidence: number;
  newSystems: number;
} {
  const sum = (pick: (s: SystemDelta) => number) => delta.systems.reduce((n, s) => n + pick(s), 0);
  return {
    newlyFailing: sum((s) => s.newlyFailing.length),
    newlyPassing: sum((s) => s.newlyPassing.length),
    stillFailing: sum((s) => s.stillFailing),
    expiringWaivers: sum((s) => s.expiringWaivers.length),
    agingEvidence: sum((s) => s.agingEvidence.length),
    newSystems: sum((s) => (s.new ? 1 : 0)),
  };
}
