// Reading the base version of a file from the checkout's own history, when it is there. Git runs as a
// program with fixed arguments (never a shell) and with repository config kept inert.
import { ServiceError } from "../errors.js";
import { execFile } from "node:child_process";

const GIT_TIMEOUT_MS = 20_000;
/** Readiness files are capped at 1 MiB by the loader; a little room for the refusal to be precise. */
const MAX_OUTPUT = 2 * 1024 * 1024;

type GitResult =
  { ok: true; stdout: string } | { ok: false; code: number | string | undefined; stderr: string };

function git(root: string, args: string[]): Promise<GitResult> {
  return new Promise((done) => {
    execFile(
      "git",
      ["--no-pager", "-C", root, "-c", "core.fsmonitor=false", ...args],
      {
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT,
        windowsHide: true,
        encoding: "utf8",
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
      },
      (err, stdout, stderr) => {
        if (!err) return done({ ok: true, stdout });
        done({ ok: false, code: (err as NodeJS.ErrnoException).code, stderr: String(stderr) });
      },
    );
  });
}

/** Whether the checkout holds this commit (false on a shallow clone that never fetched it). */
export async function hasCommit(root: string, sha: string): Promise<boolean> {
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i.test(sha)) return false;
  const out = await git(root, ["cat-file", "-e", `${sha}^{commit}`]);
  return out.ok;
}

/**
 * The text of `path` at commit `sha`, or `undefined` when the commit has no such file. Call only after
 * hasCommit; throws when git fails otherwise.
 */
export async function showFile(root: string, sha: string, path: string): Promise<string | undefined> {
  const spec = `${sha}:${path}`;
  const exists = await git(root, ["cat-file", "-e", spec]);
  if (!exists.ok) {
    if (exists.code === "ENOENT") throw new ServiceError("git is not installed on this machine");
    return undefined;
  }
  const type = await git(root, ["cat-file", "-t", spec]);
  if (!type.ok || type.stdout.trim() !== "blob")
    throw new ServiceError(`${path} at ${sha.slice(0, 7)} is not a file`);
  const out = await git(root, ["cat-file", "blob", spec]);
  if (!out.ok)
    throw new ServiceError(
      `git cannot read ${path} at ${sha.slice(0, 7)}: ${out.stderr.split("\n")[0] ?? ""}`,
    );
  return out.stdout;
}

/** The commit checked out at `root` (HEAD), or undefined when git cannot tell. */
export async function checkedOutCommit(root: string): Promise<string | undefined> {
  const out = await git(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  return out.ok ? out.stdout.trim() : undefined;
}
