// An in-memory RepoView for unit tests of evidence kinds. The real one is src/repo/fs.ts.
import { posix } from "node:path";
import picomatch from "picomatch";
import { EvidenceError, type FileAge, type RepoView } from "../../src/repo/view.js";
import type { EvidenceContext, GitHubFacts } from "../../src/evidence/types.js";

export class MemoryRepo implements RepoView {
  constructor(
    readonly files: Record<string, string>,
    readonly ages: Record<string, Date> = {},
  ) {}

  resolve(baseDir: string, path: string): string {
    if (path.startsWith("/")) throw new EvidenceError(`${path} is an absolute path`, "unreadable");
    const joined = posix.normalize(posix.join(baseDir, path));
    if (joined === ".." || joined.startsWith("../")) {
      throw new EvidenceError(`${path} leaves the repository`, "unreadable");
    }
    return joined === "." ? "" : joined;
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

/** Reads a file of the shared corpus (../shared/corpus) as raw bytes decoded to text. */
export { corpusPath, corpusText, expectedFigures } from "./corpus.js";
