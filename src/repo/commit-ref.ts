// A commit named on the command line (`check --base REF`), resolved by the checkout's own git: a branch,
// tag, remote branch or SHA the repository already holds. Fixed arguments, never a shell, never a fetch.
import { runGit } from "../base/git.js";

export type ResolvedCommit = { ok: true; sha: string } | { ok: false; why: string };

/** The full SHA of the commit `ref` names in the repository at `root`, or why there is none. */
export async function resolveCommit(root: string, ref: string): Promise<ResolvedCommit> {
  // An option-like or empty name is refused before git sees it (--end-of-options guards git too).
  if (ref.trim() === "" || ref.startsWith("-"))
    return { ok: false, why: "a commit name may not be empty or start with -" };
  if (/[\0\n\r]/.test(ref)) return { ok: false, why: "a commit name may not hold control characters" };
  const out = await runGit(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  if (out.ok) {
    const sha = out.stdout.trim();
    if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha)) return { ok: true, sha };
    return { ok: false, why: `git answered "${sha.slice(0, 80)}", which is not a commit id` };
  }
  // --quiet: an unknown name exits 1 with nothing said; a missing git or a non-repository says why.
  return {
    ok: false,
    why: out.why.startsWith("git failed: exit code") ? "no such commit in this repository" : out.why,
  };
}
