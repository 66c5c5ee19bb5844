// Patterns from readiness files run on re2js, a linear-time engine: no pattern can make a check hang
// (no catastrophic backtracking), at the price of backreferences and lookaround.
import { RE2JS } from "re2js";

export type SafePattern = { ok: true; regex: RE2JS } | { ok: false; message: string };

/**
 * Compiles a pattern for the `contains` kind. `^` and `$` match at line starts and ends (as grep
 * users expect); inline flags such as `(?i)` and `(?s)` are accepted. Pure and fast: the config
 * loader calls it while validating.
 */
export function compileSafePattern(pattern: string): SafePattern {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const result = compile(pattern);
  // A monorepo repeats the same few patterns across systems; compiling is the costly part and a
  // compiled RE2JS is immutable, so it is shared (bounded, so hostile input cannot grow it forever).
  if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear();
  compiled.set(pattern, result);
  return result;
}

const MAX_CACHED_PATTERNS = 1000;
const compiled = new Map<string, SafePattern>();

function compile(pattern: string): SafePattern {
  try {
    return { ok: true, regex: RE2JS.compile(pattern, RE2JS.MULTILINE) };
  } catch (err) {
    const unsupported = unsupportedConstruct(pattern);
    if (unsupported) return { ok: false, message: unsupported };
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp:\s*/, "") : String(err);
    return { ok: false, message: `the pattern is not valid: ${detail}` };
  }
}

/** Names the backtracking-only construct in a pattern that failed to compile, for a message that says why. */
function unsupportedConstruct(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      if (!inClass && /[1-9]/.test(next)) {
        return `backreferences such as \\${next} are not supported: Shipgate runs patterns on a linear-time engine`;
      }
      if (!inClass && next === "k" && pattern[i + 2] === "<") {
        return "backreferences such as \\k<name> are not supported: Shipgate runs patterns on a linear-time engine";
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member, not the end of the class.
      if (pattern[i + 1] === "^") i++;
      if (pattern[i + 1] === "]") i++;
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith("=") || rest.startsWith("!") || rest === "<=" || rest === "<!") {
        return `lookaround such as (?${rest.startsWith("<") ? rest : rest[0]}…) is not supported: Shipgate runs patterns on a linear-time engine`;
      }
      if (rest.startsWith("P=")) {
        return "backreferences such as (?P=name) are not supported: Shipgate runs patterns on a linear-time engine";
      }
    }
  }
  return undefined;
}

/**
 * Whether every match of the pattern lies within one line, so a file can be scanned a piece at a time
 * (pieces end at line breaks) with the same result as scanning it whole. Conservative: anything that might
 * match a line break (`\n`, `\s`, `\D`, `\W`, a negated class, a range reaching it, `(?s)`, `\p{…}`,
 * code-point escapes) or anchor to the whole text (`\A`, `\z`) reads the file whole instead.
 */
export function staysOnOneLine(pattern: string): boolean {
  if (pattern.includes("\n")) return false;
  let inClass = false;
  let classStart = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1] ?? "";
      if (next === "Q") {
        // \Q…\E is literal text, and the pattern holds no line break.
        const end = pattern.indexOf("\\E", i + 2);
        if (end < 0) return true;
        i = end + 1;
        continue;
      }
      if (/[a-zA-Z0-9]/.test(next) && !"dwSbBtfrv".includes(next)) return false;
      if (inClass && pattern[i + 2] === "-" && pattern[i + 3] !== "]") return false;
      i++;
      classStart = false;
      continue;
    }
    if (inClass) {
      if (c === "]" && !classStart) {
        inClass = false;
        continue;
      }
      classStart = false;
      if (c === "[" && pattern[i + 1] === ":") return false;
      // A range a-b holds the line break when a ≤ "\n" ≤ b.
      if (pattern[i + 1] === "-" && pattern[i + 2] !== undefined && pattern[i + 2] !== "]") {
        const to = pattern[i + 2] === "\\" ? "\\" : pattern[i + 2]!;
        if (c <= "\n" && to >= "\n") return false;
        if (to === "\\") return false;
      }
      continue;
    }
    if (c === "[") {
      if (pattern[i + 1] === "^") return false;
      inClass = true;
      classStart = true;
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?") {
      const flags = /^\(\?([a-zA-Z-]*)[:)]/.exec(pattern.slice(i));
      if (flags && flags[1]!.includes("s")) return false;
    }
  }
  return true;
}
