// The `file` kind: at least `min` non-empty regular files match a path or glob.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateFile } from "../../src/evidence/file.js";
import type { EvidenceContext } from "../../src/evidence/types.js";
import { FsRepo } from "../../src/repo/fs.js";
import { memoryContext } from "../support/memory-repo.js";

describe("file evidence (in memory)", () => {
  it("passes when the named file exists and is not empty", async () => {
    const ctx = memoryContext(
      { "systems/claims/docs/rollback.md": "# Rollback\n" },
      { baseDir: "systems/claims" },
    );
    const finding = await evaluateFile({ path: "docs/rollback.md", min: 1 }, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("systems/claims/docs/rollback.md exists and is not empty");
    expect(finding.evidence).toEqual([{ path: "systems/claims/docs/rollback.md" }]);
  });

  it("fails when nothing matches, naming the path", async () => {
    const finding = await evaluateFile({ path: "docs/rollback.md", min: 1 }, memoryContext({}));
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("no file matches docs/rollback.md; add it (need ≥ 1 non-empty file)");
    expect(finding.measured).toBe("0 files");
  });

  it("fails on an empty file and says it is empty", async () => {
    const finding = await evaluateFile(
      { path: "docs/rollback.md", min: 1 },
      memoryContext({ "docs/rollback.md": "" }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("docs/rollback.md is empty; fill it in");
  });

  it("counts non-empty matches of a glob against min and names the empty ones", async () => {
    const files = {
      "runbooks/a.md": "# A",
      "runbooks/b.md": "",
      "runbooks/c.md": "# C",
      "runbooks/d.md": "",
    };
    const pass = await evaluateFile({ path: "runbooks/*.md", min: 2 }, memoryContext(files));
    expect(pass.status).toBe("pass");
    expect(pass.summary).toBe(
      "2 non-empty files match runbooks/*.md, need ≥ 2 non-empty files (2 empty: runbooks/b.md, runbooks/d.md)",
    );
    expect(pass.measured).toBe("2 non-empty files");
    expect(pass.bar).toBe("≥ 2 non-empty files");
    expect(pass.evidence.map((e) => e.path)).toEqual(["runbooks/a.md", "runbooks/c.md"]);
    expect(pass.details).toEqual(["runbooks/b.md is empty", "runbooks/d.md is empty"]);

    const fail = await evaluateFile({ path: "runbooks/*.md", min: 3 }, memoryContext(files));
    expect(fail.status).toBe("fail");
    expect(fail.summary).toBe(
      "only 2 non-empty files match runbooks/*.md, need ≥ 3 non-empty files (2 empty: runbooks/b.md, runbooks/d.md)",
    );
  });

  it("is an error when the path leaves the repository", async () => {
    const finding = await evaluateFile(
      { path: "../../etc/passwd", min: 1 },
      memoryContext({}, { baseDir: "sys" }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("leaves the repository");
  });
});

describe("file evidence (on disk)", () => {
  let root: string;
  let ctx: EvidenceContext;

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-file-")));
    mkdirSync(join(root, "sys/docs"), { recursive: true });
    writeFileSync(join(root, "sys/docs/runbook.md"), "# Runbook\n");
    writeFileSync(join(root, "sys/docs/empty.md"), "");
    execFileSync("mkfifo", [join(root, "sys/docs/pipe.md")]);
    symlinkSync("/etc/passwd", join(root, "sys/docs/passwd.md"));
    ctx = { repo: new FsRepo(root), baseDir: "sys", now: new Date("2026-11-22T12:00:00Z") };
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("counts only regular non-empty files inside the repository", async () => {
    const finding = await evaluateFile({ path: "docs/*.md", min: 1 }, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "1 non-empty file matches sys/docs/*.md, need ≥ 1 non-empty file (1 empty: sys/docs/empty.md)",
    );
    expect(finding.evidence).toEqual([{ path: "sys/docs/runbook.md" }]);
  });

  it("is an error, not a pass, when the named path is a FIFO", async () => {
    const finding = await evaluateFile({ path: "docs/pipe.md", min: 1 }, ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("sys/docs/pipe.md is a FIFO (named pipe)");
  });

  it("is an error when the named path is a symlink leaving the repository", async () => {
    const finding = await evaluateFile({ path: "docs/passwd.md", min: 1 }, ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("leads outside the repository");
  });
});
