// The `contains` kind and the linear-time patterns it runs.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateContains } from "../../src/evidence/contains.js";
import { compileSafePattern } from "../../src/base/pattern.js";
import type { EvidenceContext } from "../../src/evidence/types.js";
import { FsRepo } from "../../src/repo/fs.js";
import { corpusText, memoryContext } from "../support/memory-repo.js";

describe("compileSafePattern", () => {
  it("compiles ordinary patterns, with ^ and $ at line boundaries", () => {
    const compiled = compileSafePattern("^## Rollback$");
    expect(compiled.ok).toBe(true);
    if (compiled.ok) {
      expect(compiled.regex.test("# Plan\n## Rollback\nsteps")).toBe(true);
      expect(compiled.regex.test("# Plan\n## Rollback steps")).toBe(false);
    }
  });

  it("accepts an inline (?i) flag", () => {
    const compiled = compileSafePattern("(?i)owner:\\s+@acme");
    expect(compiled.ok && compiled.regex.test("OWNER:  @ACME/ml")).toBe(true);
  });

  it("refuses backreferences, saying the engine is linear-time", () => {
    expect(compileSafePattern("(a)\\1")).toEqual({
      ok: false,
      message: "backreferences such as \\1 are not supported: Shipgate runs patterns on a linear-time engine",
    });
    const named = compileSafePattern("(?<word>a)\\k<word>");
    expect(named.ok).toBe(false);
    if (!named.ok) expect(named.message).toContain("backreferences such as \\k<name> are not supported");
  });

  it("refuses lookahead and lookbehind, saying why", () => {
    for (const p of ["foo(?=bar)", "foo(?!bar)", "(?<=a)b", "(?<!a)b"]) {
      const compiled = compileSafePattern(p);
      expect(compiled.ok).toBe(false);
      if (!compiled.ok) {
        expect(compiled.message).toMatch(/^lookaround such as \(\?(=|!|<=|<!)…\) is not supported/);
        expect(compiled.message).toContain("linear-time engine");
      }
    }
  });

  it("does not mistake an escaped parenthesis or a class member for lookaround", () => {
    expect(compileSafePattern("\\(?=")).toMatchObject({ ok: true });
    expect(compileSafePattern("[(?=]")).toMatchObject({ ok: true });
  });

  it("explains a pattern that is simply invalid", () => {
    const compiled = compileSafePattern("[unclosed");
    expect(compiled.ok).toBe(false);
    if (!compiled.ok)
      expect(compiled.message).toBe("the pattern is not valid: missing closing ]: `[unclosed`");
  });

  it("runs a catastrophic-backtracking pattern in linear time", () => {
    const compiled = compileSafePattern("^(a+)+$");
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.regex.test("a".repeat(100_000) + "!")).toBe(false);
    expect(compiled.regex.test("a".repeat(100_000))).toBe(true);
  });
});

