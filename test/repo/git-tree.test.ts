// GitTreeRepo against real git repositories: one commit read from the object database, never the working
// tree; the same refusals as FsRepo (links out, submodules, size, binary, encoding); globbing over the
// listed tree; lastChange at the commit; and a shallow clone, where ages are unknown rather than guessed.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, writeInto } from "../support/git.js";
import { FsRepo } from "../../src/repo/fs.js";
import { GitTreeRepo } from "../../src/repo/git-tree.js";
import { EvidenceError } from "../../src/base/errors.js";
import { MAX_EVIDENCE_BYTES } from "../../src/base/view.js";

const FIRST_COMMITTED = "2026-10-12T09:30:00Z";
const SECOND_COMMITTED = "2026-11-20T16:00:00Z";

let scratch: string;
let repoDir: string;
let first: string;
let second: string;
const opened: GitTreeRepo[] = [];

function link(dir: string, rel: string, target: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  symlinkSync(target, join(dir, rel));
}

function treeAt(sha: string, root = repoDir): GitTreeRepo {
  const repo = new GitTreeRepo(root, sha);
  opened.push(repo);
  return repo;
}

async function refusal(promise: Promise<unknown>): Promise<EvidenceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof EvidenceError)) throw new Error(`expected an EvidenceError, got ${String(err)}`);
  return err;
}

