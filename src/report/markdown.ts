// The pull-request comment and the job summary: the verdict first, then what to fix, then the rest.
// Must fit GitHub's size limit, so an over-long report falls back to a shortened form.
import { formatNumber, plural } from "../base/format.js";
import type { EvidenceRef } from "../evidence/types.js";
import type { ConfigProblem } from "../config/types.js";
import type {
  CheckResult,
  CheckStatus,
  GateReport,
  ReportDelta,
  SystemDelta,
  SystemResult,
  Verdict,
  WaiverOutcome,
} from "../gate/types.js";
import { deltaTotals } from "./delta.js";
import { escapeMarkdown as md, mention } from "./escape.js";
import {
  withoutHalfPair,
  blockingChecks,
  byStatus,
  clip,
  evidenceLabel,
  expiryPhrase,
  isSingleSystem,
  reportHeadline,
  stageLadder,
  STATUS_WORD,
  statusCounts,
  systemSummary,
  VERDICT_ORDER,
  verdictLabel,
  waiverStateText,
} from "./words.js";

export interface BlobLinks {
  /** e.g. `https://github.com` */
  serverUrl: string;
  /** `owner/name` */
  repository: string;
  /** The commit the evidence was read at. */
  sha: string;
}

export interface MarkdownOptions {
  links?: BlobLinks;
  /** Never return more characters than this (GitHub comments hold 65,536). */
  maxLength?: number;
}

export const VERDICT_ICON: Record<Verdict, string> = {
  go: "✅",
  conditional: "⚠️",
  "no-go": "❌",
  "not-gated": "⚪",
};

export const STATUS_ICON: Record<CheckStatus, string> = {
  pass: "✅",
  fail: "❌",
  error: "❗",
  waived: "⚠️",
  "not-required": "➖",
  "not-evaluable": "❔",
};

const WAIVER_ICON: Record<WaiverOutcome["state"], string> = {
  active: "✅",
  expiring: "⚠️",
  expired: "⛔",
  unused: "➖",
};

/** Cell text caps: one row must stay readable and one noisy finding must not crowd out the others. */
const SUMMARY_MAX = 500;
const SHORT_SUMMARY_MAX = 200;
const DETAIL_MAX = 200;
const DETAILS_SHOWN = 10;
const EVIDENCE_SHOWN = 3;
/** Items listed per kind of change; the rest are counted. */
const CHANGES_SHOWN = 20;
/** Check names quoted in the one-line summary of what the pull request changes. */
const NAMES_IN_SUMMARY = 5;

export function renderMarkdown(report: GateReport, opts: MarkdownOptions = {}): string {
  const full = renderFull(report, opts.links);
  const max = opts.maxLength;
  if (max === undefined || full.length <= max) return full;
  return renderShortened(report, opts.links, max);
}

// ---------------------------------------------------------------------------------------------------
// Full form

function renderFull(report: GateReport, links: BlobLinks | undefined): string {
  const out: string[] = [verdictLine(report), ""];
  const single = isSingleSystem(report);
  if (report.problems.length > 0) out.push(...problemsSection(report.problems, links, Infinity), "");
  // One system: the change sits below its scores. Several: once, above them, each item naming its system.
  const change = report.delta ? deltaSection(report, report.delta, links) : [];
  if (!single && change.length > 0) out.push(...change, "");
  for (const system of orderedSystems(report)) {
    if (!single) out.push(systemHeading(system), "");
    out.push(...systemBody(system, links, single, single ? change : []));
  }
  return finish(out);
}

/** The one line at the top: the verdict, why, and on a pull request how it moves the checks. */
function verdictLine(report: GateReport): string {
  const delta = report.delta;
  let line = reportHeadline(report);
  if (delta?.compared) {
    const t = deltaTotals(delta);
    const counted = delta.systems.length - t.newSystems;
    if (counted > 0) {
      const moves = [
        t.newlyFailing > 0 ? `${t.newlyFailing} newly failing` : "",
        t.newlyPassing > 0 ? `${t.newlyPassing} newly passing` : "",
      ].filter(Boolean);
      line += moves.length > 0 ? ` · this PR: ${moves.join(", ")}` : " · this PR changes no check's outcome";
    }
  }
  return `### ${VERDICT_ICON[report.verdict]} ${md(line)}`;
}

