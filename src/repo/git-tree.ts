// A read-only RepoView of ONE commit of the local git repository, read from the object database without
// checking anything out: a pull request's base commit, evaluated beside the checkout. The same rules as
// FsRepo: paths stay inside the tree, only regular files are read, the size cap holds before a byte of a
// blob is kept (git states the size first; an oversized blob is dropped as it streams past), text must be
// strict UTF-8 without NUL bytes. Symbolic links are followed only while every hop stays inside the tree
// (FsRepo follows links inside the checkout through realpath, so the two views agree); a link leading out,
// and a submodule, are refused. A dynamic glob lists regular files only, as FsRepo's walk does. Only git
// runs, with fixed arguments, never a shell, and it never fetches: a blob missing from a partial clone is
// unreadable, not downloaded (GIT_NO_LAZY_FETCH, git 2.44 and later).
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import picomatch from "picomatch";
import { decodeLineChunks, decodeText, FsRepo, GitHistory, refuseOversize } from "./fs.js";
import { hasGitSegment, insideNeverWalked, LINK_INTO_GIT } from "../base/paths.js";
import { EvidenceError } from "../base/errors.js";
import { CheckedView } from "./checked-view.js";
import { GIT_MISSING, GIT_TIMEOUT_MS, gitStderrReason, spawnGit, watchGitFailure } from "../base/git.js";
import type { FileAge, HistoryOptions, ReadOptions, RepoView } from "../base/view.js";
import { MAX_EVIDENCE_BYTES } from "../base/view.js";

const MIB = 1024 * 1024;
/** A listing of a million paths is about 100 MiB; beyond this the tree is refused rather than held. */
const MAX_LISTING_BYTES = 256 * MIB;
/** Listing a huge tree takes longer than answering one question. */
const LISTING_TIMEOUT_MS = 60_000;
/** Linux gives up on a path after 40 links (ELOOP); so does this view. */
const MAX_LINK_HOPS = 40;
/** Longer than any path a link could name (PATH_MAX). */
const MAX_LINK_BYTES = 4096;
/** Longest answer header `cat-file --batch` gives: `<oid> <type> <size>`. */
const MAX_HEADER_BYTES = 256;
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/i;
/** The empty blob, whose id alone says a file is empty (SHA-1 and SHA-256 repositories). */
const EMPTY_BLOBS = new Set([
  "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
  "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813",
]);

// No sizes in the listing: `ls-tree -l` opens every blob of the tree to size it, which is slow on a big
// tree and, in a partial clone (filter: blob:none), would fetch them all or fail. Sizes come with each read.
type TreeEntry =
  { kind: "file"; oid: string } | { kind: "link"; oid: string } | { kind: "dir" } | { kind: "submodule" };

type Listing = { ok: true; entries: Map<string, TreeEntry> } | { ok: false; why: string };

const DIR: TreeEntry = { kind: "dir" };

export class GitTreeRepo extends CheckedView implements RepoView {
  /** Path rules are FsRepo's own: the same refusals for absolute, Windows and escaping paths. */
  private readonly paths: FsRepo;
  private readonly blobs: BlobReader;
  private listing: Promise<Listing> | undefined;
  private readonly history: GitHistory;

  constructor(
    readonly root: string,
    readonly commit: string,
  ) {
    super();
    if (!SHA.test(commit)) throw new Error(`GitTreeRepo needs a full commit SHA, got ${commit}`);
    this.paths = new FsRepo(root);
    this.blobs = new BlobReader(root);
    this.history = new GitHistory(root, commit);
  }

  /**
   * Lists the commit's tree, or throws an EvidenceError saying why it cannot: call before an evaluation,
   * so that an unreadable commit is one reason, not every check erroring on its own.
   */
  async open(): Promise<void> {
    await this.entries();
  }

  /** Ends the `git cat-file --batch` process; a read after this starts a new one. */
  close(): void {
    this.blobs.close();
  }

  resolve(baseDir: string, path: string): string {
    return this.paths.resolve(baseDir, path);
  }

  async readText(path: string, opts: ReadOptions = {}): Promise<string> {
    const { entry } = await this.locate(path);
    const bytes = await this.blobs.read(regularFile(entry, path).oid, path, this.short());
    // git states the size only as the blob streams past: the budget is charged before it is decoded.
    await opts.admit?.(bytes.length);
    return decodeText(bytes, path);
  }

