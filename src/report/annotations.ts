// Check-run annotations: each failing required check at its readiness file line (and at the evidence
// line it points to), waivers that lapse soon or have lapsed, and invalid readiness files.
import type { GateReport } from "../gate/types.js";
import { sanitizeLines, sanitizeTerminal } from "./escape.js";
import { reportView, type CheckView, type SystemView } from "./view.js";
import { clip, expiryPhrase } from "./words.js";

export interface Annotation {
  /** Repository-relative POSIX path. */
  path: string;
  startLine: number;
  endLine: number;
  level: "failure" | "warning" | "notice";
  title: string;
  message: string;
}

/** GitHub's limits: title 255 characters, message 64 KB; a short message reads better anyway. */
const TITLE_MAX = 255;
const MESSAGE_MAX = 4000;
const DETAILS_SHOWN = 10;

export function toAnnotations(report: GateReport): Annotation[] {
  const out: Annotation[] = [];
  const add = (path: string, line: number, level: Annotation["level"], title: string, message: string) => {
    const at = Number.isInteger(line) && line > 0 ? line : 1;
    out.push({
      path,
      startLine: at,
      endLine: at,
      level,
      // GitHub shows annotations as plain text: only hidden characters need showing.
      title: clip(sanitizeTerminal(title), TITLE_MAX),
      message: clip(sanitizeLines(message), MESSAGE_MAX),
    });
  };

  for (const p of report.problems) {
    const title = p.nothingFound ? "shipgate: no readiness file found" : "shipgate: invalid readiness file";
    add(p.file, p.line, "failure", title, `${p.message} (column ${p.column})`);
  }
  // In the report's order, not the display order: annotations are listed by file.
  const view = reportView(report);
  const inReportOrder = report.systems.map((r) => view.systems.find((s) => s.result === r)!);
  for (const system of inReportOrder) {
    if (system.blocker !== undefined)
      add(system.file, 1, "failure", `shipgate: ${system.name}`, system.blocker);
    for (const check of system.blocking) {
      if (!check.result.required) continue;
      const message = checkMessage(system, check);
      add(system.file, check.line, "failure", `shipgate: ${check.id}`, message);
      const pointed = check.evidence.find((e) => e.line !== undefined && e.line > 0);
      if (pointed !== undefined && pointed.line !== undefined) {
        add(pointed.path, pointed.line, "failure", `shipgate: ${check.id}`, message);
      }
    }
    for (const { outcome: w } of system.waivers) {
      if (w.state === "expiring") {
        add(
          system.file,
          w.position.line,
          "warning",
          `shipgate: waiver for ${w.check} ${expiryPhrase(w)}`,
          `The waiver for ${w.check} approved by ${w.approvedBy} ${expiryPhrase(w)} (${w.expires}). ` +
            `Fix the check or ask an owner (${system.owners.join(", ")}) to renew it.`,
        );
      } else if (w.state === "expired") {
        add(
          system.file,
          w.position.line,
          "warning",
          `shipgate: waiver for ${w.check} expired`,
          `The waiver for ${w.check} approved by ${w.approvedBy} ${expiryPhrase(w)} (${w.expires}) and is ignored. ` +
            `Remove it, or ask an owner (${system.owners.join(", ")}) to renew it.`,
        );
      }
    }
  }
  // Failures first: if a consumer must cap the list, warnings are what it drops.
  const rank = { failure: 0, warning: 1, notice: 2 };
  return out.sort((x, y) => rank[x.level] - rank[y.level]); // stable: file order within a level
}

function checkMessage(system: SystemView, check: CheckView): string {
  const lines = [`${check.status === "error" ? "Could not be evaluated" : "Fails"}: ${check.summary}`];
  const facts: string[] = [];
  if (check.measured !== undefined) facts.push(`measured ${check.measured}`);
  if (check.bar !== undefined) facts.push(`bar ${check.bar}`);
  if (check.evidence.length > 0) facts.push(`evidence ${check.evidence.map((e) => e.label).join(", ")}`);
  if (facts.length > 0) lines.push(facts.join("; "));
  for (const d of check.details.slice(0, DETAILS_SHOWN)) lines.push(`- ${d}`);
  if (check.waiver?.outcome.state === "expired")
    lines.push(`Its waiver ${expiryPhrase(check.waiver.outcome)} and is ignored.`);
  const stage = system.judged.stage ?? system.judged.shownAt ?? "?";
  lines.push(`Required at ${stage} (${system.name}). Exceptions: ${system.owners.join(", ")}.`);
  return lines.join("\n");
}
