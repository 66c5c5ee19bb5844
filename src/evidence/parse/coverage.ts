// Line coverage from the four report formats Shipgate reads, told apart by content, never by file name:
// lcov tracefiles, Cobertura XML, Istanbul json-summary and coverage.py JSON.
import { FormatError } from "../read.js";
import { parseStrictJson } from "./json.js";
import { looksLikeXml, walkXml } from "./xml.js";

export type CoverageFormat = "lcov" | "cobertura" | "istanbul-summary" | "coverage.py";

/** How people name each format in a finding. */
export const COVERAGE_FORMAT_NAMES: Readonly<Record<CoverageFormat, string>> = {
  lcov: "lcov",
  cobertura: "Cobertura XML",
  "istanbul-summary": "Istanbul json-summary",
  "coverage.py": "coverage.py JSON",
};

const SUPPORTED = "lcov, Cobertura XML, Istanbul json-summary (coverage-summary.json) or coverage.py JSON";

export interface CoverageSummary {
  format: CoverageFormat;
  /**
   * Lines covered and lines measured. Null only for a Cobertura report that lists no <line> and
   * states no line counts, where `percent` comes from its line-rate alone.
   */
  linesCovered: number | null;
  linesTotal: number | null;
  /** Line coverage, 0 to 100, computed from the counts (not the report's own rounded figure). */
  percent: number;
  /**
   * The line coverage the report states itself, when it states one: Cobertura line-rate × 100,
   * Istanbul total.lines.pct (truncated), coverage.py totals.percent_statements_covered.
   */
  declaredPercent?: number;
  /** coverage.py only: whether branches were measured too. */
  branchCoverage?: boolean;
  /** coverage.py only: totals.percent_covered, which mixes lines and branches when branches were measured. */
  percentCovered?: number;
  sourceFiles?: string[];
}

export function parseCoverage(text: string): CoverageSummary {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.trimStart();
  if (start === "") throw new FormatError("empty file, no coverage data");
  if (looksLikeXml(start)) return parseCobertura(body);
  if (start.startsWith("{")) return parseCoverageJson(body);
  if (looksLikeLcov(start)) return parseLcov(body);
  throw new FormatError(`not a coverage report Shipgate reads: expected ${SUPPORTED}`);
}

function fromCounts(
  format: CoverageFormat,
  covered: number,
  total: number,
  extra: Partial<CoverageSummary> = {},
): CoverageSummary {
  if (total === 0)
    throw new FormatError(`no lines to measure: the ${COVERAGE_FORMAT_NAMES[format]} report counts 0 lines`);
  if (covered > total) {
    throw new FormatError(
      `inconsistent ${COVERAGE_FORMAT_NAMES[format]} report: ${covered} lines covered of ${total}`,
    );
  }
  return { format, linesCovered: covered, linesTotal: total, percent: (covered * 100) / total, ...extra };
}

// ---------------------------------------------------------------------------------------------- lcov

const LCOV_KEY = /^([A-Z]+):(.*)$/;
const COUNT = /^\d+$/;
const HITS = /^\d+(?:\.\d+)?$/;

function looksLikeLcov(start: string): boolean {
  const firstLine = start.slice(0, start.search(/\r?\n|$/));
  return (LCOV_KEY.test(firstLine) || firstLine === "end_of_record") && /(?:^|\n)SF:/.test(start);
}

interface LcovRecord {
  file: string;
  lf?: number;
  lh?: number;
  /** DA line numbers and whether each was hit, in file order. */
  daLines: number[];
  daHit: boolean[];
  /** True while DA line numbers strictly ascend, so no line can be listed twice. */
  ascending: boolean;
}

/**
 * One pass over the text with indexOf and char codes: lcov files reach tens of MB, and a split plus
 * regexes per line made this the hottest function of a monorepo run (see docs/performance.md).
 */