  async readBinary(path: string, opts: ReadOptions = {}): Promise<Uint8Array> {
    const { entry } = await this.locate(path);
    const bytes = await this.blobs.read(regularFile(entry, path).oid, path, this.short());
    await opts.admit?.(bytes.length);
    return bytes;
  }

  async *readTextChunks(path: string, opts: ReadOptions = {}): AsyncIterable<string> {
    const { entry } = await this.locate(path);
    const bytes = await this.blobs.read(regularFile(entry, path).oid, path, this.short());
    await opts.admit?.(bytes.length);
    // Decoded a piece at a time: the blob's bytes are held, never a second whole copy as text.
    async function* pieces(): AsyncGenerator<Buffer> {
      for (let at = 0; at < bytes.length; at += MIB) yield bytes.subarray(at, at + MIB);
    }
    yield* decodeLineChunks(pieces(), path);
  }

  protected async hasContent(path: string): Promise<boolean> {
    const { entry } = await this.locate(path);
    return entry.kind === "file" && !EMPTY_BLOBS.has(entry.oid);
  }

  protected async refuseUnlessFile(path: string): Promise<void> {
    regularFile((await this.locate(path)).entry, path);
  }

  /** The regular files of the commit a pattern matches (node_modules and .git left out, as on disk). */
  protected async walk(full: string): Promise<string[]> {
    const entries = await this.entries();
    const match = picomatch(full, { dot: false });
    const found: string[] = [];
    for (const [path, entry] of entries) {
      if (entry.kind === "file" && !insideNeverWalked(path) && !hasGitSegment(path) && match(path))
        found.push(path);
    }
    return found.sort();
  }

  lastChange(path: string, opts?: HistoryOptions): Promise<FileAge> {
    return this.history.lastChange(path, opts);
  }

  private short(): string {
    return this.commit.slice(0, 7);
  }

  private async entries(): Promise<Map<string, TreeEntry>> {
    this.listing ??= listTree(this.root, this.commit);
    const listing = await this.listing;
    if (!listing.ok) {
      throw new EvidenceError(
        `the files of commit ${this.short()} cannot be listed: ${listing.why}`,
        "unreadable",
      );
    }
    return listing.entries;
  }

  /**
   * The entry a repository-relative path leads to, following links the way realpath does: each hop
   * resolved against its own folder, refused when it climbs out of the tree or loops.
   */
  private async locate(path: string): Promise<{ path: string; entry: TreeEntry }> {
    const rel = this.resolve("", path);
    const entries = await this.entries();
    const pending = rel === "" ? [] : rel.split("/");
    const reached: string[] = [];
    let entry: TreeEntry = DIR;
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === "" || part === ".") continue;
      if (part === "..") {
        if (reached.length === 0) throw leadsOutside(path);
        reached.pop();
        entry = DIR;
        continue;
      }
      if (entry.kind === "submodule") throw submodule(path, reached.join("/"));
      if (entry.kind !== "dir") throw new EvidenceError(`${path} does not exist`, "missing");
      const here = reached.length === 0 ? part : `${reached.join("/")}/${part}`;
      const found = entries.get(here);
      if (found === undefined) throw new EvidenceError(`${path} does not exist`, "missing");
      if (found.kind === "link") {
        if (++hops > MAX_LINK_HOPS) {
          throw new EvidenceError(`${path} is a symbolic link that loops; use a plain file`, "unreadable");
        }
        const target = await this.linkTarget(found, path);
        if (target.startsWith("/")) throw leadsOutside(path);
        // Resolved against the link's own folder, which is what `reached` holds now.
        pending.unshift(...target.split("/"));
        continue;
      }
      reached.push(part);
      entry = found;
    }
    const located = reached.join("/");
    // The path itself was checked by resolve; a link can still lead to a `.git` entry of a crafted tree.
    if (hasGitSegment(located)) throw new EvidenceError(`${path} ${LINK_INTO_GIT}`, "unreadable");
    return { path: located, entry };
  }

  private async linkTarget(link: { oid: string }, path: string): Promise<string> {
    const bytes = await this.blobs.read(link.oid, path, this.short());
    const target = bytes.toString("utf8");
    if (bytes.length > MAX_LINK_BYTES || target === "" || target.includes("\0")) {
      throw new EvidenceError(`${path} is a symbolic link git cannot resolve`, "unreadable");
    }
    return target;
  }
}

function regularFile(entry: TreeEntry, path: string): { oid: string } {
  if (entry.kind === "file") return entry;
  if (entry.kind === "submodule") throw submodule(path, path);
  // A link is never the end of a located path; a directory is what is left.
  throw new EvidenceError(
    `${path} is a directory, not a regular file; point the check at a file`,
    "unreadable",
  );
}

