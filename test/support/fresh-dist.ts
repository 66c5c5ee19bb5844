// Vitest global setup: the CLI and action tests run the bundled dist/, so a dist/ built from another
// src/ would test old code while src/ looks green. Before any test, the hash of what dist/ was built
// from (dist/.src-hash, written by scripts/build.mjs) is compared with src/ as it is now; when they
// differ, dist/ is rebuilt, and when a rebuild cannot make them agree the run stops, saying why.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
// @ts-expect-error: a plain ESM script shared with the build, without type declarations.
import { HASH_FILE, srcHash } from "../../scripts/src-hash.mjs";

export type Freshness = { fresh: true } | { fresh: false; built: string | undefined; now: string };

/** Whether dist/ under `root` was built from the src/ there now. */
export function distFreshness(root: string): Freshness {
  const now = (srcHash as (root: string) => string)(root);
  let built: string | undefined;
  try {
    built = readFileSync(join(root, "dist", HASH_FILE as string), "utf8").trim();
  } catch {
    built = undefined;
  }
  return built === now ? { fresh: true } : { fresh: false, built, now };
}

/** Rebuilds dist/ when it is stale; throws a sentence when it still is afterwards. */
export function ensureFreshDist(root: string, build: () => void): "fresh" | "rebuilt" {
  if (distFreshness(root).fresh) return "fresh";
  build();
  const after = distFreshness(root);
  if (!after.fresh) {
    throw new Error(
      `dist/ is not the build of src/ (dist/${String(HASH_FILE)} says ${after.built ?? "nothing"}, src/ hashes to ${after.now}); run 'npm run build' and look at its errors`,
    );
  }
  return "rebuilt";
}

export default function setup(): void {
  const root = process.cwd();
  const outcome = ensureFreshDist(root, () => {
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root, stdio: "inherit" });
  });
  if (outcome === "rebuilt") console.log("dist/ was older than src/: rebuilt it before the tests");
}
