// The Octokit factory against a loopback server that answers each request from a script.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createGitHubClient, type Logger } from "../../src/github/client.js";
import { describeGitHubError, isPermissionDenied, isRateLimited } from "../../src/github/errors.js";

const TOKEN = "ghs_clientTestToken1234567890";

type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | "hang";

interface Script {
  baseUrl: string;
  requests: Array<{ method: string; url: string; authorization: string | undefined }>;
  close(): Promise<void>;
}

const open: Script[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** Answers the nth request with replies[n] (the last one repeats). */
async function scripted(replies: Reply[]): Promise<Script> {
  const requests: Script["requests"] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
    if (reply === "hang") {
      hanging.push(res);
      return;
    }
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const script: Script = {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((done) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  open.push(script);
  return script;
}

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: () => {},
    info: (m) => lines.push(`info: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
  };
}

const repoBody = { id: 1, name: "claims-triage", full_name: "acme/claims-triage" };
const secondary = {
  status: 403,
  headers: { "retry-after": "1" },
  body: {
    message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
  },
};

describe("createGitHubClient", () => {
  it("sends the token and recovers from a 502 by retrying", async () => {
    const server = await scripted([
      { status: 502, body: { message: "Bad Gateway" } },
      { status: 200, body: repoBody },
    ]);
    const client = createGitHubClient(TOKEN, { baseUrl: server.baseUrl, retryBaseMs: 10 });
    const { data } = await client.rest.repos.get({ owner: "acme", repo: "claims-triage" });
    expect(data.full_name).toBe("acme/claims-triage");
    expect(server.requests.map((r) => r.url)).toEqual([
      "/repos/acme/claims-triage",
      "/repos/acme/claims-triage",
    ]);
    expect(server.requests[0]?.authorization).toBe(`token ${TOKEN}`);
  });

  it("gives up on a lasting 5xx after a bounded number of retries", async () => {
    const server = await scripted([{ status: 503, body: { message: "Service Unavailable" } }]);
    const client = createGitHubClient(TOKEN, { baseUrl: server.baseUrl, retries: 2, retryBaseMs: 5 });
    const err = await client.rest.repos
      .get({ owner: "acme", repo: "claims-triage" })
      .catch((e: unknown) => e);
    expect(server.requests).toHaveLength(3);
    expect(describeGitHubError(err)).toBe(
      "GET /repos/acme/claims-triage failed with 503: Service Unavailable",
    );
  });

  it("never retries a 404 or a plain 403", async () => {
    const notFound = await scripted([{ status: 404, body: { message: "Not Found" } }]);
    const client = createGitHubClient(TOKEN, { baseUrl: notFound.baseUrl, retryBaseMs: 5 });
    await expect(client.rest.repos.get({ owner: "acme", repo: "claims-triage" })).rejects.toMatchObject({
      status: 404,
    });
    expect(notFound.requests).toHaveLength(1);

    const denied = await scripted([
      { status: 403, body: { message: "Resource not accessible by integration" } },
    ]);
    const client2 = createGitHubClient(TOKEN, { baseUrl: denied.baseUrl, retryBaseMs: 5 });
    const err = await client2.rest.checks
      .create({ owner: "acme", repo: "claims-triage", name: "shipgate", head_sha: "a".repeat(40) })
      .catch((e: unknown) => e);
    expect(denied.requests).toHaveLength(1);
    expect(isPermissionDenied(err)).toBe(true);
    expect(isRateLimited(err)).toBe(false);
  });

  it("waits out a secondary rate limit as retry-after says, then succeeds", async () => {
    const server = await scripted([secondary, { status: 200, body: repoBody }]);
    const log = recorder();
    const client = createGitHubClient(TOKEN, { baseUrl: server.baseUrl, log });
    const started = Date.now();
    await client.rest.repos.get({ owner: "acme", repo: "claims-triage" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.requests).toHaveLength(2);
    expect(log.lines).toEqual([
      "info: GitHub secondary rate limit on GET /repos/{owner}/{repo}: retrying in 1 s",
    ]);
  });

  it("stops waiting once the run's rate-limit budget would be exceeded", async () => {
    const server = await scripted([secondary]);
    const log = recorder();
    const client = createGitHubClient(TOKEN, { baseUrl: server.baseUrl, log, maxRateLimitWaitMs: 500 });
    const err = await client.rest.repos
      .get({ owner: "acme", repo: "claims-triage" })
      .catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(isRateLimited(err)).toBe(true);
    expect(log.lines[0]).toMatch(
      /^warning: GitHub secondary rate limit on GET .*: giving up after 0 retries$/,
    );
  });

  it("fails fast on an exhausted primary rate limit and says when it resets", async () => {
    const reset = Math.floor(Date.parse("2030-01-01T10:00:00Z") / 1000);
    const server = await scripted([
      {
        status: 403,
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
        body: { message: "API rate limit exceeded for installation ID 1." },
      },
    ]);
    const client = createGitHubClient(TOKEN, { baseUrl: server.baseUrl, log: recorder() });
    const err = await client.rest.repos
      .get({ owner: "acme", repo: "claims-triage" })
      .catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(describeGitHubError(err)).toBe(
      "GET /repos/acme/claims-triage: GitHub API rate limit exceeded; it resets at 2030-01-01T10:00:00.000Z",
    );
  });

  it("times out a hung request instead of hanging the run", async () => {
    const server = await scripted(["hang"]);
    const client = createGitHubClient(TOKEN, {
      baseUrl: server.baseUrl,
      timeoutMs: 150,
      retries: 1,
      retryBaseMs: 5,
    });
    const err = await client.rest.repos
      .get({ owner: "acme", repo: "claims-triage" })
      .catch((e: unknown) => e);
    expect(server.requests).toHaveLength(2);
    expect(describeGitHubError(err)).toBe("GET /repos/acme/claims-triage: GitHub did not answer in time");
  });

  it("never puts the token in an error message, even when the server echoes it", async () => {
    const server = await scripted([{ status: 401, body: { message: `Bad credentials: token ${TOKEN}` } }]);
    const client = createGitHubClient(TOKEN, { baseUrl: server.baseUrl });
    const err = await client.rest.repos
      .get({ owner: "acme", repo: "claims-triage" })
      .catch((e: unknown) => e);
    const message = describeGitHubError(err);
    expect(message).not.toContain(TOKEN);
    expect(message).toBe("GET /repos/acme/claims-triage failed with 401: Bad credentials: token ***");
  });
});
