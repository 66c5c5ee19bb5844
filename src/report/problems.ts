// Invalid readiness files for a terminal (`shipgate validate` and `shipgate check`).
import { plural } from "../base/format.js";
import type { ConfigProblem } from "../config/types.js";
import { sanitizeTerminal } from "./escape.js";
import { paint } from "./paint.js";

export function renderProblems(problems: readonly ConfigProblem[], opts: { color: boolean }): string {
  if (problems.length === 0) return "";
  const c = paint(opts.color);
  const files = new Set(problems.map((p) => p.file)).size;
  const lines = [
    c.red(c.bold(`✖ ${plural(problems.length, "problem")} in ${plural(files, "readiness file")}:`)),
  ];
  for (const p of problems) {
    lines.push(
      `  ${c.bold(sanitizeTerminal(`${p.file}:${p.line}:${p.column}`))}: ${sanitizeTerminal(p.message)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
