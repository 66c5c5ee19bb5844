// `shipgate init`, step three: the readiness file as YAML text, written deliberately so that the comments
// (what was found, how each bar was chosen, what to add next) sit where a reader needs them. Scalars go
// through the yaml package's stringifier, so any file name or heading is quoted safely.
import { stringify } from "yaml";
import { CATEGORIES } from "../config/schema.js";
import type { Plan, PlannedCheck } from "./plan.js";
import { CATEGORY_CHECKLIST, type Spec, type SpecValue, type Suggestion } from "./suggestions.js";

/** Longest evidence line kept on one line as a flow mapping. */
const FLOW_WIDTH = 110;

export function renderReadiness(plan: Plan): string {
  const out: string[] = [];
  out.push(
    `# Readiness criteria for ${comment(plan.system)}: what must be true before it ships to each stage.`,
    "# Written by `shipgate init` from the evidence found next to this file. Review every bar before you",
    "# commit it; `shipgate check --local` shows the verdict. Paths are relative to this file's folder.",
    "version: 1",
    `system: ${plain(plan.system)}`,
  );
  if (plan.description !== undefined) out.push(`description: ${blockScalar(plan.description)}`);
  out.push(...comments("", plan.ownersComment), `owners: ${flowSeq(plan.owners)}`, "");

  out.push(...comments("", plan.stagesComment), "stages:");
  for (const stage of plan.stages)
    out.push(`  - name: ${plain(stage.name)}`, `    branches: ${flowSeq(stage.branches)}`);
  out.push("", "checks:");

  plan.checks.forEach((check, i) => {
    if (i > 0) out.push("");
    out.push(...comments("  ", check.comment), ...checkLines(check, "  "));
  });

  if (plan.aiPending.length > 0) {
    out.push(
      "",
      "  # ---------------------------------------------------------------------------------------------",
      "  # AI evidence found, in the keys of the AI evidence kinds (evals, benchmark, modelcard, cost).",
      "  # Commented out: kinds this build of Shipgate does not read yet, and bars that need a figure only",
      '  # you know (requestsPerMonth). Uncomment each (delete the leading "# ") once it can be judged.',
    );
    for (const check of plan.aiPending) {
      out.push(
        "  #",
        ...comments("  ", check.comment).map((line) => `  # ${line.trimStart()}`),
        ...checkLines({ ...check, kind: check.kind as PlannedCheck["kind"] }, "").map(
          (line) => `  # ${line}`,
        ),
      );
    }
  }

  if (plan.suggestions.length > 0) {
    out.push(
      "",
      "  # ---------------------------------------------------------------------------------------------",
      "  # Suggestions: the rest of the readiness checklist, as checks with the evidence each one reads.",
      '  # Uncomment one (delete the leading "# ") once its evidence exists, and set its bar.',
    );
    for (const category of CATEGORIES) {
      const items = plan.suggestions.filter((s) => s.category === category);
      if (items.length === 0) continue;
      out.push("  #", ...comments("  ", [`${category}: ${CATEGORY_CHECKLIST[category]}`]));
      for (const item of items) {
        out.push("  #", ...suggestionLines(item).map((line) => `  # ${line}`));
      }
    }
  }

  out.push(
    "",
    "# A check that cannot pass yet can be waived for a while by an owner:",
    "# waivers:",
    "#   - check: <check id>",
    "#     reason: <why it is safe to ship without it, and until when>",
    `#     approvedBy: ${flowScalar(plan.owners[0] ?? "@your-org/your-team")}`,
    "#     expires: <YYYY-MM-DD>",
  );
  return `${out.join("\n")}\n`;
}

function checkLines(check: PlannedCheck, indent: string): string[] {
  return [
    `${indent}- id: ${check.id}`,
    `${indent}  title: ${blockScalar(check.title)}`,
    `${indent}  category: ${check.category}`,
    ...(check.stage !== undefined ? [`${indent}  stage: ${plain(check.stage)}`] : []),
    ...specLines(check.kind, check.spec, `${indent}  `),
  ];
}

