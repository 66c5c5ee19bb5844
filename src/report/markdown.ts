// The pull-request comment and the job summary: the verdict first, then what to fix, then the rest.
// Must fit GitHub's size limit, so an over-long report falls back to a shortened form.
import { formatNumber, plural } from "../base/format.js";
import type {
  CheckStatus,
  GateReport,
  ReportDelta,
  SystemDelta,
  Verdict,
  WaiverOutcome,
} from "../gate/types.js";
import { EXPIRING_WITHIN_DAYS } from "../gate/waivers.js";
import { deltaTotals } from "./delta.js";
import { escapeMarkdown as md, mention } from "./escape.js";
import { commitUrl, reportView, type BlobLinks } from "./view.js";
import type { CheckView, CoverageView, EvidenceView, ReportView, SystemView, WaiverView } from "./view.js";
import { withoutHalfPair, clip, evidenceLabel, expiryPhrase, stageLadder } from "./words.js";

export { blobUrl, type BlobLinks } from "./view.js";

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
  const view = reportView(report, opts.links ? { links: opts.links } : {});
  const full = renderFull(view);
  const max = opts.maxLength;
  if (max === undefined || full.length <= max) return full;
  return renderShortened(view, max);
}

// ---------------------------------------------------------------------------------------------------
// Full form

function renderFull(view: ReportView): string {
  const out: string[] = [verdictLine(view), "", ...enforcementSection(view)];
  const single = view.single;
  if (view.problems.length > 0) out.push(...problemsSection(view, Infinity), "");
  // One system: the change sits below its scores. Several: once, above them, each item naming its system.
  const change = view.delta ? deltaSection(view, view.delta) : [];
  if (!single && change.length > 0) out.push(...change, "");
  for (const system of view.systems) {
    if (!single) out.push(systemHeading(system), "");
    out.push(...systemBody(system, single, single ? change : []));
  }
  return finish(out);
}

/** The one line at the top: the verdict, why, and on a pull request how it moves the checks. */
function verdictLine(view: ReportView): string {
  const delta = view.delta;
  let line = view.headline;
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
  return `### ${VERDICT_ICON[view.verdict]} ${md(line)}`;
}

/** Under the verdict: a warning when a No-go blocks nothing, a quieter note when GitHub could not say. */
function enforcementSection(view: ReportView): string[] {
  const e = view.enforcement;
  if (e?.level === undefined) return [];
  const icon = e.level === "warning" ? "⚠️" : "ℹ️";
  const out = [`> ${icon} **${md(e.title)}.** ${md(e.text)}.`];
  if (e.fix !== undefined) {
    const manual =
      e.settingsUrl !== undefined ? `[${md(e.fix.manual)}](<${e.settingsUrl}>)` : md(e.fix.manual);
    out.push(">", `> To make it block: run \`${e.fix.command}\` ${md(e.fix.who)}, or ${manual}.`);
  }
  return [...out, ""];
}

function systemBody(system: SystemView, single: boolean, change: readonly string[]): string[] {
  const out: string[] = [identityLine(system, single), ""];
  if (system.judged.stage !== null && system.blocker === undefined) {
    out.push(`Stage: **${md(system.judged.stage)}** (${md(system.judged.why)})`, "");
  }
  if (system.policy !== undefined) out.push(`Policy: ${md(system.policy)}`, "");

  if (system.missing.length > 0) out.push(...missingSection(system), "");
  if (system.blocking.length > 0) {
    out.push(`**${md(system.blockingTitle)}**`, "", ...failingTable(system.blocking, "full"), "");
  }
  out.push(scoresLine(system), "", `**Coverage:** ${md(system.coverageSummary)}`, "");
  const notApplicable = notApplicableLines(system);
  if (notApplicable.length > 0) out.push(...notApplicable, "");
  out.push(
    `**Readiness level:** ${system.level === null ? "none yet" : `**${md(system.level)}**`} (${md(stageLadder(system.result, "✅", "❌"))})`,
    "",
  );
  if (change.length > 0) out.push(...change, "");
  out.push(ownersLine(system), "");
  if (system.waivers.length > 0) out.push(...waiverTable(system), "");
  if (system.rest.length > 0) out.push(...otherChecks(system), "");
  return out;
}

