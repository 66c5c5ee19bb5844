// A loopback HTTP server that answers like GitHub's REST API for the routes Shipgate uses. Every request is
// checked against GitHub's published OpenAPI description; what GitHub would reject is answered as GitHub
// answers it AND recorded in `violations`, which end-to-end tests assert to be empty.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { gitHubRestDescription } from "./openapi.js";
import type { GitHubRestDescription, Operation } from "./openapi.js";
import { ResourceRenderer } from "./resources.js";
import { FakeGitHubState } from "./state.js";
import type { Access, Actor, FakeGitHubSeed, Permission, ResolvedGrant } from "./state.js";
import { handlers, type RouteAnswer, type RouteContext } from "./routes.js";

export interface FakeGitHubInit extends FakeGitHubSeed {
  /** Check each 2xx JSON answer against the documented response schema; mismatches become violations. */
  validateResponses?: boolean;
  /** Requests per hour of each token (GITHUB_TOKEN: 1,000). */
  rateLimit?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path as sent, still percent-encoded, without the query. */
  path: string;
  /** The documented route it matched, e.g. `POST /repos/{owner}/{repo}/check-runs`. */
  route: string | undefined;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text if it was not JSON, or undefined. */
  body: unknown;
  /** HTTP status answered, or how the exchange ended without one. */
  status: number | "reset" | "hang";
  /** Epoch milliseconds when the request arrived. */
  at: number;
  /** Login of the token's identity, if the token was valid. */
  actor: string | undefined;
  /** The token sent (`Authorization: token …` or `Bearer …`), if any. */
  token: string | undefined;
}

export type ViolationKind =
  | "unknown-route"
  | "wrong-method"
  | "not-implemented"
  | "parameter"
  | "body"
  | "header"
  | "semantic"
  | "response";

/** A request GitHub would have rejected, or (kind `response`) an answer of the fake GitHub would not give. */
export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  route: string | undefined;
  message: string;
}

export interface FaultResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FaultSpec {
  /** Only requests with this method. */
  method?: string;
  /** A documented route, `POST /repos/{owner}/{repo}/check-runs` or just its path template. */
  route?: string;
  /** How many matching requests fail; default 1. `Infinity` for all. */
  times?: number;
  /** The answer instead of the real one; "reset" destroys the socket, "hang" never answers. */
  with: FaultResponse | "reset" | "hang";
}

export interface FaultHandle {
  /** Requests this fault has answered so far. */
  readonly hits: number;
  /** Stops it from matching further requests. */
  cancel(): void;
}

export interface FakeGitHub {
  /** Base URL, as GITHUB_API_URL would be. */
  readonly url: string;
  readonly state: FakeGitHubState;
  readonly requests: RecordedRequest[];
  readonly violations: Violation[];
  fail(spec: FaultSpec): FaultHandle;
  /** Requests that matched a documented route (`GET /repos/{owner}/{repo}/pulls/{pull_number}`). */
  requestsTo(route: string): RecordedRequest[];
  /** Stops the server; hung requests are cut. */
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 25 * 1024 * 1024;
const SUPPORTED_API_VERSIONS = new Set(["2022-11-28", "2026-03-10"]);
const DOCS = "https://docs.github.com/rest";

/** Canned faults shaped like GitHub's real ones. */
export const faults = {
  serverError(status: 500 | 502 | 503 | 504 = 500): FaultResponse {
    const message =
      status === 502
        ? "Server Error"
        : status === 503
          ? "Service Unavailable"
          : status === 504
            ? "Gateway Timeout"
            : "Internal Server Error";
    return { status, body: { message, documentation_url: DOCS, status: String(status) } };
  },
  /** Secondary (abuse) rate limit: 403 or 429 with `retry-after`. */
  secondaryRateLimit(status: 403 | 429 = 403, retryAfterSeconds = 1): FaultResponse {
    return {
      status,
      headers: { "retry-after": String(retryAfterSeconds) },
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
        documentation_url:
          "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        status: String(status),
      },
    };
  },
  /** Primary rate limit exhausted: 403 with `x-ratelimit-remaining: 0` and the reset time. */
  primaryRateLimit(resetInSeconds = 60, limit = 1000): FaultResponse {
    return {
      status: 403,
      headers: {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-used": String(limit),
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
      },
      body: {
        message: "API rate limit exceeded for installation ID 12345678.",
        documentation_url:
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
        status: "403",
      },
    };
  },
} as const;

