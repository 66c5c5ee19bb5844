// The real RepoView: reads evidence from a checkout on disk. Every read is checked for location
// (realpath inside the repository), type (regular file only, FIFOs never block), size (refused from
// the stat, before reading) and text (no NUL bytes, strict UTF-8). File age comes from git itself.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
  type Dirent,
  type Stats,
} from "node:fs";
import { isAbsolute, join, sep } from "node:path";
import picomatch from "picomatch";
import { globSync as globFilesSync, type GlobOptions } from "tinyglobby";
import {
  hasGitSegment,
  insideNeverWalked,
  LINK_INTO_GIT,
  NEVER_WALKED_GLOBS,
  resolveEvidencePath,
} from "../base/paths.js";
import { EvidenceError } from "../base/errors.js";
import { CheckedView } from "./checked-view.js";
import { runGit, spawnGit, watchGitFailure } from "../base/git.js";
import type { FileAge, HistoryOptions, ReadOptions, RepoView } from "../base/view.js";
import { MAX_EVIDENCE_BYTES } from "../base/view.js";

const MIB = 1024 * 1024;
const READ_CHUNK = 64 * 1024;
/** Pieces of text a streamed read decodes at a time. */
const TEXT_CHUNK = MIB;
/** O_NONBLOCK keeps a FIFO from blocking the open; O_NOFOLLOW refuses a link swapped in after realpath. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
/**
 * Where the system refuses to open a link as the last component (O_NOFOLLOW, all but Windows), a file is
 * opened straight in its folder's real path: a link fails the open (ELOOP) and is then resolved in full.
 * Elsewhere each file is lstat-ed first, as it always was.
 */
const OPEN_REFUSES_LINKS = constants.O_NOFOLLOW !== undefined;
/** Paths whose stat a run keeps (then starts afresh): bounds the memory of a huge walk. */
const INSPECTED_PATHS = 100_000;
/** Characters that make a folder part of a pattern more than a plain path. */
const PATTERN_CHARS = /[*?[\]{}()!+@\\]/;
/** Names a walk never enters nor lists (NEVER_WALKED_GLOBS, as names). */
const NEVER_WALKED_NAMES = new Set(["node_modules", ".git"]);
const DOT = ".".charCodeAt(0);
// A name pattern under any folders of a plain folder, such as `**/readiness.yml` or `ml/**/*.json`: (folder, name).
const ANY_FOLDER_THEN_NAME = /^(?:(.*)\/)?\*\*\/([^/]+)$/;

export class FsRepo extends CheckedView implements RepoView {
  private realRoot: Outcome<string> | undefined;
  private readonly history: GitHistory;
  /** Real path of each folder evidence was read from (or why it cannot be used): resolved once per run. */
  private readonly realDirs = new Map<string, Outcome<string>>();
  /** What is at each path looked at this run (lstat, or stat through a link inside the repository). */
  private readonly inspected = new Map<string, Stats>();
  /** Each folder a one-folder pattern (`reports/*.xml`) was matched in, listed once per run. */
  private readonly listings = new Map<string, Outcome<Dirent[]>>();

  constructor(readonly root: string) {
    super();
    if (!isAbsolute(root)) throw new Error(`FsRepo needs an absolute repository root, got ${root}`);
    this.history = new GitHistory(root);
  }

  resolve(baseDir: string, path: string): string {
    return resolveEvidencePath(baseDir, path);
  }

  async readText(path: string, opts: ReadOptions = {}): Promise<string> {
    return decodeText(await this.readWhole(path, opts), path);
  }

  async *readTextChunks(path: string, opts: ReadOptions = {}): AsyncIterable<string> {
    yield* decodeLineChunks(this.readBytes(path, opts, TEXT_CHUNK), path);
  }

  async readBinary(path: string, opts: ReadOptions = {}): Promise<Uint8Array> {
    return this.readWhole(path, opts);
  }

