// The shared corpus of real evidence files written by other projects, and the figures they must yield.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

const here = fileURLToPath(new URL(".", import.meta.url));
/** `shared/` sits beside the checkout: ../shared from the repository root. */
export const CORPUS_DIR = [
  resolve(here, "../../../shared/corpus"),
  resolve(here, "../../shared/corpus"),
].find((p) => existsSync(p))!;

export function corpusPath(name: string): string {
  return resolve(CORPUS_DIR, name);
}

export function corpusText(name: string): string {
  return readFileSync(corpusPath(name), "utf8");
}

export type ExpectedFigures = Record<string, Record<string, unknown> & { kind: string }>;

export function expectedFigures(): ExpectedFigures {
  return JSON.parse(readFileSync(corpusPath("expected.json"), "utf8")) as ExpectedFigures;
}
