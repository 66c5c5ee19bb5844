import { describe, expect, it } from "vitest";
import { permissionHint, WORKFLOW_PERMISSIONS } from "../../src/github/permissions.js";

describe("permissionHint", () => {
  it("says nothing when nothing is missing", () => {
    expect(permissionHint(new Set())).toBeUndefined();
  });

  it("names each missing permission, what it is for, and the snippet that grants it", () => {
    const hint = permissionHint(new Set(["pull-requests: write", "checks: write"]));
    expect(hint).toBe(
      [
        "The token is missing checks: write (to create the shipgate check run), pull-requests: write (to write the pull request comment). The decision is unaffected; the job summary and annotations have the full report.",
        "Grant it in the workflow (or the job):",
        "permissions:\n  contents: read\n  pull-requests: write\n  checks: write",
      ].join("\n"),
    );
    expect(hint).toContain(WORKFLOW_PERMISSIONS);
  });

  it("on a fork's pull request explains why the workflow cannot grant it", () => {
    const hint = permissionHint(new Set(["checks: write"]), { fromFork: true });
    expect(hint).toContain("comes from a fork");
    expect(hint).not.toContain("permissions:");
  });
});
