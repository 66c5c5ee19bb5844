import { describe, expect, it } from "vitest";
import {
  mergeGroupEvent,
  pullRequestEvent,
  pushEvent,
  reviewEvent,
  webhookExample,
  workflowDispatchEvent,
} from "../support/events.js";
import type { Payload } from "../support/events.js";

const BASE = { ref: "main", sha: "1111111111111111111111111111111111111111" };
const HEAD = { ref: "feature/eval", sha: "2222222222222222222222222222222222222222" };

/** Every leaf path at which two JSON values differ, e.g. `pull_request.head.sha`. */
function changedPaths(before: unknown, after: unknown, path = ""): string[] {
  if (before === after) return [];
  const bothObjects =
    before !== null &&
    after !== null &&
    typeof before === "object" &&
    typeof after === "object" &&
    Array.isArray(before) === Array.isArray(after);
  if (!bothObjects) return [path];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) =>
    changedPaths(
      (before as Record<string, unknown>)[key],
      (after as Record<string, unknown>)[key],
      path ? `${path}.${key}` : key,
    ),
  );
}

const USER_FIELDS = "(login|url|html_url|type)";
const REPO_FIELDS = `(name|full_name|html_url|url|default_branch|owner\\.${USER_FIELDS})`;

function onlyChangedWhereAllowed(paths: string[], allowed: RegExp[]): string[] {
  return paths.filter((path) => !allowed.some((pattern) => pattern.test(path)));
}

