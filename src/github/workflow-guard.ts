// On `pull_request` GitHub runs the workflow as the pull request has it, so a pull request could weaken its
// own gate through the inputs (`fail-on: never`, a lower `stage`, another `files` glob, `allow-no-systems`).
// When it changes the workflow that runs Shipgate, those inputs are ignored until an owner named in a base
// readiness file approves its head, as for a changed readiness file (DESIGN.md section 2).
import type { RunContext } from "./context.js";
import { DEFAULT_FILES, type ActionInputs } from "./inputs.js";
import type { ChangedFile } from "./policy.js";

/** Events whose workflow file comes from the pull request (its test merge), not from the base branch. */
const WORKFLOW_FROM_PULL_REQUEST: ReadonlySet<RunContext["event"]> = new Set([
  "pull_request",
  "pull_request_review",
]);

export interface WorkflowGuard {
  /** The workflow file that runs this step, when GITHUB_WORKFLOW_REF names one in this repository. */
  workflow?: string;
  /** Why the workflow counts as changed, for the note. */
  why: string;
  /** The weakening inputs as given, e.g. `fail-on: never`. */
  weakening: string[];
  /** The inputs with every weakening one set back to its default. */
  safe: ActionInputs;
  /** SHIPGATE_NOW pins the clock (so an expired waiver or stale evidence would still count): ignored too. */
  unpinsClock: boolean;
}

/**
 * The workflow file's repository path from GITHUB_WORKFLOW_REF (`owner/repo/.github/workflows/x.yml@ref`),
 * or undefined when it does not name a file of this repository.
 */
export function workflowPathOf(workflowRef: string | undefined, repository: string): string | undefined {
  if (!workflowRef) return undefined;
  const prefix = `${repository}/`;
  if (!workflowRef.toLowerCase().startsWith(prefix.toLowerCase())) return undefined;
  const rest = workflowRef.slice(prefix.length);
  const at = rest.lastIndexOf("@");
  const path = at >= 0 ? rest.slice(0, at) : rest;
  return /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) ? path : undefined;
}

/** The inputs that make the gate weaker than its defaults; `fail-on: conditional` is stronger and stays. */
export function weakeningInputs(
  inputs: ActionInputs,
  pinnedClock?: string,
): { given: string[]; safe: ActionInputs } {
  const given: string[] = [];
  if (pinnedClock) given.push(`SHIPGATE_NOW=${pinnedClock}`);
  const safe: ActionInputs = { ...inputs };
  if (inputs.failOn === "never") {
    given.push("fail-on: never");
    safe.failOn = "no-go";
  }
  if (inputs.stage !== undefined) {
    given.push(`stage: ${inputs.stage}`);
    delete safe.stage;
  }
  if (inputs.files !== DEFAULT_FILES) {
    given.push(`files: ${inputs.files}`);
    safe.files = DEFAULT_FILES;
  }
  if (inputs.allowNoSystems) {
    given.push("allow-no-systems: true");
    safe.allowNoSystems = false;
  }
  return { given, safe };
}

/**
 * The guard, when this run's workflow comes from the pull request, the pull request changes it (or
 * Shipgate cannot tell which file it is: fail closed), and some input weakens the gate. Undefined otherwise.
 */
export function workflowGuard(
  event: RunContext["event"],
  inputs: ActionInputs,
  workflowRef: string | undefined,
  repository: string,
  changed: readonly ChangedFile[],
  pinnedClock?: string,
): WorkflowGuard | undefined {
  if (!WORKFLOW_FROM_PULL_REQUEST.has(event)) return undefined;
  const { given, safe } = weakeningInputs(inputs, pinnedClock);
  const unpinsClock = Boolean(pinnedClock);
  if (given.length === 0) return undefined;
  const workflow = workflowPathOf(workflowRef, repository);
  if (workflow === undefined) {
    return {
      why: `GITHUB_WORKFLOW_REF (${workflowRef || "not set"}) does not name a workflow file of ${repository}, so Shipgate cannot tell whether this pull request changes the workflow that runs it`,
      weakening: given,
      safe,
      unpinsClock,
    };
  }
  const change = changed.find((f) => f.path === workflow);
  if (!change) return undefined;
  const what =
    change.status === "added" || (change.status === "renamed" && change.previousPath !== workflow)
      ? "adds"
      : change.status === "removed"
        ? "removes"
        : "changes";
  return {
    workflow,
    why: `this pull request ${what} ${workflow}, the workflow that runs Shipgate`,
    weakening: given,
    safe,
    unpinsClock,
  };
}

/**
 * The policy note: the weakening inputs apply because `approver` (an owner) approved this head, or are
 * ignored until one of `owners` does, and what the run was judged with instead.
 */
export function guardNote(
  guard: WorkflowGuard,
  approver: string | undefined,
  owners: readonly string[],
): string {
  const inputsText = guard.weakening.join(", ");
  if (approver)
    return `${guard.why}; its inputs ${inputsText} apply because owner ${approver} approved this head.`;
  const who =
    owners.length > 0
      ? `an owner (${owners.join(", ")}) approves this head`
      : "an owner named in a base readiness file approves this head (none names one)";
  return `${guard.why}, so the inputs that would weaken the gate (${inputsText}) are ignored until ${who}: judged with ${safeInputsText(guard)}.`;
}

function safeInputsText(guard: WorkflowGuard): string {
  const parts = [`fail-on: ${guard.safe.failOn}`];
  parts.push(guard.safe.stage ? `stage: ${guard.safe.stage}` : "the stage of the target branch");
  parts.push(`files: ${guard.safe.files}`, `allow-no-systems: ${String(guard.safe.allowNoSystems)}`);
  if (guard.unpinsClock) parts.push("the real clock");
  return parts.join(", ");
}
