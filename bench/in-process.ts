// Measurements made inside the benchmark's own process, where a child process would hide the figure in
// its startup: the discovery walk alone, and what a one-pass lcov scanner would save over parseCoverage.
import { readFileSync } from "node:fs";
import { DEFAULT_READINESS_GLOB } from "../src/config/load.js";
import { parseCoverage } from "../src/evidence/parse/coverage.js";
import { FsRepo } from "../src/repo/fs.js";
import { spread, type Spread } from "./measure.js";

/** Time of FsRepo.glob over the whole repository for readiness files: the only walk unrelated files cost. */
export async function measureDiscovery(root: string, rounds = 5): Promise<{ ms: Spread; found: number }> {
  const times: number[] = [];
  let found = 0;
  // One unmeasured round warms the code and the file system cache.
  for (let i = 0; i <= rounds; i++) {
    const repo = new FsRepo(root);
    const started = performance.now();
    found = (await repo.glob("", DEFAULT_READINESS_GLOB)).length;
    if (i > 0) times.push(performance.now() - started);
  }
  return { ms: spread(times), found };
}

export interface LcovComparison {
  file: string;
  currentMs: Spread;
  scannerMs: Spread;
  /** Both must agree, or the comparison means nothing. */
  sameFigures: boolean;
  figures: string;
}

/** parseCoverage against the one-pass prototype below, alternating, on the same text. */
export function compareLcovScanner(file: string, rounds = 4): LcovComparison {
  const text = readFileSync(file, "utf8");
  const current: number[] = [];
  const scanner: number[] = [];
  let same = true;
  let figures = "";
  for (let i = 0; i <= rounds; i++) {
    let started = performance.now();
    const a = parseCoverage(text);
    const currentMs = performance.now() - started;
    started = performance.now();
    const b = scanLcov(text);
    const scannerMs = performance.now() - started;
    if (i === 0) continue;
    current.push(currentMs);
    scanner.push(scannerMs);
    same &&= a.linesCovered === b.covered && a.linesTotal === b.total;
    figures = `${b.covered} of ${b.total} lines in ${b.files} files`;
  }
  return { file, currentMs: spread(current), scannerMs: spread(scanner), sameFigures: same, figures };
}

/**
 * A prototype for src/evidence/parse/coverage.ts, not used by Shipgate: one pass with indexOf, no per-line
 * regex, split or trim; DA lines de-duplicated per record and LF/LH preferred when both are given, as
 * parseLcov does. It does no validation: malformed input would go to the existing parser for its messages.
 */
export function scanLcov(text: string): { covered: number; total: number; files: number } {
  let covered = 0;
  let total = 0;
  let files = 0;
  let lines = new Map<number, boolean>();
  let lf = -1;
  let lh = -1;
  for (let at = 0; at < text.length;) {
    let end = text.indexOf("\n", at);
    if (end < 0) end = text.length;
    const stop = end > at && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (text.startsWith("DA:", at)) {
      let i = at + 3;
      let line = 0;
      for (let d = text.charCodeAt(i) - 48; d >= 0 && d <= 9; d = text.charCodeAt(++i) - 48)
        line = line * 10 + d;
      let hit = false;
      for (i += 1; i < stop; i++) {
        const c = text.charCodeAt(i);
        if (c === 46) break;
        if (c > 48 && c <= 57) hit = true;
      }
      if (lines.get(line) !== true) lines.set(line, hit);
    } else if (text.startsWith("SF:", at)) {
      lines = new Map();
      lf = -1;
      lh = -1;
      files += 1;
    } else if (text.startsWith("LF:", at)) {
      lf = Number(text.slice(at + 3, stop));
    } else if (text.startsWith("LH:", at)) {
      lh = Number(text.slice(at + 3, stop));
    } else if (text.startsWith("end_of_record", at)) {
      if (lf >= 0 && lh >= 0) {
        total += lf;
        covered += lh;
      } else {
        total += lines.size;
        for (const hit of lines.values()) if (hit) covered += 1;
      }
    }
    at = end + 1;
  }
  return { covered, total, files };
}
