// `npm run bench`: what Shipgate costs. Synthetic monorepos at three sizes (and two controls), single large
// evidence files, repolinter side by side on equivalent rules, and the action's API calls and cold start
// against the loopback fake GitHub. Prints Markdown tables and writes bench-out/bench.json and bench.md.
// Method and results: docs/performance.md.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { measureAction, type ActionCost } from "./action.js";
import { repolinterOutputProblems, shipgateReportProblems } from "./check.js";
import { compareLcovScanner, measureDiscovery, type LcovComparison } from "./in-process.js";
import { generateRepo, type GeneratedRepo, type LargeFilePlan, type MonorepoPlan } from "./generate.js";
import { floorRunProblems } from "./floor-compare.js";
import { formatMs, pairedRatio, Runner, type Measurement, type Spread } from "./measure.js";
import { buildProfilingCli, profileRun, type ProfileSummary } from "./profile.js";
import { formatRatio, renderMarkdown } from "./tables.js";

const MONOREPOS: MonorepoPlan[] = [
  { kind: "monorepo", name: "10-systems", systems: 10, files: 2_000, nodeModulesFiles: 0 },
  { kind: "monorepo", name: "10-systems-50k-files", systems: 10, files: 50_000, nodeModulesFiles: 0 },
  {
    kind: "monorepo",
    name: "10-systems-50k-node-modules",
    systems: 10,
    files: 2_000,
    nodeModulesFiles: 50_000,
  },
  { kind: "monorepo", name: "100-systems", systems: 100, files: 20_000, nodeModulesFiles: 0 },
  { kind: "monorepo", name: "1000-systems", systems: 1_000, files: 200_000, nodeModulesFiles: 50_000 },
];

const LARGE_FILES: LargeFilePlan[] = [
  { kind: "large-file", name: "junit-40mb", evidence: "junit", amount: 40_000_000 },
  { kind: "large-file", name: "lcov-20mb", evidence: "lcov", amount: 20_000_000 },
  { kind: "large-file", name: "alerts-10k-rules", evidence: "alerts", amount: 10_000 },
];

/** repolinter on the largest repository: fewer runs, no warm-up, and a time limit (it may be slow there). */
const REPOLINTER_BOUNDS: Record<string, { runs: number; warmups: number; timeoutMs: number }> = {
  "1000-systems": { runs: 5, warmups: 1, timeoutMs: 180_000 },
};
/** The small repositories are cheap and their differences small: more runs. */
const SMALL_REPO_RUNS = 9;
/** The same clock for every run, so waivers and report texts do not change between runs. */
const PINNED_NOW = "2026-12-01T12:00:00Z";

export interface ShipgateRow {
  repo: string;
  systems: number;
  files: number;
  nodeModulesFiles: number;
  evidenceMiB: number;
  generatedInSeconds: number;
  /** The discovery walk alone (FsRepo.glob for readiness files), in this process. */
  discoveryMs: Spread;
  full: Measurement;
  /** bench/floor.ts on the same repository, measured alternately with `full`. */
  floor?: Measurement;
  equivalent?: Measurement;
  /** bench/floor.ts on the equivalent checks' readiness files, measured alternately with them and repolinter. */
  equivalentFloor?: Measurement;
  repolinter?: Measurement & { rules: number };
  problems: string[];
}

export interface LargeFileRow {
  repo: string;
  evidence: string;
  evidenceMiB: number;
  run: Measurement;
  finding: string;
  problems: string[];
}

export interface BenchResult {
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memory: string; node: string; platform: string };
  cli: { path: string; bytes: number };
  /** dist/ as measured: copied at the start, so a rebuild during the benchmark cannot mix two builds. */
  dist: { files: number; bytes: number; sha256: string; builtAt: string; changedDuringRun: boolean };
  monorepos: ShipgateRow[];
  largeFiles: LargeFileRow[];
  /** Startup floors: an empty Node script, and `shipgate --version`. */
  floors: Measurement[];
  /** 1-, 5- and 15-minute load averages when the benchmark started and ended (other work on the machine). */
  loadAverage: { start: number[]; end: number[] };
  action?: ActionCost;
  actionSkipped?: string;
  profiles: ProfileSummary[];
  /** The issue-15 targets, each a ratio of two cases measured alternately in one run. */
  ratios: Ratio[];
  /** parseCoverage against a one-pass lcov scanner on the 20 MB file (a proposal, not Shipgate's code). */
  lcovScanner?: LcovComparison;
  totalSeconds: number;
}