function systemBody(
  system: SystemResult,
  links: BlobLinks | undefined,
  single: boolean,
  change: readonly string[],
): string[] {
  const out: string[] = [identityLine(system, links, single), ""];
  if (system.verdict !== "not-gated" && system.stageReason !== undefined && system.blocker === undefined) {
    out.push(`Stage: **${md(system.stage ?? "")}** (${md(system.stageReason)})`, "");
  }
  if (system.policy !== undefined) out.push(`Policy: ${md(policyText(system))}`, "");

  const blocking = blockingChecks(system);
  if (blocking.length > 0) {
    out.push(`**${blockingTitle(system)}**`, "", ...failingTable(blocking, links, system.file, "full"), "");
  }
  out.push(scoresLine(system), "");
  out.push(
    `**Readiness level:** ${system.level === null ? "none yet" : `**${md(system.level)}**`} (${md(stageLadder(system, "✅", "❌"))})`,
    "",
  );
  if (change.length > 0) out.push(...change, "");
  out.push(ownersLine(system, links), "");
  if (system.waivers.length > 0) out.push(...waiverTable(system, links), "");
  const rest = byStatus(system.checks.filter((c) => c.status !== "fail" && c.status !== "error"));
  if (rest.length > 0) out.push(...otherChecks(system, rest, links), "");
  return out;
}

function systemHeading(system: SystemResult): string {
  const label = verdictLabel(system.verdict, system.stage);
  return `#### ${VERDICT_ICON[system.verdict]} ${md(system.system)} — ${md(label)}: ${md(systemSummary(system))}`;
}

/** Name (unless a heading already shows it), description and readiness file. */
function identityLine(system: SystemResult, links: BlobLinks | undefined, named: boolean): string {
  const parts = named ? [`**${md(system.system)}**`] : [];
  if (system.description !== undefined) parts.push(md(system.description));
  parts.push(fileLink(links, system.file));
  return parts.join(" · ");
}

function blockingTitle(system: SystemResult): string {
  if (system.verdict === "not-gated")
    return `Checks that would fail at ${md(system.stages[system.stages.length - 1] ?? "")}`;
  return "Failing checks";
}

function policyText(system: SystemResult): string {
  const policy = system.policy!;
  const source = {
    base: "the base branch's readiness file",
    head: "the pull request's readiness file",
    new: "a new readiness file, used as written",
    local: "the readiness file in the working tree",
  }[policy.source];
  return `judged by ${source}: ${policy.reason}`;
}

type Detail = "full" | "short";

function failingTable(
  checks: readonly CheckResult[],
  links: BlobLinks | undefined,
  file: string,
  detail: Detail,
): string[] {
  return [
    "| Check | Category | Measured | Bar | Evidence |",
    "| --- | --- | --- | --- | --- |",
    ...checks.map((c) => failingRow(c, links, file, detail)),
  ];
}

function failingRow(check: CheckResult, links: BlobLinks | undefined, file: string, detail: Detail): string {
  const f = check.finding;
  let what = `${STATUS_ICON[check.status]} ${checkName(check, links, file)}`;
  if (check.title !== check.id) what += `: ${md(check.title)}`;
  what += `<br>${md(clip(f.summary, detail === "full" ? SUMMARY_MAX : SHORT_SUMMARY_MAX))}`;
  if (check.waiver?.state === "expired") {
    what += `<br>⛔ waiver ${md(check.waiver.expires)} ${md(waiverStateText(check.waiver))}`;
  }
  if (detail === "full" && f.details !== undefined && f.details.length > 0) {
    for (const d of f.details.slice(0, DETAILS_SHOWN)) what += `<br>• ${md(clip(d, DETAIL_MAX))}`;
    if (f.details.length > DETAILS_SHOWN)
      what += `<br>• …and ${formatNumber(f.details.length - DETAILS_SHOWN)} more`;
  }
  let bar = f.bar !== undefined ? md(f.bar) : "—";
  if (check.maxAge !== undefined) bar += `<br>evidence at most ${md(check.maxAge)} old`;
  const measured = f.measured !== undefined ? md(f.measured) : "—";
  return `| ${what} | ${check.category} | ${measured} | ${bar} | ${evidenceCell(f.evidence, links)} |`;
}

