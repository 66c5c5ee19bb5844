// The CLI as someone installs it: `npm pack` of this repository, installed from the tarball into an empty
// prefix with --offline and an empty npm cache, so the install only works because the package needs
// nothing from a registry (everything it runs is bundled in dist/). Then the installed `shipgate` runs
// from node_modules/.bin on a copy of an example, as a user would.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../support/action-runner.js";

const scratch = mkdtempSync(join(tmpdir(), "shipgate-installed-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

/** The environment without the npm_* variables of the `npm test` that may be running this file. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^npm_/i.test(key)) env[key] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

function run(command: string, args: string[], cwd: string, env = cleanEnv()) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, error: result.error };
}

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
let packed: { filename: string; files: Array<{ path: string }> };
let prefix: string;
let shipgate: string;

beforeAll(() => {
  const packs = join(scratch, "packs");
  mkdirSync(packs);
  const pack = run(NPM, ["pack", "--json", "--pack-destination", packs], REPOSITORY_ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout) as Array<typeof packed>)[0]!;

  prefix = join(scratch, "prefix");
  mkdirSync(prefix);
  const install = run(
    NPM,
    [
      "install",
      "--prefix",
      prefix,
      "--offline",
      "--cache",
      join(scratch, "empty-npm-cache"),
      "--no-audit",
      "--no-fund",
      join(packs, packed.filename),
    ],
    scratch,
  );
  expect(install.code, `${install.stdout}\n${install.stderr}`).toBe(0);
  shipgate = join(prefix, "node_modules", ".bin", "shipgate");
}, 180_000);

/** Runs the installed bin (its shebang picks node from PATH, as on a user's machine). */
function installed(args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = run(shipgate, args, cwd, cleanEnv({ SHIPGATE_NOW: "2026-11-22T12:00:00Z", ...env }));
  expect(result.error).toBeUndefined();
  return result;
}

function exampleCopy(name: string, example: string): string {
  const dir = join(scratch, name);
  cpSync(join(REPOSITORY_ROOT, "examples", example), dir, { recursive: true });
  return dir;
}

describe("the npm package", () => {
  it("holds the bundle, the action and its documents, and nothing else", () => {
    const paths = packed.files.map((f) => f.path).sort();
    for (const path of ["package.json", "action.yml", "README.md", "LICENSE", "CHANGELOG.md"]) {
      expect(paths).toContain(path);
    }
    expect(paths).toContain("dist/cli.js");
    expect(paths).toContain("dist/index.js");
    const outside = paths.filter(
      (p) =>
        !p.startsWith("dist/") &&
        !["package.json", "action.yml", "README.md", "LICENSE", "CHANGELOG.md"].includes(p),
    );
    expect(outside).toEqual([]);
  });

  it("installs offline from its tarball alone, with no dependency to fetch", () => {
    const installedManifest = JSON.parse(
      readFileSync(join(prefix, "node_modules", manifest.name, "package.json"), "utf8"),
    ) as { dependencies?: Record<string, string>; version: string };
    expect(installedManifest.version).toBe(manifest.version);
    expect(installedManifest.dependencies ?? {}).toEqual({});
    // The shipgate package is the only thing in node_modules besides npm's own bookkeeping.
    const lock = JSON.parse(readFileSync(join(prefix, "package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).filter((p) => p !== "")).toEqual([`node_modules/${manifest.name}`]);
    expect(existsSync(shipgate)).toBe(true);
  });
});

describe("the installed shipgate", () => {
  it("--version prints the packaged version", () => {
    const result = installed(["--version"], scratch);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(manifest.version);
  });

  it("init writes a readiness file wired to the evidence it finds", () => {
    const dir = exampleCopy("init", "claims-triage");
    rmSync(join(dir, "readiness.yml"));
    const result = installed(["init"], dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Wrote readiness\.yml/);
    const written = readFileSync(join(dir, "readiness.yml"), "utf8");
    expect(written).toMatch(/^version: 1$/m);
    expect(written).toMatch(/metric: \{ file: "reports\/eval\.json", path: "metrics\.f1"/);
    // No CODEOWNERS in the copy: init writes a placeholder owner, and the file is refused until it is replaced.
    const refused = installed(["check", "--local"], dir);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/owners\[0\]: "@your-org\/your-team" is a placeholder, not an owner/);
    writeFileSync(
      join(dir, "readiness.yml"),
      written.replace('owners: ["@your-org/your-team"]', 'owners: ["@acme/ml-claims"]'),
    );
    const check = installed(["check", "--local"], dir);
    expect(check.code).toBe(0);
    expect(check.stdout.split("\n")[0]).toMatch(/Go for production: all \d+ required checks pass/);
  });

  it("check judges the example: a conditional go with --local (exit 0), a no-go without (exit 1)", () => {
    const dir = exampleCopy("check", "claims-triage");
    const local = installed(["check", "--local"], dir);
    expect(local.stderr).toBe("");
    expect(local.code).toBe(0);
    expect(local.stdout.split("\n")[0]).toMatch(/Conditional go for production/);
    expect(local.stdout).toMatch(/latency-p95 \[system\] waived: p95 341\.209 ms > 300 ms/);
    const remote = installed(["check"], dir);
    expect(remote.code).toBe(1);
    expect(remote.stdout.split("\n")[0]).toMatch(/No-go for production/);
    expect(remote.stdout).toMatch(/not evaluable locally/);
  });

  it("report --html writes one self-contained page for the ml-service example", () => {
    const dir = exampleCopy("report", "ml-service");
    const result = installed(["report", "--html", "readiness-report.html", "--local"], dir);
    expect(result.code, result.stderr).toBe(0);
    // The regression check needs --base, so a --local run leaves it out and says so.
    expect(result.stdout.split("\n")[0]).toBe(
      "Go for production: all 10 required checks pass, 1 not evaluable locally",
    );
    expect(result.stdout).toMatch(/Wrote the HTML report to .*readiness-report\.html/);
    const html = readFileSync(join(dir, "readiness-report.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("churn-scoring"); // the example's system name
    expect(html).not.toMatch(/<script\b[^>]*\bsrc=|<link\b[^>]*\bhref="https?:/i);
  });
});

describe("the README's first screen", () => {
  const readme = readFileSync(join(REPOSITORY_ROOT, "README.md"), "utf8");
  const scripts = (
    JSON.parse(readFileSync(join(REPOSITORY_ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts;

  it("starts with the two commands, npm start and npm cit", () => {
    const first = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(
      first
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/).slice(0, 2).join(" ")),
    ).toEqual(["npm start", "npm cit"]);
  });

  it("npm start needs no install: it runs the committed bundle with node alone, on the example", () => {
    const [command, ...args] = scripts.start!.split(" ");
    expect(command).toBe("node");
    expect(args[0]).toBe("dist/cli.js");
    // Only Node's own modules: no node_modules on the way (NODE_PATH empty, run from the repository).
    const result = run(process.execPath, args, REPOSITORY_ROOT, cleanEnv({ NODE_PATH: "" }));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/Conditional go for production/);
  });
});
