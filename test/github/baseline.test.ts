// Which commit a regression check compares against, read from the real webhook payloads GitHub publishes
// (@octokit/webhooks-examples, through test/support/events.ts), and the CLI's --base REF resolved by git.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/base/errors.js";
import { baselineFromRef, baselineOf } from "../../src/github/baseline.js";
import { readRunContext, type EventSource } from "../../src/github/context.js";
import { resolveCommit } from "../../src/repo/commit-ref.js";
import {
  mergeGroupEvent,
  pullRequestEvent,
  pushEvent,
  reviewEvent,
  webhookExample,
  workflowDispatchEvent,
  ZERO_SHA,
  type WebhookEvent,
} from "../support/events.js";
import { git, writeInto } from "../support/git.js";

const BASE = "1111111111111111111111111111111111111111";
const HEAD = "2222222222222222222222222222222222222222";
const pr = { number: 7, base: { ref: "main", sha: BASE }, head: { ref: "feature", sha: HEAD } };

function choiceSource(event: WebhookEvent): EventSource {
  return { eventName: event.name, payload: event.payload, repository: "acme/claims-triage" };
}

function choiceFor(event: WebhookEvent) {
  return baselineOf(readRunContext(choiceSource(event)));
}

describe("the baseline each event names", () => {
  it.each([
    ["pull_request", pullRequestEvent(pr)],
    ["pull_request (synchronize)", pullRequestEvent({ ...pr, action: "synchronize", before: HEAD })],
    ["pull_request_review", reviewEvent({ ...pr, reviewer: "carol" })],
  ])("%s: the pull request's base commit", (_name, event) => {
    expect(choiceFor(event)).toEqual({
      state: "commit",
      commit: BASE,
      label: "the pull request's base commit 1111111",
      what: "base commit",
      named: "${{ github.event.pull_request.base.sha }}",
    });
  });

  it("pull_request_target: the base commit too, with why the checkout may be that very commit", () => {
    expect(choiceFor(pullRequestEvent({ ...pr, target: true }))).toEqual({
      state: "commit",
      commit: BASE,
      label: "the pull request's base commit 1111111",
      what: "base commit",
      named: "${{ github.event.pull_request.base.sha }}",
      checkoutWhy: "pull_request_target checks out the base branch",
    });
  });

  it("merge_group: merge_group.base_sha, not the queue's head", () => {
    const event = mergeGroupEvent({ baseRef: "main", baseSha: BASE, headSha: HEAD, pullNumber: 7 });
    expect(choiceFor(event)).toMatchObject({
      state: "commit",
      commit: BASE,
      label: "the merge queue's base commit 1111111",
      named: "${{ github.event.merge_group.base_sha }}",
    });
    // The published example carries base_sha beside base_ref: the field read here is GitHub's.
    const example = webhookExample("merge_group");
    const group = example.merge_group as Record<string, unknown>;
    expect(group.base_sha).toMatch(/^[0-9a-f]{40}$/);
    expect(choiceFor({ name: "merge_group", payload: example })).toMatchObject({ commit: group.base_sha });
    delete group.base_sha;
    expect(choiceFor({ name: "merge_group", payload: example })).toEqual({
      state: "none",
      why: "the merge_group event names no base commit (merge_group.base_sha)",
    });
  });

  it("push: before, the branch's previous head", () => {
    expect(choiceFor(pushEvent({ ref: "main", after: HEAD, before: BASE }))).toEqual({
      state: "commit",
      commit: BASE,
      label: "the previous head 1111111 of main (before this push)",
      what: "previous head",
      named: "${{ github.event.before }}",
    });
  });

  it("push of a new branch: GitHub's published payload says before is all zeros, so there is no baseline", () => {
    const example = webhookExample("push", (p) => p.ref === "refs/heads/master");
    expect(example.before).toBe(ZERO_SHA);
    expect(example.created).toBe(true);
    expect(choiceFor({ name: "push", payload: example })).toEqual({
      state: "none",
      why: "the first push of a branch has no previous head",
    });
    expect(choiceFor(pushEvent({ ref: "feature", after: HEAD, before: ZERO_SHA }))).toMatchObject({
      state: "none",
    });
  });

  it("push without before: no baseline, saying the event names none", () => {
    const event = pushEvent({ ref: "main", after: HEAD });
    delete event.payload.before;
    expect(choiceFor(event)).toEqual({
      state: "none",
      why: "the push event names no previous head of the branch (before)",
    });
  });

  it("workflow_dispatch: a manual run has no baseline", () => {
    const event = workflowDispatchEvent({ ref: "main" });
    const source: EventSource = { ...choiceSource(event), sha: HEAD };
    expect(baselineOf(readRunContext(source))).toEqual({
      state: "none",
      why: "a manual run (workflow_dispatch) has no baseline",
    });
  });
});

describe("--base REF", () => {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-base-ref-")));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const dir = join(scratch, "repo");
  git(scratch, ["init", "-q", "-b", "main", dir]);
  writeInto(dir, "eval.json", '{"f1": 0.9}\n');
  git(dir, ["add", "-A"]);
  git(dir, ["commit", "-q", "-m", "first"]);
  const first = git(dir, ["rev-parse", "HEAD"]);
  git(dir, ["tag", "v1"]);
  writeInto(dir, "eval.json", '{"f1": 0.8}\n');
  git(dir, ["commit", "-q", "-am", "second"]);

  it.each([["main~1"], ["v1"], [first], [first.slice(0, 10)]])("%s resolves to the commit", async (ref) => {
    expect(await resolveCommit(dir, ref)).toEqual({ ok: true, sha: first });
  });

  it("labels the baseline with the ref as given and its short id", async () => {
    expect(await baselineFromRef(dir, "v1")).toEqual({
      state: "commit",
      commit: first,
      label: `--base v1 (${first.slice(0, 7)})`,
      what: "baseline commit",
      named: first,
    });
  });

  it.each([
    ["nope", "no such commit in this repository"],
    ["-h", "a commit name may not be empty or start with -"],
    ["--output=x", "a commit name may not be empty or start with -"],
    ["", "a commit name may not be empty or start with -"],
    ["main\nv1", "a commit name may not hold control characters"],
  ])("refuses %j: %s", async (ref, why) => {
    expect(await resolveCommit(dir, ref)).toEqual({ ok: false, why });
    const err = await baselineFromRef(dir, ref).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(
      `--base ${ref} names no commit of the repository at ${dir}: ${why}`,
    );
  });

  it("outside a git repository, says so", async () => {
    const plain = join(scratch, "plain");
    writeInto(plain, "x.txt", "x");
    expect(await resolveCommit(plain, "main")).toMatchObject({ ok: false });
    expect(((await resolveCommit(plain, "main")) as { why: string }).why).toMatch(
      /not a git checkout|git failed/,
    );
  });
});
