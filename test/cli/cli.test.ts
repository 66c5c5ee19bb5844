// The CLI as users run it: the committed bundle dist/cli.js in a child process, on real directories.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const cli = join(repoRoot, "dist/cli.js");
const example = join(repoRoot, "examples/claims-triage");
const NOW = "2026-11-22T12:00:00Z";
const scratch = mkdtempSync(join(tmpdir(), "shipgate-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function shipgate(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: opts.cwd ?? repoRoot,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", SHIPGATE_NOW: NOW, NO_COLOR: "1", ...opts.env },
    timeout: 30_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of the example system in its own folder, optionally changed, to prove one case. */
function exampleCopy(name: string, change: (dir: string) => void = () => {}): string {
  const dir = join(scratch, name);
  cpSync(example, dir, { recursive: true });
  change(dir);
  return dir;
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, "utf8");
  const next = text.replace(from, to);
  if (next === text) throw new Error(`fixture edit did not apply to ${file}`);
  writeFileSync(file, next);
}

describe("shipgate check on the bundled example", () => {
  it("is a conditional go with --local, naming the waived latency check and its measurement", () => {
    const run = shipgate(["check", "--root", example, "--local"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toMatch(/conditional go/i);
    expect(run.stdout).toMatch(/latency-p95/);
    expect(run.stdout).toMatch(/341\.209/); // the measured p95 from load/k6-summary.json
    expect(run.stdout).toMatch(/@carol/);
  });

  it("is a no-go without --local: approval and ci cannot be evaluated locally and block a Go", () => {
    const run = shipgate(["check", "--root", example]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/not evaluable locally/);
  });

  it("prints a JSON report with a version field", () => {
    const run = shipgate(["check", "--root", example, "--local", "--format", "json"]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.version).toBe(1);
    expect(report.verdict).toBe("conditional");
    const system = report.systems[0];
    expect(system.system).toBe("claims-triage");
    const byId = Object.fromEntries(
      system.checks.map((c: { id: string; status: string }) => [c.id, c.status]),
    );
    expect(byId).toMatchObject({
      "eval-real-data": "pass",
      "eval-data-source": "pass",
      "unit-tests": "pass",
      coverage: "pass",
      "latency-p95": "waived",
      "drift-alerts": "pass",
      "rollback-plan": "pass",
      "on-call-runbook": "pass",
      "model-card": "pass",
      "no-credentials": "pass",
      "compliance-signoff": "not-evaluable",
      build: "not-evaluable",
    });
  });

  it("prints Markdown for a comment or summary", () => {
    const run = shipgate(["check", "--root", example, "--local", "--format", "markdown"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^#+ .*Conditional go/im);
    expect(run.stdout).toMatch(/<details>/);
  });

  it("judges the stage a branch requires, and passes a branch no stage names", () => {
    const pilot = shipgate([
      "check",
      "--root",
      example,
      "--local",
      "--branch",
      "staging",
      "--format",
      "json",
    ]);
    expect(JSON.parse(pilot.stdout).systems[0].stage).toBe("pilot");
    expect(pilot.code).toBe(0);
    const feature = shipgate([
      "check",
      "--root",
      example,
      "--branch",
      "feature/new-model",
      "--format",
      "json",
    ]);
    expect(feature.code).toBe(0);
    expect(JSON.parse(feature.stdout).verdict).toBe("not-gated");
  });
});

describe("shipgate check decisions", () => {
  it("is a no-go when the waiver has expired, saying it was ignored", () => {
    const run = shipgate(["check", "--root", example, "--local"], {
      env: { SHIPGATE_NOW: "2028-01-02T00:00:00Z" },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/no-go/i);
    expect(run.stdout).toMatch(/expired/i);
  });

  it("is a no-go naming the measured value, the bar and the file when a metric misses its bar", () => {
    const dir = exampleCopy("f1-below-bar", (d) =>
      edit(join(d, "reports/eval.json"), '"f1": 0.934', '"f1": 0.874'),
    );
    const run = shipgate(["check", "--root", dir, "--local"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/0\.874/);
    expect(run.stdout).toMatch(/0\.92/);
    expect(run.stdout).toMatch(/reports\/eval\.json/);
  });

  it("fails closed on missing evidence", () => {
    const dir = exampleCopy("rollback-doc-missing", (d) => rmSync(join(d, "docs/rollback.md")));
    const run = shipgate(["check", "--root", dir, "--local", "--format", "json"]);
    expect(run.code).toBe(1);
    const checks = JSON.parse(run.stdout).systems[0].checks;
    expect(checks.find((c: { id: string }) => c.id === "rollback-plan").status).toBe("fail");
  });

  it("fails closed on malformed evidence with an error, not a pass", () => {
    const dir = exampleCopy("junit-truncated", (d) =>
      writeFileSync(
        join(d, "reports/junit/pytest.xml"),
        '<?xml version="1.0"?><testsuites><testsuite name="x">',
      ),
    );
    const run = shipgate(["check", "--root", dir, "--local", "--format", "json"]);
    expect(run.code).toBe(1);
    const checks = JSON.parse(run.stdout).systems[0].checks;
    expect(checks.find((c: { id: string }) => c.id === "unit-tests").status).toBe("error");
  });
});

describe("invalid readiness files and usage", () => {
  it("exits 2 and names file:line:col with the fix, without a stack trace", () => {
    const dir = exampleCopy("typo-in-readiness", (d) =>
      edit(join(d, "readiness.yml"), "minTests: 50", "minTest: 50"),
    );
    for (const command of ["check", "validate"]) {
      const run = shipgate([command, "--root", dir]);
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).toMatch(
        /readiness\.yml:\d+:\d+: .*unknown key "minTest" — did you mean "minTests"\?/,
      );
      expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    }
  });

  it("validate lists valid files and exits 0", () => {
    const run = shipgate(["validate", "--root", example]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/claims-triage \(readiness\.yml\): 12 checks/);
  });

  it("exits 2 naming the glob when no readiness file matches; --allow-no-systems passes", () => {
    for (const command of ["check", "validate"]) {
      const run = shipgate([command, "--root", example, "--files", "**/readyness.yml", "--local"]);
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        /^shipgate: no readiness file matches \*\*\/readyness\.yml under .*, so there is nothing to check\. Fix --files, .* or pass --allow-no-systems/,
      );
      const allowed = shipgate([
        command,
        "--root",
        example,
        "--files",
        "**/readyness.yml",
        "--local",
        "--allow-no-systems",
      ]);
      expect(allowed.code, allowed.stdout + allowed.stderr).toBe(0);
    }
  });

  it("exits 2 on usage errors and shows every option in --help", () => {
    expect(shipgate(["check", "--format", "xml"]).code).toBe(2);
    expect(shipgate(["deploy"]).code).toBe(2);
    expect(shipgate(["check", "--bogus"]).code).toBe(2);
    const help = shipgate(["--help"]);
    expect(help.code).toBe(0);
    for (const option of [
      "--stage",
      "--branch",
      "--format",
      "--files",
      "--local",
      "--allow-no-systems",
      "--root",
      "--help",
      "--version",
    ]) {
      expect(help.stdout).toContain(option);
    }
  });

  it("exits 2 on a --stage no readiness file declares, naming the stages that exist, for check and report", () => {
    for (const command of [["check"], ["report", "--html", join(scratch, "stage-typo.html")]]) {
      const run = shipgate([...command, "--root", example, "--local", "--stage", "prodution"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'shipgate: stage "prodution" is declared by no readiness file; the stages declared are pilot, production. Choose one of them, or add the stage to a readiness file\'s stages\nRun "shipgate --help" for usage.\n',
      );
      expect(run.stdout).toBe("");
    }
    expect(existsSync(join(scratch, "stage-typo.html"))).toBe(false);
    // A declared stage is judged as before.
    expect(shipgate(["check", "--root", example, "--local", "--stage", "pilot"]).code).toBe(0);
  });

  it("judges a system without the forced stage no-go (exit 1) when another system declares it", () => {
    const mono = join(scratch, "stage-some");
    cpSync(example, join(mono, "a"), { recursive: true });
    mkdirSync(join(mono, "b"), { recursive: true });
    writeFileSync(
      join(mono, "b/readiness.yml"),
      [
        "version: 1",
        "system: other",
        'owners: ["@acme/other"]',
        "stages:",
        "  - name: production",
        "    branches: [main]",
        "checks:",
        "  - id: runbook",
        "    category: operations",
        "    file: { path: runbook.md }",
        "",
      ].join("\n"),
    );
    const run = shipgate(["check", "--root", mono, "--local", "--stage", "pilot", "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(report.systems.map((s: { system: string; verdict: string }) => [s.system, s.verdict])).toEqual([
      ["claims-triage", "go"],
      ["other", "no-go"],
    ]);
    expect(run.code).toBe(1);
  });

  it("--version says the version package.json declares", () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
      version: string;
    };
    const run = shipgate(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it("reports one verdict per system plus an overall verdict in a monorepo", () => {
    const mono = join(scratch, "monorepo");
    mkdirSync(mono, { recursive: true });
    cpSync(example, join(mono, "services/claims"), { recursive: true });
    cpSync(example, join(mono, "services/fraud"), { recursive: true });
    edit(join(mono, "services/fraud/readiness.yml"), "system: claims-triage", "system: fraud-scoring");
    edit(join(mono, "services/fraud/reports/eval.json"), '"f1": 0.934', '"f1": 0.61');
    mkdirSync(join(mono, "node_modules/pkg"), { recursive: true });
    writeFileSync(join(mono, "node_modules/pkg/readiness.yml"), "not: [valid");
    const run = shipgate(["check", "--root", mono, "--local", "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(report.problems).toEqual([]); // node_modules is never walked
    expect(report.systems.map((s: { system: string; verdict: string }) => [s.system, s.verdict])).toEqual([
      ["claims-triage", "conditional"],
      ["fraud-scoring", "no-go"],
    ]);
    expect(report.verdict).toBe("no-go");
    expect(run.code).toBe(1);
  });

  it("finds the repository root from a subfolder via git", () => {
    const repo = join(scratch, "git-root");
    cpSync(example, repo, { recursive: true });
    execFileSync("git", ["init", "-q"], { cwd: repo });
    const sub = join(repo, "docs");
    const run = shipgate(["validate"], { cwd: sub });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/claims-triage/);
    expect(dirname(sub)).toBe(repo);
  });
});
