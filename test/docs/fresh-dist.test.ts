// The local test run never runs a stale dist/: the global setup (test/support/fresh-dist.ts) rebuilds
// it when src/ changed since the build, and stops the run when a rebuild cannot make them agree.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { distFreshness, ensureFreshDist } from "../support/fresh-dist.js";
// @ts-expect-error: a plain ESM script shared with the build, without type declarations.
import { HASH_FILE, srcHash } from "../../scripts/src-hash.mjs";

const hashOf = srcHash as (root: string) => string;
const scratch = mkdtempSync(join(tmpdir(), "shipgate-fresh-dist-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string): string {
  const root = join(scratch, name);
  mkdirSync(join(root, "src/base"), { recursive: true });
  mkdirSync(join(root, "scripts"), { recursive: true });
  writeFileSync(join(root, "src/base/format.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "scripts/build.mjs"), "// build\n");
  writeFileSync(join(root, "package-lock.json"), "{}\n");
  return root;
}

/** A stand-in for scripts/build.mjs: records that it ran and stamps dist/ as the real build does. */
function fakeBuild(root: string, runs: string[]): () => void {
  return () => {
    runs.push("build");
    mkdirSync(join(root, "dist"), { recursive: true });
    writeFileSync(join(root, "dist", HASH_FILE as string), `${hashOf(root)}\n`);
  };
}

describe("the test run uses a dist/ built from src/ as it is", () => {
  it("rebuilds a dist/ that has no record of what it was built from, then leaves it alone", () => {
    const root = project("no-record");
    const runs: string[] = [];
    expect(ensureFreshDist(root, fakeBuild(root, runs))).toBe("rebuilt");
    expect(ensureFreshDist(root, fakeBuild(root, runs))).toBe("fresh");
    expect(runs).toEqual(["build"]);
  });

  it("rebuilds after a file of src/ changes, whatever its modification time", () => {
    const root = project("edited");
    const runs: string[] = [];
    ensureFreshDist(root, fakeBuild(root, runs));
    writeFileSync(join(root, "src/base/format.ts"), "export const a = 2;\n");
    expect(distFreshness(root).fresh).toBe(false);
    expect(ensureFreshDist(root, fakeBuild(root, runs))).toBe("rebuilt");
    writeFileSync(join(root, "src/base/new.ts"), "export {};\n");
    expect(ensureFreshDist(root, fakeBuild(root, runs))).toBe("rebuilt");
    expect(runs).toHaveLength(3);
  });

  it("stops the run, saying what to do, when the build leaves dist/ stale", () => {
    const root = project("broken-build");
    expect(() => ensureFreshDist(root, () => {})).toThrow(/dist\/ is not the build of src\/.*npm run build/);
  });

  it("this checkout's dist/ is the build of its src/ (the global setup ran)", () => {
    const recorded = readFileSync(join(process.cwd(), "dist", HASH_FILE as string), "utf8").trim();
    expect(recorded).toBe(hashOf(process.cwd()));
  });
});
