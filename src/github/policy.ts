// The policy comes from the base branch (DESIGN.md section 2): a pull request that changes a readiness
// file is judged by the base version until an owner named in that base version approves the change.
import { ServiceError } from "../base/errors.js";
import picomatch from "picomatch";
import { parseReadiness } from "../config/load.js";
import type { ConfigProblem, LoadResult, ReadinessFile } from "../config/types.js";
import { headApprovers } from "../base/reviews.js";
import type { PullRequestFacts } from "../evidence/types.js";
import type { PolicyNote } from "../gate/types.js";
import type { GitHubClient } from "./client.js";
import { describeGitHubError, isRequestError, httpStatusOf } from "./errors.js";
import { isTeam, normalTeam } from "./facts.js";
import { runGit } from "../base/git.js";
import { insideNeverWalked } from "../base/paths.js";
import { hasCommit, showFile } from "./git.js";

/** GitHub's comparison of two commits lists at most this many files (its REST description). */
export const MAX_COMPARED_FILES = 300;
/** GitHub lists at most this many files of a pull request. */
export const MAX_PULL_FILES = 3000;

export interface ReadinessChange {
  /** Where the readiness file is in the head; for a removal, where it was. */
  path: string;
  change: "added" | "modified" | "removed" | "renamed";
  /** Where it is in the base (modified, removed, renamed). */
  basePath?: string;
}

/** A file the judged commit changes against the base, as git and GitHub name the change. */
export interface ChangedFile {
  path: string;
  status: "added" | "removed" | "modified" | "renamed";
  /** Where a renamed file was in the base. */
  previousPath?: string;
}

/** What the judged commit changes, and where that list came from (for the log). */
export interface ChangedFiles {
  files: ChangedFile[];
  source: "git" | "compare" | "pull-files";
}

export interface PolicyTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  baseSha: string;
  /** The commit judged (the pull request's head as the event saw it), not the pull request's head now. */
  headSha: string;
  /** The checkout, whose git history is tried before the contents API. */
  root: string;
  /** The `files` input: which paths are readiness files. */
  pattern: string;
}

/** A readiness file this pull request changes, with its base version read (or why it could not be). */
export interface BaseVersion {
  change: ReadinessChange;
  /** The base version, valid. */
  file?: ReadinessFile;
  /** Problems of the base version, or why it could not be read: the run fails closed on them. */
  problems: ConfigProblem[];
}

export interface PolicyPlan {
  changes: ReadinessChange[];
  bases: BaseVersion[];
}

/** Matches readiness paths the way discovery does: never inside node_modules or .git. */
export function readinessMatcher(pattern: string): (path: string) => boolean {
  const match = picomatch(pattern, { dot: false });
  return (path) => !insideNeverWalked(path) && match(path);
}

/**
 * The files the judged commit changes against the merge base of it and the base commit, read from the
 * commits themselves: `git diff` when the checkout holds both, else GitHub's comparison of the two SHAs.
 * Never the pull request's file list, which describes whatever its head is now, not the commit judged.
 */
export async function listChangedFiles(
  client: GitHubClient,
  target: Pick<PolicyTarget, "owner" | "repo" | "baseSha" | "headSha" | "root"> & { pullNumber?: number },
): Promise<ChangedFiles> {
  const local = await changedByGit(target.root, target.baseSha, target.headSha);
  if (local) return { files: local, source: "git" };
  const compared = await changedByCompare(client, target);
  if (compared.length < MAX_COMPARED_FILES) return { files: compared, source: "compare" };
  // The comparison may have left files out. The pull request's own list holds up to 3,000, but it
  // describes the pull request's head as it is now: used only while that head is the judged commit.
  if (target.pullNumber !== undefined) {
    return {
      files: await changedByPullFiles(client, { ...target, pullNumber: target.pullNumber }),
      source: "pull-files",
    };
  }
  throw new ServiceError(
    `commit ${target.headSha.slice(0, 7)} changes ${MAX_COMPARED_FILES} or more files against ${target.baseSha.slice(0, 7)}; GitHub's comparison lists only ${MAX_COMPARED_FILES}, so Shipgate cannot tell whether it changes a readiness file. Check out with fetch-depth: 0 so the files can be listed with git, or split the pull request`,
  );
}

