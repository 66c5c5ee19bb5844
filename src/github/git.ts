// Reading the base version of a file from the checkout's own history, when it is there. Git starts
// through the shared runner (src/base/git.ts): fixed arguments, never a shell, repository config inert.
import { runGit } from "../base/git.js";
import { resolveCommit } from "../repo/commit-ref.js";
import { ServiceError } from "../base/errors.js";

/** Readiness files are capped at 1 MiB by the loader; a little room for the refusal to be precise. */
const MAX_OUTPUT = 2 * 1024 * 1024;

function git(root: string, args: string[]) {
  return runGit(root, args, { maxBuffer: MAX_OUTPUT });
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
    if (exists.missing) throw new ServiceError(exists.why);
    return undefined;
  }
  const type = await git(root, ["cat-file", "-t", spec]);
  if (!type.ok || type.stdout.trim() !== "blob")
    throw new ServiceError(`${path} at ${sha.slice(0, 7)} is not a file`);
  const out = await git(root, ["cat-file", "blob", spec]);
  if (!out.ok) throw new ServiceError(`git cannot read ${path} at ${sha.slice(0, 7)}: ${out.why}`);
  return out.stdout;
}

/** The commit checked out at `root` (HEAD), or undefined when git cannot tell. */
export async function checkedOutCommit(root: string): Promise<string | undefined> {
  const head = await resolveCommit(root, "HEAD");
  return head.ok ? head.sha : undefined;
}
