// Approval is counted in one place: an approval check and the base-branch policy read the same reviews
// the same way, whatever the letter case of the review state or login.
import { describe, expect, it } from "vitest";
import { evaluateApproval } from "../../src/evidence/approval.js";
import { headApprovers } from "../../src/base/reviews.js";
import type { PullRequestFacts } from "../../src/evidence/types.js";
import { approvingOwner } from "../../src/github/policy.js";

const HEAD = "abc1234def5678abc1234def5678abc1234def56";
const OLDER = "0123456789abcdef0123456789abcdef01234567";

function pullRequest(latestReviews: PullRequestFacts["latestReviews"]): PullRequestFacts {
  return {
    number: 42,
    headSha: HEAD,
    author: "alice",
    latestReviews,
    teamMembers: { "@acme/compliance": ["erin"] },
  };
}

async function checkPasses(owners: string[], pr: PullRequestFacts): Promise<boolean> {
  const finding = await evaluateApproval({ from: owners, count: 1 }, { pullRequest: pr });
  return finding.status === "pass";
}

describe("approval counted once", () => {
  it.each([
    ["APPROVED", "bob"],
    ["approved", "bob"],
    ["Approved", "BOB"],
  ])("a review in state %s by %s counts for the check and the policy alike", async (state, login) => {
    const pr = pullRequest([{ login, state, commitId: HEAD }]);
    expect(await checkPasses(["@bob"], pr)).toBe(true);
    expect(approvingOwner(["@bob"], pr)).toBe("@bob");
  });

  it.each([
    ["an older commit", [{ login: "bob", state: "APPROVED", commitId: OLDER }]],
    ["the author", [{ login: "Alice", state: "approved", commitId: HEAD }]],
    ["changes requested", [{ login: "bob", state: "changes_requested", commitId: HEAD }]],
    [
      "conflicting latest reviews",
      [
        { login: "bob", state: "APPROVED", commitId: HEAD },
        { login: "Bob", state: "DISMISSED", commitId: HEAD },
      ],
    ],
  ])("%s counts for neither", async (_, reviews) => {
    const pr = pullRequest(reviews);
    const owners = ["@bob", "@alice"];
    expect(await checkPasses(owners, pr)).toBe(false);
    expect(approvingOwner(owners, pr)).toBeUndefined();
    expect(headApprovers(pr).size).toBe(0);
  });

  it("a team member's approval in lower case counts for both", async () => {
    const pr = pullRequest([{ login: "Erin", state: "approved", commitId: HEAD }]);
    expect(await checkPasses(["@acme/compliance"], pr)).toBe(true);
    expect(approvingOwner(["@acme/compliance"], pr)).toBe("@erin (@acme/compliance)");
  });
});