describe("contains evidence (in memory)", () => {
  const runbook = "# Runbook\n\n## Trigger\nLatency p99 above 2 s\n\n## Steps\n1. Roll back\n";

  it("passes when the file matches and says at which line", async () => {
    const finding = await evaluateContains(
      { file: "docs/runbook.md", pattern: "^## Steps", absent: false },
      memoryContext({ "docs/runbook.md": runbook }),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("/^## Steps/ found in docs/runbook.md at line 6");
    expect(finding.evidence).toEqual([{ path: "docs/runbook.md", line: 6 }]);
  });

  it("fails when the file does not match", async () => {
    const finding = await evaluateContains(
      { file: "docs/runbook.md", pattern: "^## Last rehearsal", absent: false },
      memoryContext({ "docs/runbook.md": runbook }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("/^## Last rehearsal/ not found in docs/runbook.md");
  });

  it("requires every file of a glob to match and names those that do not", async () => {
    const files = {
      "svc/a/Dockerfile": "FROM python:3.12\nUSER app\n",
      "svc/b/Dockerfile": "FROM python:3.12\n",
      "svc/c/Dockerfile": "FROM node:20\nUSER node\n",
    };
    const finding = await evaluateContains(
      { file: "svc/*/Dockerfile", pattern: "^USER ", absent: false },
      memoryContext(files),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "/^USER / not found in 1 of 3 files matching svc/*/Dockerfile: svc/b/Dockerfile",
    );
    expect(finding.evidence).toEqual([{ path: "svc/b/Dockerfile" }]);

    const fixed = await evaluateContains(
      { file: "svc/*/Dockerfile", pattern: "^USER ", absent: false },
      memoryContext({ ...files, "svc/b/Dockerfile": "FROM python:3.12\nUSER app\n" }),
    );
    expect(fixed.status).toBe("pass");
    expect(fixed.summary).toBe("/^USER / found in all 3 files matching svc/*/Dockerfile");
  });

  it("with absent, fails naming each offending file and its first matching line", async () => {
    const files = {
      "docs/a.md": "# A\nAll done\n",
      "docs/b.md": "# B\n\nOwner: TBD\nTODO: fill in\n",
      "docs/c.md": "TODO\n",
    };
    const finding = await evaluateContains(
      { file: "docs/*.md", pattern: "TODO|TBD", absent: true },
      memoryContext(files),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "/TODO|TBD/ found in 2 of 3 files matching docs/*.md, must be absent: docs/b.md line 3, docs/c.md line 1",
    );
    expect(finding.evidence).toEqual([
      { path: "docs/b.md", line: 3 },
      { path: "docs/c.md", line: 1 },
    ]);
    expect(finding.details).toEqual(["docs/b.md:3: Owner: TBD", "docs/c.md:1: TODO"]);
  });

  it("with absent, passes when no file matches", async () => {
    const finding = await evaluateContains(
      { file: "config/*.env", pattern: "(?i)api[_-]?key\\s*=", absent: true },
      memoryContext({ "config/prod.env": "LOG_LEVEL=info\n", "config/dev.env": "DEBUG=1\n" }),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("/(?i)api[_-]?key\\s*=/ is absent from all 2 files matching config/*.env");
  });

  it("fails when the glob matches no file, even with absent", async () => {
    const finding = await evaluateContains(
      { file: "docs/*.md", pattern: "TODO", absent: true },
      memoryContext({ "README.md": "TODO" }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("no file matches docs/*.md");
  });

  it("is an error when the pattern needs backtracking", async () => {
    const finding = await evaluateContains(
      { file: "a.txt", pattern: "(x)\\1", absent: false },
      memoryContext({ "a.txt": "xx" }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "pattern /(x)\\1/ cannot be used: backreferences such as \\1 are not supported: Shipgate runs patterns on a linear-time engine",
    );
  });

  it("finishes fast on a catastrophic pattern against 100k characters", async () => {
    const finding = await evaluateContains(
      { file: "big.txt", pattern: "^(a+)+$", absent: false },
      memoryContext({ "big.txt": "a".repeat(100_000) + "!" }),
    );
    expect(finding.status).toBe("fail");
  });

  it("finds the Mitigation heading of a real runbook at its line (44)", async () => {
    const finding = await evaluateContains(
      { file: "runbooks/*.md", pattern: "^## Mitigation$", absent: false },
      memoryContext({ "runbooks/crashloop.md": corpusText("docs/runbooks__KubePodCrashLooping.md") }),
    );
    expect(finding.status).toBe("pass");
    expect(finding.evidence).toEqual([{ path: "runbooks/crashloop.md", line: 44 }]);
  });

  it("counts lines past non-ASCII text in a real model card", async () => {
    const finding = await evaluateContains(
      { file: "model-card.md", pattern: "^## Performance and Limitations", absent: false },
      memoryContext({ "model-card.md": corpusText("docs/whisper__model-card.md") }),
    );
    expect(finding.evidence).toEqual([{ path: "model-card.md", line: 56 }]);
  });

  it("with absent, fails on the real runbook whose sections are only TODO, at its first TODO (line 15)", async () => {
    const finding = await evaluateContains(
      { file: "runbooks/*.md", pattern: "^TODO$", absent: true },
      memoryContext({
        "runbooks/crashloop.md": corpusText("docs/runbooks__KubePodCrashLooping.md"),
        "runbooks/pleg.md": corpusText("docs/runbooks__KubeletPlegDurationHigh.md"),
      }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "/^TODO$/ found in 1 of 2 files matching runbooks/*.md, must be absent: runbooks/pleg.md line 15",
    );
  });
});

describe("contains evidence (on disk)", () => {
  let root: string;
  let ctx: EvidenceContext;

  beforeAll(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-contains-")));
    mkdirSync(join(root, "docs"), { recursive: true });
    writeFileSync(
      join(root, "docs/model-card.md"),
      "# Model card\n\n## Evaluation\nF1 0.93 on claims-2026-q3\n",
    );
    writeFileSync(join(root, "docs/binary.md"), Buffer.from([0x23, 0x00, 0x41]));
    ctx = { repo: new FsRepo(root), baseDir: "", now: new Date("2026-11-22T12:00:00Z") };
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("reads through FsRepo and finds the pattern", async () => {
    const finding = await evaluateContains(
      { file: "docs/model-card.md", pattern: "^## Evaluation$", absent: false },
      ctx,
    );
    expect(finding.status).toBe("pass");
    expect(finding.evidence).toEqual([{ path: "docs/model-card.md", line: 3 }]);
  });

  it("is an error when a matched file is binary, never a silent pass for absent", async () => {
    const finding = await evaluateContains({ file: "docs/*.md", pattern: "TODO", absent: true }, ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("docs/binary.md is a binary file");
  });
});
