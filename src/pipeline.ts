// The one pipeline both entry points run: plan → gather → evaluate → explain. The action (main.ts) and the
// CLI (cli.ts) differ only in what they pass in (their settings, a PullRequestContext, a log) and in how
// they publish the result. What only GitHub knows comes through the PullRequestContext.
import type { ConfigProblem, LoadResult } from "./config/types.js";
import { loadReadiness } from "./config/load.js";
import { runGate, type GateInput } from "./engine.js";
import { UserError } from "./base/errors.js";
import type { GateReport, PolicyNote, ReportDelta } from "./gate/types.js";
import { errorLine } from "./github/errors.js";
import { needsOfFiles, needsOfOwners, noNeeds } from "./github/facts.js";
import type { BaselineChoice } from "./github/baseline.js";
import { checkedOutCommit, hasCommit } from "./github/git.js";
import {
  applyPolicy,
  approvingOwner,
  ownersToAsk,
  type ChangedFile,
  type ChangedFiles,
  type PolicyPlan,
} from "./github/policy.js";
import type { PullRequestContext } from "./pull-request-context.js";
import { baseMissingReason, compareReports } from "./report/delta.js";
import { budgetFromEnv, RunBudget, type BudgetLimits } from "./repo/budget.js";
import { FsRepo } from "./repo/fs.js";
import { GitTreeRepo } from "./repo/git-tree.js";
import type { RepoView } from "./base/view.js";
import { evidenceOf } from "./config/schema.js";
import type { Baseline } from "./evidence/types.js";

/** What decides the gate, from the action's inputs or the command line. */
export interface GateSettings {
  /** The readiness files' glob. */
  files: string;
  /** A forced stage. */
  stage?: string;
  /** Nothing found is a pass (else it fails, naming the glob). */
  allowNoSystems: boolean;
}

/** Settings a pull request's own workflow set that would weaken the gate, and what holds until an owner approves. */
export interface SettingsGuard<S extends GateSettings> {
  /** The settings with every weakening one set back to its default. */
  safe: S;
  /** The pinned clock is ignored too: the real clock judges. */
  unpinsClock: boolean;
  /** The policy note: the weakening settings apply (`approver` approved) or are ignored (`owners` may approve). */
  note(approver: string | undefined, owners: readonly string[]): string;
}

export interface PipelineLog {
  info(message: string): void;
  warning(message: string): void;
  /** Text that quotes readiness files or evidence: never read as a command by whoever shows it. */
  untrusted(text: string): void;
}

export const QUIET_LOG: PipelineLog = { info: () => {}, warning: () => {}, untrusted: () => {} };

export interface PipelineInput<S extends GateSettings> {
  /** Absolute repository root. */
  root: string;
  /** Where readiness files and evidence are read; defaults to a safe view of `root`. */
  repo?: RepoView;
  settings: S;
  /** The branch merged into or pushed to, whose stage is judged unless one is forced. */
  branch?: string;
  /** Leave checks that need GitHub out of the verdict (CLI `--local`). */
  local?: boolean;
  pullRequest: PullRequestContext;
  /** The guard of a pull request's own workflow, given what the pull request changes (action only). */
  guardFor?: (changed: readonly ChangedFile[]) => SettingsGuard<S> | undefined;
  now: Date;
  limits: BudgetLimits;
  /** The problem that fails a run whose glob matched nothing (or throw a UserError to stop there). */
  nothingFound(pattern: string): ConfigProblem;
  /** On a pull request, also judge its base commit to show what it changes (action only). */
  explain?: boolean;
  /**
   * What `regression` checks compare against: the action's from the event, the CLI's from --base. Read
   * only when a loaded check is a regression check. Absent: they are not evaluable.
   */
  baseline?: BaselineChoice;
  log: PipelineLog;
}

export interface PipelineResult<S extends GateSettings> {
  report: GateReport;
  /** The settings in force: a pull request that changed its own workflow may have lost its weakening ones. */
  settings: S;
  /** Policy notes for the top of the report: why settings were or were not in force. */
  notes: string[];
}

