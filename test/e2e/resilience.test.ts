// Forks, flaky APIs and rate limits: the decision is the same, and a "go" never comes from doubt.
import { describe, expect, it } from "vitest";
import { DEFAULT_TOKEN, faults } from "../support/fake-github/index.js";
import {
  annotationLines,
  evidence,
  explain,
  pullRequestWorld,
  README_PATH,
  readinessYaml,
} from "./scenario.js";

const failing = { base: { [README_PATH]: readinessYaml(), ...evidence(0.95) }, head: evidence(0.8) };
const passing = { base: { [README_PATH]: readinessYaml(), ...evidence(0.95) }, head: evidence(0.96) };

describe("a pull request from a fork with a read-only token", () => {
  it("still decides, writes the summary and annotations, and says which permissions are missing", async () => {
    const world = await pullRequestWorld({
      ...failing,
      fork: "mallory",
      fake: { tokens: { [DEFAULT_TOKEN]: { readOnly: true } } },
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.summary).toMatch(/No-go/);
    expect(annotationLines(run)).toContain(`error ${README_PATH}:11 shipgate: eval-f1`);
    expect(run.stdout).toContain(
      "The token is missing checks: write (to create the shipgate check run), pull-requests: write (to write the pull request comment)",
    );
    expect(run.stdout).toContain("This pull request comes from a fork");
    expect(world.fake.state.checkRuns).toEqual([]);
    expect(world.fake.state.commentsOn(7)).toEqual([]);
    expect(world.fake.violations).toEqual([]);
  });

  it("passes exactly as it would with write access when the evidence passes", async () => {
    const world = await pullRequestWorld({
      ...passing,
      fork: true,
      fake: { tokens: { [DEFAULT_TOKEN]: { readOnly: true } } },
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(world.fake.violations).toEqual([]);
  });
});

describe("a flaky GitHub API", () => {
  it("recovers from a 502 and a secondary rate limit by retrying", async () => {
    const world = await pullRequestWorld(passing);
    const bad = world.fake.fail({
      route: "GET /repos/{owner}/{repo}/compare/{basehead}",
      with: faults.serverError(502),
    });
    const limited = world.fake.fail({
      route: "POST /repos/{owner}/{repo}/check-runs",
      with: faults.secondaryRateLimit(403, 1),
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(bad.hits).toBe(1);
    expect(limited.hits).toBe(1);
    expect(
      world.fake.requestsTo("GET /repos/{owner}/{repo}/compare/{basehead}").map((r) => r.status),
    ).toEqual([502, 200]);
    expect(world.fake.requestsTo("POST /repos/{owner}/{repo}/check-runs").map((r) => r.status)).toEqual([
      403, 201,
    ]);
    expect(world.fake.state.checkRuns[0]?.conclusion).toBe("success");
    expect(world.fake.state.commentsOn(7)).toHaveLength(1);
    expect(world.fake.violations).toEqual([]);
  });

  it("fails closed, fast, with the reset time when the primary rate limit is exhausted", async () => {
    const world = await pullRequestWorld(passing);
    world.fake.fail({
      route: "GET /repos/{owner}/{repo}/compare/{basehead}",
      with: faults.primaryRateLimit(600),
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toMatch(
      /::error::Shipgate could not reach a decision, so the gate fails: cannot list the files this pull request changes, so its readiness policy cannot be checked: GET \/repos\/acme\/claims-triage\/compare\/[0-9a-f]{40}\.\.\.[0-9a-f]{40}: GitHub API rate limit exceeded; it resets at \d{4}-\d\d-\d\dT/,
    );
    expect(run.stdout).not.toMatch(/\n\s+at /); // no stack trace
    expect(world.fake.state.checkRuns[0]).toMatchObject({
      conclusion: "failure",
      output: { title: "Shipgate could not reach a decision" },
    });
    expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/compare/{basehead}")).toHaveLength(1);
    expect(world.fake.violations).toEqual([]);
  });

  it("a check run that cannot be written fails the gate: a Go without its check is not in force", async () => {
    const world = await pullRequestWorld(passing);
    world.fake.fail({
      route: "POST /repos/{owner}/{repo}/check-runs",
      with: faults.primaryRateLimit(600),
      times: Infinity,
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toMatch(
      /::error::Shipgate: the shipgate check run could not be written, so the gate fails closed \(Go for production: .*\): cannot create the shipgate check run: .*rate limit exceeded/,
    );
    expect(run.summary).toMatch(/could not be written/);
    expect(world.fake.violations).toEqual([]);
  });

  it("a failure to publish the comment does not change the decision", async () => {
    const world = await pullRequestWorld(failing);
    // A 422 is an answer, not an accident: not retried, so the run sees the failure at once.
    world.fake.fail({
      route: "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      with: {
        status: 422,
        body: { message: "Validation Failed", documentation_url: "https://docs.github.com/rest" },
      },
      times: Infinity,
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.stdout).toMatch(
      /::warning::cannot write the pull request comment: POST .* failed with 422: Validation Failed/,
    );
    expect(world.fake.violations).toEqual([]);
  });
});
