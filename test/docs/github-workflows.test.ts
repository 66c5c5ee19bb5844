// This repository's own workflows and Dependabot configuration, parsed as YAML and held to what they
// promise: CI runs .ci/run on Node 20 and 24, a dist/ check, the action gating the repository's own
// examples (and each example really has the verdict the workflow expects, by the CLI on the same
// files), the release moving the major tag, minimal permissions everywhere, and no expression expanded
// inside a shell script. actionlint is not available offline, so this is the check they get here.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../support/action-runner.js";

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  with?: Record<string, unknown>;
} & Record<string, unknown>;
type Job = {
  name?: string;
  "runs-on"?: string;
  "timeout-minutes"?: number;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
  if?: string;
};
type Workflow = {
  name?: string;
  on?: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  jobs?: Record<string, Job>;
};

const WORKFLOWS_DIR = join(REPOSITORY_ROOT, ".github", "workflows");
const FILES = readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f));

function workflow(file: string): Workflow {
  return parse(readFileSync(join(WORKFLOWS_DIR, file), "utf8"), {
    strict: true,
    uniqueKeys: true,
  }) as Workflow;
}

function steps(w: Workflow): Step[] {
  return Object.values(w.jobs ?? {}).flatMap((j) => j.steps ?? []);
}

/** The write permissions each job is allowed; anything not listed is read or none. */
const WRITES: Record<string, Record<string, string[]>> = {
  "ci.yml": { test: [], "check-dist": [] },
  "shipgate.yml": { shipgate: ["checks"], "no-go-example": [] },
  "release.yml": { "move-major-tag": ["contents"] },
};

