import type { ReadinessSpec } from "./schema.js";

/** 1-based line and column in a readiness file. */
export interface SourcePos {
  line: number;
  column: number;
}

/** A problem in a readiness file, located and with the fix in its message. */
export interface ConfigProblem {
  /** Repository-relative POSIX path of the readiness file. */
  file: string;
  line: number;
  column: number;
  message: string;
  /** Set when the problem is that the readiness glob found no file at all: nothing found is not a pass. */
  nothingFound?: { pattern: string };
}

/** A readiness file that passed validation. */
export interface ReadinessFile {
  /** Repository-relative POSIX path, e.g. `systems/claims/readiness.yml`. */
  path: string;
  /** Repository-relative folder that evidence paths are relative to; `""` at the root. */
  dir: string;
  spec: ReadinessSpec;
  /** Where each check (by id) and each waiver (by index) starts in the file. */
  positions: {
    checks: Record<string, SourcePos>;
    waivers: SourcePos[];
    /** Where `owners` is declared: "who can approve an exception" links here. */
    owners?: SourcePos;
    /** Where each notApplicable entry (by index) starts. */
    notApplicable?: SourcePos[];
    /** Where `checks:` is: a missing category's check is added there. */
    checksList?: SourcePos;
  };
}

export interface LoadResult {
  files: ReadinessFile[];
  problems: ConfigProblem[];
}