  /**
   * A regular file inside the repository, whole: open (no link followed), fstat (refused when not a file
   * or over the cap, before reading anything), then one read of the size the stat gave plus a byte. Only a
   * file that changed size since its stat is read on, refused the moment it passes the cap. Four
   * system calls for a small file, each made synchronously: the checkout is a local disk, mostly in the
   * page cache, where a call costs a few microseconds and a trip through the thread pool many times that.
   */
  private async readWhole(path: string, opts: ReadOptions): Promise<Buffer> {
    const { fd, size } = await this.openChecked(path, opts);
    try {
      // Never exposed past what was read: allocUnsafe's old bytes stay out of the result.
      const first = Buffer.allocUnsafe(size + 1);
      const bytesRead = readSync(fd, first, 0, first.length, 0);
      if (bytesRead === size) return first.subarray(0, bytesRead);
      // It grew, shrank or the read came up short: read on to the end, as the chunked read did.
      const chunks = [first.subarray(0, bytesRead)];
      let total = bytesRead;
      for (;;) {
        refuseOversize(total, path);
        const chunk = Buffer.allocUnsafe(READ_CHUNK);
        const more = readSync(fd, chunk, 0, READ_CHUNK, total);
        if (more === 0) return Buffer.concat(chunks, total);
        chunks.push(chunk.subarray(0, more));
        total += more;
      }
    } catch (err) {
      throw fsError(err, path);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The bytes of a regular file inside the repository, `size` at a time: opened without following a
   * link, refused from the stat when not a file or over the cap, and again as read (it may have grown).
   */
  private async *readBytes(path: string, opts: ReadOptions, size: number): AsyncGenerator<Buffer> {
    const { fd } = await this.openChecked(path, opts);
    try {
      let total = 0;
      for (;;) {
        const chunk = Buffer.allocUnsafe(size);
        const bytesRead = readSync(fd, chunk, 0, size, total);
        if (bytesRead === 0) return;
        total += bytesRead;
        refuseOversize(total, path);
        yield bytesRead === size ? chunk : chunk.subarray(0, bytesRead);
      }
    } catch (err) {
      throw fsError(err, path);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * The prologue of every read: the file opened (openFile), refused from its stat when it is not a regular
   * file or is over the cap, then admitted by the caller's budget (which may wait for room to hold it).
   * The caller closes the descriptor.
   */
  private async openChecked(path: string, opts: ReadOptions): Promise<{ fd: number; size: number }> {
    const fd = this.openFile(path);
    try {
      const info = fstatSync(fd);
      refuseNonFile(info, path);
      refuseOversize(info.size, path);
      const admitted = opts.admit?.(info.size);
      if (admitted) await admitted;
      return { fd, size: info.size };
    } catch (err) {
      closeSync(fd);
      throw fsError(err, path);
    }
  }

  /**
   * Opens a repository file for reading, never through a link that leaves the repository. With
   * O_NOFOLLOW the file is opened in its folder's real path at once; a link there fails the open with
   * ELOOP and is then resolved in full (and refused when it leads outside or into .git).
   */
  private openFile(path: string): number {
    if (OPEN_REFUSES_LINKS) {
      const direct = this.inRealDir(path);
      if (direct !== undefined) {
        try {
          return openSync(direct, OPEN_FLAGS);
        } catch (err) {
          if ((err as NodeJS.ErrnoException | null)?.code !== "ELOOP") throw fsError(err, path);
          // A link: located in full below.
        }
      }
    }
    const real = this.locate(path);
    try {
      return openSync(real, OPEN_FLAGS);
    } catch (err) {
      throw fsError(err, path);
    }
  }

  protected async hasContent(path: string): Promise<boolean> {
    const info = this.inspect(path);
    return info.isFile() && info.size > 0;
  }

  /** Throws an EvidenceError unless a regular file inside the repository is at `path`. */
  protected async refuseUnlessFile(path: string): Promise<void> {
    let info: Stats;
    try {
      info = this.inspect(path);
    } catch (err) {
      throw fsError(err, path);
    }
    refuseNonFile(info, path);
  }

  /** The regular files a pattern matches, walking the checkout (node_modules and .git pruned). */
  protected async walk(full: string): Promise<string[]> {
    const slash = full.lastIndexOf("/");
    const dir = slash < 0 ? "" : full.slice(0, slash);
    const last = full.slice(slash + 1);
    // One dynamic segment, the last (`reports/junit/*.xml`): the folder's listing, once per run.
    // The folder must be plain (no glob or escape character that could reach across the last slash).
    const plainName = !last.startsWith("!") && !last.includes("**");
    if (!PATTERN_CHARS.test(dir) && plainName) return this.matchInFolder(dir, last);
    // `**` then a name under a plain folder (readiness discovery, `reports/**/*.xml`): one walk of it.
    const anyFolder = ANY_FOLDER_THEN_NAME.exec(full);
    const under = anyFolder?.[1] ?? "";
    if (anyFolder && plainName && !PATTERN_CHARS.test(under)) return this.matchUnder(under, last);
    // The walk is synchronous: tinyglobby's asynchronous one made a trip through the thread pool and a
    // callback per folder, for listings the page cache answers in microseconds.
    const found = globFilesSync(full, globOptions(this.realRootPath()));
    const inside: string[] = [];
    for (const candidate of found) {
      const rel = candidate.split(sep).join("/");
      // The walk does not follow links, but it does start inside the pattern's base folder even when
      // that folder is a link: every match is located (cheap: folders are resolved once per run).
      if (this.isFileInside(rel)) inside.push(rel);
    }
    return inside.sort();
  }

  /**
   * The regular files in one folder whose names match `name` (a one-segment glob), as tinyglobby would
   * find them: regular files only (links are not followed), no dot files unless the pattern names them,
   * nothing inside node_modules or .git, the folder inside the repository.
   */
  private async matchInFolder(dir: string, name: string): Promise<string[]> {
    if (insideNeverWalked(`${dir}/`) || hasGitSegment(dir)) return [];
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = attempt(() => readdirSync(this.realDir(dir), { withFileTypes: true }));
      this.listings.set(dir, listing);
    }
    // Missing, not a folder, unreadable or leading outside the repository: nothing matches in it.
    if (!listing.ok) return [];
    const matches = segmentMatcher(name);
    const inside: string[] = [];
    for (const entry of listing.value) {
      if (!matches(entry.name)) continue;
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      // Links are not followed (as the walk does not); a name that is not UTF-8 on disk is listed with
      // U+FFFD in its place and names no file, so such a name is looked up.
      if (!entry.isFile()) continue;
      if (!entry.name.includes("\uFFFD")) inside.push(rel);
      else if (this.isFileInside(rel)) inside.push(rel);
    }
    return inside.sort();
  }

  /**
   * The regular files whose names match `name` (one segment) in `dir` or any folder below it, as
   * tinyglobby finds them for `**` then `name` under `dir`: links never followed, no folder whose name
   * starts with a dot (`**` does not match one), node_modules and .git pruned, dot files only when the
   * name spells the dot. Every match is then located as a match of the full walk is. Every folder must be
   * listed either way; this saves fdir's and picomatch's work per entry on top of the listing.
   */
  private async matchUnder(dir: string, name: string): Promise<string[]> {
    if (insideNeverWalked(`${dir}/`) || hasGitSegment(dir)) return [];
    let start: string;
    try {
      start = this.realDir(dir);
    } catch {
      // Missing, not a folder or leading outside the repository (or into .git): nothing matches.
      return [];
    }
    const matches = segmentMatcher(name);
    const found: string[] = [];
    const visit = (real: string, rel: string): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(real, { withFileTypes: true });
      } catch {
        // Unreadable, vanished, or a name that is not UTF-8 on disk: nothing below it, as for the walk.
        return;
      }
      for (const entry of entries) {
        const entryName = entry.name;
        if (NEVER_WALKED_NAMES.has(entryName)) continue;
        if (entry.isFile()) {
          if (matches(entryName)) found.push(rel === "" ? entryName : `${rel}/${entryName}`);
        } else if (entry.isDirectory() && entryName.charCodeAt(0) !== DOT) {
          const childReal = `${real}/${entryName}`;
          const childRel = rel === "" ? entryName : `${rel}/${entryName}`;
          // A folder (not a link) in a folder whose real path is known: its real path, as realDirOnce
          // would find it with an lstat, kept for the run's reads (a name not UTF-8 on disk names nothing).
          if (!entryName.includes("\uFFFD") && !this.realDirs.has(childRel))
            this.realDirs.set(childRel, { ok: true, value: childReal });
          visit(childReal, childRel);
        }
      }
    };
    visit(start, dir);
    const inside: string[] = [];
    for (const rel of found) if (this.isFileInside(rel)) inside.push(rel);
    return inside.sort();
  }

  /** Whether a regular file inside the repository is at `rel`; false when the path cannot be used. */
  private isFileInside(rel: string): boolean {
    try {
      return this.inspect(rel).isFile();
    } catch {
      // Vanished, unreadable or leading outside the repository.
      return false;
    }
  }

  lastChange(path: string, opts?: HistoryOptions): Promise<FileAge> {
    return this.history.lastChange(path, opts);
  }

  private realRootPath(): string {
    this.realRoot ??= attempt(() => realpathSync.native(this.root));
    if (this.realRoot.ok) return this.realRoot.value;
    throw new EvidenceError("the repository root cannot be read; check the checkout", "unreadable");
  }

  /** The real path of a repository folder, resolved once per run; refused (naming `shown`) when it leaves the repository. */
  private realDir(dir: string, shown = dir): string {
    const real = this.realDirOnce(dir);
    if (real.ok) return real.value;
    throw refusal(real.error, shown);
  }

  /**
   * A folder's real path from its parent's: one lstat per folder, where realpath looked at every folder
   * on the way again for each. A link on the way is resolved in full and must stay inside the repository.
   * Fails with the system's error or a DirRefusal, which realDir words for the path asked about; the
   * failure is kept for the run as the answer is.
   */
  private realDirOnce(dir: string): Outcome<string> {
    let real = this.realDirs.get(dir);
    if (!real) {
      real = attempt(() => {
        const root = this.realRootPath();
        if (dir === "") return root;
        const slash = dir.lastIndexOf("/");
        const parent = this.realDirOnce(slash < 0 ? "" : dir.slice(0, slash));
        if (!parent.ok) throw parent.error;
        const candidate = join(parent.value, dir.slice(slash + 1));
        // Not a link: its parent's real path plus its own name. (Not a folder: opening in it fails.)
        if (!lstatSync(candidate).isSymbolicLink()) return candidate;
        return realPathInside(root, join(root, dir));
      });
      this.realDirs.set(dir, real);
    }
    return real;
  }

  /** A file's path in its folder's real path (the file itself not yet looked at); undefined for the root. */
  private inRealDir(path: string): string | undefined {
    const rel = this.resolve("", path);
    const slash = rel.lastIndexOf("/");
    const name = slash < 0 ? rel : rel.slice(slash + 1);
    if (name === "") return undefined;
    return join(this.realDir(slash < 0 ? "" : rel.slice(0, slash), path), name);
  }

  /**
   * What is at a repository path, links followed (only inside the repository): the lstat of a plain
   * entry is already its stat, so only a link costs more than one call.
   */
  private inspect(path: string): Stats {
    const rel = this.resolve("", path);
    let info = this.inspected.get(rel);
    if (!info) {
      // A run sees one state of each path (a glob, then the same file's check); failures are asked again.
      info = this.inspectOnce(path);
      if (this.inspected.size >= INSPECTED_PATHS) this.inspected.clear();
      this.inspected.set(rel, info);
    }
    return info;
  }

  private inspectOnce(path: string): Stats {
    const candidate = this.inRealDir(path);
    if (candidate === undefined) return statSync(this.realRootPath());
    let own: Stats;
    try {
      own = lstatSync(candidate);
    } catch (err) {
      throw fsError(err, path);
    }
    if (!own.isSymbolicLink()) return own;
    return statSync(this.realInside(this.realRootPath(), this.resolve("", path), path));
  }

  /** The real absolute path of a repository-relative path, refused when it (or a link on the way) leaves the repository. */
  private locate(path: string): string {
    const candidate = this.inRealDir(path);
    if (candidate === undefined) return this.realRootPath();
    let own: Stats;
    try {
      own = lstatSync(candidate);
    } catch (err) {
      throw fsError(err, path);
    }
    // Not a link: the real folder plus its own name is its real path. A link is resolved in full.
    return own.isSymbolicLink()
      ? this.realInside(this.realRootPath(), this.resolve("", path), path)
      : candidate;
  }

  /** realpath of a repository-relative path, refused when it (or a link on the way) leaves the repository. */
  private realInside(root: string, rel: string, shown: string): string {
    try {
      return realPathInside(root, rel === "" ? root : join(root, rel));
    } catch (err) {
      throw refusal(err, shown);
    }
  }
}

/** A value or why it could not be had: what a run keeps of a folder's real path or listing. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function attempt<T>(get: () => T): Outcome<T> {
  try {
    return { ok: true, value: get() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Why a path's real location is refused, worded by `refusal` for the path a check asked about. */
class DirRefusal extends Error {
  constructor(readonly why: "outside" | "git") {
    super(why);
  }
}

/** realpath of `full`, refused (a DirRefusal) when it leaves `root` or leads into .git. */
function realPathInside(root: string, full: string): string {
  const real = realpathSync.native(full);
  const prefix = root.endsWith(sep) ? root : root + sep;
  if (real !== root && !real.startsWith(prefix)) throw new DirRefusal("outside");
  // A link can still lead into .git, whatever its own name.
  if (real !== root && hasGitSegment(real.slice(prefix.length).split(sep).join("/")))
    throw new DirRefusal("git");
  return real;
}

function refusal(err: unknown, shown: string): EvidenceError {
  if (err instanceof DirRefusal) {
    return err.why === "outside"
      ? new EvidenceError(
          `${shown} is a symbolic link that leads outside the repository; evidence must be a file inside it`,
          "unreadable",
        )
      : new EvidenceError(`${shown} ${LINK_INTO_GIT}`, "unreadable");
  }
  return fsError(err, shown);
}

/**
 * When git history last changed each file, up to `commit` (the checkout's HEAD when omitted). Cached per
 * path; an unknown age says why and is never guessed (a shallow checkout cannot tell). The paths asked for
 * in the same turn of the event loop are dated together by ONE walk (`git log --name-only` over their
 * folders, stopped as soon as every one is found) instead of one `git log` per file: 20,000 files took 7
 * minutes one process at a time.
 */
export class GitHistory {
  private shallow: Promise<ShallowCheck> | undefined;
  private readonly ages = new Map<string, Promise<FileAge>>();
  private pending: PendingAge[] = [];
  private scheduled = false;

