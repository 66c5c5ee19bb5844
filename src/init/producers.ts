// The configuration that writes evidence when the tests or load tests run: pytest --junitxml, jest-junit,
// Maven Surefire, Gradle, go-junit-report, coverage.py, Jest and Vitest coverage, k6 and Locust. Read as
// text with anchored patterns; nothing here is ever imported, evaluated or run.
import { posix } from "node:path";
import picomatch from "picomatch";
import { parseYaml } from "../config/yaml.js";
import type { Command, PublishedReport } from "./ci.js";

export interface JUnitProducer {
  kind: "junit";
  /** Repository-relative path or glob of the reports it writes. */
  files: string;
  /** What writes them, for a comment: `pytest --junitxml (pyproject.toml)`. */
  source: string;
}

export interface CoverageProducer {
  kind: "coverage";
  file: string;
  source: string;
  /** A line-coverage bar the project already enforces (fail_under, coverageThreshold). */
  threshold?: { value: number; source: string };
}

export interface LoadtestProducer {
  kind: "loadtest";
  file: string;
  source: string;
  /** Bars the load-test script itself declares (k6 thresholds), and that script. */
  p95Ms?: number;
  maxErrorRate?: number;
  barsFrom?: string;
}

export type Producer = JUnitProducer | CoverageProducer | LoadtestProducer;

/** A configuration file's text with its repository-relative path. */
export interface ConfigText {
  path: string;
  text: string;
}

export interface ProducerScan {
  producers: Producer[];
  /** Coverage bars found in configuration, even when no report path could be told. */
  coverageThresholds: Array<{ value: number; source: string }>;
  /** Load-test scripts found (k6, Locust), whether or not they write a result file. */
  loadScripts: Array<{ path: string; tool: "k6" | "locust" }>;
  notes: string[];
}

/** What the CI files and scripts run and publish, read by ./ci.ts. */
export interface JobFacts {
  commands: readonly Command[];
  reports: readonly PublishedReport[];
}

/** coverage.py configuration: what `coverage xml` (json, lcov) would write, once something runs it. */
interface CoveragePyConfig {
  dir: string;
  source: string;
  outputs: { xml?: string; json?: string; lcov?: string };
  threshold?: { value: number; source: string };
}

interface Scanning extends ProducerScan {
  coveragePy: CoveragePyConfig[];
  commands: Command[];
}

/**
 * Reads producers from configuration files, and from the commands and published reports of CI files and
 * scripts. `files` are config texts the scan already read.
 */
export function findProducers(
  files: readonly ConfigText[],
  jobs: JobFacts = { commands: [], reports: [] },
): ProducerScan {
  const scan: Scanning = {
    producers: [],
    coverageThresholds: [],
    loadScripts: [],
    notes: [],
    coveragePy: [],
    commands: [...jobs.commands],
  };
  for (const whole of files) {
    // Configuration is small; the patterns below only ever look at the first 512 KiB, one line at a time
    // where a line can be long, so a hostile file cannot make them slow.
    const file = { path: whole.path, text: boundedLines(whole.text.slice(0, MAX_CONFIG_CHARS)) };
    const name = posix.basename(file.path).toLowerCase();
    const dir = posix.dirname(file.path) === "." ? "" : posix.dirname(file.path);
    if (name === "pytest.ini" || name === "tox.ini" || name === "setup.cfg") pythonIni(file, dir, scan);
    else if (name === ".coveragerc") coveragerc(file, dir, scan);
    else if (name === "pyproject.toml") pyproject(file, dir, scan);
    else if (name === "package.json") packageJson(file, dir, scan);
    else if (name === "pom.xml") maven(file, dir, scan);
    else if (name === "build.gradle" || name === "build.gradle.kts") gradle(file, dir, scan);
    else if (/^(jest)\.config\.[cm]?[jt]s$|^jest\.config\.json$/.test(name)) jestConfig(file, dir, scan);
    else if (/^(vitest|vite)\.config\.[cm]?[jt]s$/.test(name)) vitestConfig(file, dir, scan);
    else if (file.path.startsWith(".github/workflows/")) workflow(file, scan);
    else if (/\.py$/.test(name) && /\bfrom\s+locust\s+import\b|\bimport\s+locust\b/.test(file.text)) {
      scan.loadScripts.push({ path: file.path, tool: "locust" });
    } else if (/\.[cm]?[jt]s$/.test(name) && K6_IMPORT.test(file.text)) k6Script(file, dir, scan);
  }
  commandProducers(scan);
  coveragePyProducers(scan);
  // What the CI system publishes is where the reports are, whichever command wrote them.
  for (const report of jobs.reports) {
    if (report.kind === "junit")
      scan.producers.push({ kind: "junit", files: report.path, source: report.source });
    else scan.producers.push({ kind: "coverage", file: report.path, source: report.source });
  }
  return {
    producers: dedupe(scan.producers),
    coverageThresholds: scan.coverageThresholds,
    loadScripts: scan.loadScripts,
    notes: [...new Set(scan.notes)],
  };
}

