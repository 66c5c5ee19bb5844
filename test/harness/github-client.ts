// A bare fetch client for the harness tests: what goes over the wire is exactly what the test wrote.
import { DEFAULT_TOKEN } from "../support/fake-github/index.js";
import type { FakeGitHub } from "../support/fake-github/index.js";

export interface RawAnswer {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

export async function call(
  fake: FakeGitHub,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const token = options.token === undefined ? DEFAULT_TOKEN : options.token;
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: {
      accept: "application/vnd.github+json",
      ...(token === null ? {} : { authorization: `token ${token}` }),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

export const BASE_SHA = "1111111111111111111111111111111111111111";
export const HEAD_SHA = "2222222222222222222222222222222222222222";
export const REPO = "/repos/acme/claims-triage";
