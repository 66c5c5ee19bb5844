// When the token lacks a permission, Shipgate still decides; the log says what is missing and how to grant it.

export type Permission = "contents: read" | "pull-requests: write" | "checks: write";

/** Everything Shipgate uses, as the workflow's permissions block grants it. */
export const WORKFLOW_PERMISSIONS = `permissions:
  contents: read
  pull-requests: write
  checks: write`;

const WHY: Record<Permission, string> = {
  "contents: read": "to read the base branch's readiness files",
  "pull-requests: write": "to write the pull request comment",
  "checks: write": "to create the shipgate check run",
};

/**
 * One message naming the missing permissions, what each is for, and the workflow snippet that grants
 * them. A fork's pull request gets a read-only token whatever the workflow asks for, so that case says so.
 */
export function permissionHint(
  missing: ReadonlySet<Permission>,
  opts: { fromFork?: boolean } = {},
): string | undefined {
  if (missing.size === 0) return undefined;
  const list = [...missing].sort().map((p) => `${p} (${WHY[p]})`);
  const lines = [
    `The token is missing ${list.join(", ")}. The decision is unaffected; the job summary and annotations have the full report.`,
  ];
  if (opts.fromFork) {
    lines.push(
      "This pull request comes from a fork, and GitHub gives such runs a read-only GITHUB_TOKEN whatever the workflow asks for.",
      "The exit code of this step still carries the gate.",
    );
  } else {
    lines.push("Grant it in the workflow (or the job):", WORKFLOW_PERMISSIONS);
  }
  return lines.join("\n");
}
