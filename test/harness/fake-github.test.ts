import { afterEach, describe, expect, it } from "vitest";
import {
  COMMENT_BODY_LIMIT,
  DEFAULT_TOKEN,
  blobSha,
  gitHubRestDescription,
  startFakeGitHub,
} from "../support/fake-github/index.js";
import type { FakeGitHub, FakeGitHubInit } from "../support/fake-github/index.js";
import { BASE_SHA, HEAD_SHA, REPO, call } from "./github-client.js";

const openFakes: FakeGitHub[] = [];

async function fakeWithPullRequest(extra: FakeGitHubInit = {}): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({
    pullRequests: [
      { number: 7, base: { ref: "main", sha: BASE_SHA }, head: { ref: "feature", sha: HEAD_SHA } },
    ],
    contents: {
      [BASE_SHA]: {
        "readiness.yml": "version: 1\nsystem: claims-triage\n",
        "docs/rollback.md": "# Rollback\n",
      },
      [HEAD_SHA]: {
        "readiness.yml": "version: 1\nsystem: claims-triage\ndescription: changed\n",
        "docs/rollback.md": "# Rollback\n",
        "reports/eval.json": '{"metrics":{"f1":0.93}}\n',
      },
    },
    ...extra,
  });
  openFakes.push(fake);
  return fake;
}

afterEach(async () => {
  await Promise.all(openFakes.splice(0).map((fake) => fake.close()));
});

const validCheckRun = {
  name: "Shipgate",
  head_sha: HEAD_SHA,
  status: "completed",
  conclusion: "failure",
  output: {
    title: "No-go",
    summary: "1 of 2 checks failed",
    annotations: [
      {
        path: "readiness.yml",
        start_line: 3,
        end_line: 3,
        annotation_level: "failure",
        message: "F1 0.87 < 0.92",
      },
    ],
  },
};

