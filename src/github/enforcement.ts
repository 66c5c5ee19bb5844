// Whether a No-go blocks anything (DESIGN.md section 7): GitHub blocks a merge on a failing check only when
// the branch requires it. Asked of GitHub per gated branch, with what `contents: read` may read: the branch's
// active rules (rulesets, repository and organization) and the branch's own summary of classic protection.
// At most two calls per branch; any error is "cannot tell", never a crash and never a pass of its own.
import type { BranchEnforcement, Enforcement, EnforcementState } from "../gate/types.js";
import type { GitHubClient, Logger } from "./client.js";
import { describeGitHubError } from "./errors.js";
import { OWN_CHECK_NAME } from "./facts.js";

/** The GitHub Actions app: check runs written with a workflow's GITHUB_TOKEN come from it. */
export const GITHUB_ACTIONS_APP_ID = 15368;

/** One rule of `GET /repos/{owner}/{repo}/rules/branches/{branch}`, in the fields read here. */
export interface BranchRule {
  type: string;
  parameters?: unknown;
  ruleset_id?: number;
  ruleset_source?: string;
  ruleset_source_type?: string;
}

/** The classic protection summary of `GET /repos/{owner}/{repo}/branches/{branch}` (`protection`). */
export interface ProtectionSummary {
  enabled?: boolean;
  required_status_checks?: {
    enforcement_level?: string;
    contexts?: string[];
    checks?: Array<{ context: string; app_id: number | null }>;
  };
}

/** What one source (rulesets or classic protection) says of a branch. */
export type SourceAnswer =
  { requires: true; reason: string } | { requires: false; reason?: string } | { error: string };

/**
 * Whether the branch's active rules require `check` from GitHub Actions (or from any source, which a
 * check run of GitHub Actions satisfies). A rule that requires it from another app is not ours: our No-go
 * neither fails nor satisfies it, so it is named in the reason but does not count.
 */
export function rulesAnswer(rules: readonly BranchRule[], check: string = OWN_CHECK_NAME): SourceAnswer {
  const otherApps: string[] = [];
  for (const rule of rules) {
    if (rule.type !== "required_status_checks") continue;
    const required = requiredChecksOf(rule.parameters);
    for (const entry of required) {
      if (entry.context !== check) continue;
      const ruleset = rulesetName(rule);
      if (entry.integration_id === undefined || entry.integration_id === GITHUB_ACTIONS_APP_ID) {
        const from = entry.integration_id === undefined ? "from any source" : "from GitHub Actions";
        return { requires: true, reason: `${ruleset} requires the ${check} check ${from}` };
      }
      otherApps.push(`${ruleset} requires ${check} from app ${entry.integration_id}, not GitHub Actions`);
    }
  }
  return otherApps.length > 0 ? { requires: false, reason: otherApps.join("; ") } : { requires: false };
}

function requiredChecksOf(parameters: unknown): Array<{ context: string; integration_id?: number }> {
  if (typeof parameters !== "object" || parameters === null) return [];
  const list = (parameters as { required_status_checks?: unknown }).required_status_checks;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: unknown) => {
    if (typeof c !== "object" || c === null) return [];
    const { context, integration_id } = c as { context?: unknown; integration_id?: unknown };
    if (typeof context !== "string") return [];
    return [typeof integration_id === "number" ? { context, integration_id } : { context }];
  });
}

function rulesetName(rule: BranchRule): string {
  const id = rule.ruleset_id !== undefined ? ` ${rule.ruleset_id}` : "";
  const source =
    rule.ruleset_source !== undefined
      ? ` of ${rule.ruleset_source_type === "Organization" ? "organization " : ""}${rule.ruleset_source}`
      : "";
  return `ruleset${id}${source}`;
}

