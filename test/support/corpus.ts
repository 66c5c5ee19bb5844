// The corpus of real evidence files written by other projects, and the figures they must yield. It is
// part of the project's fixtures (with its provenance and licences), so no test reads outside the repository.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const CORPUS_DIR = fileURLToPath(new URL("../fixtures/corpus/", import.meta.url));

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

/** The AI evidence corpus (eval suites, benchmark results, model cards, run summaries), beside the first. */
export const AI_CORPUS_DIR = fileURLToPath(new URL("../fixtures/corpus-ai/", import.meta.url));

export function aiCorpusPath(name: string): string {
  return resolve(AI_CORPUS_DIR, name);
}