interface ActiveFault {
  spec: FaultSpec;
  method: string | undefined;
  template: string | undefined;
  left: number;
  hits: number;
}

interface RateBucket {
  limit: number;
  used: number;
  reset: number;
}

/** Which permission an operation needs, from its documented category. */
function permissionOf(operation: Operation): Permission[] {
  const id = operation.operationId;
  if (id.startsWith("pulls/")) return ["pull_requests"];
  // Comments on pull requests are issue comments; GitHub accepts either permission for them.
  if (id.startsWith("issues/")) return ["issues", "pull_requests"];
  if (id.startsWith("teams/")) return ["members"];
  if (id.startsWith("checks/")) return ["checks"];
  if (id.includes("status-check")) return ["administration"];
  if (id.includes("status")) return ["statuses"];
  // Writing rulesets takes admin; reading them and a branch's rules takes only read access.
  if (/^repos\/(create|update|delete)-repo-ruleset$/.test(id)) return ["administration"];
  return ["contents"];
}

const PERMISSION_HEADER_NAMES: Record<Permission, string> = {
  contents: "contents",
  pull_requests: "pull_requests",
  issues: "issues",
  checks: "checks",
  statuses: "statuses",
  members: "members",
  administration: "administration",
};

export async function startFakeGitHub(init: FakeGitHubInit = {}): Promise<FakeGitHub> {
  const api = gitHubRestDescription();
  const state = new FakeGitHubState(init);
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const activeFaults: ActiveFault[] = [];
  const buckets = new Map<string, RateBucket>();
  const sockets = new Set<Socket>();
  let requestCounter = 0;
  let baseUrl = "";

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A bug in the fake itself: answer 500 and make the test see it.
      violations.push({
        kind: "semantic",
        method: req.method ?? "",
        path: req.url ?? "",
        route: undefined,
        message: `fake GitHub crashed: ${error instanceof Error ? error.stack : String(error)}`,
      });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ message: "fake GitHub crashed" }));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", baseUrl);
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    const rawBody = await readBody(req);
    const hasBody = rawBody.length > 0;
    let body: unknown;
    let bodyIsJson = true;
    if (hasBody) {
      try {
        body = JSON.parse(rawBody.toString("utf8"));
      } catch {
        body = rawBody.toString("utf8");
        bodyIsJson = false;
      }
    }

    const match = api.match(method, url.pathname);
    const operation = match.kind === "operation" ? match.operation : undefined;
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      route: operation?.route,
      query,
      body,
      status: "hang",
      at,
      actor: undefined,
      token: tokenOf(req.headers.authorization),
    };
    requests.push(record);
    const violate = (kind: ViolationKind, message: string): void => {
      violations.push({ kind, method, path: url.pathname, route: operation?.route, message });
    };

    // Everything GitHub would refuse is recorded first, whatever the answer turns out to be.
    const problems: Array<{ status: number; message: string }> = [];
    if (match.kind === "no-route") {
      violate("unknown-route", `${method} ${url.pathname} is not a route of GitHub's REST API`);
    } else if (match.kind === "wrong-method") {
      violate("wrong-method", `${match.template} accepts ${match.allowed.join(", ")}, not ${method}`);
    } else {
      const apiVersion = req.headers["x-github-api-version"];
      if (typeof apiVersion === "string" && !SUPPORTED_API_VERSIONS.has(apiVersion)) {
        violate("header", `X-GitHub-Api-Version ${apiVersion} is not supported`);
        problems.push({ status: 400, message: `API version ${apiVersion} is not supported.` });
      }
      for (const problem of api.checkParameters(match.operation, match.params, query)) {
        violate("parameter", problem.message);
        // GitHub ignores unknown query parameters but a client sending one has a bug; it is still recorded.
        if (problem.message.startsWith("unknown query")) continue;
        problems.push({ status: problem.where === "path" ? 404 : 422, message: problem.message });
      }
      if (hasBody && !bodyIsJson) {
        violate("body", "request body is not JSON");
        problems.push({ status: 400, message: "Problems parsing JSON" });
      } else {
        for (const problem of api.checkBody(match.operation, body, hasBody)) {
          violate("body", problem.message);
          problems.push({ status: 422, message: problem.message });
        }
      }
      if (!handlers.has(match.operation.operationId)) {
        violate(
          "not-implemented",
          `${match.operation.route} (${match.operation.operationId}) is not served by the fake`,
        );
      }
    }

    const send = (answer: RouteAnswer, bucket?: RateBucket): void => {
      record.status = answer.status;
      const headers: Record<string, string> = {
        "x-github-request-id": requestId(++requestCounter),
        "x-github-api-version-selected": "2022-11-28",
        "x-github-media-type": "github.v3; format=json",
        ...(bucket ? rateHeaders(bucket) : {}),
        ...(answer.raw === undefined ? { "content-type": "application/json; charset=utf-8" } : {}),
        ...answer.headers,
      };
      if (
        init.validateResponses &&
        operation &&
        answer.status >= 200 &&
        answer.status < 300 &&
        answer.raw === undefined
      ) {
        for (const problem of api.checkResponse(operation, answer.status, answer.body ?? null)) {
          violate("response", problem.message);
        }
      }
      res.writeHead(answer.status, headers);
      if (answer.status === 204 || answer.status === 304) res.end();
      else if (answer.raw !== undefined) res.end(answer.raw);
      else res.end(JSON.stringify(answer.body ?? {}));
    };

    const token = record.token;
    const fault = takeFault(method, operation);
    if (fault) {
      if (fault === "reset") {
        record.status = "reset";
        req.socket.destroy();
        return;
      }
      if (fault === "hang") return; // answered by nothing; close() cuts the socket
      send({ status: fault.status, body: fault.body ?? {}, headers: fault.headers }, bucketFor(token));
      return;
    }

    let grant: ResolvedGrant | undefined;
    if (token !== undefined) {
      grant = state.grantFor(token);
      if (!grant || grant.invalid) {
        send({ status: 401, body: errorBody("Bad credentials", DOCS, 401) });
        return;
      }
      record.actor = grant.actor.login;
    }
    const bucket = bucketFor(token);
    bucket.used++;
    if (bucket.used > bucket.limit) {
      send(faults.primaryRateLimit(bucket.reset - Math.floor(Date.now() / 1000), bucket.limit), bucket);
      return;
    }

    if (!operation || !handlers.has(operation.operationId)) {
      send({ status: 404, body: errorBody("Not Found", operation?.docsUrl ?? DOCS, 404) }, bucket);
      return;
    }
    const pathProblem = problems.find((p) => p.status === 404);
    if (pathProblem) {
      send({ status: 404, body: errorBody("Not Found", operation.docsUrl, 404) }, bucket);
      return;
    }
    const params = (match as { params: Record<string, string> }).params;
    if (params.owner !== undefined && params.repo !== undefined) {
      if (`${params.owner}/${params.repo}`.toLowerCase() !== state.fullName.toLowerCase()) {
        send({ status: 404, body: errorBody("Not Found", operation.docsUrl, 404) }, bucket);
        return;
      }
    }

    const write = method !== "GET" && method !== "HEAD";
    if (!grant) {
      if (write) {
        send({ status: 401, body: errorBody("Requires authentication", operation.docsUrl, 401) }, bucket);
        return;
      }
    } else {
      const needed = permissionOf(operation);
      const has = (access: Access): boolean => needed.some((p) => rank(grant.permissions[p]) >= rank(access));
      if (!has("read")) {
        // GitHub hides what a token may not see; team membership in particular answers 404 to GITHUB_TOKEN.
        const hidden = needed.includes("members");
        send(
          hidden
            ? { status: 404, body: errorBody("Not Found", operation.docsUrl, 404) }
            : forbidden(operation, needed, "read"),
          bucket,
        );
        return;
      }
      if (write && !has("write")) {
        send(forbidden(operation, needed, "write"), bucket);
        return;
      }
    }

    const bad = problems[0];
    if (bad) {
      send(
        {
          status: bad.status,
          body:
            bad.status === 422
              ? errorBody(
                  `Invalid request.\n\n${problems.map((p) => p.message).join("\n")}`,
                  operation.docsUrl,
                  422,
                )
              : errorBody(bad.message, operation.docsUrl, bad.status),
        },
        bucket,
      );
      return;
    }

    const context: RouteContext = {
      operation,
      params,
      query,
      body,
      actor: grant?.actor ?? anonymous(),
      accept: String(req.headers.accept ?? ""),
      state,
      render: renderer,
      baseUrl,
      requestUrl: url,
      violate: (message) => violate("semantic", message),
    };
    const handler = handlers.get(operation.operationId)!;
    send(handler(context), bucket);
  }

  function takeFault(
    method: string,
    operation: Operation | undefined,
  ): FaultResponse | "reset" | "hang" | undefined {
    for (const fault of activeFaults) {
      if (fault.left <= 0) continue;
      if (fault.method && fault.method !== method) continue;
      if (fault.template && fault.template !== operation?.template) continue;
      fault.left--;
      fault.hits++;
      return fault.spec.with;
    }
    return undefined;
  }

  function bucketFor(token: string | undefined): RateBucket {
    const key = token ?? "";
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = {
        limit: token === undefined ? 60 : (init.rateLimit ?? 1000),
        used: 0,
        reset: Math.floor(Date.now() / 1000) + 3600,
      };
      buckets.set(key, bucket);
    }
    return bucket;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake GitHub did not get a TCP port");
  baseUrl = `http://127.0.0.1:${address.port}`;
  const renderer = new ResourceRenderer(api, state, baseUrl);

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    state,
    requests,
    violations,
    fail(spec: FaultSpec): FaultHandle {
      const { method, template } = parseFaultRoute(api, spec);
      const fault: ActiveFault = { spec, method, template, left: spec.times ?? 1, hits: 0 };
      activeFaults.push(fault);
      return {
        get hits() {
          return fault.hits;
        },
        cancel() {
          fault.left = 0;
        },
      };
    },
    requestsTo(route: string): RecordedRequest[] {
      return requests.filter((r) => r.route === route);
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function parseFaultRoute(
  api: GitHubRestDescription,
  spec: FaultSpec,
): { method: string | undefined; template: string | undefined } {
  let method = spec.method?.toUpperCase();
  let template: string | undefined;
  if (spec.route) {
    const parts = spec.route.trim().split(/\s+/);
    if (parts.length === 2) {
      method = parts[0]!.toUpperCase();
      template = parts[1];
      if (!api.operation(`${method} ${template}`)) {
        throw new Error(`fail(): ${spec.route} is not a documented GitHub route`);
      }
    } else {
      template = parts[0];
    }
  }
  return { method, template };
}

function tokenOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization.trim());
  // A malformed header is no token GitHub knows: treated as bad credentials.
  return match ? match[1] : authorization;
}