function checkName(check: CheckResult, links: BlobLinks | undefined, file: string): string {
  const id = md(check.id);
  return links ? `**[${id}](${blobUrl(links, file, check.position.line)})**` : `**${id}**`;
}

function evidenceCell(refs: readonly EvidenceRef[], links: BlobLinks | undefined): string {
  if (refs.length === 0) return "—";
  const shown = refs.slice(0, EVIDENCE_SHOWN).map((r) => fileLink(links, r.path, r.line));
  if (refs.length > EVIDENCE_SHOWN) shown.push(`and ${formatNumber(refs.length - EVIDENCE_SHOWN)} more`);
  return shown.join("<br>");
}

function scoresLine(system: SystemResult): string {
  const top = system.stages[system.stages.length - 1] ?? "";
  const label = system.verdict === "not-gated" ? `**Scores at ${md(top)}:**` : "**Scores:**";
  if (system.scores.length === 0) return `${label} no checks counted`;
  const scores = system.scores
    .map((s) => `${s.category} ${s.passed}/${s.required}${s.passed >= s.required ? " ✅" : ""}`)
    .join(" · ");
  const weakest = system.scores.find((s) => s.category === system.weakest);
  return weakest === undefined
    ? `${label} ${scores}`
    : `${label} ${scores}. Weakest: **${weakest.category}** (${weakest.passed} of ${weakest.required} pass)`;
}

function waiverTable(system: SystemResult, links: BlobLinks | undefined): string[] {
  const rows = system.waivers.map((w) => {
    const check = system.checks.find((c) => c.id === w.check);
    let what = links ? `[${md(w.check)}](${blobUrl(links, system.file, w.position.line)})` : md(w.check);
    if (check !== undefined && check.status === "waived")
      what += `<br>${md(clip(check.finding.summary, SUMMARY_MAX))}`;
    return `| ${what} | ${md(w.reason)} | ${mention(w.approvedBy)} | ${md(w.expires)} | ${WAIVER_ICON[w.state]} ${md(waiverStateText(w))} |`;
  });
  const counts = new Map<WaiverOutcome["state"], number>();
  for (const w of system.waivers) counts.set(w.state, (counts.get(w.state) ?? 0) + 1);
  const label = (["expiring", "expired", "active", "unused"] as const)
    .filter((state) => counts.has(state))
    .map((state) => `${WAIVER_ICON[state]} ${counts.get(state)!} ${state}`)
    .join(" · ");
  return [
    `<details><summary>${plural(system.waivers.length, "waiver")}: ${label}</summary>`,
    "",
    "| Check | Reason | Approved by | Expires | State |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "</details>",
  ];
}

function ownersLine(system: SystemResult, links: BlobLinks | undefined): string {
  const owners = system.owners.map(mention).join(", ");
  return `**Who can approve an exception:** ${owners} (owners in ${fileLink(links, system.file, system.ownersLine)})`;
}

function otherChecks(
  system: SystemResult,
  checks: readonly CheckResult[],
  links: BlobLinks | undefined,
): string[] {
  const label = statusCounts(system, checks)
    .map(({ status, count, word }) => `${STATUS_ICON[status]} ${count} ${md(word)}`)
    .join(" · ");
  const rows = checks.map((c) => {
    const result =
      c.status === "not-required" ? `required from ${c.stage}` : clip(c.finding.summary, SUMMARY_MAX);
    return `| ${checkName(c, links, system.file)} | ${c.category} | ${md(c.stage)} | ${STATUS_ICON[c.status]} ${md(STATUS_WORD[c.status])} | ${md(result)} |`;
  });
  return [
    `<details><summary>${label}</summary>`,
    "",
    "| Check | Category | Stage | Status | Result |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "</details>",
  ];
}

// ---------------------------------------------------------------------------------------------------
// What this pull request changes

