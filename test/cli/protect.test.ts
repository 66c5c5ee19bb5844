// `shipgate protect` as users run it: the bundled dist/cli.js in a child process, against the loopback fake
// GitHub, which checks every request (and answer) against GitHub's OpenAPI description and matches ruleset
// conditions as GitHub does (fnmatch with FNM_PATHNAME).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import picomatch from "picomatch";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TOKEN, startFakeGitHub, type FakeGitHub } from "../support/fake-github/index.js";
import type { RulesetSeed } from "../support/fake-github/state.js";

const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const cli = join(repoRoot, "dist/cli.js");
const scratch = mkdtempSync(join(tmpdir(), "shipgate-protect-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ADMIN_TOKEN = "ghp_shipgateFakeAdminToken000000000000000";
const REPOSITORY = "acme/claims-triage";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const fakes: FakeGitHub[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function fakeGitHub(rulesets: RulesetSeed[] = []): Promise<FakeGitHub> {
  const fake = await startFakeGitHub({
    validateResponses: true,
    repository: REPOSITORY,
    tokens: {
      [DEFAULT_TOKEN]: {},
      [ADMIN_TOKEN]: { login: "carol", permissions: { administration: "write" } },
    },
    rulesets,
  });
  fakes.push(fake);
  return fake;
}

/** Two systems whose stages name plain branches, globs and braces. */
function checkout(name: string, extra: Record<string, string> = {}): string {
  const dir = join(scratch, name);
  const files: Record<string, string> = {
    "systems/claims/readiness.yml": readiness("claims-triage", [
      ["pilot", "[staging]"],
      ["production", "[main, release/**]"],
    ]),
    "systems/search/readiness.yml": readiness("search-ranker", [
      ["pilot", '["hotfix-*", "{canary,preview}"]'],
      ["production", "[main]"],
    ]),
    ...extra,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function readiness(system: string, stages: Array<[string, string]>): string {
  return `version: 1
system: ${system}
owners: ["@carol"]
stages:
${stages.map(([name, branches]) => `  - name: ${name}\n    branches: ${branches}`).join("\n")}
checks:
  - id: runbook
    category: operations
    doc: { file: docs/runbook.md, sections: [Steps] }
`;
}

/** Async: the fake GitHub answers in this process while the CLI runs. */
function protect(
  args: string[],
  opts: { cwd: string; fake?: FakeGitHub; token?: string; env?: Record<string, string> },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, "protect", ...args], {
      cwd: opts.cwd,
      env: {
        PATH: process.env.PATH ?? "",
        NO_COLOR: "1",
        GITHUB_REPOSITORY: REPOSITORY,
        ...(opts.fake ? { GITHUB_API_URL: opts.fake.url } : {}),
        ...(opts.token !== undefined ? { GITHUB_TOKEN: opts.token } : {}),
        ...opts.env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

function writes(fake: FakeGitHub): string[] {
  return fake.requests.filter((r) => WRITES.has(r.method)).map((r) => r.route ?? `${r.method} ${r.path}`);
}

const STAGE_PATTERNS = ["staging", "main", "release/**", "hotfix-*", "{canary,preview}"];
/** Branch names to compare GitHub's matching with picomatch's (Shipgate's stage matching). */
const BRANCHES = [
  "main",
  "staging",
  "release",
  "release/1.2",
  "release/1.2/hotfix",
  "releases",
  "hotfix-7",
  "hotfix-7/a",
  "hotfix",
  "canary",
  "preview",
  "canary/x",
  "feature/main",
  "mainline",
  "dev",
];

describe("shipgate protect", () => {
  it("without --apply: prints the ruleset and that it would create it, and writes nothing", async () => {
    const fake = await fakeGitHub();
    const run = await protect([], { cwd: checkout("dry"), fake, token: DEFAULT_TOKEN });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Ruleset "shipgate" for acme/claims-triage');
    expect(run.stdout).toContain("release/**  (claims-triage, stage production)");
    expect(run.stdout).toContain("Would create it. Nothing was written");
    expect(run.stdout).toContain('"integration_id": 15368');
    expect(writes(fake)).toEqual([]);
    expect(fake.requests.map((r) => r.route)).toEqual(["GET /repos/{owner}/{repo}/rulesets"]);
    expect(fake.violations).toEqual([]);
  });

  it("without a token: prints the ruleset and says it cannot compare; no request at all", async () => {
    const fake = await fakeGitHub();
    const run = await protect([], { cwd: checkout("no-token"), fake });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('"refs/heads/release/**/*"');
    expect(run.stdout).toContain("Whether it would be created or updated is not known");
    expect(fake.requests).toEqual([]);
  });

  it("--apply creates one valid ruleset requiring shipgate from GitHub Actions on exactly the stage branches; a re-run changes nothing", async () => {
    const fake = await fakeGitHub();
    const dir = checkout("apply");
    const first = await protect(["--apply"], { cwd: dir, fake, token: ADMIN_TOKEN });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /Created ruleset 1 \(https:\/\/github\.com\/acme\/claims-triage\/rules\/1\)/,
    );
    expect(writes(fake)).toEqual(["POST /repos/{owner}/{repo}/rulesets"]);
    // The fake validated the body against GitHub's OpenAPI description: no violation.
    expect(fake.violations).toEqual([]);

    const [ruleset, ...others] = fake.state.rulesets;
    expect(others).toEqual([]);
    expect(ruleset).toMatchObject({ name: "shipgate", target: "branch", enforcement: "active" });
    expect(ruleset!.rules).toEqual([
      {
        type: "required_status_checks",
        parameters: {
          strict_required_status_checks_policy: false,
          required_status_checks: [{ context: "shipgate", integration_id: 15368 }],
        },
      },
    ]);
    expect(ruleset!.conditions.ref_name.include).toEqual([
      "refs/heads/canary",
      "refs/heads/hotfix-*",
      "refs/heads/main",
      "refs/heads/preview",
      "refs/heads/release",
      "refs/heads/release/**/*",
      "refs/heads/staging",
    ]);
    // GitHub's matching of the ruleset takes in exactly the branches some stage names.
    for (const branch of BRANCHES) {
      const staged = STAGE_PATTERNS.some((p) => picomatch(p, { dot: true })(branch));
      expect(fake.state.rulesetApplies(ruleset!, branch), branch).toBe(staged);
    }

    const before = fake.requests.length;
    const again = await protect(["--apply"], { cwd: dir, fake, token: ADMIN_TOKEN });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("Ruleset 1 already is this ruleset: nothing written.");
    expect(fake.requests.slice(before).map((r) => r.route)).toEqual([
      "GET /repos/{owner}/{repo}/rulesets",
      "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}",
    ]);
    expect(writes(fake)).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("updates a changed ruleset in place with one PUT, keeping its bypass actors and other rules", async () => {
    const fake = await fakeGitHub([
      { name: "protect main", include: ["~DEFAULT_BRANCH"], rules: [{ type: "deletion" }] },
      {
        name: "shipgate",
        include: ["refs/heads/main"],
        bypass_actors: [{ actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "pull_request" }],
        rules: [
          { type: "non_fast_forward" },
          {
            type: "required_status_checks",
            parameters: {
              strict_required_status_checks_policy: true,
              required_status_checks: [{ context: "ci/build" }, { context: "shipgate", integration_id: 99 }],
            },
          },
        ],
      },
    ]);
    const dir = checkout("update");
    const dry = await protect([], { cwd: dir, fake, token: DEFAULT_TOKEN });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Would update ruleset 2.");
    expect(writes(fake)).toEqual([]);

    const run = await protect(["--apply"], { cwd: dir, fake, token: ADMIN_TOKEN });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Updated ruleset 2");
    expect(writes(fake)).toEqual(["PUT /repos/{owner}/{repo}/rulesets/{ruleset_id}"]);
    const ruleset = fake.state.rulesets[1]!;
    expect(ruleset.bypass_actors).toEqual([
      { actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "pull_request" },
    ]);
    expect(ruleset.rules).toEqual([
      { type: "non_fast_forward" },
      {
        type: "required_status_checks",
        parameters: {
          strict_required_status_checks_policy: true,
          required_status_checks: [{ context: "shipgate", integration_id: 15368 }, { context: "ci/build" }],
        },
      },
    ]);
    expect(ruleset.conditions.ref_name.include).toContain("refs/heads/release/**/*");
    // The other ruleset is never touched.
    expect(fake.state.rulesets[0]!.rules).toEqual([{ type: "deletion" }]);
    const again = await protect(["--apply"], { cwd: dir, fake, token: ADMIN_TOKEN });
    expect(again.stdout).toContain("nothing written");
    expect(writes(fake)).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("a token that is not an admin's: exit 1, says who may write rulesets, nothing created", async () => {
    const fake = await fakeGitHub();
    const run = await protect(["--apply"], { cwd: checkout("not-admin"), fake, token: DEFAULT_TOKEN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("cannot create the ruleset in acme/claims-triage");
    expect(run.stderr).toContain("failed with 403");
    expect(run.stderr).toContain("Rulesets are written by repository admins");
    expect(fake.state.rulesets).toEqual([]);
  });

  it("a repository the token cannot see: exit 1, names it", async () => {
    const fake = await fakeGitHub();
    const run = await protect(["--apply", "--repo", "acme/other"], {
      cwd: checkout("not-found"),
      fake,
      token: ADMIN_TOKEN,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("acme/other was not found, or the token cannot see it");
  });

  it("GitHub's validation failure (422): exit 1 with GitHub's reason", async () => {
    const fake = await fakeGitHub();
    fake.fail({
      route: "POST /repos/{owner}/{repo}/rulesets",
      with: {
        status: 422,
        body: {
          message: "Validation Failed",
          errors: ["Invalid target patterns: 'refs/heads/{canary'"],
          documentation_url: "https://docs.github.com/rest/repos/rules#create-a-repository-ruleset",
          status: "422",
        },
      },
    });
    const run = await protect(["--apply"], { cwd: checkout("invalid"), fake, token: ADMIN_TOKEN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("GitHub rejected the ruleset");
    expect(run.stderr).toContain("Invalid target patterns: 'refs/heads/{canary'");
  });

  it("a stage pattern a ruleset cannot express: exit 2 naming the file and the pattern, no request", async () => {
    const fake = await fakeGitHub();
    const dir = checkout("extglob", {
      "systems/claims/readiness.yml": readiness("claims-triage", [["production", '["+(main|trunk)"]']]),
    });
    const run = await protect(["--apply"], { cwd: dir, fake, token: ADMIN_TOKEN });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'systems/claims/readiness.yml: stage production names branch pattern "+(main|trunk)"',
    );
    expect(fake.requests).toEqual([]);
  });

  it("--apply without a token, or a malformed --repo: usage errors (exit 2)", async () => {
    const dir = checkout("usage");
    const noToken = await protect(["--apply"], { cwd: dir });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("protect --apply needs GITHUB_TOKEN");
    const badRepo = await protect(["--repo", "just-a-name"], { cwd: dir, token: ADMIN_TOKEN });
    expect(badRepo.code).toBe(2);
    expect(badRepo.stderr).toContain('--repo must be owner/name, not "just-a-name"');
  });
});
