// A run's budget: how many bytes of evidence it may read, how many files its globs may match, how many git
// history walks it may start and how long it may take. A check the budget stops is an `error` that says
// which budget and how to raise it; the run goes on to publish its report. BudgetedRepo applies the budget
// to any RepoView and shares globs and small reads across checks; it also bounds memory: at most a few
// checks at a time may hold a large file whole.
import * as z from "zod";
import { EvidenceError } from "../base/errors.js";
import { type FileAge, type RepoView } from "../base/view.js";

const MIB = 1024 * 1024;

export interface BudgetLimits {
  /**
   * Bytes of evidence read from disk in the whole run. A file up to 64 K characters is kept for the run's other
   * checks and charged once, however many read it; a larger one is read, and charged, by each check.
   */
  readBytes: number;
  /** Files matched by globs in the whole run (a glob repeated across checks counts once). */
  filesMatched: number;
  /** git history walks (one `git log` each) started to date evidence for maxAge. */
  historyWalks: number;
  /** Wall time of the evaluation, in milliseconds. */
  timeMs: number;
}

/** The environment variables that tune the budget: the one home of their defaults. */
export const budgetEnvSchema = z.object({
  SHIPGATE_READ_BUDGET_MIB: z.coerce
    .number({ message: "SHIPGATE_READ_BUDGET_MIB must be a number of MiB, such as 2048" })
    .positive("SHIPGATE_READ_BUDGET_MIB must be above 0")
    .default(1024),
  SHIPGATE_FILE_BUDGET: z.coerce
    .number({ message: "SHIPGATE_FILE_BUDGET must be a whole number of files, such as 2000000" })
    .int("SHIPGATE_FILE_BUDGET must be a whole number of files")
    .positive("SHIPGATE_FILE_BUDGET must be above 0")
    .default(1_000_000),
  SHIPGATE_GIT_WALK_BUDGET: z.coerce
    .number({ message: "SHIPGATE_GIT_WALK_BUDGET must be a whole number of git walks, such as 10000" })
    .int("SHIPGATE_GIT_WALK_BUDGET must be a whole number of git walks")
    .positive("SHIPGATE_GIT_WALK_BUDGET must be above 0")
    .default(5_000),
  SHIPGATE_TIME_BUDGET_MINUTES: z.coerce
    .number({ message: "SHIPGATE_TIME_BUDGET_MINUTES must be a number of minutes, such as 30" })
    .positive("SHIPGATE_TIME_BUDGET_MINUTES must be above 0")
    .default(15),
});

export type BudgetFromEnv = { ok: true; limits: BudgetLimits } | { ok: false; problems: string[] };

/** The budget the environment asks for; an unset or blank variable takes its default. */
export function budgetFromEnv(env: Record<string, string | undefined>): BudgetFromEnv {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(budgetEnvSchema.shape)) {
    const value = env[name]?.trim();
    if (value) raw[name] = value;
  }
  const parsed = budgetEnvSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => i.message) };
  const v = parsed.data;
  return {
    ok: true,
    limits: {
      readBytes: Math.round(v.SHIPGATE_READ_BUDGET_MIB * MIB),
      filesMatched: v.SHIPGATE_FILE_BUDGET,
      historyWalks: v.SHIPGATE_GIT_WALK_BUDGET,
      timeMs: v.SHIPGATE_TIME_BUDGET_MINUTES * 60_000,
    },
  };
}

export const DEFAULT_BUDGET: BudgetLimits = (() => {
  const parsed = budgetFromEnv({});
  if (!parsed.ok) throw new Error("the budget defaults do not parse");
  return parsed.limits;
})();

/** A check the run's budget stopped: an `error` finding with this message. */
export class BudgetError extends EvidenceError {
  constructor(message: string) {
    super(message, "unreadable");
    this.name = "BudgetError";
  }
}

/** The run's counters against its limits. The clock is injectable so tests never wait on wall time. */
export class RunBudget {
  readonly used = { readBytes: 0, filesMatched: 0, historyWalks: 0 };
  private readonly started: number;

  constructor(
    readonly limits: BudgetLimits = DEFAULT_BUDGET,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.started = clock();
  }

  /** Charges `bytes` about to be read from `path`; throws when they do not fit. */
  chargeBytes(bytes: number, path: string): void {
    this.checkTime();
    if (this.used.readBytes + bytes > this.limits.readBytes) {
      throw new BudgetError(
        `the run's read budget of ${mib(this.limits.readBytes)} was used up before this check could read ${path} (${mib(bytes)}; ${mib(this.used.readBytes)} read so far); raise SHIPGATE_READ_BUDGET_MIB or narrow the glob`,
      );
    }
    this.used.readBytes += bytes;
  }

