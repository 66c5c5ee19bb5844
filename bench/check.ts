// Sanity checks on what each measured run printed: a benchmark of a run that silently did nothing (every
// check an error, a decoy found in node_modules, repolinter refusing its ruleset) would measure the wrong thing.
import type { GeneratedRepo } from "./generate.js";

interface ReportJson {
  verdict: string;
  systems: Array<{
    system: string;
    verdict: string;
    checks: Array<{ id: string; status: string; finding: { summary: string } }>;
  }>;
  problems: Array<{ file: string; message: string }>;
}

/** Problems with a Shipgate JSON report for `repo`; empty when it is what the generator intended. */
export function shipgateReportProblems(stdout: string, repo: GeneratedRepo, equivalent: boolean): string[] {
  let report: ReportJson;
  try {
    report = JSON.parse(stdout) as ReportJson;
  } catch {
    return [`the report is not JSON: ${stdout.slice(0, 200)}`];
  }
  const problems: string[] = [];
  if (report.problems.length > 0) {
    problems.push(
      `${report.problems.length} readiness problems, first: ${report.problems[0]!.file}: ${report.problems[0]!.message}`,
    );
  }
  if (report.systems.length !== repo.systemNames.length) {
    problems.push(`${report.systems.length} systems judged, ${repo.systemNames.length} expected`);
  }
  const noGo = new Set(equivalent ? [] : repo.expectedNoGo);
  for (const system of report.systems) {
    const expected = noGo.has(system.system) ? "no-go" : "go";
    if (system.verdict !== expected) {
      const bad = system.checks.find((c) => c.status !== "pass");
      problems.push(
        `${system.system}: ${system.verdict}, expected ${expected}${bad ? ` (${bad.id} ${bad.status}: ${bad.finding.summary})` : ""}`,
      );
      if (problems.length > 5) break;
    }
    const errored = system.checks.find((c) => c.status === "error");
    if (errored) problems.push(`${system.system}: ${errored.id} is an error: ${errored.finding.summary}`);
  }
  return problems;
}

interface RepolinterJson {
  passed: boolean;
  errored: boolean;
  errMsg?: string;
  results: Array<{ status: string; lintResult?: { passed: boolean } }>;
}

/** Problems with repolinter's JSON output: every rule must have run and passed. */
export function repolinterOutputProblems(stdout: string, expectedRules: number): string[] {
  let output: RepolinterJson;
  try {
    output = JSON.parse(stdout) as RepolinterJson;
  } catch {
    return [`repolinter printed no JSON: ${stdout.slice(0, 200)}`];
  }
  const problems: string[] = [];
  if (output.errored) problems.push(`repolinter errored: ${output.errMsg ?? "no message"}`);
  if (output.results.length !== expectedRules)
    problems.push(`${output.results.length} rules ran, ${expectedRules} expected`);
  const failed = output.results.filter((r) => r.lintResult?.passed !== true).length;
  if (failed > 0 || !output.passed) problems.push(`${failed} rules did not pass`);
  return problems;
}
