// init on small repositories built for one case each: nothing to find, links out of the repository,
// configuration without reports, failing tests, nested systems, owners, odd headings, and writing safely.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReadinessTexts, parseReadiness } from "../../src/config/load.js";
import type { ReadinessSpec } from "../../src/config/schema.js";
import { runGate } from "../../src/engine.js";
import type { CheckStatus } from "../../src/gate/types.js";
import { InitError, initReadiness, outputPath, writeReadinessFile } from "../../src/init/index.js";
import { cleanTempRepos, fakeGit, link, ownersFilledIn, tempRepo } from "./temp-repo.js";

afterAll(cleanTempRepos);

const NOW = new Date("2026-11-22T12:00:00Z");

const JUNIT_PASSING = `<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="3">
<testcase classname="tests.test_api" name="test_score" time="0.01"/>
<testcase classname="tests.test_api" name="test_health" time="0.01"/>
<testcase classname="tests.test_api" name="test_batch" time="0.01"/>
</testsuite></testsuites>
`;
const JUNIT_TWO_FAILING = `<?xml version="1.0" encoding="utf-8"?>
<testsuite name="pytest" tests="3">
<testcase classname="tests.test_model" name="test_auc_floor" time="0.2"><failure message="AssertionError">0.81 &lt; 0.85</failure></testcase>
<testcase classname="tests.test_model" name="test_calibration" time="0.1"><error message="ValueError">bad bins</error></testcase>
<testcase classname="tests.test_model" name="test_loads" time="0.1"/>
</testsuite>
`;
const RULES = `groups:
  - name: model
    rules:
      - alert: ModelDriftHigh
        expr: model_feature_psi > 0.2
        for: 30m
        labels:
          severity: page
`;

function spec(path: string, text: string): ReadinessSpec {
  const parsed = parseReadiness(path, ownersFilledIn(text));
  expect(parsed.problems).toEqual([]);
  return parsed.file!.spec;
}

/** Statuses of every check when the written file is judged, as `shipgate check --local` would. */
async function judge(root: string, output: string, text: string): Promise<Record<string, CheckStatus>> {
  const report = await runGate({
    root,
    readiness: loadReadinessTexts([{ path: output, text: ownersFilledIn(text) }]),
    target: { local: true },
    now: NOW,
  });
  return Object.fromEntries(report.systems[0]!.checks.map((c) => [c.id, c.status]));
}

describe("a repository with no evidence", () => {
  it("gets one fail-closed check and the whole checklist as suggestions, and still validates", async () => {
    const root = tempRepo("empty-service", { "README.md": "# Empty service\n\nNothing here yet.\n" });
    const { text, plan } = await initReadiness({ root });
    const parsed = spec("readiness.yml", text);
    expect(parsed.checks.map((c) => c.id)).toEqual(["rollback-plan"]);
    expect(plan.placeholderCheck).toBe(true);
    expect(new Set(plan.suggestions.map((s) => s.category))).toEqual(
      new Set(["data", "model", "system", "monitoring", "compliance", "operations"]),
    );
    expect(plan.suggestions.some((s) => s.id === "rollback-plan")).toBe(false); // wired, not suggested twice
    // A gate with no evidence must not say Go.
    expect(await judge(root, "readiness.yml", text)).toEqual({ "rollback-plan": "fail" });
  });
});

