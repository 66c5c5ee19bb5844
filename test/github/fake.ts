// Starts the loopback fake GitHub for a unit test and hands out a client made by the real factory.
import { createGitHubClient, type GitHubClient, type Logger } from "../../src/github/client.js";
import {
  DEFAULT_TOKEN,
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubInit,
} from "../support/fake-github/index.js";
import { afterThisTest } from "../support/cleanup.js";

export const BASE_SHA = "1".repeat(40);
export const HEAD_SHA = "2".repeat(40);
export const NEWER_SHA = "3".repeat(40);

export const PR_7 = {
  number: 7,
  base: { ref: "main", sha: BASE_SHA },
  head: { ref: "feature", sha: HEAD_SHA },
};

export async function fakeGitHub(init: FakeGitHubInit = {}): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({ validateResponses: true, ...init });
  afterThisTest(() => fake.close());
  return fake;
}

export function clientFor(fake: FakeGitHub, token = DEFAULT_TOKEN): GitHubClient {
  return createGitHubClient(token, { baseUrl: fake.url, retryBaseMs: 10 });
}

export function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug: ${m}`),
    info: (m) => lines.push(`info: ${m}`),
    warning: (m) => lines.push(`warning: ${m}`),
  };
}
