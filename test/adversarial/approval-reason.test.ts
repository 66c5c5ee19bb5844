// Regression (was a defect across src/github/facts.ts and src/evidence/approval.ts): when the pull request's
// reviews cannot be read (an exhausted rate limit here; 5xx after every retry is in github-faults), gatherFacts left
// `facts.pullRequest` out and only logs a warning; the approval check then tells the reader
// "approval needs a pull request; this run has none (a push or merge-queue run)", on a pull_request run.
// The gate does fail closed, but the comment and the check run give the wrong reason. Expected: the
// finding says the reviews could not be read, and why (e.g. "GET …/pulls/7/reviews: … rate limit exceeded").
import { afterAll, expect, it } from "vitest";
import { faults } from "../support/fake-github/index.js";
import { APPROVAL_FILES, runFaultCase, type FaultCase } from "./fault-cases.js";
import { observe, printObservations } from "./support.js";

afterAll(() => printObservations("approval-reason"));

const CASE: FaultCase = {
  type: "primary",
  name: "rate limit exhausted on reading reviews: the approval finding states why",
  files: APPROVAL_FILES,
  seed: (s) => void s.fake.state.addReview({ user: "carol" }),
  inject: (s) => [
    s.fake.fail({
      route: "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
      times: Infinity,
      with: faults.primaryRateLimit(600),
    }),
  ],
  expect: "fails-closed",
  timeoutMs: 60_000,
};

it("an approval check whose reviews could not be read says so, not that the run has no pull request", async () => {
  const { run } = await runFaultCase(CASE);
  const report = JSON.parse(run.reportJson ?? "{}") as {
    systems?: Array<{ checks: Array<{ id: string; status: string; finding: { summary: string } }> }>;
  };
  const signoff = report.systems?.[0]?.checks.find((c) => c.id === "signoff");
  observe({
    group: "GitHub fault",
    case: CASE.name,
    via: "action",
    ms: run.durationMs,
    outcome: `exit ${String(run.exitCode)}, signoff ${signoff?.status ?? "?"}`,
    message: signoff?.finding.summary ?? "",
  });
  expect(run.exitCode).toBe(1);
  expect(signoff?.status).not.toBe("pass");
  expect(signoff?.finding.summary).not.toMatch(/push or merge-queue run/);
  expect(signoff?.finding.summary).toMatch(/review/i);
  expect(signoff?.finding.summary).toMatch(/could not be read: .*rate limit exceeded/);
}, 60_000);
