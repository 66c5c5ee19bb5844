// `shipgate init`, step one: look through the repository for readiness evidence that already exists.
// Read-only: candidates are listed with the repository view's own walk settings (no symlink followed, no
// node_modules or .git), and every file is read through the FsRepo (no link out of the repository, size
// caps, strict text), by content, with the parsers the evidence kinds use. Nothing found is executed.
import { realpath } from "node:fs/promises";
import { join, posix, sep } from "node:path";
import { glob as listFiles } from "tinyglobby";
import { parseYaml } from "../config/yaml.js";
import { parseAlertRules, type AlertRule } from "../evidence/parse/alerts.js";
import { parseCoverage, type CoverageSummary } from "../evidence/parse/coverage.js";
import { addJUnit, emptyJUnitSummary, parseJUnit, type JUnitSummary } from "../evidence/parse/junit.js";
import { parseLoadtest, type LoadtestSummary } from "../evidence/parse/loadtest.js";
import { globOptions, type FsRepo } from "../repo/fs.js";
import { EvidenceError } from "../base/errors.js";
import { suiteOfJson } from "../evidence/evalsuites.js";
import type { EvalSuite } from "../evidence/parse/evalsuite.js";
import { nonFiniteAsNull } from "../evidence/parse/json.js";
import { CODEOWNERS_PATHS } from "./codeowners.js";
import { outline, type DocOutline } from "./docs.js";
import {
  aiJson,
  DATA_CHECK_PATH,
  dataChecks,
  MLFLOW_META,
  mlflowRun,
  modelCard,
  PROMPTFOO_CONFIG,
  promptfooConfig,
  promptfooOutputFlag,
  type AiFound,
} from "./ai.js";
import { findMetrics, type MetricCandidate } from "./metrics.js";
import { hasGlobMeta } from "./paths.js";
import {
  ciKind,
  dvcCommands,
  makefileCommands,
  readCiFile,
  repoPath,
  resultsWritten,
  scriptLines,
  shellCommands,
  type Command,
  type PublishedReport,
} from "./ci.js";
import { findProducers, workflowCommands, type ConfigText, type ProducerScan } from "./producers.js";

export interface JUnitFound {
  /** Repository-relative folder holding the reports. */
  dir: string;
  files: string[];
  summary: JUnitSummary;
}

export interface CoverageFound {
  path: string;
  summary: CoverageSummary;
}

export interface LoadtestFound {
  path: string;
  summary: LoadtestSummary;
}

export interface RuleFileFound {
  path: string;
  alerts: AlertRule[];
}

export interface DocFound {
  path: string;
  outline: DocOutline;
}

export interface EvalReportFound {
  path: string;
  metrics: MetricCandidate[];
  /** A string at `dataset.source` (or similar): where the evaluation data came from. */
  dataSource?: { path: string; value: string };
}

export interface EvalSuiteFound {
  path: string;
  suite: EvalSuite;
}

export interface WorkflowJob {
  name: string;
  dirs: string[];
  pullRequest: boolean;
  /** The job may not run on every pull request (a job-level `if:`, or `paths` filters on the event). */
  conditional: boolean;
  /** The workflow file. */
  file: string;
}

export interface Discovery {
  /** Repository-relative folder of the readiness file; `""` at the root. Evidence is looked for here. */
  scope: string;
  junit: JUnitFound[];
  coverage: CoverageFound[];
  loadtests: LoadtestFound[];
  ruleFiles: RuleFileFound[];
  dashboards: Array<{ path: string; title?: string }>;
  modelCards: DocFound[];
  /** README.md of the folder, when it holds model-card sections instead of a model card file. */
  readme?: DocFound;
  runbooks: DocFound[];
  rollbackDocs: DocFound[];
  security?: DocFound;
  /** DVC files; `metrics` are the metrics files dvc.yaml declares (top level and per stage), present or not. */
  dvc: { lock?: string; pipeline?: string; pointers: string[]; metrics: string[] };
  /** Results and metrics files that jobs and scripts write (`--results-fp`, `--output`), and whether present. */
  resultsFiles: Array<{ path: string; source: string; present: boolean }>;
  evalReports: EvalReportFound[];
  /** promptfoo, DeepEval and inspect_ai results (JSON): wired as `evals` (and `cost`), not as metrics. */
  evalSuites: EvalSuiteFound[];
  /** AI evidence (DESIGN section 8): promptfoo, lm-eval, inspect_ai, model cards, MLflow, W&B. */
  ai: AiFound[];
  producers: ProducerScan;
  /**
   * Jobs of .github/workflows: the name their check run gets, the folders their steps run in, and whether
   * their workflow runs on pull requests (pull_request, pull_request_target or merge_group).
   */
  workflowJobs: WorkflowJob[];
  codeowners?: { path: string; text: string };
  project: { name?: string; description?: string };
  /** Readiness files of other systems (repository-relative): their folders were not scanned. */
  otherSystems: Array<{ path: string; system?: string }>;
  /** Candidate files seen (repository-relative), to check that generated globs match nothing else. */
  listing: string[];
  /** Files looked at but not used, and why; printed to the user. */
  notes: string[];
}

