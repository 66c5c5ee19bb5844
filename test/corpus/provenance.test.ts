// The corpus is a byte-for-byte copy of files other projects wrote: each file's git blob hash must be the
// one its source commit has (expected.json `source.gitBlob`), and each must name its licence.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS_DIR, expectedFigures } from "../support/corpus.js";

/** What `git hash-object` prints for these bytes. */
function gitBlobHash(bytes: Buffer): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

const expected = expectedFigures();
const sourceOf = (name: string) =>
  (expected[name] as { source?: { gitBlob?: string; licence?: string } }).source ?? {};
/** Written from the search index's text: the source snapshot no longer had it (README.md says so). */
const UNCHECKABLE = new Set(["junit/test-reporter__java-junit-nested-testsuites.xml"]);

describe("the corpus is the files their projects wrote", () => {
  it.each(Object.keys(expected).filter((name) => !UNCHECKABLE.has(name)))(
    "%s has its source's git blob hash",
    (name) => {
      expect(gitBlobHash(readFileSync(join(CORPUS_DIR, name)))).toBe(sourceOf(name).gitBlob);
    },
  );

  it("names a licence for every file, and holds no file the figures do not describe", () => {
    for (const name of Object.keys(expected))
      expect(sourceOf(name).licence, name).toMatch(/MIT|Apache|CC-BY/);
    const onDisk = readdirSync(CORPUS_DIR, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(CORPUS_DIR.length).replace(/^\//, ""))
      .filter((p) => !["README.md", "LICENSES.md", "expected.json"].includes(p))
      .sort();
    expect(onDisk).toEqual(Object.keys(expected).sort());
  });
});
