// Readiness files in tests that are about something other than category coverage (events, policy, budgets)
// still need a Go to mean ready: every category without a check is declared not applicable by an owner.
import { CATEGORIES } from "../../src/config/schema.js";

/** The categories a readiness file's text names in `category: x`. */
export function checkedCategories(yaml: string): Set<string> {
  return new Set([...yaml.matchAll(/\bcategory:\s*["']?([a-z]+)/g)].map((m) => m[1]!));
}

/**
 * A `notApplicable:` block for every category the text has no check in, approved by `approvedBy` (who must
 * be one of the file's owners); empty when every category has a check.
 */
export function notApplicableYaml(yaml: string, approvedBy = "@carol"): string {
  const checked = checkedCategories(yaml);
  const missing = CATEGORIES.filter((c) => !checked.has(c));
  if (missing.length === 0) return "";
  const entries = missing.map(
    (c) => `  - category: ${c}\n    reason: This test is not about ${c}\n    approvedBy: "${approvedBy}"\n`,
  );
  return `notApplicable:\n${entries.join("")}`;
}

/** The readiness file's text with the notApplicable block appended (after a newline if it lacks one). */
export function withCoverage(yaml: string, approvedBy = "@carol"): string {
  const block = notApplicableYaml(yaml, approvedBy);
  if (block === "") return yaml;
  return `${yaml}${yaml.endsWith("\n") ? "" : "\n"}${block}`;
}
