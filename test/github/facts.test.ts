import { describe, expect, it } from "vitest";
import { parseReadiness } from "../../src/config/load.js";
import type { ReadinessFile } from "../../src/config/types.js";
import {
  findPullRequest,
  gatherFacts,
  listCommitChecks,
  listLatestReviews,
  needsOfFiles,
  needsOfOwners,
} from "../../src/github/facts.js";
import { DEFAULT_TOKEN, GITHUB_ACTIONS_APP } from "../support/fake-github/index.js";
import { clientFor, fakeGitHub, HEAD_SHA, PR_7, recorder } from "./fake.js";

const OLD = "9".repeat(40);

function readiness(checks: string): ReadinessFile {
  const parsed = parseReadiness(
    "readiness.yml",
    `version: 1
system: claims
owners: ["@carol"]
stages: [{ name: production, branches: [main] }]
checks:
${checks}`,
  );
  if (!parsed.file) throw new Error(JSON.stringify(parsed.problems));
  return parsed.file;
}

const fileOnly = readiness("  - { id: runbook, category: operations, file: { path: docs/runbook.md } }\n");
const withApproval = readiness(
  '  - { id: signoff, category: compliance, approval: { from: ["@acme/Compliance", "@dora"] } }\n',
);
const withCi = readiness("  - { id: tests, category: system, ci: { check: unit-tests } }\n");

describe("needsOfFiles", () => {
  it("asks for nothing when no check needs GitHub facts", () => {
    expect(needsOfFiles([fileOnly])).toEqual({ reviews: false, teams: new Set(), checks: false });
  });
  it("asks for reviews and each named team once, normalised; checks only for ci", () => {
    const needs = needsOfFiles([withApproval, withApproval, withCi]);
    expect(needs).toEqual({ reviews: true, teams: new Set(["@acme/compliance"]), checks: true });
    needsOfOwners(["@acme/ML-Claims", "@carol"], needs);
    expect([...needs.teams].sort()).toEqual(["@acme/compliance", "@acme/ml-claims"]);
  });
});

describe("gatherFacts", () => {
  const target = {
    owner: "acme",
    repo: "claims-triage",
    headSha: HEAD_SHA,
    pullRequest: { number: 7, author: "octocat", headSha: HEAD_SHA },
  };

  it("makes no request when nothing is needed", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const gathered = await gatherFacts(clientFor(fake), target, needsOfFiles([fileOnly]), recorder());
    expect(gathered).toEqual({});
    expect(fake.requests).toEqual([]);
  });

  it("reads reviews and team members once for every approval check", async () => {
    const token = "ghs_appTokenThatCanReadTeams00000000";
    const fake = await fakeGitHub({
      pullRequests: [PR_7],
      tokens: { [token]: { login: "shipgate-app[bot]", permissions: { members: "read" } } },
      teams: { "acme/compliance": ["erin", "frank"] },
    });
    fake.state.addReview({ user: "erin", state: "APPROVED" });
    const gathered = await gatherFacts(
      clientFor(fake, token),
      target,
      needsOfFiles([withApproval, withApproval]),
      recorder(),
    );
    expect(gathered.pullRequest).toEqual({
      number: 7,
      headSha: HEAD_SHA,
      author: "octocat",
      latestReviews: [{ login: "erin", state: "APPROVED", commitId: HEAD_SHA }],
      teamMembers: { "@acme/compliance": ["erin", "frank"] },
    });
    expect(fake.requestsTo("GET /orgs/{org}/teams/{team_slug}/members")).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("leaves out a team the workflow token cannot see, and says which permission is missing", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7], teams: { "acme/compliance": ["erin"] } });
    const log = recorder();
    const gathered = await gatherFacts(
      clientFor(fake, DEFAULT_TOKEN),
      target,
      needsOfFiles([withApproval]),
      log,
    );
    expect(gathered.pullRequest?.teamMembers).toEqual({});
    expect(log.lines).toEqual([
      "warning: cannot list the members of @acme/compliance, so their approvals do not count: the token needs organization permission `members: read` (a GitHub App token or an org-scoped token); the workflow's GITHUB_TOKEN cannot read team membership",
    ]);
  });
});

