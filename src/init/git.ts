// What `shipgate init` needs to know from git, read from the metadata files as text: the default branch,
// which branches exist, and who owns the GitHub remote. Git itself is never run and nothing is executed.
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";

/** Git's own metadata files are small; anything bigger is not what we are looking for. */
const MAX_META_BYTES = 1024 * 1024;

export type BranchSource = "--branch" | "refs/remotes/origin/HEAD" | "HEAD" | "fallback";

export interface GitFacts {
  /** The branch production is merged into. */
  defaultBranch: string;
  /** Where `defaultBranch` came from, for the summary printed to the user. */
  defaultBranchSource: BranchSource;
  /** Local and `origin` branch names that exist (loose refs and packed-refs). */
  branches: Set<string>;
  /** The owner and name of the `origin` remote when it is a GitHub URL. */
  github?: { owner: string; repo: string };
}

/**
 * Reads git facts for `root`. `explicitBranch` (from --branch) wins; then the remote's default branch
 * (`refs/remotes/origin/HEAD`, set by clone), then the checked-out branch (`HEAD`), then `main`. The
 * remote's default comes before HEAD because init is often run on a feature branch.
 */
export async function readGitFacts(root: string, explicitBranch?: string): Promise<GitFacts> {
  const dirs = await gitDirs(root);
  const branches = new Set<string>();
  let fromOrigin: string | undefined;
  let fromHead: string | undefined;
  let github: GitFacts["github"];

  if (dirs) {
    const { gitDir, commonDir } = dirs;
    fromOrigin = symbolicRef(
      await readSmall(join(commonDir, "refs/remotes/origin/HEAD")),
      "refs/remotes/origin/",
    );
    fromHead = symbolicRef(await readSmall(join(gitDir, "HEAD")), "refs/heads/");
    for (const name of await looseBranches(commonDir)) branches.add(name);
    for (const name of packedBranches(await readSmall(join(commonDir, "packed-refs")))) branches.add(name);
    github = githubRemote(await readSmall(join(commonDir, "config")));
  }
  const [defaultBranch, defaultBranchSource]: [string, BranchSource] =
    explicitBranch !== undefined
      ? [explicitBranch, "--branch"]
      : fromOrigin !== undefined
        ? [fromOrigin, "refs/remotes/origin/HEAD"]
        : fromHead !== undefined
          ? [fromHead, "HEAD"]
          : ["main", "fallback"];
  return { defaultBranch, defaultBranchSource, branches, ...(github ? { github } : {}) };
}

/** The git directory and the common directory (they differ in a linked worktree). */
async function gitDirs(root: string): Promise<{ gitDir: string; commonDir: string } | undefined> {
  const dotGit = join(root, ".git");
  let info;
  try {
    info = await lstat(dotGit);
  } catch {
    return undefined;
  }
  let gitDir: string;
  if (info.isDirectory()) {
    gitDir = dotGit;
  } else if (info.isFile()) {
    // A worktree or submodule: `.git` is a file saying `gitdir: <path>`.
    const pointer = ((await readSmall(dotGit)) ?? "").split(/\r?\n/).find((l) => l.startsWith("gitdir:"));
    const target = pointer?.slice("gitdir:".length).trim();
    if (!target) return undefined;
    gitDir = isAbsolute(target) ? target : resolve(root, target);
  } else {
    return undefined;
  }
  const common = (await readSmall(join(gitDir, "commondir")))?.trim();
  const commonDir = common ? (isAbsolute(common) ? common : resolve(gitDir, common)) : gitDir;
  return { gitDir, commonDir };
}

/** A regular file's text, or undefined when it is missing, not a regular file or too big. */
async function readSmall(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_META_BYTES) return undefined;
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/** `ref: refs/heads/main` → `main`, when the ref is under `prefix`. */
export function symbolicRef(text: string | undefined, prefix: string): string | undefined {
  const m = /^ref:\s*(\S+)\s*$/m.exec(text ?? "");
  if (!m) return undefined;
  const ref = m[1] as string;
  if (!ref.startsWith(prefix)) return undefined;
  const name = ref.slice(prefix.length);
  return validBranchName(name) ? name : undefined;
}

async function looseBranches(commonDir: string): Promise<string[]> {
  const names: string[] = [];
  // One level deep is enough: init only asks about names such as staging; nested ones come from packed-refs.
  for (const dir of [join(commonDir, "refs/heads"), join(commonDir, "refs/remotes/origin")]) {
    try {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (entry.isFile() && entry.name !== "HEAD" && validBranchName(entry.name)) names.push(entry.name);
      }
    } catch {
      // No such folder: no loose refs there.
    }
  }
  return names;
}

/** Branch names in packed-refs (`<sha> refs/heads/<name>` or `refs/remotes/origin/<name>`). */
export function packedBranches(text: string | undefined): string[] {
  const names: string[] = [];
  for (const line of (text ?? "").split(/\r?\n/)) {
    const m = /^[0-9a-f]{40,64} refs\/(?:heads|remotes\/origin)\/(\S+)$/.exec(line);
    if (m && m[1] !== "HEAD" && validBranchName(m[1] as string)) names.push(m[1] as string);
  }
  return names;
}

/** The owner and repository of `[remote "origin"] url` when it points at github.com. */
export function githubRemote(config: string | undefined): { owner: string; repo: string } | undefined {
  if (config === undefined) return undefined;
  let inOrigin = false;
  for (const raw of config.split(/\r?\n/)) {
    if (raw.length > 2048) continue; // no remote URL is that long
    const line = raw.trim();
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      inOrigin = /^remote\s+"origin"$/.test(section[1] as string);
      continue;
    }
    if (!inOrigin) continue;
    const url = /^url\s*=\s*(.+)$/.exec(line);
    if (!url) continue;
    const m =
      /^(?:https?:\/\/(?:[^@/]+@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com(?::\d+)?\/|git:\/\/github\.com\/)([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
        (url[1] as string).trim().replace(/^"|"$/g, ""),
      );
    if (m) return { owner: m[1] as string, repo: m[2] as string };
  }
  return undefined;
}

/** A conservative subset of git's ref-name rules: enough to keep odd names out of the YAML. */
function validBranchName(name: string): boolean {
  return (
    /^[A-Za-z0-9._/-]{1,200}$/.test(name) &&
    !name.includes("..") &&
    !name.startsWith("/") &&
    !name.endsWith(".lock")
  );
}
