// What both repository views (FsRepo on disk, GitTreeRepo at a commit) do the same way, written once:
// how a glob is answered and what "a non-empty file" means when a path cannot be used.
import { isDynamicPattern } from "tinyglobby";
import { EvidenceError } from "../base/errors.js";

export abstract class CheckedView {
  abstract resolve(baseDir: string, path: string): string;
  /** Throws an EvidenceError unless a regular file of the repository is at `path` (repository-relative). */
  protected abstract refuseUnlessFile(path: string): Promise<void>;
  /** The sorted regular files a resolved pattern matches; node_modules and .git never among them. */
  protected abstract walk(pattern: string): Promise<string[]>;
  /** Whether the regular file at `path` holds anything; may throw when the path cannot be used. */
  protected abstract hasContent(path: string): Promise<boolean>;

  /**
   * A plain path matches that one file, nothing when nothing is there, and the view's precise refusal
   * when something unusable is (a folder, a submodule, a link out); a pattern is walked by the view.
   */
  async glob(baseDir: string, pattern: string): Promise<string[]> {
    const full = this.resolve(baseDir, pattern);
    if (isDynamicPattern(full)) return this.walk(full);
    try {
      await this.refuseUnlessFile(full);
    } catch (err) {
      if (err instanceof EvidenceError && err.reason === "missing") return [];
      throw err;
    }
    return [full];
  }

  async isNonEmptyFile(path: string): Promise<boolean> {
    try {
      return await this.hasContent(path);
    } catch {
      return false;
    }
  }
}
