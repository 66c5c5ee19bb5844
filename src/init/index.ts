// `shipgate init`: scan a repository for readiness evidence that already exists and write a readiness
// file that wires it up, with the rest of the checklist as suggestions. The file it writes always
// validates; it never overwrites a file unless asked to.
import { randomBytes } from "node:crypto";
import { lstat, realpath, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { checkEvidencePath, hasGitSegment, insideNeverWalked } from "../base/paths.js";
import { parseReadiness } from "../config/load.js";
import { isPlaceholderPrincipal } from "../config/placeholders.js";
import type { ConfigProblem } from "../config/types.js";
import { FsRepo } from "../repo/fs.js";
import { readGitFacts, type GitFacts } from "./git.js";
import { planReadiness, type Plan } from "./plan.js";
import { renderReadiness } from "./render.js";
import { scanRepository, type Discovery } from "./scan.js";

export { planReadiness, type Plan, type PlannedCheck } from "./plan.js";
export { renderReadiness } from "./render.js";
export { scanRepository, type Discovery } from "./scan.js";

export interface InitOptions {
  /** Absolute repository root. */
  root: string;
  /** Where to write, relative to the root (or absolute inside it); default `readiness.yml`. */
  output?: string;
  /** The default branch, instead of reading it from .git. */
  branch?: string;
}

export interface InitResult {
  /** Repository-relative POSIX path of the readiness file. */
  output: string;
  text: string;
  plan: Plan;
  discovery: Discovery;
  git: GitFacts;
}

/** Thrown for anything the user can fix (a bad --output, a file in the way); the CLI prints it and exits 2. */
export class InitError extends Error {
  override name = "InitError";
}

/** Scans and renders; writes nothing. The text is validated before it is returned. */
export async function initReadiness(options: InitOptions): Promise<InitResult> {
  const output = outputPath(options.root, options.output ?? "readiness.yml");
  const scope = posix.dirname(output) === "." ? "" : posix.dirname(output);
  const repo = new FsRepo(options.root);
  await realpath(options.root).catch(() => {
    throw new InitError(`the repository root ${options.root} does not exist`);
  });
  const discovery = await scanRepository({ repo, scope, output });
  const git = await readGitFacts(options.root, options.branch);
  const plan = planReadiness({ discovery, git, output, rootName: basename(options.root) });
  const text = renderReadiness(plan);
  const parsed = parseReadiness(output, text);
  // With no owner to be found, init writes a placeholder the user must replace: validation refuses it,
  // with the fix, until they do. That is the one problem init's own output may have.
  const problems = parsed.problems.filter(
    (p) =>
      !(plan.owners.every(isPlaceholderPrincipal) && /^owners\[\d+\]: .* is a placeholder/.test(p.message)),
  );
  if (problems.length > 0) {
    // A defect in init, never the user's doing: refuse to write a file that would not load.
    throw new Error(`the generated readiness file does not validate: ${describeProblems(problems)}`);
  }
  return { output, text, plan, discovery, git };
}

/**
 * Checks that `output` (repository-relative) can be written: its folder exists inside the repository
 * (no symbolic link out), nothing is in the way unless `force`, never a symbolic link, and no sibling
 * readiness file (a folder holds one). Throws InitError saying what to do.
 */
export async function checkOutput(root: string, output: string, force: boolean): Promise<void> {
  const target = join(root, ...output.split("/"));
  const realRoot = await realpath(root).catch(() => {
    throw new InitError(`the repository root ${root} does not exist`);
  });
  let realFolder: string;
  try {
    realFolder = await realpath(dirname(target));
  } catch {
    throw new InitError(`${posix.dirname(output)} does not exist; create the folder first`);
  }
  if (realFolder !== realRoot && !realFolder.startsWith(realRoot + sep)) {
    throw new InitError(`${posix.dirname(output)} leads outside the repository through a symbolic link`);
  }
  const existing = await lstat(target).catch(() => undefined);
  if (existing) {
    if (existing.isSymbolicLink())
      throw new InitError(`${output} is a symbolic link; refusing to write through it`);
    if (!existing.isFile()) throw new InitError(`${output} exists and is not a regular file`);
    if (!force) throw new InitError(`${output} already exists; pass --force to overwrite it`);
  }
  const sibling = output.replace(/\.ya?ml$/, (ext) => (ext === ".yml" ? ".yaml" : ".yml"));
  if (
    /(?:^|\/)readiness\.ya?ml$/.test(output) &&
    (await lstat(join(root, ...sibling.split("/"))).catch(() => undefined))
  ) {
    throw new InitError(`${sibling} already exists in that folder; a folder holds one readiness file`);
  }
}

/** Writes `text` at the repository-relative `output`, after checkOutput. */
export async function writeReadinessFile(
  root: string,
  output: string,
  text: string,
  force: boolean,
): Promise<void> {
  await checkOutput(root, output, force);
  const target = join(root, ...output.split("/"));
  if (!force) {
    // O_EXCL: refuses if anything appeared there since the check.
    await writeFile(target, text, { flag: "wx", mode: 0o644 }).catch((err: NodeJS.ErrnoException) => {
      throw err.code === "EEXIST"
        ? new InitError(`${output} already exists; pass --force to overwrite it`)
        : err;
    });
    return;
  }
  // Replace atomically: a reader never sees half a file, and a link planted meanwhile is replaced, not followed.
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, text, { flag: "wx", mode: 0o644 });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** The output as a repository-relative POSIX path, refused when it leaves the repository or is not YAML. */
export function outputPath(root: string, output: string): string {
  if (output.includes("\0")) throw new InitError("--output contains a NUL byte");
  const absolute = isAbsolute(output) ? output : resolve(root, output);
  const rel = relative(root, absolute).split(sep).join("/");
  // The repository's own rules (src/base/paths.ts): inside it, never in .git (any spelling) or node_modules.
  const inGit = hasGitSegment(rel);
  if (rel === "" || isAbsolute(rel) || (!checkEvidencePath("", rel).ok && !inGit)) {
    throw new InitError(`--output ${output} is not a file inside the repository ${root}`);
  }
  if (!/\.ya?ml$/.test(rel)) throw new InitError(`--output ${output} must end in .yml or .yaml`);
  if (inGit || insideNeverWalked(rel)) {
    throw new InitError(
      `--output ${output} is inside ${inGit ? ".git" : "node_modules"}, which Shipgate never reads`,
    );
  }
  return rel;
}

function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join("; ");
}
