// maxAge: evidence age from git history or from a timestamp in the evidence, never guessed.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import { applyMaxAge, parseTimestamp } from "../../src/evidence/age.js";
import { evaluateMetric } from "../../src/evidence/metric.js";
import type { Finding } from "../../src/evidence/types.js";
import { FsRepo } from "../../src/repo/fs.js";
import { memoryContext } from "../support/memory-repo.js";
import { git } from "../support/git.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const EVAL = "reports/eval.json";

function metricCheck(extra: Partial<CheckSpec> = {}): CheckSpec {
  return {
    id: "eval-f1",
    category: "model",
    maxAge: "30d",
    metric: { file: EVAL, path: "metrics.f1", min: 0.92 },
    ...extra,
  };
}

const passing: Finding = {
  status: "pass",
  summary: "metrics.f1 0.951 ≥ 0.92 in reports/eval.json",
  measured: "0.951",
  bar: "≥ 0.92",
  evidence: [{ path: EVAL }],
};

function ctxWith(files: Record<string, string>, ages: Record<string, string>) {
  const dates = Object.fromEntries(Object.entries(ages).map(([p, d]) => [p, new Date(d)]));
  return memoryContext(files, { ages: dates, now: NOW });
}

describe("applyMaxAge from git history", () => {
  it("keeps a fresh pass and records its age", async () => {
    const ctx = ctxWith({ [EVAL]: "{}" }, { [EVAL]: "2026-11-12T12:00:00Z" });
    const finding = await applyMaxAge(metricCheck(), passing, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(passing.summary);
    expect(finding.details).toEqual([
      "evidence is 10 days old, within maxAge 30d (reports/eval.json last changed 2026-11-12 per git)",
    ]);
  });

  it("fails stale evidence, saying how old against which bar and from where", async () => {
    const ctx = ctxWith({ [EVAL]: "{}" }, { [EVAL]: "2026-10-12T12:00:00Z" });
    const finding = await applyMaxAge(metricCheck(), passing, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "evidence is 41 days old, older than maxAge 30d (reports/eval.json last changed 2026-10-12 per git); regenerate it",
    );
    expect(finding.measured).toBe("41 days old");
    expect(finding.bar).toBe("≤ 30d old");
    expect(finding.evidence).toEqual([{ path: EVAL }]);
    expect(finding.details).toEqual([
      "the evidence itself passed: metrics.f1 0.951 ≥ 0.92 in reports/eval.json",
    ]);
  });

  it("shows a decimal when the whole number of days would hide the breach", async () => {
    const ctx = ctxWith({ [EVAL]: "{}" }, { [EVAL]: "2026-10-23T00:00:00Z" });
    const finding = await applyMaxAge(metricCheck(), passing, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("evidence is 30.5 days old, older than maxAge 30d");
  });

  it("fails, with the repository's reason, when the age is unknown", async () => {
    const ctx = ctxWith({ [EVAL]: "{}" }, {});
    const finding = await applyMaxAge(metricCheck(), passing, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "cannot tell how old the evidence is, so maxAge 30d cannot be checked: reports/eval.json has no git history",
    );
  });

  it("takes the oldest of several evidence files", async () => {
    const ctx = ctxWith(
      { "junit/a.xml": "", "junit/b.xml": "" },
      { "junit/a.xml": "2026-11-20T12:00:00Z", "junit/b.xml": "2026-09-01T12:00:00Z" },
    );
    const check: CheckSpec = {
      id: "tests",
      category: "system",
      maxAge: "30d",
      junit: { files: "junit/*.xml", minTests: 1, maxFailures: 0 },
    };
    const finding = await applyMaxAge(
      check,
      {
        ...passing,
        summary: "148 tests, 0 failed",
        evidence: [{ path: "junit/a.xml" }, { path: "junit/b.xml" }],
      },
      ctx,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("evidence is 82 days old");
    expect(finding.summary).toContain("junit/b.xml last changed 2026-09-01 per git");
  });

  it("keeps a failing finding's status and appends the age as a note", async () => {
    const ctx = ctxWith({ [EVAL]: "{}" }, { [EVAL]: "2026-10-12T12:00:00Z" });
    const failing: Finding = {
      ...passing,
      status: "fail",
      summary: "metrics.f1 0.874 < 0.92 in reports/eval.json",
      details: ["x"],
    };
    const finding = await applyMaxAge(metricCheck(), failing, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(failing.summary);
    expect(finding.details).toEqual([
      "x",
      "age: evidence is 41 days old, older than maxAge 30d (reports/eval.json last changed 2026-10-12 per git); regenerate it",
    ]);
  });

  it("keeps an error finding an error, even when the age is also unknown", async () => {
    const erroring: Finding = {
      status: "error",
      summary: "reports/eval.json is not valid JSON",
      evidence: [{ path: EVAL }],
    };
    const finding = await applyMaxAge(metricCheck(), erroring, ctxWith({}, {}));
    expect(finding.status).toBe("error");
    expect(finding.details?.[0]).toMatch(/^age: cannot tell how old the evidence is/);
  });

  it("measures an hours-long maxAge in hours, with the time of day", async () => {
    const ctx = ctxWith({ [EVAL]: "{}" }, { [EVAL]: "2026-11-21T20:30:00Z" });
    const finding = await applyMaxAge(metricCheck({ maxAge: "12h" }), passing, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "evidence is 15 hours old, older than maxAge 12h (reports/eval.json last changed 2026-11-21 20:30 UTC per git); regenerate it",
    );
  });

  it("is an error when git dates the evidence in the future beyond clock skew", async () => {
    const ctx = ctxWith({ [EVAL]: "{}" }, { [EVAL]: "2026-11-22T12:10:00Z" });
    const finding = await applyMaxAge(metricCheck(), passing, ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("evidence is dated in the future");
  });

  it("tolerates a few minutes of clock skew", async () => {
    const ctx = ctxWith({ [EVAL]: "{}" }, { [EVAL]: "2026-11-22T12:03:00Z" });
    const finding = await applyMaxAge(metricCheck(), passing, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.details?.[0]).toContain("evidence is less than a minute old");
  });

  it("leaves approval and ci findings alone", async () => {
    const check: CheckSpec = {
      id: "signoff",
      category: "compliance",
      maxAge: "30d",
      approval: { from: ["@acme/compliance"], count: 1 },
    };
    const finding: Finding = { status: "pass", summary: "approved by @carol", evidence: [] };
    expect(await applyMaxAge(check, finding, ctxWith({}, {}))).toBe(finding);
  });
});

describe("applyMaxAge from a timestamp in the evidence (ageFrom)", () => {
  const report = (generatedAt: unknown) => JSON.stringify({ meta: { generatedAt }, metrics: { f1: 0.951 } });

  it("uses the stated timestamp over git history", async () => {
    // git says the file changed yesterday, but the report says it was generated 60 days ago
    const ctx = ctxWith({ [EVAL]: report("2026-09-23T12:00:00Z") }, { [EVAL]: "2026-11-21T12:00:00Z" });
    const finding = await applyMaxAge(metricCheck({ ageFrom: "meta.generatedAt" }), passing, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "evidence is 60 days old, older than maxAge 30d (reports/eval.json says 2026-09-23 at meta.generatedAt); regenerate it",
    );
  });

  it("knows the age without any git history", async () => {
    const ctx = ctxWith({ [EVAL]: report("2026-11-20T08:00:00+02:00") }, {});
    const finding = await applyMaxAge(metricCheck({ ageFrom: "meta.generatedAt" }), passing, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.details).toEqual([
      "evidence is 2 days old, within maxAge 30d (reports/eval.json says 2026-11-20 at meta.generatedAt)",
    ]);
  });

  it("reads epoch seconds and epoch milliseconds", async () => {
    const seconds = Date.parse("2026-11-01T12:00:00Z") / 1000;
    for (const stamp of [seconds, seconds * 1000]) {
      const finding = await applyMaxAge(
        metricCheck({ ageFrom: "meta.generatedAt" }),
        passing,
        ctxWith({ [EVAL]: report(stamp) }, {}),
      );
      expect(finding.details?.[0]).toContain("evidence is 21 days old");
    }
  });

  it("reads the timestamp from YAML evidence, through the check's own file when the finding names a glob", async () => {
    const files = { "reports/eval.yaml": "generatedAt: '2026-10-01T00:00:00Z'\nf1: 0.95\n" };
    const check = metricCheck({
      ageFrom: "generatedAt",
      metric: { file: "reports/eval.yaml", path: "f1", min: 0.9 },
    });
    const finding = await applyMaxAge(
      check,
      { ...passing, evidence: [{ path: "reports/*.yaml" }] },
      ctxWith(files, {}),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("reports/eval.yaml says 2026-10-01 at generatedAt");
    expect(finding.evidence).toContainEqual({ path: "reports/eval.yaml", line: 1 });
  });

  it("is an error when the timestamp field is missing", async () => {
    const ctx = ctxWith({ [EVAL]: JSON.stringify({ meta: {} }) }, {});
    const finding = await applyMaxAge(metricCheck({ ageFrom: "meta.generatedAt" }), passing, ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'cannot tell how old the evidence is, so maxAge 30d cannot be checked: ageFrom meta.generatedAt is not in reports/eval.json: meta has no key "generatedAt" (it is empty)',
    );
  });

  it("is an error for a time without a time zone, rather than a guess", async () => {
    const ctx = ctxWith({ [EVAL]: report("2026-11-20T08:00:00") }, {});
    const finding = await applyMaxAge(metricCheck({ ageFrom: "meta.generatedAt" }), passing, ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toContain("a time without a time zone; add Z (UTC) or an offset");
  });

  it("is an error for a timestamp in the future", async () => {
    const ctx = ctxWith({ [EVAL]: report("2027-01-01T00:00:00Z") }, {});
    const finding = await applyMaxAge(metricCheck({ ageFrom: "meta.generatedAt" }), passing, ctx);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "evidence is dated in the future (reports/eval.json says 2027-01-01 at meta.generatedAt, now is 2026-11-22); fix the timestamp or the clock",
    );
  });
});

describe("parseTimestamp", () => {
  it("accepts ISO 8601 with a zone, dates alone, and epoch numbers", () => {
    const iso = (v: unknown) => {
      const r = parseTimestamp(v);
      return r.ok ? r.date.toISOString() : r.why;
    };
    expect(iso("2026-11-20T08:00:00Z")).toBe("2026-11-20T08:00:00.000Z");
    expect(iso("2026-11-20T08:00:00.123456-05:30")).toBe("2026-11-20T13:30:00.123Z");
    expect(iso("2026-11-20 08:00Z")).toBe("2026-11-20T08:00:00.000Z");
    expect(iso("2026-11-20")).toBe("2026-11-20T00:00:00.000Z");
    expect(iso(1795000000)).toBe(new Date(1795000000 * 1000).toISOString());
    expect(iso(1795000000123)).toBe(new Date(1795000000123).toISOString());
  });

  it("refuses impossible dates, prose and other types", () => {
    for (const bad of [
      "2026-02-30",
      "2026-11-20T24:00:00Z",
      "last Tuesday",
      "1795000000",
      true,
      null,
      -5,
      Number.NaN,
    ]) {
      expect(parseTimestamp(bad).ok, String(bad)).toBe(false);
    }
  });
});

describe("applyMaxAge with a real repository", () => {
  let scratch: string;
  let origin: string;
  let shallow: string;

  beforeAll(() => {
    scratch = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-age-")));
    origin = join(scratch, "origin");
    shallow = join(scratch, "shallow");
    mkdirSync(join(origin, "reports"), { recursive: true });
    git(origin, ["init", "-q", "-b", "main"]);
    writeFileSync(join(origin, EVAL), '{"metrics":{"f1":0.951}}\n');
    git(origin, ["add", "."]);
    git(origin, ["commit", "-q", "-m", "eval"], "2026-10-12T12:00:00Z");
    git(scratch, ["clone", "-q", "--depth", "1", `file://${origin}`, shallow]);
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("fails stale evidence dated by git", async () => {
    const ctx = { repo: new FsRepo(origin), baseDir: "", now: NOW };
    const check = metricCheck();
    const finding = await applyMaxAge(check, await evaluateMetric(check.metric!, ctx), ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "evidence is 41 days old, older than maxAge 30d (reports/eval.json last changed 2026-10-12 per git); regenerate it",
    );
  });

  it("fails on a shallow clone, saying why instead of guessing", async () => {
    const ctx = { repo: new FsRepo(shallow), baseDir: "", now: NOW };
    const check = metricCheck();
    const metricFinding = await evaluateMetric(check.metric!, ctx);
    expect(metricFinding.status).toBe("pass");
    const finding = await applyMaxAge(check, metricFinding, ctx);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "cannot tell how old the evidence is, so maxAge 30d cannot be checked: the checkout is shallow (a fetch-depth other than 0), so git cannot tell when reports/eval.json last changed; use fetch-depth: 0 or name a timestamp field with ageFrom",
    );
  });
});