function leadsOutside(path: string): EvidenceError {
  return new EvidenceError(
    `${path} is a symbolic link that leads outside the repository; evidence must be a file inside it`,
    "unreadable",
  );
}

function submodule(path: string, at: string): EvidenceError {
  return new EvidenceError(
    at === path
      ? `${path} is a git submodule, not a file; point the check at a file of this repository`
      : `${path} is inside the git submodule ${at}, whose files are not part of this repository; point the check at a file of this repository`,
    "unreadable",
  );
}

/** Every path of the commit's tree (folders included) with its kind, from one `git ls-tree`. */
function listTree(root: string, commit: string): Promise<Listing> {
  return new Promise((done) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawnGit(root, ["ls-tree", "-r", "-t", "-z", "--full-tree", commit], "pipe");
    } catch (err) {
      done({
        ok: false,
        why: `git could not be started: ${err instanceof Error ? err.message : String(err)}`,
      });
      return;
    }
    const failed = watchGitFailure(child);
    const chunks: Buffer[] = [];
    let size = 0;
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `git did not list the tree within ${LISTING_TIMEOUT_MS / 1000} s`;
      child.kill("SIGKILL");
    }, LISTING_TIMEOUT_MS);
    child.stdin.end();
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_LISTING_BYTES) {
        failure ??= `the tree lists more than ${MAX_LISTING_BYTES / MIB} MB of paths`;
        child.kill("SIGKILL");
        return;
      }
      chunks.push(chunk);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      failure ??= failed(code);
      if (failure !== undefined) return done({ ok: false, why: failure });
      done(parseListing(Buffer.concat(chunks, size)));
    });
  });
}

const LISTING_RECORD = /^(\d{6}) (blob|tree|commit) ([0-9a-f]+)\t([\s\S]+)$/;

function parseListing(out: Buffer): Listing {
  const entries = new Map<string, TreeEntry>();
  for (const record of out.toString("utf8").split("\0")) {
    if (record === "") continue;
    const m = LISTING_RECORD.exec(record);
    if (!m)
      return {
        ok: false,
        why: `git listed an unreadable tree entry: ${JSON.stringify(record.slice(0, 80))}`,
      };
    const [, mode, type, oid, path] = m as unknown as [string, string, string, string, string];
    if (type === "tree") entries.set(path, DIR);
    else if (type === "commit") entries.set(path, { kind: "submodule" });
    else if (mode === "120000") entries.set(path, { kind: "link", oid });
    else if (mode === "100644" || mode === "100755") entries.set(path, { kind: "file", oid });
    // Any other blob mode (none exists today) is neither a file nor a link: left out, so it is missing.
  }
  return { ok: true, entries };
}

type BlobAnswer =
  | { ok: true; bytes: Buffer }
  | { ok: false; oversize: number }
  | { ok: false; oversize?: undefined; why: string };

interface BlobRequest {
  oid: string;
  answer: (result: BlobAnswer) => void;
}

/**
 * Blobs by object id through ONE long-lived `git cat-file --batch`: one process for the whole evaluation
 * instead of one per file (measured: about 10× faster for a few hundred files). Requests are answered in
 * the order they were written. The process does not keep Node running while idle, and is killed when git
 * stops answering; the next read then starts a new one.
 */
