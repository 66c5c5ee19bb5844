import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  branchOf,
  ContextError,
  eventSourceFromEnv,
  readRunContext,
  type EventSource,
} from "../../src/github/context.js";
import {
  mergeGroupEvent,
  pullRequestEvent,
  pushEvent,
  reviewEvent,
  webhookExample,
  workflowDispatchEvent,
  type WebhookEvent,
} from "../support/events.js";

const BASE = "1111111111111111111111111111111111111111";
const HEAD = "2222222222222222222222222222222222222222";
const MERGE = "3333333333333333333333333333333333333333";

function source(event: WebhookEvent, extra: Partial<EventSource> = {}): EventSource {
  return { eventName: event.name, payload: event.payload, repository: "acme/claims-triage", ...extra };
}

const pr = { number: 7, base: { ref: "main", sha: BASE }, head: { ref: "feature", sha: HEAD } };

describe("readRunContext", () => {
  it("pull_request: judges the PR head against its base branch, not the merge commit", () => {
    const ctx = readRunContext(source(pullRequestEvent(pr), { sha: MERGE, ref: "refs/pull/7/merge" }));
    expect(ctx).toMatchObject({
      event: "pull_request",
      owner: "acme",
      repo: "claims-triage",
      branch: "main",
      headSha: HEAD,
    });
    expect(ctx.pullRequest).toEqual({
      number: 7,
      baseRef: "main",
      baseSha: BASE,
      headSha: HEAD,
      headRepo: "acme/claims-triage",
      fromFork: false,
      author: "octocat",
    });
  });

  it("pull_request from a fork is marked as such", () => {
    const ctx = readRunContext(source(pullRequestEvent({ ...pr, fork: "mallory" })));
    expect(ctx.pullRequest).toMatchObject({
      fromFork: true,
      headRepo: "mallory/claims-triage",
      author: "mallory",
    });
  });

  it("pull_request_target and pull_request_review read the same pull request fields", () => {
    const target = readRunContext(source(pullRequestEvent({ ...pr, target: true })));
    expect(target).toMatchObject({ event: "pull_request_target", branch: "main", headSha: HEAD });
    const review = readRunContext(source(reviewEvent({ ...pr, reviewer: "carol" })));
    expect(review).toMatchObject({
      event: "pull_request_review",
      branch: "main",
      headSha: HEAD,
      pullRequest: { number: 7 },
    });
  });

  it("merge_group: the base_ref without refs/heads/, the merge-group head, and no pull request", () => {
    const ctx = readRunContext(
      source(mergeGroupEvent({ baseRef: "release/2.0", baseSha: BASE, headSha: MERGE, pullNumber: 42 })),
    );
    expect(ctx).toMatchObject({ event: "merge_group", branch: "release/2.0", headSha: MERGE, baseSha: BASE });
    expect(ctx.pullRequest).toBeUndefined();
    expect(ctx.mergeGroupRef).toBe(`refs/heads/gh-readonly-queue/release/2.0/pr-42-${BASE}`);
  });

  it("push: the pushed branch and the pushed commit; a tag push has no branch", () => {
    expect(readRunContext(source(pushEvent({ ref: "staging", after: HEAD })))).toMatchObject({
      branch: "staging",
      headSha: HEAD,
    });
    const tag = readRunContext(source(pushEvent({ ref: "refs/tags/v1.0.0", after: HEAD })));
    expect(tag.branch).toBeUndefined();
    expect(tag.headSha).toBe(HEAD);
  });

  it("workflow_dispatch: the dispatched ref and GITHUB_SHA", () => {
    const ctx = readRunContext(source(workflowDispatchEvent({ ref: "main" }), { sha: HEAD }));
    expect(ctx).toMatchObject({ event: "workflow_dispatch", branch: "main", headSha: HEAD });
  });

  it("fails closed on an unsupported event, listing the supported ones", () => {
    const run = () =>
      readRunContext({
        eventName: "issue_comment",
        payload: webhookExample("issue_comment"),
        repository: "acme/x",
      });
    expect(run).toThrow(ContextError);
    expect(run).toThrow(
      'event "issue_comment" is not supported: run Shipgate on pull_request, pull_request_target, pull_request_review, merge_group, push, workflow_dispatch',
    );
  });

  it("fails closed on a pull request payload without head and base commits", () => {
    const event = pullRequestEvent(pr);
    delete (event.payload.pull_request as Record<string, unknown>).head;
    expect(() => readRunContext(source(event))).toThrow(
      "the pull_request payload has no pull request with base and head commits",
    );
  });

  it("fails closed without a repository", () => {
    const event = pushEvent({ ref: "main", after: HEAD });
    delete event.payload.repository;
    expect(() => readRunContext({ eventName: "push", payload: event.payload })).toThrow(
      "GITHUB_REPOSITORY is not set to owner/name",
    );
  });
});

describe("branchOf", () => {
  it.each([
    ["refs/heads/main", "main"],
    ["refs/heads/release/1.2", "release/1.2"],
    ["refs/tags/v1", undefined],
    ["main", "main"],
  ])("%s → %s", (ref, branch) => expect(branchOf(ref)).toBe(branch));
});

describe("eventSourceFromEnv", () => {
  it("reads the payload file the runner names", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shipgate-event-"));
    const path = join(dir, "event.json");
    writeFileSync(path, JSON.stringify({ ref: "refs/heads/main" }));
    const src = await eventSourceFromEnv({
      GITHUB_EVENT_NAME: "push",
      GITHUB_EVENT_PATH: path,
      GITHUB_REPOSITORY: "acme/x",
      GITHUB_SHA: HEAD,
    });
    expect(src).toEqual({
      eventName: "push",
      payload: { ref: "refs/heads/main" },
      repository: "acme/x",
      ref: undefined,
      sha: HEAD,
    });
  });

  it("says which file is broken instead of throwing a parser's stack", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shipgate-event-"));
    const path = join(dir, "event.json");
    writeFileSync(path, "{ not json");
    await expect(eventSourceFromEnv({ GITHUB_EVENT_NAME: "push", GITHUB_EVENT_PATH: path })).rejects.toThrow(
      `the event payload at GITHUB_EVENT_PATH (${path}) is not JSON`,
    );
  });
});
