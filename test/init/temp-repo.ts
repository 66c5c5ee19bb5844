// Repositories for init tests: written into a temporary folder from a map of files, so that each
// test shows the exact repository it proves something about.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const examplesDir = join(repoRoot, "examples");

const scratch = mkdtempSync(join(tmpdir(), "shipgate-init-"));
let counter = 0;

/** Removes every repository made by this module (call from afterAll). */
export function cleanTempRepos(): void {
  rmSync(scratch, { recursive: true, force: true });
}

/** A fresh folder named `name` holding `files` (path → text). */
export function tempRepo(name: string, files: Record<string, string> = {}): string {
  const dir = join(scratch, `${++counter}`, name);
  mkdirSync(dir, { recursive: true });
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A copy of an example repository with its readiness files removed, as a user would have it before init. */
export function exampleWithoutReadiness(
  example: string,
  readinessFiles: string[] = ["readiness.yml"],
): string {
  const dir = join(scratch, `${++counter}`, example);
  cpSync(join(examplesDir, example), dir, { recursive: true });
  for (const file of readinessFiles) rmSync(join(dir, file), { force: true });
  return dir;
}

/** A copy of a repository of test/fixtures/init, as a user would have it before init. */
export function fixtureRepo(name: string, extra: Record<string, string> = {}): string {
  const dir = join(scratch, `${++counter}`, name);
  cpSync(join(repoRoot, "test/fixtures/init", name), dir, { recursive: true });
  writeFiles(dir, extra);
  return dir;
}

/** A `.git` folder with the given metadata files (HEAD, refs, packed-refs, config), as git writes them. */
export function fakeGit(dir: string, files: Record<string, string>): void {
  writeFiles(join(dir, ".git"), { HEAD: "ref: refs/heads/main\n", ...files });
}

export function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
}

/**
 * What the user does first when init found no owner: replace the placeholder it wrote (validation refuses
 * the file until then, see "a repository with no owner to be found"). Tests about evidence start there.
 */
export function ownersFilledIn(text: string): string {
  return text.replace('owners: ["@your-org/your-team"]', 'owners: ["@acme/ml-platform"]');
}
