// The `junit` evidence kind: JUnit XML reports hold enough executed tests and few enough failures.
import type { JUnitSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import { addJUnit, emptyJUnitSummary, parseJUnit, type JUnitSummary } from "./parse/junit.js";
import { displayPath, eachText, FormatError, guard, matchAll } from "./read.js";
import type { EvidenceContext, Finding } from "./types.js";

/** Failing test names listed in a finding's details before "and N more". */
const MAX_DETAILS = 20;

export async function evaluateJUnit(spec: JUnitSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.files, async () => {
    const files = (await matchAll(ctx, spec.files)).map((path) => ({ path }));
    const total = emptyJUnitSummary();
    /** Each failing test with the file it came from, for details when there are several files. */
    const failing: Array<{ name: string; path: string }> = [];
    for await (const file of eachText(
      files.map((f) => f.path),
      ctx,
    )) {
      const summary = parseNamed(file.path, file.text);
      addJUnit(total, summary);
      for (const name of summary.failedTests) failing.push({ name: clipName(name), path: file.path });
    }

    const where =
      files.length === 1
        ? files[0]!.path
        : `${displayPath(ctx, spec.files)}, ${plural(files.length, "file")}`;
    const executed = total.tests - total.skipped;
    const failed = total.failures + total.errors;
    const enoughTests = executed >= spec.minTests;
    const fewFailures = failed <= spec.maxFailures;

    const problems: string[] = [];
    if (!enoughTests) {
      problems.push(
        executed === 0
          ? `no tests executed, below the minimum of ${spec.minTests}`
          : `only ${plural(executed, "test")} executed, below the minimum of ${spec.minTests}`,
      );
    }
    if (!fewFailures) {
      const allowed = spec.maxFailures === 0 ? "" : `, more than the ${spec.maxFailures} allowed`;
      problems.push(
        `${failed} of ${plural(executed, "test")} failed${allowed}: ${formatList(failing.map((f) => f.name))}`,
      );
    }
    const extras: string[] = [];
    if (total.skipped > 0) extras.push(`${total.skipped} skipped`);
    if (total.flaky > 0) extras.push(`${total.flaky} flaky (passed on rerun)`);
    const extra = extras.length > 0 ? `; ${extras.join(", ")}` : "";

    const summary =
      problems.length > 0
        ? `${problems.join("; ")} (${where})`
        : `${plural(executed, "test")} executed, ${failed} failed${failed > 0 ? ` (at most ${spec.maxFailures} allowed)` : ""}${extra} (${where})`;

    const details = failing
      .slice(0, MAX_DETAILS)
      .map((f) => (files.length > 1 ? `${f.name} (${f.path})` : f.name));
    if (failing.length > MAX_DETAILS) details.push(`and ${failing.length - MAX_DETAILS} more`);
    if (problems.length > 0 && extras.length > 0) details.push(`also ${extras.join(", ")}`);

    return {
      status: enoughTests && fewFailures ? "pass" : "fail",
      summary,
      measured: `${failed} of ${plural(executed, "test")} failed`,
      bar: `≥ ${plural(spec.minTests, "test")}, ≤ ${plural(spec.maxFailures, "failure")}`,
      evidence: files.map((f) => ({ path: f.path })),
      ...(details.length > 0 ? { details } : {}),
    };
  });
}

/** Parses one report, naming the file in any format error. */
function parseNamed(path: string, text: string): JUnitSummary {
  try {
    return parseJUnit(text);
  } catch (err) {
    if (err instanceof FormatError) throw new FormatError(`${path}: ${err.message}`);
    throw err;
  }
}

/** Parametrised test names can run to kilobytes; a finding keeps the start of each. */
function clipName(name: string): string {
  return name.length > 120 ? `${name.slice(0, 119)}…` : name;
}