class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: BlobRequest[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Size of the blob whose bytes are being received; undefined while waiting for a header. */
  private expecting: number | undefined;
  /** Bytes still to drop: the rest of an answer refused from its header. */
  private skipping = 0;
  private stderr = "";
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly root: string) {}

  async read(oid: string, path: string, commit: string): Promise<Buffer> {
    const answer = await new Promise<BlobAnswer>((resolve) => this.request(oid, resolve));
    if (answer.ok) return answer.bytes;
    if (answer.oversize !== undefined) refuseOversize(answer.oversize, path);
    const why = answer.oversize !== undefined ? "it is over the size limit for evidence" : answer.why;
    throw new EvidenceError(`${path} cannot be read from commit ${commit}: ${why}`, "unreadable");
  }

  close(): void {
    this.fail("the reader was closed");
  }

  private request(oid: string, answer: (result: BlobAnswer) => void): void {
    const child = this.process();
    if (typeof child === "string") return answer({ ok: false, why: child });
    this.queue.push({ oid, answer });
    setReferenced(child, true);
    this.arm();
    child.stdin.write(`${oid}\n`);
  }

  /** The running process, started on first use; a string says why none could start. */
  private process(): ChildProcessWithoutNullStreams | string {
    if (this.child) return this.child;
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawnGit(this.root, ["cat-file", "--batch"], "pipe");
    } catch (err) {
      return `git could not be started: ${err instanceof Error ? err.message : String(err)}`;
    }
    this.child = child;
    this.stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (this.child !== child) return;
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.drain();
      this.arm();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += chunk.toString("utf8");
    });
    // A write after git died reports EPIPE here; the exit handler answers the requests.
    child.stdin.on("error", () => {});
    child.on("error", (err: NodeJS.ErrnoException) => {
      if (this.child !== child) return;
      this.fail(err.code === "ENOENT" ? GIT_MISSING : `git failed: ${err.message}`);
    });
    child.on("exit", (code) => {
      if (this.child !== child) return;
      this.fail(gitStderrReason(this.stderr, code));
    });
    return child;
  }

  /** Answers every complete response at the front of the stream. */
  private drain(): void {
    for (;;) {
      if (this.skipping > 0) {
        const dropped = Math.min(this.skipping, this.buffered);
        if (dropped > 0) this.consume(dropped);
        this.skipping -= dropped;
        if (this.skipping > 0) return;
      }
      const head = this.queue[0];
      if (head === undefined) return;
      if (this.expecting === undefined) {
        const buf = this.flatten();
        const newline = buf.indexOf(10);
        if (newline < 0) {
          if (buf.length > MAX_HEADER_BYTES) this.fail("git sent an unreadable answer");
          return;
        }
        const header = buf.subarray(0, newline).toString("latin1");
        this.consume(newline + 1);
        const found = /^([0-9a-f]+) (\S+) (\d+)$/.exec(header);
        if (found === null || found[1] !== head.oid) {
          this.queue.shift();
          head.answer({
            ok: false,
            why: header.endsWith(" missing")
              ? "the object is not in this clone (Shipgate does not fetch it)"
              : `git answered ${JSON.stringify(header.slice(0, 80))}`,
          });
          if (found !== null) return this.fail("git answered out of order");
          continue;
        }
        const size = Number(found[3]);
        if (found[2] !== "blob" || size > MAX_EVIDENCE_BYTES) {
          // Refused from the header: its bytes (and git's closing newline) are dropped, never kept.
          this.queue.shift();
          head.answer(
            found[2] === "blob" ? { ok: false, oversize: size } : { ok: false, why: `it is a ${found[2]}` },
          );
          this.skipping = size + 1;
          continue;
        }
        this.expecting = size;
      }
      // The blob, then the newline git ends every answer with.
      if (this.buffered < this.expecting + 1) return;
      const buf = this.flatten();
      const bytes = buf.subarray(0, this.expecting);
      this.consume(this.expecting + 1);
      this.expecting = undefined;
      this.queue.shift();
      head.answer({ ok: true, bytes });
    }
  }

  /** The received bytes as one buffer (copied once per header and once per complete blob). */
  private flatten(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }

  private consume(count: number): void {
    // Dropping a whole chunk list is cheap: skipped bytes are never concatenated.
    if (count >= this.buffered) {
      this.chunks = [];
      this.buffered = 0;
      return;
    }
    const buf = this.flatten();
    this.chunks = [buf.subarray(count)];
    this.buffered -= count;
  }

  /** A watchdog while answers are awaited; the process stops holding Node once nothing is. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 && this.skipping === 0) {
      if (this.child) setReferenced(this.child, false);
      return;
    }
    this.timer = setTimeout(
      () => this.fail(`git did not answer within ${GIT_TIMEOUT_MS / 1000} s`),
      GIT_TIMEOUT_MS,
    );
  }

  /** Stops the process and answers every waiting request with why. */
  private fail(why: string): void {
    const child = this.child;
    this.child = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (child) {
      child.stdin.end();
      child.kill("SIGKILL");
    }
    for (const request of this.queue.splice(0)) request.answer({ ok: false, why });
    this.chunks = [];
    this.buffered = 0;
    this.expecting = undefined;
    this.skipping = 0;
  }
}

/** Whether a child process (and its pipes) keeps Node's event loop alive. */
function setReferenced(child: ChildProcessWithoutNullStreams, on: boolean): void {
  const handles = [child, child.stdin, child.stdout, child.stderr] as Array<{
    ref?: () => void;
    unref?: () => void;
  }>;
  for (const handle of handles) {
    if (on) handle.ref?.();
    else handle.unref?.();
  }
}
