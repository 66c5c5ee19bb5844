// The pull-request comment and the job summary: the verdict first, then what to fix, then the rest.
// Must fit GitHub's size limit, so an over-long report falls back to a shortened form.
import { formatNumber } from "../evidence/format.js";
import type { EvidenceRef } from "../evidence/types.js";
import type { ConfigProblem } from "../config/types.js";
import type {
  CheckResult,
  CheckStatus,
  GateReport,
  SystemResult,
  Verdict,
  WaiverOutcome,
} from "../gate/types.js";
import { escapeMarkdown as md, mention } from "./escape.js";
import {
  withoutHalfPair,
  blockingChecks,
  byStatus,
  clip,
  evidenceLabel,
  isSingleSystem,
  reportHeadline,
  stageLadder,
  STATUS_WORD,
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

export function renderMarkdown(report: GateReport, opts: MarkdownOptions = {}): string {
  const full = renderFull(report, opts.links);
  const max = opts.maxLength;
  if (max === undefined || full.length <= max) return full;
  return renderShortened(report, opts.links, max);
}

// ---------------------------------------------------------------------------------------------------
// Full form

function renderFull(report: GateReport, links: BlobLinks | undefined): string {
  const out: string[] = [`### ${VERDICT_ICON[report.verdict]} ${md(reportHeadline(report))}`, ""];
  const single = isSingleSystem(report);
  if (report.problems.length > 0) out.push(...problemsSection(report.problems, links, Infinity), "");
  for (const system of orderedSystems(report)) {
    if (!single) out.push(systemHeading(system), "");
    out.push(...systemBody(system, links, single));
  }
  return finish(out);
}

function systemBody(system: SystemResult, links: BlobLinks | undefined, single: boolean): string[] {
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
  if (system.waivers.length > 0) out.push("**Waivers**", "", ...waiverTable(system, links), "");
  out.push(ownersLine(system, links), "");
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
  return ["| Check | Reason | Approved by | Expires | State |", "| --- | --- | --- | --- | --- |", ...rows];
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
  const counts = new Map<CheckStatus, number>();
  for (const c of checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const label = [...counts]
    .map(([status, n]) => {
      const word =
        status === "pass"
          ? "passing"
          : status === "not-required"
            ? `not required at ${system.stage ?? ""}`
            : STATUS_WORD[status];
      return `${STATUS_ICON[status]} ${n} ${md(word)}`;
    })
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

function problemsSection(
  problems: readonly ConfigProblem[],
  links: BlobLinks | undefined,
  cap: number,
): string[] {
  const shown = problems.slice(0, cap);
  const out = [
    "**Invalid readiness files**: fix these first; while any readiness file is invalid the gate says no-go.",
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

/** `https://github.com/acme/repo/blob/<sha>/path/to/file#L12`, each path segment encoded. */
export function blobUrl(links: BlobLinks, path: string, line?: number): string {
  const encoded = path
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
  const out: string[] = [
    `### ${VERDICT_ICON[report.verdict]} ${md(reportHeadline(report))}`,
    "",
    SHORTENED_NOTE,
    "",
  ];
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
