// What dist/ is built from, as one hash: every file under src/, the build script and the locked
// dependencies. The build records it in dist/.src-hash; the test run (test/support/fresh-dist.ts)
// compares it, so the CLI and action tests never run a dist/ older than src/ (file times are no guide
// after a git checkout; content is).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export const HASH_FILE = ".src-hash";
// package.json: the build takes the version `shipgate --version` prints from it.
const INPUTS = ["src", "scripts/build.mjs", "package.json", "package-lock.json"];

function filesUnder(root, path) {
  const full = join(root, path);
  let entries;
  try {
    entries = readdirSync(full, { withFileTypes: true });
  } catch (err) {
    if (err.code === "ENOTDIR") return [path];
    if (err.code === "ENOENT") return [];
    throw err;
  }
  return entries.flatMap((e) => filesUnder(root, join(path, e.name)));
}

/** The hash of what a build of `root` reads (sorted paths and their bytes). */
export function srcHash(root) {
  const hash = createHash("sha256");
  const files = INPUTS.flatMap((p) => filesUnder(root, p))
    .map((p) => relative(root, join(root, p)).split(sep).join("/"))
    .sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}
