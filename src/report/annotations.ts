// Check-run annotations: each failing required check at its readiness file line (and at the evidence
// line it points to), waivers that lapse soon or have lapsed, and invalid readiness files.
import type { CheckResult, GateReport, SystemResult } from "../gate/types.js";
import { sanitizeLines, sanitizeTerminal } from "./escape.js";
import { clip, evidenceLabel, expiryPhrase } from "./words.js";

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
  for (const system of report.systems) {
    if (system.blocker !== undefined)
      add(system.file, 1, "failure", `shipgate: ${system.system}`, system.blocker);
    for (const check of system.checks) {
      if (!check.required || (check.status !== "fail" && check.status !== "error")) continue;
      const message = checkMessage(system, check);
      add(system.file, check.position.line, "failure", `shipgate: ${check.id}`, message);
      const pointed = check.finding.evidence.find((e) => e.line !== undefined && e.line > 0);
      if (pointed !== undefined && pointed.line !== undefined) {
        add(pointed.path, pointed.line, "failure", `shipgate: ${check.id}`, message);
      }
    }
    for (const w of system.waivers) {
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

function checkMessage(system: SystemResult, check: CheckResult): string {
  const f = check.finding;
  const lines = [`${check.status === "error" ? "Could not be evaluated" : "Fails"}: ${f.summary}`];
  const facts: string[] = [];
  if (f.measured !== undefined) facts.push(`measured ${f.measured}`);
  if (f.bar !== undefined) facts.push(`bar ${f.bar}`);
  if (f.evidence.length > 0) facts.push(`evidence ${f.evidence.map(evidenceLabel).join(", ")}`);
  if (facts.length > 0) lines.push(facts.join("; "));
  for (const d of (f.details ?? []).slice(0, 10)) lines.push(`- ${d}`);
  if (check.waiver?.state === "expired")
    lines.push(`Its waiver ${expiryPhrase(check.waiver)} and is ignored.`);
  lines.push(
    `Required at ${system.stage ?? "?"} (${system.system}). Exceptions: ${system.owners.join(", ")}.`,
  );
  return lines.join("\n");
}