/**
 * The pull request's file list, taken only while its head is the judged commit: its head is read before
 * and after the listing, and a pull request that moved on (or 3,000 files or more) fails closed.
 */
async function changedByPullFiles(
  client: GitHubClient,
  target: Pick<PolicyTarget, "owner" | "repo" | "baseSha" | "headSha"> & { pullNumber: number },
): Promise<ChangedFile[]> {
  const { owner, repo, pullNumber, headSha } = target;
  const stillAtHead = async (): Promise<void> => {
    const { data } = await client.rest.pulls.get({ owner, repo, pull_number: pullNumber });
    if (data.head.sha.toLowerCase() !== headSha.toLowerCase()) {
      throw new ServiceError(
        `commit ${headSha.slice(0, 7)} changes ${MAX_COMPARED_FILES} or more files, more than GitHub's comparison lists, and pull request #${pullNumber} has moved on to ${data.head.sha.slice(0, 7)}, so its file list no longer describes the judged commit; the run for ${data.head.sha.slice(0, 7)} decides. Check out with fetch-depth: 0 so the files can be listed with git`,
      );
    }
  };
  let listed: Array<{ filename: string; status: string; previous_filename?: string }>;
  try {
    await stillAtHead();
    listed = await client.paginate(client.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: pullNumber,
      per_page: 100,
    });
    await stillAtHead();
  } catch (err) {
    if (isRequestError(err)) {
      throw new ServiceError(
        `cannot list the files this pull request changes, so its readiness policy cannot be checked: ${describeGitHubError(err)}`,
      );
    }
    throw err;
  }
  if (listed.length >= MAX_PULL_FILES) {
    throw new ServiceError(
      `pull request #${pullNumber} changes ${MAX_PULL_FILES} or more files; GitHub lists only ${MAX_PULL_FILES}, so Shipgate cannot tell whether it changes a readiness file. Check out with fetch-depth: 0 so the files can be listed with git, or split the pull request`,
    );
  }
  return listed.map(changedFileOf);
}

/** The diff from the merge base to the head, or undefined when the checkout cannot tell (shallow, no git). */
async function changedByGit(
  root: string,
  baseSha: string,
  headSha: string,
): Promise<ChangedFile[] | undefined> {
  if (!(await hasCommit(root, baseSha)) || !(await hasCommit(root, headSha))) return undefined;
  const mergeBase = await runGit(root, ["merge-base", baseSha, headSha]);
  const base = mergeBase.ok ? mergeBase.stdout.trim() : "";
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(base)) return undefined;
  const diff = await runGit(root, [
    "diff",
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
    "--name-status",
    "-z",
    "-M",
    "-l0",
    base,
    headSha,
  ]);
  if (!diff.ok) return undefined;
  return parseNameStatus(diff.stdout);
}

/** `git diff --name-status -z -M` output: `M\0path\0`, `R100\0old\0new\0`, ... */
export function parseNameStatus(out: string): ChangedFile[] {
  const fields = out.split("\0");
  const files: ChangedFile[] = [];
  for (let i = 0; i < fields.length;) {
    const code = fields[i++] ?? "";
    if (code === "") continue;
    const path = fields[i++] ?? "";
    switch (code[0]) {
      case "A":
        files.push({ path, status: "added" });
        break;
      case "D":
        files.push({ path, status: "removed" });
        break;
      case "R":
        files.push({ path: fields[i++] ?? "", status: "renamed", previousPath: path });
        break;
      case "C":
        // A copy leaves its source in place: the copy is a new file.
        files.push({ path: fields[i++] ?? "", status: "added" });
        break;
      default: // M, T (type change, e.g. a file become a symbolic link), U, X
        files.push({ path, status: "modified" });
    }
  }
  return files;
}

async function changedByCompare(
  client: GitHubClient,
  target: Pick<PolicyTarget, "owner" | "repo" | "baseSha" | "headSha">,
): Promise<ChangedFile[]> {
  const { baseSha, headSha } = target;
  let listed: Array<{ filename: string; status: string; previous_filename?: string }>;
  try {
    // Paged (one commit a page) so the files come on the first page; they are never paged.
    const { data } = await client.rest.repos.compareCommitsWithBasehead({
      owner: target.owner,
      repo: target.repo,
      basehead: `${baseSha}...${headSha}`,
      per_page: 1,
    });
    listed = data.files ?? [];
  } catch (err) {
    throw new ServiceError(
      `cannot list the files this pull request changes, so its readiness policy cannot be checked: ${describeGitHubError(err)}`,
    );
  }
  return listed.map(changedFileOf);
}