beforeAll(() => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-tree-")));
  repoDir = join(scratch, "repo");
  mkdirSync(repoDir);
  git(repoDir, ["init", "-q", "-b", "main"]);

  // First commit: the evidence as the base branch has it.
  writeInto(repoDir, "systems/claims/reports/eval.json", '{"metrics":{"f1":0.95}}\n');
  writeInto(repoDir, "systems/claims/docs/runbook.md", "# Runbook\n\n## Trigger\nAlert.\n");
  writeInto(repoDir, "systems/claims/reports/junit/api.xml", "<testsuite tests='1'/>\n");
  writeInto(repoDir, "systems/claims/reports/junit/model.xml", "<testsuite tests='2'/>\n");
  writeInto(repoDir, "systems/claims/reports/junit/.hidden.xml", "<testsuite tests='9'/>\n");
  writeInto(repoDir, "systems/claims/node_modules/pkg/reports/junit/vendored.xml", "<testsuite/>\n");
  // Dependencies committed at the root and beside the evidence: every pattern below could reach them.
  writeInto(repoDir, "node_modules/dep/docs/guide.md", "# Guide\n");
  writeInto(repoDir, "systems/claims/node_modules/pkg/reports/eval.json", '{"metrics":{"f1":0.1}}\n');
  writeInto(repoDir, "systems/claims/reports/with space é.json", '{"ok":true}\n');
  writeInto(repoDir, "systems/claims/reports/bom.json", '\uFEFF{"f1":0.93}\n');
  writeInto(repoDir, "systems/claims/reports/empty.txt", "");
  writeInto(repoDir, "systems/claims/reports/model.bin", Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
  writeInto(repoDir, "systems/claims/reports/utf16.json", Buffer.from("\uFEFF{}", "utf16le"));
  writeInto(repoDir, "systems/claims/reports/latin1.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  writeInto(repoDir, "scripts/run.sh", "#!/bin/sh\necho evidence\n");
  execFileSync("chmod", ["+x", join(repoDir, "scripts/run.sh")]);
  link(repoDir, "systems/claims/latest.json", "reports/eval.json");
  link(repoDir, "systems/claims/current", "reports");
  link(repoDir, "systems/claims/chain.json", "latest.json");
  link(repoDir, "systems/claims/escape.json", "../../../outside.json");
  link(repoDir, "systems/claims/absolute.json", "/etc/passwd");
  link(repoDir, "systems/claims/loop-a.json", "loop-b.json");
  link(repoDir, "systems/claims/loop-b.json", "loop-a.json");
  git(repoDir, ["add", "-A"]);
  // A submodule entry (mode 160000), as `git submodule add` records it.
  git(repoDir, [
    "update-index",
    "--add",
    "--cacheinfo",
    "160000,0123456789abcdef0123456789abcdef01234567,vendor/models",
  ]);
  git(repoDir, ["commit", "-q", "-m", "base evidence"], FIRST_COMMITTED);
  first = git(repoDir, ["rev-parse", "HEAD"]);

  // Second commit: the pull request changes the eval report and adds a file.
  writeInto(repoDir, "systems/claims/reports/eval.json", '{"metrics":{"f1":0.81}}\n');
  writeInto(repoDir, "systems/claims/reports/junit/new.xml", "<testsuite tests='3'/>\n");
  git(repoDir, ["add", "-A"]);
  git(repoDir, ["commit", "-q", "-m", "head evidence"], SECOND_COMMITTED);
  second = git(repoDir, ["rev-parse", "HEAD"]);

  // The working tree differs from both commits: GitTreeRepo must never read it.
  writeInto(repoDir, "systems/claims/reports/eval.json", '{"metrics":{"f1":0.5}}\n');
  writeInto(repoDir, "systems/claims/reports/untracked.json", "{}\n");
});

afterAll(() => {
  for (const repo of opened) repo.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("GitTreeRepo reads one commit, not the working tree", () => {
  it("reads a file as it is at the commit", async () => {
    expect(await treeAt(first).readText("systems/claims/reports/eval.json")).toBe(
      '{"metrics":{"f1":0.95}}\n',
    );
    expect(await treeAt(second).readText("systems/claims/reports/eval.json")).toBe(
      '{"metrics":{"f1":0.81}}\n',
    );
  });

  it("says a file the commit does not have is missing, even when the working tree has it", async () => {
    const err = await refusal(treeAt(first).readText("systems/claims/reports/untracked.json"));
    expect(err.reason).toBe("missing");
    expect(err.message).toBe("systems/claims/reports/untracked.json does not exist");
    expect(await treeAt(first).glob("systems/claims", "reports/junit/new.xml")).toEqual([]);
    expect(await treeAt(second).glob("systems/claims", "reports/junit/new.xml")).toEqual([
      "systems/claims/reports/junit/new.xml",
    ]);
  });

  it("reads executable files, names with spaces and accents, and drops a BOM", async () => {
    const repo = treeAt(first);
    expect(await repo.readText("scripts/run.sh")).toContain("echo evidence");
    expect(await repo.readText("systems/claims/reports/with space é.json")).toBe('{"ok":true}\n');
    expect(await repo.readText("systems/claims/reports/bom.json")).toBe('{"f1":0.93}\n');
  });

  it("answers many reads at once through one git process, each with its own file", async () => {
    const repo = treeAt(second);
    const paths = [
      "systems/claims/reports/eval.json",
      "systems/claims/docs/runbook.md",
      "systems/claims/reports/junit/api.xml",
      "systems/claims/reports/junit/model.xml",
      "systems/claims/reports/junit/new.xml",
    ];
    const many = Array.from({ length: 200 }, (_, i) => paths[i % paths.length]!);
    const texts = await Promise.all(many.map((p) => repo.readText(p)));
    const fs = new FsRepo(repoDir);
    for (const [i, path] of many.entries()) {
      if (path.endsWith("eval.json")) expect(texts[i]).toBe('{"metrics":{"f1":0.81}}\n');
      else expect(texts[i]).toBe(await fs.readText(path));
    }
  });

  it("starts a new git process for reads after close()", async () => {
    const repo = treeAt(first);
    expect(await repo.readText("systems/claims/reports/junit/api.xml")).toContain("tests='1'");
    repo.close();
    expect(await repo.readText("systems/claims/reports/junit/model.xml")).toContain("tests='2'");
  });

  it("refuses a commit the repository does not have, naming it", async () => {
    const repo = treeAt("feedfacefeedfacefeedfacefeedfacefeedface");
    const err = await refusal(repo.readText("systems/claims/reports/eval.json"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toMatch(/^the files of commit feedfac cannot be listed: git failed: /);
    await expect(repo.open()).rejects.toThrow(err.message);
    await expect(treeAt(first).open()).resolves.toBeUndefined();
  });

  it("takes only a full commit SHA", () => {
    expect(() => new GitTreeRepo(repoDir, "main")).toThrow(/full commit SHA/);
  });
});

describe("GitTreeRepo refuses what FsRepo refuses", () => {
  it.each<[string, RegExp]>([
    ["systems/claims/reports/model.bin", /is a binary file \(NUL byte at offset 1\)/],
    ["systems/claims/reports/utf16.json", /is UTF-16 text; save it as UTF-8/],
    ["systems/claims/reports/latin1.txt", /is not valid UTF-8 text; save it as UTF-8/],
    ["systems/claims/reports", /is a directory, not a regular file/],
    ["", /is a directory, not a regular file/],
  ])("%s", async (path, message) => {
    const err = await refusal(treeAt(first).readText(path));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toMatch(message);
  });

  it("refuses paths that leave the repository, with FsRepo's own words", () => {
    const repo = treeAt(first);
    const fs = new FsRepo(repoDir);
    for (const path of ["../../../outside.json", "/etc/passwd", "C:\\evidence.json", "{a,..}/x.json"]) {
      const ours = (() => {
        try {
          repo.resolve("systems/claims", path);
          return "resolved";
        } catch (err) {
          return String(err);
        }
      })();
      expect(ours).not.toBe("resolved");
      expect(() => fs.resolve("systems/claims", path)).toThrow(ours.replace(/^EvidenceError: /, ""));
    }
  });

  it("refuses a blob over the size cap from git's header, dropping its bytes, and keeps reading", async () => {
    const dir = join(scratch, "big");
    mkdirSync(dir);
    git(dir, ["init", "-q", "-b", "main"]);
    writeInto(dir, "reports/before.json", '{"n":1}\n');
    writeInto(dir, "reports/huge.xml", Buffer.alloc(MAX_EVIDENCE_BYTES + 100 * 1024, "a"));
    writeInto(dir, "reports/after.json", '{"n":2}\n');
    git(dir, ["add", "-A"]);
    git(dir, ["commit", "-q", "-m", "huge"]);
    const repo = treeAt(git(dir, ["rev-parse", "HEAD"]), dir);
    // Asked together: the answers after the refused one must still line up with their requests.
    const [before, huge, after] = await Promise.allSettled([
      repo.readText("reports/before.json"),
      repo.readText("reports/huge.xml"),
      repo.readText("reports/after.json"),
    ]);
    expect(before).toEqual({ status: "fulfilled", value: '{"n":1}\n' });
    expect(after).toEqual({ status: "fulfilled", value: '{"n":2}\n' });
    expect(huge.status).toBe("rejected");
    const err = (huge as PromiseRejectedResult).reason as EvidenceError;
    expect(err).toBeInstanceOf(EvidenceError);
    expect(err.reason).toBe("unreadable");
    expect(err.message).toBe(
      "reports/huge.xml is 50.1 MB, over the 50 MB limit for evidence; point the check at a smaller summary file",
    );
    expect(await repo.isNonEmptyFile("reports/huge.xml")).toBe(true);
  });

  it("says a blob missing from the clone is unreadable, and never fetches it", async () => {
    const dir = join(scratch, "partial");
    mkdirSync(dir);
    git(dir, ["init", "-q", "-b", "main"]);
    writeInto(dir, "reports/small.json", "{}\n");
    git(dir, ["add", "-A"]);
    git(dir, ["commit", "-q", "-m", "small"]);
    const sha = git(dir, ["rev-parse", "HEAD"]);
    const blob = git(dir, ["rev-parse", "HEAD:reports/small.json"]);
    // As in a partial clone (filter: blob:none): the tree lists the blob, the object database lacks it.
    unlinkSync(join(dir, ".git/objects", blob.slice(0, 2), blob.slice(2)));
    const err = await refusal(treeAt(sha, dir).readText("reports/small.json"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toBe(
      `reports/small.json cannot be read from commit ${sha.slice(0, 7)}: the object is not in this clone (Shipgate does not fetch it)`,
    );
  });

  it("says an empty file is not a non-empty file, and a directory or missing file neither", async () => {
    const repo = treeAt(first);
    expect(await repo.isNonEmptyFile("systems/claims/reports/eval.json")).toBe(true);
    expect(await repo.isNonEmptyFile("systems/claims/reports/empty.txt")).toBe(false);
    expect(await repo.isNonEmptyFile("systems/claims/reports")).toBe(false);
    expect(await repo.isNonEmptyFile("systems/claims/nothing.json")).toBe(false);
    expect(await repo.isNonEmptyFile("systems/claims/latest.json")).toBe(true);
  });
});

describe("GitTreeRepo: symbolic links and submodules", () => {
  it("follows a link to a file inside the tree, and a chain of them", async () => {
    const repo = treeAt(first);
    expect(await repo.readText("systems/claims/latest.json")).toBe('{"metrics":{"f1":0.95}}\n');
    expect(await repo.readText("systems/claims/chain.json")).toBe('{"metrics":{"f1":0.95}}\n');
    expect(await repo.glob("systems/claims", "latest.json")).toEqual(["systems/claims/latest.json"]);
  });

  it("follows a link to a folder inside the tree on the way to a file", async () => {
    expect(await treeAt(first).readText("systems/claims/current/eval.json")).toBe(
      '{"metrics":{"f1":0.95}}\n',
    );
  });

  it.each([
    [
      "systems/claims/escape.json",
      "systems/claims/escape.json is a symbolic link that leads outside the repository; evidence must be a file inside it",
    ],
    [
      "systems/claims/absolute.json",
      "systems/claims/absolute.json is a symbolic link that leads outside the repository; evidence must be a file inside it",
    ],
    [
      "systems/claims/loop-a.json",
      "systems/claims/loop-a.json is a symbolic link that loops; use a plain file",
    ],
  ])("refuses %s", async (path, message) => {
    const err = await refusal(treeAt(first).readText(path));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toBe(message);
    await expect(treeAt(first).glob("", path)).rejects.toThrow(message);
  });

  it("refuses a submodule and any path inside it", async () => {
    const repo = treeAt(first);
    const at = await refusal(repo.readText("vendor/models"));
    expect(at.reason).toBe("unreadable");
    expect(at.message).toBe(
      "vendor/models is a git submodule, not a file; point the check at a file of this repository",
    );
    const inside = await refusal(repo.readText("vendor/models/eval.json"));
    expect(inside.message).toBe(
      "vendor/models/eval.json is inside the git submodule vendor/models, whose files are not part of this repository; point the check at a file of this repository",
    );
  });
});

describe("GitTreeRepo.glob", () => {
  it("matches regular files of the commit relative to the readiness file's folder, sorted", async () => {
    expect(await treeAt(second).glob("systems/claims", "reports/junit/*.xml")).toEqual([
      "systems/claims/reports/junit/api.xml",
      "systems/claims/reports/junit/model.xml",
      "systems/claims/reports/junit/new.xml",
    ]);
  });

  it("never matches inside node_modules or .git, nor dot files, nor links, as FsRepo's walk", async () => {
    const found = await treeAt(first).glob("systems/claims", "**/*.{xml,json}");
    expect(found).not.toContainEqual(expect.stringContaining("node_modules"));
    expect(found).not.toContainEqual(expect.stringContaining(".hidden"));
    expect(found).not.toContain("systems/claims/latest.json");
    expect(found).toContain("systems/claims/reports/eval.json");
  });

  it("agrees with FsRepo on a checkout of the same commit, node_modules left out by both", async () => {
    const clone = join(scratch, "clone-same");
    git(scratch, ["clone", "-q", `file://${repoDir}`, clone]);
    git(clone, ["checkout", "-q", "--detach", first]);
    const fs = new FsRepo(clone);
    const tree = treeAt(first, clone);
    // The commit really has files in node_modules that these patterns match.
    const committed = git(clone, ["ls-files"]).split("\n");
    expect(committed).toEqual(
      expect.arrayContaining([
        "node_modules/dep/docs/guide.md",
        "systems/claims/node_modules/pkg/reports/eval.json",
        "systems/claims/node_modules/pkg/reports/junit/vendored.xml",
      ]),
    );
    for (const [base, pattern] of [
      ["systems/claims", "reports/junit/*.xml"],
      ["systems/claims", "**/*.json"],
      ["systems/claims", "**/*.xml"],
      ["", "**/*.md"],
      ["", "**/reports/eval.json"],
      ["systems/claims", "node_modules/**/*.json"],
      ["systems/claims", "reports/{eval,bom}.json"],
      ["systems/claims", "latest.json"],
      ["systems/claims", "current/eval.json"],
    ] as const) {
      const fromTree = await tree.glob(base, pattern);
      expect(fromTree, `${base} ${pattern}`).toEqual(await fs.glob(base, pattern));
      expect(fromTree, `${base} ${pattern}`).not.toContainEqual(expect.stringContaining("node_modules/"));
    }
    expect(await tree.glob("", "**/*.md")).toContain("systems/claims/docs/runbook.md");
    for (const path of ["systems/claims/latest.json", "systems/claims/reports/bom.json", "scripts/run.sh"]) {
      expect(await tree.readText(path)).toBe(await fs.readText(path));
    }
  });
});

describe("GitTreeRepo never reads a .git entry", () => {
  // git refuses to add a .git path, but a crafted tree (git mktree) can hold one, in any case.
  let crafted: string;
  let dir: string;

  beforeAll(() => {
    dir = join(scratch, "crafted");
    mkdirSync(dir);
    git(dir, ["init", "-q", "-b", "main"]);
    const blob = (text: string) =>
      execFileSync("git", ["hash-object", "-w", "--stdin"], {
        cwd: dir,
        input: text,
        encoding: "utf8",
      }).trim();
    const tree = (lines: string[]) =>
      execFileSync("git", ["mktree"], { cwd: dir, input: `${lines.join("\n")}\n`, encoding: "utf8" }).trim();
    const secret = blob("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n");
    const inner = tree([`100644 blob ${secret}\tconfig`]);
    const root = tree([
      `040000 tree ${inner}\t.GIT`,
      `040000 tree ${inner}\t.git`,
      `120000 blob ${blob(".git/config")}\tlink.json`,
      `100644 blob ${blob('{"ok":true}')}\tok.json`,
    ]);
    crafted = git(dir, ["commit-tree", root, "-m", "crafted"], FIRST_COMMITTED);
  });

  it("refuses the path, a case variant, and a link into it; lists none of it", async () => {
    const repo = treeAt(crafted, dir);
    for (const path of [".git/config", ".GIT/config"]) {
      expect((await refusal(repo.readText(path))).message).toContain(`${path} is inside .git`);
    }
    expect((await refusal(repo.readText("link.json"))).message).toBe(
      "link.json is a symbolic link into .git, git's own folder, which holds the checkout's settings and credentials, not evidence; point the check at a file of the repository",
    );
    expect(await repo.isNonEmptyFile("link.json")).toBe(false);
    expect(await repo.glob("", "**/*")).toEqual(["ok.json"]);
    expect(await repo.glob("", "*/config")).toEqual([]);
    // A brace group spanning a slash is not judged by the path check: the listing drops .git itself.
    expect(await repo.glob("", "{.GIT/config,.git/config,ok.json}")).toEqual(["ok.json"]);
  });
});

describe("GitTreeRepo.lastChange", () => {
  it("gives the time of the last commit up to this one that changed the file", async () => {
    expect(await treeAt(first).lastChange("systems/claims/reports/eval.json")).toEqual({
      known: true,
      changedAt: new Date(FIRST_COMMITTED),
      source: "git",
    });
    expect(await treeAt(second).lastChange("systems/claims/reports/eval.json")).toEqual({
      known: true,
      changedAt: new Date(SECOND_COMMITTED),
      source: "git",
    });
    expect(await treeAt(second).lastChange("systems/claims/docs/runbook.md")).toEqual({
      known: true,
      changedAt: new Date(FIRST_COMMITTED),
      source: "git",
    });
  });

  it("says a file with no history up to the commit has no known age", async () => {
    const age = await treeAt(first).lastChange("systems/claims/reports/junit/new.xml");
    expect(age).toEqual({
      known: false,
      why: `systems/claims/reports/junit/new.xml has no committed history up to commit ${first.slice(0, 7)}`,
    });
  });

  it("does not guess in a shallow clone, where the base commit is a graft", async () => {
    const shallow = join(scratch, "shallow");
    git(scratch, ["clone", "-q", "--depth=2", `file://${repoDir}`, shallow]);
    const repo = treeAt(first, shallow);
    // Reading still works: the base commit's objects are in the clone.
    expect(await repo.readText("systems/claims/reports/eval.json")).toBe('{"metrics":{"f1":0.95}}\n');
    const age = await repo.lastChange("systems/claims/reports/eval.json");
    expect(age.known).toBe(false);
    expect(age.known === false && age.why).toBe(
      `the checkout is shallow, so git cannot tell when systems/claims/reports/eval.json last changed before commit ${first.slice(0, 7)}; use fetch-depth: 0 or name a timestamp field with ageFrom`,
    );
  });
});
