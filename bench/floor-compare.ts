// Whether the floor (bench/floor.ts) counted what Shipgate reported: each check's figures against the
// `measured` text of Shipgate's finding. Used by the benchmark on every measured run and by
// test/bench/floor.test.ts; a floor that counted less would make the ratio flatter Shipgate.
import type { FloorSystem, Figures } from "./floor.js";

interface ReportJson {
  systems: Array<{ system: string; checks: Array<{ id: string; finding: { measured?: string } }> }>;
}

/** What Shipgate's `measured` text says, as the floor's figures (keys by the floor's figure kind). */
function shipgateFigures(kind: Figures, measured: string): Figures | undefined {
  const num = (m: RegExpExecArray | null, i: number) => (m ? Number(m[i]) : NaN);
  if ("value" in kind)
    return { value: measured.startsWith('"') ? (JSON.parse(measured) as string) : Number(measured) };
  if ("tests" in kind) {
    const m = /^(\d+) of (\d+) tests failed/.exec(measured);
    return { tests: num(m, 2), failed: num(m, 1) };
  }
  if ("hit" in kind) {
    const m = /\((\d+) of (\d+) lines\)/.exec(measured);
    return { hit: num(m, 1), found: num(m, 2) };
  }
  if ("p95" in kind) {
    const m = /^p95 ([\d.]+) ms, error rate ([\d.]+)%/.exec(measured);
    return { p95: num(m, 1), errorRatePercent: num(m, 2) };
  }
  if ("distinct" in kind) {
    const m = /^(\d+) of (\d+) required alerts defined; (\d+) distinct alerts/.exec(measured);
    return { required: num(m, 2), defined: num(m, 1), distinct: num(m, 3) };
  }
  if ("sections" in kind) {
    const m = /^(\d+) of (\d+) sections written, (\d+) words/.exec(measured);
    return { sections: num(m, 1), required: num(m, 2), words: num(m, 3) };
  }
  if ("matches" in kind) return { matches: num(/^(\d+) match/.exec(measured), 1) };
  if ("files" in kind) return { files: num(/^(\d+) non-empty file/.exec(measured), 1) };
  return undefined;
}

/** Shipgate prints numbers rounded to at most 3 decimals: a number agrees when it rounds to what was printed. */
function agrees(floor: number | string, shipgate: number | string): boolean {
  if (typeof floor === "string" || typeof shipgate === "string") return floor === shipgate;
  return Math.abs(floor - shipgate) <= 0.0005 + 1e-12;
}

/** Disagreements between the floor's figures and Shipgate's JSON report; empty when they count the same. */
export function floorDisagreements(floor: FloorSystem[], reportStdout: string): string[] {
  const report = JSON.parse(reportStdout) as ReportJson;
  const problems: string[] = [];
  if (report.systems.length !== floor.length)
    problems.push(`${floor.length} systems read by the floor, ${report.systems.length} judged by Shipgate`);
  const bySystem = new Map(report.systems.map((s) => [s.system, s]));
  for (const f of floor) {
    const s = bySystem.get(f.system);
    if (!s) {
      problems.push(`${f.system}: not in Shipgate's report`);
      continue;
    }
    if (s.checks.length !== Object.keys(f.checks).length)
      problems.push(`${f.system}: ${Object.keys(f.checks).length} checks read, ${s.checks.length} judged`);
    for (const check of s.checks) {
      const figures = f.checks[check.id];
      const measured = check.finding.measured ?? "";
      const theirs = figures && shipgateFigures(figures, measured);
      if (!figures || !theirs) {
        problems.push(`${f.system} ${check.id}: the floor has no figures for it`);
        continue;
      }
      for (const [key, value] of Object.entries(figures)) {
        if (!agrees(value, theirs[key]!))
          problems.push(
            `${f.system} ${check.id}: ${key} ${value} by the floor, Shipgate measured "${measured}"`,
          );
      }
    }
  }
  return problems;
}

/** floorDisagreements from the floor's printed figures, or why they cannot be read. */
export function floorRunProblems(floorStdout: string, reportStdout: string): string[] {
  let floor: FloorSystem[];
  try {
    floor = (JSON.parse(floorStdout) as { systems: FloorSystem[] }).systems;
  } catch (err) {
    return [`no figures (${err instanceof Error ? err.message : String(err)})`];
  }
  return floorDisagreements(floor, reportStdout);
}