describe("webhook payload builders keep the real example and change only the scenario's fields", () => {
  it("pull_request opened: every untouched field equals @octokit/webhooks-examples' payload", () => {
    const original = webhookExample("pull_request", (p) => p.action === "opened");
    const event = pullRequestEvent({ number: 42, base: BASE, head: HEAD, repository: "acme/claims-triage" });
    const changed = changedPaths(original, event.payload);

    expect(event.name).toBe("pull_request");
    expect(changed).toEqual(
      expect.arrayContaining(["number", "pull_request.head.sha", "pull_request.base.repo.full_name"]),
    );
    expect(
      onlyChangedWhereAllowed(changed, [
        /^number$/,
        new RegExp(`^repository\\.${REPO_FIELDS}$`),
        new RegExp(`^sender\\.${USER_FIELDS}$`),
        /^pull_request\.(number|url|html_url|issue_url)$/,
        new RegExp(`^pull_request\\.user\\.${USER_FIELDS}$`),
        new RegExp(`^pull_request\\.(base|head)\\.(ref|sha|label|user\\.${USER_FIELDS})$`),
        new RegExp(`^pull_request\\.(base|head)\\.repo\\.${REPO_FIELDS}$`),
      ]),
    ).toEqual([]);
    // Fields nobody overrides are byte-for-byte the published ones.
    const pull = event.payload.pull_request as Payload;
    const originalPull = original.pull_request as Payload;
    expect(pull._links).toEqual(originalPull._links);
    expect(pull.labels).toEqual(originalPull.labels);
    expect((pull.head as Payload).repo).toMatchObject({
      created_at: ((originalPull.head as Payload).repo as Payload).created_at,
    });
  });

  it("pull_request: sets the scenario's numbers, refs and SHAs", () => {
    const { payload } = pullRequestEvent({
      number: 42,
      base: BASE,
      head: HEAD,
      repository: "acme/claims-triage",
      author: "carol",
    });

    expect(payload).toMatchObject({
      action: "opened",
      number: 42,
      repository: {
        full_name: "acme/claims-triage",
        name: "claims-triage",
        owner: { login: "acme" },
        default_branch: "main",
      },
      sender: { login: "carol" },
      pull_request: {
        number: 42,
        user: { login: "carol" },
        base: {
          ref: "main",
          sha: BASE.sha,
          label: "acme:main",
          repo: { full_name: "acme/claims-triage", fork: false },
        },
        head: {
          ref: "feature/eval",
          sha: HEAD.sha,
          label: "acme:feature/eval",
          repo: { full_name: "acme/claims-triage", fork: false },
        },
      },
    });
  });

  it("pull_request from a fork: head repository is the fork, with its own owner and id", () => {
    const { payload } = pullRequestEvent({ number: 5, base: BASE, head: HEAD, fork: "outsider" });
    const pull = payload.pull_request as {
      head: { repo: Payload; label: string };
      base: { repo: Payload };
      user: Payload;
    };

    expect(pull.head.repo).toMatchObject({
      fork: true,
      full_name: "outsider/claims-triage",
      owner: { login: "outsider" },
    });
    expect(pull.head.label).toBe("outsider:feature/eval");
    expect(pull.head.repo.id).not.toBe(pull.base.repo.id);
    expect(pull.base.repo).toMatchObject({ fork: false, full_name: "acme/claims-triage" });
    expect(pull.user.login).toBe("outsider");
  });

  it("pull_request synchronize starts from the published synchronize example and sets after to the head", () => {
    const original = webhookExample("pull_request", (p) => p.action === "synchronize");
    const { payload } = pullRequestEvent({
      action: "synchronize",
      number: 3,
      base: BASE,
      head: HEAD,
      before: BASE.sha,
    });

    expect(payload).toMatchObject({ action: "synchronize", before: BASE.sha, after: HEAD.sha });
    expect(payload.installation).toEqual(original.installation);
  });

  it("pull_request_target uses the same payload under its own event name", () => {
    const event = pullRequestEvent({ number: 3, base: BASE, head: HEAD, target: true });

    expect(event.name).toBe("pull_request_target");
    expect((event.payload.pull_request as Payload).number).toBe(3);
  });

  it("pull_request_review submitted: the reviewer, state and reviewed commit change, nothing else in the review", () => {
    const original = webhookExample("pull_request_review", (p) => p.action === "submitted");
    const event = reviewEvent({ number: 8, base: BASE, head: HEAD, reviewer: "compliance-lead" });
    const reviewChanges = changedPaths(original.review, event.payload.review);

    expect(event.name).toBe("pull_request_review");
    expect(event.payload.review).toMatchObject({
      state: "approved",
      commit_id: HEAD.sha,
      user: { login: "compliance-lead" },
    });
    expect(
      onlyChangedWhereAllowed(reviewChanges, [
        /^state$/,
        /^commit_id$/,
        /^html_url$/,
        /^pull_request_url$/,
        new RegExp(`^user\\.${USER_FIELDS}$`),
      ]),
    ).toEqual([]);
    expect((event.payload.review as Payload)._links).toEqual((original.review as Payload)._links);
    expect(event.payload.sender).toMatchObject({ login: "compliance-lead" });
  });

  it("merge_group checks_requested: queue branch, base and head SHAs follow the scenario", () => {
    const original = webhookExample("merge_group");
    const event = mergeGroupEvent({ baseRef: "main", baseSha: BASE.sha, headSha: HEAD.sha, pullNumber: 12 });
    const group = event.payload.merge_group as Payload;

    expect(event.name).toBe("merge_group");
    expect(group).toMatchObject({
      base_ref: "refs/heads/main",
      base_sha: BASE.sha,
      head_sha: HEAD.sha,
      head_ref: `refs/heads/gh-readonly-queue/main/pr-12-${BASE.sha}`,
      head_commit: { id: HEAD.sha },
    });
    expect((group.head_commit as Payload).message).toBe(
      ((original.merge_group as Payload).head_commit as Payload).message,
    );
    expect(event.payload.installation).toEqual(original.installation);
  });

  it("push: ref and after follow the scenario, the rest is the published branch push", () => {
    const original = webhookExample(
      "push",
      (p) => String(p.ref).startsWith("refs/heads/") && p.head_commit !== null && p.deleted === false,
    );
    const event = pushEvent({ ref: "main", after: HEAD.sha, before: BASE.sha });
    const changed = changedPaths(original, event.payload);

    expect(event.payload).toMatchObject({
      ref: "refs/heads/main",
      after: HEAD.sha,
      before: BASE.sha,
      created: false,
      head_commit: { id: HEAD.sha },
    });
    expect(
      onlyChangedWhereAllowed(changed, [
        /^(ref|after|before|created|compare)$/,
        /^head_commit\.id$/,
        new RegExp(`^repository\\.${REPO_FIELDS}$`),
      ]),
    ).toEqual([]);
  });

  it("workflow_dispatch: ref and inputs follow the scenario", () => {
    const event = workflowDispatchEvent({ ref: "release/1.2", inputs: { stage: "production" } });

    expect(event).toMatchObject({
      name: "workflow_dispatch",
      payload: { ref: "refs/heads/release/1.2", inputs: { stage: "production" } },
    });
    expect(event.payload.workflow).toBe(webhookExample("workflow_dispatch").workflow);
  });

  it("hands out independent copies: changing one payload leaves the next untouched", () => {
    const first = pullRequestEvent({ number: 1, base: BASE, head: HEAD });
    (first.payload.pull_request as Payload).title = "changed by a test";
    const second = pullRequestEvent({ number: 1, base: BASE, head: HEAD });

    expect((second.payload.pull_request as Payload).title).not.toBe("changed by a test");
  });
});
