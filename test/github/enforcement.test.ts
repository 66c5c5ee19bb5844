// What counts as "the branch requires the shipgate check", read from the shapes GitHub publishes (the
// examples of its OpenAPI description), and how stage branch patterns become ruleset conditions.
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import {
  branchEnforcement,
  overallState,
  protectionAnswer,
  readEnforcement,
  rulesAnswer,
  type BranchRule,
  type ProtectionSummary,
} from "../../src/github/enforcement.js";
import { refPatterns } from "../../src/github/ruleset.js";
import { gitHubRestDescription } from "../support/fake-github/index.js";
import { fnmatchPathname } from "../support/fake-github/state.js";
import { clientFor, fakeGitHub, HEAD_SHA, recorder } from "./fake.js";

const api = gitHubRestDescription();

describe("rulesAnswer", () => {
  it("GitHub's example rules of a branch require no status check", () => {
    const rules = api.example("repository-rule-items") as BranchRule[];
    expect(rules.length).toBeGreaterThan(0);
    expect(rulesAnswer(rules)).toEqual({ requires: false });
  });

  it("counts shipgate from GitHub Actions or any source; names one from another app without counting it", () => {
    const rule = (checks: unknown[]): BranchRule => ({
      type: "required_status_checks",
      ruleset_source_type: "Organization",
      ruleset_source: "acme",
      ruleset_id: 73,
      parameters: { strict_required_status_checks_policy: false, required_status_checks: checks },
    });
    expect(rulesAnswer([rule([{ context: "shipgate", integration_id: 15368 }])])).toEqual({
      requires: true,
      reason: "ruleset 73 of organization acme requires the shipgate check from GitHub Actions",
    });
    expect(rulesAnswer([rule([{ context: "shipgate" }])])).toMatchObject({ requires: true });
    expect(rulesAnswer([rule([{ context: "shipgate", integration_id: 9 }])])).toEqual({
      requires: false,
      reason: "ruleset 73 of organization acme requires shipgate from app 9, not GitHub Actions",
    });
    expect(rulesAnswer([rule([{ context: "Shipgate" }, { context: "shipgate-lint" }])])).toEqual({
      requires: false,
    });
  });
});

describe("protectionAnswer", () => {
  it("GitHub's example branch (unprotected) requires nothing", () => {
    const branch = api.example("branch-get") as { protected: boolean; protection: ProtectionSummary };
    expect(protectionAnswer(branch.protected, branch.protection)).toEqual({ requires: false });
  });

  it("reads checks with their app, and older contexts-only summaries", () => {
    const summary = (checks: Array<{ context: string; app_id: number | null }>): ProtectionSummary => ({
      enabled: true,
      required_status_checks: {
        enforcement_level: "everyone",
        contexts: checks.map((c) => c.context),
        checks,
      },
    });
    expect(protectionAnswer(true, summary([{ context: "shipgate", app_id: null }]))).toMatchObject({
      requires: true,
    });
    expect(protectionAnswer(true, summary([{ context: "shipgate", app_id: 9 }]))).toMatchObject({
      requires: false,
    });
    expect(
      protectionAnswer(true, { enabled: true, required_status_checks: { contexts: ["shipgate"] } }),
    ).toMatchObject({ requires: true });
    expect(protectionAnswer(true, { enabled: true })).toHaveProperty("error");
  });
});

describe("branchEnforcement and overallState", () => {
  it("either source requiring it is enough; not required needs both to say so; an error is unknown", () => {
    const no = { requires: false } as const;
    const yes = { requires: true, reason: "r" } as const;
    const err = { error: "e" } as const;
    expect(branchEnforcement("main", no, yes).state).toBe("required");
    expect(branchEnforcement("main", err, yes).state).toBe("required");
    expect(branchEnforcement("main", no, no).state).toBe("not-required");
    expect(branchEnforcement("main", no, err)).toEqual({
      branch: "main",
      state: "unknown",
      reason: "no active ruleset requires shipgate, but e",
    });
    const b = (state: "required" | "not-required" | "unknown") => ({ branch: "x", state, reason: "" });
    expect(overallState([])).toBe("unknown");
    expect(overallState([b("required"), b("unknown")])).toBe("unknown");
    expect(overallState([b("unknown"), b("not-required")])).toBe("not-enforced");
    expect(overallState([b("required")])).toBe("enforced");
  });
});

