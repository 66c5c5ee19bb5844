// Test files in the order that finishes soonest on few cores: the longest first (longest-processing-time
// scheduling), so that no long file starts last and runs alone. On a fresh clone vitest has no durations
// yet and orders by file size, which put a 55 s browser file at the tail of the run.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The longest files, longest first (seconds each took in `.ci/run` on a 2-core machine, 2026-12-04). */
const LONGEST_FIRST = [
  "test/browser/html-report.test.ts", // 55
  "test/adversarial/hostile-inputs.test.ts", // 54
  "test/adversarial/github-faults.test.ts", // 41
  "test/adversarial/scale.test.ts", // 40
  "test/e2e/checks.test.ts", // 34
  "test/e2e/trust.test.ts", // 25
  "test/e2e/pull-request.test.ts", // 23
  "test/e2e/delta.test.ts", // 20
  "test/adversarial/races.test.ts", // 18
  "test/e2e/enforcement.test.ts", // 17
  "test/e2e/events.test.ts", // 17
  "test/cli/cli.test.ts", // 16
  "test/e2e/resilience.test.ts", // 15
  "test/e2e/policy.test.ts", // 13
];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (file: TestSpecification): number => {
      const index = LONGEST_FIRST.indexOf(
        relative(this.ctx.config.root, file.moduleId).split("\\").join("/"),
      );
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    // A stable sort: files not listed keep vitest's own order after the listed ones.
    return [...base].sort((a, b) => rank(a) - rank(b));
  }
}
