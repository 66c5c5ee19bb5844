// Placeholder principals: the `@your-org/your-team` a template or a README leaves for the user to fill in.
// An owner nobody can be is no owner: nobody could approve a waiver or a change to the gates.

/** Names that stand for "put a real one here", as the org or user part of `@org/team` or `@user`. */
const PLACEHOLDER_NAMES = new Set([
  "org",
  "orgname",
  "org-name",
  "organization",
  "organisation",
  "my-org",
  "myorg",
  "my-team",
  "team",
  "team-name",
  "teamname",
  "user",
  "username",
  "user-name",
  "login",
  "handle",
  "owner",
  "owners",
  "someone",
  "somebody",
  "todo",
  "tbd",
  "fixme",
  "changeme",
  "change-me",
  "replace-me",
  "replaceme",
  "placeholder",
]);

/** `your-…`, `yourorg`, `example…`: the prefixes templates use. */
const PLACEHOLDER_PREFIX = /^(?:your|example)/i;

/** Whether `@user` or `@org/team` is an obvious placeholder rather than a GitHub account or team. */
export function isPlaceholderPrincipal(principal: string): boolean {
  const m = /^@([^/]+)(?:\/(.+))?$/.exec(principal.trim());
  if (!m) return false;
  const parts = [m[1]!, ...(m[2] !== undefined ? [m[2]] : [])].map((p) => p.toLowerCase());
  const org = parts[0]!;
  if (PLACEHOLDER_NAMES.has(org) || PLACEHOLDER_PREFIX.test(org)) return true;
  // `@acme/your-team`: a real org with a team left to fill in.
  const team = parts[1];
  return team !== undefined && (PLACEHOLDER_PREFIX.test(team) || team === "team-name" || team === "teamname");
}