export interface Ratio {
  name: string;
  /** Median of the per-round ratios, and their min–max. */
  ratio: Spread;
  /** What each side measured (median wall time and spread). */
  sides: string;
  target: string;
  met: boolean;
  /** Set when the figure is not a ratio (peak RSS in MiB). */
  unit?: "MiB";
}

const { values: options } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string", default: "5" },
    cli: { type: "string" },
    "skip-repolinter": { type: "boolean", default: false },
    "skip-action": { type: "boolean", default: false },
    "skip-large": { type: "boolean", default: false },
    "skip-profile": { type: "boolean", default: false },
    only: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (options.help) {
  process.stdout.write(`npm run bench -- [options]
  --quick             the 10- and 100-system repositories only, 3 runs each
  --runs <n>          measured runs per case after one warm-up (default 5)
  --only <names>      comma-separated repository names (e.g. 10-systems,junit-40mb)
  --cli <path>        the CLI bundle to measure (default: dist/cli.js, copied at the start)
  --skip-repolinter, --skip-action, --skip-large, --skip-profile
`);
  process.exit(0);
}

const repoRoot = process.cwd();
const outDir = join(repoRoot, "bench-out");
const scratch = join(outDir, "tmp");
const runs = options.quick ? 3 : Math.max(1, Number(options.runs));
const snapshotDir = join(outDir, "snapshot");
const cli = options.cli ? resolve(repoRoot, options.cli) : join(snapshotDir, "dist", "cli.js");
const only = options.only?.split(",").map((s) => s.trim());
const wanted = (name: string) =>
  only ? only.includes(name) : !options.quick || ["10-systems", "100-systems"].includes(name);
const log = (line: string) => process.stderr.write(`${line}\n`);
/** Bundled next to this script by scripts/bench.mjs. */
const floorScript = join(repoRoot, "bench-out", "run", "floor.mjs");

