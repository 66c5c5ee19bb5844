// CODEOWNERS, read the way GitHub reads it: gitignore-style patterns, the last matching rule wins, and
// a rule with no owners means "nobody owns this". Only @user and @org/team owners are kept (emails
// cannot own a readiness file).
import picomatch from "picomatch";

/** Where GitHub looks for CODEOWNERS, in its order of precedence. */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

const PRINCIPAL = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]+)?$/;

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  /** 1-based line in the CODEOWNERS file. */
  line: number;
  matches: (path: string) => boolean;
}

export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, "");
    const content = line.replace(/(^|\s)#.*$/, "").trim();
    if (content === "") return;
    const [pattern, ...owners] = content.split(/\s+/);
    if (pattern === undefined) return;
    const matches = compile(pattern);
    if (!matches) return;
    rules.push({ pattern, owners: owners.filter((o) => PRINCIPAL.test(o)), line: index + 1, matches });
  });
  return rules;
}

/** The rule that owns `path` (repository-relative, POSIX): the last one that matches. */
export function ruleFor(rules: readonly CodeownersRule[], path: string): CodeownersRule | undefined {
  for (let i = rules.length - 1; i >= 0; i -= 1) {
    const rule = rules[i] as CodeownersRule;
    if (rule.matches(path)) return rule;
  }
  return undefined;
}

/** gitignore-style: `/x` is anchored, `x/` is a folder, a name without a slash matches at any depth. */
function compile(pattern: string): ((path: string) => boolean) | undefined {
  if (pattern.startsWith("!") || pattern.includes("[") || pattern.includes("\\")) return undefined; // unsupported by GitHub
  let p = pattern;
  const anchored = p.startsWith("/") || p.replace(/\/$/, "").includes("/");
  p = p.replace(/^\//, "");
  if (p.endsWith("/")) p = `${p}**`;
  if (!anchored) p = `**/${p}`;
  if (p === "" || p === "**/") return undefined;
  const file = picomatch(p, { dot: true });
  // A pattern naming a folder owns everything below it.
  const below = picomatch(`${p.replace(/\/\*\*$/, "")}/**`, { dot: true });
  return (path) => file(path) || below(path);
}