/** File names worth a look: evidence, configuration that writes evidence, and load-test scripts. */
const CANDIDATES =
  "**/{Makefile,makefile,*.mk,*.sh,*.eval,*.xml,*.info,*.lcov,*.json,*.csv,*.yml,*.yaml,*.md,*.markdown,*.dvc,dvc.lock,pytest.ini,tox.ini,setup.cfg,pyproject.toml,.coveragerc,build.gradle,build.gradle.kts,{jest,vitest,vite}.config.{js,cjs,mjs,ts,cts,mts,json},*locust*.py,{k6,load,loadtest,loadtests,load-tests,load_tests,perf,performance,stress}/**/*.{js,mjs,ts},*{k6,load,perf,stress,soak,spike}*.{js,mjs,ts}}";
/** Folders whose files are someone else's (dependencies) or test data rather than this system's evidence. */
const SKIPPED_SEGMENTS = new Set([
  "venv",
  "site-packages",
  "__pycache__",
  "bower_components",
  "vendor",
  "third_party",
  "fixtures",
  "__fixtures__",
  "testdata",
  "test-fixtures",
  "__snapshots__",
]);
const MAX_CANDIDATES = 5000;
const MAX_READS = 600;
/** Texts longer than this are read again rather than kept between the two passes. */
const MAX_KEPT_CHARS = 1024 * 1024;
/** Readiness files read for their system names (to keep names unique), beyond the evidence reads. */
const MAX_READINESS_READS = 200;
const READINESS = /^readiness\.ya?ml$/;

const EVAL_NAME =
  /^(?:eval|evaluation|evals)[\w.-]*\.(?:json|ya?ml)$|^(?:metrics|results|scores|eval_results|evaluation_results)\.(?:json|ya?ml)$/i;
const EVAL_DIR = /^(?:evals?|evaluations?)$/i;
const JSON_DIRS =
  /^(?:dashboards?|grafana|monitoring|evals?|evaluations?|reports?|results|load|loadtests?|load-tests|perf|performance|k6|metrics|benchmarks?)$/i;
const MODEL_CARD = /^model[-_ ]?card\.(?:md|markdown)$/i;
const RUNBOOK = /^runbooks?(?:[-_.][\w.-]*)?\.(?:md|markdown)$/i;
const ROLLBACK = /^roll-?back[\w.-]*\.(?:md|markdown)$/i;

export interface ScanInput {
  repo: FsRepo;
  /** Repository-relative folder of the readiness file being written; `""` at the root. */
  scope: string;
  /** Repository-relative path of the readiness file being written (ignored by the scan). */
  output: string;
}