describe("a repository with no owner to be found", () => {
  it("gets a placeholder owner that validation refuses, at its line, with the fix", async () => {
    const root = tempRepo("no-owner", { "README.md": "# A service\n" });
    const { text, plan } = await initReadiness({ root });
    expect(plan.owners).toEqual(["@your-org/your-team"]);
    expect(text).toMatch(/TODO: replace this placeholder .* Shipgate refuses the file until you do\./s);
    const problems = parseReadiness("readiness.yml", text).problems.map((p) => `${p.line} ${p.message}`);
    const ownersLine = text.split("\n").findIndex((l) => l.startsWith("owners:")) + 1;
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${ownersLine} owners\\[0\\]: "@your-org/your-team" is a placeholder, not an owner: replace it with`,
        ),
      ),
    ]);
    // Filled in, the same file validates.
    expect(parseReadiness("readiness.yml", ownersFilledIn(text)).problems).toEqual([]);
  });
});

describe("symbolic links", () => {
  it("that lead out of the repository are never read as evidence", async () => {
    const outside = tempRepo("outside-the-repository", {
      "junit.xml": JUNIT_PASSING,
      "rollback.md":
        "# Rollback\n\n## Trigger\nWhen it breaks.\n\n## Steps\nRedeploy the previous release.\n",
      "rules/model.rules.yml": RULES,
      CODEOWNERS: "* @mallory\n",
    });
    const root = tempRepo("links-out");
    link(join(outside, "junit.xml"), join(root, "reports/junit/pytest.xml"));
    link(join(outside, "rollback.md"), join(root, "docs/rollback.md"));
    link(join(outside, "rules"), join(root, "monitoring"));
    link(join(outside, "CODEOWNERS"), join(root, ".github/CODEOWNERS"));
    const { text, plan, discovery } = await initReadiness({ root });
    expect(discovery.junit).toEqual([]);
    expect(discovery.rollbackDocs).toEqual([]);
    expect(discovery.ruleFiles).toEqual([]);
    expect(plan.owners).not.toContain("@mallory");
    expect(plan.placeholderCheck).toBe(true);
    expect(spec("readiness.yml", text).checks.map((c) => c.id)).toEqual(["rollback-plan"]);
  });
});

describe("evidence written by the tests rather than committed", () => {
  it("wires the configured report paths, with the project's own coverage bar", async () => {
    const root = tempRepo("pytest-config-only", {
      "pyproject.toml":
        '[project]\nname = "pricing-model"\n\n[tool.pytest.ini_options]\naddopts = "--junitxml=build/junit.xml --cov=pricing --cov-report=xml:build/coverage.xml"\n\n[tool.coverage.report]\nfail_under = 90\n',
    });
    const { text } = await initReadiness({ root });
    const parsed = spec("readiness.yml", text);
    expect(parsed.system).toBe("pricing-model");
    const checks = Object.fromEntries(parsed.checks.map((c) => [c.id, c]));
    expect(checks["unit-tests"]?.junit).toEqual({ files: "build/junit.xml", minTests: 1, maxFailures: 0 });
    expect(checks.coverage?.coverage).toEqual({ file: "build/coverage.xml", min: 90 });
    expect(text).toMatch(
      /No report in the repository yet: pytest --junitxml \(pyproject\.toml\) writes build\/junit\.xml/,
    );
    // Until CI writes them, the checks fail: missing evidence is a fail. With no operations evidence,
    // the rollback plan stands in and fails too.
    expect(await judge(root, "readiness.yml", text)).toEqual({
      "unit-tests": "fail",
      coverage: "fail",
      "rollback-plan": "fail",
    });
  });
});

describe("what the evidence says today", () => {
  it("wires failing tests with maxFailures 0 and says the check fails until they pass", async () => {
    const root = tempRepo("two-tests-failing", { "reports/junit/model.xml": JUNIT_TWO_FAILING });
    const { text } = await initReadiness({ root });
    expect(text).toMatch(/2 tests fail now \(test_auc_floor, test_calibration\)/);
    expect(await judge(root, "readiness.yml", text)).toMatchObject({ "unit-tests": "fail" });
  });

  it("globs exactly the reports found, leaving out another XML file in the same folder", async () => {
    const root = tempRepo("junit-beside-other-xml", {
      "reports/api.xml": JUNIT_PASSING,
      "reports/model.xml": JUNIT_PASSING.replace(/tests\.test_api/g, "tests.test_model"),
      "reports/checkstyle.xml": '<?xml version="1.0"?><checkstyle version="10.0"></checkstyle>\n',
    });
    const { text } = await initReadiness({ root });
    const checks = spec("readiness.yml", text).checks;
    expect(checks.find((c) => c.id === "unit-tests")?.junit?.files).toBe("reports/{api.xml,model.xml}");
    expect(await judge(root, "readiness.yml", text)).toMatchObject({ "unit-tests": "pass" });
  });

  it("skips rule files Prometheus would refuse and truncated reports, saying why", async () => {
    const root = tempRepo("broken-evidence", {
      "monitoring/bad.rules.yml":
        "groups:\n  - name: x\n    rules:\n      - alert: NoExpr\n        for: 5m\n",
      "reports/junit/truncated.xml":
        '<?xml version="1.0"?><testsuites><testsuite name="x"><testcase name="a">',
    });
    const { discovery, plan } = await initReadiness({ root });
    expect(discovery.notes.join("\n")).toMatch(
      /skipped monitoring\/bad\.rules\.yml: Prometheus would refuse it/,
    );
    expect(discovery.notes.join("\n")).toMatch(
      /skipped reports\/junit\/truncated\.xml: not a readable JUnit report/,
    );
    expect(plan.placeholderCheck).toBe(true);
  });

  it("quotes headings with YAML syntax so that the doc check reads them back and passes", async () => {
    const root = tempRepo("odd-headings", {
      "docs/rollback.md":
        '# Rollback\n\n## Trigger: "p95 > 300ms" #1\nLatency over the bar for 15 minutes.\n\n## Steps, [in order]\n1. Promote the previous release.\n\n## Last rehearsal\n2026-10-01, took 4 minutes.\n',
    });
    const { text } = await initReadiness({ root });
    const sections = spec("readiness.yml", text).checks.find((c) => c.id === "rollback-plan")?.doc?.sections;
    expect(sections).toEqual(['Trigger: "p95 > 300ms" #1', "Steps, [in order]", "Last rehearsal"]);
    expect(await judge(root, "readiness.yml", text)).toEqual({ "rollback-plan": "pass" });
  });

  it("leaves out sections that are still TODO, so that every section it requires is written", async () => {
    const root = tempRepo("rollback-with-todo", {
      "docs/rollback.md":
        "# Rollback\n\n## Trigger\nError rate above 2% for ten minutes.\n\n## Steps\nTODO\n",
    });
    const { text } = await initReadiness({ root });
    expect(spec("readiness.yml", text).checks.find((c) => c.id === "rollback-plan")?.doc?.sections).toEqual([
      "Trigger",
    ]);
  });

  it("finds a model card written as README sections", async () => {
    const root = tempRepo("model-card-in-readme", {
      "README.md":
        "# Sentiment\n\n## Intended use\nTriage of product reviews.\n\n## Training data\nPublic reviews, 2024.\n\n## Limitations\nEnglish only.\n",
    });
    const { text } = await initReadiness({ root });
    expect(spec("readiness.yml", text).checks.find((c) => c.id === "model-card")?.doc).toEqual({
      file: "README.md",
      sections: ["Intended use", "Training data", "Limitations"],
    });
  });
});

describe("systems and owners", () => {
  it("leaves folders of other systems out when run at the root, and never reuses their names", async () => {
    const root = tempRepo("platform", {
      "package.json": JSON.stringify({ name: "scoring" }),
      "reports/junit/root.xml": JUNIT_PASSING,
      "services/scoring/readiness.yml":
        'version: 1\nsystem: scoring\nowners: ["@acme/x"]\nstages: [{ name: production, branches: [main] }]\nchecks: [{ id: a, category: system, file: { path: x } }]\n',
      "services/scoring/reports/junit/service.xml": JUNIT_TWO_FAILING,
    });
    const { text, discovery } = await initReadiness({ root });
    expect(discovery.junit.map((g) => g.files)).toEqual([["reports/junit/root.xml"]]);
    expect(spec("readiness.yml", text).system).not.toBe("scoring");
  });

  it("names the GitHub owner of origin as a placeholder owner when no CODEOWNERS rule applies", async () => {
    const root = tempRepo("github-remote-no-codeowners");
    fakeGit(root, { config: '[remote "origin"]\n\turl = git@github.com:acme-ml/claims.git\n' });
    const { text, plan } = await initReadiness({ root });
    expect(plan.owners).toEqual(["@acme-ml"]);
    expect(text).toMatch(/# TODO: replace it with the team that owns this system/);
    expect(plan.suggestions.find((s) => s.id === "security-review")?.spec).toEqual({
      from: ["@acme-ml/security"],
      count: 1,
    });
  });
});

describe("the output file", () => {
  it("must be a YAML file inside the repository", () => {
    const root = "/repo";
    expect(outputPath(root, "services/x/readiness.yml")).toBe("services/x/readiness.yml");
    expect(outputPath(root, "/repo/readiness.yaml")).toBe("readiness.yaml");
    expect(() => outputPath(root, "../readiness.yml")).toThrow(InitError);
    expect(() => outputPath(root, "readiness.json")).toThrow(/\.yml or \.yaml/);
    expect(() => outputPath(root, ".git/readiness.yml")).toThrow(/never reads/);
  });

  it("is never overwritten without force, never written through a link, and replaced whole with force", async () => {
    const root = tempRepo("existing-readiness", { "readiness.yml": "# the team's own file\n" });
    await expect(writeReadinessFile(root, "readiness.yml", "new\n", false)).rejects.toThrow(
      /already exists; pass --force/,
    );
    expect(readFileSync(join(root, "readiness.yml"), "utf8")).toBe("# the team's own file\n");
    await writeReadinessFile(root, "readiness.yml", "new\n", true);
    expect(readFileSync(join(root, "readiness.yml"), "utf8")).toBe("new\n");

    const victim = tempRepo("victim", { "secret.yml": "keep\n" });
    link(join(victim, "secret.yml"), join(root, "linked/readiness.yml"));
    await expect(writeReadinessFile(root, "linked/readiness.yml", "x\n", true)).rejects.toThrow(
      /symbolic link/,
    );
    expect(readFileSync(join(victim, "secret.yml"), "utf8")).toBe("keep\n");
    link(victim, join(root, "out"));
    await expect(writeReadinessFile(root, "out/readiness.yml", "x\n", true)).rejects.toThrow(
      /outside the repository/,
    );
  });

  it("needs its folder to exist, and a folder holds one readiness file", async () => {
    const root = tempRepo("folder-checks");
    await expect(writeReadinessFile(root, "services/missing/readiness.yml", "x\n", false)).rejects.toThrow(
      /does not exist/,
    );
    mkdirSync(join(root, "svc"));
    writeFileSync(join(root, "svc/readiness.yaml"), "x\n");
    await expect(writeReadinessFile(root, "svc/readiness.yml", "x\n", true)).rejects.toThrow(
      /readiness\.yaml already exists/,
    );
  });
});