function systemHeading(system: SystemView): string {
  return `#### ${VERDICT_ICON[system.verdict]} ${md(system.name)} — ${md(system.label)}: ${md(system.summary)}`;
}

/** Name (unless a heading already shows it), description and readiness file. */
function identityLine(system: SystemView, named: boolean): string {
  const parts = named ? [`**${md(system.name)}**`] : [];
  if (system.description !== undefined) parts.push(md(system.description));
  parts.push(link(system.file, system.fileUrl));
  return parts.join(" · ");
}

type Detail = "full" | "short";

function failingTable(checks: readonly CheckView[], detail: Detail): string[] {
  return [
    "| Check | Category | Measured | Bar | Evidence |",
    "| --- | --- | --- | --- | --- |",
    ...checks.map((c) => failingRow(c, detail)),
  ];
}

function failingRow(check: CheckView, detail: Detail): string {
  let what = `${STATUS_ICON[check.status]} ${checkName(check)}`;
  if (check.title !== check.id) what += `: ${md(check.title)}`;
  what += `<br>${md(clip(check.summary, detail === "full" ? SUMMARY_MAX : SHORT_SUMMARY_MAX))}`;
  if (check.waiver?.outcome.state === "expired") {
    what += `<br>⛔ waiver ${md(check.waiver.outcome.expires)} ${md(check.waiver.text)}`;
  }
  if (detail === "full" && check.details.length > 0) {
    for (const d of check.details.slice(0, DETAILS_SHOWN)) what += `<br>• ${md(clip(d, DETAIL_MAX))}`;
    if (check.details.length > DETAILS_SHOWN)
      what += `<br>• …and ${formatNumber(check.details.length - DETAILS_SHOWN)} more`;
  }
  let bar = check.bar !== undefined ? md(check.bar) : "—";
  if (check.maxAge !== undefined) bar += `<br>evidence at most ${md(check.maxAge)} old`;
  const measured = check.measured !== undefined ? md(check.measured) : "—";
  return `| ${what} | ${check.category} | ${measured} | ${bar} | ${evidenceCell(check.evidence)} |`;
}

function checkName(check: CheckView): string {
  const id = md(check.id);
  return check.url !== undefined ? `**[${id}](${check.url})**` : `**${id}**`;
}

function evidenceCell(refs: readonly EvidenceView[]): string {
  if (refs.length === 0) return "—";
  const shown = refs.slice(0, EVIDENCE_SHOWN).map((r) => link(r.label, r.url));
  if (refs.length > EVIDENCE_SHOWN) shown.push(`and ${formatNumber(refs.length - EVIDENCE_SHOWN)} more`);
  return shown.join("<br>");
}

/** Categories with no check where the stage needs one: what is missing, the file to fix, who may waive. */
function missingSection(system: SystemView): string[] {
  const rows = system.missing.map((c) => `| ❌ **${c.category}** | ${md(c.text)} |`);
  const owners = system.owners.map(mention).join(", ");
  return [
    `**${md(system.missingTitle)}**`,
    "",
    "| Category | What is missing |",
    "| --- | --- |",
    ...rows,
    "",
    `To fix: add a check with that \`category\` to ${link(where(system, system.checksLine), system.checksUrl)}, or declare the category under \`notApplicable\` with a reason, approved by one of the owners (${owners}).`,
  ];
}

function where(system: SystemView, line: number | undefined): string {
  return evidenceLabel(line === undefined ? { path: system.file } : { path: system.file, line });
}