describe("listLatestReviews", () => {
  it("keeps each reviewer's latest decisive review across pages; a later comment does not undo an approval", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    fake.state.addReview({ user: "carol", state: "APPROVED", commit_id: OLD });
    fake.state.addReview({ user: "dora", state: "APPROVED" });
    for (let i = 0; i < 110; i++) fake.state.addReview({ user: `bystander${i}`, state: "COMMENTED" });
    fake.state.addReview({ user: "carol", state: "CHANGES_REQUESTED" });
    fake.state.addReview({ user: "dora", state: "COMMENTED" });
    const reviews = await listLatestReviews(clientFor(fake), "acme", "claims-triage", 7);
    expect(reviews.find((r) => r.login === "carol")).toEqual({
      login: "carol",
      state: "CHANGES_REQUESTED",
      commitId: HEAD_SHA,
    });
    expect(reviews.find((r) => r.login === "dora")).toEqual({
      login: "dora",
      state: "APPROVED",
      commitId: HEAD_SHA,
    });
    expect(reviews).toHaveLength(112);
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews")).toHaveLength(2);
  });
});

describe("listCommitChecks", () => {
  it("lists check runs and statuses newest first, without Shipgate's own", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const unitTests = fake.state.addCheckRun({
      head_sha: HEAD_SHA,
      name: "unit-tests",
      conclusion: "success",
      started_at: "2026-11-20T10:00:00Z",
      app: GITHUB_ACTIONS_APP,
    });
    fake.state.addCheckRun({
      head_sha: HEAD_SHA,
      name: "shipgate",
      conclusion: "failure",
      started_at: "2026-11-20T10:05:00Z",
    });
    fake.state.addStatus({
      sha: HEAD_SHA,
      context: "deploy/preview",
      state: "failure",
      created_at: "2026-11-20T09:00:00Z",
    });
    fake.state.addStatus({
      sha: HEAD_SHA,
      context: "deploy/preview",
      state: "success",
      created_at: "2026-11-20T11:00:00Z",
    });
    const checks = await listCommitChecks(clientFor(fake), "acme", "claims-triage", HEAD_SHA);
    // A status names who posted it (the fake's default poster), never an app or a check suite.
    const status = {
      name: "deploy/preview",
      status: "completed",
      source: "status",
      app: null,
      suite: null,
      creator: "ci-app[bot]",
    };
    expect(checks).toEqual({
      sha: HEAD_SHA,
      runs: [
        { ...status, conclusion: "success" },
        {
          name: "unit-tests",
          status: "completed",
          conclusion: "success",
          source: "check-run",
          app: "github-actions",
          suite: unitTests.suite,
          creator: null,
        },
        { ...status, conclusion: "failure" },
      ],
    });
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/commits/{ref}/check-runs")[0]?.query.filter).toBe(
      "latest",
    );
    expect(fake.violations).toEqual([]);
  });
});

describe("listCommitChecks: check suites", () => {
  it("keeps the newest run of a name per check suite: a re-run replaces its attempt, another workflow run stays", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const first = fake.state.newSuite();
    const second = fake.state.newSuite();
    const build = { head_sha: HEAD_SHA, name: "build", app: GITHUB_ACTIONS_APP };
    fake.state.addCheckRun({
      ...build,
      suite: first,
      conclusion: "failure",
      started_at: "2026-11-20T10:00:00Z",
    });
    fake.state.addCheckRun({
      ...build,
      suite: first,
      conclusion: "success",
      started_at: "2026-11-20T10:10:00Z",
    });
    fake.state.addCheckRun({
      ...build,
      suite: second,
      conclusion: "failure",
      started_at: "2026-11-20T10:05:00Z",
    });
    const checks = await listCommitChecks(clientFor(fake), "acme", "claims-triage", HEAD_SHA);
    expect(checks.runs.map((r) => [r.suite, r.conclusion])).toEqual([
      [first, "success"],
      [second, "failure"],
    ]);
    expect(fake.violations).toEqual([]);
  });
});

describe("findPullRequest", () => {
  it("finds the pull request a merge group was made for, with its own head", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const pr = await findPullRequest(clientFor(fake), {
      owner: "acme",
      repo: "claims-triage",
      sha: "4".repeat(40),
      mergeGroupRef: `refs/heads/gh-readonly-queue/main/pr-7-${"1".repeat(40)}`,
    });
    expect(pr).toEqual({ number: 7, author: "octocat", headSha: HEAD_SHA });
  });
});