async function main(): Promise<void> {
  const started = performance.now();
  const dist = snapshotDist(repoRoot, snapshotDir);
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "node scripts/build.mjs" first`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const runner = new Runner(scratch, join(repoRoot, "bench", "usage-hook.mjs"));
  const result: BenchResult = {
    startedAt: new Date().toISOString(),
    machine: machine(),
    cli: { path: options.cli ?? "dist/cli.js", bytes: readFileSync(cli).length },
    dist: { ...dist, changedDuringRun: false },
    floors: [],
    loadAverage: { start: loadavg(), end: [] },
    monorepos: [],
    largeFiles: [],
    profiles: [],
    ratios: [],
    totalSeconds: 0,
  };
  log(
    `shipgate bench: ${result.machine.cpus} CPUs (${result.machine.cpuModel}), ${result.machine.memory}, node ${result.machine.node}`,
  );

  const monorepos = MONOREPOS.filter((p) => wanted(p.name));
  const largeFiles = options["skip-large"] ? [] : LARGE_FILES.filter((p) => wanted(p.name));
  const generated = new Map<string, GeneratedRepo>();
  for (const plan of [...monorepos, ...largeFiles]) {
    const repo = generateRepo(outDir, plan, log);
    if (repo.generatedInSeconds > 0)
      log(`  generated ${plan.name} in ${repo.generatedInSeconds.toFixed(1)} s`);
    generated.set(plan.name, repo);
  }

  const shipgate = (repo: GeneratedRepo, extra: string[] = []) => ({
    script: cli,
    args: ["check", "--root", repo.root, "--local", "--format", "json", ...extra],
    cwd: repoRoot,
    env: { SHIPGATE_NOW: PINNED_NOW, NO_COLOR: "1" },
  });

  // Floors: starting Node itself, and starting the CLI without reading a repository.
  log("startup floors");
  const [nodeFloor, cliFloor] = await runner.measureInterleaved(
    [
      {
        label: "node -e 0",
        command: { script: "-e", args: ["0"], cwd: repoRoot },
        runs: 10,
        warmups: 1,
        timeoutMs: 30_000,
      },
      {
        label: "shipgate --version",
        command: { script: cli, args: ["--version"], cwd: repoRoot },
        runs: 10,
        warmups: 1,
        timeoutMs: 30_000,
      },
    ],
    log,
  );
  result.floors = [stripMeasurement(nodeFloor!), stripMeasurement(cliFloor!)];

  // The 10-system repositories are compared with each other: measured in interleaved rounds.
  const fullRuns = new Map<string, Measurement>();
  const trio = monorepos.filter((p) => p.systems === 10);
  if (trio.length) {
    log(`${trio.map((p) => p.name).join(", ")} (interleaved)`);
    const measured = await runner.measureInterleaved(
      trio.map((p) => ({
        label: `shipgate check, ${p.name}`,
        command: shipgate(generated.get(p.name)!),
        runs: Math.max(runs, SMALL_REPO_RUNS),
        warmups: 1,
        timeoutMs: 120_000,
      })),
      log,
    );
    trio.forEach((p, i) => fullRuns.set(p.name, measured[i]!));
  }

  for (const plan of monorepos) {
    const repo = generated.get(plan.name)!;
    const timeoutMs = plan.systems >= 1000 ? 600_000 : 120_000;
    let full = fullRuns.get(plan.name);
    let floor: Measurement | undefined;
    if (!full) {
      log(
        `${plan.name}: ${plan.systems} systems, ${plan.files} files${plan.nodeModulesFiles ? ` + ${plan.nodeModulesFiles} in node_modules` : ""}; shipgate and the floor (interleaved)`,
      );
      [full, floor] = (await runner.measureInterleaved(
        [
          { label: "shipgate check", command: shipgate(repo), runs, warmups: 1, timeoutMs },
          {
            label: "floor (bench/floor.ts)",
            command: { script: floorScript, args: [repo.root], cwd: repoRoot },
            runs,
            warmups: 1,
            timeoutMs,
          },
        ],
        log,
      )) as [Measurement, Measurement];
    }
    const row: ShipgateRow = {
      repo: plan.name,
      systems: plan.systems,
      files: plan.files,
      nodeModulesFiles: plan.nodeModulesFiles,
      evidenceMiB: repo.evidenceBytes / 1024 / 1024,
      generatedInSeconds: repo.generatedInSeconds,
      discoveryMs: (await measureDiscovery(repo.root)).ms,
      full,
      ...(floor ? { floor } : {}),
      problems: shipgateReportProblems(full.lastStdout, repo, false).map((p) => `shipgate: ${p}`),
    };
    if (floor) {
      // The floor must have counted what Shipgate reported, or the ratio would flatter Shipgate.
      row.problems.push(...floorRunProblems(floor.lastStdout, full.lastStdout).map((p) => `floor: ${p}`));
    }
    if (!options["skip-repolinter"] && !plan.name.includes("50k")) {
      log(`${plan.name}: Shipgate on equivalent checks and repolinter (interleaved)`);
      const bounds = REPOLINTER_BOUNDS[plan.name] ?? { runs, warmups: 1, timeoutMs: 120_000 };
      const rulesetFile = join(repo.root, repo.repolinterRuleset!);
      const rules = Object.keys(
        (JSON.parse(readFileSync(rulesetFile, "utf8")) as { rules: object }).rules,
      ).length;
      const [equivalent, linted, equivalentFloor] = await runner.measureInterleaved(
        [
          {
            label: "shipgate check, equivalent checks",
            command: shipgate(repo, ["--files", "**/equivalent.readiness.yml"]),
            runs,
            warmups: 1,
            timeoutMs,
          },
          {
            label: "repolinter lint",
            command: {
              script: join(
                repoRoot,
                "bench",
                "repolinter",
                "node_modules",
                "repolinter",
                "bin",
                "repolinter.js",
              ),
              args: ["lint", repo.root, "--rulesetFile", rulesetFile, "--format", "json"],
              cwd: repoRoot,
            },
            ...bounds,
          },
          {
            label: "floor (bench/floor.ts), equivalent checks",
            command: { script: floorScript, args: [repo.root, "equivalent.readiness.yml"], cwd: repoRoot },
            runs: bounds.runs,
            warmups: bounds.warmups,
            timeoutMs,
          },
        ],
        log,
      );
      row.equivalent = equivalent!;
      row.equivalentFloor = equivalentFloor!;
      row.problems.push(
        ...floorRunProblems(equivalentFloor!.lastStdout, equivalent!.lastStdout).map(
          (p) => `floor (equivalent): ${p}`,
        ),
      );
      row.problems.push(
        ...shipgateReportProblems(equivalent!.lastStdout, repo, true).map(
          (p) => `shipgate (equivalent): ${p}`,
        ),
      );
      row.repolinter = { ...linted!, rules };
      if (linted!.timedOut === 0) {
        row.problems.push(
          ...repolinterOutputProblems(linted!.lastStdout, rules).map((p) => `repolinter: ${p}`),
        );
      }
    }
    for (const p of row.problems) log(`  ! ${p}`);
    result.monorepos.push(stripOutput(row));
  }

  for (const plan of largeFiles) {
    const repo = generated.get(plan.name)!;
    log(
      `${plan.name}: one ${plan.evidence} evidence file of ${(repo.evidenceBytes / 1024 / 1024).toFixed(1)} MiB`,
    );
    const run = await runner.measure("shipgate check", shipgate(repo), {
      runs,
      warmups: 1,
      timeoutMs: 120_000,
      log,
    });
    const problems = shipgateReportProblems(run.lastStdout, repo, false);
    let finding = "";
    try {
      const report = JSON.parse(run.lastStdout) as {
        systems: Array<{ checks: Array<{ finding: { summary: string } }> }>;
      };
      finding = report.systems[0]?.checks[0]?.finding.summary ?? "";
    } catch {
      finding = run.lastStderr.trim();
    }
    for (const p of problems) log(`  ! ${p}`);
    result.largeFiles.push({
      repo: plan.name,
      evidence: plan.evidence,
      evidenceMiB: repo.evidenceBytes / 1024 / 1024,
      run: stripMeasurement(run),
      finding,
      problems,
    });
  }

  const lcov = generated.get("lcov-20mb");
  if (lcov) {
    result.lcovScanner = compareLcovScanner(join(lcov.root, "coverage", "lcov.info"));
    const c = result.lcovScanner;
    log(
      `lcov-20mb in process: parseCoverage ${formatMs(c.currentMs.median)}, one-pass scanner ${formatMs(c.scannerMs.median)}` +
        (c.sameFigures ? "" : " (figures differ!)"),
    );
  }

  if (options["skip-action"]) {
    result.actionSkipped = "skipped with --skip-action";
  } else {
    try {
      result.action = await measureAction({ actionDir: snapshotDir, runs, log });
    } catch (err) {
      result.actionSkipped = `could not run: ${err instanceof Error ? err.message : String(err)}`;
      log(`action: ${result.actionSkipped}`);
    }
  }

  if (!options["skip-profile"]) {
    const profilingCli = await buildProfilingCli(repoRoot, join(outDir, "profile-build"));
    const profileDir = join(outDir, "profiles");
    const equivalentArgs = ["--files", "**/equivalent.readiness.yml"];
    const profiles: Array<{ name: string; label: string; extra: string[] }> = [
      { name: "10-systems", label: "10-systems, equivalent checks", extra: equivalentArgs },
      { name: "100-systems", label: "100-systems", extra: [] },
      { name: "100-systems", label: "100-systems, equivalent checks", extra: equivalentArgs },
      { name: "1000-systems", label: "1000-systems", extra: [] },
      { name: "junit-40mb", label: "junit-40mb", extra: [] },
      { name: "lcov-20mb", label: "lcov-20mb", extra: [] },
      { name: "alerts-10k-rules", label: "alerts-10k-rules", extra: [] },
    ];
    for (const { name, label, extra } of profiles) {
      const repo = generated.get(name);
      if (!repo) continue;
      log(`profiling ${label} ...`);
      const summary = await profileRun(
        runner,
        label,
        profilingCli,
        ["check", "--root", repo.root, "--local", "--format", "json", ...extra],
        repoRoot,
        profileDir,
        600_000,
      );
      result.profiles.push(summary);
      const top = summary.topFunctions.slice(0, 3).map((f) => `${f.function} (${f.module}) ${f.percent}%`);
      log(`  ${formatMs(summary.totalMs)} profiled; top self time: ${top.join(", ")}`);
    }
  }

  result.ratios = ratiosOf(result);
  for (const r of result.ratios)
    log(`${r.name}: ${formatRatio(r)}; ${r.sides}; target ${r.target}: ${r.met ? "met" : "NOT met"}`);
  result.loadAverage.end = loadavg();
  result.dist.changedDuringRun = distDigest(join(repoRoot, "dist")).sha256 !== dist.sha256;
  if (result.dist.changedDuringRun)
    log("note: dist/ was rebuilt during the benchmark; the copy taken at the start was measured");
  result.totalSeconds = (performance.now() - started) / 1000;
  const markdown = renderMarkdown(result);
  writeFileSync(join(outDir, "bench.json"), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(outDir, "bench.md"), markdown);
  rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(markdown);
  log(`\nwrote bench-out/bench.json and bench-out/bench.md in ${result.totalSeconds.toFixed(0)} s`);
}

/** The issue-15 targets as ratios of cases measured alternately (paired by round). */
function ratiosOf(r: BenchResult): Ratio[] {
  const out: Ratio[] = [];
  const sides = (a: Measurement, b: Measurement) =>
    `${a.label} ${formatMs(a.wallMs.median)} (${formatMs(a.wallMs.min)}–${formatMs(a.wallMs.max)}), ` +
    `${b.label} ${formatMs(b.wallMs.median)} (${formatMs(b.wallMs.min)}–${formatMs(b.wallMs.max)}), ${Math.min(a.runs, b.runs)} rounds`;
  const hundred = r.monorepos.find((m) => m.repo === "100-systems");
  if (hundred?.floor) {
    const ratio = pairedRatio(hundred.full, hundred.floor);
    out.push({
      name: "shipgate check ÷ floor, 100 systems",
      ratio,
      sides: sides(hundred.full, hundred.floor),
      target: "≤ 2",
      met: ratio.median <= 2,
    });
  }
  for (const m of r.monorepos) {
    if (!m.repolinter || !m.equivalent || m.systems < 100) continue;
    const ratio = pairedRatio(m.repolinter, m.equivalent);
    out.push({
      name: `repolinter ÷ shipgate (equivalent checks), ${m.systems} systems`,
      ratio,
      sides: sides(m.repolinter, m.equivalent),
      target: "≥ 2",
      met: ratio.median >= 2,
    });
    if (!m.equivalentFloor) continue;
    // The most any Node program doing the same reads gets against repolinter: the target's ceiling.
    const ceiling = pairedRatio(m.repolinter, m.equivalentFloor);
    out.push({
      name: `repolinter ÷ floor (equivalent checks), ${m.systems} systems: what the floor itself reaches`,
      ratio: ceiling,
      sides: sides(m.repolinter, m.equivalentFloor),
      target: "≥ 2",
      met: ceiling.median >= 2,
    });
    const overFloor = pairedRatio(m.equivalent, m.equivalentFloor);
    out.push({
      name: `shipgate check ÷ floor (equivalent checks), ${m.systems} systems`,
      ratio: overFloor,
      sides: sides(m.equivalent, m.equivalentFloor),
      target: "≤ 2",
      met: overFloor.median <= 2,
    });
  }
  const [node, version] = r.floors;
  if (node && version) {
    const ratio = pairedRatio(version, node);
    out.push({
      name: "shipgate --version ÷ node -e 0",
      ratio,
      sides: sides(version, node),
      target: "≤ 1.5",
      met: ratio.median <= 1.5,
    });
  }
  if (hundred?.full.maxRssMiB) {
    const rss = hundred.full.maxRssMiB;
    out.push({
      name: "peak RSS, 100 systems, MiB",
      ratio: rss,
      sides: `${hundred.full.runs} runs of shipgate check`,
      target: "< 200 MiB",
      met: rss.max < 200,
      unit: "MiB",
    });
  }
  // Linearity: wall time per MiB of evidence read, at each size; linear when it does not grow.
  const sizes = ["10-systems", "100-systems", "1000-systems"]
    .map((name) => r.monorepos.find((m) => m.repo === name))
    .filter((m): m is ShipgateRow => m !== undefined);
  if (sizes.length >= 2 && sizes[sizes.length - 1]!.systems >= 1000) {
    const perMiB = sizes.map((m) => ({
      m,
      ms: {
        median: m.full.wallMs.median / m.evidenceMiB,
        min: m.full.wallMs.min / m.evidenceMiB,
        max: m.full.wallMs.max / m.evidenceMiB,
      },
    }));
    const last = perMiB[perMiB.length - 1]!;
    const first = perMiB[1] ?? perMiB[0]!;
    out.push({
      name: "linearity: largest ÷ 100-system run, wall ms per MiB read",
      ratio: {
        median: last.ms.median / first.ms.median,
        min: last.ms.min / first.ms.max,
        max: last.ms.max / first.ms.min,
      },
      sides: perMiB
        .map(
          ({ m, ms }) =>
            `${m.systems} systems ${ms.median.toFixed(1)} ms/MiB (${ms.min.toFixed(1)}–${ms.max.toFixed(1)}) of ${m.evidenceMiB.toFixed(1)} MiB`,
        )
        .join("; "),
      target: "≤ 1.2 (no more per MiB as the repository grows)",
      met: last.ms.median / first.ms.median <= 1.2,
    });
  }
  return out;
}

/** The JSON keeps figures, not the reports the runs printed. */
function stripMeasurement(m: Measurement): Measurement {
  return {
    ...m,
    lastStdout: "",
    lastStderr: m.exitCodes.every((c) => c <= 1) ? "" : m.lastStderr.slice(0, 2000),
  };
}

function stripOutput(row: ShipgateRow): ShipgateRow {
  return {
    ...row,
    full: stripMeasurement(row.full),
    ...(row.floor ? { floor: stripMeasurement(row.floor) } : {}),
    ...(row.equivalentFloor ? { equivalentFloor: stripMeasurement(row.equivalentFloor) } : {}),
    ...(row.equivalent ? { equivalent: stripMeasurement(row.equivalent) } : {}),
    ...(row.repolinter
      ? { repolinter: { ...stripMeasurement(row.repolinter), rules: row.repolinter.rules } }
      : {}),
  };
}

/** Copies dist/ and action.yml into `into`: the build measured stays the same while others rebuild dist/. */
function snapshotDist(repoRoot: string, into: string): Omit<BenchResult["dist"], "changedDuringRun"> {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  cpSync(join(repoRoot, "dist"), join(into, "dist"), { recursive: true });
  cpSync(join(repoRoot, "action.yml"), join(into, "action.yml"));
  const digest = distDigest(join(into, "dist"));
  return { ...digest, builtAt: statSync(join(repoRoot, "dist", "index.js")).mtime.toISOString() };
}

function distDigest(dir: string): { files: number; bytes: number; sha256: string } {
  const hash = createHash("sha256");
  let files = 0;
  let bytes = 0;
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const content = readFileSync(path);
        hash.update(entry.name).update(content);
        files += 1;
        bytes += content.length;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, bytes, sha256: hash.digest("hex") };
}

function machine(): BenchResult["machine"] {
  let cpuModel = "unknown";
  try {
    cpuModel =
      /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: the model stays unknown.
  }
  let memory = `${(totalmem() / 1024 ** 3).toFixed(1)} GiB total`;
  try {
    const free = execFileSync("free", ["-h"], { encoding: "utf8" });
    const mem = /^Mem:\s+(\S+)\s+(\S+)\s+(\S+)/m.exec(free);
    if (mem) memory = `${mem[1]} total, ${mem[2]} used, ${mem[3]} free (free -h)`;
  } catch {
    // No `free`: the total from Node is enough.
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    memory,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

await main();