const COVERAGE_ICON: Record<CoverageView["state"], string> = {
  covered: "",
  waived: "⚠️",
  "not-applicable": "➖",
  missing: "❌",
};

/** Scores and coverage, one entry per category: `model 2/2 ✅ · monitoring ❌ missing · data ➖ n/a`. */
function scoresLine(system: SystemView): string {
  const label = system.countedAt !== undefined ? `**Scores at ${md(system.countedAt)}:**` : "**Scores:**";
  if (system.coverage.length === 0) return `${label} no checks counted`;
  const scores = system.coverage
    .map((c) => {
      if (c.state === "missing") return `${c.category} ❌ **missing**`;
      if (c.state === "not-applicable") return `${c.category} ➖ not applicable`;
      const s = c.score;
      // Covered only by checks left out locally: no score to show.
      const counted =
        s === undefined
          ? `${c.category} ❔ not evaluable locally`
          : `${c.category} ${s.passed}/${s.required}`;
      if (c.state === "waived") return `${counted} ${COVERAGE_ICON.waived} waived`;
      return s !== undefined && s.passed >= s.required ? `${counted} ✅` : counted;
    })
    .join(" · ");
  const weakest = system.weakest;
  return weakest === undefined
    ? `${label} ${scores}`
    : `${label} ${scores}. Weakest: **${weakest.category}** (${weakest.passed} of ${weakest.required} pass)`;
}

/** `➖ **data** not applicable: The system ranks a fixed catalogue (approved by @carol, readiness.yml:20)` */
function notApplicableLines(system: SystemView): string[] {
  return system.coverage
    .filter((c) => c.state === "not-applicable")
    .map(
      (c) =>
        `- ➖ **${c.category}** not applicable: ${md(c.text)} (approved by ${c.approvedBy !== undefined ? mention(c.approvedBy) : "nobody"}, ${link(where(system, c.line), c.url)})`,
    );
}