  constructor(
    private readonly root: string,
    private readonly commit?: string,
  ) {}

  lastChange(path: string, opts: HistoryOptions = {}): Promise<FileAge> {
    let cached = this.ages.get(path);
    if (!cached) {
      cached = new Promise<FileAge>((resolve, reject) => this.pending.push({ path, opts, resolve, reject }));
      this.ages.set(path, cached);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    }
    return cached;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      const answers = await this.date(batch);
      for (const request of batch) request.resolve(answers.get(request.path)!);
    } catch (err) {
      // A refused walk (the run's budget) is the answer of every path in it; asked again, they are retried.
      for (const request of batch) {
        this.ages.delete(request.path);
        request.reject(err);
      }
    }
  }

  private async date(batch: PendingAge[]): Promise<Map<string, FileAge>> {
    const paths = [...new Set(batch.map((r) => r.path))];
    const answers = new Map<string, FileAge>();
    this.shallow ??= runGit(this.root, ["rev-parse", "--is-shallow-repository"]).then((out) =>
      out.ok ? { ok: true, shallow: out.stdout.trim() === "true" } : { ok: false, why: out.why },
    );
    const shallow = await this.shallow;
    const short = this.commit?.slice(0, 7);
    if (!shallow.ok || shallow.shallow) {
      for (const path of paths) {
        answers.set(path, {
          known: false,
          why: !shallow.ok
            ? `git cannot tell when ${path} last changed: ${shallow.why}`
            : short === undefined
              ? `the checkout is shallow (a fetch-depth other than 0), so git cannot tell when ${path} last changed; use fetch-depth: 0 or name a timestamp field with ageFrom`
              : // At depth 2 the base commit is a graft: every file would seem changed by it.
                `the checkout is shallow, so git cannot tell when ${path} last changed before commit ${short}; use fetch-depth: 0 or name a timestamp field with ageFrom`,
        });
      }
      return answers;
    }
    batch[0]?.opts.admitWalk?.();
    const walked = await walkHistory(this.root, this.commit, paths);
    for (const path of paths) {
      const seconds = walked.found.get(path);
      if (seconds !== undefined) {
        answers.set(
          path,
          Number.isSafeInteger(seconds)
            ? { known: true, changedAt: new Date(seconds * 1000), source: "git" }
            : { known: false, why: `git gave an unreadable commit time for ${path}` },
        );
      } else if (walked.why !== undefined) {
        answers.set(path, { known: false, why: `git cannot tell when ${path} last changed: ${walked.why}` });
      } else {
        answers.set(path, {
          known: false,
          why:
            short === undefined
              ? `${path} has no committed history in git (untracked or never committed); commit it, or name a timestamp field with ageFrom`
              : `${path} has no committed history up to commit ${short}`,
        });
      }
    }
    return answers;
  }
}

