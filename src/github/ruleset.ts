// The repository ruleset `shipgate protect` writes (DESIGN.md section 7): the `shipgate` check from GitHub
// Actions required on every branch a stage names. Pure: built from the readiness files and, on an update, the
// ruleset already there; protect.ts does the talking.
//
// Stage branches are picomatch globs (src/gate/stage.ts); ruleset conditions are Ruby's File.fnmatch with
// FNM_PATHNAME. They agree on `*`, `?`, `[abc]`, `[!a]` and `a/**/b`, and differ where translated below:
// a trailing `/**` (picomatch: the folder itself and anything under it at any depth; fnmatch: one segment,
// so it becomes the branch itself plus `…/**/*`), negated classes (picomatch `[^a]`, fnmatch `[!a]`; a
// picomatch `[!a]` is a class holding `!`, written `[a!]`), braces (picomatch expands them; GitHub reads them
// as literal characters without FNM_EXTGLOB, so they are expanded here), and what GitHub cannot express
// (extglobs, a leading `!` negation, backslash escapes), which is refused with the pattern named.
import { sortedDeep } from "../base/jsonpath.js";
import type { ReadinessFile } from "../config/types.js";
import { GITHUB_ACTIONS_APP_ID } from "./enforcement.js";
import { OWN_CHECK_NAME } from "./facts.js";

/** The name protect finds and writes; a ruleset of another name is never touched. */
export const RULESET_NAME = "shipgate";

/** Where a branch pattern came from, for the printout and error messages. */
export interface StageBranch {
  pattern: string;
  file: string;
  system: string;
  stage: string;
}

export interface RequiredCheck {
  context: string;
  integration_id?: number;
}

export interface RulesetRule {
  type: string;
  parameters?: Record<string, unknown>;
}

/** The request body of POST/PUT /repos/{owner}/{repo}/rulesets[/{id}], as GitHub documents it. */
export interface RulesetBody {
  name: string;
  target: "branch";
  enforcement: "active";
  bypass_actors: unknown[];
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  rules: RulesetRule[];
}

/** What an existing ruleset holds, in the fields compared and kept (GET /repos/{owner}/{repo}/rulesets/{id}). */
export interface ExistingRuleset {
  id: number;
  name: string;
  target?: string;
  enforcement?: string;
  bypass_actors?: unknown[];
  conditions?: { ref_name?: { include?: string[]; exclude?: string[] } } | null;
  rules?: RulesetRule[];
}

/** Every branch pattern any stage of any readiness file names, each once, in file order. */
export function stageBranches(files: readonly ReadinessFile[]): StageBranch[] {
  const seen = new Set<string>();
  const out: StageBranch[] = [];
  for (const file of files) {
    for (const stage of file.spec.stages) {
      for (const pattern of stage.branches) {
        if (seen.has(pattern)) continue;
        seen.add(pattern);
        out.push({ pattern, file: file.path, system: file.spec.system, stage: stage.name });
      }
    }
  }
  return out;
}

/**
 * The ruleset `ref_name.include` entries that match exactly the branches picomatch matches for `pattern`
 * (git forbids the dot-leading names where the two would still differ), or why it cannot be expressed.
 */
