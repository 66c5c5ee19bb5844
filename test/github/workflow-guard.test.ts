// Which inputs weaken the gate, and when a pull request's own workflow makes Shipgate ignore them.
import { describe, expect, it } from "vitest";
import { DEFAULT_FILES, type ActionInputs } from "../../src/github/inputs.js";
import { weakeningInputs, workflowGuard, workflowPathOf } from "../../src/github/workflow-guard.js";

const REPO = "acme/claims-triage";
const REF = `${REPO}/.github/workflows/shipgate.yml@refs/pull/7/merge`;
const defaults: ActionInputs = {
  githubToken: "t",
  files: DEFAULT_FILES,
  comment: "auto",
  failOn: "no-go",
  htmlReport: false,
  allowNoSystems: false,
};

describe("workflowPathOf", () => {
  it("reads the workflow file from GITHUB_WORKFLOW_REF, for a pull request or a branch", () => {
    expect(workflowPathOf(REF, REPO)).toBe(".github/workflows/shipgate.yml");
    expect(workflowPathOf(`${REPO}/.github/workflows/gate.yaml@refs/heads/main`, REPO)).toBe(
      ".github/workflows/gate.yaml",
    );
    expect(workflowPathOf(`ACME/Claims-Triage/.github/workflows/gate.yml@refs/heads/x`, REPO)).toBe(
      ".github/workflows/gate.yml",
    );
  });

  it("names no file when the variable is missing, of another repository, or not a workflow", () => {
    expect(workflowPathOf(undefined, REPO)).toBeUndefined();
    expect(workflowPathOf("", REPO)).toBeUndefined();
    expect(workflowPathOf(`other/repo/.github/workflows/gate.yml@refs/heads/main`, REPO)).toBeUndefined();
    expect(workflowPathOf(`${REPO}/ci/gate.yml@refs/heads/main`, REPO)).toBeUndefined();
  });
});

describe("weakeningInputs", () => {
  it("counts fail-on: never, a stage, another glob and allow-no-systems; conditional and comment are not weaker", () => {
    expect(weakeningInputs({ ...defaults, failOn: "conditional", comment: "never" }).given).toEqual([]);
    const { given, safe } = weakeningInputs({
      ...defaults,
      failOn: "never",
      stage: "pilot",
      files: "ml/**/readiness.yml",
      allowNoSystems: true,
      comment: "never",
    });
    expect(given).toEqual([
      "fail-on: never",
      "stage: pilot",
      "files: ml/**/readiness.yml",
      "allow-no-systems: true",
    ]);
    expect(safe).toEqual({ ...defaults, comment: "never" });
  });
});

describe("workflowGuard", () => {
  const weak = { ...defaults, failOn: "never" as const };
  const changed = [{ path: ".github/workflows/shipgate.yml", status: "modified" as const }];

  it("guards a pull_request run whose workflow the pull request changes or adds", () => {
    expect(workflowGuard("pull_request", weak, REF, REPO, changed)?.why).toBe(
      "this pull request changes .github/workflows/shipgate.yml, the workflow that runs Shipgate",
    );
    expect(
      workflowGuard("pull_request_review", weak, REF, REPO, [
        { path: ".github/workflows/shipgate.yml", status: "added" },
      ])?.why,
    ).toMatch(/^this pull request adds /);
  });

  it("counts a clock pinned with SHIPGATE_NOW as weakening, and sets the real clock back", () => {
    const guard = workflowGuard("pull_request", defaults, REF, REPO, changed, "2020-01-01T00:00:00Z");
    expect(guard?.weakening).toEqual(["SHIPGATE_NOW=2020-01-01T00:00:00Z"]);
    expect(guard?.unpinsClock).toBe(true);
    expect(workflowGuard("pull_request", weak, REF, REPO, changed)?.unpinsClock).toBe(false);
  });

  it("fails closed when it cannot tell which workflow runs it", () => {
    expect(workflowGuard("pull_request", weak, undefined, REPO, [])?.why).toMatch(
      /^GITHUB_WORKFLOW_REF \(not set\) does not name a workflow file of acme\/claims-triage/,
    );
  });

  it("leaves alone an unchanged workflow, inputs that weaken nothing, and events that run the base's workflow", () => {
    expect(workflowGuard("pull_request", weak, REF, REPO, [{ path: "src/a.py", status: "modified" }])).toBe(
      undefined,
    );
    expect(workflowGuard("pull_request", defaults, REF, REPO, changed)).toBeUndefined();
    expect(workflowGuard("pull_request_target", weak, REF, REPO, changed)).toBeUndefined();
    expect(workflowGuard("push", weak, REF, REPO, changed)).toBeUndefined();
  });
});