describe("refPatterns: stage globs (picomatch) as ruleset conditions (fnmatch with FNM_PATHNAME)", () => {
  const branches = [
    "main",
    "release",
    "release/1",
    "release/1/2",
    "releases/1",
    "v1",
    "v12",
    "vx",
    "v!",
    "hotfix-a",
    "hotfix-a/b",
    "a/b/c",
    "a/c",
    "a/x/y/c",
    "qa/foo",
    "qa/foo/bar",
    "canary",
    "preview",
  ];
  it.each([
    "main",
    "release/**",
    "release/*",
    "v[0-9]*",
    "v[!0-9]",
    "v[^0-9]",
    "hotfix-?",
    "a/**/c",
    "**",
    "*",
    "{canary,preview}",
    "qa/**",
  ])("%s matches on GitHub exactly the branches it matches in Shipgate", (pattern) => {
    const refs = refPatterns(pattern);
    if ("error" in refs) throw new Error(refs.error);
    for (const branch of branches) {
      const shipgate = picomatch(pattern, { dot: true })(branch);
      const github = refs.refs.some((ref) => fnmatchPathname(ref, `refs/heads/${branch}`));
      expect(github, `${pattern} on ${branch}`).toBe(shipgate);
    }
  });

  it("translates a trailing globstar into the folder itself and everything under it", () => {
    expect(refPatterns("release/**")).toEqual({ refs: ["refs/heads/release", "refs/heads/release/**/*"] });
  });

  it.each(["!main", "+(main|trunk)", "main\\*", "{a,{b,c}}", "{1..3}"])(
    "refuses %s, which a ruleset cannot express",
    (pattern) => {
      expect(refPatterns(pattern)).toHaveProperty("error");
    },
  );
});

describe("readEnforcement against the fake GitHub", () => {
  const statusRule = (context: string) => ({
    type: "required_status_checks",
    parameters: {
      strict_required_status_checks_policy: false,
      required_status_checks: [{ context, integration_id: 15368 }],
    },
  });

  it("follows the rules' pages: a requiring rule on page 2 of 2 counts (two requests, no branch read)", async () => {
    const filler = Array.from({ length: 120 }, (_, i) => statusRule(`ci/job-${i}`));
    const fake = await fakeGitHub({
      branches: { main: HEAD_SHA },
      rulesets: [{ name: "many", include: ["~ALL"], rules: [...filler, statusRule("shipgate")] }],
    });
    const log = recorder();
    const enforcement = await readEnforcement(
      clientFor(fake),
      { owner: "acme", repo: "claims-triage", branches: ["main"] },
      log,
    );
    expect(enforcement.state).toBe("enforced");
    expect(fake.requests.map((r) => [r.route, r.query.page ?? "1"])).toEqual([
      ["GET /repos/{owner}/{repo}/rules/branches/{branch}", "1"],
      ["GET /repos/{owner}/{repo}/rules/branches/{branch}", "2"],
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("a branch GitHub does not know: unknown, with the 404 in the reason and the log, never a throw", async () => {
    const fake = await fakeGitHub();
    const log = recorder();
    const enforcement = await readEnforcement(
      clientFor(fake),
      { owner: "acme", repo: "claims-triage", branches: ["gone"] },
      log,
    );
    expect(enforcement).toMatchObject({ state: "unknown", branches: [{ branch: "gone", state: "unknown" }] });
    expect(enforcement.branches[0]!.reason).toContain(
      "the branch's protection could not be read: GET /repos/acme/claims-triage/branches/gone failed with 404",
    );
    expect(log.lines.some((l) => l.startsWith("info: Cannot tell whether branch gone requires"))).toBe(true);
  });
});