/** The run's limits from SHIPGATE_READ_BUDGET_MIB and its siblings; a bad value is the user's to fix. */
export function limitsFromEnv(env: Record<string, string | undefined>): BudgetLimits {
  const parsed = budgetFromEnv(env);
  if (!parsed.ok) throw new UserError(`invalid budget: ${parsed.problems.join("; ")}`);
  return parsed.limits;
}

export async function runPipeline<S extends GateSettings>(
  input: PipelineInput<S>,
): Promise<PipelineResult<S>> {
  // One view of the checkout for loading and evaluating, so its caches (folders, history) serve both.
  const withRepo = { ...input, repo: input.repo ?? new FsRepo(input.root) };
  const planned = await plan(withRepo);
  const facts = await input.pullRequest.facts(planned.needs);
  const commits = new Commits(input.root);
  try {
    const { report, gateInput, settings, notes } = await evaluate(withRepo, planned, facts, commits);
    const pr = input.pullRequest.pullRequest;
    // After the decision: what the pull request changes is explanation, and never changes the verdict.
    if (input.explain && pr) report.delta = await explain(report, gateInput, pr.baseSha, input.log, commits);
    return { report, settings, notes };
  } finally {
    commits.close();
  }
}

/**
 * Commits of the checkout read from git's object database, each opened once for the run: the regression
 * baseline and the base commit of what a pull request changes are usually the same commit.
 */
class Commits {
  private checkout: Promise<string | undefined> | undefined;
  private readonly present = new Map<string, Promise<boolean>>();
  private readonly opened = new Map<string, { repo: GitTreeRepo; ready: Promise<void> }>();

  constructor(private readonly root: string) {}

  /** The commit checked out (HEAD), asked of git once. */
  checkedOut(): Promise<string | undefined> {
    this.checkout ??= checkedOutCommit(this.root).then((sha) => sha?.toLowerCase());
    return this.checkout;
  }

  /** Whether the checkout holds the commit (false on a shallow clone that never fetched it), asked once. */
  has(sha: string): Promise<boolean> {
    const key = sha.toLowerCase();
    let known = this.present.get(key);
    if (!known) this.present.set(key, (known = hasCommit(this.root, key)));
    return known;
  }

  /** The commit's view, its tree listed; throws (each time asked) when it cannot be. */
  async open(sha: string): Promise<GitTreeRepo> {
    const key = sha.toLowerCase();
    let entry = this.opened.get(key);
    if (!entry) {
      const repo = new GitTreeRepo(this.root, key);
      entry = { repo, ready: repo.open() };
      this.opened.set(key, entry);
    }
    await entry.ready;
    return entry.repo;
  }

  close(): void {
    for (const { repo } of this.opened.values()) repo.close();
  }
}

/** The readiness files under one glob, and on a pull request the base versions of those it changes. */
interface Prepared {
  head: LoadResult;
  plan?: PolicyPlan;
}

interface Planned<S extends GateSettings> {
  /** Keyed by glob: the one given, and the safe one when the guard applies. */
  prepared: Map<string, Prepared>;
  guard?: SettingsGuard<S>;
  /** Base owners whose approval lets the workflow's weakening settings apply. */
  guardOwners: string[];
  /** The facts some check, or an owner's approval of a changed gate or workflow, needs. */
  needs: ReturnType<typeof noNeeds>;
}

