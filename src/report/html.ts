// The HTML report: one self-contained page (inline CSS, one tiny hashed inline script, nothing fetched)
// that reads well on a laptop, a phone, in dark mode and on paper for an audit file.
import { createHash } from "node:crypto";
import { plural } from "../base/format.js";
import type { CheckStatus, GateReport, Verdict, WaiverOutcome } from "../gate/types.js";
import { showHidden } from "./escape.js";
import { reportView, type BlobLinks } from "./view.js";
import type { CheckView, CoverageView, EvidenceView, ReportView, SystemView } from "./view.js";
import { clip, verdictLabel } from "./words.js";

export interface HtmlOptions {
  /** Link readiness-file lines and evidence files at the head commit. */
  links?: BlobLinks;
  /** The page title; defaults to `Shipgate: <headline>`. */
  title?: string;
}

/**
 * Opens every collapsed section before printing and closes it again afterwards, for browsers without
 * `::details-content` (the CSS does the same where it is supported). Allowed by its hash in the CSP.
 */
export const PRINT_SCRIPT =
  'addEventListener("beforeprint",()=>{for(const d of document.querySelectorAll("details:not([open])")){d.open=true;d.dataset.printOpened=""}});' +
  'addEventListener("afterprint",()=>{for(const d of document.querySelectorAll("details[data-print-opened]")){d.open=false;delete d.dataset.printOpened}});';

const PRINT_SCRIPT_HASH = `sha256-${createHash("sha256").update(PRINT_SCRIPT).digest("base64")}`;

/** Nothing may load: no fonts, images, styles or scripts from anywhere, and no forms or base URL. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'unsafe-inline'; script-src '${PRINT_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

/** Caps: evidence modules already cap their details; these only keep one wild finding in bounds. */
const SUMMARY_MAX = 2000;
const DETAIL_MAX = 500;
const DETAILS_SHOWN = 50;
const EVIDENCE_SHOWN = 20;

const VERDICT_MARK: Record<Verdict, string> = { go: "✓", conditional: "!", "no-go": "✗", "not-gated": "–" };
const STATUS_MARK: Record<CheckStatus, string> = {
  pass: "✓",
  fail: "✗",
  error: "!",
  waived: "~",
  "not-required": "–",
  "not-evaluable": "?",
};
const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: "Pass",
  fail: "Fail",
  error: "Error",
  waived: "Waived",
  "not-required": "Not required",
  "not-evaluable": "Not evaluable",
};
const WAIVER_MARK: Record<WaiverOutcome["state"], string> = {
  active: "✓",
  expiring: "!",
  expired: "✗",
  unused: "–",
};
const WAIVER_LABEL: Record<WaiverOutcome["state"], string> = {
  active: "Active",
  expiring: "Expiring soon",
  expired: "Expired: ignored",
  unused: "Unused",
};
/** Which colour each waiver state borrows. */
const WAIVER_TONE: Record<WaiverOutcome["state"], string> = {
  active: "st-waived",
  expiring: "st-error",
  expired: "st-fail",
  unused: "st-not-required",
};

