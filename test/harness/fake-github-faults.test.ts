import { afterEach, describe, expect, it } from "vitest";
import { getOctokit } from "@actions/github";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { DEFAULT_TOKEN, faults, startFakeGitHub } from "../support/fake-github/index.js";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { BASE_SHA, HEAD_SHA, REPO, call } from "./github-client.js";

const GET_PULL = "GET /repos/{owner}/{repo}/pulls/{pull_number}";
const openFakes: FakeGitHub[] = [];

async function fakeWithPullRequest(): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({
    pullRequests: [
      { number: 7, base: { ref: "main", sha: BASE_SHA }, head: { ref: "feature", sha: HEAD_SHA } },
    ],
  });
  openFakes.push(fake);
  return fake;
}

afterEach(async () => {
  await Promise.all(openFakes.splice(0).map((fake) => fake.close()));
});

/** Octokit as an action builds it: @actions/github plus the retry and throttling plugins. */
function octokitFor(
  fake: FakeGitHub,
  throttle: {
    onRateLimit?: (retryAfter: number) => boolean;
    onSecondaryRateLimit?: (retryAfter: number) => boolean;
    retry?: boolean;
    /** The throttling plugin spaces writes 1 s apart; tests of plain answers switch it off. */
    throttled?: boolean;
  } = {},
) {
  return getOctokit(
    DEFAULT_TOKEN,
    {
      baseUrl: fake.url,
      retry: { enabled: throttle.retry ?? true, retryAfterBaseValue: 1 },
      throttle: {
        enabled: throttle.throttled ?? true,
        onRateLimit: throttle.onRateLimit ?? (() => false),
        onSecondaryRateLimit: throttle.onSecondaryRateLimit ?? (() => false),
      },
    },
    retry,
    throttling,
  );
}