const BASE_STATUS_TEXT: Record<CheckStatus, string> = {
  pass: "passed at the base",
  fail: "failed at the base",
  error: "could not be evaluated at the base",
  waived: "was waived at the base",
  "not-required": "was not required at the base",
  "not-evaluable": "was not evaluable at the base",
};

interface ChangeItem {
  system: SystemResult;
  check: CheckResult;
  /** The check's status at the base, for a newly failing check; absent when the base had no such check. */
  baseStatus?: CheckStatus;
}

/** The summary line, then one item per change, each kind capped; empty when there is nothing to compare. */
function deltaSection(report: GateReport, delta: ReportDelta, links: BlobLinks | undefined): string[] {
  const summary = deltaSummaryLine(report, delta, links);
  if (summary === undefined) return [];
  const several = report.systems.length > 1;
  const failing: ChangeItem[] = [];
  const passing: ChangeItem[] = [];
  const waivers: Array<{ system: SystemResult; waiver: WaiverOutcome }> = [];
  const aging: Array<ChangeItem & { ageMs: number; maxAgeMs: number; maxAge: string }> = [];
  const fresh: SystemResult[] = [];
  for (const change of delta.systems) {
    const system = systemOfDelta(report, change);
    if (system === undefined) continue;
    const check = (id: string) => system.checks.find((c) => c.id === id);
    if (change.new && delta.compared) fresh.push(system);
    for (const c of change.newlyFailing) {
      const found = check(c.check);
      if (found !== undefined)
        failing.push({ system, check: found, ...(c.baseStatus ? { baseStatus: c.baseStatus } : {}) });
    }
    for (const c of change.newlyPassing) {
      const found = check(c.check);
      if (found !== undefined) passing.push({ system, check: found });
    }
    for (const w of change.expiringWaivers) {
      const waiver = system.waivers.find((o) => o.check === w.check && o.state === "expiring");
      if (waiver !== undefined) waivers.push({ system, waiver });
    }
    for (const a of change.agingEvidence) {
      const found = check(a.check);
      if (found !== undefined)
        aging.push({ system, check: found, ageMs: a.ageMs, maxAgeMs: a.maxAgeMs, maxAge: a.maxAge });
    }
  }
  const name = (item: ChangeItem) =>
    `${several ? `${md(item.system.system)} · ` : ""}${checkName(item.check, links, item.system.file)}`;
  const items = [
    ...capped(failing, (item) => {
      const before = item.baseStatus === undefined ? "new check" : BASE_STATUS_TEXT[item.baseStatus];
      return `- ${STATUS_ICON[item.check.status]} Newly failing: ${name(item)} (${item.check.category}): ${md(clip(item.check.finding.summary, SHORT_SUMMARY_MAX))} (${before})`;
    }),
    ...capped(passing, (item) =>
      item.check.status === "waived"
        ? `- ⚠️ Now waived: ${name(item)} (${item.check.category}), which failed at the base`
        : `- ✅ Newly passing: ${name(item)} (${item.check.category}): ${md(clip(item.check.finding.summary, SHORT_SUMMARY_MAX))}`,
    ),
    ...capped(waivers, ({ system, waiver }) => {
      const label = `${several ? `${md(system.system)} · ` : ""}${links ? `[${md(waiver.check)}](${blobUrl(links, system.file, waiver.position.line)})` : md(waiver.check)}`;
      return `- ⚠️ Waiver expiring: ${label} ${md(expiryPhrase(waiver))} (${md(waiver.expires)}, approved by ${mention(waiver.approvedBy)}): renew it or fix the check`;
    }),
    ...capped(aging, (item) => {
      const left = Math.max(0, item.maxAgeMs - item.ageMs);
      return `- ⏳ Evidence getting old: ${name(item)}: ${duration(item.ageMs, item.maxAgeMs)} old of maxAge ${md(item.maxAge)}, stale in ${duration(left, item.maxAgeMs, Math.ceil)}: regenerate it`;
    }),
  ];
  if (several) {
    for (const system of fresh) {
      items.push(`- 🆕 ${md(system.system)} is new in this pull request: nothing to compare with`);
    }
  }
  return items.length > 0 ? [summary, "", ...items] : [summary];
}

