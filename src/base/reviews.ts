// Who approved what: the one reading of a pull request's latest reviews that both approval checks and the
// base-branch policy count with, so the two can never disagree on whose approval counts.

/** What the reading needs of a pull request (evidence/types.ts PullRequestFacts has this shape). */
export interface ReviewedPullRequest {
  author: string;
  headSha: string;
  /** The latest review of each reviewer (login without @), whatever its commit. */
  latestReviews: ReadonlyArray<{ login: string; state: string; commitId: string }>;
}

/** Where one reviewer stands, from their latest review(s). */
export interface ReviewerStanding {
  /** As GitHub spells it, without `@`. */
  login: string;
  isAuthor: boolean;
  /** Every latest review of this login approves (should a login repeat, every entry must agree). */
  approved: boolean;
  /** Every latest review of this login is on the pull request's head. */
  onHead: boolean;
  /** The states of those reviews, upper case (GitHub sends `APPROVED`; case is not trusted). */
  states: ReadonlySet<string>;
  /** A commit other than the head that one of those reviews is on. */
  otherCommit?: string;
}

export function loginKey(login: string): string {
  return login.replace(/^@/, "").toLowerCase();
}

/** Each reviewer's standing, keyed by lower-case login. */
export function reviewerStandings(pr: ReviewedPullRequest): Map<string, ReviewerStanding> {
  const author = loginKey(pr.author);
  const grouped = new Map<
    string,
    { login: string; reviews: Array<ReviewedPullRequest["latestReviews"][number]> }
  >();
  for (const review of pr.latestReviews) {
    const key = loginKey(review.login);
    const entry = grouped.get(key) ?? { login: review.login.replace(/^@/, ""), reviews: [] };
    entry.reviews.push(review);
    grouped.set(key, entry);
  }
  const standings = new Map<string, ReviewerStanding>();
  for (const [key, { login, reviews }] of grouped) {
    const states = new Set(reviews.map((r) => r.state.toUpperCase()));
    const otherCommit = reviews.find((r) => r.commitId !== pr.headSha)?.commitId;
    standings.set(key, {
      login,
      isAuthor: key === author,
      approved: states.size === 1 && states.has("APPROVED"),
      onHead: otherCommit === undefined,
      states,
      ...(otherCommit !== undefined ? { otherCommit } : {}),
    });
  }
  return standings;
}

/** Whose approval counts on the head: approved there, and not the author. Keyed by lower-case login. */
export function headApprovers(pr: ReviewedPullRequest): Map<string, string> {
  const approvers = new Map<string, string>();
  for (const [key, s] of reviewerStandings(pr)) {
    if (s.approved && s.onHead && !s.isAuthor) approvers.set(key, s.login);
  }
  return approvers;
}
