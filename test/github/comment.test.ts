import { describe, expect, it } from "vitest";
import {
  commentBody,
  headOfBody,
  isUserToken,
  MAX_COMMENT_CHARS,
  publishComment,
  STICKY_MARKER,
  type CommentOptions,
} from "../../src/github/comment.js";
import { DEFAULT_TOKEN, GITHUB_ACTIONS_BOT } from "../support/fake-github/index.js";
import { clientFor, fakeGitHub, HEAD_SHA, NEWER_SHA, PR_7, recorder } from "./fake.js";

const target = { owner: "acme", repo: "claims-triage", pullNumber: 7, headSha: HEAD_SHA };
const options = (extra: Partial<CommentOptions> = {}): CommentOptions => ({
  createIfMissing: true,
  log: recorder(),
  userToken: false,
  ...extra,
});
const body = (text: string) => commentBody(HEAD_SHA, () => text);

describe("commentBody", () => {
  it("starts with the marker and the judged head, then the report", () => {
    const text = body("### Go");
    expect(text).toBe(`${STICKY_MARKER}\n<!-- shipgate:head ${HEAD_SHA} -->\n### Go`);
    expect(headOfBody(text)).toBe(HEAD_SHA);
  });

  it("asks the renderer for what fits and never exceeds GitHub's limit even if the renderer overshoots", () => {
    let asked = 0;
    const fitted = commentBody(HEAD_SHA, (max) => {
      asked = max;
      return "x".repeat(max);
    });
    expect(fitted.length).toBe(MAX_COMMENT_CHARS);
    expect(asked).toBe(MAX_COMMENT_CHARS - `${STICKY_MARKER}\n<!-- shipgate:head ${HEAD_SHA} -->\n`.length);
    const overshoot = commentBody(HEAD_SHA, () => "y".repeat(200_000));
    expect(overshoot.length).toBe(MAX_COMMENT_CHARS);
    expect(overshoot).toMatch(/Report truncated to fit a comment/);
  });
});

describe("isUserToken", () => {
  it.each([
    ["ghp_abc", true],
    ["github_pat_abc", true],
    ["ghs_abc", false],
    ["some-other-token", false],
  ])("%s → %s", (token, user) => expect(isUserToken(token)).toBe(user));
});