describe("fake GitHub: fault injection", () => {
  it.each([500, 502, 503] as const)(
    "answers %i for the given number of matching requests, then recovers",
    async (status) => {
      const fake = await fakeWithPullRequest();
      const fault = fake.fail({ route: GET_PULL, times: 2, with: faults.serverError(status) });

      const answers = [
        await call(fake, "GET", `${REPO}/pulls/7`),
        await call(fake, "GET", `${REPO}/pulls/7`),
        await call(fake, "GET", `${REPO}/pulls/7`),
      ];

      expect(answers.map((a) => a.status)).toEqual([status, status, 200]);
      expect(answers[0]?.headers.get("x-github-request-id")).toBeTruthy();
      expect(fault.hits).toBe(2);
      expect(fake.requestsTo(GET_PULL).map((r) => r.status)).toEqual([status, status, 200]);
    },
  );

  it("only fails the route and method it names", async () => {
    const fake = await fakeWithPullRequest();
    fake.fail({
      route: "POST /repos/{owner}/{repo}/check-runs",
      times: Infinity,
      with: faults.serverError(502),
    });

    const read = await call(fake, "GET", `${REPO}/pulls/7`);
    const write = await call(fake, "POST", `${REPO}/check-runs`, {
      body: { name: "Shipgate", head_sha: HEAD_SHA },
    });

    expect(read.status).toBe(200);
    expect(write.status).toBe(502);
  });

  it("matches a method alone, and stops when cancelled", async () => {
    const fake = await fakeWithPullRequest();
    const fault = fake.fail({ method: "GET", times: Infinity, with: faults.serverError(503) });

    expect((await call(fake, "GET", `${REPO}/issues/7/comments`)).status).toBe(503);
    fault.cancel();
    expect((await call(fake, "GET", `${REPO}/issues/7/comments`)).status).toBe(200);
  });

  it("refuses a fault for a route GitHub does not document, so a typo cannot silently never match", async () => {
    const fake = await fakeWithPullRequest();

    expect(() => fake.fail({ route: "POST /repos/{owner}/{repo}/check-run", with: "reset" })).toThrow(
      /not a documented GitHub route/,
    );
  });

  it("still records a violation when the invalid request is answered by a fault", async () => {
    const fake = await fakeWithPullRequest();
    fake.fail({ route: "POST /repos/{owner}/{repo}/check-runs", with: faults.serverError(500) });

    const answer = await call(fake, "POST", `${REPO}/check-runs`, { body: { name: "Shipgate" } });

    expect(answer.status).toBe(500);
    expect(fake.violations.map((v) => v.message)).toEqual([`"head_sha" wasn't supplied (at body).`]);
  });

  it.each([403, 429] as const)(
    "answers a secondary rate limit as %i with retry-after and GitHub's message",
    async (status) => {
      const fake = await fakeWithPullRequest();
      const fault = fake.fail({ route: GET_PULL, times: 2, with: faults.secondaryRateLimit(status, 1) });
      const seen: number[] = [];
      // Retries off: the point is that the throttling plugin recognises the answer as a secondary limit.
      const octokit = octokitFor(fake, {
        retry: false,
        onSecondaryRateLimit: (retryAfter) => (seen.push(retryAfter), false),
      });

      const answer = await call(fake, "GET", `${REPO}/pulls/7`);
      expect(answer.status).toBe(status);
      expect(answer.headers.get("retry-after")).toBe("1");
      expect((answer.json as { message: string }).message).toMatch(/secondary rate limit/);

      await expect(
        octokit.rest.pulls.get({ owner: "acme", repo: "claims-triage", pull_number: 7 }),
      ).rejects.toMatchObject({ status });
      expect(seen).toEqual([1]);
      expect(fault.hits).toBe(2);
    },
  );

  it("answers an exhausted primary rate limit with remaining 0 and the reset time, which Octokit recognises", async () => {
    const fake = await fakeWithPullRequest();
    fake.fail({ route: GET_PULL, times: 2, with: faults.primaryRateLimit(120) });
    const seen: number[] = [];
    const octokit = octokitFor(fake, { onRateLimit: (retryAfter) => (seen.push(retryAfter), false) });

    const answer = await call(fake, "GET", `${REPO}/pulls/7`);
    expect(answer.status).toBe(403);
    expect(answer.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(answer.headers.get("x-ratelimit-reset"));
    expect(reset - Date.now() / 1000).toBeGreaterThan(100);

    await expect(
      octokit.rest.pulls.get({ owner: "acme", repo: "claims-triage", pull_number: 7 }),
    ).rejects.toMatchObject({ status: 403 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThan(100);
  });

  it("resets the connection, and Octokit's retry gets the answer on the next attempt", async () => {
    const fake = await fakeWithPullRequest();
    fake.fail({ route: GET_PULL, with: "reset" });

    await expect(call(fake, "GET", `${REPO}/pulls/7`)).rejects.toThrow(/fetch failed/);
    fake.fail({ route: GET_PULL, with: "reset" });
    const { data } = await octokitFor(fake).rest.pulls.get({
      owner: "acme",
      repo: "claims-triage",
      pull_number: 7,
    });

    expect(data.number).toBe(7);
    expect(fake.requestsTo(GET_PULL).map((r) => r.status)).toEqual(["reset", "reset", 200]);
  });

  it("retries a 502 transparently through Octokit's retry plugin", async () => {
    const fake = await fakeWithPullRequest();
    fake.fail({ route: GET_PULL, with: faults.serverError(502) });

    const { data } = await octokitFor(fake).rest.pulls.get({
      owner: "acme",
      repo: "claims-triage",
      pull_number: 7,
    });

    expect(data.head.sha).toBe(HEAD_SHA);
    expect(fake.requestsTo(GET_PULL).map((r) => r.status)).toEqual([502, 200]);
  });

  it("never answers a hung request, and close() still resolves promptly and cuts it", async () => {
    const fake = await startFakeGitHub({
      pullRequests: [
        { number: 7, base: { ref: "main", sha: BASE_SHA }, head: { ref: "feature", sha: HEAD_SHA } },
      ],
    });
    fake.fail({ route: GET_PULL, times: Infinity, with: "hang" });

    const timedOut = fetch(`${fake.url}${REPO}/pulls/7`, { signal: AbortSignal.timeout(150) });
    await expect(timedOut).rejects.toThrow(/aborted|timeout/i);
    const pending = fetch(`${fake.url}${REPO}/pulls/7`).then(
      () => "answered",
      () => "cut",
    );
    while (fake.requests.length < 2) await new Promise((r) => setTimeout(r, 5));

    await fake.close();

    expect(await pending).toBe("cut");
    expect(fake.requests.map((r) => r.status)).toEqual(["hang", "hang"]);
  });
});

describe("fake GitHub: Octokit against the fake", () => {
  it("paginates with Octokit's paginate through the fake's Link headers", async () => {
    const fake = await fakeWithPullRequest();
    for (let i = 1; i <= 45; i++) fake.state.addComment({ user: "carol", body: `comment ${i}` });

    const comments = await octokitFor(fake).paginate(octokitFor(fake).rest.issues.listComments, {
      owner: "acme",
      repo: "claims-triage",
      issue_number: 7,
      per_page: 20,
    });

    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 45 }, (_, i) => `comment ${i + 1}`));
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/issues/{issue_number}/comments")).toHaveLength(3);
    expect(fake.violations).toEqual([]);
  });

  it("accepts Octokit's own requests for every operation Shipgate uses without a violation", async () => {
    const fake = await fakeWithPullRequest();
    const octokit = octokitFor(fake, { throttled: false });
    const repo = { owner: "acme", repo: "claims-triage" };
    fake.state.setFiles(BASE_SHA, { "readiness.yml": "version: 1\n" });

    await octokit.rest.pulls.get({ ...repo, pull_number: 7 });
    await octokit.rest.pulls.listFiles({ ...repo, pull_number: 7, per_page: 100 });
    await octokit.rest.pulls.listReviews({ ...repo, pull_number: 7, per_page: 100 });
    const { data: comment } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: 7,
      body: "hi",
    });
    await octokit.rest.issues.updateComment({ ...repo, comment_id: comment.id, body: "hello" });
    await octokit.rest.issues.listComments({ ...repo, issue_number: 7 });
    await octokit.rest.issues.deleteComment({ ...repo, comment_id: comment.id });
    const { data: run } = await octokit.rest.checks.create({
      ...repo,
      name: "Shipgate",
      head_sha: HEAD_SHA,
      status: "in_progress",
    });
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: run.id,
      conclusion: "success",
      output: { title: "Go", summary: "ok" },
    });
    await octokit.rest.checks.listForRef({ ...repo, ref: HEAD_SHA, filter: "latest" });
    await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: HEAD_SHA });
    await octokit.rest.repos.listCommitStatusesForRef({ ...repo, ref: HEAD_SHA });
    const { data: content } = await octokit.rest.repos.getContent({
      ...repo,
      path: "readiness.yml",
      ref: BASE_SHA,
    });
    await octokit.rest.git.getTree({ ...repo, tree_sha: BASE_SHA, recursive: "1" });

    expect(Buffer.from((content as { content: string }).content, "base64").toString()).toBe("version: 1\n");
    expect(fake.requests.every((r) => typeof r.status === "number" && r.status < 300)).toBe(true);
    expect(fake.violations).toEqual([]);
  });
});