/**
 * `**What this PR changes** (against base abc1234): 1 newly failing (eval-f1); 1 waiver expires in 3 days`.
 * Kept in the shortened form; undefined when the report has no systems to compare.
 */
function deltaSummaryLine(
  report: GateReport,
  delta: ReportDelta,
  links: BlobLinks | undefined,
): string | undefined {
  if (delta.systems.length === 0) return undefined;
  const t = deltaTotals(delta);
  const parts: string[] = [];
  if (delta.unavailable !== undefined) parts.push(`could not be computed: ${md(delta.unavailable)}`);
  else if (!delta.compared) parts.push("the base commit was not evaluated");
  else {
    const counted = delta.systems.length - t.newSystems;
    if (counted > 0) {
      const moves: string[] = [];
      if (t.newlyFailing > 0)
        moves.push(`${t.newlyFailing} newly failing (${changedNames(report, delta, "newlyFailing")})`);
      if (t.newlyPassing > 0)
        moves.push(`${t.newlyPassing} newly passing (${changedNames(report, delta, "newlyPassing")})`);
      if (moves.length === 0) moves.push("no check changes its outcome");
      if (t.stillFailing > 0) moves.push(`${t.stillFailing} still failing`);
      parts.push(moves.join(", "));
    }
    if (t.newSystems > 0) {
      parts.push(
        report.systems.length === 1
          ? "the readiness file is new in this pull request, so there is nothing to compare with"
          : `${plural(t.newSystems, "system")} new in this pull request`,
      );
    }
  }
  const expiring = delta.systems.flatMap((s) => s.expiringWaivers).sort((a, b) => a.daysLeft - b.daysLeft);
  if (expiring.length === 1)
    parts.push(`1 waiver ${md(expiryPhrase({ ...expiring[0]!, state: "expiring" }))}`);
  else if (expiring.length > 1) parts.push(`${expiring.length} waivers expire within 7 days`);
  if (t.agingEvidence > 0) parts.push(`evidence getting old for ${plural(t.agingEvidence, "check")}`);
  const against =
    delta.baseSha === undefined
      ? ""
      : ` (against base ${links ? `[${shortSha(delta.baseSha)}](${commitUrl(links, delta.baseSha)})` : shortSha(delta.baseSha)})`;
  return `**What this PR changes**${against}: ${parts.join("; ")}`;
}

function changedNames(report: GateReport, delta: ReportDelta, kind: "newlyFailing" | "newlyPassing"): string {
  const several = report.systems.length > 1;
  const names = delta.systems.flatMap((s) =>
    s[kind].map((c) => (several ? `${md(s.system)}: ${md(c.check)}` : md(c.check))),
  );
  const shown = names.slice(0, NAMES_IN_SUMMARY);
  if (names.length > shown.length) shown.push(`and ${formatNumber(names.length - shown.length)} more`);
  return shown.join(", ");
}

function systemOfDelta(report: GateReport, change: SystemDelta): SystemResult | undefined {
  return report.systems.find((s) => s.file === change.file && s.system === change.system);
}