/** Plan: what the judged commit changes, the workflow guard, the base policy, and which facts are needed. */
async function plan<S extends GateSettings>(
  input: PipelineInput<S> & { repo: RepoView },
): Promise<Planned<S>> {
  const pr = input.pullRequest.pullRequest;
  // What the judged commit changes against its base, from the commits themselves (never the pull
  // request's file list, which describes its head now and may be a later commit).
  let changed: ChangedFiles | undefined;
  if (pr) {
    changed = await input.pullRequest.changedFiles();
    const how = {
      git: "git diff in the checkout",
      compare: "GitHub's comparison of the commits",
      "pull-files": "the pull request's file list, its head being the judged commit",
    }[changed.source];
    input.log.info(
      `Commit ${pr.headSha.slice(0, 7)} changes ${changed.files.length} file(s) against base ${pr.baseSha.slice(0, 7)} (${how}).`,
    );
  }
  const guard = changed ? input.guardFor?.(changed.files) : undefined;

  // The readiness files as they are in the checkout (under the safe glob too, when guarded); on a pull
  // request the policy comes from the base branch, so the base versions of changed files are read.
  const prepared = new Map<string, Prepared>();
  for (const pattern of new Set([input.settings.files, ...(guard ? [guard.safe.files] : [])])) {
    const basePlan = changed ? await input.pullRequest.basePolicy(pattern, changed) : undefined;
    // A new file that claims an existing system is the one in the wrong, whatever the sort order.
    const added =
      basePlan && new Set(basePlan.changes.filter((c) => c.change === "added").map((c) => c.path));
    const head = await loadReadiness(input.repo, pattern, added ? { added } : {});
    prepared.set(pattern, { head, ...(basePlan ? { plan: basePlan } : {}) });
  }

  const needs = noNeeds();
  for (const { head, plan } of prepared.values()) {
    needsOfFiles([...head.files, ...(plan?.bases ?? []).flatMap((b) => (b.file ? [b.file] : []))], needs);
    if (plan && plan.bases.some((b) => b.file)) needsOfOwners(ownersToAsk(plan), needs);
  }
  const guardOwners = guard ? baseOwners([...prepared.values()]) : [];
  if (guard) needsOfOwners(guardOwners, needs);
  return { prepared, ...(guard ? { guard } : {}), guardOwners, needs };
}

/** Evaluate: the settings in force, the version of each changed readiness file that judges, then the gate. */
async function evaluate<S extends GateSettings>(
  input: PipelineInput<S> & { repo: RepoView },
  planned: Planned<S>,
  facts: GateInput["github"],
  commits: Commits,
): Promise<{ report: GateReport; gateInput: GateInput; settings: S; notes: string[] }> {
  const { guard, guardOwners, prepared } = planned;
  // The workflow's weakening settings apply only once an owner approved the head that changes it.
  let settings = input.settings;
  let judgedAt = input.now;
  const notes: string[] = [];
  if (guard) {
    const approver = approvingOwner(guardOwners, facts?.pullRequest);
    if (!approver) {
      settings = guard.safe;
      // A pinned clock would let an expired waiver or stale evidence count: the real clock judges.
      if (guard.unpinsClock) judgedAt = new Date();
    }
    notes.push(guard.note(approver, guardOwners));
  }

  const { head, plan } = prepared.get(settings.files)!;
  const policy = plan
    ? applyPolicy(head, plan, facts?.pullRequest)
    : { readiness: head, policies: {} as Record<string, PolicyNote>, log: [] as string[] };
  if (policy.log.length > 0) input.log.untrusted(policy.log.join("\n"));
  const readiness = policy.readiness;
  // Nothing found is not a pass (DESIGN.md section 7): a mistyped glob must not turn the gate off.
  if (readiness.files.length === 0 && readiness.problems.length === 0 && !settings.allowNoSystems) {
    readiness.problems.push(input.nothingFound(settings.files));
  }
  // The baseline costs git processes only when a regression check will read it.
  const baseline =
    input.baseline && needsBaseline(readiness)
      ? await gatherBaseline(input.baseline, commits, input.log)
      : undefined;
  const gateInput: GateInput = {
    root: input.root,
    repo: input.repo,
    readiness,
    target: {
      ...(input.branch ? { branch: input.branch } : {}),
      ...(settings.stage ? { stage: settings.stage } : {}),
      ...(input.local ? { local: true } : {}),
    },
    ...(facts ? { github: facts } : {}),
    now: judgedAt,
    policies: policy.policies,
    budget: new RunBudget(input.limits),
    ...(baseline ? { baseline } : {}),
  };
  const report = await runGate(gateInput);
  const used = gateInput.budget!.used;
  input.log.info(
    `Read ${(used.readBytes / 1024 / 1024).toFixed(1)} MiB of evidence, matched ${used.filesMatched} file(s) by glob, walked git history ${used.historyWalks} time(s).`,
  );
  return { report, gateInput, settings, notes };
}

function needsBaseline(readiness: LoadResult): boolean {
  return readiness.files.some((f) => f.spec.checks.some((c) => evidenceOf(c).kind === "regression"));
}

/**
 * The baseline regression checks compare against: the chosen commit read from git's object database
 * (never checked out, never fetched), or why there is none or it cannot be read. Logs which. Never throws.
 */