function waiverTable(system: SystemView): string[] {
  const rows = system.waivers.map((w) => {
    let what = w.url !== undefined ? `[${md(w.check)}](${w.url})` : md(w.check);
    if (w.waived !== undefined) what += `<br>${md(clip(w.waived.summary, SUMMARY_MAX))}`;
    const o = w.outcome;
    return `| ${what} | ${md(o.reason)} | ${mention(o.approvedBy)} | ${md(o.expires)} | ${WAIVER_ICON[o.state]} ${md(w.text)} |`;
  });
  const counts = new Map<WaiverOutcome["state"], number>();
  for (const w of system.waivers) counts.set(w.outcome.state, (counts.get(w.outcome.state) ?? 0) + 1);
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

function ownersLine(system: SystemView): string {
  const owners = system.owners.map(mention).join(", ");
  const where = evidenceLabel(
    system.ownersLine === undefined ? { path: system.file } : { path: system.file, line: system.ownersLine },
  );
  return `**Who can approve an exception:** ${owners} (owners in ${link(where, system.ownersUrl)})`;
}

function otherChecks(system: SystemView): string[] {
  const label = system.restCounts
    .map(({ status, count, word }) => `${STATUS_ICON[status]} ${count} ${md(word)}`)
    .join(" · ");
  const rows = system.rest.map(
    (c) =>
      `| ${checkName(c)} | ${c.category} | ${md(c.stage)} | ${STATUS_ICON[c.status]} ${md(c.statusWord)} | ${md(clip(c.outcome, SUMMARY_MAX))} |`,
  );
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
  system: SystemView;
  check: CheckView;
  /** The check's status at the base, for a newly failing check; absent when the base had no such check. */
  baseStatus?: CheckStatus;
}

/** The summary line, then one item per change, each kind capped; empty when there is nothing to compare. */
function deltaSection(view: ReportView, delta: ReportDelta): string[] {
  const summary = deltaSummaryLine(view, delta);
  if (summary === undefined) return [];
  const several = view.systems.length > 1;
  const failing: ChangeItem[] = [];
  const passing: ChangeItem[] = [];
  const waivers: Array<{ system: SystemView; waiver: WaiverView }> = [];
  const aging: Array<ChangeItem & { ageMs: number; maxAgeMs: number; maxAge: string }> = [];
  const fresh: SystemView[] = [];
  for (const change of delta.systems) {
    const system = systemOfDelta(view, change);
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
      const waiver = system.waivers.find((o) => o.check === w.check && o.outcome.state === "expiring");
      if (waiver !== undefined) waivers.push({ system, waiver });
    }
    for (const a of change.agingEvidence) {
      const found = check(a.check);
      if (found !== undefined)
        aging.push({ system, check: found, ageMs: a.ageMs, maxAgeMs: a.maxAgeMs, maxAge: a.maxAge });
    }
  }
  const name = (item: ChangeItem) => `${several ? `${md(item.system.name)} · ` : ""}${checkName(item.check)}`;
  const items = [
    ...capped(failing, (item) => {
      const before = item.baseStatus === undefined ? "new check" : BASE_STATUS_TEXT[item.baseStatus];
      return `- ${STATUS_ICON[item.check.status]} Newly failing: ${name(item)} (${item.check.category}): ${md(clip(item.check.summary, SHORT_SUMMARY_MAX))} (${before})`;
    }),
    ...capped(passing, (item) =>
      item.check.status === "waived"
        ? `- ⚠️ Now waived: ${name(item)} (${item.check.category}), which failed at the base`
        : `- ✅ Newly passing: ${name(item)} (${item.check.category}): ${md(clip(item.check.summary, SHORT_SUMMARY_MAX))}`,
    ),
    ...capped(waivers, ({ system, waiver }) => {
      const w = waiver.outcome;
      const label = `${several ? `${md(system.name)} · ` : ""}${link(w.check, waiver.url)}`;
      return `- ⚠️ Waiver expiring: ${label} ${md(expiryPhrase(w))} (${md(w.expires)}, approved by ${mention(w.approvedBy)}): renew it or fix the check`;
    }),
    ...capped(aging, (item) => {
      const left = Math.max(0, item.maxAgeMs - item.ageMs);
      return `- ⏳ Evidence getting old: ${name(item)}: ${duration(item.ageMs, item.maxAgeMs)} old of maxAge ${md(item.maxAge)}, stale in ${duration(left, item.maxAgeMs, Math.ceil)}: regenerate it`;
    }),
  ];
  if (several) {
    for (const system of fresh) {
      items.push(`- 🆕 ${md(system.name)} is new in this pull request: nothing to compare with`);
    }
  }
  return items.length > 0 ? [summary, "", ...items] : [summary];
}

/**
 * `**What this PR changes** (against base abc1234): 1 newly failing (eval-f1); 1 waiver expires in 3 days`.
 * Kept in the shortened form; undefined when the report has no systems to compare.
 */
function deltaSummaryLine(view: ReportView, delta: ReportDelta): string | undefined {
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
        moves.push(`${t.newlyFailing} newly failing (${changedNames(view, delta, "newlyFailing")})`);
      if (t.newlyPassing > 0)
        moves.push(`${t.newlyPassing} newly passing (${changedNames(view, delta, "newlyPassing")})`);
      if (moves.length === 0) moves.push("no check changes its outcome");
      if (t.stillFailing > 0) moves.push(`${t.stillFailing} still failing`);
      parts.push(moves.join(", "));
    }
    if (t.newSystems > 0) {
      parts.push(
        view.systems.length === 1
          ? "the readiness file is new in this pull request, so there is nothing to compare with"
          : `${plural(t.newSystems, "system")} new in this pull request`,
      );
    }
  }
  const expiring = delta.systems.flatMap((s) => s.expiringWaivers).sort((a, b) => a.daysLeft - b.daysLeft);
  if (expiring.length === 1)
    parts.push(`1 waiver ${md(expiryPhrase({ ...expiring[0]!, state: "expiring" }))}`);
  else if (expiring.length > 1)
    parts.push(`${expiring.length} waivers expire within ${plural(EXPIRING_WITHIN_DAYS, "day")}`);
  if (t.agingEvidence > 0) parts.push(`evidence getting old for ${plural(t.agingEvidence, "check")}`);
  const against =
    delta.baseSha === undefined
      ? ""
      : ` (against base ${view.links ? `[${shortSha(delta.baseSha)}](${commitUrl(view.links, delta.baseSha)})` : shortSha(delta.baseSha)})`;
  return `**What this PR changes**${against}: ${parts.join("; ")}`;
}

