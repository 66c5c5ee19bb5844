// An in-memory RepoView for unit tests of evidence kinds. The real one is src/repo/fs.ts.
import picomatch from "picomatch";
import { resolveEvidencePath } from "../../src/base/paths.js";
import { EvidenceError } from "../../src/base/errors.js";
import { type FileAge, type RepoView } from "../../src/base/view.js";
import type { EvidenceContext, GitHubFacts } from "../../src/evidence/types.js";

export class MemoryRepo implements RepoView {
  constructor(
    readonly files: Record<string, string>,
    readonly ages: Record<string, Date> = {},
  ) {}

  /** The real path rules (src/base/paths.ts), as both repository views apply them. */
  resolve(baseDir: string, path: string): string {
    return resolveEvidencePath(baseDir, path);
  }

  async readText(path: string): Promise<string> {
    const text = this.files[path];
    if (text === undefined) throw new EvidenceError(`${path} does not exist`, "missing");
    return text.replace(/^\uFEFF/, "");
  }

  async isNonEmptyFile(path: string): Promise<boolean> {
    return (this.files[path] ?? "").length > 0;
  }

  async glob(baseDir: string, pattern: string): Promise<string[]> {
    const full = this.resolve(baseDir, pattern);
    const match = picomatch(full, { dot: false });
    return Object.keys(this.files)
      .filter((p) => match(p))
      .sort();
  }

  async lastChange(path: string): Promise<FileAge> {
    const at = this.ages[path];
    return at
      ? { known: true, changedAt: at, source: "git" }
      : { known: false, why: `${path} has no git history` };
  }
}

export function memoryContext(
  files: Record<string, string>,
  opts: { baseDir?: string; github?: GitHubFacts; now?: Date; ages?: Record<string, Date> } = {},
): EvidenceContext {
  return {
    repo: new MemoryRepo(files, opts.ages),
    baseDir: opts.baseDir ?? "",
    github: opts.github,
    now: opts.now ?? new Date("2026-11-22T12:00:00Z"),
  };
}

/** The corpus of real evidence files, from the project's fixtures (test/fixtures/corpus). */
export { corpusPath, corpusText, expectedFigures } from "./corpus.js";
