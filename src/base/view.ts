// A read-only view of the repository that evidence is read through. Every path it takes and returns is
// repository-relative and POSIX; every read is checked for location, type, size and text first.

export type FileAge = { known: true; changedAt: Date; source: "git" } | { known: false; why: string };

export interface ReadOptions {
  /**
   * Called with the file's size once it is known to be a readable regular file, before its bytes are
   * read (or kept): may throw (an EvidenceError) to refuse the read, or wait for room to hold it.
   */
  admit?: (bytes: number) => void | Promise<void>;
}

export interface HistoryOptions {
  /** Called before a git history walk starts; may throw (an EvidenceError) to refuse it. */
  admitWalk?: () => void;
}

export interface RepoView {
  /**
   * Joins a path written in a readiness file onto its folder and normalises it. Throws an
   * EvidenceError (`unreadable`) when the result is absolute or leaves the repository.
   */
  resolve(baseDir: string, path: string): string;
  /**
   * Reads a regular file as UTF-8 text (a BOM is dropped). Throws EvidenceError: `missing` when
   * nothing is there, `unreadable` when it is a directory, FIFO, symlink leaving the repository,
   * binary, not UTF-8, or larger than the size cap.
   */
  readText(path: string, opts?: ReadOptions): Promise<string>;
  /**
   * The same text as readText, with the same refusals, in pieces of about a MiB that each end where a
   * line break was (the break itself is dropped, so the pieces joined with "\n" are the text): evidence
   * that is scanned line by line never holds a large file whole. Optional: without it, readText is used.
   */
  readTextChunks?(path: string, opts?: ReadOptions): AsyncIterable<string>;
  /**
   * The bytes of a regular file, for evidence that is not text (a zipped inspect_ai `.eval` log): the
   * same location, type and size refusals as readText, without the text ones. Optional: a view without
   * it cannot serve binary evidence, which is then an error.
   */
  readBinary?(path: string, opts?: ReadOptions): Promise<Uint8Array>;
  /**
   * Charges bytes a check expands from a file it read (a zip member as it is inflated) to the run's read
   * budget; throws an EvidenceError when they do not fit. Optional: a view without a budget charges nothing.
   */
  chargeExpanded?(bytes: number, path: string): void;
  /** Whether a regular, non-empty file is at `path` (inside the repository). */
  isNonEmptyFile(path: string): Promise<boolean>;
  /**
   * Expands a glob (or a plain path) written relative to `baseDir` into sorted repository-relative
   * paths of regular files. Never follows a link out of the repository, never walks node_modules or .git.
   */
  glob(baseDir: string, pattern: string): Promise<string[]>;
  /** When git history last changed the file. Unknown (never guessed) on a shallow clone or an untracked file. */
  lastChange(path: string, opts?: HistoryOptions): Promise<FileAge>;
}

/** 50 MiB: big enough for a 40 MB JUnit report, small enough to keep a runner's memory safe. */
export const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;
