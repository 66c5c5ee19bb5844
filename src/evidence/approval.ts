// `approval` evidence: enough approving reviews on the pull request's current head from the people named.
import type { ApprovalSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import { TEAM_PERMISSION_HINT } from "../base/hints.js";
import { loginKey, reviewerStandings } from "../base/reviews.js";
import type { Finding, GitHubFacts, PullRequestFacts } from "./types.js";

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

function isTeam(principal: string): boolean {
  return principal.includes("/");
}

/** Looks up a team's members by `@org/team`, ignoring case as GitHub does. */
function membersOf(facts: PullRequestFacts, team: string): string[] | undefined {
  const wanted = team.toLowerCase();
  for (const [key, members] of Object.entries(facts.teamMembers)) {
    if (key.toLowerCase() === wanted) return members;
  }
  return undefined;
}

/** Called only when GitHub facts were gathered (evidence/index.ts says "not evaluable locally" otherwise). */
export async function evaluateApproval(spec: ApprovalSpec, github: GitHubFacts): Promise<Finding> {
  const from = formatList(spec.from);
  const bar = `≥ ${plural(spec.count, "approval")} from ${from} on the head commit`;
  const pr = github.pullRequest;
  if (pr === undefined) {
    // A push or merge-queue run has no review to read. Passing would let a direct push skip the
    // sign-off, and there is no way to tell here that the change was reviewed: fail closed.
    return {
      status: "fail",
      summary: `approval needs a pull request; this run has none (a push or merge-queue run), so no review from ${from} can be checked`,
      bar,
      evidence: [],
      details: [
        "approval checks are decided on pull requests: require this check on the pull request, not on the push",
      ],
    };
  }

  if (pr.reviewsUnreadable !== undefined) {
    return { status: "error", summary: pr.reviewsUnreadable, bar, evidence: [] };
  }

  // Who may approve: the users named, plus the members of each team named.
  const eligible = new Set<string>();
  const unreadTeams: string[] = [];
  const emptyTeams: string[] = [];
  for (const principal of spec.from) {
    if (!isTeam(principal)) {
      eligible.add(principal.slice(1).toLowerCase());
      continue;
    }
    const members = membersOf(pr, principal);
    if (members === undefined) unreadTeams.push(principal);
    else if (members.length === 0) emptyTeams.push(principal);
    else for (const login of members) eligible.add(login.replace(/^@/, "").toLowerCase());
  }
  if (unreadTeams.length > 0) {
    // Without the membership an approval can be neither counted nor ruled out.
    return {
      status: "error",
      summary: `could not read the members of ${formatList(unreadTeams)}: ${TEAM_PERMISSION_HINT}`,
      bar,
      evidence: [],
    };
  }

  const approvers: string[] = [];
  const notes: string[] = [];
  const outsiders: string[] = [];
  for (const [key, { login, isAuthor, approved, onHead, states, otherCommit }] of reviewerStandings(pr)) {
    if (!eligible.has(key)) {
      if (approved && !isAuthor) outsiders.push(`@${login}`);
      continue;
    }
    if (isAuthor) {
      if (approved) notes.push(`@${login} is the author; their own approval does not count`);
      continue;
    }
    if (approved && onHead) approvers.push(`@${login}`);
    else if (approved) {
      notes.push(
        `@${login} approved an older commit (${shortSha(otherCommit ?? "")}), not the head ${shortSha(pr.headSha)}`,
      );
    } else if (states.has("CHANGES_REQUESTED")) notes.push(`@${login} requested changes`);
    else if (states.has("DISMISSED")) notes.push(`@${login}'s approval was dismissed`);
    else if (states.has("APPROVED")) notes.push(`@${login} has conflicting latest reviews`);
  }
  for (const team of emptyTeams) notes.push(`${team} has no members`);
  const author = loginKey(pr.author);
  const eligibleOthers = [...eligible].filter((login) => login !== author).length;
  if (approvers.length < spec.count && eligibleOthers < spec.count) {
    notes.push(`only ${plural(eligibleOthers, "person")} besides the author can approve`);
  }

  const details = [...notes];
  if (outsiders.length > 0) details.push(`not counted, not among ${from}: ${formatList(outsiders)} approved`);

  const pass = approvers.length >= spec.count;
  const who = approvers.length > 0 ? `${formatList(approvers)} approved` : "no approval on the head commit";
  const tally = `${approvers.length} of ${plural(spec.count, "required approval")} from ${from}`;
  // A failing summary says why the others do not count; a passing one keeps that for the details.
  const summary = `${tally}: ${who}${!pass && notes.length > 0 ? `; ${notes.join("; ")}` : ""}`;
  return {
    status: pass ? "pass" : "fail",
    summary,
    measured: `${plural(approvers.length, "approval")} on ${shortSha(pr.headSha)}`,
    bar,
    evidence: [],
    ...(details.length > 0 ? { details } : {}),
  };
}