  /** Charges the files one glob expansion matched. */
  chargeFiles(count: number, pattern: string): void {
    this.checkTime();
    if (this.used.filesMatched + count > this.limits.filesMatched) {
      throw new BudgetError(
        `the run's budget of ${this.limits.filesMatched.toLocaleString("en")} matched files was used up before this check's glob ${pattern} (it matches ${count.toLocaleString("en")}; ${this.used.filesMatched.toLocaleString("en")} matched so far); raise SHIPGATE_FILE_BUDGET or narrow the glob`,
      );
    }
    this.used.filesMatched += count;
  }

  /** Charges one git history walk. */
  chargeWalk(): void {
    this.checkTime();
    if (this.used.historyWalks + 1 > this.limits.historyWalks) {
      throw new BudgetError(
        `the run's budget of ${this.limits.historyWalks.toLocaleString("en")} git history walks was used up before this check's evidence could be dated; raise SHIPGATE_GIT_WALK_BUDGET, or name a timestamp field with ageFrom`,
      );
    }
    this.used.historyWalks += 1;
  }

  /** Throws once the run's time is up. */
  checkTime(): void {
    const why = this.timeUp();
    if (why !== undefined) throw new BudgetError(why);
  }

  /** Why the run's time is up, or undefined while it is not. */
  timeUp(): string | undefined {
    if (this.clock() - this.started <= this.limits.timeMs) return undefined;
    return `the run's time budget of ${minutes(this.limits.timeMs)} was used up before this check finished; raise SHIPGATE_TIME_BUDGET_MINUTES or split the readiness file's checks`;
  }

  /** Milliseconds of wall time left (by the injected clock). */
  remainingMs(): number {
    return Math.max(0, this.limits.timeMs - (this.clock() - this.started));
  }
}