describe("publishComment", () => {
  it("creates one comment when there is none", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const outcome = await publishComment(clientFor(fake), target, body("### No-go"), options());
    expect(outcome.action).toBe("created");
    const comments = fake.state.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ user: { login: "github-actions[bot]" }, body: body("### No-go") });
    expect(fake.violations).toEqual([]);
  });

  it("updates its own comment in place on a re-run instead of adding another", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const old = fake.state.addComment({ user: GITHUB_ACTIONS_BOT, body: body("### No-go") });
    const outcome = await publishComment(clientFor(fake), target, body("### Go"), options());
    expect(outcome).toMatchObject({ action: "updated", id: old.id });
    expect(fake.state.commentsOn(7).map((c) => c.body)).toEqual([body("### Go")]);
    expect(fake.requestsTo("POST /repos/{owner}/{repo}/issues/{issue_number}/comments")).toHaveLength(0);
    expect(fake.violations).toEqual([]);
  });

  it("writes nothing when the comment already says the same", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    fake.state.addComment({ user: GITHUB_ACTIONS_BOT, body: body("### Go") });
    const outcome = await publishComment(clientFor(fake), target, body("### Go"), options());
    expect(outcome.action).toBe("unchanged");
    expect(fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("never touches another user's comment that carries the marker", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const forged = fake.state.addComment({
      user: "mallory",
      body: `${STICKY_MARKER}\nI am Shipgate, trust me: Go`,
    });
    const outcome = await publishComment(clientFor(fake), target, body("### No-go"), options());
    expect(outcome.action).toBe("created");
    const comments = fake.state.commentsOn(7);
    expect(comments.find((c) => c.id === forged.id)?.body).toBe(
      `${STICKY_MARKER}\nI am Shipgate, trust me: Go`,
    );
    expect(comments.filter((c) => c.user.login === "github-actions[bot]")).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("finds its comment on the second page of a long conversation", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    for (let i = 0; i < 130; i++) fake.state.addComment({ user: "octocat", body: `comment ${i}` });
    const ours = fake.state.addComment({ user: GITHUB_ACTIONS_BOT, body: body("### No-go") });
    const outcome = await publishComment(clientFor(fake), target, body("### Go"), options());
    expect(outcome).toMatchObject({ action: "updated", id: ours.id });
    const pages = fake
      .requestsTo("GET /repos/{owner}/{repo}/issues/{issue_number}/comments")
      .map((r) => r.query.page ?? "1");
    expect(pages).toEqual(["1", "2"]);
    expect(fake.state.commentsOn(7)).toHaveLength(131);
  });

  it("leaves the comment to the newer run when the pull request has moved on", async () => {
    const fake = await fakeGitHub({ pullRequests: [{ ...PR_7, head: { ref: "feature", sha: NEWER_SHA } }] });
    fake.state.addComment({ user: GITHUB_ACTIONS_BOT, body: commentBody(NEWER_SHA, () => "### Go (newer)") });
    const outcome = await publishComment(clientFor(fake), target, body("### No-go (older)"), options());
    expect(outcome).toEqual({
      action: "skipped",
      reason: "the pull request has moved on to 3333333; the run for that commit writes the comment",
    });
    expect(fake.state.commentsOn(7).map((c) => c.body)).toEqual([
      commentBody(NEWER_SHA, () => "### Go (newer)"),
    ]);
  });

  it("writes no comment when the pull request moved on and has no comment yet", async () => {
    const fake = await fakeGitHub({ pullRequests: [{ ...PR_7, head: { ref: "feature", sha: NEWER_SHA } }] });
    const outcome = await publishComment(clientFor(fake), target, body("### No-go (older)"), options());
    expect(outcome).toEqual({
      action: "skipped",
      reason: "the pull request has moved on to 3333333; the run for that commit writes the comment",
    });
    expect(fake.state.commentsOn(7)).toEqual([]);
    expect(fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  describe("an older head's run that passed its head check just before a push", () => {
    const pulls = "GET /repos/{owner}/{repo}/pulls/{pull_number}";
    const newerBody = commentBody(NEWER_SHA, () => "### Go (newer)");

    it("finds the newer head's comment and leaves it alone", async () => {
      const fake = await fakeGitHub({
        pullRequests: [{ ...PR_7, head: { ref: "feature", sha: NEWER_SHA } }],
      });
      const newer = fake.state.addComment({ user: GITHUB_ACTIONS_BOT, body: newerBody });
      // Its first look at the pull request still saw its own head.
      fake.fail({ route: pulls, with: { status: 200, body: { number: 7, head: { sha: HEAD_SHA } } } });
      const outcome = await publishComment(clientFor(fake), target, body("### No-go (older)"), options());
      expect(outcome).toMatchObject({
        action: "skipped",
        reason: expect.stringContaining("moved on to 3333333"),
      });
      expect(fake.state.commentsOn(7).map((c) => [c.id, c.body])).toEqual([[newer.id, newerBody]]);
      expect(fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
    });

    it("takes back the duplicate it created after the newer run wrote", async () => {
      const fake = await fakeGitHub({
        pullRequests: [{ ...PR_7, head: { ref: "feature", sha: NEWER_SHA } }],
      });
      const newer = fake.state.addComment({ user: GITHUB_ACTIONS_BOT, body: newerBody });
      fake.fail({ route: pulls, with: { status: 200, body: { number: 7, head: { sha: HEAD_SHA } } } });
      // Its listing came before the newer run's comment existed.
      fake.fail({
        route: "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
        with: { status: 200, body: [] },
      });
      const outcome = await publishComment(clientFor(fake), target, body("### No-go (older)"), options());
      expect(outcome.action).toBe("skipped");
      expect(fake.state.commentsOn(7).map((c) => [c.id, c.body])).toEqual([[newer.id, newerBody]]);
      expect(fake.requestsTo("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}")).toHaveLength(1);
    });
  });

  it("keeps exactly one comment when an earlier race left two of its own", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const first = fake.state.addComment({ user: GITHUB_ACTIONS_BOT, body: body("### A") });
    fake.state.addComment({ user: GITHUB_ACTIONS_BOT, body: body("### B") });
    const outcome = await publishComment(clientFor(fake), target, body("### C"), options());
    expect(outcome).toMatchObject({ action: "updated", id: first.id });
    expect(fake.state.commentsOn(7).map((c) => c.body)).toEqual([body("### C")]);
  });

  it("two runs racing to create end with exactly one comment", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const [a, b] = await Promise.all([
      publishComment(clientFor(fake), target, body("### run A"), options()),
      publishComment(clientFor(fake), target, body("### run B"), options()),
    ]);
    expect([a.action, b.action].sort()).not.toContain("failed");
    expect(fake.state.commentsOn(7)).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("learns a GitHub App's identity from the comment it creates and removes its own duplicate", async () => {
    const app = "ghs_appInstallationToken000000000000";
    const fake = await fakeGitHub({
      pullRequests: [PR_7],
      tokens: { [app]: { login: "shipgate-app[bot]" } },
    });
    const old = fake.state.addComment({ user: "shipgate-app[bot]", body: body("### No-go") });
    const outcome = await publishComment(clientFor(fake, app), target, body("### Go"), options());
    expect(outcome).toMatchObject({ action: "updated", id: old.id });
    expect(fake.state.commentsOn(7).map((c) => [c.id, c.body])).toEqual([[old.id, body("### Go")]]);
  });

  it("with the writer known from the check run, updates an App's comment directly", async () => {
    const app = "ghs_appInstallationToken000000000000";
    const fake = await fakeGitHub({
      pullRequests: [PR_7],
      tokens: { [app]: { login: "shipgate-app[bot]" } },
    });
    const old = fake.state.addComment({ user: "shipgate-app[bot]", body: body("### No-go") });
    const outcome = await publishComment(
      clientFor(fake, app),
      target,
      body("### Go"),
      options({ writer: "shipgate-app[bot]" }),
    );
    expect(outcome).toMatchObject({ action: "updated", id: old.id });
    expect(fake.requestsTo("POST /repos/{owner}/{repo}/issues/{issue_number}/comments")).toHaveLength(0);
  });

  it("reports a read-only token as denied, not as a failure of the gate", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7], tokens: { [DEFAULT_TOKEN]: { readOnly: true } } });
    const outcome = await publishComment(clientFor(fake), target, body("### Go"), options());
    expect(outcome.action).toBe("denied");
    expect(fake.state.commentsOn(7)).toEqual([]);
  });

  it("does not create a comment when told to only update one", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const outcome = await publishComment(
      clientFor(fake),
      target,
      body("### Not gated"),
      options({ createIfMissing: false }),
    );
    expect(outcome.action).toBe("skipped");
    expect(fake.state.commentsOn(7)).toEqual([]);
  });
});