describe("fake GitHub: requests GitHub accepts", () => {
  it("answers a valid check-run creation with 201 and records the request", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "POST", `${REPO}/check-runs`, { body: validCheckRun });

    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      name: "Shipgate",
      head_sha: HEAD_SHA,
      status: "completed",
      conclusion: "failure",
      app: { slug: "github-actions" },
      output: { annotations_count: 1 },
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: "POST",
      path: `${REPO}/check-runs`,
      route: "POST /repos/{owner}/{repo}/check-runs",
      body: validCheckRun,
      status: 201,
      actor: "github-actions[bot]",
      token: DEFAULT_TOKEN,
    });
    expect(fake.state.checkRuns[0]?.annotations.map((a) => a.message)).toEqual(["F1 0.87 < 0.92"]);
    expect(fake.violations).toEqual([]);
  });

  it("answers every route Shipgate uses with a body that GitHub's documented response schema accepts", async () => {
    const fake = await fakeWithPullRequest({
      validateResponses: true,
      tokens: { [DEFAULT_TOKEN]: { permissions: { members: "read" } } },
    });
    fake.state.addComment({ user: "carol", body: "Looks good" });
    fake.state.addReview({ user: "carol", state: "APPROVED" });
    fake.state.setTeam("acme", "ml-claims", ["carol", { login: "dave", role: "maintainer" }]);
    fake.state.addCheckRun({ head_sha: HEAD_SHA, name: "unit-tests", conclusion: "success" });
    fake.state.addStatus({ sha: HEAD_SHA, context: "ci/lint", state: "success" });

    const created = await call(fake, "POST", `${REPO}/issues/7/comments`, {
      body: { body: "<!-- shipgate -->\nNo-go" },
    });
    const commentId = (created.json as { id: number }).id;
    const run = await call(fake, "POST", `${REPO}/check-runs`, {
      body: { name: "Shipgate", head_sha: HEAD_SHA, status: "in_progress" },
    });
    const runId = (run.json as { id: number }).id;
    const answers = [
      created,
      run,
      await call(fake, "GET", `${REPO}/pulls/7`),
      await call(fake, "GET", `${REPO}/pulls/7/files`),
      await call(fake, "GET", `${REPO}/pulls/7/reviews`),
      await call(fake, "GET", `${REPO}/issues/7/comments`),
      await call(fake, "PATCH", `${REPO}/issues/comments/${commentId}`, {
        body: { body: "<!-- shipgate -->\nGo" },
      }),
      await call(fake, "GET", "/orgs/acme/teams/ml-claims/members"),
      await call(fake, "PATCH", `${REPO}/check-runs/${runId}`, { body: validCheckRun }),
      await call(fake, "GET", `${REPO}/commits/${HEAD_SHA}/check-runs`),
      await call(fake, "GET", `${REPO}/commits/${HEAD_SHA}/status`),
      await call(fake, "GET", `${REPO}/commits/${HEAD_SHA}/statuses`),
      await call(fake, "GET", `${REPO}/contents/readiness.yml?ref=${BASE_SHA}`),
      await call(fake, "GET", `${REPO}/contents/docs?ref=${BASE_SHA}`),
      await call(fake, "GET", `${REPO}/git/trees/${HEAD_SHA}?recursive=1`),
      await call(fake, "DELETE", `${REPO}/issues/comments/${commentId}`),
    ];

    expect(answers.map((a) => a.status)).toEqual([
      201, 201, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 204,
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("has a response check with teeth: a body missing required fields fails GitHub's schema", () => {
    const api = gitHubRestDescription();
    const operation = api.operation("POST /repos/{owner}/{repo}/issues/{issue_number}/comments")!;
    const problems = api.checkResponse(operation, 201, { id: 1, body: "hi" });

    expect(problems.map((p) => p.message)).toContain(`"url" wasn't supplied (at response).`);
  });
});

describe("fake GitHub: requests GitHub rejects are answered like GitHub and recorded", () => {
  it("rejects a check run whose conclusion is not one of GitHub's", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "POST", `${REPO}/check-runs`, {
      body: { ...validCheckRun, conclusion: "no-go" },
    });

    expect(answer.status).toBe(422);
    expect((answer.json as { message: string }).message).toMatch(
      /^Invalid request\.\n\n.*conclusion.*"no-go" is not a member of enum/s,
    );
    expect(fake.violations).toEqual([
      expect.objectContaining({
        kind: "body",
        route: "POST /repos/{owner}/{repo}/check-runs",
        message: expect.stringContaining("conclusion"),
      }),
    ]);
    expect(fake.state.checkRuns).toEqual([]);
  });

  it("rejects an annotation without annotation_level", async () => {
    const fake = await fakeWithPullRequest();
    const annotation = { path: "readiness.yml", start_line: 1, end_line: 1, message: "missing level" };
    const body = { ...validCheckRun, output: { ...validCheckRun.output, annotations: [annotation] } };
    const answer = await call(fake, "POST", `${REPO}/check-runs`, { body });

    expect(answer.status).toBe(422);
    expect(fake.violations.map((v) => v.message)).toEqual([
      `"annotation_level" wasn't supplied (at body.output.annotations.0).`,
    ]);
  });

  it("rejects more than 50 annotations in one request, as the description caps them", async () => {
    const fake = await fakeWithPullRequest();
    const annotation = validCheckRun.output.annotations[0]!;
    const body = {
      ...validCheckRun,
      output: { ...validCheckRun.output, annotations: Array.from({ length: 51 }, () => annotation) },
    };
    const answer = await call(fake, "POST", `${REPO}/check-runs`, { body });

    expect(answer.status).toBe(422);
    expect(fake.violations[0]?.message).toMatch(
      /body\.output\.annotations.*must NOT have more than 50 items/,
    );
  });

  it("rejects a completed check run without a conclusion", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "POST", `${REPO}/check-runs`, {
      body: { name: "Shipgate", head_sha: HEAD_SHA, status: "completed" },
    });

    expect(answer.status).toBe(422);
    expect(fake.violations).toEqual([
      expect.objectContaining({ kind: "semantic", message: expect.stringContaining("without a conclusion") }),
    ]);
  });

  it("rejects a check run for something that is not a commit SHA", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "POST", `${REPO}/check-runs`, {
      body: { ...validCheckRun, head_sha: "refs/pull/7/merge" },
    });

    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.json)).toContain("No commit found for SHA: refs/pull/7/merge");
  });

  it("answers 404 to a path that is no GitHub route and records it", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "GET", `${REPO}/readiness`);

    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ message: "Not Found" });
    expect(fake.violations).toEqual([
      expect.objectContaining({ kind: "unknown-route", path: `${REPO}/readiness` }),
    ]);
  });

  it("answers 404 to a method the route does not have", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "PUT", `${REPO}/check-runs`, { body: validCheckRun });

    expect(answer.status).toBe(404);
    expect(fake.violations).toEqual([
      expect.objectContaining({
        kind: "wrong-method",
        message: expect.stringContaining("accepts POST, not PUT"),
      }),
    ]);
  });

  it("records a documented route the fake does not serve, so a test notices an unplanned API call", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "GET", `${REPO}/issues`);

    expect(answer.status).toBe(404);
    expect(fake.violations).toEqual([
      expect.objectContaining({
        kind: "not-implemented",
        message: expect.stringContaining("issues/list-for-repo"),
      }),
    ]);
  });

  it("answers 404 when a path parameter has the wrong type", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "GET", `${REPO}/pulls/seven`);

    expect(answer.status).toBe(404);
    expect(fake.violations[0]).toMatchObject({
      kind: "parameter",
      message: `For 'path.pull_number', "seven" is not integer.`,
    });
  });

  it("answers 422 when a query parameter has the wrong type", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "GET", `${REPO}/issues/7/comments?per_page=lots`);

    expect(answer.status).toBe(422);
    expect(fake.violations[0]?.message).toBe(`For 'query.per_page', "lots" is not integer.`);
  });

  it("ignores an unknown query parameter as GitHub does, but records it", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "GET", `${REPO}/issues/7/comments?perpage=100`);

    expect(answer.status).toBe(200);
    expect(fake.violations).toEqual([
      expect.objectContaining({ kind: "parameter", message: 'unknown query parameter "perpage"' }),
    ]);
  });

  it("answers 400 Problems parsing JSON to a body that is not JSON", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "POST", `${REPO}/issues/7/comments`, { body: "{body: 'hi'" });

    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ message: "Problems parsing JSON" });
    expect(fake.violations[0]?.kind).toBe("body");
  });

  it("refuses a comment longer than 65,536 characters with GitHub's message, and accepts one of exactly that length", async () => {
    const fake = await fakeWithPullRequest();
    const tooLong = await call(fake, "POST", `${REPO}/issues/7/comments`, {
      body: { body: "x".repeat(COMMENT_BODY_LIMIT + 1) },
    });
    const atLimit = await call(fake, "POST", `${REPO}/issues/7/comments`, {
      body: { body: "é".repeat(COMMENT_BODY_LIMIT) },
    });

    expect(tooLong.status).toBe(422);
    expect(tooLong.json).toMatchObject({
      message: "Validation Failed",
      errors: [
        {
          resource: "IssueComment",
          field: "body",
          message: "Body is too long (maximum is 65536 characters)",
        },
      ],
    });
    expect(atLimit.status).toBe(201);
    expect(fake.violations).toHaveLength(1);
    expect(fake.state.comments).toHaveLength(1);
  });

  it("answers 400 to an API version GitHub does not have", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "GET", `${REPO}/pulls/7`, {
      headers: { "x-github-api-version": "2020-01-01" },
    });

    expect(answer.status).toBe(400);
    expect(fake.violations[0]).toMatchObject({ kind: "header" });
  });
});

