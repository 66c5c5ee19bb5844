// The engine both entry points share: evaluate every check of every loaded system, then judge.
// Data flows one way: load (config/) → gather (evidence/) → evaluate (gate/) → report (report/).
import type { LoadResult } from "./config/types.js";
import { evaluateCheck } from "./evidence/index.js";
import type { CheckSpec } from "./config/schema.js";
import type { Baseline, EvidenceContext, Finding, GitHubFacts } from "./evidence/types.js";
import { buildReport, judgeSystem } from "./gate/index.js";
import type { GateReport, PolicyNote, SystemResult, Target } from "./gate/types.js";
import { BudgetedRepo, RunBudget } from "./repo/budget.js";
import { FsRepo } from "./repo/fs.js";
import type { RepoView } from "./base/view.js";

export interface GateInput {
  /** Absolute repository root; evidence is read from here. */
  root: string;
  readiness: LoadResult;
  target: Target;
  github?: GitHubFacts;
  now: Date;
  /** Which version of each readiness file judged the run, keyed by its path. */
  policies?: Record<string, PolicyNote>;
  /** Defaults to a safe view of `root`; tests may pass another. */
  repo?: RepoView;
  /** The run's limits on bytes read, files matched, git walks and time; defaults to DEFAULT_BUDGET. */
  budget?: RunBudget;
  /** What `regression` checks compare against; absent where none was asked for (the CLI without --base). */
  baseline?: Baseline;
}

/** Evidence reads are I/O bound; a few at a time keeps a big monorepo fast without flooding the disk. */
const CONCURRENCY = 16;

export async function runGate(input: GateInput): Promise<GateReport> {
  const budget = input.budget ?? new RunBudget();
  const repo = new BudgetedRepo(input.repo ?? new FsRepo(input.root), budget);
  // The baseline's reads count against the same budget, through their own caches (a path names another
  // file there than in the checkout).
  const baseline = input.baseline;
  const baselineRepo = baseline?.state === "commit" ? new BudgetedRepo(baseline.repo, budget) : undefined;
  const files = input.readiness.files;
  const findings = files.map(() => new Map<string, Finding>());
  // Every check of every system shares one pool, so a monorepo's reads overlap across systems.
  const work = files.flatMap((file, i) =>
    file.spec.checks.map((check) => ({ file, check, into: findings[i]! })),
  );
  // Checks not finished when the run's time is up become errors; the report is still written.
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<string>((resolve) => {
    const check = () => {
      const why = budget.timeUp();
      if (why !== undefined) return resolve(why);
      timer = setTimeout(check, Math.min(60_000, budget.remainingMs() + 1));
      timer.unref();
    };
    check();
  });
  try {
    await forEachLimited(work, CONCURRENCY, async ({ file, check, into }) => {
      const late = budget.timeUp();
      if (late !== undefined) {
        into.set(check.id, { status: "error", summary: late, evidence: [] });
        return;
      }
      const view = repo.forCheck();
      const baseView = baselineRepo?.forCheck();
      try {
        const ctx: EvidenceContext = { repo: view, baseDir: file.dir, github: input.github, now: input.now };
        if (baseline)
          ctx.baseline = baseView && baseline.state === "commit" ? { ...baseline, repo: baseView } : baseline;
        into.set(
          check.id,
          await Promise.race([
            evaluateSafely(check, ctx),
            timeUp.then((why): Finding => ({ status: "error", summary: why, evidence: [] })),
          ]),
        );
      } finally {
        view.release();
        baseView?.release();
      }
    });
  } finally {
    clearTimeout(timer);
  }
  const systems: SystemResult[] = files.map((file, i) => {
    const result = judgeSystem(file, findings[i]!, input.target, input.now);
    const policy = input.policies?.[file.path];
    return policy ? { ...result, policy } : result;
  });
  return buildReport(systems, input.readiness.problems, input.target, input.now);
}

/** A defect in an evidence module must not crash the run or pass the check: it becomes an error. */
async function evaluateSafely(check: CheckSpec, ctx: EvidenceContext): Promise<Finding> {
  try {
    return await evaluateCheck(check, ctx);
  } catch (err) {
    return {
      status: "error",
      summary: `could not evaluate check "${check.id}": ${err instanceof Error ? err.message : String(err)}`,
      evidence: [],
    };
  }
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  });
  await Promise.all(workers);
}