export async function scanRepository({ repo, scope, output }: ScanInput): Promise<Discovery> {
  const notes: string[] = [];
  let reads = 0;
  // Each file is read once: the first pass (jobs and scripts) and the second (evidence) share the texts.
  const texts = new Map<string, string | undefined>();
  const read = async (path: string): Promise<string | undefined> => {
    if (texts.has(path)) return texts.get(path);
    if (reads >= MAX_READS) return undefined;
    reads += 1;
    let text: string | undefined;
    try {
      text = await repo.readText(path);
    } catch (err) {
      notes.push(`skipped ${path}: ${err instanceof EvidenceError ? err.message : String(err)}`);
    }
    // Kept for the second pass only while small: a scan must not hold hundreds of large files at once.
    if (text === undefined || text.length <= MAX_KEPT_CHARS) texts.set(path, text);
    return text;
  };

  // Other systems' readiness files: their names are taken, and folders below this one that hold one
  // hold that system's evidence, not this one's.
  const otherSystems: Discovery["otherSystems"] = [];
  let readinessReads = 0;
  for (const path of await repo.glob("", "**/readiness.{yml,yaml}")) {
    if (path === output) continue;
    let system: string | undefined;
    if (readinessReads++ < MAX_READINESS_READS) {
      const text = await repo.readText(path).catch(() => undefined);
      system = text !== undefined ? /^system:\s*["']?([a-z0-9._-]+)/m.exec(text)?.[1] : undefined;
    }
    otherSystems.push({ path, ...(system !== undefined ? { system } : {}) });
  }
  const scopePrefix = scope === "" ? "" : `${scope}/`;
  const foreign = otherSystems
    .map((o) => posix.dirname(o.path))
    .filter((d) => d !== "." && d !== scope && `${d}/`.startsWith(scopePrefix))
    .map((d) => `${d}/`);

  const foreignDirs = new Set(foreign.map((f) => f.slice(0, -1)));
  let listing = (await listCandidates(repo.root, scope)).filter((path) => {
    const segments = path.split("/");
    if (segments.slice(0, -1).some((s) => SKIPPED_SEGMENTS.has(s))) return false;
    if (READINESS.test(segments[segments.length - 1] as string)) return false;
    // Inside another system's folder? A set lookup per ancestor: a big monorepo has many systems.
    for (let i = 1; i < segments.length; i += 1)
      if (foreignDirs.has(segments.slice(0, i).join("/"))) return false;
    return true;
  });
  const odd = listing.filter((p) => hasGlobMeta(p));
  if (odd.length > 0)
    notes.push(`skipped ${odd.length} file(s) whose names hold glob characters, e.g. ${odd[0]}`);
  listing = listing.filter((p) => !hasGlobMeta(p));
  if (listing.length > MAX_CANDIDATES) {
    notes.push(`looked at the ${MAX_CANDIDATES} shallowest of ${listing.length} candidate files only`);
    listing = listing.slice(0, MAX_CANDIDATES);
  }

  const discovery: Discovery = {
    scope,
    junit: [],
    coverage: [],
    loadtests: [],
    ruleFiles: [],
    dashboards: [],
    modelCards: [],
    runbooks: [],
    rollbackDocs: [],
    dvc: { pointers: [], metrics: [] },
    resultsFiles: [],
    evalReports: [],
    evalSuites: [],
    ai: [],
    producers: { producers: [], coverageThresholds: [], loadScripts: [], notes: [] },
    workflowJobs: [],
    project: {},
    otherSystems,
    listing,
    notes,
  };

  const configs: ConfigText[] = [];
  const junitByDir = new Map<string, JUnitFound>();

  // First pass: what the jobs and scripts run and publish. dvc.yaml declares metrics files; jobs write
  // results files (`--results-fp`); both are evaluation reports whatever their names.
  const commands: Command[] = [];
  const published: PublishedReport[] = [];
  const ciFiles = new Set<string>();
  const dotCi = await repo.glob(
    "",
    "{.gitlab-ci.yml,.gitlab/**/*.{yml,yaml},.azure-pipelines.{yml,yaml},{.pipelines,.azure-pipelines,.azuredevops}/**/*.{yml,yaml}}",
  );
  const inScopeOrRoot = (p: string) => scope === "" || p.startsWith(scopePrefix) || !p.includes("/");
  for (const path of [...dotCi.filter(inScopeOrRoot), ...listing]) {
    const name = posix.basename(path);
    const lower = name.toLowerCase();
    if (lower === "dvc.yaml") {
      discovery.dvc.pipeline ??= path;
      const text = await read(path);
      if (text === undefined) continue;
      for (const m of dvcMetricFiles(text, posix.dirname(path)))
        if (!discovery.dvc.metrics.includes(m)) discovery.dvc.metrics.push(m);
      commands.push(...dvcCommands(path, text));
    } else if (lower === "makefile" || lower.endsWith(".mk")) {
      const text = await read(path);
      if (text !== undefined) commands.push(...makefileCommands(path, text));
    } else if (lower.endsWith(".sh")) {
      const text = await read(path);
      if (text !== undefined) commands.push(...shellCommands(path, text));
    } else if (/\.ya?ml$/.test(lower) && !ciFiles.has(path)) {
      const text = await read(path);
      const kind = text !== undefined ? ciKind(path, text) : undefined;
      if (text === undefined || kind === undefined) continue;
      ciFiles.add(path);
      const ci = readCiFile(path, text, kind);
      commands.push(...ci.commands);
      published.push(...ci.reports);
      notes.push(...ci.notes);
    }
  }
  const workflows = await repo.glob("", ".github/workflows/*.{yml,yaml}");
  for (const path of workflows) {
    const text = await read(path);
    if (text === undefined) continue;
    for (const c of workflowCommands(text)) {
      const dir = c.dir.replace(/^\.\/?/, "").replace(/\/$/, "");
      commands.push(...scriptLines(c.command, dir, path));
    }
  }
  const listed = new Set(listing);
  for (const written of resultsWritten(commands)) {
    if (!written.path.startsWith(scopePrefix)) continue;
    discovery.resultsFiles.push({ ...written, present: listed.has(written.path) });
  }
  const dvcMetrics = new Set([...discovery.dvc.metrics, ...discovery.resultsFiles.map((r) => r.path)]);

  for (const path of listing) {
    const name = posix.basename(path);
    const lower = name.toLowerCase();
    const segments = path.split("/");
    const dirs = segments.slice(0, -1);
    const ext = posix.extname(lower);

    // Listed, not read: the same check as reading (a regular, non-empty file inside the repository).
    if (lower === "dvc.lock") {
      if (discovery.dvc.lock === undefined && (await repo.isNonEmptyFile(path))) discovery.dvc.lock = path;
      continue;
    }
    if (ext === ".eval") {
      // inspect_ai's zipped log: listed, never opened here; the evals kind reads it.
      if (dirs.includes("logs") && (await repo.isNonEmptyFile(path)))
        discovery.ai.push({ kind: "inspect-log", path });
      continue;
    }
    if (ext === ".dvc") {
      if (await repo.isNonEmptyFile(path)) discovery.dvc.pointers.push(path);
      continue;
    }
    if (isConfig(lower, path)) {
      const text = await read(path);
      if (text !== undefined) {
        configs.push({ path, text });
        if (lower === "package.json" && posix.dirname(path) === (scope || "."))
          discovery.project = packageInfo(text);
        if (lower === "pyproject.toml" && posix.dirname(path) === (scope || ".") && !discovery.project.name)
          discovery.project = pyprojectInfo(text);
      }
      continue;
    }
    if (ext === ".xml") {
      const text = await read(path);
      if (text === undefined) continue;
      const root = rootElement(text);
      if (root === "testsuites" || root === "testsuite") {
        try {
          const summary = parseJUnit(text);
          const dir = posix.dirname(path);
          const group = junitByDir.get(dir) ?? { dir, files: [], summary: emptyJUnitSummary() };
          group.files.push(path);
          addJUnit(group.summary, summary);
          junitByDir.set(dir, group);
        } catch (err) {
          notes.push(`skipped ${path}: not a readable JUnit report (${messageOf(err)})`);
        }
      } else if (root === "coverage") {
        tryCoverage(path, text, discovery, notes, false);
      }
      continue;
    }
    if (lower === "lcov.info" || ext === ".lcov" || (ext === ".info" && /lcov/i.test(lower))) {
      const text = await read(path);
      if (text !== undefined) tryCoverage(path, text, discovery, notes, true);
      continue;
    }
    if (ext === ".csv") {
      if (!/_stats\.csv$/i.test(lower)) continue;
      const text = await read(path);
      if (text !== undefined) tryLoadtest(path, text, discovery, notes);
      continue;
    }
    if (ext === ".json") {
      if (
        /^coverage(?:-summary)?\.json$/.test(lower) ||
        (/^coverage[\w.-]*\.json$/.test(lower) && lower !== "coverage-final.json")
      ) {
        const text = await read(path);
        if (text !== undefined) tryCoverage(path, text, discovery, notes, true);
        continue;
      }
      const isEval = EVAL_NAME.test(name) || dirs.some((d) => EVAL_DIR.test(d)) || dvcMetrics.has(path);
      const isDataCheck = DATA_CHECK_PATH.test(path);
      const worthReading =
        isEval ||
        isDataCheck ||
        /k6|load|perf|summary|dashboard|promptfoo|results|output|drift|evidently|test_?suite/i.test(lower) ||
        dirs.some((d) => JSON_DIRS.test(d) || d === "logs");
      if (!worthReading) continue;
      const text = await read(path);
      if (text === undefined) continue;
      // Eval suites first: the evals kind's own reader decides (promptfoo, DeepEval, inspect_ai JSON).
      if (evalSuite(path, text, discovery)) continue;
      // Data validation results: the datachecks kind's own readers decide (Great Expectations, Deepchecks).
      const data = dataChecks(path, text);
      if (data) {
        discovery.ai.push(data);
        continue;
      }
      const found = aiEvidence(path, text);
      if (found) {
        discovery.ai.push(found);
        continue;
      }
      if (text.includes('"http_req_duration')) {
        tryLoadtest(path, text, discovery, notes);
        continue;
      }
      if (text.includes('"panels"') && text.includes('"schemaVersion"')) {
        const dashboard = grafanaDashboard(text);
        if (dashboard) {
          discovery.dashboards.push({ path, ...dashboard });
          continue;
        }
      }
      if (isEval) evalReport(path, text, discovery);
      continue;
    }
    if (ext === ".yml" || ext === ".yaml") {
      if (lower === "dvc.yaml" || ciFiles.has(path)) continue;
      const text = await read(path);
      if (text === undefined) continue;
      if (PROMPTFOO_CONFIG.test(name)) {
        const found = promptfooConfig(path, text);
        if (found) discovery.ai.push(found);
        continue;
      }
      if (MLFLOW_META.test(path)) {
        const metrics: Array<{ name: string; text: string }> = [];
        for (const file of (await repo.glob("", `${posix.dirname(path)}/metrics/*`)).slice(0, 10)) {
          const body = await read(file);
          if (body !== undefined) metrics.push({ name: posix.basename(file), text: body });
        }
        const found = mlflowRun(path, text, metrics);
        if (found) discovery.ai.push(found);
        continue;
      }
      if (/^[ \t]*(?:-[ \t]+)?alert[ \t]*:/m.test(text)) {
        try {
          const rules = parseAlertRules(text);
          if (rules.problems.length > 0) {
            const first = rules.problems[0]!;
            notes.push(`skipped ${path}: Prometheus would refuse it (line ${first.line}: ${first.message})`);
          } else if (rules.alerts.length > 0) {
            discovery.ruleFiles.push({ path, alerts: rules.alerts });
          }
        } catch {
          // Has an `alert:` key but is not a rule file (a Helm values file, an Alertmanager config): not evidence.
        }
        continue;
      }
      if (EVAL_NAME.test(name) || dvcMetrics.has(path)) evalReport(path, text, discovery);
      continue;
    }
    if (ext === ".md" || ext === ".markdown") {
      const isReadme = /^readme\.(?:md|markdown)$/i.test(name) && posix.dirname(path) === (scope || ".");
      const kind = MODEL_CARD.test(name)
        ? "model-card"
        : ROLLBACK.test(name)
          ? "rollback"
          : RUNBOOK.test(name) || dirs.some((d) => /^runbooks?$/i.test(d))
            ? "runbook"
            : isReadme
              ? "readme"
              : undefined;
      if (kind === undefined) continue;
      const text = await read(path);
      if (text === undefined || text.trim() === "") continue;
      const card = modelCard(path, text);
      if (card) discovery.ai.push(card);
      const found = { path, outline: outline(text) };
      if (kind === "model-card") discovery.modelCards.push(found);
      else if (kind === "rollback") discovery.rollbackDocs.push(found);
      else if (kind === "runbook") discovery.runbooks.push(found);
      else discovery.readme = found;
    }
  }

  discovery.junit = [...junitByDir.values()];

  // Repository-level files: CI workflows, CODEOWNERS and a shared security policy.
  for (const path of workflows) {
    const text = await read(path);
    if (text === undefined) continue;
    configs.push({ path, text });
    const found = workflowJobs(text, path);
    notes.push(...found.notes);
    for (const job of found.jobs) {
      if (!discovery.workflowJobs.some((j) => j.name === job.name)) discovery.workflowJobs.push(job);
    }
  }
  for (const path of CODEOWNERS_PATHS) {
    if (!(await repo.isNonEmptyFile(path))) continue;
    const text = await read(path);
    if (text !== undefined) {
      discovery.codeowners = { path, text };
      break;
    }
  }
  // A security policy: the system's own, else the repository's (GitHub reads .github/, the root, docs/).
  const inScope = (p: string) => (scope === "" ? p : `${scope}/${p}`);
  const securityPaths = [inScope("SECURITY.md"), inScope(".github/SECURITY.md"), inScope("docs/SECURITY.md")];
  if (scope !== "") securityPaths.push(".github/SECURITY.md", "SECURITY.md", "docs/SECURITY.md");
  for (const path of securityPaths) {
    if (!(await repo.isNonEmptyFile(path))) continue;
    const text = await read(path);
    if (text !== undefined) {
      discovery.security = { path, outline: outline(text) };
      break;
    }
  }

  discovery.producers = findProducers(configs, { commands, reports: published });
  // A promptfoo config whose results file is named where it runs: `promptfoo eval -o out.json`.
  const promptfooCommands = [
    ...commands,
    ...configs
      .filter((c) => posix.basename(c.path) === "package.json")
      .flatMap((c) => packageScripts(c.text).map((command) => ({ dir: posix.dirname(c.path), command }))),
  ];
  for (const config of discovery.ai) {
    if (config.kind !== "promptfoo-config" || config.outputPath !== undefined) continue;
    for (const { dir, command } of promptfooCommands) {
      const out = promptfooOutputFlag(command);
      const path = out !== undefined ? repoPath(dir === "." ? "" : dir, out) : undefined;
      if (path !== undefined) {
        config.outputPath = path;
        break;
      }
    }
  }
  notes.push(...discovery.producers.notes);
  if (reads >= MAX_READS)
    notes.push(`stopped reading after ${MAX_READS} files; point init at a smaller folder with --output`);
  return discovery;
}

/**
 * Candidate files under `scope`, repository-relative, shallowest first: walked with the FsRepo's settings
 * (no link followed, node_modules and .git pruned). Nothing is trusted from the listing: every file used
 * is then read or checked through the FsRepo.
 */
async function listCandidates(root: string, scope: string): Promise<string[]> {
  const realRoot = await realpath(root);
  let cwd: string;
  try {
    cwd = await realpath(join(realRoot, ...scope.split("/").filter(Boolean)));
  } catch {
    return [];
  }
  if (cwd !== realRoot && !cwd.startsWith(realRoot + sep)) return [];
  const prefix = scope === "" ? "" : `${scope}/`;
  const found = await listFiles(CANDIDATES, globOptions(cwd));
  return found
    .map((p) => `${prefix}${p.split(sep).join("/")}`)
    .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0));
}