describe("fake GitHub: pagination", () => {
  it("pages comments 30 at a time with next and last links, and prev and first on the last page", async () => {
    const fake = await fakeWithPullRequest();
    for (let i = 1; i <= 75; i++) fake.state.addComment({ user: "carol", body: `comment ${i}` });

    const first = await call(fake, "GET", `${REPO}/issues/7/comments`);
    const last = await call(fake, "GET", `${REPO}/issues/7/comments?page=3`);

    expect((first.json as unknown[]).length).toBe(30);
    expect(first.headers.get("link")).toBe(
      `<${fake.url}${REPO}/issues/7/comments?page=2>; rel="next", <${fake.url}${REPO}/issues/7/comments?page=3>; rel="last"`,
    );
    expect((last.json as Array<{ body: string }>).map((c) => c.body)).toEqual(
      Array.from({ length: 15 }, (_, i) => `comment ${61 + i}`),
    );
    expect(last.headers.get("link")).toBe(
      `<${fake.url}${REPO}/issues/7/comments?page=2>; rel="prev", <${fake.url}${REPO}/issues/7/comments?page=1>; rel="first"`,
    );
  });

  it("reaches every item exactly once by following rel=next, keeping per_page", async () => {
    const fake = await fakeWithPullRequest();
    for (let i = 1; i <= 45; i++) fake.state.addComment({ user: "carol", body: `comment ${i}` });

    const bodies: string[] = [];
    let path: string | undefined = `${REPO}/issues/7/comments?per_page=10`;
    while (path) {
      const answer = await call(fake, "GET", path);
      bodies.push(...(answer.json as Array<{ body: string }>).map((c) => c.body));
      const next = /<([^>]+)>; rel="next"/.exec(answer.headers.get("link") ?? "")?.[1];
      if (next) expect(new URL(next).searchParams.get("per_page")).toBe("10");
      path = next ? next.slice(fake.url.length) : undefined;
    }

    expect(bodies).toEqual(Array.from({ length: 45 }, (_, i) => `comment ${i + 1}`));
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/issues/{issue_number}/comments")).toHaveLength(5);
  });

  it("caps per_page at 100 and sends no Link header when everything fits one page", async () => {
    const fake = await fakeWithPullRequest();
    for (let i = 1; i <= 75; i++) fake.state.addComment({ user: "carol", body: `comment ${i}` });

    const answer = await call(fake, "GET", `${REPO}/issues/7/comments?per_page=500`);

    expect((answer.json as unknown[]).length).toBe(75);
    expect(answer.headers.get("link")).toBeNull();
  });

  it("reports the full total_count of check runs while paging check_runs", async () => {
    const fake = await fakeWithPullRequest();
    for (let i = 1; i <= 5; i++) fake.state.addCheckRun({ head_sha: HEAD_SHA, name: `job-${i}` });

    const answer = await call(fake, "GET", `${REPO}/commits/${HEAD_SHA}/check-runs?per_page=2&page=3`);

    expect(answer.json).toMatchObject({ total_count: 5, check_runs: [{ name: "job-1" }] });
    expect(answer.headers.get("link")).toContain('rel="prev"');
  });
});