function mib(bytes: number): string {
  const value = bytes / MIB;
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value) : value.toFixed(2)} MiB`;
}

function minutes(ms: number): string {
  const m = ms / 60_000;
  return m >= 1 && Number.isInteger(m) ? `${m} minute${m === 1 ? "" : "s"}` : `${Math.round(ms / 1000)} s`;
}

/** A file at or above this size is large: only a few checks at a time may hold one whole. */
export const LARGE_READ_BYTES = 4 * MIB;
/** How many checks at a time may hold large files whole (each up to the 50 MiB cap, about 3× that while decoding). */
export const LARGE_READ_SLOTS = 4;
/**
 * Reads up to this size are kept for other checks of the run (documents and configs several checks read);
 * a big report is read by one check, and keeping it to the end of the run only cost memory and GC time.
 */
const CACHED_TEXT_BYTES = 128 * 1024;
/** ...up to this much in all. */
const TEXT_CACHE_BYTES = 64 * MIB;
/** Glob expansions are kept for other checks up to this many paths in all. */
const GLOB_CACHE_PATHS = 500_000;

/** A waiting line for the large-read slots. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(count: number) {
    this.free = count;
  }
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/**
 * The run's shared view: the budget, the glob cache, the small-text cache and the large-read slots. Each
 * check reads through its own `forCheck()` view, released when the check ends.
 */
export class BudgetedRepo {
  private readonly globs = new Map<string, Promise<string[]>>();
  private globPaths = 0;
  private readonly texts = new Map<string, string>();
  private textBytes = 0;
  private readonly slots = new Slots(LARGE_READ_SLOTS);

  constructor(
    readonly inner: RepoView,
    readonly budget: RunBudget,
  ) {}

  forCheck(): CheckRepo {
    return new CheckRepo(this);
  }

  /** @internal */
  glob(baseDir: string, pattern: string): Promise<string[]> {
    this.budget.checkTime();
    const full = this.inner.resolve(baseDir, pattern);
    const cached = this.globs.get(full);
    if (cached) return cached;
    const found = this.inner.glob("", full).then((paths) => {
      this.budget.chargeFiles(paths.length, full);
      return paths;
    });
    this.globs.set(full, found);
    // Errors are not kept (the next check asks again); neither are expansions past the cache's bound.
    found.then(
      (paths) => {
        this.globPaths += paths.length;
        if (this.globPaths > GLOB_CACHE_PATHS) this.globs.delete(full);
      },
      () => this.globs.delete(full),
    );
    return found;
  }

  /** @internal */
  cachedText(path: string): string | undefined {
    return this.texts.get(path);
  }

  /** @internal */
  keepText(path: string, text: string): void {
    const bytes = text.length * 2;
    if (bytes > CACHED_TEXT_BYTES || this.texts.has(path)) return;
    while (this.textBytes + bytes > TEXT_CACHE_BYTES && this.texts.size > 0) {
      const [oldest, held] = this.texts.entries().next().value as [string, string];
      this.texts.delete(oldest);
      this.textBytes -= held.length * 2;
    }
    this.texts.set(path, text);
    this.textBytes += bytes;
  }

  /** @internal */
  takeSlot(): Promise<void> {
    return this.slots.take();
  }

  /** @internal */
  giveSlot(): void {
    this.slots.give();
  }
}

/** One check's view of the repository: every read and walk is charged to the run's budget. */
export class CheckRepo implements RepoView {
  private holdsSlot = false;
  private released = false;

  constructor(private readonly run: BudgetedRepo) {}

  private get inner(): RepoView {
    return this.run.inner;
  }

  private get budget(): RunBudget {
    return this.run.budget;
  }

  resolve(baseDir: string, path: string): string {
    return this.inner.resolve(baseDir, path);
  }

  async readText(path: string): Promise<string> {
    this.budget.checkTime();
    const cached = this.run.cachedText(path);
    if (cached !== undefined) return cached;
    let admitted = false;
    const text = await this.inner.readText(path, {
      admit: async (bytes) => {
        admitted = true;
        this.budget.chargeBytes(bytes, path);
        if (bytes >= LARGE_READ_BYTES) await this.slot();
      },
    });
    // A view that cannot say the size first (a test's in-memory one) is charged after the read.
    if (!admitted) this.budget.chargeBytes(Buffer.byteLength(text), path);
    this.run.keepText(path, text);
    return text;
  }

  async readBinary(path: string): Promise<Uint8Array> {
    this.budget.checkTime();
    if (!this.inner.readBinary) {
      throw new EvidenceError(
        `${path} is binary evidence, which this repository view cannot read`,
        "unreadable",
      );
    }
    let admitted = false;
    const bytes = await this.inner.readBinary(path, {
      admit: async (size) => {
        admitted = true;
        this.budget.chargeBytes(size, path);
        if (size >= LARGE_READ_BYTES) await this.slot();
      },
    });
    if (!admitted) this.budget.chargeBytes(bytes.length, path);
    return bytes;
  }

  chargeExpanded(bytes: number, path: string): void {
    this.budget.chargeBytes(bytes, path);
  }

  /** Line-aligned pieces of a file, for evidence that can be scanned without holding the file whole. */
  async *readTextChunks(path: string): AsyncIterable<string> {
    this.budget.checkTime();
    const cached = this.run.cachedText(path);
    if (cached !== undefined) {
      yield* splitAtLines(cached);
      return;
    }
    if (!this.inner.readTextChunks) {
      yield* splitAtLines(await this.readText(path));
      return;
    }
    const admit = (bytes: number) => this.budget.chargeBytes(bytes, path);
    for await (const chunk of this.inner.readTextChunks(path, { admit })) {
      this.budget.checkTime();
      yield chunk;
    }
  }

  isNonEmptyFile(path: string): Promise<boolean> {
    this.budget.checkTime();
    return this.inner.isNonEmptyFile(path);
  }

  glob(baseDir: string, pattern: string): Promise<string[]> {
    return this.run.glob(baseDir, pattern);
  }

  lastChange(path: string): Promise<FileAge> {
    this.budget.checkTime();
    return this.inner.lastChange(path, { admitWalk: () => this.budget.chargeWalk() });
  }

  /** Gives back what the check held; called once the check's finding is in. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.holdsSlot) this.run.giveSlot();
    this.holdsSlot = false;
  }

  /** One large-read slot per check, held until the check ends: a check holds one large file at a time. */
  private async slot(): Promise<void> {
    if (this.holdsSlot || this.released) return;
    await this.run.takeSlot();
    if (this.released) return this.run.giveSlot();
    this.holdsSlot = true;
  }
}

/** Pieces of at most ~1 MiB, each ending at a line break (dropped): the shape readTextChunks yields. */
export function* splitAtLines(text: string, size = MIB): Generator<string> {
  let start = 0;
  while (text.length - start > size) {
    const cut = text.indexOf("\n", start + size);
    if (cut < 0) break;
    yield text.slice(start, cut);
    start = cut + 1;
  }
  yield text.slice(start);
}