function isConfig(lower: string, path: string): boolean {
  return (
    /^(?:pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml|\.coveragerc|package\.json|pom\.xml|build\.gradle(?:\.kts)?)$/.test(
      lower,
    ) ||
    /^(?:jest|vitest|vite)\.config\.[cm]?[jt]s$|^jest\.config\.json$/.test(lower) ||
    (/\.py$/.test(lower) && /locust/.test(lower)) ||
    (/\.[cm]?[jt]s$/.test(lower) && !/\.config\./.test(lower) && !path.includes("/.github/"))
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The name of the first element, skipping the XML declaration, comments, processing instructions and DOCTYPE. */
export function rootElement(text: string): string | undefined {
  let s = text.replace(/^\uFEFF/, "").slice(0, 64 * 1024);
  const skipPast = (end: string) => {
    const at = s.indexOf(end);
    s = at < 0 ? "" : s.slice(at + end.length);
  };
  for (;;) {
    s = s.trimStart();
    if (s.startsWith("<?")) skipPast("?>");
    else if (s.startsWith("<!--")) skipPast("-->");
    else if (s.startsWith("<!")) skipPast(">");
    else break;
  }
  return /^<([A-Za-z_][\w:.-]*)/.exec(s)?.[1];
}

function tryCoverage(path: string, text: string, d: Discovery, notes: string[], sayWhy: boolean): void {
  try {
    d.coverage.push({ path, summary: parseCoverage(text) });
  } catch (err) {
    if (sayWhy) notes.push(`skipped ${path}: not a coverage report Shipgate reads (${messageOf(err)})`);
  }
}

function tryLoadtest(path: string, text: string, d: Discovery, notes: string[]): void {
  try {
    d.loadtests.push({ path, summary: parseLoadtest(text) });
  } catch (err) {
    notes.push(`skipped ${path}: not a load-test result Shipgate reads (${messageOf(err)})`);
  }
}

function grafanaDashboard(text: string): { title?: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  // A dashboard file, or the API's export with the dashboard under `dashboard`.
  const board = isObject(value) && isObject(value.dashboard) ? value.dashboard : value;
  if (!isObject(board) || !Array.isArray(board.panels) || typeof board.schemaVersion !== "number")
    return undefined;
  return typeof board.title === "string" && board.title.trim() !== ""
    ? { title: board.title.trim().slice(0, 80) }
    : {};
}

/** Whether the JSON is an eval suite's results (kept in d.evalSuites); any doubt leaves it to evalReport. */
function evalSuite(path: string, text: string, d: Discovery): boolean {
  if (!/"(?:results|testCases|testRunData|status)"/.test(text)) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  try {
    d.evalSuites.push({ path, suite: suiteOfJson(value) });
    return true;
  } catch {
    return false;
  }
}

function evalReport(path: string, text: string, d: Discovery): void {
  let value: unknown;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      value = JSON.parse(trimmed);
    } catch {
      d.notes.push(`skipped ${path}: not valid JSON`);
      return;
    }
  } else {
    const parsed = parseYaml(text);
    if (!parsed.ok) return;
    value = parsed.value;
  }
  const metrics = findMetrics(value);
  if (metrics.length === 0) return;
  const source = dataSourceOf(value);
  d.evalReports.push({ path, metrics, ...(source ? { dataSource: source } : {}) });
}