export function refPatterns(pattern: string): { refs: string[] } | { error: string } {
  const bare = pattern.replace(/^refs\/heads\//, "");
  if (bare === "") return { error: "an empty branch pattern" };
  if (bare.startsWith("!")) return { error: "a negated pattern (!…) has no ruleset equivalent" };
  if (/[\\()|]/.test(bare) || /[+@!?*]\(/.test(bare)) {
    return { error: "extglobs, alternation and backslash escapes have no ruleset equivalent" };
  }
  const expanded = expandBraces(classesForFnmatch(bare));
  if ("error" in expanded) return expanded;
  const refs: string[] = [];
  for (const one of expanded.patterns) {
    if (one === "**") {
      refs.push("refs/heads/**/*");
      continue;
    }
    if (one.endsWith("/**")) {
      // picomatch's trailing globstar matches the folder itself and anything under it.
      const folder = one.slice(0, -3);
      refs.push(`refs/heads/${folder}`, `refs/heads/${folder}/**/*`);
      continue;
    }
    refs.push(`refs/heads/${one}`);
  }
  return { refs: [...new Set(refs)] };
}

/**
 * Bracket classes in fnmatch's spelling: picomatch negates with `[^…]` and reads `[!…]` as a class holding
 * `!`; fnmatch negates with `[!…]` (GitHub does not support `[^…]`) and reads a `!` elsewhere as itself.
 */
function classesForFnmatch(pattern: string): string {
  return pattern.replace(/\[([!^]?)([^\]]*)\]/g, (_all, lead: string, body: string) =>
    lead === "^" ? `[!${body}]` : lead === "!" ? `[${body}!]` : `[${body}]`,
  );
}

/** `release/{a,b}` → `release/a`, `release/b`; nested or unbalanced braces and `{1..3}` ranges are refused. */
function expandBraces(pattern: string): { patterns: string[] } | { error: string } {
  const open = pattern.indexOf("{");
  if (open < 0) {
    return pattern.includes("}") ? { error: "an unbalanced brace" } : { patterns: [pattern] };
  }
  const close = pattern.indexOf("}", open);
  if (close < 0) return { error: "an unbalanced brace" };
  const inner = pattern.slice(open + 1, close);
  if (inner.includes("{")) return { error: "nested braces" };
  if (inner.includes("..")) return { error: "a brace range ({1..3})" };
  const out: string[] = [];
  for (const choice of inner.split(",")) {
    const rest = expandBraces(pattern.slice(0, open) + choice + pattern.slice(close + 1));
    if ("error" in rest) return rest;
    out.push(...rest.patterns);
  }
  return { patterns: out };
}

/** The ruleset's include list for these stage branches, or every pattern that cannot be expressed. */
export function rulesetIncludes(
  branches: readonly StageBranch[],
): { include: string[] } | { problems: string[] } {
  const include: string[] = [];
  const problems: string[] = [];
  for (const b of branches) {
    const refs = refPatterns(b.pattern);
    if ("error" in refs) {
      problems.push(
        `${b.file}: stage ${b.stage} names branch pattern ${JSON.stringify(b.pattern)}: ${refs.error}. Name the branches with *, ?, [ ], ** and {a,b} only`,
      );
    } else include.push(...refs.refs);
  }
  return problems.length > 0 ? { problems } : { include: [...new Set(include)].sort() };
}

/**
 * The ruleset to write: these includes, active, requiring the check from GitHub Actions. An existing
 * ruleset keeps its bypass actors, its other rules and the other checks its status-check rule requires:
 * protect owns only what makes a No-go block.
 */
export function wantedRuleset(include: readonly string[], existing?: ExistingRuleset): RulesetBody {
  const ours: RequiredCheck = { context: OWN_CHECK_NAME, integration_id: GITHUB_ACTIONS_APP_ID };
  const rules = existing?.rules ?? [];
  const statusRule = rules.find((r) => r.type === "required_status_checks");
  const params = statusRule?.parameters ?? {};
  const others = Array.isArray(params.required_status_checks)
    ? (params.required_status_checks as RequiredCheck[]).filter((c) => c.context !== OWN_CHECK_NAME)
    : [];
  const statusParameters: Record<string, unknown> = {
    strict_required_status_checks_policy:
      typeof params.strict_required_status_checks_policy === "boolean"
        ? params.strict_required_status_checks_policy
        : false,
    required_status_checks: [ours, ...others].map(checkOf),
  };
  if (typeof params.do_not_enforce_on_create === "boolean") {
    statusParameters.do_not_enforce_on_create = params.do_not_enforce_on_create;
  }
  return {
    name: RULESET_NAME,
    target: "branch",
    enforcement: "active",
    bypass_actors: existing?.bypass_actors ?? [],
    conditions: { ref_name: { include: [...include], exclude: [] } },
    rules: [
      ...rules.filter((r) => r.type !== "required_status_checks").map(ruleOf),
      { type: "required_status_checks", parameters: statusParameters },
    ],
  };
}

function checkOf(c: RequiredCheck): RequiredCheck {
  return c.integration_id !== undefined && c.integration_id !== null
    ? { context: c.context, integration_id: c.integration_id }
    : { context: c.context };
}

function ruleOf(r: RulesetRule): RulesetRule {
  return r.parameters !== undefined ? { type: r.type, parameters: r.parameters } : { type: r.type };
}

/** Whether the existing ruleset already is the wanted one (so nothing is written). */
export function sameRuleset(existing: ExistingRuleset, wanted: RulesetBody): boolean {
  const refName = existing.conditions?.ref_name;
  const have = {
    name: existing.name,
    target: existing.target ?? "branch",
    enforcement: existing.enforcement,
    bypass_actors: existing.bypass_actors ?? [],
    conditions: { ref_name: { include: refName?.include ?? [], exclude: refName?.exclude ?? [] } },
    rules: (existing.rules ?? []).map(ruleOf),
  };
  return canonical(have) === canonical(wanted);
}

/** JSON with object keys sorted, include/exclude lists sorted, rules ordered by type, checks by context. */
function canonical(ruleset: Pick<RulesetBody, "conditions" | "rules">): string {
  const sortRules = (rules: RulesetRule[]) =>
    [...rules]
      .map((r) => {
        const checks = r.parameters?.required_status_checks;
        if (!Array.isArray(checks)) return r;
        const sorted = [...(checks as RequiredCheck[])]
          .map(checkOf)
          .sort((a, b) => a.context.localeCompare(b.context));
        return { ...r, parameters: { ...r.parameters, required_status_checks: sorted } };
      })
      .sort((a, b) => a.type.localeCompare(b.type));
  return JSON.stringify(
    sortedDeep({
      ...ruleset,
      conditions: {
        ref_name: {
          include: [...ruleset.conditions.ref_name.include].sort(),
          exclude: [...ruleset.conditions.ref_name.exclude].sort(),
        },
      },
      rules: sortRules(ruleset.rules),
    }),
  );
}
