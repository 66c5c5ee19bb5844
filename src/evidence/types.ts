import type { RepoView } from "../base/view.js";

/** A file that a finding was read from, optionally at a line. */
export interface EvidenceRef {
  path: string;
  line?: number;
}

/**
 * What one check's evidence showed. `error` means the evidence exists but could not be evaluated
 * (malformed, unreadable, wrong format); missing evidence is a `fail`. `not-evaluable` means the
 * facts the check needs are not available here (approval and ci outside GitHub).
 */
export interface Finding {
  status: "pass" | "fail" | "error" | "not-evaluable";
  /** One line a reviewer reads first: what was measured against what bar, where. */
  summary: string;
  /** The measured value, formatted for people, e.g. `0.874`, `2 of 148 failed`, `p95 412 ms`. */
  measured?: string;
  /** The bar, formatted for people, e.g. `≥ 0.92`, `≤ 0 failures`, `p95 ≤ 300 ms`. */
  bar?: string;
  /** Files the finding was read from (repository-relative). */
  evidence: EvidenceRef[];
  /** Extra lines, e.g. the names of failing tests (capped by the evidence module). */
  details?: string[];
  /** How old the evidence is against its maxAge, whenever the check has one and the age is known. */
  age?: EvidenceAge;
}

/** The age of a check's evidence: from git history, or from a timestamp field the evidence states (`ageFrom`). */
export interface EvidenceAge {
  ageMs: number;
  maxAgeMs: number;
  source: "git" | "field";
}

/** Facts about a pull request fetched from GitHub once per run, before evaluation. */
export interface PullRequestFacts {
  number: number;
  headSha: string;
  author: string;
  /** The latest review of each reviewer (login without @), whatever its commit. */
  latestReviews: Array<{ login: string; state: string; commitId: string }>;
  /** Members of each team named in any approval check, keyed `@org/team`, logins without @. */
  teamMembers: Record<string, string[]>;
  /** Set when the reviews could not be read (why), so approval checks error with the real reason. */
  reviewsUnreadable?: string;
}

/** One check run or commit status on the head commit. */
export interface CommitCheck {
  name: string;
  status: string;
  conclusion: string | null;
  source: "check-run" | "status";
  /** The slug of the GitHub App that ran a check run (`github-actions`); null for a status or when GitHub names none. */
  app: string | null;
  /** The check suite of a check run (one per workflow run); null for a status. */
  suite: number | null;
  /** The login that posted a commit status; null for a check run or when GitHub names none. */
  creator: string | null;
}

/** Check runs and commit statuses on the head commit, newest first, Shipgate's own excluded. */
export interface CommitChecks {
  sha: string;
  runs: CommitCheck[];
}

export interface GitHubFacts {
  pullRequest?: PullRequestFacts;
  checks?: CommitChecks;
}

/**
 * What a `regression` check compares against. `commit`: the baseline commit, read from git objects
 * through `repo` (never checked out). `none`: there is no baseline (a manual run, the first push of a
 * branch); `ifNoBaseline` decides. `unreadable`: there is one but this checkout cannot read it (a depth-1
 * clone), and `why` says how to fetch it; always a failure.
 */
export type Baseline =
  | {
      state: "commit";
      commit: string;
      /** e.g. "the pull request's base commit 1a2b3c4" */ label: string;
      repo: RepoView;
    }
  | { state: "none"; why: string }
  | { state: "unreadable"; why: string };

export interface EvidenceContext {
  repo: RepoView;
  /** Repository-relative folder of the readiness file. */
  baseDir: string;
  /** Absent when running outside GitHub (the CLI). */
  github?: GitHubFacts;
  now: Date;
  /** Absent where no baseline was asked for (the CLI without `--base`): regression is then not evaluable. */
  baseline?: Baseline;
}
