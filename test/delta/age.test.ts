// The structured age applyMaxAge records on a finding: what tells "evidence getting old" in the comment.
import { describe, expect, it } from "vitest";
import type { CheckSpec } from "../../src/config/schema.js";
import { applyMaxAge } from "../../src/evidence/age.js";
import type { Finding } from "../../src/evidence/types.js";
import { memoryContext } from "../support/memory-repo.js";

const NOW = new Date("2026-11-22T12:00:00Z");
const DAY = 86_400_000;
const EVAL = "reports/eval.json";

function check(extra: Partial<CheckSpec> = {}): CheckSpec {
  return {
    id: "eval-f1",
    category: "model",
    maxAge: "30d",
    metric: { file: EVAL, path: "metrics.f1", min: 0.92 },
    ...extra,
  };
}

const passing: Finding = { status: "pass", summary: "F1 0.951 ≥ 0.92", evidence: [{ path: EVAL }] };
const failing: Finding = { status: "fail", summary: "F1 0.80 < 0.92", evidence: [{ path: EVAL }] };

function ctx(files: Record<string, string>, changed?: string) {
  return memoryContext(files, { now: NOW, ages: changed ? { [EVAL]: new Date(changed) } : {} });
}

describe("applyMaxAge records the evidence's age", () => {
  it("from git, on a pass within maxAge", async () => {
    const finding = await applyMaxAge(check(), passing, ctx({ [EVAL]: "{}" }, "2026-10-27T12:00:00Z"));
    expect(finding.status).toBe("pass");
    expect(finding.age).toEqual({ ageMs: 26 * DAY, maxAgeMs: 30 * DAY, source: "git" });
  });

  it("from git, on evidence that failed for being too old", async () => {
    const finding = await applyMaxAge(check(), passing, ctx({ [EVAL]: "{}" }, "2026-10-12T12:00:00Z"));
    expect(finding.status).toBe("fail");
    expect(finding.age).toEqual({ ageMs: 41 * DAY, maxAgeMs: 30 * DAY, source: "git" });
  });

  it("from git, on evidence that already failed on its own", async () => {
    const finding = await applyMaxAge(check(), failing, ctx({ [EVAL]: "{}" }, "2026-11-20T12:00:00Z"));
    expect(finding.status).toBe("fail");
    expect(finding.age).toEqual({ ageMs: 2 * DAY, maxAgeMs: 30 * DAY, source: "git" });
  });

  it("from a timestamp field named by ageFrom", async () => {
    const files = { [EVAL]: JSON.stringify({ metrics: { f1: 0.95 }, generatedAt: "2026-11-21T12:00:00Z" }) };
    const finding = await applyMaxAge(check({ ageFrom: "generatedAt", maxAge: "48h" }), passing, ctx(files));
    expect(finding.age).toEqual({ ageMs: DAY, maxAgeMs: 2 * DAY, source: "field" });
  });

  it("as zero for evidence dated a little ahead of the clock (skew)", async () => {
    const finding = await applyMaxAge(check(), passing, ctx({ [EVAL]: "{}" }, "2026-11-22T12:02:00Z"));
    expect(finding.status).toBe("pass");
    expect(finding.age).toEqual({ ageMs: 0, maxAgeMs: 30 * DAY, source: "git" });
  });

  it("not at all when the age is unknown, dated in the future, or the check has no maxAge", async () => {
    const unknown = await applyMaxAge(check(), passing, ctx({ [EVAL]: "{}" }));
    expect(unknown.status).toBe("fail");
    expect(unknown.age).toBeUndefined();
    const future = await applyMaxAge(check(), passing, ctx({ [EVAL]: "{}" }, "2026-12-22T12:00:00Z"));
    expect(future.status).toBe("error");
    expect(future.age).toBeUndefined();
    const none = await applyMaxAge(
      check({ maxAge: undefined }),
      passing,
      ctx({ [EVAL]: "{}" }, "2026-10-27T12:00:00Z"),
    );
    expect(none).toBe(passing);
  });
});