/** `dataset.source`, `data.source`, `eval_set.source`: where the evaluation data came from, when stated. */
function dataSourceOf(value: unknown): { path: string; value: string } | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  for (const parent of ["dataset", "data", "eval_set", "evaluation_data"]) {
    const node = (value as Record<string, unknown>)[parent];
    if (typeof node !== "object" || node === null || Array.isArray(node)) continue;
    const source = (node as Record<string, unknown>).source;
    if (typeof source === "string" && /^[\w.:/-]{1,80}$/.test(source))
      return { path: `${parent}.source`, value: source };
  }
  return undefined;
}

/**
 * Metrics files a dvc.yaml declares, repository-relative: the top-level `metrics:` list and each stage's
 * `metrics:`, as paths or as `{ path: { cache: false } }` objects.
 */
export function dvcMetricFiles(text: string, dir: string): string[] {
  const parsed = parseYaml(text);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return [];
  const doc = parsed.value as { metrics?: unknown; stages?: unknown };
  const lists: unknown[] = [doc.metrics];
  if (typeof doc.stages === "object" && doc.stages !== null)
    for (const stage of Object.values(doc.stages as Record<string, unknown>))
      lists.push((stage as { metrics?: unknown } | null)?.metrics);
  const out: string[] = [];
  for (const metrics of lists) {
    if (!Array.isArray(metrics)) continue;
    for (const entry of metrics) {
      const name =
        typeof entry === "string"
          ? entry
          : entry && typeof entry === "object"
            ? Object.keys(entry)[0]
            : undefined;
      if (typeof name !== "string" || name.startsWith("/") || name.includes("..") || name.includes("$"))
        continue;
      const path = posix.join(dir, name);
      if (!out.includes(path)) out.push(path);
    }
  }
  return out;
}