function parseLcov(text: string): CoverageSummary {
  const sourceFiles: string[] = [];
  let covered = 0;
  let total = 0;
  let record: LcovRecord | undefined;
  let n = -1;

  const fail = (why: string): never => {
    throw new FormatError(`malformed lcov at line ${n + 1}: ${why}`);
  };
  const count = (key: string, value: string): number => {
    if (!COUNT.test(value)) fail(`${key} "${clip(value)}" is not a whole number of lines`);
    return Number(value);
  };

  let pos = 0;
  while (pos <= text.length) {
    n++;
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    if (record && daFast(text, pos, end, record)) {
      pos = end + 1;
      continue;
    }
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    if (line === "") continue;

    if (line.charCodeAt(0) === 0x44 && line.charCodeAt(1) === 0x41 && line.charCodeAt(2) === 0x3a) {
      // DA:<line>,<hits>[,<checksum>] — the bulk of every file.
      if (!record) fail("DA: outside a record (no SF: before it)");
      const r = record!;
      const comma = line.indexOf(",", 3);
      const lineNo = comma < 0 ? line.slice(3) : line.slice(3, comma);
      const next = comma < 0 ? -1 : line.indexOf(",", comma + 1);
      const hits = comma < 0 ? "" : next < 0 ? line.slice(comma + 1) : line.slice(comma + 1, next);
      if (!COUNT.test(lineNo.trim())) fail(`DA line number "${clip(lineNo)}" is not a whole number`);
      if (!HITS.test(hits.trim())) fail(`DA hit count "${clip(hits)}" is not a non-negative number`);
      const number = Number(lineNo);
      const last = r.daLines.length > 0 ? r.daLines[r.daLines.length - 1]! : -1;
      if (number <= last) r.ascending = false;
      r.daLines.push(number);
      r.daHit.push(Number(hits) > 0);
      continue;
    }
    if (line === "end_of_record") {
      if (!record) fail("end_of_record without a record (no SF: before it)");
      const r = record!;
      // The record's own LF/LH when it states both; its DA lines otherwise.
      let rTotal: number;
      let rCovered: number;
      if (r.lf !== undefined && r.lh !== undefined) {
        if (r.lh > r.lf) fail(`LH ${r.lh} is more than LF ${r.lf} for ${r.file}`);
        rTotal = r.lf;
        rCovered = r.lh;
      } else {
        [rTotal, rCovered] = countDaLines(r);
      }
      total += rTotal;
      covered += rCovered;
      record = undefined;
      continue;
    }
    const colon = line.indexOf(":");
    const key = colon > 0 ? line.slice(0, colon) : "";
    if (!LCOV_KEY_NAME.test(key)) fail(`"${clip(line)}" is not an lcov record line (KEY:value)`);
    const value = line.slice(colon + 1).trim();
    if (key === "SF") {
      if (record) fail(`SF: while the record for ${record.file} has no end_of_record`);
      if (value === "") fail("SF: names no source file");
      record = { file: value, daLines: [], daHit: [], ascending: true };
      sourceFiles.push(value);
      continue;
    }
    if (key === "TN" || key === "VER") continue;
    if (!record) fail(`${key}: outside a record (no SF: before it)`);
    const r = record!;
    if (key === "LF") r.lf = count("LF", value);
    else if (key === "LH") r.lh = count("LH", value);
    // FN, FNDA, FNF, FNH, BRDA, BRF, BRH and future keys do not bear on line coverage.
  }
  if (record) throw new FormatError(`truncated lcov: the record for ${record.file} has no end_of_record`);
  return fromCounts("lcov", covered, total, { sourceFiles });
}

const LCOV_KEY_NAME = /^[A-Z]+$/;

/**
 * The common `DA:<line>,<hits>` line (a checksum after a third comma, a CR before the break) read in place
 * with char codes, without slicing or regexes; it records exactly what the general path records. Any other
 * shape (spaces, a decimal hit count, more than 15 digits, a missing part) returns false and is read, and
 * refused where malformed, by the general path.
 */
