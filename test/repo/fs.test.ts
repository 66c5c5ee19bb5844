// FsRepo against a real directory tree: every hostile shape evidence can take on disk.
import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsRepo, globOptions } from "../../src/repo/fs.js";
import { EvidenceError } from "../../src/base/errors.js";
import { MAX_EVIDENCE_BYTES } from "../../src/base/view.js";

let root: string;
let outside: string;
let repo: FsRepo;

async function refusal(run: () => Promise<unknown> | unknown): Promise<EvidenceError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(EvidenceError);
    return err as EvidenceError;
  }
  throw new Error("expected an EvidenceError, got none");
}

function write(rel: string, content: string | Buffer): void {
  const full = join(root, rel);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, content);
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-fsrepo-")));
  outside = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-outside-")));
  writeFileSync(join(outside, "secret.txt"), "TOKEN=outside-the-repo\n");

  write("reports/eval.json", '{"metrics":{"f1":0.93}}\n');
  write("reports/empty.json", "");
  write("reports/bom.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":true}')]));
  write("reports/binary.bin", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]));
  write("reports/latin1.txt", Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café" in Latin-1
  write("reports/utf16.txt", Buffer.from([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]));
  write("reports/unicode.md", "# Résumé 😀\n");
  write("reports/name\nwith-newline.json", "{}\n");
  write("docs/a.md", "# A\n");
  write("docs/b.md", "# B\n");
  write("docs/.hidden.md", "# hidden\n");
  write("docs/nested/c.md", "# C\n");
  write("node_modules/pkg/docs/a.md", "# vendored\n");
  write("docs/node_modules/x.md", "# vendored too\n");
  write(".git/info/a.md", "# git internals\n");
  mkdirSync(join(root, "reports/a-directory.json"));

  symlinkSync(join(outside, "secret.txt"), join(root, "reports/link-outside.json"));
  symlinkSync("/proc/self/environ", join(root, "reports/environ.json"));
  symlinkSync("/etc/passwd", join(root, "docs/passwd.md"));
  symlinkSync("eval.json", join(root, "reports/link-inside.json"));
  symlinkSync(outside, join(root, "docs/outside-dir"));
  symlinkSync("does-not-exist.json", join(root, "reports/dangling.json"));
  execFileSync("mkfifo", [join(root, "reports/pipe.json")]);

  writeFileSync(join(root, "reports/huge-sparse.json"), "");
  truncateSync(join(root, "reports/huge-sparse.json"), 300 * 1024 * 1024);
  writeFileSync(join(root, "reports/just-over-cap.json"), "");
  truncateSync(join(root, "reports/just-over-cap.json"), MAX_EVIDENCE_BYTES + 1);

  repo = new FsRepo(root);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe("FsRepo.resolve", () => {
  it("joins a path onto the readiness file's folder and normalises it", () => {
    expect(repo.resolve("systems/claims", "reports/./eval.json")).toBe("systems/claims/reports/eval.json");
    expect(repo.resolve("systems/claims", "../common/eval.json")).toBe("systems/common/eval.json");
    expect(repo.resolve("", "reports/*.json")).toBe("reports/*.json");
    expect(repo.resolve("", ".")).toBe("");
  });

  it("refuses paths that leave the repository, saying why", async () => {
    const err = await refusal(() => repo.resolve("systems/claims", "../../../etc/passwd"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toContain("leaves the repository");
    expect((await refusal(() => repo.resolve("", ".."))).reason).toBe("unreadable");
  });

  it("refuses absolute paths and says to write them relative to the folder", async () => {
    const err = await refusal(() => repo.resolve("systems/claims", "/etc/passwd"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toBe(
      "/etc/passwd is an absolute path; write it relative to the readiness file's folder (systems/claims)",
    );
  });

  it("refuses a glob group that climbs out of the folder", async () => {
    for (const pattern of ["docs/{a,..}/secret.txt", "{x,../..}/secret.txt", "@(..)/x.json"]) {
      const err = await refusal(() => repo.resolve("", pattern));
      expect(err.reason, pattern).toBe("unreadable");
      expect(err.message).toContain("climbs out of its folder inside a glob group");
    }
    expect(repo.resolve("", "reports/{eval,..eval}.json")).toBe("reports/{eval,..eval}.json");
  });

  it("refuses Windows drive paths and NUL bytes", async () => {
    expect((await refusal(() => repo.resolve("", "C:\\reports\\eval.json"))).message).toContain(
      "Windows path",
    );
    expect((await refusal(() => repo.resolve("", "c:/reports/eval.json"))).message).toContain("Windows path");
    expect((await refusal(() => repo.resolve("", "reports/eval.json\0.txt"))).message).toContain("NUL byte");
  });
});

describe("FsRepo.readText", () => {
  it("reads a regular UTF-8 file", async () => {
    expect(await repo.readText("reports/eval.json")).toBe('{"metrics":{"f1":0.93}}\n');
    expect(await repo.readText("reports/unicode.md")).toBe("# Résumé 😀\n");
  });

  it("drops a UTF-8 BOM", async () => {
    expect(await repo.readText("reports/bom.json")).toBe('{"ok":true}');
  });

  it("follows a symlink that stays inside the repository", async () => {
    expect(await repo.readText("reports/link-inside.json")).toBe('{"metrics":{"f1":0.93}}\n');
  });

  it("reports a missing file as missing", async () => {
    const err = await refusal(() => repo.readText("reports/nope.json"));
    expect(err.reason).toBe("missing");
    expect(err.message).toBe("reports/nope.json does not exist");
  });

  it("treats a dangling symlink as missing", async () => {
    expect((await refusal(() => repo.readText("reports/dangling.json"))).reason).toBe("missing");
  });

  it("refuses a symlink to a file outside the repository without reading it", async () => {
    const err = await refusal(() => repo.readText("reports/link-outside.json"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toContain("leads outside the repository");
    expect(err.message).not.toContain(outside);
    expect(err.message).not.toContain("TOKEN");
  });

  it("refuses a symlink to /proc/self/environ and to /etc/passwd", async () => {
    const environ = await refusal(() => repo.readText("reports/environ.json"));
    expect(environ.reason).toBe("unreadable");
    expect(environ.message).toContain("leads outside the repository");
    expect((await refusal(() => repo.readText("docs/passwd.md"))).message).toContain(
      "leads outside the repository",
    );
  });

  it("refuses a path that goes through a symlinked directory leaving the repository", async () => {
    const err = await refusal(() => repo.readText("docs/outside-dir/secret.txt"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toContain("leads outside the repository");
  });

  it("refuses a FIFO at once instead of blocking on it", async () => {
    const err = await refusal(() => repo.readText("reports/pipe.json"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toBe(
      "reports/pipe.json is a FIFO (named pipe), not a regular file; point the check at a file",
    );
  });

  it("refuses a Unix socket, naming what it is", async () => {
    const server = createServer();
    const socketPath = join(root, "reports/metrics.sock");
    await new Promise<void>((done) => server.listen(socketPath, done));
    try {
      const err = await refusal(() => repo.readText("reports/metrics.sock"));
      expect(err.reason).toBe("unreadable");
      expect(err.message).toContain("reports/metrics.sock is a socket");
      expect((await refusal(() => repo.glob("reports", "metrics.sock"))).message).toContain("is a socket");
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it("refuses a directory where a file is expected", async () => {
    const err = await refusal(() => repo.readText("reports/a-directory.json"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toContain("reports/a-directory.json is a directory");
  });

  it("refuses a 300 MB sparse file from its size, before reading it", async () => {
    const err = await refusal(() => repo.readText("reports/huge-sparse.json"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toContain("reports/huge-sparse.json is 300 MB, over the 50 MB limit for evidence");
  });

  it("never rounds a file just over the cap down to the cap", async () => {
    const err = await refusal(() => repo.readText("reports/just-over-cap.json"));
    expect(err.message).toContain("is 50.1 MB, over the 50 MB limit");
  });

  it("refuses a binary file", async () => {
    const err = await refusal(() => repo.readText("reports/binary.bin"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toContain("reports/binary.bin is a binary file (NUL byte at offset 4)");
  });

  it("refuses bytes that are not UTF-8", async () => {
    const err = await refusal(() => repo.readText("reports/latin1.txt"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toBe("reports/latin1.txt is not valid UTF-8 text; save it as UTF-8");
  });

  it("names UTF-16 as the encoding to change", async () => {
    expect((await refusal(() => repo.readText("reports/utf16.txt"))).message).toBe(
      "reports/utf16.txt is UTF-16 text; save it as UTF-8",
    );
  });

  it("reads a file whose name holds a newline", async () => {
    expect(await repo.readText("reports/name\nwith-newline.json")).toBe("{}\n");
  });

  it("applies the location checks to the path it is given", async () => {
    expect((await refusal(() => repo.readText("../outside.txt"))).message).toContain("leaves the repository");
  });

  it("never names the machine's absolute path in a message", async () => {
    const messages = await Promise.all(
      ["reports/nope.json", "reports/pipe.json", "reports/link-outside.json", "reports/binary.bin"].map(
        async (p) => (await refusal(() => repo.readText(p))).message,
      ),
    );
    for (const m of messages) expect(m).not.toContain(root);
  });
});

describe("FsRepo.isNonEmptyFile", () => {
  it("is true only for a non-empty regular file inside the repository", async () => {
    expect(await repo.isNonEmptyFile("reports/eval.json")).toBe(true);
    expect(await repo.isNonEmptyFile("reports/link-inside.json")).toBe(true);
    expect(await repo.isNonEmptyFile("reports/empty.json")).toBe(false);
    expect(await repo.isNonEmptyFile("reports/a-directory.json")).toBe(false);
    expect(await repo.isNonEmptyFile("reports/pipe.json")).toBe(false);
    expect(await repo.isNonEmptyFile("reports/link-outside.json")).toBe(false);
    expect(await repo.isNonEmptyFile("reports/nope.json")).toBe(false);
    expect(await repo.isNonEmptyFile("../etc/passwd")).toBe(false);
  });
});

describe("FsRepo.glob", () => {
  it("expands a glob relative to the folder into sorted repository-relative paths", async () => {
    expect(await repo.glob("docs", "*.md")).toEqual(["docs/a.md", "docs/b.md"]);
    expect(await repo.glob("", "docs/**/*.md")).toEqual(["docs/a.md", "docs/b.md", "docs/nested/c.md"]);
  });

  it("prunes node_modules and .git instead of walking them", async () => {
    const found = await repo.glob("", "**/a.md");
    expect(found).toEqual(["docs/a.md"]);
    expect(await repo.glob("", "**/*.md")).not.toContain("docs/node_modules/x.md");
  });

  it("skips dot files unless the pattern names them", async () => {
    expect(await repo.glob("", "docs/*.md")).not.toContain("docs/.hidden.md");
  });

  it("drops symlinks that leave the repository, and never walks a symlinked directory", async () => {
    const found = await repo.glob("", "**/*");
    expect(found).not.toContain("docs/passwd.md");
    expect(found).not.toContain("reports/link-outside.json");
    expect(found).not.toContain("reports/environ.json");
    expect(found.some((p) => p.startsWith("docs/outside-dir/"))).toBe(false);
  });

  it("returns only regular files: no FIFOs, directories or dangling links", async () => {
    const found = await repo.glob("reports", "*.json");
    expect(found).not.toContain("reports/pipe.json");
    expect(found).not.toContain("reports/a-directory.json");
    expect(found).not.toContain("reports/dangling.json");
    expect(found).toContain("reports/eval.json");
  });

  it("copes with a file name holding a newline", async () => {
    expect(await repo.glob("reports", "name*")).toEqual(["reports/name\nwith-newline.json"]);
  });

  it("checks a plain path as that one file", async () => {
    expect(await repo.glob("reports", "eval.json")).toEqual(["reports/eval.json"]);
    expect(await repo.glob("reports", "link-inside.json")).toEqual(["reports/link-inside.json"]);
    expect(await repo.glob("reports", "nope.json")).toEqual([]);
  });

  it("refuses a plain path that is there but unusable, saying what it is", async () => {
    expect((await refusal(() => repo.glob("reports", "pipe.json"))).message).toContain("is a FIFO");
    expect((await refusal(() => repo.glob("reports", "a-directory.json"))).message).toContain(
      "is a directory",
    );
    expect((await refusal(() => repo.glob("reports", "link-outside.json"))).message).toContain(
      "leads outside the repository",
    );
  });

  it("refuses a pattern that leaves the repository before walking anything", async () => {
    expect((await refusal(() => repo.glob("docs", "../../**/*.md"))).reason).toBe("unreadable");
    expect((await refusal(() => repo.glob("", "/etc/*"))).reason).toBe("unreadable");
  });

  it("matches nothing for a glob with no match", async () => {
    expect(await repo.glob("", "reports/*.xml")).toEqual([]);
  });

  // A pattern whose only glob is in its last segment is answered from the folder's listing (cached for
  // the run); the same pattern spelled with a class in a folder name takes the full walk. Both must agree.
  it.each([
    ["reports", "*"],
    ["reports", "*.json"],
    ["reports", "link-*"],
    ["reports", "*.{json,md,txt}"],
    ["reports", "name*"],
    ["docs", "*"],
    ["docs", ".h*"],
    ["docs", "[ab].md"],
    ["docs", "?.md"],
    ["docs", "+(a|b).md"],
    ["docs", "outside-*"],
    ["docs/outside-dir", "*"],
    ["docs/node_modules", "*.md"],
    ["node_modules/pkg/docs", "*.md"],
    ["nowhere", "*.json"],
  ])("lists %s for %s as the full walk does", async (folder, last) => {
    const fresh = new FsRepo(root);
    const walked = await fresh.glob("", `${folder.replace(/^(.)/, "[$1]")}/${last}`);
    const listed = await fresh.glob("", `${folder}/${last}`);
    expect(listed).toEqual(walked);
  });

  it("lists a folder once per run, however many patterns match in it", async () => {
    const fresh = new FsRepo(root);
    expect(await fresh.glob("docs", "*.md")).toEqual(["docs/a.md", "docs/b.md"]);
    // A file added after the listing is not seen by this run's view: one consistent listing per run.
    write("docs/late.md", "# late\n");
    try {
      expect(await fresh.glob("docs", "?.md")).toEqual(["docs/a.md", "docs/b.md"]);
      expect(await new FsRepo(root).glob("docs", "*.md")).toContain("docs/late.md");
    } finally {
      rmSync(join(root, "docs/late.md"));
    }
  });
});

describe("FsRepo never reads git's own folder", () => {
  const TOKEN_LINE = "\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX2Zha2U=\n";
  let gitRoot: string;
  let gitRepo: FsRepo;

  beforeAll(() => {
    gitRoot = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-fsrepo-git-")));
    const put = (rel: string, text: string) => {
      mkdirSync(join(gitRoot, rel, ".."), { recursive: true });
      writeFileSync(join(gitRoot, rel), text);
    };
    put(".git/config", `[http "https://github.com/"]\n${TOKEN_LINE}`);
    put(".git/modules/sub/config", `[http "https://github.com/"]\n${TOKEN_LINE}`);
    // A submodule's (or a worktree's) .git is a file naming the real folder.
    put("sub/.git", "gitdir: ../.git/modules/sub\n");
    put("reports/eval.json", '{"metrics":{"f1":0.9}}\n');
    symlinkSync(".git", join(gitRoot, "gitdir-link"));
    symlinkSync("../.git/config", join(gitRoot, "reports/config-link"));
    symlinkSync("../.git", join(gitRoot, "reports/up-to-git"));
    gitRepo = new FsRepo(gitRoot);
  });

  afterAll(() => rmSync(gitRoot, { recursive: true, force: true }));

  it.each([
    [".git/config", ""],
    ["./.git/config", ""],
    ["sub/../.git/config", ""],
    ["../.git/config", "docs"],
    [".GIT/config", ""],
    [".git./config", ""],
    ["git~1/config", ""],
    ["sub/.git", ""],
    [".git/**", ""],
    [".gi?/config", ""],
  ])("refuses %s (from %j) in resolve, readText and glob", async (path, baseDir) => {
    const err = await refusal(() => gitRepo.resolve(baseDir, path));
    expect(err.reason).toBe("unreadable");
    expect(err.message).toMatch(/(is inside|can match) \.git, git's own folder/);
    expect((await refusal(() => gitRepo.glob(baseDir, path))).message).toMatch(/\.git, git's own folder/);
    if (baseDir === "" && !/[*?]/.test(path)) {
      expect((await refusal(() => gitRepo.readText(path))).message).toMatch(/\.git, git's own folder/);
      expect(await gitRepo.isNonEmptyFile(path)).toBe(false);
    }
  });

  it("refuses a symbolic link into .git, however it is named, by its real path", async () => {
    for (const path of ["gitdir-link/config", "reports/config-link", "reports/up-to-git/config"]) {
      const err = await refusal(() => gitRepo.readText(path));
      expect(err.message).toBe(
        `${path} is a symbolic link into .git, git's own folder, which holds the checkout's settings and credentials, not evidence; point the check at a file of the repository`,
      );
      expect((await refusal(() => gitRepo.glob("", path))).message).toContain("symbolic link into .git");
    }
  });

  it("never lists a file inside .git from a glob, even through a link or a brace group", async () => {
    for (const pattern of ["**/*", "**/config", "*/config", "{gitdir-link,reports}/*", "reports/*/config"]) {
      const found = await gitRepo.glob("", pattern);
      expect(
        found.filter((p) => p.includes("config") || p.includes(".git")),
        pattern,
      ).toEqual([]);
    }
    expect(await gitRepo.glob("", "**/*.json")).toEqual(["reports/eval.json"]);
    // A brace group spanning a slash is not judged by the path check: the walk drops .git itself.
    expect(await gitRepo.glob("", "{.git/config,reports/eval.json}")).toEqual(["reports/eval.json"]);
  });
});

// Readiness discovery and every `**` glob are walked synchronously: `**` then one name under a plain folder
// by FsRepo's own walk, anything else by tinyglobby's globSync. Both must answer as tinyglobby's
// asynchronous walk did, each match then located (what the view answered before the walk was synchronous).
describe("FsRepo's ** walk against tinyglobby's asynchronous walk", () => {
  let walkRoot: string;

  beforeAll(() => {
    walkRoot = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-fsrepo-walk-")));
    const put = (rel: string, text = "x\n") => {
      mkdirSync(join(walkRoot, rel, ".."), { recursive: true });
      writeFileSync(join(walkRoot, rel), text);
    };
    const bytes = (...parts: Array<string | number[]>) =>
      Buffer.concat([Buffer.from(`${walkRoot}/`), ...parts.map((p) => Buffer.from(p))]);
    put("x.yml");
    put("readiness.yml");
    put("a/x.yml");
    put("a/y.yml", "");
    put("a/b/c/d/x.yml");
    put("a/b/readiness.yml");
    put("a/b/notes.md");
    put("a/.x.yml");
    put("a/.hidden/x.yml");
    put(".github/workflows/x.yml");
    put(".x.yml");
    put("node_modules/pkg/x.yml");
    put("a/node_modules/x.yml");
    put("a/b/node_modules/deep/x.yml");
    put("c/node_modules");
    put(".git/x.yml");
    put(".git/hooks/readiness.yml");
    put("c/name\nwith-newline.yml");
    put("c/résumé 😀.yml");
    put("c/space name.yml");
    mkdirSync(join(walkRoot, "c/d.yml"));
    put("c/d.yml/inner.yml");
    execFileSync("mkfifo", [join(walkRoot, "c/pipe.yml")]);
    symlinkSync("../a/x.yml", join(walkRoot, "c/link-inside.yml"));
    symlinkSync(join(outside, "secret.txt"), join(walkRoot, "c/link-outside.yml"));
    symlinkSync("nowhere.yml", join(walkRoot, "c/dangling.yml"));
    symlinkSync("../a", join(walkRoot, "c/dir-link"));
    symlinkSync(outside, join(walkRoot, "out-link"));
    symlinkSync(".git", join(walkRoot, "git-link"));
    symlinkSync("a/b", join(walkRoot, "b-link"));
    // Names that are not UTF-8 on disk: listed with U+FFFD in their place, so they name no file.
    mkdirSync(join(walkRoot, "bytes"));
    writeFileSync(bytes("bytes/", [0xff, 0xfe], ".yml"), "x\n");
    mkdirSync(bytes("bytes/", [0xfe, 0x41]));
    writeFileSync(bytes("bytes/", [0xfe, 0x41], "/x.yml"), "x\n");
    put("bytes/x.yml");
  });

  afterAll(() => rmSync(walkRoot, { recursive: true, force: true }));

  /** tinyglobby's asynchronous walk, each match kept only when the view finds a regular file inside there. */
  async function asTheAsyncWalkFound(view: FsRepo, pattern: string): Promise<string[]> {
    const { glob } = await import("tinyglobby");
    const kept: string[] = [];
    for (const found of await glob(pattern, globOptions(walkRoot))) {
      const usable = await view.glob("", found).catch(() => []);
      if (usable.length === 1) kept.push(found);
    }
    return kept.sort();
  }

  it.each([
    // `**` then a name: FsRepo's own walk.
    "**/x.yml",
    "**/readiness.yml",
    "**/*.yml",
    "**/*",
    "**/.x.yml",
    "**/.x*",
    "**/node_modules",
    "**/*.{yml,md}",
    "**/+(x|readiness).yml",
    "**/[xy].yml",
    "**/?.yml",
    "**/*newline*",
    "**/*😀*",
    "**/d.yml",
    "**/pipe.yml",
    "**/*link*",
    "a/**/*.yml",
    "a/b/**/*",
    "b-link/**/*.yml",
    "c/dir-link/**/*.yml",
    "out-link/**/*",
    "git-link/**/*",
    ".github/**/*.yml",
    "a/.hidden/**/*",
    "node_modules/**/*.yml",
    "a/node_modules/**/*",
    "bytes/**/*",
    "nowhere/**/*.yml",
    "c/space name.yml/**/*",
    // Any other shape: tinyglobby's globSync.
    "[a]/**/*.yml",
    "**/b/**/*.yml",
    "**/c/*.yml",
    "*/**/x.yml",
    "{a,c}/**/*.yml",
    "a/**/d/*.yml",
    "**/*/x.yml",
    "**/!(x).yml",
  ])("finds what the asynchronous walk found for %s", async (pattern) => {
    const view = new FsRepo(walkRoot);
    const expected = await asTheAsyncWalkFound(new FsRepo(walkRoot), pattern);
    expect(await view.glob("", pattern)).toEqual(expected);
  });

  it("finds the files the tree holds, and none of what it must not list", async () => {
    const view = new FsRepo(walkRoot);
    expect(await view.glob("", "**/x.yml")).toEqual(["a/b/c/d/x.yml", "a/x.yml", "bytes/x.yml", "x.yml"]);
    expect(await view.glob("", "**/readiness.yml")).toEqual(["a/b/readiness.yml", "readiness.yml"]);
    expect(await view.glob("", "b-link/**/*.yml")).toEqual(["b-link/c/d/x.yml", "b-link/readiness.yml"]);
    expect(await view.glob("", "**/.x.yml")).toEqual([".x.yml", "a/.x.yml"]);
    expect(await view.glob("", "out-link/**/*")).toEqual([]);
    expect(await view.glob("", "git-link/**/*")).toEqual([]);
    expect(await view.glob("", "**/*newline*")).toEqual(["c/name\nwith-newline.yml"]);
  });

  it("keeps the folders it walked for the run's reads, and still refuses links out of them", async () => {
    const view = new FsRepo(walkRoot);
    expect(await view.glob("", "**/*")).toContain("a/b/c/d/x.yml");
    expect(await view.readText("a/b/c/d/x.yml")).toBe("x\n");
    expect(await view.readText("c/dir-link/x.yml")).toBe("x\n");
    expect(await view.readText("b-link/readiness.yml")).toBe("x\n");
    expect((await refusal(() => view.readText("out-link/secret.txt"))).message).toContain(
      "leads outside the repository",
    );
    expect((await refusal(() => view.readText("c/link-outside.yml"))).message).toContain(
      "leads outside the repository",
    );
    expect((await refusal(() => view.readText("git-link/x.yml"))).message).toContain(
      "symbolic link into .git",
    );
    expect((await refusal(() => view.readText("c/pipe.yml"))).message).toContain("is a FIFO");
  });
});

describe("FsRepo construction", () => {
  it("needs an absolute root", () => {
    expect(() => new FsRepo("relative/root")).toThrow(/absolute/);
  });

  it("refuses reads under a root that does not exist without naming the machine's path", async () => {
    const gone = join(outside, "no-such-checkout");
    const err = await refusal(() => new FsRepo(gone).readText("reports/eval.json"));
    expect(err.reason).toBe("unreadable");
    expect(err.message).not.toContain(gone);
  });
});

describe("globOptions", () => {
  it("prunes node_modules and .git: the walk never lists them", async () => {
    const { glob } = await import("tinyglobby");
    const fs = await import("node:fs");
    const listed: string[] = [];
    const countingFs = {
      ...fs,
      readdir: ((path: string, options: unknown, callback: unknown) => {
        listed.push(String(path));
        return (fs.readdir as unknown as (...args: unknown[]) => void)(path, options, callback);
      }) as unknown as typeof fs.readdir,
    };
    const found = await glob("**/*.md", { ...globOptions(root), fs: countingFs });
    expect(found).toContain("docs/a.md");
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.some((p) => p.includes("node_modules"))).toBe(false);
    expect(listed.some((p) => p.includes(".git"))).toBe(false);
    expect(listed.some((p) => p.includes("outside-dir"))).toBe(false);
  });
});