/** The events a workflow runs on (`on:` as a name, a list or a mapping). */
function workflowEvents(on: unknown): string[] {
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((e): e is string => typeof e === "string");
  if (typeof on === "object" && on !== null) return Object.keys(on);
  return [];
}

const PULL_REQUEST_EVENTS = new Set(["pull_request", "pull_request_target", "merge_group"]);

/**
 * A workflow's jobs: each job's `name` (else its id) as GitHub names its check run, where its steps run,
 * and whether the workflow runs on pull requests. Matrix jobs are left out with a note: GitHub names each
 * of their check runs with the matrix values, which a `ci` check would have to list one by one.
 */
function workflowJobs(text: string, file: string): { jobs: WorkflowJob[]; notes: string[] } {
  const parsed = parseYaml(text);
  const notes: string[] = [];
  if (!parsed.ok) return { jobs: [], notes };
  const doc = parsed.value as { jobs?: unknown; on?: unknown; true?: unknown } | null;
  // YAML 1.1 readers turn a bare `on:` key into `true`; the yaml package (1.2) keeps it as "on".
  const on = doc?.on ?? doc?.true;
  const pullRequest = workflowEvents(on).some((e) => PULL_REQUEST_EVENTS.has(e));
  const filtered =
    typeof on === "object" &&
    on !== null &&
    !Array.isArray(on) &&
    ["pull_request", "pull_request_target"].some((e) => {
      const filter = (on as Record<string, unknown>)[e];
      return typeof filter === "object" && filter !== null && ("paths" in filter || "paths-ignore" in filter);
    });
  const jobs = doc?.jobs;
  if (typeof jobs !== "object" || jobs === null || Array.isArray(jobs)) return { jobs: [], notes };
  const out: WorkflowJob[] = [];
  for (const [id, job] of Object.entries(jobs)) {
    if (typeof job !== "object" || job === null) continue;
    const j = job as {
      name?: unknown;
      if?: unknown;
      strategy?: unknown;
      defaults?: { run?: { "working-directory"?: unknown } };
      steps?: unknown;
    };
    const name = typeof j.name === "string" ? j.name : id;
    if (j.strategy !== undefined) {
      if (pullRequest)
        notes.push(
          `${file}: job ${id} runs a matrix, so each of its check runs is named after the matrix values; not offered as a ci check`,
        );
      continue;
    }
    if (name.includes("${{") || name.length > 100) continue;
    const dirs = [
      j.defaults?.run?.["working-directory"],
      ...(Array.isArray(j.steps)
        ? j.steps.map((s: unknown) => (s as { "working-directory"?: unknown } | null)?.["working-directory"])
        : []),
    ].filter((d): d is string => typeof d === "string");
    out.push({
      name,
      dirs: [...new Set(dirs.map((d) => d.replace(/^\.\//, "").replace(/\/$/, "")))],
      pullRequest,
      conditional: filtered || j.if !== undefined,
      file,
    });
  }
  return { jobs: out, notes };
}

/** JSON that an AI tool wrote, told by its content. */
function aiEvidence(path: string, text: string): AiFound | undefined {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{")) return undefined;
  try {
    // Python's json writes a score it could not compute as a bare NaN (Evidently, inspect_ai).
    return aiJson(path, JSON.parse(nonFiniteAsNull(trimmed)));
  } catch {
    return undefined;
  }
}

function packageScripts(text: string): string[] {
  try {
    const pkg = JSON.parse(text) as { scripts?: unknown };
    return typeof pkg.scripts === "object" && pkg.scripts !== null
      ? Object.values(pkg.scripts).filter((s): s is string => typeof s === "string")
      : [];
  } catch {
    return [];
  }
}

function packageInfo(text: string): Discovery["project"] {
  try {
    const pkg = JSON.parse(text) as { name?: unknown; description?: unknown };
    return {
      ...(typeof pkg.name === "string" ? { name: pkg.name } : {}),
      ...(typeof pkg.description === "string" ? { description: pkg.description } : {}),
    };
  } catch {
    return {};
  }
}

function pyprojectInfo(text: string): Discovery["project"] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*\[(?:project|tool\.poetry)\]\s*$/.test(l));
  if (start < 0) return {};
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*\[/.test(line)) break;
    body.push(line);
  }
  const value = (key: string) =>
    new RegExp(`^\\s*${key}\\s*=\\s*"([^"\\r\\n]*)"`, "m").exec(body.join("\n"))?.[1];
  const name = value("name");
  const description = value("description");
  return { ...(name ? { name } : {}), ...(description ? { description } : {}) };
}
