import { describe, expect, it } from "vitest";
import { evaluateCi } from "../../src/evidence/ci.js";
import type { CommitChecks } from "../../src/evidence/types.js";
import { memoryContext } from "../support/memory-repo.js";

const SHA = "abc1234def5678abc1234def5678abc1234def56";
type Run = CommitChecks["runs"][number];

function done(name: string, conclusion: string, source: Run["source"] = "check-run"): Run {
  return { name, status: "completed", conclusion, source };
}

function running(name: string, status: string, source: Run["source"] = "check-run"): Run {
  return { name, status, conclusion: null, source };
}

/** Runs listed newest first, as the gatherer hands them over. */
function run(check: string, runs: Run[]) {
  return evaluateCi({ check }, memoryContext({}, { github: { checks: { sha: SHA, runs } } }));
}

describe("evaluateCi", () => {
  it("passes when the check run concluded success", async () => {
    const finding = await run("build", [done("lint", "failure"), done("build", "success")]);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("check 'build' succeeded on abc1234");
    expect(finding.measured).toBe("success");
    expect(finding.bar).toBe("'build' concluded success");
  });

  it("passes on a commit status whose state was success", async () => {
    const finding = await run("ci/circleci: test", [done("ci/circleci: test", "success", "status")]);
    expect(finding.status).toBe("pass");
    expect(finding.details).toEqual(["the newest 'ci/circleci: test' is a commit status"]);
  });

  const failing: Array<[string, string]> = [
    ["failure", "check 'build' failed on abc1234"],
    ["error", "check 'build' errored on abc1234"],
    ["cancelled", "check 'build' was cancelled on abc1234"],
    ["timed_out", "check 'build' timed out on abc1234"],
    ["action_required", "check 'build' needs action (action_required), not success on abc1234"],
    ["neutral", "check 'build' concluded neutral, not success on abc1234"],
    ["skipped", "check 'build' was skipped, so it proved nothing on abc1234"],
    ["stale", "check 'build' is stale (GitHub marked it stale after 14 days incomplete) on abc1234"],
    ["startup_failure", "check 'build' failed to start (startup_failure) on abc1234"],
    ["something_new", "check 'build' concluded 'something_new', not success on abc1234"],
  ];
  for (const [conclusion, summary] of failing) {
    it(`fails on conclusion ${conclusion}`, async () => {
      const finding = await run("build", [done("build", conclusion)]);
      expect(finding.status).toBe("fail");
      expect(finding.summary).toBe(summary);
      expect(finding.measured).toBe(conclusion);
    });
  }

  const unfinished: Array<[string, string]> = [
    ["in_progress", "check 'build' is still in progress on abc1234"],
    ["queued", "check 'build' is queued and has not started on abc1234"],
    ["pending", "check 'build' is pending on abc1234"],
    ["waiting", "check 'build' is waiting (for an approval or a concurrency slot) on abc1234"],
    ["completed", "check 'build' has not concluded (status completed without a conclusion) on abc1234"],
  ];
  for (const [status, summary] of unfinished) {
    it(`fails while the check is ${status}`, async () => {
      const finding = await run("build", [running("build", status)]);
      expect(finding.status).toBe("fail");
      expect(finding.summary).toBe(summary);
    });
  }

  it("fails on a pending commit status", async () => {
    const finding = await run("deploy/preview", [running("deploy/preview", "pending", "status")]);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("check 'deploy/preview' is pending on abc1234");
  });

  it("fails when nothing has the name, listing the names seen", async () => {
    const finding = await run("build", [
      done("test", "success"),
      done("lint", "success"),
      done("test", "failure"),
    ]);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("no check run or status named 'build' on abc1234; seen: lint, test");
    expect(finding.measured).toBe("not found");
  });

  it("says 'none' when the commit has no checks at all", async () => {
    const finding = await run("build", []);
    expect(finding.summary).toBe("no check run or status named 'build' on abc1234; seen: none");
  });

  it("matches names exactly, but points at a near miss", async () => {
    const finding = await run("build", [done("Build", "success")]);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "no check run or status named 'build' on abc1234 (did you mean 'Build'? names must match exactly); seen: Build",
    );
  });

  it("lets the newest of same-named runs win, and mentions an older failure", async () => {
    const finding = await run("build", [done("build", "success"), done("build", "failure")]);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "check 'build' succeeded on abc1234; an earlier 'build' did not succeed, the newest counts",
    );
    expect(finding.details).toContain("2 runs named 'build', newest first: success, failure");
  });

  it("fails when the newest same-named run failed, even though an older one succeeded", async () => {
    const finding = await run("build", [done("build", "failure"), done("build", "success", "status")]);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "check 'build' failed on abc1234; an earlier 'build' succeeded, but the newest counts",
    );
  });

  it("fails when a re-run of a successful check is still in progress", async () => {
    const finding = await run("build", [running("build", "in_progress"), done("build", "success")]);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "check 'build' is still in progress on abc1234; an earlier 'build' succeeded, but the newest counts",
    );
    expect(finding.measured).toBe("in progress");
  });

  it("is an error when the checks of the head commit were not read", async () => {
    const finding = await evaluateCi({ check: "build" }, memoryContext({}, { github: {} }));
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("check 'build' cannot be judged");
  });

  it("is not evaluable outside GitHub", async () => {
    const finding = await evaluateCi({ check: "build" }, memoryContext({}));
    expect(finding.status).toBe("not-evaluable");
  });
});