/** What classic branch protection says, from the branch's summary; an error when the summary is missing. */
export function protectionAnswer(
  protectedFlag: boolean | undefined,
  protection: ProtectionSummary | undefined,
  check: string = OWN_CHECK_NAME,
): SourceAnswer {
  if (protectedFlag === false || protection?.enabled === false) return { requires: false };
  const required = protection?.required_status_checks;
  if (required === undefined) {
    return { error: "the branch's protection summary does not list its required status checks" };
  }
  if (required.enforcement_level === "off") return { requires: false };
  const checks = required.checks;
  if (checks !== undefined) {
    const ours = checks.find(
      (c) => c.context === check && (c.app_id === null || c.app_id === GITHUB_ACTIONS_APP_ID),
    );
    if (ours) {
      const from = ours.app_id === null ? "from any source" : "from GitHub Actions";
      return { requires: true, reason: `classic branch protection requires the ${check} check ${from}` };
    }
    const other = checks.find((c) => c.context === check);
    return other
      ? {
          requires: false,
          reason: `classic branch protection requires ${check} from app ${other.app_id}, not GitHub Actions`,
        }
      : { requires: false };
  }
  if ((required.contexts ?? []).includes(check)) {
    return { requires: true, reason: `classic branch protection requires the ${check} check` };
  }
  return { requires: false };
}

/** One branch's answer from its two sources: either requiring it is enough; "not required" needs both. */
export function branchEnforcement(
  branch: string,
  rules: SourceAnswer,
  protection: SourceAnswer,
  check: string = OWN_CHECK_NAME,
): BranchEnforcement {
  for (const answer of [rules, protection]) {
    if ("requires" in answer && answer.requires) return { branch, state: "required", reason: answer.reason };
  }
  const errors = [rules, protection].flatMap((a) => ("error" in a ? [a.error] : []));
  const asides = [rules, protection].flatMap((a) => ("requires" in a && a.reason ? [a.reason] : []));
  if (errors.length > 0) {
    const known = "requires" in rules ? `no active ruleset requires ${check}, but ` : "";
    return {
      branch,
      state: "unknown",
      reason: `${known}${errors.join("; ")}${asides.length > 0 ? ` (${asides.join("; ")})` : ""}`,
    };
  }
  return {
    branch,
    state: "not-required",
    reason:
      `no active ruleset and no classic branch protection rule requires the ${check} check` +
      (asides.length > 0 ? ` (${asides.join("; ")})` : ""),
  };
}

/** Every gated branch requires it: enforced; GitHub says one does not: not-enforced; else unknown. */
export function overallState(branches: readonly BranchEnforcement[]): EnforcementState {
  if (branches.length === 0) return "unknown";
  if (branches.some((b) => b.state === "not-required")) return "not-enforced";
  if (branches.some((b) => b.state === "unknown")) return "unknown";
  return "enforced";
}

/**
 * Asks GitHub, for each branch this run gates, whether it requires the `shipgate` check. One call when a
 * ruleset requires it (the branch's rules, one page of up to 100), two otherwise (and the branch itself).
 */
export async function readEnforcement(
  client: GitHubClient,
  target: { owner: string; repo: string; branches: readonly string[] },
  log: Logger,
): Promise<Enforcement> {
  const { owner, repo } = target;
  const branches: BranchEnforcement[] = [];
  for (const branch of [...new Set(target.branches)]) {
    let rules: SourceAnswer;
    try {
      const list = await client.paginate(client.rest.repos.getBranchRules, {
        owner,
        repo,
        branch,
        per_page: 100,
      });
      rules = rulesAnswer(list as BranchRule[]);
    } catch (err) {
      rules = { error: `the branch's rules could not be read: ${describeGitHubError(err)}` };
    }
    let protection: SourceAnswer = { requires: false };
    if (!("requires" in rules && rules.requires)) {
      try {
        const { data } = await client.rest.repos.getBranch({ owner, repo, branch });
        protection = protectionAnswer(data.protected, data.protection as ProtectionSummary | undefined);
      } catch (err) {
        protection = { error: `the branch's protection could not be read: ${describeGitHubError(err)}` };
      }
    }
    const answer = branchEnforcement(branch, rules, protection);
    branches.push(answer);
    if (answer.state === "unknown")
      log.info(`Cannot tell whether branch ${branch} requires the ${OWN_CHECK_NAME} check: ${answer.reason}`);
    else log.info(`Branch ${branch}: ${answer.reason}.`);
  }
  return { state: overallState(branches), check: OWN_CHECK_NAME, branches };
}