async function gatherBaseline(choice: BaselineChoice, commits: Commits, log: PipelineLog): Promise<Baseline> {
  if (choice.state === "none") {
    log.info(`Regression checks have no baseline: ${choice.why}.`);
    return { state: "none", why: choice.why };
  }
  const { commit, what, named } = choice;
  let label = choice.label;
  try {
    if (!(await commits.has(commit))) {
      const why = baseMissingReason(commit, what, named);
      log.warning(`Regression checks cannot read their baseline, ${label}: ${why}.`);
      return { state: "unreadable", why };
    }
    const started = performance.now();
    const repo = await commits.open(commit);
    const ms = Math.round(performance.now() - started);
    if ((await commits.checkedOut()) === commit) {
      // pull_request_target checks out the base branch: the head judged is the baseline itself.
      const why = choice.checkoutWhy ? ` (${choice.checkoutWhy})` : "";
      label += `, which is the checked-out commit itself${why}, so no regression can show`;
      log.warning(`Regression checks compare ${label}.`);
    } else {
      log.info(`Regression checks compare against ${label} (its files listed from git objects in ${ms} ms).`);
    }
    return { state: "commit", commit, label, repo };
  } catch (err) {
    const why = `the ${what} ${commit.slice(0, 7)} cannot be read: ${errorLine(err)}`;
    log.warning(`Regression checks cannot read their baseline: ${why}.`);
    return { state: "unreadable", why };
  }
}

/**
 * Owners named in the base branch's readiness files: those the pull request leaves as they are, and the
 * base versions of those it changes. A readiness file new in the pull request names nobody here.
 */
function baseOwners(prepared: readonly Prepared[]): string[] {
  const owners = new Set<string>();
  for (const { head, plan } of prepared) {
    const changedPaths = new Set((plan?.changes ?? []).map((c) => c.path));
    for (const file of head.files) {
      if (!changedPaths.has(file.path)) for (const owner of file.spec.owners) owners.add(owner);
    }
    if (plan) for (const owner of ownersToAsk(plan)) owners.add(owner);
  }
  return [...owners];
}

/**
 * Explain what the pull request changes: the base commit's evidence judged under the same readiness files,
 * GitHub facts and clock as the head (no API call), read from git's object database without a checkout,
 * then compared. The base's own regression checks compare the base commit with itself, so they pass (or
 * fail on their own evidence) and the head's regression shows as the change. Nothing is fetched: a
 * checkout without the base commit says how to include it. Never throws.
 */
async function explain(
  report: GateReport,
  input: GateInput,
  baseSha: string,
  log: PipelineLog,
  commits: Commits,
): Promise<ReportDelta> {
  const short = baseSha.slice(0, 7);
  try {
    if ((await commits.checkedOut()) === baseSha.toLowerCase()) {
      // pull_request_target checks out the base branch: the head report already is the base's.
      const why = `the checkout is the base commit ${short} itself (pull_request_target checks out the base branch), so it holds none of the pull request's changes`;
      log.info(`What this pull request changes is not shown: ${why}.`);
      return compareReports(report, undefined, { baseSha, unavailable: why });
    }
    if (!(await commits.has(baseSha))) {
      const why = baseMissingReason(baseSha);
      log.info(`What this pull request changes is not shown: ${why}.`);
      return compareReports(report, undefined, { baseSha, unavailable: why });
    }
    const started = performance.now();
    const repo = await commits.open(baseSha);
    const baseline: Baseline = {
      state: "commit",
      commit: baseSha.toLowerCase(),
      label: `the base commit ${short} itself`,
      repo,
    };
    // Its own budget of the same size: explaining the change never eats into the decision's.
    const base = await runGate({
      ...input,
      repo,
      budget: new RunBudget(input.budget?.limits),
      ...(input.baseline ? { baseline } : {}),
    });
    const ms = Math.round(performance.now() - started);
    log.info(
      `Evaluated the base commit ${short} under the same policy in ${ms} ms, for what this pull request changes.`,
    );
    return compareReports(report, base, { baseSha });
  } catch (err) {
    const why = `the base commit ${short} could not be evaluated: ${errorLine(err)}`;
    log.warning(`What this pull request changes is not shown: ${why}`);
    return compareReports(report, undefined, { baseSha, unavailable: why });
  }
}