function daFast(text: string, start: number, end: number, r: LcovRecord): boolean {
  if (
    text.charCodeAt(start) !== 0x44 ||
    text.charCodeAt(start + 1) !== 0x41 ||
    text.charCodeAt(start + 2) !== 0x3a
  )
    return false;
  let i = start + 3;
  let number = 0;
  const lineStart = i;
  for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i))
    number = number * 10 + (c - 0x30);
  if (i === lineStart || i - lineStart > 15 || i >= end || text.charCodeAt(i) !== 0x2c) return false;
  i++;
  const hitsStart = i;
  let hit = false;
  for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i))
    if (c !== 0x30) hit = true;
  if (i === hitsStart) return false;
  // What ends the hit count: the line's end, a CR that is its last character, or the checksum's comma.
  if (i < end) {
    const c = text.charCodeAt(i);
    if (!(c === 0x2c || (c === 0x0d && i === end - 1))) return false;
  }
  if (i > end) return false;
  const last = r.daLines.length > 0 ? r.daLines[r.daLines.length - 1]! : -1;
  if (number <= last) r.ascending = false;
  r.daLines.push(number);
  r.daHit.push(hit);
  return true;
}

/** Lines and hit lines of a record's DA entries; a line listed twice is one line, hit if either hit. */
function countDaLines(r: LcovRecord): [number, number] {
  if (r.ascending) {
    let hit = 0;
    for (const h of r.daHit) if (h) hit++;
    return [r.daLines.length, hit];
  }
  const byLine = new Map<number, boolean>();
  r.daLines.forEach((line, i) => byLine.set(line, byLine.get(line) === true || r.daHit[i]!));
  let hit = 0;
  for (const h of byLine.values()) if (h) hit++;
  return [byLine.size, hit];
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

// ----------------------------------------------------------------------------------------- Cobertura

const INTEGER = /^\d+$/;

function parseCobertura(text: string): CoverageSummary {
  let rootAttributes: Readonly<Record<string, string>> = {};
  /** filename → line number → covered. Lines under <method> and under <class> are the same lines. */
  const files = new Map<string, Map<number, boolean>>();
  let currentFile: string | undefined;
  let classDepth = -1;
  let lineElements = 0;

  walkXml(text, {
    open(el) {
      if (el.depth === 0) {
        if (el.name !== "coverage") {
          throw new FormatError(
            `not a coverage report: XML root element is <${el.name}>; Cobertura XML has <coverage> (Shipgate reads ${SUPPORTED})`,
          );
        }
        rootAttributes = el.attributes;
        return;
      }
      if (el.depth === 1 && el.name === "project") {
        // Clover XML (PHPUnit, OpenClover) also has a <coverage> root, with <project> under it.
        throw new FormatError(`Clover XML is not read: Shipgate reads ${SUPPORTED}`);
      }
      if (el.name === "class" && currentFile === undefined) {
        currentFile = el.attributes.filename || el.attributes.name || "(unnamed class)";
        classDepth = el.depth;
        return;
      }
      if (el.name !== "line") return;
      const { number = "", hits = "" } = el.attributes;
      if (!INTEGER.test(number)) {
        throw new FormatError(
          `malformed Cobertura XML at line ${el.line}: <line number="${clip(number)}"> is not a line number`,
        );
      }
      if (!HITS.test(hits)) {
        throw new FormatError(
          `malformed Cobertura XML at line ${el.line}: <line hits="${clip(hits)}"> is not a hit count`,
        );
      }
      lineElements += 1;
      const key = currentFile ?? "";
      let fileLines = files.get(key);
      if (!fileLines) files.set(key, (fileLines = new Map()));
      const n = Number(number);
      fileLines.set(n, fileLines.get(n) === true || Number(hits) > 0);
    },
    close(name, depth) {
      if (name === "class" && depth === classDepth) {
        currentFile = undefined;
        classDepth = -1;
      }
    },
  });

  const rate = rootAttributes["line-rate"];
  const declaredPercent = rate !== undefined && /^\d+(?:\.\d+)?$/.test(rate) ? Number(rate) * 100 : undefined;
  const sourceFiles = [...files.keys()].filter((f) => f !== "");

  if (lineElements > 0) {
    let covered = 0;
    let total = 0;
    for (const fileLines of files.values()) {
      total += fileLines.size;
      for (const hit of fileLines.values()) if (hit) covered += 1;
    }
    return fromCounts("cobertura", covered, total, { declaredPercent, sourceFiles });
  }
  // No <line> at all: the report's own totals are all there is.
  const linesCovered = rootAttributes["lines-covered"];
  const linesValid = rootAttributes["lines-valid"];
  if (linesCovered !== undefined && linesValid !== undefined) {
    if (!INTEGER.test(linesCovered) || !INTEGER.test(linesValid)) {
      throw new FormatError(
        `malformed Cobertura XML: lines-covered="${clip(linesCovered)}" lines-valid="${clip(linesValid)}" are not line counts`,
      );
    }
    return fromCounts("cobertura", Number(linesCovered), Number(linesValid), {
      declaredPercent,
      sourceFiles,
    });
  }
  if (declaredPercent !== undefined && declaredPercent <= 100) {
    return {
      format: "cobertura",
      linesCovered: null,
      linesTotal: null,
      percent: declaredPercent,
      declaredPercent,
      sourceFiles,
    };
  }
  throw new FormatError(
    "no lines to measure: the Cobertura XML report lists no <line> and states no lines-valid or line-rate",
  );
}

// ------------------------------------------------------------------------------------------- JSON

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finiteOrUndefined(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function lineCount(value: unknown, where: string, format: CoverageFormat): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new FormatError(
      `malformed ${COVERAGE_FORMAT_NAMES[format]}: ${where} is ${JSON.stringify(value) ?? "missing"}, not a line count`,
    );
  }
  return value;
}