const MAX_CONFIG_CHARS = 512 * 1024;
const MAX_LINE_CHARS = 4096;

/** The text with every line cut to 4,096 characters (no option or path is longer). */
function boundedLines(text: string): string {
  return text
    .split("\n")
    .map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line))
    .join("\n");
}

const K6_IMPORT = /\bfrom\s+["']k6(?:\/[a-z/-]+)?["']|\brequire\(\s*["']k6(?:\/[a-z/-]+)?["']\s*\)/;
const JUNITXML = /--junit-?xml(?:=|\s+)["']?([^\s"',\]]+)/g;
const COV_REPORT = /--cov-report(?:=|\s+)["']?(xml|lcov|json)(?::([^\s"',\]]+))?/g;
const COV_FAIL_UNDER = /--cov-fail-under(?:=|\s+)["']?(\d+(?:\.\d+)?)/;

/** `name` joined onto `dir`, repository-relative; undefined when absolute or leaving the repository. */
function inRepo(dir: string, name: string): string | undefined {
  const cleaned = name
    .trim()
    .replace(/^\.\//, "")
    .replace(/^<rootDir>\/?/, "");
  if (cleaned === "" || cleaned.startsWith("/") || /^[A-Za-z]:/.test(cleaned) || cleaned.includes("$"))
    return undefined;
  const joined = posix.normalize(posix.join(dir || ".", cleaned));
  if (joined === ".." || joined.startsWith("../")) return undefined;
  return joined;
}

/** The lines of an INI or TOML section, e.g. `[tool.pytest.ini_options]`. */
function section(text: string, name: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const header = new RegExp(`^\\s*\\[\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\]\\s*$`);
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return undefined;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*\[[^\]]+\]\s*$/.test(line)) break;
    body.push(line);
  }
  return body.join("\n");
}

function iniValue(body: string | undefined, key: string): string | undefined {
  if (body === undefined) return undefined;
  for (const line of body.split(/\r?\n/)) {
    const eq = line.indexOf("=");
    if (eq < 0 || line.slice(0, eq).trim() !== key) continue;
    const value = line
      .slice(eq + 1)
      .replace(/\s#.*$/, "")
      .trim()
      .replace(/^["']|["']$/g, "");
    return value === "" ? undefined : value;
  }
  return undefined;
}

function pytestOptions(body: string, dir: string, source: string, scan: ProducerScan): void {
  for (const m of body.matchAll(JUNITXML)) {
    const files = inRepo(dir, m[1] as string);
    if (files) scan.producers.push({ kind: "junit", files, source: `pytest --junitxml (${source})` });
  }
  const failUnder = COV_FAIL_UNDER.exec(body);
  const threshold = failUnder
    ? { value: Number(failUnder[1]), source: `--cov-fail-under in ${source}` }
    : undefined;
  if (threshold) scan.coverageThresholds.push(threshold);
  let readable = false;
  for (const m of body.matchAll(COV_REPORT)) {
    readable = true;
    const format = m[1] as "xml" | "lcov" | "json";
    const file = inRepo(dir, (m[2] as string | undefined) ?? COVERAGE_PY_DEFAULT[format]);
    if (file) {
      scan.producers.push({
        kind: "coverage",
        file,
        source: `pytest-cov --cov-report=${format} (${source})`,
        ...(threshold ? { threshold } : {}),
      });
    }
  }
  if (!readable && /--cov-report(?:=|\s+)["']?html\b/.test(body)) {
    scan.notes.push(
      `pytest-cov in ${source} writes HTML coverage (htmlcov/), which Shipgate does not read; add --cov-report=xml to wire it`,
    );
  }
}

const COVERAGE_PY_DEFAULT = { xml: "coverage.xml", lcov: "coverage.lcov", json: "coverage.json" } as const;

function pythonIni(file: ConfigText, dir: string, scan: ProducerScan): void {
  const pytest = section(file.text, "pytest") ?? section(file.text, "tool:pytest");
  if (pytest !== undefined) pytestOptions(pytest, dir, file.path, scan);
  if (
    section(file.text, "coverage:run") !== undefined ||
    section(file.text, "coverage:report") !== undefined
  ) {
    coveragePy(
      {
        report: section(file.text, "coverage:report"),
        xml: section(file.text, "coverage:xml"),
        json: section(file.text, "coverage:json"),
        lcov: section(file.text, "coverage:lcov"),
      },
      dir,
      `coverage.py ([coverage:*] in ${file.path})`,
      scan,
    );
  }
}

function coveragerc(file: ConfigText, dir: string, scan: ProducerScan): void {
  coveragePy(
    {
      report: section(file.text, "report"),
      xml: section(file.text, "xml"),
      json: section(file.text, "json"),
      lcov: section(file.text, "lcov"),
    },
    dir,
    `coverage.py (${file.path})`,
    scan,
  );
}

function pyproject(file: ConfigText, dir: string, scan: ProducerScan): void {
  const pytest = section(file.text, "tool.pytest.ini_options");
  if (pytest !== undefined) pytestOptions(pytest, dir, file.path, scan);
  const hasCoverage = /^\s*\[tool\.coverage(?:\.[a-z_]+)?\]\s*$/m.test(file.text);
  if (hasCoverage) {
    coveragePy(
      {
        report: section(file.text, "tool.coverage.report"),
        xml: section(file.text, "tool.coverage.xml"),
        json: section(file.text, "tool.coverage.json"),
        lcov: section(file.text, "tool.coverage.lcov"),
      },
      dir,
      `coverage.py ([tool.coverage] in ${file.path})`,
      scan,
    );
  }
}

/**
 * coverage.py writes a report only when asked (`coverage xml`, or pytest-cov's --cov-report): its
 * configuration alone is a bar and output names, kept until a command that writes the report is found.
 */
function coveragePy(
  sections: { report?: string; xml?: string; json?: string; lcov?: string },
  dir: string,
  source: string,
  scan: ProducerScan,
): void {
  const failUnder = iniValue(sections.report, "fail_under");
  const threshold =
    failUnder !== undefined && Number.isFinite(Number(failUnder))
      ? {
          value: Number(failUnder),
          source: `fail_under in ${source.replace(/^coverage\.py \((.*)\)$/, "$1")}`,
        }
      : undefined;
  if (threshold) scan.coverageThresholds.push(threshold);
  const outputs = {
    ...(iniValue(sections.xml, "output") ? { xml: iniValue(sections.xml, "output") } : {}),
    ...(iniValue(sections.json, "output") ? { json: iniValue(sections.json, "output") } : {}),
    ...(iniValue(sections.lcov, "output") ? { lcov: iniValue(sections.lcov, "output") } : {}),
  };
  (scan as Scanning).coveragePy.push({ dir, source, outputs, ...(threshold ? { threshold } : {}) });
}

const COVERAGE_CMD = /\bcoverage[ \t]+(xml|json|lcov)\b([^;&|\n]*)/;

/** `coverage xml [-o path]` in a job or script: the report coverage.py writes there. */
function coveragePyProducers(scan: Scanning): void {
  const runs: Array<{ format: "xml" | "json" | "lcov"; path?: string; dir: string; source: string }> = [];
  for (const { dir, command, source } of scan.commands) {
    for (const line of boundedLines(command).split(/\r?\n/)) {
      const m = COVERAGE_CMD.exec(line);
      if (!m) continue;
      const out = /(?:^|\s)-o(?:=|\s+)["']?([^\s"']+)/.exec(m[2] as string)?.[1];
      const base = inRepo("", dir || ".") ?? "";
      const path = out !== undefined ? inRepo(base === "." ? "" : base, out) : undefined;
      runs.push({
        format: m[1] as "xml" | "json" | "lcov",
        ...(path ? { path } : {}),
        dir: base === "." ? "" : base,
        source,
      });
    }
  }
  const config = scan.coveragePy[0];
  for (const run of runs) {
    const configured = config?.outputs[run.format];
    const name = run.path ?? inRepo(run.dir, configured ?? COVERAGE_PY_DEFAULT[run.format]);
    if (!name) continue;
    const threshold = config?.threshold ?? scan.coverageThresholds[0];
    scan.producers.push({
      kind: "coverage",
      file: name,
      source: `\`coverage ${run.format}\` (${run.source})`,
      ...(threshold ? { threshold } : {}),
    });
  }
  if (runs.length === 0 && config && !scan.producers.some((p) => p.kind === "coverage")) {
    scan.notes.push(
      `coverage.py is configured (${config.source.replace(/^coverage\.py \((.*)\)$/, "$1")}) but nothing found runs \`coverage xml\` or pytest --cov-report=xml, so no coverage report is wired`,
    );
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function packageJson(file: ConfigText, dir: string, scan: ProducerScan): void {
  let pkg: unknown;
  try {
    pkg = JSON.parse(file.text);
  } catch {
    scan.notes.push(`${file.path} is not valid JSON; its test and coverage settings were not read`);
    return;
  }
  if (!isObject(pkg)) return;
  const deps = {
    ...(isObject(pkg.dependencies) ? pkg.dependencies : {}),
    ...(isObject(pkg.devDependencies) ? pkg.devDependencies : {}),
  };
  const jest = isObject(pkg.jest) ? pkg.jest : undefined;
  const reporters = Array.isArray(jest?.reporters) ? jest.reporters : [];
  const reporterEntry = reporters.find(
    (r) => r === "jest-junit" || (Array.isArray(r) && r[0] === "jest-junit"),
  );
  if ("jest-junit" in deps || reporterEntry !== undefined) {
    const options = {
      ...(isObject(pkg["jest-junit"]) ? pkg["jest-junit"] : {}),
      ...(Array.isArray(reporterEntry) && isObject(reporterEntry[1]) ? reporterEntry[1] : {}),
    };
    const outDir = typeof options.outputDirectory === "string" ? options.outputDirectory : ".";
    const outName = typeof options.outputName === "string" ? options.outputName : "junit.xml";
    const files = inRepo(dir, posix.join(outDir, outName));
    if (files) scan.producers.push({ kind: "junit", files, source: `jest-junit (${file.path})` });
  }
  const scripts = isObject(pkg.scripts)
    ? Object.values(pkg.scripts)
        .filter((s) => typeof s === "string")
        .join("\n")
    : "";
  for (const command of scripts.split("\n"))
    if (command.trim() !== "") (scan as Scanning).commands.push({ dir, command, source: file.path });
  if (jest) {
    const wantsCoverage =
      jest.collectCoverage === true ||
      /\bjest\b[^\n]*--coverage\b/.test(scripts) ||
      jest.coverageThreshold !== undefined;
    if (wantsCoverage) {
      const reportersList = Array.isArray(jest.coverageReporters)
        ? jest.coverageReporters.map((r) => (Array.isArray(r) ? String(r[0]) : String(r)))
        : JEST_DEFAULT_REPORTERS;
      const directory = typeof jest.coverageDirectory === "string" ? jest.coverageDirectory : "coverage";
      const lines =
        isObject(jest.coverageThreshold) && isObject(jest.coverageThreshold.global)
          ? jest.coverageThreshold.global.lines
          : undefined;
      istanbulProducer(
        reportersList,
        directory,
        typeof lines === "number" ? lines : undefined,
        dir,
        `Jest coverage (${file.path})`,
        scan,
      );
    }
  } else if (/\bjest\b[^\n]*--coverage\b/.test(scripts)) {
    istanbulProducer(
      JEST_DEFAULT_REPORTERS,
      "coverage",
      undefined,
      dir,
      `Jest coverage (--coverage in ${file.path})`,
      scan,
    );
  }
}

const JEST_DEFAULT_REPORTERS = ["clover", "json", "lcov", "text"];

/** Istanbul reporters Shipgate can read, best first: the json-summary's total is exactly line coverage. */
function istanbulProducer(
  reporters: readonly string[],
  directory: string,
  lines: number | undefined,
  dir: string,
  source: string,
  scan: ProducerScan,
): void {
  const threshold =
    lines !== undefined && Number.isFinite(lines)
      ? { value: lines, source: `line threshold in ${source.replace(/^.*\((.*)\)$/, "$1")}` }
      : undefined;
  if (threshold) scan.coverageThresholds.push(threshold);
  const name = reporters.includes("json-summary")
    ? "coverage-summary.json"
    : reporters.includes("lcov") || reporters.includes("lcovonly")
      ? "lcov.info"
      : reporters.includes("cobertura")
        ? "cobertura-coverage.xml"
        : undefined;
  if (name === undefined) {
    scan.notes.push(
      `${source} writes no report Shipgate reads; add "json-summary" to its coverage reporters`,
    );
    return;
  }
  const file = inRepo(dir, posix.join(directory, name));
  if (file) scan.producers.push({ kind: "coverage", file, source, ...(threshold ? { threshold } : {}) });
}

function listOf(text: string | undefined): string[] {
  if (text === undefined) return [];
  return [...text.matchAll(/["'`]([\w-]+)["'`]/g)].map((m) => m[1] as string);
}

function jestConfig(file: ConfigText, dir: string, scan: ProducerScan): void {
  const t = file.text;
  if (/["']?jest-junit["']?/.test(t)) {
    const outDir = /outputDirectory["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(t)?.[1] ?? ".";
    const outName = /outputName["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(t)?.[1] ?? "junit.xml";
    const files = inRepo(dir, posix.join(outDir, outName));
    if (files) scan.producers.push({ kind: "junit", files, source: `jest-junit (${file.path})` });
  }
  if (/collectCoverage["']?\s*:\s*true|coverageThreshold|coverageReporters/.test(t)) {
    const reporters = /coverageReporters["']?\s*:\s*\[([^\]]*)\]/.exec(t);
    const directory = /coverageDirectory["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(t)?.[1] ?? "coverage";
    const lines = /coverageThreshold[\s\S]{0,300}?lines["']?\s*:\s*(\d+(?:\.\d+)?)/.exec(t)?.[1];
    istanbulProducer(
      reporters ? listOf(reporters[1]) : JEST_DEFAULT_REPORTERS,
      directory,
      lines !== undefined ? Number(lines) : undefined,
      dir,
      `Jest coverage (${file.path})`,
      scan,
    );
  }
}

function vitestConfig(file: ConfigText, dir: string, scan: ProducerScan): void {
  const t = file.text;
  // The junit reporter's outputFile, when the tests also write JUnit XML.
  const junitFile =
    /outputFile\s*:\s*\{[^}]*junit["']?\s*:\s*["'`]([^"'`]+)["'`]/.exec(t)?.[1] ??
    (/reporters?\s*:\s*\[[^\]]*["'`]junit["'`]/.test(t)
      ? /outputFile\s*:\s*["'`]([^"'`]+\.xml)["'`]/.exec(t)?.[1]
      : undefined);
  const files = junitFile !== undefined ? inRepo(dir, junitFile) : undefined;
  if (files) scan.producers.push({ kind: "junit", files, source: `Vitest junit reporter (${file.path})` });
  if (!/\bcoverage\s*:\s*\{/.test(t)) return;
  const reporter = /\breporter\s*:\s*(\[[^\]]*\]|["'`][\w-]+["'`])/.exec(t);
  const directory = /reportsDirectory\s*:\s*["'`]([^"'`]+)["'`]/.exec(t)?.[1] ?? "coverage";
  const lines =
    /\bthresholds\s*:\s*\{[^}]*?\blines\s*:\s*(\d+(?:\.\d+)?)/.exec(t)?.[1] ??
    /\blines\s*:\s*(\d+(?:\.\d+)?)/.exec(t)?.[1];
  istanbulProducer(
    reporter ? listOf(reporter[1]) : ["text", "html", "clover", "json"],
    directory,
    lines !== undefined ? Number(lines) : undefined,
    dir,
    `Vitest coverage (${file.path})`,
    scan,
  );
}

function maven(file: ConfigText, dir: string, scan: ProducerScan): void {
  if (/<packaging>\s*pom\s*<\/packaging>/.test(file.text)) return; // an aggregator runs no tests itself
  const files = inRepo(dir, "target/surefire-reports/TEST-*.xml");
  if (files) scan.producers.push({ kind: "junit", files, source: `Maven Surefire (${file.path})` });
}

function gradle(file: ConfigText, dir: string, scan: ProducerScan): void {
  if (!/\b(java|kotlin|java-library|application|org\.jetbrains\.kotlin\.[a-z]+)\b/.test(file.text)) return;
  const files = inRepo(dir, "build/test-results/test/TEST-*.xml");
  if (files) scan.producers.push({ kind: "junit", files, source: `Gradle test task (${file.path})` });
}

/**
 * The commands a workflow runs, each with the folder it runs in (`working-directory` of the step, the
 * job's or the workflow's defaults), so that an output path lands where the command writes it.
 */
export function workflowCommands(text: string): Array<{ dir: string; command: string }> {
  const parsed = parseYaml(text);
  if (!parsed.ok || !isObject(parsed.value)) return [];
  const workflowDir = defaultDir(parsed.value);
  const jobs = isObject(parsed.value.jobs) ? parsed.value.jobs : {};
  const out: Array<{ dir: string; command: string }> = [];
  for (const job of Object.values(jobs)) {
    if (!isObject(job) || !Array.isArray(job.steps)) continue;
    const jobDir = defaultDir(job) ?? workflowDir ?? "";
    for (const step of job.steps) {
      if (!isObject(step)) continue;
      const dir = typeof step["working-directory"] === "string" ? step["working-directory"] : jobDir;
      if (typeof step.run === "string") out.push({ dir, command: step.run });
      // Actions take their command lines as inputs (grafana/k6-action `flags`, a test action's `args`).
      if (isObject(step.with)) {
        for (const value of Object.values(step.with))
          if (typeof value === "string") out.push({ dir, command: value });
      }
    }
  }
  return out;
}

function defaultDir(node: Json): string | undefined {
  const defaults = isObject(node.defaults) && isObject(node.defaults.run) ? node.defaults.run : undefined;
  const dir = defaults?.["working-directory"];
  return typeof dir === "string" ? dir : undefined;
}

function workflow(file: ConfigText, scan: ProducerScan): void {
  for (const { dir: rawDir, command } of workflowCommands(file.text)) {
    const dir = inRepo("", rawDir || ".") ?? "";
    (scan as Scanning).commands.push({ dir: dir === "." ? "" : dir, command, source: file.path });
  }
}

/** Reports written by the commands jobs and scripts run: test runners, load tests. */
function commandProducers(scan: Scanning): void {
  for (const { dir, command, source } of scan.commands) {
    const base = dir === "." ? "" : dir;
    for (const line of boundedLines(command).split(/\r?\n/)) {
      if (/go-junit-report/.test(line)) {
        const out = /go-junit-report\b[^|]*?(?:-out(?:=|\s+)|>\s*)([^\s;&|"']+\.xml)/.exec(line)?.[1];
        const files = out !== undefined ? inRepo(base, out) : undefined;
        if (files) scan.producers.push({ kind: "junit", files, source: `go-junit-report (${source})` });
      }
      if (/\bpytest\b/.test(line)) pytestOptions(line, base, source, scan);
      const summary = /--summary-export(?:=|\s+)["']?([^\s"']+\.json)/.exec(line)?.[1];
      if (summary !== undefined && /\bk6\b|--summary-export/.test(line)) {
        const fileOut = inRepo(base, summary);
        if (fileOut)
          scan.producers.push({ kind: "loadtest", file: fileOut, source: `k6 --summary-export (${source})` });
      }
      const locust = /\blocust\b[^\n]*--csv(?:=|\s+)["']?([^\s"']+)/.exec(line)?.[1];
      if (locust !== undefined) {
        const fileOut = inRepo(base, `${locust}_stats.csv`);
        if (fileOut)
          scan.producers.push({ kind: "loadtest", file: fileOut, source: `locust --csv (${source})` });
      }
    }
  }
}

function k6Script(file: ConfigText, dir: string, scan: ProducerScan): void {
  scan.loadScripts.push({ path: file.path, tool: "k6" });
  const t = file.text;
  const p95 = /["'`]p\(95\)\s*<=?\s*(\d+(?:\.\d+)?)["'`]/.exec(t)?.[1];
  const errorRate = /http_req_failed["']?\s*:\s*\[[^\]]*?["'`]rate\s*<=?\s*(0?\.\d+|[01](?:\.0+)?)["'`]/.exec(
    t,
  )?.[1];
  const bars = {
    ...(p95 !== undefined ? { p95Ms: Number(p95) } : {}),
    ...(errorRate !== undefined ? { maxErrorRate: Number(errorRate) } : {}),
    ...(p95 !== undefined || errorRate !== undefined ? { barsFrom: file.path } : {}),
  };
  if (!/\bhandleSummary\b/.test(t)) {
    if (p95 !== undefined || errorRate !== undefined)
      scan.producers.push({ kind: "loadtest", file: "", source: `k6 thresholds (${file.path})`, ...bars });
    return;
  }
  // handleSummary returns { "<path>.json": JSON.stringify(data) }; k6 writes it relative to where it runs.
  const out = /["'`]([^"'`\s]+\.json)["'`]\s*:\s*JSON\.stringify\s*\(/.exec(t)?.[1];
  const fileOut = out !== undefined ? inRepo("", out) : undefined;
  void dir;
  if (fileOut)
    scan.producers.push({
      kind: "loadtest",
      file: fileOut,
      source: `k6 handleSummary (${file.path})`,
      ...bars,
    });
}

/**
 * One producer per output: the first source found names it, bars found later fill gaps. A published glob
 * (`*-testresults.xml`) that covers a report a command writes gives way to that report, which is the
 * stronger evidence (the glob would also pass on other files); its publisher is named beside it.
 */
function dedupe(producers: Producer[]): Producer[] {
  const byPath = dedupeByPath(producers);
  const junit = byPath.filter((p): p is JUnitProducer => p.kind === "junit");
  return byPath.filter((p) => {
    if (p.kind !== "junit" || !/[*?[{]/.test(p.files)) return true;
    const covered = junit.filter((q) => q !== p && !/[*?[{]/.test(q.files) && picomatch(p.files)(q.files));
    for (const q of covered) q.source = `${q.source}, published by ${p.source}`;
    return covered.length === 0;
  });
}

function dedupeByPath(producers: Producer[]): Producer[] {
  const out: Producer[] = [];
  const thresholdsOnly = producers.filter(
    (p): p is LoadtestProducer => p.kind === "loadtest" && p.file === "",
  );
  for (const p of producers) {
    if (p.kind === "loadtest" && p.file === "") continue;
    const key = p.kind === "junit" ? p.files : p.file;
    const seen = out.find((q) => q.kind === p.kind && (q.kind === "junit" ? q.files : q.file) === key);
    if (!seen) {
      out.push({ ...p });
      continue;
    }
    if (seen.kind === "coverage" && p.kind === "coverage" && !seen.threshold && p.threshold)
      seen.threshold = p.threshold;
  }
  // Thresholds from a k6 script without handleSummary apply to a --summary-export of that run.
  for (const t of thresholdsOnly) {
    for (const p of out) {
      if (p.kind !== "loadtest" || !p.source.startsWith("k6")) continue;
      if (p.barsFrom !== undefined) continue;
      if (t.p95Ms !== undefined) p.p95Ms = t.p95Ms;
      if (t.maxErrorRate !== undefined) p.maxErrorRate = t.maxErrorRate;
      if (t.barsFrom !== undefined) p.barsFrom = t.barsFrom;
    }
  }
  return out;
}
