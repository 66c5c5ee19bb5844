// The one Octokit factory: retries for 5xx and secondary rate limits (bounded), fail-fast on an exhausted
// primary rate limit, a timeout on every request, and error messages that never carry the token.
import { randomUUID } from "node:crypto";
import { getOctokit } from "@actions/github";
import { defaults as actionsDefaults } from "@actions/github/lib/utils";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { addSecret, redact } from "./errors.js";

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Where the GitHub modules log; main.ts passes @actions/core, tests pass a recorder. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

export interface ClientOptions {
  /** Defaults to GITHUB_API_URL, then https://api.github.com. */
  baseUrl?: string;
  /** Per request, each attempt. */
  timeoutMs?: number;
  /** Retries of a 5xx or network failure (not of a 4xx). */
  retries?: number;
  /** Backoff unit: the nth retry waits n² of these. */
  retryBaseMs?: number;
  /** Retries of one request after a secondary rate limit. */
  rateLimitRetries?: number;
  /** Longest total wait for secondary rate limits over the whole run. */
  maxRateLimitWaitMs?: number;
  log?: Logger;
  fetch?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RATE_LIMIT_RETRIES = 3;
const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 120_000;

const silent: Logger = { debug: () => {}, info: () => {}, warning: () => {} };

export function createGitHubClient(token: string, options: ClientOptions = {}): GitHubClient {
  const log = options.log ?? silent;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const rateLimitRetries = options.rateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES;
  const maxWaitMs = options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
  addSecret(token);

  const baseFetch = options.fetch ?? (actionsDefaults.request?.fetch as typeof fetch | undefined) ?? fetch;
  // A hung connection must not hang the run: every attempt gets its own deadline.
  const timedFetch: typeof fetch = (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return baseFetch(input, { ...init, signal });
  };

  let waitedMs = 0;
  return getOctokit(
    token,
    {
      baseUrl: (options.baseUrl ?? process.env.GITHUB_API_URL ?? "https://api.github.com").replace(
        /\/+$/,
        "",
      ),
      userAgent: "shipgate",
      request: { fetch: timedFetch },
      log: {
        debug: (m: string) => log.debug(redact(m)),
        info: (m: string) => log.debug(redact(m)),
        warn: (m: string) => log.debug(redact(m)),
        error: (m: string) => log.debug(redact(m)),
      },
      retry: {
        retries: options.retries ?? DEFAULT_RETRIES,
        retryAfterBaseValue: retryBaseMs,
        // 4xx are answers, not accidents; rate limits (403, 429) belong to the throttling plugin.
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
      },
      throttle: {
        // Each client paces its own writes (one a second, as GitHub asks); clients never wait on each other.
        id: randomUUID(),
        onRateLimit: (retryAfter: number, request: { method: string; url: string }) => {
          log.warning(
            `GitHub API rate limit exhausted on ${request.method} ${request.url}; it resets in ${retryAfter} s. Not waiting.`,
          );
          return false;
        },
        onSecondaryRateLimit: (
          retryAfter: number,
          request: { method: string; url: string },
          _o: unknown,
          retryCount: number,
        ) => {
          const waitMs = retryAfter * 1000;
          if (retryCount >= rateLimitRetries || waitedMs + waitMs > maxWaitMs) {
            log.warning(
              `GitHub secondary rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries`,
            );
            return false;
          }
          waitedMs += waitMs;
          log.info(
            `GitHub secondary rate limit on ${request.method} ${request.url}: retrying in ${retryAfter} s`,
          );
          return true;
        },
      },
    },
    retry,
    throttling,
  );
}
