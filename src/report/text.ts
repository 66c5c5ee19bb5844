// Terminal output for `shipgate check`: the verdict line, then every check of every system, worst first.
import { formatNumber } from "../base/format.js";
import type { CheckStatus, GateReport, Verdict } from "../gate/types.js";
import { sanitizeTerminal as t } from "./escape.js";
import { paint, type Paint } from "./paint.js";
import { renderProblems } from "./problems.js";
import { reportView, type CheckView, type CoverageView, type SystemView, type WaiverView } from "./view.js";
import { stageLadder } from "./words.js";

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
  const view = reportView(report);
  const out: string[] = [tone(c, view.verdict)(c.bold(`${VERDICT_MARK[view.verdict]} ${t(view.headline)}`))];
  const e = view.enforcement;
  if (e?.level !== undefined) {
    const line = `${e.level === "warning" ? "⚠" : "i"} ${t(e.title)}: ${t(e.text)}`;
    out.push(e.level === "warning" ? c.yellow(line) : line);
    if (e.fix !== undefined)
      out.push(`  to make it block: run ${e.fix.command} ${t(e.fix.who)}, or ${t(e.fix.manual)}`);
  }
  if (report.problems.length > 0) out.push("", renderProblems(report.problems, opts).trimEnd());
  for (const system of view.systems) out.push("", ...systemBlock(system, c, view.single));
  return `${out.join("\n")}\n`;
}

function tone(c: Paint, verdict: Verdict): (text: string) => string {
  return { go: c.green, conditional: c.yellow, "no-go": c.red, "not-gated": c.dim }[verdict];
}

function systemBlock(system: SystemView, c: Paint, single: boolean): string[] {
  const out: string[] = [];
  if (single) out.push(`${c.bold(t(system.name))}  ${t(system.file)}`);
  else {
    out.push(
      tone(
        c,
        system.verdict,
      )(c.bold(`${VERDICT_MARK[system.verdict]} ${t(system.name)}: ${t(system.headline)}`)),
    );
    out.push(`  ${t(system.file)}`);
  }
  if (system.description !== undefined) out.push(`  ${c.dim(t(system.description))}`);
  // A system that is not gated, or cannot be judged as asked, already says why in its verdict line.
  if (system.judged.stage !== null && system.blocker === undefined) {
    out.push(`  stage ${t(system.judged.stage)}: ${t(system.judged.why)}`);
  }
  if (system.policy !== undefined) out.push(`  policy: ${t(system.policy)}`);
  if (system.missing.length > 0) {
    out.push("", `  ${c.bold(t(system.missingTitle.toLowerCase()))}:`);
    for (const m of system.missing) out.push(c.red(`  ✖ ${c.bold(m.category)}: ${t(m.text)}`));
    if (system.missingFix !== undefined) out.push(`    to fix: ${t(system.missingFix)}`);
  }
  out.push("");
  for (const check of system.checks) out.push(...checkLines(check, c));
  out.push("");
  out.push(
    `  level: ${system.level === null ? "none yet" : t(system.level)} (${t(stageLadder(system.result, "✔", "✖"))})`,
  );
  if (system.coverage.length > 0) {
    const scores = system.coverage.map((v) => `${v.category} ${coverageWord(v)}`).join(", ");
    out.push(
      `  scores: ${scores}${system.weakest !== undefined ? `; weakest: ${system.weakest.category}` : ""}`,
    );
  }
  out.push(`  coverage: ${t(system.coverageSummary)}`);
  for (const v of system.coverage.filter((v) => v.state === "not-applicable")) {
    const at = v.line !== undefined ? `, ${t(system.file)}:${v.line}` : "";
    out.push(
      `  ${v.category} not applicable: ${t(v.text)} (approved by ${t(v.approvedBy ?? "nobody")}${at})`,
    );
  }
  if (system.waivers.length > 0) {
    out.push("  waivers:");
    for (const w of system.waivers) out.push(`    ${waiverLine(w, c)}`);
  }
  out.push(`  exceptions are approved by the owners: ${system.owners.map(t).join(", ")}`);
  return out;
}

/** `2/3`, `1/1 waived`, `missing`, `not applicable` */
function coverageWord(v: CoverageView): string {
  if (v.state === "missing" || v.state === "not-applicable") return v.word;
  const counted = v.score !== undefined ? `${v.score.passed}/${v.score.required}` : "not evaluable locally";
  return v.state === "waived" ? `${counted} waived` : counted;
}

function checkLines(check: CheckView, c: Paint): string[] {
  const mark = {
    pass: c.green,
    fail: c.red,
    error: c.red,
    waived: c.yellow,
    "not-required": c.dim,
    "not-evaluable": c.dim,
  }[check.status](MARK[check.status]);
  const head = `  ${mark} ${c.bold(t(check.id))} ${c.dim(`[${check.category}]`)}`;
  if (check.status === "not-required") {
    return [c.dim(`${head} not required (${t(check.outcome)})`)];
  }
  const word = check.status === "pass" || check.status === "fail" ? "" : `${check.statusWord}: `;
  const lines = [`${head} ${word}${t(check.summary)}`];
  if (check.status === "fail" || check.status === "error" || check.status === "waived") {
    const facts: string[] = [];
    if (check.measured !== undefined) facts.push(`measured ${t(check.measured)}`);
    if (check.bar !== undefined) facts.push(`bar ${t(check.bar)}`);
    if (check.maxAge !== undefined) facts.push(`max age ${t(check.maxAge)}`);
    if (check.evidence.length > 0) facts.push(`in ${check.evidence.map((e) => t(e.label)).join(", ")}`);
    if (facts.length > 0) lines.push(c.dim(`      ${facts.join(" · ")}`));
    for (const d of check.details.slice(0, DETAILS_SHOWN)) lines.push(c.dim(`      · ${t(d)}`));
    const hidden = check.details.length - DETAILS_SHOWN;
    if (hidden > 0) lines.push(c.dim(`      · …and ${formatNumber(hidden)} more`));
  }
  if (check.waiver !== undefined && check.status !== "pass") {
    const w = check.waiver.outcome;
    const line = `      waiver by ${t(w.approvedBy)} until ${t(w.expires)}: ${t(check.waiver.text)}`;
    lines.push(w.state === "expired" || w.state === "expiring" ? c.yellow(line) : c.dim(line));
  }
  return lines;
}

function waiverLine(waiver: WaiverView, c: Paint): string {
  const w = waiver.outcome;
  const mark = { active: "✔", expiring: "⚠", expired: "✖", unused: "-" }[w.state];
  const line = `${mark} ${t(w.check)} (${t(w.expires)}) ${t(waiver.text)}; approved by ${t(w.approvedBy)}: ${t(w.reason)}`;
  return w.state === "expired" || w.state === "expiring" ? c.yellow(line) : line;
}
