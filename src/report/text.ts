// Terminal output for `shipgate check`: the verdict line, then every check of every system, worst first.
import { formatNumber } from "../base/format.js";
import type {
  CheckResult,
  CheckStatus,
  GateReport,
  SystemResult,
  Verdict,
  WaiverOutcome,
} from "../gate/types.js";
import { sanitizeTerminal as t } from "./escape.js";
import { paint, type Paint } from "./paint.js";
import { renderProblems } from "./problems.js";
import {
  byStatus,
  evidenceLabel,
  isSingleSystem,
  reportHeadline,
  stageLadder,
  STATUS_WORD,
  systemHeadline,
  VERDICT_ORDER,
  waiverStateText,
} from "./words.js";

const MARK: Record<CheckStatus, string> = {
  pass: "✔",
  fail: "✖",
  error: "✖",
  waived: "⚠",
  "not-required": "-",
  "not-evaluable": "?",
};

const VERDICT_MARK: Record<Verdict, string> = { go: "✔", conditional: "⚠", "no-go": "✖", "not-gated": "-" };

const DETAILS_SHOWN = 10;

export function renderText(report: GateReport, opts: { color: boolean }): string {
  const c = paint(opts.color);
  const out: string[] = [
    tone(c, report.verdict)(c.bold(`${VERDICT_MARK[report.verdict]} ${t(reportHeadline(report))}`)),
  ];
  if (report.problems.length > 0) out.push("", renderProblems(report.problems, opts).trimEnd());
  const single = isSingleSystem(report);
  const systems = [...report.systems].sort(
    (a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict),
  );
  for (const system of systems) out.push("", ...systemBlock(system, c, single));
  return `${out.join("\n")}\n`;
}

function tone(c: Paint, verdict: Verdict): (text: string) => string {
  return { go: c.green, conditional: c.yellow, "no-go": c.red, "not-gated": c.dim }[verdict];
}

function systemBlock(system: SystemResult, c: Paint, single: boolean): string[] {
  const out: string[] = [];
  if (single) out.push(`${c.bold(t(system.system))}  ${t(system.file)}`);
  else {
    out.push(
      tone(
        c,
        system.verdict,
      )(c.bold(`${VERDICT_MARK[system.verdict]} ${t(system.system)}: ${t(systemHeadline(system))}`)),
    );
    out.push(`  ${t(system.file)}`);
  }
  if (system.description !== undefined) out.push(`  ${c.dim(t(system.description))}`);
  // A system that is not gated already says why in its verdict line.
  if (system.stageReason !== undefined && system.verdict !== "not-gated") {
    out.push(`  ${system.stage !== null ? `stage ${t(system.stage)}: ` : ""}${t(system.stageReason)}`);
  }
  if (system.policy !== undefined)
    out.push(`  policy: ${t(system.policy.source)} version, ${t(system.policy.reason)}`);
  out.push("");
  for (const check of byStatus(system.checks)) out.push(...checkLines(check, c));
  out.push("");
  out.push(
    `  level: ${system.level === null ? "none yet" : t(system.level)} (${t(stageLadder(system, "✔", "✖"))})`,
  );
  if (system.scores.length > 0) {
    const scores = system.scores.map((s) => `${s.category} ${s.passed}/${s.required}`).join(", ");
    out.push(`  scores: ${scores}${system.weakest !== undefined ? `; weakest: ${system.weakest}` : ""}`);
  }
  if (system.waivers.length > 0) {
    out.push("  waivers:");
    for (const w of system.waivers) out.push(`    ${waiverLine(w, c)}`);
  }
  out.push(`  exceptions are approved by the owners: ${system.owners.map(t).join(", ")}`);
  return out;
}

function checkLines(check: CheckResult, c: Paint): string[] {
  const mark = {
    pass: c.green,
    fail: c.red,
    error: c.red,
    waived: c.yellow,
    "not-required": c.dim,
    "not-evaluable": c.dim,
  }[check.status](MARK[check.status]);
  const f = check.finding;
  const head = `  ${mark} ${c.bold(t(check.id))} ${c.dim(`[${check.category}]`)}`;
  if (check.status === "not-required") {
    return [c.dim(`${head} not required (required from ${t(check.stage)})`)];
  }
  const word = check.status === "pass" || check.status === "fail" ? "" : `${STATUS_WORD[check.status]}: `;
  const lines = [`${head} ${word}${t(f.summary)}`];
  if (check.status === "fail" || check.status === "error" || check.status === "waived") {
    const facts: string[] = [];
    if (f.measured !== undefined) facts.push(`measured ${t(f.measured)}`);
    if (f.bar !== undefined) facts.push(`bar ${t(f.bar)}`);
    if (check.maxAge !== undefined) facts.push(`max age ${t(check.maxAge)}`);
    if (f.evidence.length > 0) facts.push(`in ${f.evidence.map((e) => t(evidenceLabel(e))).join(", ")}`);
    if (facts.length > 0) lines.push(c.dim(`      ${facts.join(" · ")}`));
    for (const d of (f.details ?? []).slice(0, DETAILS_SHOWN)) lines.push(c.dim(`      · ${t(d)}`));
    const hidden = (f.details?.length ?? 0) - DETAILS_SHOWN;
    if (hidden > 0) lines.push(c.dim(`      · …and ${formatNumber(hidden)} more`));
  }
  if (check.waiver !== undefined && check.status !== "pass") {
    const w = check.waiver;
    const line = `      waiver by ${t(w.approvedBy)} until ${t(w.expires)}: ${t(waiverStateText(w))}`;
    lines.push(w.state === "expired" || w.state === "expiring" ? c.yellow(line) : c.dim(line));
  }
  return lines;
}

function waiverLine(w: WaiverOutcome, c: Paint): string {
  const mark = { active: "✔", expiring: "⚠", expired: "✖", unused: "-" }[w.state];
  const line = `${mark} ${t(w.check)} (${t(w.expires)}) ${t(waiverStateText(w))}; approved by ${t(w.approvedBy)}: ${t(w.reason)}`;
  return w.state === "expired" || w.state === "expiring" ? c.yellow(line) : line;
}