describe("fake GitHub: tokens, permissions and rate limits", () => {
  it("gives a read-only token (a fork's) 403 on writes, exactly as GitHub answers, and lets it read", async () => {
    const fake = await fakeWithPullRequest({ tokens: { ghs_fork: { readOnly: true } } });
    const write = await call(fake, "POST", `${REPO}/issues/7/comments`, {
      token: "ghs_fork",
      body: { body: "hi" },
    });
    const checkRun = await call(fake, "POST", `${REPO}/check-runs`, {
      token: "ghs_fork",
      body: validCheckRun,
    });
    const read = await call(fake, "GET", `${REPO}/pulls/7`, { token: "ghs_fork" });

    expect(write.status).toBe(403);
    expect(write.json).toEqual({
      message: "Resource not accessible by integration",
      documentation_url: "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
      status: "403",
    });
    expect(checkRun.status).toBe(403);
    expect(checkRun.headers.get("x-accepted-github-permissions")).toBe("checks=write");
    expect(read.status).toBe(200);
    expect(fake.state.comments).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it("can withhold one permission only, e.g. checks: read with pull-requests: write", async () => {
    const fake = await fakeWithPullRequest({ tokens: { ghs_partial: { permissions: { checks: "read" } } } });
    const comment = await call(fake, "POST", `${REPO}/issues/7/comments`, {
      token: "ghs_partial",
      body: { body: "hi" },
    });
    const checkRun = await call(fake, "POST", `${REPO}/check-runs`, {
      token: "ghs_partial",
      body: validCheckRun,
    });

    expect(comment.status).toBe(201);
    expect(checkRun.status).toBe(403);
  });

  it("answers 401 Bad credentials to an invalid or unknown token", async () => {
    const fake = await fakeWithPullRequest({ tokens: { ghs_revoked: { invalid: true } } });
    const revoked = await call(fake, "GET", `${REPO}/pulls/7`, { token: "ghs_revoked" });
    const unknown = await call(fake, "GET", `${REPO}/pulls/7`, { token: "ghp_never_issued" });

    expect(revoked.status).toBe(401);
    expect(revoked.json).toMatchObject({ message: "Bad credentials" });
    expect(unknown.status).toBe(401);
  });

  it("hides team membership from a workflow token (404) and shows it to a token with members: read", async () => {
    const fake = await fakeWithPullRequest({
      tokens: {
        [DEFAULT_TOKEN]: {},
        ghs_app: { login: "shipgate-app[bot]", permissions: { members: "read" } },
      },
      teams: { "acme/compliance": ["carol", "dave"] },
    });
    const workflowToken = await call(fake, "GET", "/orgs/acme/teams/compliance/members");
    const appToken = await call(fake, "GET", "/orgs/acme/teams/compliance/members", { token: "ghs_app" });
    const unknownTeam = await call(fake, "GET", "/orgs/acme/teams/nobody/members", { token: "ghs_app" });

    expect(workflowToken.status).toBe(404);
    expect(workflowToken.json).toMatchObject({
      documentation_url: "https://docs.github.com/rest/teams/members#list-team-members",
    });
    expect((appToken.json as Array<{ login: string }>).map((m) => m.login)).toEqual(["carol", "dave"]);
    expect(unknownTeam.status).toBe(404);
  });

  it("sends GitHub's rate-limit, request-id and content-type headers, counting down per token", async () => {
    const fake = await fakeWithPullRequest();
    const first = await call(fake, "GET", `${REPO}/pulls/7`);
    const second = await call(fake, "GET", `${REPO}/pulls/7`);

    expect(first.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("999");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("998");
    expect(second.headers.get("x-ratelimit-used")).toBe("2");
    expect(second.headers.get("x-ratelimit-resource")).toBe("core");
    expect(Number(second.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    expect(second.headers.get("x-github-request-id")).toMatch(/^[0-9A-F]{4}:/);
    expect(second.headers.get("x-github-request-id")).not.toBe(first.headers.get("x-github-request-id"));
    expect(second.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("answers 403 with x-ratelimit-remaining: 0 once a token has spent its requests", async () => {
    const fake = await fakeWithPullRequest({ rateLimit: 2 });
    await call(fake, "GET", `${REPO}/pulls/7`);
    await call(fake, "GET", `${REPO}/pulls/7`);
    const third = await call(fake, "GET", `${REPO}/pulls/7`);

    expect(third.status).toBe(403);
    expect(third.headers.get("x-ratelimit-remaining")).toBe("0");
    expect((third.json as { message: string }).message).toMatch(/^API rate limit exceeded/);
  });

  it("answers 401 Requires authentication to an unauthenticated write", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "POST", `${REPO}/issues/7/comments`, {
      token: null,
      body: { body: "hi" },
    });

    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ message: "Requires authentication" });
  });

  it("answers 404 for another repository, as GitHub does for one the token cannot see", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "GET", "/repos/someone-else/claims-triage/pulls/7");

    expect(answer.status).toBe(404);
    expect(fake.violations).toEqual([]);
  });
});

describe("fake GitHub: comments", () => {
  it("gives a new comment an id, the token's bot user, timestamps and an html_url", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "POST", `${REPO}/issues/7/comments`, {
      body: { body: "<!-- shipgate -->\nGo" },
    });
    const comment = answer.json as Record<string, unknown>;

    expect(answer.status).toBe(201);
    expect(comment).toMatchObject({
      body: "<!-- shipgate -->\nGo",
      user: { login: "github-actions[bot]", id: 41898282, type: "Bot" },
      html_url: `https://github.com/acme/claims-triage/pull/7#issuecomment-${String(comment.id)}`,
    });
    expect(typeof comment.id).toBe("number");
    expect(comment.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(comment.updated_at).toBe(comment.created_at);
  });

  it("updates and deletes the token's own comment", async () => {
    const fake = await fakeWithPullRequest();
    const own = fake.state.addComment({ user: "github-actions[bot]", body: "<!-- shipgate -->\nNo-go" });
    const patched = await call(fake, "PATCH", `${REPO}/issues/comments/${own.id}`, {
      body: { body: "<!-- shipgate -->\nGo" },
    });

    expect(patched.status).toBe(200);
    expect(fake.state.comments[0]?.body).toBe("<!-- shipgate -->\nGo");
    const deleted = await call(fake, "DELETE", `${REPO}/issues/comments/${own.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect(fake.state.comments).toEqual([]);
  });

  it("refuses to patch or delete another user's comment, even one carrying the marker, and records it", async () => {
    const fake = await fakeWithPullRequest();
    const theirs = fake.state.addComment({ user: "mallory", body: "<!-- shipgate -->\nfake verdict" });
    const patched = await call(fake, "PATCH", `${REPO}/issues/comments/${theirs.id}`, {
      body: { body: "mine now" },
    });
    const deleted = await call(fake, "DELETE", `${REPO}/issues/comments/${theirs.id}`);

    expect(patched.status).toBe(403);
    expect(deleted.status).toBe(403);
    expect(fake.state.comments[0]?.body).toBe("<!-- shipgate -->\nfake verdict");
    expect(fake.violations.map((v) => v.message)).toEqual([
      "github-actions[bot] tried to edit a comment by mallory",
      "github-actions[bot] tried to delete a comment by mallory",
    ]);
  });

  it("answers 404 for comments on an issue that does not exist", async () => {
    const fake = await fakeWithPullRequest();

    expect((await call(fake, "GET", `${REPO}/issues/8/comments`)).status).toBe(404);
    expect((await call(fake, "PATCH", `${REPO}/issues/comments/42`, { body: { body: "x" } })).status).toBe(
      404,
    );
  });
});

describe("fake GitHub: contents and trees", () => {
  it("serves a file at a ref as base64 in 60-character lines, with its git blob SHA", async () => {
    const fake = await fakeWithPullRequest();
    const text = "version: 1\nsystem: claims-triage\n" + "# padding\n".repeat(10);
    fake.state.setContents(BASE_SHA, "readiness.yml", text);
    const answer = await call(fake, "GET", `${REPO}/contents/readiness.yml?ref=${BASE_SHA}`);
    const file = answer.json as { content: string; encoding: string; sha: string; size: number };

    expect(file.encoding).toBe("base64");
    expect(file.content.split("\n").every((line) => line.length <= 60)).toBe(true);
    expect(Buffer.from(file.content, "base64").toString("utf8")).toBe(text);
    expect(file.sha).toBe(blobSha(text));
    expect(file.size).toBe(Buffer.byteLength(text));
  });

  it("resolves branch names and the default branch, and reads nested paths encoded or not", async () => {
    const fake = await fakeWithPullRequest();
    const byBranch = await call(fake, "GET", `${REPO}/contents/docs%2Frollback.md?ref=main`);
    const byDefault = await call(fake, "GET", `${REPO}/contents/docs/rollback.md`);
    const byHeadBranch = await call(fake, "GET", `${REPO}/contents/reports/eval.json?ref=refs/heads/feature`);

    expect(byBranch.status).toBe(200);
    expect(byDefault.json).toEqual(byBranch.json);
    expect(byHeadBranch.status).toBe(200);
  });

  it("answers 404 for a missing file and names the ref when the ref is unknown", async () => {
    const fake = await fakeWithPullRequest();
    const missing = await call(fake, "GET", `${REPO}/contents/reports/eval.json?ref=${BASE_SHA}`);
    const unknownRef = await call(fake, "GET", `${REPO}/contents/readiness.yml?ref=nope`);

    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ message: "Not Found" });
    expect(unknownRef.status).toBe(404);
    expect(unknownRef.json).toMatchObject({ message: "No commit found for the ref nope" });
  });

  it("serves raw content when asked for the raw media type", async () => {
    const fake = await fakeWithPullRequest();
    const answer = await call(fake, "GET", `${REPO}/contents/readiness.yml?ref=${BASE_SHA}`, {
      headers: { accept: "application/vnd.github.raw" },
    });

    expect(answer.text).toBe("version: 1\nsystem: claims-triage\n");
    expect(answer.headers.get("content-type")).toContain("application/vnd.github.raw");
  });

  it("lists a tree recursively with blobs and subtrees, and only the top level otherwise", async () => {
    const fake = await fakeWithPullRequest();
    const recursive = await call(fake, "GET", `${REPO}/git/trees/${HEAD_SHA}?recursive=1`);
    const topLevel = await call(fake, "GET", `${REPO}/git/trees/${HEAD_SHA}`);
    const paths = (answer: typeof recursive) =>
      (answer.json as { tree: Array<{ path: string; type: string }> }).tree.map((e) => `${e.type} ${e.path}`);

    expect(paths(recursive)).toEqual([
      "tree docs",
      "blob docs/rollback.md",
      "blob readiness.yml",
      "tree reports",
      "blob reports/eval.json",
    ]);
    expect(paths(topLevel)).toEqual(["tree docs", "blob readiness.yml", "tree reports"]);
    expect(recursive.json).toMatchObject({ truncated: false });
  });
});

describe("fake GitHub: check runs, statuses and pull requests", () => {
  it("lists only the latest check run of each name unless filter=all", async () => {
    const fake = await fakeWithPullRequest();
    fake.state.addCheckRun({ head_sha: HEAD_SHA, name: "unit-tests", conclusion: "failure" });
    fake.state.addCheckRun({ head_sha: HEAD_SHA, name: "unit-tests", conclusion: "success" });
    fake.state.addCheckRun({ head_sha: BASE_SHA, name: "unit-tests", conclusion: "failure" });

    const latest = await call(fake, "GET", `${REPO}/commits/${HEAD_SHA}/check-runs`);
    const all = await call(fake, "GET", `${REPO}/commits/${HEAD_SHA}/check-runs?filter=all`);
    const byName = await call(fake, "GET", `${REPO}/commits/feature/check-runs?check_name=lint`);

    expect(latest.json).toMatchObject({
      total_count: 1,
      check_runs: [{ name: "unit-tests", conclusion: "success" }],
    });
    expect((all.json as { total_count: number }).total_count).toBe(2);
    expect(byName.json).toMatchObject({ total_count: 0, check_runs: [] });
  });

  it("appends annotations on update and completes the run", async () => {
    const fake = await fakeWithPullRequest();
    const created = await call(fake, "POST", `${REPO}/check-runs`, {
      body: {
        name: "Shipgate",
        head_sha: HEAD_SHA,
        status: "in_progress",
        output: { title: "Running", summary: "…", annotations: validCheckRun.output.annotations },
      },
    });
    const id = (created.json as { id: number }).id;
    const updated = await call(fake, "PATCH", `${REPO}/check-runs/${id}`, { body: validCheckRun });

    expect(updated.json).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { annotations_count: 2 },
    });
    expect(fake.state.checkRuns[0]).toMatchObject({ updates: 1, output: { title: "No-go" } });
  });

  it("refuses to update a check run made by another app, and records it", async () => {
    const fake = await fakeWithPullRequest();
    const theirs = fake.state.addCheckRun({ head_sha: HEAD_SHA, name: "unit-tests" });
    const answer = await call(fake, "PATCH", `${REPO}/check-runs/${theirs.id}`, {
      body: { conclusion: "success" },
    });

    expect(answer.status).toBe(403);
    expect(fake.violations).toEqual([expect.objectContaining({ kind: "semantic" })]);
  });

  it("combines the latest status of each context: a newer success replaces an older failure", async () => {
    const fake = await fakeWithPullRequest();
    fake.state.addStatus({ sha: HEAD_SHA, context: "ci/lint", state: "failure" });
    fake.state.addStatus({ sha: HEAD_SHA, context: "ci/lint", state: "success" });
    fake.state.addStatus({ sha: HEAD_SHA, context: "ci/eval", state: "pending" });

    const combined = await call(fake, "GET", `${REPO}/commits/${HEAD_SHA}/status`);
    const list = await call(fake, "GET", `${REPO}/commits/${HEAD_SHA}/statuses`);

    expect(combined.json).toMatchObject({ state: "pending", total_count: 2, sha: HEAD_SHA });
    expect((list.json as Array<{ state: string }>).map((s) => s.state)).toEqual([
      "pending",
      "success",
      "failure",
    ]);
  });

  it("derives a pull request's changed files from its base and head files", async () => {
    const fake = await fakeWithPullRequest();
    const files = await call(fake, "GET", `${REPO}/pulls/7/files`);
    const pull = await call(fake, "GET", `${REPO}/pulls/7`);

    expect(
      (files.json as Array<{ filename: string; status: string }>).map((f) => `${f.status} ${f.filename}`),
    ).toEqual(["modified readiness.yml", "added reports/eval.json"]);
    expect(pull.json).toMatchObject({
      number: 7,
      base: { ref: "main", sha: BASE_SHA, repo: { full_name: "acme/claims-triage", fork: false } },
      head: { ref: "feature", sha: HEAD_SHA, repo: { full_name: "acme/claims-triage", fork: false } },
      changed_files: 2,
    });
  });

  it("describes a pull request from a fork with the fork as head repository", async () => {
    const fake = await startFakeGitHub({
      pullRequests: [
        {
          number: 9,
          base: { ref: "main", sha: BASE_SHA },
          head: { ref: "patch-1", sha: HEAD_SHA },
          fork: "outsider",
        },
      ],
    });
    openFakes.push(fake);
    const pull = await call(fake, "GET", `${REPO}/pulls/9`);

    expect(pull.json).toMatchObject({
      user: { login: "outsider" },
      head: {
        label: "outsider:patch-1",
        repo: { full_name: "outsider/claims-triage", fork: true, owner: { login: "outsider" } },
      },
      base: { repo: { full_name: "acme/claims-triage", fork: false } },
    });
  });
});
