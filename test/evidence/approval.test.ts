import { describe, expect, it } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import { evaluateCheck } from "../../src/evidence/index.js";
import { evaluateApproval } from "../../src/evidence/approval.js";
import type { PullRequestFacts } from "../../src/evidence/types.js";
import { memoryContext } from "../support/memory-repo.js";

const HEAD = "abc1234def5678abc1234def5678abc1234def56";
const OLDER = "0123456789abcdef0123456789abcdef01234567";

function pullRequest(overrides: Partial<PullRequestFacts> = {}): PullRequestFacts {
  return {
    number: 42,
    headSha: HEAD,
    author: "alice",
    latestReviews: [],
    teamMembers: { "@acme/compliance": ["erin", "Frank", "dave"] },
    ...overrides,
  };
}

function approve(login: string, commitId = HEAD) {
  return { login, state: "APPROVED", commitId };
}

function run(spec: { from: string[]; count?: number }, pr: PullRequestFacts | undefined) {
  return evaluateApproval({ from: spec.from, count: spec.count ?? 1 }, { pullRequest: pr });
}

describe("evaluateApproval", () => {
  it("passes with an approval on the head commit from a member of the team named", async () => {
    const finding = await run(
      { from: ["@acme/compliance"] },
      pullRequest({ latestReviews: [approve("erin")] }),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("1 of 1 required approval from @acme/compliance: @erin approved");
    expect(finding.measured).toBe("1 approval on abc1234");
    expect(finding.bar).toBe("≥ 1 approval from @acme/compliance on the head commit");
  });

  it("counts distinct approvers against the count, and says how many are missing", async () => {
    const finding = await run(
      { from: ["@acme/compliance"], count: 2 },
      pullRequest({ latestReviews: [approve("erin")] }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("1 of 2 required approvals from @acme/compliance: @erin approved");
  });

  it("counts a reviewer once even if the facts list them twice", async () => {
    const finding = await run(
      { from: ["@acme/compliance"], count: 2 },
      pullRequest({ latestReviews: [approve("erin"), approve("ERIN")] }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toMatch(/^1 of 2 required approvals/);
  });

  it("passes with two approvals from a listed user and a team member, logins matched case-insensitively", async () => {
    const finding = await run(
      { from: ["@Carol", "@ACME/Compliance"], count: 2 },
      pullRequest({ latestReviews: [approve("carol"), approve("frank")] }),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "2 of 2 required approvals from @Carol, @ACME/Compliance: @carol, @frank approved",
    );
  });

  it("does not count an approval on an older commit, and says so", async () => {
    const finding = await run(
      { from: ["@acme/compliance"] },
      pullRequest({ latestReviews: [approve("dave", OLDER)] }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "0 of 1 required approval from @acme/compliance: no approval on the head commit; " +
        "@dave approved an older commit (0123456), not the head abc1234",
    );
  });

  it("never counts the pull request's author, even when listed", async () => {
    const finding = await run(
      { from: ["@alice", "@acme/compliance"] },
      pullRequest({ author: "Alice", latestReviews: [approve("alice")] }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("@alice is the author; their own approval does not count");
  });

  it("does not count a reviewer whose latest review requests changes after an approval", async () => {
    const finding = await run(
      { from: ["@acme/compliance"] },
      pullRequest({ latestReviews: [{ login: "erin", state: "CHANGES_REQUESTED", commitId: HEAD }] }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "0 of 1 required approval from @acme/compliance: no approval on the head commit; @erin requested changes",
    );
  });

  it("does not count a dismissed approval", async () => {
    const finding = await run(
      { from: ["@acme/compliance"] },
      pullRequest({ latestReviews: [{ login: "erin", state: "DISMISSED", commitId: HEAD }] }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("@erin's approval was dismissed");
  });

  it("fails closed when a login repeats with conflicting reviews", async () => {
    const finding = await run(
      { from: ["@acme/compliance"] },
      pullRequest({
        latestReviews: [approve("erin"), { login: "erin", state: "CHANGES_REQUESTED", commitId: HEAD }],
      }),
    );
    expect(finding.status).toBe("fail");
  });

  it("ignores approvals from people not listed, naming them in the details", async () => {
    const finding = await run(
      { from: ["@acme/compliance"] },
      pullRequest({ latestReviews: [approve("zed")] }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "0 of 1 required approval from @acme/compliance: no approval on the head commit",
    );
    expect(finding.details).toEqual(["not counted, not among @acme/compliance: @zed approved"]);
  });

  it("says when too few people can approve at all", async () => {
    const finding = await run(
      { from: ["@acme/compliance"], count: 2 },
      pullRequest({ author: "erin", teamMembers: { "@acme/compliance": ["erin", "dave"] } }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("only 1 person besides the author can approve");
  });

  it("says when a team named has no members", async () => {
    const finding = await run(
      { from: ["@acme/compliance"] },
      pullRequest({ teamMembers: { "@acme/compliance": [] } }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("@acme/compliance has no members");
  });

  it("is an error naming the team and the permission when its members could not be read", async () => {
    const finding = await run(
      { from: ["@carol", "@acme/security"] },
      pullRequest({ latestReviews: [approve("carol")] }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "could not read the members of @acme/security: the token needs organization permission `members: read` " +
        "(a GitHub App token or an org-scoped token); the workflow's GITHUB_TOKEN cannot read team membership",
    );
  });

  it("fails on a run without a pull request (a push or merge-queue run)", async () => {
    const finding = await run({ from: ["@acme/compliance"] }, undefined);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "approval needs a pull request; this run has none (a push or merge-queue run), so no review from @acme/compliance can be checked",
    );
  });

  it("is an error giving the real reason when the reviews could not be read", async () => {
    const reason = "the reviews of pull request #42 could not be read: GitHub answered 502";
    const finding = await run(
      { from: ["@carol"] },
      pullRequest({ reviewsUnreadable: reason, latestReviews: [] }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(reason);
  });

  it("is not evaluable outside GitHub", async () => {
    const finding = await evaluateCheck(
      { id: "sign-off", approval: { from: ["@carol"], count: 1 } } as CheckSpec,
      memoryContext({}),
    );
    expect(finding.status).toBe("not-evaluable");
  });
});
