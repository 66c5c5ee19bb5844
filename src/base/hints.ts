// Sentences said by more than one layer, kept in one place so that they never drift apart.

/**
 * The permission a token needs to read team membership; GITHUB_TOKEN never has it. Said both by
 * github/facts.ts when it cannot read a team and by the approval check that counts on it.
 */
export const TEAM_PERMISSION_HINT =
  "the token needs organization permission `members: read` (a GitHub App token or an org-scoped token); " +
  "the workflow's GITHUB_TOKEN cannot read team membership";
