// The benchmark's floor (bench/floor.ts) is only an honest floor if it does the same reads and counts the
// same figures as `shipgate check`: on a small generated monorepo, its figures against the report the
// bundled CLI prints, check by check; and the comparison itself catches a floor that counted otherwise.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { floorFigures } from "../../bench/floor.js";
import { floorDisagreements } from "../../bench/floor-compare.js";
import { systemFiles } from "../../bench/generate.js";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const cli = join(repoRoot, "dist/cli.js");
const scratch = mkdtempSync(join(tmpdir(), "shipgate-floor-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Systems 0 and 1 pass everything; system 9 has three failing tests (every tenth system does).
const root = join(scratch, "repo");
for (const index of [0, 1, 9]) {
  for (const [path, text] of Object.entries(systemFiles(index))) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
// Files the walk must skip: a decoy readiness file in node_modules would add a system to the floor only.
mkdirSync(join(root, "node_modules", "decoy"), { recursive: true });
writeFileSync(
  join(root, "node_modules", "decoy", "readiness.yml"),
  "version: 1\nsystem: decoy\nchecks: []\n",
);

function shipgateReport(extra: string[] = []): string {
  const args = [cli, "check", "--root", root, "--local", "--format", "json", ...extra];
  const run = spawnSync(process.execPath, args, {
    encoding: "utf8",
    env: { ...process.env, SHIPGATE_NOW: "2026-12-01T12:00:00Z", NO_COLOR: "1" },
  });
  expect(run.stderr).toBe("");
  return run.stdout;
}

describe("the benchmark's floor", () => {
  const report = shipgateReport();
  const floor = floorFigures(root);

  it("reads the same systems and checks and counts the same figures as shipgate check", () => {
    expect(floor.map((s) => s.system)).toEqual(["model-0000", "model-0001", "model-0009"]);
    expect(Object.keys(floor[0]!.checks)).toHaveLength(12);
    expect(floor[2]!.checks["unit-tests"]).toEqual({ tests: 2000, failed: 3 });
    expect(floorDisagreements(floor, report)).toEqual([]);
  });

  it("is caught when it counts a figure otherwise", () => {
    const miscounted = structuredClone(floor);
    miscounted[1]!.checks.coverage!.hit = Number(miscounted[1]!.checks.coverage!.hit) - 1;
    miscounted[2]!.checks["model-card"]!.words = Number(miscounted[2]!.checks["model-card"]!.words) + 1;
    expect(floorDisagreements(miscounted, report)).toEqual([
      expect.stringMatching(/^model-0001 coverage: hit \d+ by the floor/),
      expect.stringMatching(/^model-0009 model-card: words \d+ by the floor/),
    ]);
  });

  it("is caught when it reads fewer systems or checks", () => {
    const fewer = structuredClone(floor).slice(1);
    delete fewer[0]!.checks.dashboards;
    expect(floorDisagreements(fewer, report)).toEqual([
      "2 systems read by the floor, 3 judged by Shipgate",
      "model-0001: 11 checks read, 12 judged",
      "model-0001 dashboards: the floor has no figures for it",
    ]);
  });
});

describe("the benchmark's floor on the equivalent checks (the repolinter comparison)", () => {
  const report = shipgateReport(["--files", "**/equivalent.readiness.yml"]);
  const floor = floorFigures(root, ["equivalent.readiness.yml"]);

  it("reads the equivalent readiness files only and counts what shipgate check counts", () => {
    expect(floor.map((s) => s.system)).toEqual(["model-0000", "model-0001", "model-0009"]);
    // 11 file checks and 3 doc checks per system.
    expect(Object.keys(floor[0]!.checks)).toHaveLength(14);
    expect(floor[0]!.checks["exists-2"]).toEqual({ files: expect.any(Number) });
    expect(Number(floor[0]!.checks["exists-2"]!.files)).toBeGreaterThan(0);
    expect(floor[0]!.checks["sections-1"]).toMatchObject({ sections: 3, required: 3 });
    expect(floorDisagreements(floor, report)).toEqual([]);
  });
});
