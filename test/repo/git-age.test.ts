// FsRepo.lastChange against real git repositories: full history, untracked files, no repository, and a
// shallow clone, where the age must be unknown rather than guessed.
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, writeInto } from "../support/git.js";
import { FsRepo } from "../../src/repo/fs.js";

const EVAL_COMMITTED = "2026-10-12T09:30:00Z";
const DOC_COMMITTED = "2026-11-20T16:00:00Z";

let scratch: string;
let origin: string;

beforeAll(() => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-git-")));
  origin = join(scratch, "origin");
  mkdirSync(origin);
  git(origin, ["init", "-q", "-b", "main"]);
  writeInto(origin, "reports/eval.json", '{"metrics":{"f1":0.93}}\n');
  git(origin, ["add", "."]);
  git(origin, ["commit", "-q", "-m", "eval report"], EVAL_COMMITTED);
  writeInto(origin, "docs/rollback.md", "# Rollback\n");
  git(origin, ["add", "."]);
  git(origin, ["commit", "-q", "-m", "rollback plan"], DOC_COMMITTED);
  writeInto(origin, "reports/untracked.json", "{}\n");
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("FsRepo.lastChange with full history", () => {
  it("gives the commit time of the last change to each file", async () => {
    const repo = new FsRepo(origin);
    expect(await repo.lastChange("reports/eval.json")).toEqual({
      known: true,
      changedAt: new Date(EVAL_COMMITTED),
      source: "git",
    });
    expect(await repo.lastChange("docs/rollback.md")).toEqual({
      known: true,
      changedAt: new Date(DOC_COMMITTED),
      source: "git",
    });
  });

  it("answers a repeated question from its cache", async () => {
    const repo = new FsRepo(origin);
    const first = await repo.lastChange("reports/eval.json");
    expect(await repo.lastChange("reports/eval.json")).toBe(first);
  });

  it("says an untracked file has no history instead of guessing", async () => {
    const age = await new FsRepo(origin).lastChange("reports/untracked.json");
    expect(age.known).toBe(false);
    if (!age.known) {
      expect(age.why).toContain("reports/untracked.json has no committed history in git");
      expect(age.why).toContain("ageFrom");
    }
  });

  it("asks the repository at its root even when GIT_DIR points elsewhere", async () => {
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = join(scratch, "not-a-repo");
    try {
      const age = await new FsRepo(origin).lastChange("reports/eval.json");
      expect(age).toEqual({ known: true, changedAt: new Date(EVAL_COMMITTED), source: "git" });
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
    }
  });

  it("takes the path literally: a glob or pathspec magic dates nothing", async () => {
    const repo = new FsRepo(origin);
    expect((await repo.lastChange("reports/*.json")).known).toBe(false);
    expect((await repo.lastChange(":(glob)reports/*.json")).known).toBe(false);
  });

  it("never runs a command configured in the repository (core.fsmonitor)", async () => {
    const hostile = join(scratch, "hostile");
    mkdirSync(hostile);
    git(hostile, ["init", "-q", "-b", "main"]);
    writeInto(hostile, "a.json", "{}\n");
    git(hostile, ["add", "."]);
    git(hostile, ["commit", "-q", "-m", "a"], EVAL_COMMITTED);
    const marker = join(scratch, "fsmonitor-ran");
    git(hostile, ["config", "core.fsmonitor", `touch ${marker}`]);
    const age = await new FsRepo(hostile).lastChange("a.json");
    expect(age.known).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("FsRepo.lastChange without usable history", () => {
  it("says a shallow clone cannot tell a file's age", async () => {
    const shallow = join(scratch, "shallow");
    git(scratch, ["clone", "-q", "--depth", "1", `file://${origin}`, shallow]);
    const age = await new FsRepo(shallow).lastChange("reports/eval.json");
    expect(age).toEqual({
      known: false,
      why: "the checkout is shallow (a fetch-depth other than 0), so git cannot tell when reports/eval.json last changed; use fetch-depth: 0 or name a timestamp field with ageFrom",
    });
  });

  it("says a folder outside any git repository has no history", async () => {
    const plain = join(scratch, "plain");
    mkdirSync(plain);
    writeInto(plain, "a.json", "{}\n");
    const age = await new FsRepo(plain).lastChange("a.json");
    expect(age.known).toBe(false);
    if (!age.known) expect(age.why).toContain("the repository is not a git checkout");
  });
});