function capped<T>(items: readonly T[], line: (item: T) => string): string[] {
  const out = items.slice(0, CHANGES_SHOWN).map(line);
  if (items.length > CHANGES_SHOWN) out.push(`- …and ${formatNumber(items.length - CHANGES_SHOWN)} more`);
  return out;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * `26 days`, `20 hours`, `45 minutes`: in days when the bar is two days or more. An age is rounded down
 * and the time left rounded up, so that 26 of 30 days reads "26 days old", "stale in 4 days".
 */
function duration(ms: number, scaleMs: number, round: (n: number) => number = Math.floor): string {
  if (scaleMs >= 2 * DAY) return plural(round(ms / DAY), "day");
  if (ms >= 2 * HOUR) return plural(round(ms / HOUR), "hour");
  return plural(round(ms / MINUTE), "minute");
}

function problemsSection(
  problems: readonly ConfigProblem[],
  links: BlobLinks | undefined,
  cap: number,
): string[] {
  const shown = problems.slice(0, cap);
  const out = [
    problems.every((p) => p.nothingFound)
      ? "**Nothing to check**: no readiness file was found, and nothing found is not a pass."
      : "**Invalid readiness files**: fix these first; while any readiness file is invalid the gate says no-go.",
    "",
    ...shown.map(
      (p) => `- ${fileLink(links, p.file, p.line, `${p.file}:${p.line}:${p.column}`)}: ${md(p.message)}`,
    ),
  ];
  if (problems.length > shown.length) {
    out.push(
      `- …and ${formatNumber(problems.length - shown.length)} more problems: see the job summary / check run`,
    );
  }
  return out;
}

function orderedSystems(report: GateReport): SystemResult[] {
  return [...report.systems].sort(
    (a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict),
  );
}

function fileLink(links: BlobLinks | undefined, path: string, line?: number, label?: string): string {
  const text = md(label ?? evidenceLabel(line === undefined ? { path } : { path, line }));
  return links ? `[${text}](${blobUrl(links, path, line)})` : text;
}

/** A commit id from git or the event, shown as GitHub shows one; anything else is escaped like evidence. */
function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/.test(sha) ? sha.slice(0, 7) : md(sha.slice(0, 7));
}

/** `https://github.com/acme/repo/commit/<sha>` */
function commitUrl(links: BlobLinks, sha: string): string {
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

function finish(lines: string[]): string {
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Shortened form: verdict lines and failing checks only, then as many failing rows as fit.

const SHORTENED_NOTE =
  "_This report was shortened to fit the size limit: details, waivers and passing checks are left out; see the job summary / check run._";

function renderShortened(report: GateReport, links: BlobLinks | undefined, max: number): string {
  const most = Math.max(report.problems.length, ...report.systems.map((s) => blockingChecks(s).length), 0);
  const attempt = (cap: number) => renderCapped(report, links, cap);
  let best = attempt(most);
  if (best.length > max) {
    // Largest per-system row cap that fits: the rendering grows with the cap.
    let lo = 0;
    let hi = most;
    best = attempt(0);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      const text = attempt(mid);
      if (text.length <= max) {
        lo = mid;
        best = text;
      } else hi = mid - 1;
    }
  }
  return best.length <= max ? best : hardCut(best, max);
}

function renderCapped(report: GateReport, links: BlobLinks | undefined, cap: number): string {
  const out: string[] = [verdictLine(report), "", SHORTENED_NOTE, ""];
  const change = report.delta ? deltaSummaryLine(report, report.delta, links) : undefined;
  if (change !== undefined) out.push(change, "");
  const single = isSingleSystem(report);
  if (report.problems.length > 0) out.push(...problemsSection(report.problems, links, cap), "");
  for (const system of orderedSystems(report)) {
    if (!single) out.push(systemHeading(system), "");
    out.push(identityLine(system, links, single), "");
    const blocking = blockingChecks(system);
    if (blocking.length > 0) {
      const shown = blocking.slice(0, cap);
      out.push(`**${blockingTitle(system)}**`, "");
      if (shown.length > 0) out.push(...failingTable(shown, links, system.file, "short"), "");
      const more = blocking.length - shown.length;
      if (more > 0) {
        const checks = more === 1 ? "check" : "checks";
        out.push(
          shown.length > 0
            ? `…and ${formatNumber(more)} more failing ${checks}: see the job summary / check run.`
            : `${formatNumber(more)} failing ${checks} ${more === 1 ? "does" : "do"} not fit here: see the job summary / check run.`,
          "",
        );
      }
    }
    out.push(ownersLine(system, links), "");
  }
  return finish(out);
}

/** Last resort (a huge number of systems or problems): cut at a line, and say so. */
function hardCut(text: string, max: number): string {
  const tail = "\n\n_…cut to fit the size limit: see the job summary / check run._\n";
  if (max <= tail.length) return clip(text, max);
  const room = text.slice(0, max - tail.length);
  const at = room.lastIndexOf("\n");
  return `${withoutHalfPair(at > 0 ? room.slice(0, at) : room)}${tail}`;
}