export function renderHtml(report: GateReport, opts: HtmlOptions = {}): string {
  const links =
    opts.links !== undefined && /^https?:\/\//i.test(opts.links.serverUrl) ? opts.links : undefined;
  const view = reportView(report, links !== undefined ? { links } : {});
  const title = opts.title ?? `Shipgate: ${view.headline}`;
  const systems = view.systems;

  const body: string[] = [
    pageHeader(report, view),
    "<main>",
    view.problems.length > 0 ? problemsSection(view) : "",
    systems.length > 1 ? overview(systems) : "",
    ...systems.map((system, i) => systemSection(system, `s${i + 1}`)),
    "</main>",
    pageFooter(report),
  ];
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="generator" content="Shipgate">',
    `<title>${esc(title)}</title>`,
    `<style>${STYLE}</style>`,
    `<script>${PRINT_SCRIPT}</script>`,
    "</head>",
    "<body>",
    '<div class="page">',
    body.filter((part) => part !== "").join("\n"),
    "</div>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Page header, overview and footer

function pageHeader(report: GateReport, view: ReportView): string {
  const facts: Array<[string, string]> = [["Target", targetText(report)]];
  if (view.stage !== null) facts.push(["Stage judged", `<strong>${esc(view.stage)}</strong>`]);
  facts.push(["Generated", timeHtml(report.generatedAt)]);
  if (view.commit !== undefined) {
    const { commit } = view;
    facts.push([
      "Commit",
      `<a href="${attr(commit.url)}"><code>${esc(commit.repository)}@${esc(commit.sha.slice(0, 12))}</code></a>`,
    ]);
  }
  facts.push(["Report format", `Shipgate report version ${esc(String(report.version))}`]);
  return [
    `<header class="top v-${report.verdict}">`,
    '<p class="eyebrow">Shipgate readiness report</p>',
    `<p class="verdict">${verdictBadge(report.verdict, verdictLabel(report.verdict, null), "big")}</p>`,
    `<h1>${esc(view.headline)}</h1>`,
    enforcementNote(view),
    factList(facts, "meta"),
    "</header>",
  ].join("\n");
}

/** A warning when a No-go blocks nothing, a quieter note when GitHub could not say whether it does. */
function enforcementNote(view: ReportView): string {
  const e = view.enforcement;
  if (e?.level === undefined) return "";
  const cls = e.level === "warning" ? "blocker" : "note";
  const fix =
    e.fix === undefined
      ? ""
      : ` To make it block: run <code>${esc(e.fix.command)}</code> ${esc(e.fix.who)}, or ${
          e.settingsUrl !== undefined && /^https?:\/\//i.test(e.settingsUrl)
            ? `<a href="${attr(e.settingsUrl)}">${esc(e.fix.manual)}</a>`
            : esc(e.fix.manual)
        }.`;
  return `<p class="${cls}"><strong>${esc(e.title)}.</strong> ${esc(e.text)}.${fix}</p>`;
}

function targetText(report: GateReport): string {
  const parts: string[] = [];
  const { target } = report;
  if (target.branch !== undefined && target.branch !== "")
    parts.push(`branch <code>${esc(target.branch)}</code>`);
  if (target.stage !== undefined && target.stage !== "")
    parts.push(`stage <code>${esc(target.stage)}</code> (chosen explicitly)`);
  if (target.local === true) parts.push("local run: checks that need GitHub are not evaluated");
  return parts.length > 0
    ? parts.join(", ")
    : "no branch or stage given: judged at each system's highest stage";
}

function overview(systems: readonly SystemView[]): string {
  const rows = systems.map((s, i) =>
    [
      "<tr>",
      `<th scope="row"><a href="#s${i + 1}">${esc(s.name)}</a></th>`,
      `<td data-l="Verdict">${verdictBadge(s.verdict, s.label)}</td>`,
      `<td data-l="Level">${s.level === null ? "none yet" : esc(s.level)}</td>`,
      `<td data-l="Summary">${esc(s.summary)}</td>`,
      "</tr>",
    ].join(""),
  );
  return [
    '<section class="overview" aria-labelledby="overview-h">',
    `<h2 id="overview-h">${esc(plural(systems.length, "system"))}</h2>`,
    table("reflow", ["System", "Verdict", "Level", "Summary"], rows),
    "</section>",
  ].join("\n");
}

function pageFooter(report: GateReport): string {
  return [
    "<footer>",
    `<p>Generated by Shipgate at ${timeHtml(report.generatedAt)} from a report of format version ${esc(String(report.version))}. ` +
      "This page is self-contained: it loads nothing from the network. Colours repeat what the text says.</p>",
    "</footer>",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Invalid readiness files

function problemsSection(view: ReportView): string {
  const { problems, problemFiles: files, nothingFound } = view;
  const rows = problems.map(
    (p) =>
      `<tr><th scope="row"><code>${fileLink(p.where, p.url)}</code></th><td data-l="Problem">${esc(p.message)}</td></tr>`,
  );
  return [
    '<section class="problems v-no-go" aria-labelledby="problems-h">',
    `<h2 id="problems-h">${verdictBadge("no-go", "No-go")} ${nothingFound ? "Nothing to check" : "Invalid readiness files"}</h2>`,
    nothingFound
      ? "<p>No readiness file was found, and nothing found is not a pass.</p>"
      : `<p>${esc(plural(problems.length, "problem"))} in ${esc(plural(files, "readiness file"))}. Fix these first: while any readiness file is invalid, the gate says no-go.</p>`,
    table("reflow", ["Location", "Problem"], rows),
    "</section>",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// One system

function systemSection(system: SystemView, id: string): string {
  const out: string[] = [
    `<section class="sys v-${system.verdict}" id="${id}" aria-labelledby="${id}-h">`,
    `<h2 id="${id}-h"><span class="name">${esc(system.name)}</span> ${verdictBadge(system.verdict, system.label)}</h2>`,
    `<p class="lead">${esc(system.summary)}</p>`,
  ];
  if (system.blocker !== undefined)
    out.push(`<p class="blocker"><strong>Cannot be judged as asked:</strong> ${esc(system.blocker)}</p>`);
  if (system.missing.length > 0) out.push(missingBlock(system, id));
  out.push(factList(identityFacts(system), "facts"));
  out.push(ladder(system, id), scores(system, id));

  const blocking = system.blocking;
  if (blocking.length > 0) {
    out.push(
      `<h3 id="${id}-fail">${esc(system.blockingTitle)} (${blocking.length})</h3>`,
      ...blocking.map((c) => failingCard(c)),
    );
  }
  if (system.waivers.length > 0) out.push(waivers(system, id));
  if (system.rest.length > 0) out.push(otherChecks(system, id));
  out.push("</section>");
  return out.join("\n");
}

function identityFacts(system: SystemView): Array<[string, string]> {
  const facts: Array<[string, string]> = [];
  if (system.description !== undefined) facts.push(["Description", esc(system.description)]);
  facts.push(["Readiness file", `<code>${fileLink(system.file, system.fileUrl)}</code>`]);
  const { judged } = system;
  if (judged.stage !== null && system.blocker === undefined) {
    facts.push([
      "Stage judged",
      `<strong>${esc(judged.stage)}</strong> <span class="muted">(${esc(judged.why)})</span>`,
    ]);
  } else if (judged.stage === null) {
    const shown =
      judged.shownAt !== undefined ? `; checks are shown as they stand at ${esc(judged.shownAt)}` : "";
    facts.push(["Stage judged", `none: ${esc(judged.why)}${shown}`]);
  }
  if (system.policy !== undefined) facts.push(["Policy", esc(system.policy)]);
  facts.push([
    "Owners",
    `${system.owners.map((o) => esc(o)).join(", ")} <span class="muted">(may change its gates and approve waivers)</span>`,
  ]);
  return facts;
}

/** Stages lowest first, each reached or not, the judged stage marked as the target. */
function ladder(system: SystemView, id: string): string {
  const steps = system.ladder.map(({ stage, reached, judged: target }) => {
    const classes = [reached ? "reached" : "missed", target ? "target" : ""].filter(Boolean).join(" ");
    return [
      `<li class="${classes}"${target ? ' aria-current="step"' : ""}><span class="step">`,
      `<span class="mark" aria-hidden="true">${reached ? "✓" : "✗"}</span> `,
      `<span class="stage">${esc(stage)}</span> `,
      `<span class="state">${reached ? "reached" : "not reached"}</span>`,
      target ? ' <span class="tag">target</span>' : "",
      "</span></li>",
    ].join("");
  });
  const level = system.level === null ? "none yet" : esc(system.level);
  return [
    `<h3 id="${id}-level">Readiness level: ${level}</h3>`,
    `<ol class="ladder" aria-labelledby="${id}-level">`,
    ...steps,
    "</ol>",
  ].join("\n");
}

/** Categories with no check where the stage needs one: why a system whose checks pass is No-go. */
function missingBlock(system: SystemView, id: string): string {
  const where = system.checksLine !== undefined ? `${system.file}:${system.checksLine}` : system.file;
  const items = system.missing.map((c) => `<li><strong>${esc(c.category)}</strong>: ${esc(c.text)}</li>`);
  return [
    `<div class="blocker" role="note" aria-labelledby="${id}-missing">`,
    `<h3 id="${id}-missing">${esc(system.missingTitle)} (${system.missing.length})</h3>`,
    `<ul>${items.join("")}</ul>`,
    `<p>To fix: add a check with that <code>category</code> to <code>${fileLink(where, system.checksUrl)}</code>, or declare the category under <code>notApplicable</code> with a reason, approved by one of the owners (${system.owners.map((o) => esc(o)).join(", ")}).</p>`,
    "</div>",
  ].join("\n");
}

function scores(system: SystemView, id: string): string {
  const heading =
    system.countedAt !== undefined ? `Scores by category at ${esc(system.countedAt)}` : "Scores by category";
  const summary = `<p>Coverage: ${esc(system.coverageSummary)}.</p>`;
  if (system.coverage.length === 0)
    return `<h3 id="${id}-scores">${heading}</h3>\n<p>No checks counted.</p>\n${summary}`;
  const rows = system.coverage.map((c) => {
    const s = c.score;
    const weakest = c.category === system.weakest?.category ? ' <span class="tag">weakest</span>' : "";
    const full = s !== undefined && s.passed >= s.required;
    const pct = s === undefined || s.required === 0 ? 0 : Math.round((s.passed / s.required) * 100);
    const passed =
      s === undefined
        ? '<span class="muted">—</span>'
        : `<span class="nw">${s.passed} of ${s.required}</span>${full ? "" : ` <span class="muted nw">(${s.required - s.passed} short)</span>`}`;
    return [
      `<tr${weakest !== "" || c.state === "missing" ? ' class="weak"' : ""}>`,
      `<th scope="row"><span class="nw">${esc(c.category)}</span>${weakest}</th>`,
      `<td data-l="Passed">${passed}</td>`,
      `<td data-l="Coverage">${coverageCell(system, c)}</td>`,
      `<td class="barcell" aria-hidden="true">${s === undefined ? "" : `<span class="bar"><i class="${full ? "full" : "part"}" style="width:${pct}%"></i></span>`}</td>`,
      "</tr>",
    ].join("");
  });
  const weak = system.weakest;
  const note =
    weak === undefined
      ? ""
      : `<p>Weakest category: <strong>${esc(weak.category)}</strong> (${weak.passed} of ${weak.required} pass).</p>`;
  return [
    `<h3 id="${id}-scores">${heading}</h3>`,
    table("scores reflow", ["Category", "Passed", "Coverage", '<span class="vh">Bar</span>'], rows),
    summary,
    note,
  ]
    .filter(Boolean)
    .join("\n");
}

function coverageCell(system: SystemView, c: CoverageView): string {
  switch (c.state) {
    case "missing":
      return `<strong>missing</strong>: ${esc(c.text)}`;
    case "not-applicable": {
      const where = c.line !== undefined ? `${system.file}:${c.line}` : system.file;
      return `not applicable: ${esc(c.text)} <span class="muted">(approved by ${esc(c.approvedBy ?? "nobody")}, <code>${fileLink(where, c.url)}</code>)</span>`;
    }
    case "waived":
      return `waived <span class="muted">(${esc(c.text)})</span>`;
    case "covered":
      return "covered";
  }
}

function failingCard(check: CheckView): string {
  const figures: Array<[string, string]> = [
    [
      "Measured",
      check.measured !== undefined ? esc(check.measured) : '<span class="muted">not reported</span>',
    ],
    [
      "Bar",
      (check.bar !== undefined ? esc(check.bar) : '<span class="muted">see the summary</span>') +
        (check.maxAge !== undefined
          ? `<br><span class="muted">evidence at most ${esc(check.maxAge)} old</span>`
          : ""),
    ],
    ["Category", `${esc(check.category)} · ${esc(check.kind)} · required from ${esc(check.stage)}`],
    ["Evidence", evidenceList(check.evidence)],
  ];
  const out = [
    `<article class="card st-${check.status}">`,
    `<h4>${statusBadge(check.status)} ${checkName(check)}</h4>`,
  ];
  if (check.title !== check.id) out.push(`<p class="title">${esc(check.title)}</p>`);
  out.push(`<p class="summary">${esc(clip(check.summary, SUMMARY_MAX))}</p>`, factList(figures, "fig"));
  if (check.details.length > 0) {
    const items = check.details.slice(0, DETAILS_SHOWN).map((d) => `<li>${esc(clip(d, DETAIL_MAX))}</li>`);
    if (check.details.length > DETAILS_SHOWN)
      items.push(`<li>…and ${check.details.length - DETAILS_SHOWN} more</li>`);
    out.push(`<ul class="details">${items.join("")}</ul>`);
  }
  if (check.waiver?.outcome.state === "expired") {
    const w = check.waiver;
    out.push(
      `<p class="note">${waiverBadge(w.outcome)} Waiver until ${esc(w.outcome.expires)} ${esc(w.text)}.</p>`,
    );
  }
  out.push("</article>");
  return out.join("\n");
}

function waivers(system: SystemView, id: string): string {
  const rows = system.waivers.map((waiver) => {
    const w = waiver.outcome;
    let what = `<code>${lineLink(w.check, waiver.line, waiver.url)}</code>`;
    const check = waiver.waived;
    if (check !== undefined) {
      what += `<br><span class="muted">${esc(clip(check.summary, SUMMARY_MAX))}</span>`;
      if (check.measured !== undefined || check.bar !== undefined) {
        what += `<br><span class="muted">measured ${esc(check.measured ?? "—")} · bar ${esc(check.bar ?? "—")}</span>`;
      }
    }
    return [
      "<tr>",
      `<th scope="row">${what}</th>`,
      `<td data-l="State">${waiverBadge(w)}<br>${esc(waiver.text)}</td>`,
      `<td data-l="Expires"><time datetime="${attr(w.expires)}">${esc(w.expires)}</time></td>`,
      `<td data-l="Reason">${esc(w.reason)}</td>`,
      `<td data-l="Approved by">${esc(w.approvedBy)}</td>`,
      "</tr>",
    ].join("");
  });
  return [
    `<h3 id="${id}-waivers">Waivers (${system.waivers.length})</h3>`,
    table("reflow", ["Check", "State", "Expires", "Reason", "Approved by"], rows),
  ].join("\n");
}

function otherChecks(system: SystemView, id: string): string {
  const label = system.restCounts.map(({ count, word }) => `${count} ${esc(word)}`).join(" · ");
  const rows = system.rest.map((c) =>
    [
      "<tr>",
      `<th scope="row">${checkName(c)}</th>`,
      `<td data-l="Status">${statusBadge(c.status)}</td>`,
      `<td data-l="Category">${esc(c.category)}</td>`,
      `<td data-l="Stage">${esc(c.stage)}</td>`,
      `<td data-l="Result">${esc(clip(c.outcome, SUMMARY_MAX))}</td>`,
      "</tr>",
    ].join(""),
  );
  return [
    `<h3 id="${id}-other">Other checks (${system.rest.length})</h3>`,
    "<details>",
    `<summary>${label}</summary>`,
    table("reflow", ["Check", "Status", "Category", "Stage", "Result"], rows),
    "</details>",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// Small pieces

/** A path (or `path:line`) linked to the URL the view built, or plain text when there are no links. */
function fileLink(label: string, url: string | undefined): string {
  const text = pathText(label);
  return url !== undefined ? `<a href="${attr(url)}">${text}</a>` : text;
}

/** A name linked to its line in the readiness file; printed as the line number, the file's URL is printed once. */
function lineLink(name: string, line: number, url: string | undefined): string {
  if (url === undefined) return esc(name);
  return `<a class="ln" data-line="${line}" href="${attr(url)}">${esc(name)}</a>`;
}

function checkName(check: CheckView): string {
  return `<code>${lineLink(check.id, check.line, check.url)}</code>`;
}

function evidenceList(refs: readonly EvidenceView[]): string {
  if (refs.length === 0) return '<span class="muted">no file</span>';
  const items = refs.slice(0, EVIDENCE_SHOWN).map((r) => `<li><code>${fileLink(r.label, r.url)}</code></li>`);
  if (refs.length > EVIDENCE_SHOWN) items.push(`<li>…and ${refs.length - EVIDENCE_SHOWN} more</li>`);
  return `<ul class="files">${items.join("")}</ul>`;
}

function verdictBadge(verdict: Verdict, label: string, size = ""): string {
  const cls = size === "" ? `badge v-${verdict}` : `badge ${size} v-${verdict}`;
  return `<span class="${cls}"><span aria-hidden="true">${VERDICT_MARK[verdict]}</span> ${esc(label)}</span>`;
}

function statusBadge(status: CheckStatus): string {
  return `<span class="badge fx st-${status}"><span aria-hidden="true">${STATUS_MARK[status]}</span> ${STATUS_LABEL[status]}</span>`;
}

function waiverBadge(waiver: WaiverOutcome): string {
  return `<span class="badge fx ${WAIVER_TONE[waiver.state]}"><span aria-hidden="true">${WAIVER_MARK[waiver.state]}</span> ${WAIVER_LABEL[waiver.state]}</span>`;
}

function factList(facts: ReadonlyArray<[string, string]>, cls: string): string {
  return `<dl class="${cls}">${facts.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join("")}</dl>`;
}

/** A table in its own scroll container, so a wide table never widens the page. */
function table(cls: string, headers: readonly string[], rows: readonly string[]): string {
  const head = headers.map((h) => `<th scope="col">${h}</th>`).join("");
  return `<div class="scroll"><table class="${cls}"><thead><tr>${head}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table></div>`;
}

function timeHtml(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return esc(iso);
  return `<time datetime="${attr(iso)}">${date.toISOString().slice(0, 19).replace("T", " ")} UTC</time>`;
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** User and evidence text as HTML text: no markup; control, bidi and invisible characters shown as `\u{202E}`. */
export function escapeHtml(text: string): string {
  return showHidden(text.replace(/\r\n?/g, "\n")).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const esc = escapeHtml;

/** A path that prefers to wrap after a slash. */
function pathText(path: string): string {
  return path.split("/").map(esc).join("/<wbr>");
}
const attr = escapeHtml;

// ---------------------------------------------------------------------------------------------------
// Style: light and dark palettes (contrast at least 4.5:1 for text), reflowing tables, print rules.

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--link:#0a58ca;
--ok:#116329;--ok-bg:#dafbe1;--bad:#a40e26;--bad-bg:#ffebe9;--warn:#7a4a00;--warn-bg:#fff3c4;--na:#4b535d;--na-bg:#eaeef2;--track:#d8dee4}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#3d444d;--panel:#161b22;--link:#79c0ff;
--ok:#7ee787;--ok-bg:#0f2d19;--bad:#ffa198;--bad-bg:#3d1418;--warn:#f2cc60;--warn-bg:#33270a;--na:#b7c0ca;--na-bg:#262c36;--track:#30363d}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
.page{max-width:72rem;margin:0 auto;padding:1.5rem clamp(.75rem,3vw,2rem) 3rem}
a{color:var(--link)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em}
h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 .75rem}
h2{font-size:1.35rem;line-height:1.3;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:center}
h3{font-size:1.1rem;margin:1.75rem 0 .6rem}
h4{font-size:1rem;margin:0;display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:center}
p{margin:.5rem 0}
.muted{color:var(--muted)}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.v-go{--tone:var(--ok);--tone-bg:var(--ok-bg)}
.v-conditional{--tone:var(--warn);--tone-bg:var(--warn-bg)}
.v-no-go{--tone:var(--bad);--tone-bg:var(--bad-bg)}
.v-not-gated{--tone:var(--na);--tone-bg:var(--na-bg)}
.st-pass{--tone:var(--ok);--tone-bg:var(--ok-bg)}
.st-fail{--tone:var(--bad);--tone-bg:var(--bad-bg)}
.st-error{--tone:var(--warn);--tone-bg:var(--warn-bg)}
.st-waived{--tone:var(--warn);--tone-bg:var(--warn-bg)}
.st-not-required,.st-not-evaluable{--tone:var(--na);--tone-bg:var(--na-bg)}
.badge{display:inline-block;max-width:100%;padding:.05em .6em;border:1px solid var(--tone);border-radius:1em;background:var(--tone-bg);color:var(--tone);font-size:.85rem;font-weight:600;line-height:1.5;vertical-align:middle}
.badge.big{font-size:1.05rem;padding:.15em .8em}
.top{border:1px solid var(--line);border-left:.5rem solid var(--tone);border-radius:.5rem;padding:1rem 1.25rem;background:var(--panel)}
.eyebrow{margin:0;font-size:.85rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}
.verdict{margin:.5rem 0 0}
.meta,.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(15rem,100%),1fr));gap:.5rem 1.5rem;margin:.75rem 0 0}
.meta div,.facts div,.fig div{min-width:0}
.fig div:last-child{grid-column:1/-1}
dt{font-size:.8rem;font-weight:600;color:var(--muted);letter-spacing:.03em;text-transform:uppercase}
dd{margin:0}
section{margin-top:2.5rem}
.sys{border-top:3px solid var(--tone);padding-top:1rem}
.problems{border:1px solid var(--bad);border-radius:.5rem;padding:1rem 1.25rem;background:var(--panel)}
.problems h2{color:var(--fg)}
.lead{font-size:1.05rem;margin-top:0}
.blocker{border-left:.35rem solid var(--bad);background:var(--bad-bg);padding:.5rem .75rem;border-radius:.25rem}
.ladder{list-style:none;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:0;padding:0}
.ladder li{display:flex;align-items:center;gap:.5rem;max-width:100%}
.ladder li+li::before{content:"→";content:"→" / "";color:var(--muted)}
.step{display:inline-flex;flex-wrap:wrap;align-items:baseline;gap:.4rem;max-width:100%;padding:.3rem .75rem;border:1px solid var(--line);border-radius:.4rem;background:var(--panel)}
.reached .step{border-color:var(--ok)}
.reached .mark{color:var(--ok)}
.missed .mark{color:var(--bad)}
.stage{font-weight:600}
.state{font-size:.85rem;color:var(--muted)}
.target .step{outline:2px solid var(--fg);outline-offset:2px}
.tag{display:inline-block;padding:0 .45em;border:1px solid var(--fg);border-radius:.3em;font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--fg)}
.scroll{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid var(--line)}
thead th{font-size:.8rem;font-weight:600;color:var(--muted);letter-spacing:.03em;text-transform:uppercase;border-bottom-width:2px;overflow-wrap:break-word}
tbody th{font-weight:600}
th .muted{font-weight:400}
table.scores{width:auto;min-width:min(36rem,100%)}
.nw,time,.tag,.fx{white-space:nowrap}
.barcell{width:50%;min-width:5rem;vertical-align:middle}
.bar{display:block;height:.65rem;border-radius:.35rem;background:var(--track);overflow:hidden;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.bar i{display:block;height:100%}
.bar .full{background:var(--ok)}
.bar .part{background:var(--bad)}
.weak th{color:var(--bad)}
.card{border:1px solid var(--line);border-left:.35rem solid var(--tone);border-radius:.4rem;padding:.75rem 1rem;margin:.75rem 0}
.card .title{margin:.35rem 0 0;font-weight:600}
.card .summary{margin:.35rem 0 0}
.fig{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.5rem 1.25rem;margin:.6rem 0 0;padding:.6rem .75rem;border-radius:.3rem;background:var(--panel)}
.files,.details{margin:0;padding-left:1.1rem}
.details{margin-top:.5rem;font-size:.92rem}
.note{margin:.6rem 0 0}
details{margin:.25rem 0}
summary{cursor:pointer;font-weight:600;padding:.35rem 0}
footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--line);font-size:.85rem;color:var(--muted)}
@media (max-width:40rem){
h1{font-size:1.25rem}
.fig{grid-template-columns:repeat(2,minmax(0,1fr));padding:.5rem .6rem}
.card{padding:.6rem .75rem}
.top,.problems{padding:.75rem}
.fig div:nth-child(n+3){grid-column:1/-1}
table.reflow,.reflow tbody,.reflow tr,.reflow th,.reflow td{display:block;width:auto}
.reflow thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
.reflow tr{border:1px solid var(--line);border-radius:.4rem;margin:.5rem 0;padding:.4rem .7rem}
.reflow th,.reflow td{border:0;padding:.15rem 0}
.reflow td[data-l]::before{content:attr(data-l) ": ";font-size:.8rem;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
}
@media print{
:root{color-scheme:light;--bg:#fff;--fg:#000;--muted:#333;--line:#888;--panel:#fff;--link:#000;--ok:#000;--ok-bg:#fff;--bad:#000;--bad-bg:#fff;--warn:#000;--warn-bg:#fff;--na:#000;--na-bg:#fff;--track:#ddd}
body{font-size:10.5pt}
.page{max-width:none;padding:0}
.bar .full,.bar .part{background:#555}
.sys+.sys{break-before:page}
h1,h2,h3,h4{break-after:avoid}
.card,tr,.ladder,.fig,.top{break-inside:avoid}
.scroll{overflow:visible}
details::details-content{content-visibility:visible;display:block}
summary{list-style:none;cursor:auto}
summary::-webkit-details-marker{display:none}
a[href^="http"]::after{content:" <" attr(href) ">";font-size:.8em;font-weight:400;overflow-wrap:anywhere}
a.ln::after{content:" (line " attr(data-line) ")"}
}
`
  .trim()
  .replace(/\n/g, "");