function parseCoverageJson(text: string): CoverageSummary {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw new FormatError(`not valid JSON (${parsed.message})`);
  const json = parsed.value;
  if (!isRecord(json)) throw new FormatError(`not a coverage report: expected ${SUPPORTED}`);

  if (isRecord(json.totals) && ("num_statements" in json.totals || "covered_lines" in json.totals)) {
    const totals = json.totals;
    const covered = lineCount(totals.covered_lines, "totals.covered_lines", "coverage.py");
    const total = lineCount(totals.num_statements, "totals.num_statements", "coverage.py");
    const files = isRecord(json.files) ? Object.keys(json.files) : undefined;
    return fromCounts("coverage.py", covered, total, {
      declaredPercent: finiteOrUndefined(totals.percent_statements_covered),
      percentCovered: finiteOrUndefined(totals.percent_covered),
      branchCoverage: isRecord(json.meta) && json.meta.branch_coverage === true,
      sourceFiles: files,
    });
  }

  if (isRecord(json.total) && isRecord(json.total.lines)) {
    const lines = json.total.lines;
    const total = lineCount(lines.total, "total.lines.total", "istanbul-summary");
    const covered = lineCount(lines.covered, "total.lines.covered", "istanbul-summary");
    // pct is truncated by Istanbul and may be the string "Unknown": only kept as the declared figure.
    const files = Object.keys(json).filter((k) => k !== "total");
    return fromCounts("istanbul-summary", covered, total, {
      declaredPercent: finiteOrUndefined(lines.pct),
      sourceFiles: files,
    });
  }

  const first = Object.values(json)[0];
  if (isRecord(first) && "statementMap" in first) {
    throw new FormatError(
      "Istanbul coverage-final.json is not read: add the json-summary reporter and point the check at coverage-summary.json",
    );
  }
  throw new FormatError(
    `not a coverage report: JSON without total.lines (Istanbul json-summary) or totals.num_statements (coverage.py); Shipgate reads ${SUPPORTED}`,
  );
}