/** A suggestion as the lines of a check (unindented); the caller comments them out. */
function suggestionLines(s: Suggestion): string[] {
  return [
    `- id: ${s.id}`,
    `  title: ${blockScalar(s.title)}`,
    `  category: ${s.category}`,
    ...specLines(s.kind, s.spec, "  "),
    ...comments("  ", [`needs: ${s.needs}`]),
  ];
}

/** `kind: { a: 1, b: "x" }` when it fits on a line, else a block mapping with flow values. */
function specLines(kind: string, spec: Spec, indent: string): string[] {
  const entries = Object.entries(spec);
  const flow = `${indent}${kind}: { ${entries.map(([k, v]) => `${k}: ${value(v)}`).join(", ")} }`;
  if (flow.length <= FLOW_WIDTH) return [flow];
  return [`${indent}${kind}:`, ...entries.flatMap(([k, v]) => entryLines(k, v, `${indent}  `))];
}

/** `key: value`, or a nested mapping too long for one line as a block of `subkey: value` lines. */
function entryLines(key: string, v: SpecValue, indent: string): string[] {
  const line = `${indent}${flowKey(key)}: ${value(v)}`;
  if (line.length <= FLOW_WIDTH || !isMapping(v)) return [line];
  return [
    `${indent}${flowKey(key)}:`,
    ...Object.entries(v).map(([k, sub]) => `${indent}  ${flowKey(k)}: ${value(sub)}`),
  ];
}

function isMapping(v: SpecValue): v is { [key: string]: SpecValue } {
  return typeof v === "object" && !Array.isArray(v);
}

function flowKey(key: string): string {
  return isPlainSafe(key) ? key : flowScalar(key);
}

function value(v: SpecValue): string {
  if (Array.isArray(v)) return flowSeq(v);
  if (isMapping(v))
    return `{ ${Object.entries(v)
      .map(([k, sub]) => `${flowKey(k)}: ${value(sub)}`)
      .join(", ")} }`;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  return flowScalar(v);
}

function flowSeq(items: readonly string[]): string {
  return `[${items.map((item) => (isPlainSafe(item) ? item : flowScalar(item))).join(", ")}]`;
}

/** A string inside a flow collection: always double-quoted (plain scalars there may not hold , [ ] { }). */
function flowScalar(text: string): string {
  return stringify(text, { defaultStringType: "QUOTE_DOUBLE", lineWidth: 0 }).trimEnd();
}

/** A block value: plain when unmistakable (commas are fine outside flow collections), else double-quoted. */
function blockScalar(text: string): string {
  return isPlainSafe(text.replace(/, (?=\S)/g, " ")) ? text : flowScalar(text);
}

function plain(text: string): string {
  return blockScalar(text);
}

/**
 * Words, digits and a few separators, starting with a letter, never a YAML keyword: such a string reads
 * back as itself in both block and flow context.
 */
function isPlainSafe(text: string): boolean {
  return (
    /^[A-Za-z_][A-Za-z0-9_ ./()'&-]*[A-Za-z0-9_.)]$|^[A-Za-z]$/.test(text) &&
    !/^(?:true|false|yes|no|on|off|null|y|n)$/i.test(text) &&
    !/\s{2}/.test(text)
  );
}

/** Comment lines wrapped at about 100 columns. */
function comments(indent: string, lines: readonly string[], width = 100): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let current = "";
    for (const word of comment(line).split(" ")) {
      if (current !== "" && indent.length + 2 + current.length + 1 + word.length > width) {
        out.push(`${indent}# ${current}`);
        // No hanging indent: in the suggestions, an indented comment line would read as commented-out YAML.
        current = word;
      } else {
        current = current === "" ? word : `${current} ${word}`;
      }
    }
    out.push(`${indent}# ${current}`.trimEnd());
  }
  return out;
}

/** One line of comment text: no line breaks or control characters can end the comment early. */
function comment(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trimEnd();
}