function runCli(args: string[]) {
  const run = spawnSync(process.execPath, [join(REPOSITORY_ROOT, "dist/cli.js"), ...args], {
    cwd: REPOSITORY_ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
    timeout: 30_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("every workflow", () => {
  it("are the ones this test knows", () => {
    expect(FILES.sort()).toEqual(Object.keys(WRITES).sort());
  });

  it.each(FILES)("%s parses, names itself, and every job runs on ubuntu-latest with a timeout", (file) => {
    const w = workflow(file);
    expect(w.name).toMatch(/\S/);
    expect(Object.keys(w.on ?? {}).length).toBeGreaterThan(0);
    const jobs = Object.entries(w.jobs ?? {});
    expect(jobs.length).toBeGreaterThan(0);
    for (const [id, job] of jobs) {
      expect(job["runs-on"], id).toBe("ubuntu-latest");
      expect(job["timeout-minutes"], id).toBeGreaterThan(0);
      expect(job.steps?.length, id).toBeGreaterThan(0);
      for (const step of job.steps ?? [])
        expect(Boolean(step.uses) !== Boolean(step.run), `${id}: ${JSON.stringify(step)}`).toBe(true);
    }
  });

  it.each(FILES)("%s reads contents by default and writes only what its jobs need", (file) => {
    const w = workflow(file);
    expect(w.permissions).toEqual({ contents: "read" });
    for (const [id, job] of Object.entries(w.jobs ?? {})) {
      const writes = Object.entries(job.permissions ?? {})
        .filter(([, level]) => level === "write")
        .map(([scope]) => scope)
        .sort();
      expect(writes, `${file} job ${id}`).toEqual(WRITES[file]![id]);
    }
  });

  it.each(FILES)(
    "%s uses actions at a major tag or from this repository, and expands no expression in run:",
    (file) => {
      for (const step of steps(workflow(file))) {
        if (step.uses) expect(step.uses).toMatch(/^(\.\/|[\w-]+\/[\w-]+@v\d+$)/);
        // ${{ }} inside a script is pasted into it before the shell runs: values go through env: instead.
        if (step.run) expect(step.run).not.toContain("${{");
      }
    },
  );
});

describe("ci.yml", () => {
  const w = workflow("ci.yml");

  it("runs .ci/run on pull requests, the merge queue and main, on Node 20 and 24", () => {
    expect(Object.keys(w.on!).sort()).toEqual(["merge_group", "pull_request", "push"]);
    const test = w.jobs!.test!;
    expect(test.strategy?.matrix?.node).toEqual([20, 24]);
    const node = test.steps!.find((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(node?.with?.["node-version"]).toBe("${{ matrix.node }}");
    expect(test.steps!.some((s) => s.run === "bash .ci/run")).toBe(true);
  });

  it("checks that dist/ is the build of src/ in a job of its own", () => {
    const job = w.jobs!["check-dist"]!;
    const runs = job.steps!.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs).toContain("npm ci --no-audit --no-fund");
    expect(runs).toContain("npm run build");
    expect(runs.join("\n")).toMatch(/git status --porcelain -- dist/);
  });
});

describe("shipgate.yml: the action gates this repository's own examples", () => {
  const w = workflow("shipgate.yml");
  const gateOf = (job: string) => w.jobs![job]!.steps!.find((s) => s.uses === "./")!;

  it("runs the action from this commit (uses: ./) on the examples that are ready, failing on anything but Go", () => {
    const gate = gateOf("shipgate");
    expect(gate.with).toMatchObject({ "fail-on": "conditional", comment: "never" });
    // The same files, judged by the CLI at production (what main requires) without --local, so no check
    // is left out that GitHub would evaluate: a Go, for the four systems the workflow then asserts. The
    // regression check (ml-service's DVC metrics) compares with HEAD, as a push compares with its parent.
    const run = runCli([
      "check",
      "--files",
      String(gate.with!.files),
      "--base",
      "HEAD",
      "--stage",
      "production",
      "--format",
      "json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { verdict: string; systems: Array<{ system: string }> };
    expect(report.verdict).toBe("go");
    const names = report.systems.map((s) => s.system).sort();
    expect(names).toEqual(["churn-scoring", "fraud-model", "recommender", "support-assistant"]);
    const assertion = w.jobs!.shipgate!.steps!.find((s) => s.run?.includes("VERDICT"))!;
    expect(assertion.run).toContain(names.join(","));
    expect(assertion.env).toMatchObject({ VERDICT: "${{ steps.gate.outputs.verdict }}" });
  });

  it("expects a No-go from the example that is not ready, without letting it write the check run", () => {
    const job = w.jobs!["no-go-example"]!;
    const gate = gateOf("no-go-example");
    expect(gate["continue-on-error"]).toBe(true);
    expect(job.permissions?.checks).not.toBe("write");
    const run = runCli(["check", "--files", String(gate.with!.files), "--stage", "production"]);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toMatch(/No-go for production/);
    const assertion = job.steps!.find((s) => s.run?.includes("OUTCOME"))!;
    expect(assertion.run).toMatch(/test "\$OUTCOME" = failure/);
    expect(assertion.run).toMatch(/test "\$VERDICT" = no-go/);
  });

  it("checks out the full history the evidence-age checks read, without keeping the token", () => {
    for (const job of Object.values(w.jobs!)) {
      const checkout = job.steps!.find((s) => s.uses?.startsWith("actions/checkout@"))!;
      expect(checkout.with).toEqual({ "persist-credentials": false, "fetch-depth": 0 });
    }
  });
});

describe("release.yml", () => {
  const w = workflow("release.yml");

  it("moves the major tag on a published, non-prerelease vX.Y.Z release whose dist/ and version agree", () => {
    expect(w.on).toEqual({ release: { types: ["published"] } });
    const job = w.jobs!["move-major-tag"]!;
    expect(job.if).toContain("!github.event.release.prerelease");
    const scripts = job.steps!.flatMap((s) => (s.run ? [s.run] : [])).join("\n");
    expect(scripts).toMatch(/npm run build\n.*git status --porcelain -- dist/);
    const tagStep = job.steps!.find((s) => s.name === "Move the major tag")!;
    expect(tagStep.env).toEqual({
      TAG: "${{ github.event.release.tag_name }}",
      GH_TOKEN: "${{ github.token }}",
    });
  });

  /** Runs one step's script with bash, in `cwd`, with a recording `gh` first on PATH. */
  function runStep(name: string, cwd: string, env: Record<string, string>) {
    const step = w.jobs!["move-major-tag"]!.steps!.find((s) => s.name === name)!;
    const bin = join(cwd, ".bin");
    mkdirSync(bin, { recursive: true });
    // The fake gh: records its arguments; a GET of the major tag's ref answers as GH_TAG_EXISTS says.
    writeFileSync(
      join(bin, "gh"),
      '#!/bin/sh\necho "$*" >> "$GH_LOG"\ncase "$*" in *"/git/ref/tags/"*) [ "$GH_TAG_EXISTS" = yes ] || exit 1;; esac\n',
      { mode: 0o755 },
    );
    const run = spawnSync("bash", ["-eo", "pipefail", "-c", step.run!], {
      cwd,
      encoding: "utf8",
      env: { PATH: `${bin}:${process.env.PATH ?? ""}`, GH_LOG: join(cwd, "gh.log"), ...env },
    });
    const log = existsSync(join(cwd, "gh.log")) ? readFileSync(join(cwd, "gh.log"), "utf8") : "";
    return { code: run.status, out: run.stdout + run.stderr, gh: log.trim().split("\n").filter(Boolean) };
  }

  it("its scripts refuse a tag that is not vX.Y.Z or disagrees with package.json, and move or create vX", () => {
    const dir = mkdtempSync(join(tmpdir(), "shipgate-release-"));
    try {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ version: "1.2.3" }));
      const check = "The tag is vX.Y.Z and package.json says X.Y.Z";
      expect(runStep(check, dir, { TAG: "v1.2.3" }).code).toBe(0);
      expect(runStep(check, dir, { TAG: "v1.2" }).out).toMatch(/release tag v1\.2 is not vX\.Y\.Z/);
      expect(runStep(check, dir, { TAG: "v1.2.3-rc.1" }).code).not.toBe(0);
      expect(runStep(check, dir, { TAG: "v1.2.4" }).out).toMatch(
        /package\.json says 1\.2\.3, the tag v1\.2\.4/,
      );

      const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, encoding: "utf8" }).stdout.trim();
      git("init", "-q");
      git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "release",
      );
      const sha = git("rev-parse", "HEAD");
      const repo = { GITHUB_REPOSITORY: "acme/shipgate", GH_TOKEN: "unused" };
      const moved = runStep("Move the major tag", dir, { ...repo, TAG: "v12.0.10", GH_TAG_EXISTS: "yes" });
      expect(moved.code, moved.out).toBe(0);
      expect(moved.gh).toEqual([
        "api repos/acme/shipgate/git/ref/tags/v12",
        `api -X PATCH repos/acme/shipgate/git/refs/tags/v12 -f sha=${sha} -F force=true`,
      ]);
      rmSync(join(dir, "gh.log"));
      const created = runStep("Move the major tag", dir, { ...repo, TAG: "v2.0.0", GH_TAG_EXISTS: "no" });
      expect(created.code, created.out).toBe(0);
      expect(created.gh[1]).toBe(
        `api -X POST repos/acme/shipgate/git/refs -f ref=refs/tags/v2 -f sha=${sha}`,
      );
      expect(created.out).toContain(`v2 now points at v2.0.0 (${sha})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("dependabot.yml", () => {
  it("updates npm packages and GitHub Actions weekly, from the repository root", () => {
    const config = parse(readFileSync(join(REPOSITORY_ROOT, ".github", "dependabot.yml"), "utf8")) as {
      version: number;
      updates: Array<{ "package-ecosystem": string; directory: string; schedule: { interval: string } }>;
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u["package-ecosystem"]).sort()).toEqual(["github-actions", "npm"]);
    for (const u of config.updates) {
      expect(u.directory).toBe("/");
      expect(u.schedule.interval).toBe("weekly");
    }
  });
});
