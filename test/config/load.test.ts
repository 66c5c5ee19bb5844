import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadReadinessTexts, parseReadiness } from "../../src/config/load.js";
import { isPlaceholderPrincipal } from "../../src/config/placeholders.js";
import { evidenceOf } from "../../src/config/schema.js";

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url)), "utf8");

/** Parses a fixture as if it lived at `systems/x/readiness.yml` and returns its problems as `line:col message`. */
function problemsOf(name: string, path = "systems/x/readiness.yml"): string[] {
  return parseReadiness(path, fixture(name)).problems.map((p) => `${p.line}:${p.column} ${p.message}`);
}

describe("parseReadiness", () => {
  it("accepts the DESIGN.md example and fills defaults from the schema", () => {
    const { file, problems } = parseReadiness(
      "systems/claims/readiness.yml",
      fixture("valid-design-example.yml"),
    );
    expect(problems).toEqual([]);
    expect(file?.dir).toBe("systems/claims");
    expect(file?.spec.system).toBe("claims-triage");
    expect(file?.spec.checks.map((c) => c.id)).toEqual([
      "eval-real-data",
      "latency-p95",
      "unit-tests",
      "coverage",
      "drift-alerts",
      "rollback-plan",
      "compliance-signoff",
    ]);
    const alerts = file!.spec.checks.find((c) => c.id === "drift-alerts")!;
    expect(evidenceOf(alerts)).toEqual({
      kind: "alerts",
      spec: {
        files: "monitoring/*.rules.yml",
        require: ["ModelDriftHigh", "LatencyP99High"],
        labels: [],
        annotations: [],
      },
    });
    expect(file?.spec.waivers[0]?.expires).toBe("2026-12-15");
    // Positions point at each check's first line, for annotations.
    expect(file?.positions.checks["eval-real-data"]).toEqual({ line: 13, column: 5 });
    expect(file?.positions.checks["compliance-signoff"]?.line).toBe(34);
    expect(file?.positions.waivers[0]?.line).toBe(39);
  });

  it("names an unknown key at its line and suggests the right one", () => {
    expect(problemsOf("unknown-key-typo.yml")).toEqual([
      expect.stringMatching(/^10:47 checks\[0\]\.junit: unknown key "minTest" — did you mean "minTests"\?/),
    ]);
  });

  it("reports wrong types and unknown enum values with what was found", () => {
    const problems = problemsOf("wrong-types.yml");
    expect(problems).toContainEqual('10:48 checks[0].coverage.min: expected number, got the string "eighty"');
    expect(problems).toContainEqual(
      expect.stringMatching(/^12:15 checks\[1\]\.category: must be one of data, model, system, monitoring/),
    );
  });

  it("rejects a duplicate check id at the second one", () => {
    expect(problemsOf("duplicate-check-ids.yml")).toEqual([
      '11:9 check id "rollback" is used twice; ids must be unique in the file',
    ]);
  });

  it("rejects a waiver naming a check the file does not declare", () => {
    expect(problemsOf("waiver-names-unknown-check.yml")).toEqual([
      '12:12 waiver names check "latency-p99", which this file does not declare (checks: latency-p95)',
    ]);
  });

  it("requires exactly one evidence kind per check", () => {
    expect(problemsOf("check-without-evidence.yml")).toEqual([
      expect.stringMatching(/^8:5 check "rollback" has no evidence: add exactly one of file, doc, contains/),
    ]);
    expect(problemsOf("check-with-two-evidence-kinds.yml")).toEqual([
      '11:5 check "rollback" has 2 evidence kinds (doc, file): keep one, or split it into 2 checks',
    ]);
  });

  it("rejects a check naming a stage that is not declared", () => {
    expect(problemsOf("check-with-unknown-stage.yml")).toEqual([
      '12:12 check "rollback": unknown stage "prod"; declared stages are pilot, production',
    ]);
  });

  it("rejects evidence paths that leave the repository or are absolute", () => {
    expect(problemsOf("evidence-path-leaves-repository.yml")).toEqual([
      '10:19 check "secrets": file.path "../../../etc/passwd" leaves the repository; evidence must be a file inside it, named relative to systems/x',
      `13:23 check "absolute": contains.file "/proc/self/environ" is an absolute path; write it relative to the readiness file's folder (systems/x)`,
    ]);
  });

  it("refuses every evidence path into .git, for every file-reading kind, at the key's line with the fix", () => {
    // actions/checkout keeps the workflow token in .git/config: no spelling of a path may reach it.
    const paths = [
      ".git/config",
      "./.git/config",
      "sub/../.git/config",
      "../../.git/config",
      ".git/**",
      ".GIT/config",
      ".Git/config",
      ".git./config",
      ".git::$INDEX_ALLOCATION/config",
      "git~1/config",
      ".g\u200cit/config",
      "vendor/lib/.git",
      ".gi?/config",
      ".[g]it/config",
      "{.git,reports}/config",
      ".*/config",
    ];
    const kinds = [
      (p: string) => `file: { path: "${p}" }`,
      (p: string) => `doc: { file: "${p}", sections: [Steps] }`,
      (p: string) => `contains: { file: "${p}", pattern: token }`,
      (p: string) => `metric: { file: "${p}", path: a.b, min: 1 }`,
      (p: string) => `junit: { files: "${p}" }`,
      (p: string) => `coverage: { file: "${p}", min: 80 }`,
      (p: string) => `loadtest: { file: "${p}", p95Ms: 300 }`,
      (p: string) => `alerts: { files: "${p}", require: [A] }`,
      (p: string) => `evals: { files: "${p}", minPassRate: 90 }`,
      (p: string) => `cost: { file: "${p}", requestsPerMonth: 1000, maxMonthlyUsd: 10 }`,
    ];
    const checks = paths.flatMap((p, i) =>
      kinds.map((kind, k) => `  - id: c${i}-${k}\n    category: model\n    ${kind(p)}`),
    );
    const text = [
      "version: 1",
      "system: s",
      'owners: ["@carol"]',
      "stages: [{ name: production, branches: [main] }]",
      "checks:",
      ...checks,
    ].join("\n");
    const problems = parseReadiness("systems/x/readiness.yml", text).problems;
    expect(problems).toHaveLength(paths.length * kinds.length);
    checks.forEach((_, n) => {
      const problem = problems[n]!;
      expect(problem.line).toBe(6 + n * 3 + 2);
      expect(problem.message).toMatch(
        /^check "c\d+-\d+": \w+\.(path|file|files) ".*" (is inside|is a pattern that can match) \.git/,
      );
      expect(problem.message).toMatch(
        /point the check at a file of the repository|write it so that no part of it matches \.git/,
      );
    });
    expect(problems[0]!.message).toBe(
      `check "c0-0": file.path ".git/config" is inside .git, git's own folder, which holds the checkout's settings and credentials (actions/checkout keeps the workflow token in .git/config), not evidence; point the check at a file of the repository`,
    );
  });

  it("accepts paths that only look like .git", () => {
    const text = [
      "version: 1",
      "system: s",
      'owners: ["@carol"]',
      "stages: [{ name: production, branches: [main] }]",
      "checks:",
      ...[
        ".github/workflows/ci.yml",
        ".gitignore",
        "docs/git/guide.md",
        "x.git/config",
        ".gitlab/a",
        "reports/**/*.json",
        "*/config",
      ].map((p, i) => `  - id: c${i}\n    category: model\n    file: { path: "${p}" }`),
    ].join("\n");
    expect(parseReadiness("readiness.yml", text).problems).toEqual([]);
  });

  it("refuses a backreference in a contains pattern (linear-time engine only)", () => {
    const problems = problemsOf("backreference-pattern.yml");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^10:43 check "repeated-word": .*backreference/i);
  });

  it("rejects a malformed metric path before any evidence is read", () => {
    expect(problemsOf("metric-path-malformed.yml")).toEqual([
      expect.stringMatching(/^10:38 check "eval": metric\.path: the path "metrics\.\.f1\[" /),
    ]);
  });

  it("locates each bind problem: a kind that is never JSON or YAML, a malformed path, a file outside, a typo", () => {
    expect(problemsOf("bind-problems.yml")).toEqual([
      "19:5 checks[2].bind.equals: is required",
      '19:37 checks[2].bind: unknown key "equal" — did you mean "equals"? (allowed: path, equals)',
      '11:5 check "model-card": bind applies to evidence read from JSON or YAML files, not doc; remove bind or move it to the check that reads the evaluation',
      expect.stringMatching(/^15:19 check "eval": bind: the path "config\.\.model_sha" has an empty key/),
      expect.stringMatching(/^15:\d+ check "eval": bind\.equals\.file "\.\.\/\.\.\/\.\.\/deploy\.yaml" /),
    ]);
  });

  it("reports every problem in a file at once, each located", () => {
    const problems = parseReadiness("readiness.yml", fixture("many-problems-at-once.yml")).problems;
    const lines = problems.map((p) => p.line);
    expect(problems.length).toBeGreaterThanOrEqual(8);
    // version, system, owners, check id, maxFailures, min, unknown key, impossible date
    for (const line of [1, 2, 3, 8, 10, 13, 14, 19]) expect(lines).toContain(line);
    expect(problems.every((p) => p.file === "readiness.yml" && p.column >= 1)).toBe(true);
    expect(problems.find((p) => p.line === 19)?.message).toMatch(/not a real calendar date/);
  });

  it("rejects duplicate YAML keys, a second document, and unknown tags", () => {
    expect(problemsOf("duplicate-yaml-key.yml")).toEqual([expect.stringMatching(/^3:1 duplicate key/)]);
    expect(problemsOf("multi-document.yml")).toEqual([
      expect.stringMatching(/^6:1 .*more than one YAML document/),
    ]);
    expect(problemsOf("unknown-tag.yml")[0]).toMatch(/^5:51 .*tags are not supported/i);
  });

  it("refuses __proto__ keys and pollutes nothing", () => {
    expect(problemsOf("proto-key.yml")).toEqual([
      expect.stringMatching(/^4:1 key "__proto__" is not allowed/),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("stops an alias bomb quickly with a clear message", () => {
    const problems = problemsOf("alias-bomb.yml");
    expect(problems).toEqual([expect.stringMatching(/alias/)]);
  });

  it("refuses a file that is not a mapping", () => {
    expect(parseReadiness("readiness.yml", "- just\n- a list\n").problems[0]?.message).toMatch(
      /must be a mapping/,
    );
    expect(parseReadiness("readiness.yml", "").problems[0]?.message).toMatch(/must be a mapping/);
  });
});

describe("parseReadiness: coverage declarations and real owners", () => {
  it("accepts notApplicable approved by an owner (case-insensitive, as GitHub logins are) and stages[].covers", () => {
    const { file, problems } = parseReadiness("systems/x/readiness.yml", fixture("not-applicable-valid.yml"));
    expect(problems).toEqual([]);
    expect(file?.spec.notApplicable).toEqual([
      {
        category: "data",
        reason: "The system ranks a fixed catalogue; it takes no external data",
        approvedBy: "@Carol",
      },
    ]);
    expect(file?.spec.stages[0]?.covers).toEqual(["model", "system"]);
    expect(file?.spec.stages[1]?.covers).toBeUndefined();
    // Where the entry is, for the report's link; where `checks:` is, for "add a check here".
    expect(file?.positions.notApplicable).toEqual([{ line: 20, column: 5 }]);
    expect(file?.positions.checksList).toEqual({ line: 10, column: 1 });
  });

  it("rejects an approver who is not an owner, a category both checked and not applicable, duplicates and unknown categories, each with the fix", () => {
    expect(problemsOf("not-applicable-invalid.yml")).toEqual([
      "7:28 stages[0].covers[2]: must be one of data, model, system, monitoring, compliance, operations",
      "22:15 notApplicable[3].category: must be one of data, model, system, monitoring, compliance, operations",
      '25:15 notApplicable[3]: unknown key "approved" — did you mean "approvedBy"? (allowed: category, reason, approvedBy)',
      '7:21 stages[0].covers: "model" is listed twice; list each category once',
      '13:15 notApplicable[0]: "model" is declared not applicable but has checks (ndcg): remove this entry, or remove those checks',
      '18:17 notApplicable[1].approvedBy: "@mallory" is not one of the owners (@acme/ranking, @carol); an owner must approve it: name one of them, or add @mallory to owners',
      '19:15 notApplicable[2]: "data" is declared not applicable twice; keep one entry per category',
    ]);
  });

  it("rejects placeholder owners, approvers and approval.from entries, each at its line with the fix", () => {
    const problems = problemsOf("placeholder-owners.yml");
    expect(problems).toEqual([
      expect.stringMatching(
        /^3:10 owners\[0\]: "@your-org\/your-team" is a placeholder, not an owner: replace it with the GitHub user or team that owns this system/,
      ),
      expect.stringMatching(/^3:43 owners\[2\]: "@user" is a placeholder, not an owner: /),
      '14:17 waivers[0].approvedBy: "@example-user" is a placeholder: name the owner who approved it (one of owners)',
      '19:17 notApplicable[0].approvedBy: "@your-username" is a placeholder: name the owner who approved it (one of owners)',
      '10:24 check "signoff": approval.from[0]: "@org/team" is a placeholder: name the GitHub user or team whose approval counts (e.g. @carol or @acme/compliance)',
    ]);
  });

  it.each([
    ["@your-org/ml-team", true],
    ["@YourOrg", true],
    ["@org/team", true],
    ["@user", true],
    ["@username", true],
    ["@example", true],
    ["@example-org/reviewers", true],
    ["@acme/your-team", true],
    ["@owner", true],
    ["@acme/ml-claims", false],
    ["@carol", false],
    ["@octo-org/team-a", false],
    ["@users-guild", false],
    ["@organa", false],
  ])("%s is a placeholder: %s", (principal, expected) => {
    expect(isPlaceholderPrincipal(principal)).toBe(expected);
  });
});

describe("loadReadinessTexts", () => {
  const text = fixture("valid-design-example.yml");

  it("without knowing which file is new, names both files at the second file's system line", () => {
    const result = loadReadinessTexts([
      { path: "a/readiness.yml", text },
      { path: "b/readiness.yml", text },
    ]);
    expect(result.files.map((f) => f.path)).toEqual(["a/readiness.yml"]);
    expect(result.problems).toEqual([
      {
        file: "b/readiness.yml",
        line: 2,
        column: 9,
        message:
          'system "claims-triage" is declared in both a/readiness.yml and b/readiness.yml; system names must be unique in the repository: rename one of them',
      },
    ]);
  });

  it("puts the problem on the file the pull request adds, even when it sorts first, and keeps the existing one", () => {
    const result = loadReadinessTexts(
      [
        { path: "a/readiness.yml", text },
        { path: "b/readiness.yml", text },
      ],
      { added: new Set(["a/readiness.yml"]) },
    );
    expect(result.files.map((f) => f.path)).toEqual(["b/readiness.yml"]);
    expect(result.problems).toEqual([
      {
        file: "a/readiness.yml",
        line: 2,
        column: 9,
        message:
          'system "claims-triage" is already declared in b/readiness.yml; system names must be unique in the repository: this pull request adds a/readiness.yml, so give it a system name of its own',
      },
    ]);
  });

  it("puts the problem on the added file when it sorts last too", () => {
    const result = loadReadinessTexts(
      [
        { path: "a/readiness.yml", text },
        { path: "b/readiness.yml", text },
      ],
      { added: new Set(["b/readiness.yml"]) },
    );
    expect(result.files.map((f) => f.path)).toEqual(["a/readiness.yml"]);
    expect(result.problems.map((p) => p.file)).toEqual(["b/readiness.yml"]);
    expect(result.problems[0]!.message).toContain("this pull request adds b/readiness.yml");
  });

  it("names the later file against the first when both (or neither) are new in the pull request", () => {
    for (const added of [new Set(["a/readiness.yml", "b/readiness.yml"]), new Set<string>()]) {
      const result = loadReadinessTexts(
        [
          { path: "a/readiness.yml", text },
          { path: "b/readiness.yml", text },
        ],
        { added },
      );
      expect(result.files.map((f) => f.path)).toEqual(["a/readiness.yml"]);
      expect(result.problems.map((p) => [p.file, p.message])).toEqual([
        [
          "b/readiness.yml",
          'system "claims-triage" is already declared in a/readiness.yml; system names must be unique in the repository',
        ],
      ]);
    }
  });
});