interface PendingAge {
  path: string;
  opts: HistoryOptions;
  resolve: (age: FileAge) => void;
  reject: (err: unknown) => void;
}

/** A walk reads the whole history at worst; that takes longer than one question. */
const WALK_TIMEOUT_MS = 120_000;
/** Pathspecs a walk names: the files' folders, merged upwards until there are at most this many. */
const MAX_PATHSPECS = 256;

/** The folders (or root-level files) whose history holds every path: few, so the command line stays short. */
export function walkPathspecs(paths: readonly string[]): string[] {
  if (paths.some((p) => p === "")) return ["."];
  let specs = new Set(paths.map((p) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : p)));
  while (specs.size > MAX_PATHSPECS) {
    const up = new Set([...specs].map((p) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : ".")));
    if (up.size === specs.size) return ["."];
    specs = up;
  }
  return [...specs].sort();
}

/**
 * The commit time (seconds) of the newest commit that changed each path, from one `git log --name-only`
 * walk; stopped as soon as every path is found. `why` says why the walk did not finish.
 */
function walkHistory(
  root: string,
  commit: string | undefined,
  paths: readonly string[],
): Promise<{ found: Map<string, number>; why?: string }> {
  const wanted = new Set(paths);
  const found = new Map<string, number>();
  const args = [
    "-c",
    "log.follow=false",
    "log",
    "--format=%x01%ct",
    "-z",
    "--name-only",
    "--no-renames",
    // A merge is listed with the files it changed against every parent, as `git log -1 -- path` dates it.
    "--cc",
    ...(commit === undefined ? [] : [commit]),
    "--",
    ...walkPathspecs(paths),
  ];
  return new Promise((done) => {
    let child: ReturnType<typeof spawnGit>;
    try {
      child = spawnGit(root, args);
    } catch (err) {
      done({ found, why: `git could not be started: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const failure = watchGitFailure(child);
    let why: string | undefined;
    let finished = false;
    let tail = Buffer.alloc(0);
    let time = Number.NaN;
    let firstName = false;
    const timer = setTimeout(() => {
      why ??= `git did not finish walking the history within ${WALK_TIMEOUT_MS / 1000} s`;
      child.kill("SIGKILL");
    }, WALK_TIMEOUT_MS);
    const take = (token: string): void => {
      if (token.startsWith("\x01")) {
        time = Number(token.slice(1));
        firstName = true;
        return;
      }
      // git puts a newline between a commit's header and its first file name.
      const name = firstName && token.startsWith("\n") ? token.slice(1) : token;
      firstName = false;
      if (name === "" || !wanted.has(name)) return;
      wanted.delete(name);
      found.set(name, time);
      if (wanted.size === 0 && !finished) {
        finished = true;
        child.kill("SIGKILL");
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      if (finished) return;
      let data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
      let nul = data.indexOf(0);
      while (nul >= 0 && !finished) {
        take(data.subarray(0, nul).toString("utf8"));
        data = data.subarray(nul + 1);
        nul = data.indexOf(0);
      }
      tail = Buffer.from(data);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (finished) return done({ found });
      if (tail.length > 0) take(tail.toString("utf8"));
      why ??= failure(code);
      done(why === undefined ? { found } : { found, why });
    });
  });
}

/**
 * How a glob walks the checkout: never through a symlink, never into node_modules or .git (tinyglobby
 * turns these ignores into directory exclusions, so they are pruned rather than walked and filtered).
 */
export function globOptions(cwd: string): GlobOptions {
  return {
    cwd,
    onlyFiles: true,
    followSymbolicLinks: false,
    dot: false,
    expandDirectories: false,
    ignore: NEVER_WALKED_GLOBS,
  };
}

type ShallowCheck = { ok: true; shallow: boolean } | { ok: false; why: string };

/** Compiled one-segment globs, shared by every check and run of the process (a bounded cache). */
const segmentMatchers = new Map<string, (name: string) => boolean>();
const SEGMENT_MATCHERS = 1024;

/** tinyglobby's own matching (picomatch, dot files excluded, POSIX) for one path segment. */
function segmentMatcher(glob: string): (name: string) => boolean {
  let matcher = segmentMatchers.get(glob);
  if (!matcher) {
    if (segmentMatchers.size >= SEGMENT_MATCHERS) segmentMatchers.clear();
    matcher = picomatch(glob, { dot: false, posix: true });
    segmentMatchers.set(glob, matcher);
  }
  return matcher;
}

function refuseNonFile(info: Stats, path: string): void {
  if (info.isFile()) return;
  const what = info.isDirectory()
    ? "a directory"
    : info.isFIFO()
      ? "a FIFO (named pipe)"
      : info.isSocket()
        ? "a socket"
        : info.isCharacterDevice()
          ? "a character device"
          : info.isBlockDevice()
            ? "a block device"
            : "not a regular file";
  throw new EvidenceError(`${path} is ${what}, not a regular file; point the check at a file`, "unreadable");
}

export function refuseOversize(size: number, path: string): void {
  if (size <= MAX_EVIDENCE_BYTES) return;
  // Rounded up to 0.1 MB so that a file just over the cap never reads as "50 MB".
  const mb = String(Math.ceil((size / MIB) * 10) / 10);
  throw new EvidenceError(
    `${path} is ${mb} MB, over the ${MAX_EVIDENCE_BYTES / MIB} MB limit for evidence; point the check at a smaller summary file`,
    "unreadable",
  );
}

/** One strict decoder for whole files (a call without `stream` starts afresh), not one per read. */
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeText(bytes: Buffer, path: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new EvidenceError(`${path} is UTF-16 text; save it as UTF-8`, "unreadable");
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new EvidenceError(
      `${path} is a binary file (NUL byte at offset ${nul}), not text; point the check at a text file`,
      "unreadable",
    );
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    throw new EvidenceError(`${path} is not valid UTF-8 text; save it as UTF-8`, "unreadable");
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * decodeText's rules (no UTF-16, no NUL byte, strict UTF-8, a leading BOM dropped) over a stream of bytes,
 * yielding pieces that each end where a line break was; the break is dropped. Holds one piece at a time
 * (a single line longer than a piece is held whole, up to the size cap).
 */
export async function* decodeLineChunks(source: AsyncIterable<Buffer>, path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let offset = 0;
  let carry = "";
  let first = true;
  const decode = (bytes?: Buffer): string => {
    try {
      return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      throw new EvidenceError(`${path} is not valid UTF-8 text; save it as UTF-8`, "unreadable");
    }
  };
  let lead: Buffer | undefined = Buffer.alloc(0);
  for await (const piece of source) {
    let bytes = piece;
    if (lead !== undefined) {
      // The first two bytes say whether it is UTF-16, however the bytes arrive.
      bytes = Buffer.concat([lead, piece]);
      if (bytes.length < 2) {
        lead = bytes;
        continue;
      }
      lead = undefined;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new EvidenceError(`${path} is UTF-16 text; save it as UTF-8`, "unreadable");
      }
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      throw new EvidenceError(
        `${path} is a binary file (NUL byte at offset ${offset + nul}), not text; point the check at a text file`,
        "unreadable",
      );
    }
    offset += bytes.length;
    let text = carry + decode(bytes);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const cut = text.lastIndexOf("\n");
    if (cut < 0) {
      carry = text;
      continue;
    }
    carry = text.slice(cut + 1);
    yield text.slice(0, cut);
  }
  if (lead !== undefined && lead.length > 0) {
    if (lead[0] === 0) {
      throw new EvidenceError(
        `${path} is a binary file (NUL byte at offset 0), not text; point the check at a text file`,
        "unreadable",
      );
    }
    carry += decode(lead);
  }
  let rest = carry + decode();
  if (first && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
  yield rest;
}

/** A filesystem failure as a message naming the repository-relative path, never the machine's. */
function fsError(err: unknown, path: string): EvidenceError {
  if (err instanceof EvidenceError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return new EvidenceError(`${path} does not exist`, "missing");
    case "ELOOP":
      return new EvidenceError(
        `${path} is a symbolic link that loops or was swapped while reading; use a plain file`,
        "unreadable",
      );
    case "EACCES":
    case "EPERM":
      return new EvidenceError(`${path} cannot be read (permission denied)`, "unreadable");
    case "EISDIR":
      return new EvidenceError(
        `${path} is a directory, not a regular file; point the check at a file`,
        "unreadable",
      );
    case "ENXIO":
      return new EvidenceError(
        `${path} is a socket or device, not a regular file; point the check at a file`,
        "unreadable",
      );
    case "ENAMETOOLONG":
      return new EvidenceError(`${path} is too long a path for this system`, "unreadable");
    default:
      return new EvidenceError(`${path} cannot be read${code ? ` (${code})` : ""}`, "unreadable");
  }
}
