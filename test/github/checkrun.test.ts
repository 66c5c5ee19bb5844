import { describe, expect, it } from "vitest";
import { publishCheckRun } from "../../src/github/checkrun.js";
import type { Annotation } from "../../src/report/annotations.js";
import { DEFAULT_TOKEN } from "../support/fake-github/index.js";
import { clientFor, fakeGitHub, HEAD_SHA, PR_7 } from "./fake.js";

const target = {
  owner: "acme",
  repo: "claims-triage",
  headSha: HEAD_SHA,
  detailsUrl: "https://github.com/acme/claims-triage/actions/runs/42",
};

function annotations(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => ({
    path: "systems/claims/readiness.yml",
    startLine: i + 1,
    endLine: i + 1,
    level: i % 2 === 0 ? ("failure" as const) : ("warning" as const),
    title: `shipgate: check-${i}`,
    message: `check-${i} fails`,
  }));
}

describe("publishCheckRun", () => {
  it("creates the shipgate check run with the first 50 annotations, then adds the rest 50 at a time", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const outcome = await publishCheckRun(clientFor(fake), target, {
      conclusion: "failure",
      title: "No-go for production",
      summary: "### No-go",
      annotations: annotations(120),
    });
    expect(outcome).toMatchObject({ action: "created", annotations: 120, writer: "github-actions[bot]" });
    const [run] = fake.state.checkRunsOn(HEAD_SHA);
    expect(run).toMatchObject({
      name: "shipgate",
      status: "completed",
      conclusion: "failure",
      details_url: target.detailsUrl,
      output: { title: "No-go for production", summary: "### No-go" },
      updates: 2,
    });
    expect(run?.annotations.map((a) => a.start_line)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const sizes = [
      ...fake.requestsTo("POST /repos/{owner}/{repo}/check-runs"),
      ...fake.requestsTo("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}"),
    ].map((r) => ((r.body as { output: { annotations?: unknown[] } }).output.annotations ?? []).length);
    expect(sizes).toEqual([50, 50, 20]);
    expect(fake.violations).toEqual([]);
  });

  it("makes a single request when there is nothing to annotate", async () => {
    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const outcome = await publishCheckRun(clientFor(fake), target, {
      conclusion: "success",
      title: "Go",
      summary: "### Go",
      annotations: [],
    });
    expect(outcome.action).toBe("created");
    expect(fake.requests.map((r) => r.route)).toEqual(["POST /repos/{owner}/{repo}/check-runs"]);
    expect(fake.state.checkRunsOn(HEAD_SHA)[0]?.conclusion).toBe("success");
  });

  it("reports a token without checks: write as denied", async () => {
    const fake = await fakeGitHub({
      pullRequests: [PR_7],
      tokens: { [DEFAULT_TOKEN]: { permissions: { checks: "read" } } },
    });
    const outcome = await publishCheckRun(clientFor(fake), target, {
      conclusion: "failure",
      title: "No-go",
      summary: "x",
      annotations: [],
    });
    expect(outcome.action).toBe("denied");
    if (outcome.action === "denied")
      expect(outcome.reason).toMatch(
        /^cannot create the shipgate check run: POST \/repos\/acme\/claims-triage\/check-runs failed with 403/,
      );
    expect(fake.state.checkRuns).toEqual([]);
  });
});
