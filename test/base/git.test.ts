// The one git runner (src/base/git.ts) reads the repository it is given, whatever the environment says:
// a GIT_DIR (or GIT_WORK_TREE, GIT_INDEX_FILE) inherited from the workflow never redirects it.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { gitArgv, gitEnv, gitToplevelSync, runGit } from "../../src/base/git.js";
import { checkedOutCommit, showFile } from "../../src/github/git.js";

let scratch: string;
let root: string;
let decoy: string;
const saved = { GIT_DIR: process.env.GIT_DIR, GIT_WORK_TREE: process.env.GIT_WORK_TREE };

function repo(dir: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, GIT_DIR: undefined, GIT_WORK_TREE: undefined };
  const git = (args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", env }).trim();
  git(["init", "-q", "-b", "main"]);
  writeFileSync(join(dir, "readiness.yml"), text);
  git(["add", "-A"]);
  git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", text]);
  return git(["rev-parse", "HEAD"]);
}

let rootHead: string;
beforeAll(() => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-git-runner-")));
  root = join(scratch, "root");
  decoy = join(scratch, "decoy");
  rootHead = repo(root, "root\n");
  repo(decoy, "decoy\n");
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the git runner", () => {
  it("starts git with repository config inert and paths literal, at the root", () => {
    expect(gitArgv("/r", ["log"])).toEqual([
      "--no-pager",
      "--literal-pathspecs",
      "-C",
      "/r",
      "-c",
      "core.fsmonitor=false",
      "-c",
      "log.showSignature=false",
      "log",
    ]);
    process.env.GIT_DIR = join(decoy, ".git");
    process.env.GIT_WORK_TREE = decoy;
    const env = gitEnv();
    expect(env.GIT_DIR).toBeUndefined();
    expect(env.GIT_WORK_TREE).toBeUndefined();
    expect(env.GIT_TERMINAL_PROMPT).toBe("0");
  });

  it("reads the root's repository even when GIT_DIR and GIT_WORK_TREE name another", async () => {
    process.env.GIT_DIR = join(decoy, ".git");
    process.env.GIT_WORK_TREE = decoy;
    const head = await runGit(root, ["rev-parse", "HEAD"]);
    expect(head).toEqual({ ok: true, stdout: `${rootHead}\n` });
    // The policy's base-version read and the CLI's root lookup go through it too.
    expect(await checkedOutCommit(root)).toBe(rootHead);
    expect(await showFile(root, rootHead, "readiness.yml")).toBe("root\n");
    expect(gitToplevelSync(root)).toBe(root);
  });

  it("says why, in a sentence, when the root is not a checkout", async () => {
    const plain = join(scratch, "plain");
    mkdirSync(plain, { recursive: true });
    const out = await runGit(plain, ["rev-parse", "HEAD"]);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.why).toMatch(/not a git checkout|git failed/);
  });
});