function changedNames(view: ReportView, delta: ReportDelta, kind: "newlyFailing" | "newlyPassing"): string {
  const several = view.systems.length > 1;
  const names = delta.systems.flatMap((s) =>
    s[kind].map((c) => (several ? `${md(s.system)}: ${md(c.check)}` : md(c.check))),
  );
  const shown = names.slice(0, NAMES_IN_SUMMARY);
  if (names.length > shown.length) shown.push(`and ${formatNumber(names.length - shown.length)} more`);
  return shown.join(", ");
}

function systemOfDelta(view: ReportView, change: SystemDelta): SystemView | undefined {
  return view.systems.find((s) => s.file === change.file && s.name === change.system);
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

function problemsSection(view: ReportView, cap: number): string[] {
  const shown = view.problems.slice(0, cap);
  const out = [
    view.nothingFound
      ? "**Nothing to check**: no readiness file was found, and nothing found is not a pass."
      : "**Invalid readiness files**: fix these first; while any readiness file is invalid the gate says no-go.",
    "",
    ...shown.map((p) => `- ${link(p.where, p.url)}: ${md(p.message)}`),
  ];
  if (view.problems.length > shown.length) {
    out.push(
      `- …and ${formatNumber(view.problems.length - shown.length)} more problems: see the job summary / check run`,
    );
  }
  return out;
}

/** Text (escaped here) linked to a URL the view built, or plain when there are no links. */
function link(text: string, url: string | undefined): string {
  return url !== undefined ? `[${md(text)}](${url})` : md(text);
}

/** A commit id from git or the event, shown as GitHub shows one; anything else is escaped like evidence. */
function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/.test(sha) ? sha.slice(0, 7) : md(sha.slice(0, 7));
}

function finish(lines: string[]): string {
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Shortened form: verdict lines and failing checks only, then as many failing rows as fit.

const SHORTENED_NOTE =
  "_This report was shortened to fit the size limit: details, waivers and passing checks are left out; see the job summary / check run._";

function renderShortened(view: ReportView, max: number): string {
  const most = Math.max(view.problems.length, ...view.systems.map((s) => s.blocking.length), 0);
  const attempt = (cap: number) => renderCapped(view, cap);
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

function renderCapped(view: ReportView, cap: number): string {
  const out: string[] = [verdictLine(view), "", ...enforcementSection(view), SHORTENED_NOTE, ""];
  const change = view.delta ? deltaSummaryLine(view, view.delta) : undefined;
  if (change !== undefined) out.push(change, "");
  const single = view.single;
  if (view.problems.length > 0) out.push(...problemsSection(view, cap), "");
  for (const system of view.systems) {
    if (!single) out.push(systemHeading(system), "");
    out.push(identityLine(system, single), "");
    if (system.missing.length > 0) out.push(...missingSection(system), "");
    const blocking = system.blocking;
    if (blocking.length > 0) {
      const shown = blocking.slice(0, cap);
      out.push(`**${md(system.blockingTitle)}**`, "");
      if (shown.length > 0) out.push(...failingTable(shown, "short"), "");
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
    out.push(ownersLine(system), "");
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
