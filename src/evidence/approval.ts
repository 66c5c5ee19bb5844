// `approval` evidence: enough approving reviews on the pull request's current head from the people named.
import type { ApprovalSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import { TEAM_PERMISSION_HINT } from "../base/hints.js";
import type { EvidenceContext, Finding, PullRequestFacts } from "./types.js";

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

export async function evaluateApproval(spec: ApprovalSpec, ctx: EvidenceContext): Promise<Finding> {
  const from = formatList(spec.from);
  const bar = `≥ ${plural(spec.count, "approval")} from ${from} on the head commit`;
  if (ctx.github === undefined) {
    return {
      status: "not-evaluable",
      summary: "approval evidence comes from GitHub and is not evaluable locally",
      evidence: [],
    };
  }
  const pr = ctx.github.pullRequest;
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

  const author = pr.author.replace(/^@/, "").toLowerCase();
  // latestReviews holds one review per reviewer; should a login repeat, every entry must agree.
  const byReviewer = new Map<string, { login: string; reviews: PullRequestFacts["latestReviews"] }>();
  for (const review of pr.latestReviews) {
    const login = review.login.replace(/^@/, "");
    const entry = byReviewer.get(login.toLowerCase()) ?? { login, reviews: [] };
    entry.reviews.push(review);
    byReviewer.set(login.toLowerCase(), entry);
  }

  const approvers: string[] = [];
  const notes: string[] = [];
  const outsiders: string[] = [];
  for (const [key, { login, reviews }] of byReviewer) {
    const approved = reviews.every((r) => r.state.toUpperCase() === "APPROVED");
    const onHead = reviews.every((r) => r.commitId === pr.headSha);
    if (!eligible.has(key)) {
      if (approved && key !== author) outsiders.push(`@${login}`);
      continue;
    }
    if (key === author) {
      if (approved) notes.push(`@${login} is the author; their own approval does not count`);
      continue;
    }
    if (approved && onHead) approvers.push(`@${login}`);
    else if (approved) {
      const older = reviews.find((r) => r.commitId !== pr.headSha)?.commitId ?? "";
      notes.push(
        `@${login} approved an older commit (${shortSha(older)}), not the head ${shortSha(pr.headSha)}`,
      );
    } else {
      const states = new Set(reviews.map((r) => r.state.toUpperCase()));
      if (states.has("CHANGES_REQUESTED")) notes.push(`@${login} requested changes`);
      else if (states.has("DISMISSED")) notes.push(`@${login}'s approval was dismissed`);
      else if (states.has("APPROVED")) notes.push(`@${login} has conflicting latest reviews`);
    }
  }
  for (const team of emptyTeams) notes.push(`${team} has no members`);
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