function rank(access: Access): number {
  return access === "write" ? 2 : access === "read" ? 1 : 0;
}

function anonymous(): Actor {
  return { login: "", id: 0, type: "User" };
}

function errorBody(message: string, documentationUrl: string, status: number): Record<string, string> {
  return { message, documentation_url: documentationUrl, status: String(status) };
}

function forbidden(operation: Operation, needed: Permission[], access: Access): RouteAnswer {
  return {
    status: 403,
    headers: {
      "x-accepted-github-permissions": needed
        .map((p) => `${PERMISSION_HEADER_NAMES[p]}=${access}`)
        .join("; "),
    },
    body: errorBody("Resource not accessible by integration", operation.docsUrl, 403),
  };
}

function rateHeaders(bucket: RateBucket): Record<string, string> {
  return {
    "x-ratelimit-limit": String(bucket.limit),
    "x-ratelimit-remaining": String(Math.max(0, bucket.limit - bucket.used)),
    "x-ratelimit-reset": String(bucket.reset),
    "x-ratelimit-used": String(Math.min(bucket.used, bucket.limit)),
    "x-ratelimit-resource": "core",
  };
}

function requestId(n: number): string {
  const hex = n.toString(16).toUpperCase().padStart(8, "0");
  return `C0DE:${hex.slice(0, 4)}:${hex}:${hex}:${hex}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        reject(new Error(`request body over ${BODY_LIMIT_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
