// The one home of the rules an evidence path obeys, used both when a readiness file is validated and when
// a repository view resolves a path: relative to the readiness file's folder, inside the repository, and
// never inside git's own folder. `.git` holds the checkout's settings and, with actions/checkout's
// default persist-credentials, the workflow token (an `extraheader` line of .git/config): evidence read
// from there would be quoted into every report.
import { posix } from "node:path";
import picomatch from "picomatch";
import { isDynamicPattern } from "tinyglobby";
import { EvidenceError } from "./errors.js";

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

const HFS_IGNORED = "\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff";
const GIT_LETTERS = new RegExp(`g[${HFS_IGNORED}]*i[${HFS_IGNORED}]*t`, "i");
const HFS_IGNORED_ALL = new RegExp(`[${HFS_IGNORED}]`, "g");

/** Every character that starts a glob, an extglob, a negation or an escape in picomatch's scan. */
const GLOB_CHARACTER = /[*?[\]{}()!+@\\]/;

/** Said of a path that reaches into git's own folder, after the path itself. */
const GIT_FOLDER_REASON =
  "is inside .git, git's own folder, which holds the checkout's settings and credentials (actions/checkout keeps the workflow token in .git/config), not evidence; point the check at a file of the repository";

/**
 * Joins a path written in a readiness file onto its folder (`baseDir`, repository-relative) and
 * normalises it, or says why it may not be used: the reason follows the path in a sentence.
 */
export function checkEvidencePath(baseDir: string, path: string): PathCheck {
  const where = baseDir || "the repository root";
  if (path.includes("\0")) return { ok: false, reason: "contains a NUL byte; write a plain file path" };
  if (/^[A-Za-z]:/.test(path) || path.startsWith("\\")) {
    return {
      ok: false,
      reason: "is a Windows path; write it with forward slashes, relative to the readiness file's folder",
    };
  }
  if (path.startsWith("/")) {
    return {
      ok: false,
      reason: `is an absolute path; write it relative to the readiness file's folder (${where})`,
    };
  }
  const joined = posix.normalize(posix.join(baseDir, path));
  if (joined === ".." || joined.startsWith("../") || joined.startsWith("/")) {
    return {
      ok: false,
      reason: `leaves the repository; evidence must be a file inside it, named relative to ${where}`,
    };
  }
  // A `..` inside a glob group ({a,..} or @(..)) survives normalising; it is still a way out.
  if (/(^|[/{,(|])\.\.(?=$|[/},)|])/.test(joined)) {
    return {
      ok: false,
      reason: "climbs out of its folder inside a glob group; list the folders inside the repository instead",
    };
  }
  const resolved = joined === "." ? "" : joined.replace(/\/$/, "");
  if (hasGitSegment(resolved)) return { ok: false, reason: GIT_FOLDER_REASON };
  if (globCanReachGit(resolved)) {
    return {
      ok: false,
      reason:
        "is a pattern that can match .git, git's own folder, which holds the checkout's settings and credentials, not evidence; write it so that no part of it matches .git",
    };
  }
  return { ok: true, path: resolved };
}

/** Said of a path whose name is harmless but which a symbolic link leads into .git. */
export const LINK_INTO_GIT =
  "is a symbolic link into .git, git's own folder, which holds the checkout's settings and credentials, not evidence; point the check at a file of the repository";

/** Whether any folder or file name of a repository-relative path is git's own folder, in any spelling. */
export function hasGitSegment(path: string): boolean {
  // Cheap first test (a listing may hold a million paths): every spelling below has g, i, t in order.
  if (!GIT_LETTERS.test(path)) return false;
  return path.split("/").some(isGitName);
}

/**
 * Whether one name is `.git` as some filesystem reads it (git's own is_ntfs_dotgit / is_hfs_dotgit):
 * any case (`.GIT` on a case-insensitive disk), characters HFS+ ignores (`.g\u200cit`), trailing dots and
 * spaces and an alternate data stream that NTFS drops (`.git.`, `.git::$INDEX_ALLOCATION`), and the
 * 8.3 short name `git~1`. A `.git` file (a submodule's or a worktree's) is the same name.
 */
export function isGitName(name: string): boolean {
  let s = name.replace(HFS_IGNORED_ALL, "").toLowerCase();
  const stream = s.indexOf(":");
  if (stream >= 0) s = s.slice(0, stream);
  let end = s.length;
  while (end > 0 && (s[end - 1] === "." || s[end - 1] === " ")) end -= 1;
  s = s.slice(0, end);
  return s === ".git" || s === "git~1";
}

/** Whether a glob has a name part that matches `.git` (as the walk matches: dot files only when spelt). */
function globCanReachGit(pattern: string): boolean {
  // Most evidence paths are plain file names: only a glob character can make picomatch's scan say "glob".
  if (!GLOB_CHARACTER.test(pattern)) return false;
  if (!isDynamicPattern(pattern)) return false;
  return pattern.split("/").some(partCanMatchGit);
}

/**
 * Each name part's answer, kept: every system of a monorepo writes the same parts (`*.xml`), and compiling
 * a matcher per part per check was a tenth of a 100-system run's path checks (docs/performance.md).
 */
const PART_MATCHES_GIT = new Map<string, boolean>();
const PART_CACHE_MAX = 4096;

function partCanMatchGit(part: string): boolean {
  const known = PART_MATCHES_GIT.get(part);
  if (known !== undefined) return known;
  const answer = partMatchesGit(part);
  if (PART_MATCHES_GIT.size >= PART_CACHE_MAX) PART_MATCHES_GIT.clear();
  PART_MATCHES_GIT.set(part, answer);
  return answer;
}

function partMatchesGit(part: string): boolean {
  if (!isDynamicPattern(part)) return false;
  // A part cut from a brace group by the split is not a pattern of its own: it cannot be judged here,
  // and the views drop every match inside .git anyway.
  let match: (name: string) => boolean;
  try {
    match = picomatch(part, { dot: false, nocase: true });
  } catch {
    return false;
  }
  // Not `git~1`: every `*` matches it, and an 8.3 short name is only ever written out literally.
  return match(".git");
}

/**
 * The repository-relative form of a path written relative to `baseDir`, or an `unreadable` EvidenceError
 * saying why it may not be used: checkEvidencePath's rules, as a repository view applies them.
 */
export function resolveEvidencePath(baseDir: string, path: string): string {
  const checked = checkEvidencePath(baseDir, path);
  if (checked.ok) return checked.path;
  // A path with control characters is quoted, so that the message stays one readable line.
  // eslint-disable-next-line no-control-regex
  const shown = /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
  throw new EvidenceError(`${shown} ${checked.reason}`, "unreadable");
}

/**
 * Folders no walk of the repository enters: dependencies (node_modules) and git's own (.git). The
 * disk walk prunes them (NEVER_WALKED_GLOBS); a commit's listing and the pull request's file list drop
 * what is inside them (insideNeverWalked).
 */
export const NEVER_WALKED_GLOBS = ["**/node_modules/**", "**/.git/**"];
const NEVER_WALKED_PATH = /(^|\/)(node_modules|\.git)\//;

/** Whether a repository-relative path is inside node_modules or .git (as a walk never reaches it). */
export function insideNeverWalked(path: string): boolean {
  return NEVER_WALKED_PATH.test(path);
}
