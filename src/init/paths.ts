// Paths for the generated readiness file: relative to its folder, and globs that match exactly the
// evidence found (a glob that also caught an unrelated file would turn a passing check into an error).
import { posix } from "node:path";
import picomatch from "picomatch";

/** `path` (repository-relative) as written in a readiness file in `dir`. */
export function relativeTo(dir: string, path: string): string {
  return posix.relative(dir || ".", path) || ".";
}

/**
 * The simplest glob that matches every one of `files` and nothing else in `universe` (all paths in the
 * same frame): the path itself, `dir/*.ext`, `dir/PREFIX*.ext`, `dir/**\/*.ext`, else a brace list.
 */
export function globFor(files: readonly string[], universe: readonly string[]): string {
  const unique = [...new Set(files)].sort();
  if (unique.length === 1) return unique[0] as string;
  const wanted = new Set(unique);
  const exact = (glob: string): boolean => {
    const match = picomatch(glob, { dot: false });
    return unique.every((f) => match(f)) && universe.every((f) => wanted.has(f) || !match(f));
  };
  const dirs = new Set(unique.map((f) => posix.dirname(f)));
  const exts = new Set(unique.map((f) => extensionOf(f)));
  const ext = exts.size === 1 ? [...exts][0] : undefined;
  const parent = commonDir(unique);
  const base = parent === "" ? "" : `${parent}/`;
  const candidates: string[] = [];
  if (dirs.size === 1 && ext !== undefined) {
    candidates.push(`${base}*${ext}`);
    const prefix = commonPrefix(unique.map((f) => posix.basename(f)));
    const suffix = commonSuffix(unique.map((f) => posix.basename(f)));
    if (prefix !== "") candidates.push(`${base}${prefix}*${ext}`);
    if (suffix.length > ext.length) candidates.push(`${base}*${suffix}`);
  }
  if (ext !== undefined) candidates.push(`${base}**/*${ext}`);
  for (const glob of candidates) if (!hasGlobMeta(glob.replace(/\*+/g, "")) && exact(glob)) return glob;
  const names = unique.map((f) => (base ? f.slice(base.length) : f));
  return `${base}{${names.join(",")}}`;
}

/** `.rules.yml` for `x.rules.yml`? No: the last extension only (`.yml`); compound suffixes are tried separately. */
function extensionOf(path: string): string | undefined {
  const name = posix.basename(path);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : undefined;
}

function commonDir(paths: readonly string[]): string {
  const split = paths.map((p) =>
    posix
      .dirname(p)
      .split("/")
      .filter((s) => s !== "."),
  );
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n += 1;
  return first.slice(0, n).join("/");
}

function commonPrefix(names: readonly string[]): string {
  const first = names[0] ?? "";
  let n = 0;
  while (n < first.length && names.every((s) => s[n] === first[n])) n += 1;
  // Stop at a separator so `TEST-a`, `TEST-b` gives `TEST-`, not a cut word.
  const cut = first.slice(0, n);
  const m = /^(.*[-_.])/.exec(cut);
  return m ? (m[1] as string) : "";
}

function commonSuffix(names: readonly string[]): string {
  const reversed = commonPrefixRaw(names.map((s) => [...s].reverse().join("")));
  const suffix = [...reversed].reverse().join("");
  // Start at a separator: `.rules.yml` from `a.rules.yml`, `b.rules.yml`.
  const m = /([-_.].*)$/.exec(suffix);
  return m ? (m[1] as string) : "";
}

function commonPrefixRaw(names: readonly string[]): string {
  const first = names[0] ?? "";
  let n = 0;
  while (n < first.length && names.every((s) => s[n] === first[n])) n += 1;
  return first.slice(0, n);
}

/** Whether a file name itself holds glob syntax, which would make a generated glob mean something else. */
export function hasGlobMeta(path: string): boolean {
  return /[*?[\]{}()!+@]/.test(path);
}
