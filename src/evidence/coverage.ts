// The `coverage` evidence kind: line coverage of a report, whatever its format, is at least `min` percent.
import { formatLocale } from "../base/format.js";
import type { CoverageSpec } from "../config/schema.js";
import { COVERAGE_FORMAT_NAMES, parseCoverage, type CoverageSummary } from "./parse/coverage.js";
import { FormatError, guard, readOne } from "./read.js";
import type { EvidenceContext, Finding } from "./types.js";

export async function evaluateCoverage(spec: CoverageSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.file, async () => {
    const file = await readOne(ctx, spec.file);
    let coverage: CoverageSummary;
    try {
      coverage = parseCoverage(file.text);
    } catch (err) {
      if (err instanceof FormatError) throw new FormatError(`${file.path}: ${err.message}`);
      throw err;
    }

    const pass = coverage.percent >= spec.min;
    const shown = showPercent(coverage.percent, spec.min, pass);
    const bar = showPercent(spec.min, spec.min, true);
    const lines =
      coverage.linesCovered !== null && coverage.linesTotal !== null
        ? `${coverage.linesCovered} of ${coverage.linesTotal} lines`
        : "from its line-rate";
    const format = COVERAGE_FORMAT_NAMES[coverage.format];

    const details: string[] = [];
    if (coverage.branchCoverage && coverage.percentCovered !== undefined) {
      details.push(
        `coverage.py's percent_covered (${showPercent(coverage.percentCovered, spec.min, true)}) counts branches too; this check reads line coverage`,
      );
    }
    if (coverage.linesCovered === null) {
      details.push("the report lists no lines and states no line counts: the figure is its own line-rate");
    }

    return {
      status: pass ? "pass" : "fail",
      summary: `line coverage ${shown} ${pass ? "≥" : "<"} ${bar} in ${file.path} (${format}, ${lines})`,
      measured: coverage.linesCovered !== null ? `${shown} (${lines})` : shown,
      bar: `≥ ${bar}`,
      evidence: [{ path: file.path }],
      ...(details.length > 0 ? { details } : {}),
    };
  });
}

/**
 * A percentage with two decimals (more if the bar has more). Rounding must never make a failing
 * figure look as good as the bar ("80% < 80%"), so a failing figure is cut down instead of rounded.
 */
function showPercent(pct: number, min: number, pass: boolean): string {
  const barDecimals = (String(min).split(".")[1] ?? "").length;
  const decimals = Math.min(6, Math.max(2, barDecimals));
  const scale = 10 ** decimals;
  let value = Math.round(pct * scale) / scale;
  if (!pass && value >= min) value = Math.floor(pct * scale) / scale;
  return `${formatLocale(value, { maximumFractionDigits: decimals, useGrouping: false })}%`;
}