function changedFileOf(f: { filename: string; status: string; previous_filename?: string }): ChangedFile {
  switch (f.status) {
    case "added":
    case "copied":
      return { path: f.filename, status: "added" as const };
    case "removed":
      return { path: f.filename, status: "removed" as const };
    case "renamed":
      return f.previous_filename !== undefined
        ? { path: f.filename, status: "renamed" as const, previousPath: f.previous_filename }
        : { path: f.filename, status: "added" as const };
    default: // modified, changed (mode), unchanged
      return { path: f.filename, status: "modified" as const };
  }
}

/** Which readiness files the changes add, modify, rename or remove. */
export function readinessChanges(files: readonly ChangedFile[], pattern: string): ReadinessChange[] {
  const isReadiness = readinessMatcher(pattern);
  const changes: ReadinessChange[] = [];
  for (const f of files) {
    const now = isReadiness(f.path);
    const before = f.previousPath !== undefined && isReadiness(f.previousPath);
    switch (f.status) {
      case "added":
        if (now) changes.push({ path: f.path, change: "added" });
        break;
      case "removed":
        if (now) changes.push({ path: f.path, change: "removed", basePath: f.path });
        break;
      case "renamed":
        // Moving a readiness file does not escape its base version; moving one in is a new file.
        if (before && now) changes.push({ path: f.path, change: "renamed", basePath: f.previousPath });
        else if (before) changes.push({ path: f.previousPath!, change: "removed", basePath: f.previousPath });
        else if (now) changes.push({ path: f.path, change: "added" });
        break;
      default:
        if (now) changes.push({ path: f.path, change: "modified", basePath: f.path });
    }
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

/** Which readiness files the judged commit adds, modifies, renames or removes. */
export async function listReadinessChanges(
  client: GitHubClient,
  target: PolicyTarget,
): Promise<ReadinessChange[]> {
  return readinessChanges((await listChangedFiles(client, target)).files, target.pattern);
}

/** Reads the base version of every changed readiness file that has one; a file that cannot be read fails closed. */
export async function readBaseVersions(
  client: GitHubClient,
  target: PolicyTarget,
  changes: readonly ReadinessChange[],
): Promise<BaseVersion[]> {
  const bases: BaseVersion[] = [];
  const historyHere = changes.some((c) => c.basePath) && (await hasCommit(target.root, target.baseSha));
  for (const change of changes) {
    if (!change.basePath) continue;
    const basePath = change.basePath;
    let text: string;
    try {
      text = historyHere
        ? ((await showFile(target.root, target.baseSha, basePath)) ?? missingInBase(basePath, target.baseSha))
        : await readViaApi(client, target, basePath);
    } catch (err) {
      bases.push({
        change,
        problems: [
          {
            file: basePath,
            line: 1,
            column: 1,
            message: `cannot read the base version of ${basePath} (${target.baseSha.slice(0, 7)}), which judges this pull request: ${describeGitHubError(err)}. Shipgate fails closed; give the workflow contents: read`,
          },
        ],
      });
      continue;
    }
    const parsed = parseReadiness(basePath, text);
    bases.push({
      change,
      file: parsed.file,
      problems: parsed.problems.map((p) => ({
        ...p,
        message: `base version (${target.baseSha.slice(0, 7)}), which judges this pull request: ${p.message}`,
      })),
    });
  }
  return bases;
}

function missingInBase(path: string, sha: string): never {
  throw new ServiceError(
    `the pull request says ${path} exists in the base, but commit ${sha.slice(0, 7)} has no such file`,
  );
}

async function readViaApi(client: GitHubClient, target: PolicyTarget, path: string): Promise<string> {
  let data: unknown;
  try {
    ({ data } = await client.rest.repos.getContent({
      owner: target.owner,
      repo: target.repo,
      path,
      ref: target.baseSha,
    }));
  } catch (err) {
    if (httpStatusOf(err) === 404) missingInBase(path, target.baseSha);
    throw err;
  }
  const file = data as { type?: string; encoding?: string; content?: string; size?: number };
  if (Array.isArray(data) || file.type !== "file")
    throw new ServiceError(`${path} in the base is not a file`);
  if (file.encoding !== "base64" || typeof file.content !== "string") {
    throw new ServiceError(
      `${path} in the base is too large to read through the API (${file.size ?? "?"} bytes)`,
    );
  }
  return Buffer.from(file.content, "base64").toString("utf8");
}

/** Reads the base versions of the readiness files among `changed` (listed once with listChangedFiles). */
export async function planPolicy(
  client: GitHubClient,
  target: PolicyTarget,
  changed?: ChangedFiles,
): Promise<PolicyPlan> {
  const files = (changed ?? (await listChangedFiles(client, target))).files;
  const changes = readinessChanges(files, target.pattern);
  return { changes, bases: await readBaseVersions(client, target, changes) };
}

/** Owners named in base versions: whose approval lets a change apply. */
export function ownersToAsk(plan: PolicyPlan): string[] {
  const owners = new Set<string>();
  for (const base of plan.bases) for (const owner of base.file?.spec.owners ?? []) owners.add(owner);
  return [...owners];
}

/**
 * The first owner (user, or member of a listed team) whose latest review approves the pull request's
 * current head. A team whose members could not be listed counts nobody.
 */
export function approvingOwner(
  owners: readonly string[],
  pr: PullRequestFacts | undefined,
): string | undefined {
  if (!pr) return undefined;
  const approvers = headApprovers(pr);
  const members = new Map(Object.entries(pr.teamMembers).map(([team, logins]) => [normalTeam(team), logins]));
  for (const owner of owners) {
    if (isTeam(owner)) {
      const who = (members.get(normalTeam(owner)) ?? []).find((login) => approvers.has(login.toLowerCase()));
      if (who) return `@${who} (${owner})`;
    } else if (approvers.has(owner.replace(/^@/, "").toLowerCase())) {
      return owner;
    }
  }
  return undefined;
}

export interface PolicyOutcome {
  readiness: LoadResult;
  policies: Record<string, PolicyNote>;
  /** One line per changed readiness file, for the log. */
  log: string[];
}

/**
 * Decides which version judges each changed readiness file and returns the readiness files to evaluate.
 * Pure: every fact was fetched before.
 */
export function applyPolicy(
  head: LoadResult,
  plan: PolicyPlan,
  pr: PullRequestFacts | undefined,
): PolicyOutcome {
  let files = [...head.files];
  const problems = [...head.problems];
  const policies: Record<string, PolicyNote> = {};
  const log: string[] = [];

  for (const change of plan.changes) {
    if (change.change === "added") {
      policies[change.path] = {
        source: "new",
        reason: `${change.path} is new in this pull request, so it is used as written`,
      };
      continue;
    }
    const base = plan.bases.find((b) => b.change === change);
    const basePath = change.basePath ?? change.path;
    const what = { modified: "changes it", removed: "removes it", renamed: `moves it to ${change.path}` }[
      change.change
    ];
    if (!base?.file) {
      // The base version cannot judge: neither version is used, and its problems fail the run.
      files = files.filter((f) => f.path !== change.path);
      problems.push(...(base?.problems ?? []));
      log.push(
        `${basePath}: this pull request ${what}, and its base version cannot be used, so the run fails closed`,
      );
      continue;
    }
    const owners = base.file.spec.owners;
    const approver = approvingOwner(owners, pr);
    if (approver) {
      if (change.change === "removed") {
        log.push(`this pull request removes ${basePath}; owner ${approver} approved it`);
      } else {
        const moved = change.change === "renamed" ? ` (moved from ${basePath})` : "";
        const reason = `judged by this pull request's version of ${change.path}${moved}: owner ${approver} approved the change`;
        policies[change.path] = { source: "head", reason };
        log.push(policies[change.path]!.reason);
      }
      continue;
    }
    const reason = `judged by the base version of ${basePath}: this pull request ${what} and no owner (${owners.join(", ")}) has approved yet`;
    files = files.filter((f) => f.path !== change.path && f.path !== basePath);
    files.push(base.file);
    policies[basePath] = { source: "base", reason };
    log.push(reason);
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { readiness: { files, problems }, policies, log };
}
