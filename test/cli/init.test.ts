// `shipgate init` as users run it: the bundled dist/cli.js in a child process, on copies of the examples.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const cli = join(repoRoot, "dist/cli.js");
const scratch = mkdtempSync(join(tmpdir(), "shipgate-cli-init-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function shipgate(args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: scratch,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", SHIPGATE_NOW: "2026-11-22T12:00:00Z", NO_COLOR: "1" },
    timeout: 30_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of an example as it was before init: its readiness files removed. */
function before(example: string, readiness: string[] = ["readiness.yml"]): string {
  const dir = join(scratch, example);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(repoRoot, "examples", example), dir, { recursive: true });
  for (const file of readiness) rmSync(join(dir, file));
  return dir;
}

describe("shipgate init", () => {
  it("writes readiness.yml, says what it found and what it wrote, and check --local runs on it", () => {
    const root = before("ml-service");
    const init = shipgate(["init", "--root", root]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/^Found and wired 11 checks:$/m);
    expect(init.stdout).toMatch(/no-regression\s+DVC metrics reports\/metrics\.json: metrics\.f1, /);
    expect(init.stdout).toMatch(/unit-tests\s+86 tests in reports\/junit\/pytest\.xml/);
    expect(init.stdout).toMatch(/Owners: @northwind\/ml-platform/);
    expect(init.stdout).toMatch(/Wrote readiness\.yml\./);
    const written = readFileSync(join(root, "readiness.yml"), "utf8");
    expect(written).toBe(readFileSync(join(repoRoot, "examples/ml-service/readiness.yml"), "utf8"));

    const check = shipgate(["check", "--root", root, "--local", "--format", "json"]);
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(report.verdict).toBe("go");
    // The regression check is left out of a --local verdict without --base: 11 checks, 10 judged.
    expect(report.systems[0].checks).toHaveLength(11);
    const regression = report.systems[0].checks.find((c: { id: string }) => c.id === "no-regression");
    expect(regression.status).toBe("not-evaluable");
  });

  it("refuses to overwrite an existing file (exit 2, file unchanged) unless --force", () => {
    const root = before("llm-app");
    writeFileSync(join(root, "readiness.yml"), "# written by the team\n");
    const refused = shipgate(["init", "--root", root]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/readiness\.yml already exists; pass --force to overwrite it/);
    expect(refused.stdout).toBe("");
    expect(readFileSync(join(root, "readiness.yml"), "utf8")).toBe("# written by the team\n");

    const forced = shipgate(["init", "--root", root, "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(root, "readiness.yml"), "utf8")).toMatch(/^system: support-assistant$/m);
    expect(shipgate(["validate", "--root", root]).code).toBe(0);
  });

  it("writes one file per service of a monorepo with --output, and check judges both systems", () => {
    const root = before("monorepo", [
      "services/recommender/readiness.yml",
      "services/fraud-model/readiness.yml",
    ]);
    for (const service of ["recommender", "fraud-model"]) {
      const run = shipgate(["init", "--root", root, "--output", `services/${service}/readiness.yml`]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`Scanned services/${service} for readiness evidence`));
    }
    const check = shipgate(["check", "--root", root, "--local", "--format", "json"]);
    const report = JSON.parse(check.stdout);
    expect(report.systems.map((s: { system: string }) => s.system).sort()).toEqual([
      "fraud-model",
      "recommender",
    ]);
    // Each service has evidence in every category (the recommender its rollback plan, the fraud model its
    // alert rules): both files init writes are judged Go, every check passing, every category covered.
    for (const system of report.systems) {
      expect(system.verdict).toBe("go");
      expect(system.checks.filter((c: { status: string }) => c.status !== "pass")).toEqual([]);
      expect(system.coverage.every((c: { state: string }) => c.state === "covered")).toBe(true);
    }
    expect(check.code).toBe(0);
  });

  it("writes a stages block for --branch, and a no-go placeholder for an empty repository", () => {
    const root = join(scratch, "empty-repository");
    rmSync(root, { recursive: true, force: true });
    cpSync(join(repoRoot, "examples/llm-app/README.md"), join(root, "README.md"));
    const run = shipgate(["init", "--root", root, "--branch", "trunk"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Found no evidence to wire/);
    const text = readFileSync(join(root, "readiness.yml"), "utf8");
    expect(text).toMatch(/^ {4}branches: \[trunk, "release\/\*\*"\]$/m);
    // Nobody to name as owner: init wrote a placeholder, which check refuses until it is replaced.
    expect(run.stdout).toMatch(
      /Owners: @your-org\/your-team \(a placeholder: shipgate check refuses the file/,
    );
    const unowned = shipgate(["check", "--root", root, "--local"]);
    expect(unowned.code).toBe(2);
    expect(unowned.stdout).toMatch(
      /readiness\.yml:\d+:\d+: owners\[0\]: "@your-org\/your-team" is a placeholder, not an owner: replace it with/,
    );
    writeFileSync(
      join(root, "readiness.yml"),
      text.replace('owners: ["@your-org/your-team"]', 'owners: ["@acme/platform"]'),
    );
    const check = shipgate(["check", "--root", root, "--local"]);
    expect(check.code).toBe(1); // no evidence is no-go, never go
    expect(check.stdout).toMatch(/docs\/rollback\.md/);
    expect(check.stdout).toMatch(
      /5 categories have no check \(data, model, system, monitoring, compliance\)/,
    );
  });

  it("exits 2 with one line on a bad --output, a missing folder or options of another command", () => {
    const root = before("llm-app");
    const outside = shipgate(["init", "--root", root, "--output", "../elsewhere/readiness.yml"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/is not a file inside the repository/);
    const missing = shipgate(["init", "--root", root, "--output", "services/nope/readiness.yml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/services\/nope does not exist; create the folder first/);
    expect(existsSync(join(root, "readiness.yml"))).toBe(false);
    expect(shipgate(["init", "--root", root, "--format", "json"]).stderr).toMatch(
      /init does not take --format/,
    );
    expect(shipgate(["check", "--root", root, "--force"]).stderr).toMatch(/check does not take --force/);
    for (const run of [outside, missing]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("lists init, report and their options in --help", () => {
    const help = shipgate(["--help"]);
    expect(help.code).toBe(0);
    for (const word of ["shipgate init", "shipgate report", "--output", "--force", "--html", "--branch"]) {
      expect(help.stdout).toContain(word);
    }
  });
});
