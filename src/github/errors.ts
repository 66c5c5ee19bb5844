// What went wrong talking to GitHub, said in one line for a person: never a stack, never the token.
// Kept apart from client.ts so reading an error never loads Octokit.

/** Secrets that must never reach a message: every token a client was made with. */
const secrets = new Set<string>();

export function addSecret(secret: string): void {
  if (secret.length >= 4) secrets.add(secret);
}

interface RequestErrorLike {
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function isRequestError(err: unknown): err is RequestErrorLike {
  return typeof err === "object" && err !== null && typeof (err as { status?: unknown }).status === "number";
}

export function httpStatusOf(err: unknown): number | undefined {
  return isRequestError(err) ? err.status : undefined;
}

/** A primary or secondary rate limit, not a permission problem. */
export function isRateLimited(err: unknown): boolean {
  if (!isRequestError(err) || (err.status !== 403 && err.status !== 429)) return false;
  return (
    err.status === 429 ||
    String(err.response?.headers?.["x-ratelimit-remaining"]) === "0" ||
    /rate limit/i.test(err.message)
  );
}

/** The token lacks a permission (or the resource is hidden from it). */
export function isPermissionDenied(err: unknown): boolean {
  return isRequestError(err) && err.status === 403 && !isRateLimited(err);
}

/** One line for a person: which call failed and why, never a stack, never the token. */
export function describeGitHubError(err: unknown): string {
  if (isRequestError(err)) {
    const where =
      err.request?.method && err.request.url
        ? `${err.request.method} ${pathOf(err.request.url)}`
        : "GitHub API";
    if (isRateLimited(err)) {
      const reset = Number(err.response?.headers?.["x-ratelimit-reset"]);
      const when =
        Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : "";
      return redact(`${where}: GitHub API rate limit exceeded${when}`);
    }
    if (isTimeout(err)) return redact(`${where}: GitHub did not answer in time`);
    const message = firstLine(err.message).replace(/ - https:\/\/docs\.github\.com\S*$/, "");
    return redact(`${where} failed with ${err.status || "a network error"}: ${message}`);
  }
  if (isTimeout(err)) return "GitHub did not answer in time";
  return redact(firstLine(err instanceof Error ? err.message : String(err)));
}

function isTimeout(err: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let e: unknown = err;
    e && typeof e === "object" && !seen.has(e);
    e = (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError" || name === "AbortError") return true;
  }
  return false;
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname;
  } catch {
    return url;
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0] ?? "";
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("***");
  return out;
}

/** Any error in one line for a message: GitHub's described, others' first line, tokens redacted. */
export function errorLine(err: unknown): string {
  if (isRequestError(err)) return describeGitHubError(err);
  const text = err instanceof Error ? err.message : String(err);
  return redact(text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "unknown error").trim();
}
