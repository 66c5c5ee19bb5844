// Synthetic monorepos for the benchmark, generated once and cached under bench-out/repos/ keyed by the
// plan's name and the generator version (bump GENERATOR_VERSION whenever the output changes).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  dashboardJson,
  DOC_SECTIONS,
  equivalentReadinessYaml,
  evalJson,
  EVIDENCE_PATHS,
  fillerFile,
  junitXml,
  k6Summary,
  lcovInfo,
  markdownDoc,
  prometheusRules,
  readinessYaml,
  seededRandom,
  serviceConfig,
} from "./content.js";

export const GENERATOR_VERSION = 4;

/** Files each system brings: readiness.yml, equivalent.readiness.yml and ten evidence files. */
export const FILES_PER_SYSTEM = 12;
/** Every tenth system has failing tests, so the report holds no-go systems and failure lists too. */
const FAILING_EVERY = 10;
const FAILED_TESTS = 3;
export const TESTS_PER_SYSTEM = 2000;
const LCOV_FILES = 300;
const LCOV_LINES_PER_FILE = 40;
const EXTRA_ALERTS = 8;
const FILES_PER_DIR = 25;
const DIRS_PER_PACKAGE = 20;

export interface MonorepoPlan {
  kind: "monorepo";
  name: string;
  systems: number;
  /** Files outside node_modules, evidence and readiness files included. */
  files: number;
  /** Files under node_modules/, which Shipgate must never walk. */
  nodeModulesFiles: number;
}

export interface LargeFilePlan {
  kind: "large-file";
  name: string;
  evidence: "junit" | "lcov" | "alerts";
  /** Target size in bytes (junit, lcov) or number of alert rules (alerts). */
  amount: number;
}

export type RepoPlan = MonorepoPlan | LargeFilePlan;

export interface GeneratedRepo {
  plan: RepoPlan;
  root: string;
  /** Where the repolinter ruleset equivalent to the readiness files was written (monorepos only). */
  repolinterRuleset?: string;
  /** Systems expected to fail (tests failing), by name. */
  expectedNoGo: string[];
  systemNames: string[];
  /** Bytes of evidence written (what Shipgate has to read). */
  evidenceBytes: number;
  /** Seconds the generation took; 0 when the cached copy was used. */
  generatedInSeconds: number;
}

export function generateRepo(outDir: string, plan: RepoPlan, log: (line: string) => void): GeneratedRepo {
  const root = join(outDir, "repos", `${plan.name}-g${GENERATOR_VERSION}`);
  const marker = join(root, ".bench-generated.json");
  if (existsSync(marker)) {
    const cached = JSON.parse(readFileSync(marker, "utf8")) as Omit<GeneratedRepo, "generatedInSeconds">;
    if (JSON.stringify(cached.plan) === JSON.stringify(plan)) return { ...cached, generatedInSeconds: 0 };
  }
  removeStaleVersions(outDir, plan.name);
  rmSync(root, { recursive: true, force: true });
  log(`generating ${plan.name} in ${root} ...`);
  const started = performance.now();
  const generated = plan.kind === "monorepo" ? writeMonorepo(root, plan) : writeLargeFileRepo(root, plan);
  const result: GeneratedRepo = { ...generated, generatedInSeconds: (performance.now() - started) / 1000 };
  // Written last: a generation cut short leaves no marker and is redone.
  const { generatedInSeconds: _seconds, ...cached } = result;
  writeFileSync(marker, JSON.stringify(cached, null, 2));
  return result;
}

function removeStaleVersions(outDir: string, name: string): void {
  const repos = join(outDir, "repos");
  if (!existsSync(repos)) return;
  for (const entry of readdirSync(repos)) {
    const m = /^(.*)-g(\d+)$/.exec(entry);
    if (m && m[1] === name && Number(m[2]) !== GENERATOR_VERSION)
      rmSync(join(repos, entry), { recursive: true, force: true });
  }
}

class Writer {
  readonly madeDirs = new Set<string>();
  files = 0;
  bytes = 0;
  constructor(readonly root: string) {}

  write(path: string, text: string): number {
    const full = join(this.root, path);
    const dir = dirname(full);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    writeFileSync(full, text);
    this.files += 1;
    const size = Buffer.byteLength(text);
    this.bytes += size;
    return size;
  }
}

export function systemName(index: number): string {
  return `model-${String(index).padStart(4, "0")}`;
}

function systemDir(index: number): string {
  return `ml/team-${String(Math.floor(index / 10)).padStart(3, "0")}/${systemName(index)}`;
}

function isFailing(index: number): boolean {
  return index % FAILING_EVERY === FAILING_EVERY - 1;
}

/**
 * One system's readiness files and evidence, by repository-relative path. With `githubChecks` its
 * readiness file also has the approval and ci checks the action evaluates.
 */
export function systemFiles(index: number, options: { githubChecks?: boolean } = {}): Record<string, string> {
  const name = systemName(index);
  const dir = systemDir(index);
  const random = seededRandom(index + 1);
  const files: Record<string, string> = {
    [`${dir}/readiness.yml`]: readinessYaml(name, TESTS_PER_SYSTEM - 100, options.githubChecks),
    [`${dir}/equivalent.readiness.yml`]: equivalentReadinessYaml(name),
    [`${dir}/reports/eval.json`]: evalJson(name, random),
    [`${dir}/reports/junit/pytest.xml`]: junitXml(
      name,
      TESTS_PER_SYSTEM,
      isFailing(index) ? FAILED_TESTS : 0,
      random,
    ),
    [`${dir}/coverage/lcov.info`]: lcovInfo(name, LCOV_FILES, LCOV_LINES_PER_FILE, random),
    [`${dir}/load/k6-summary.json`]: k6Summary(random),
    [`${dir}/monitoring/model.rules.yml`]: prometheusRules(name, EXTRA_ALERTS),
  };
  for (const [file, sections] of Object.entries(DOC_SECTIONS)) {
    files[`${dir}/${file}`] = markdownDoc(`${file} for ${name}`, sections, random);
  }
  files[`${dir}/config/service.yaml`] = serviceConfig(name);
  files[`${dir}/dashboards/model.json`] = dashboardJson(name);
  return files;
}

function writeMonorepo(root: string, plan: MonorepoPlan): Omit<GeneratedRepo, "generatedInSeconds"> {
  const out = new Writer(root);
  let evidenceBytes = 0;
  const expectedNoGo: string[] = [];
  const systemNames: string[] = [];
  const rules: Record<string, RepolinterRule> = {};

  for (let i = 0; i < plan.systems; i++) {
    const name = systemName(i);
    systemNames.push(name);
    if (isFailing(i)) expectedNoGo.push(name);
    for (const [path, text] of Object.entries(systemFiles(i))) {
      const size = out.write(path, text);
      if (!path.endsWith("readiness.yml")) evidenceBytes += size;
    }
    Object.assign(rules, repolinterRules(i));
  }
  if (out.files !== plan.systems * FILES_PER_SYSTEM)
    throw new Error("generator: FILES_PER_SYSTEM is out of date");

  // The ruleset is one of the repository's files; unrelated files fill up the rest of the count.
  const ruleset = "repolinter.json";
  out.write(ruleset, `${JSON.stringify({ version: 2, axioms: {}, rules }, null, 2)}\n`);
  writeFiller(out, "services", plan.files - out.files);
  writeNodeModules(out, plan.nodeModulesFiles);
  return { plan, root, repolinterRuleset: ruleset, expectedNoGo, systemNames, evidenceBytes };
}

/**
 * What repolinter can check of the same readiness files: each evidence path exists (`file-existence`),
 * each required section of each document is a heading (`file-contents`, a multiline regex).
 */
export function repolinterRules(index: number): Record<string, RepolinterRule> {
  const name = systemName(index);
  const dir = systemDir(index);
  const rules: Record<string, RepolinterRule> = {};
  EVIDENCE_PATHS.forEach((path, n) => {
    rules[`${name}-exists-${n + 1}`] = {
      level: "error",
      rule: { type: "file-existence", options: { globsAny: [`${dir}/${path}`] } },
    };
  });
  for (const [file, sections] of Object.entries(DOC_SECTIONS)) {
    for (const section of sections) {
      rules[`${name}-${file.replace(/\W/g, "-")}-${section.replace(/\W/g, "-").toLowerCase()}`] = {
        level: "error",
        rule: {
          type: "file-contents",
          options: {
            globsAll: [`${dir}/${file}`],
            content: `^#{1,6}\\s+${escapeRegExp(section)}\\s*$`,
            flags: "m",
            "fail-on-non-existent": true,
          },
        },
      };
    }
  }
  return rules;
}

export interface RepolinterRule {
  level: "error";
  rule:
    | { type: "file-existence"; options: { globsAny: string[] } }
    | {
        type: "file-contents";
        options: { globsAll: string[]; content: string; flags: string; "fail-on-non-existent": boolean };
      };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Unrelated files, FILES_PER_DIR to a folder, DIRS_PER_PACKAGE folders to a package. */
function writeFiller(out: Writer, top: string, count: number): void {
  if (count < 0) throw new Error(`generator: the plan has fewer files than its systems need (${count})`);
  const perPackage = FILES_PER_DIR * DIRS_PER_PACKAGE;
  for (let n = 0; n < count; n++) {
    const pkg = Math.floor(n / perPackage);
    const folder = Math.floor((n % perPackage) / FILES_PER_DIR);
    const { extension, text } = fillerFile(n);
    out.write(
      `${top}/svc-${String(pkg).padStart(4, "0")}/src/part-${String(folder).padStart(2, "0")}/item${n}${extension}`,
      text,
    );
  }
}

/**
 * A node_modules tree, nested packages included, with a decoy readiness file: if Shipgate ever walked
 * node_modules, the decoy would show up in the report as an invalid readiness file.
 */
function writeNodeModules(out: Writer, count: number): void {
  if (count === 0) return;
  out.write("node_modules/decoy-package/readiness.yml", "version: 1\nsystem: decoy-in-node-modules\n");
  for (let n = 1; n < count; n++) {
    const pkg = Math.floor(n / 40);
    const nested =
      pkg % 5 === 0 ? `node_modules/pkg-${pkg}/node_modules/inner-${pkg}` : `node_modules/pkg-${pkg}`;
    out.write(
      `${nested}/lib/file${n % 40}.js`,
      `module.exports = function f${n}(x) { return x + ${n % 97}; };\n`,
    );
  }
}

function writeLargeFileRepo(root: string, plan: LargeFilePlan): Omit<GeneratedRepo, "generatedInSeconds"> {
  const out = new Writer(root);
  const name = `large-${plan.evidence}`;
  const random = seededRandom(7);
  let check: string;
  let evidenceBytes: number;
  if (plan.evidence === "junit") {
    const sample = junitXml(name, 1000, 0, seededRandom(1)).length / 1000;
    const cases = Math.round(plan.amount / sample);
    evidenceBytes = out.write("reports/junit/huge.xml", junitXml(name, cases, 0, random));
    check = `junit: { files: "reports/junit/*.xml", minTests: ${cases - 100}, maxFailures: 0 }`;
  } else if (plan.evidence === "lcov") {
    const lines = 1000;
    const sample = lcovInfo(name, 10, lines, seededRandom(1)).length / 10;
    evidenceBytes = out.write(
      "coverage/lcov.info",
      lcovInfo(name, Math.round(plan.amount / sample), lines, random),
    );
    check = "coverage: { file: coverage/lcov.info, min: 80 }";
  } else {
    evidenceBytes = out.write("monitoring/all.rules.yml", prometheusRules(name, plan.amount - 2));
    check =
      'alerts: { files: "monitoring/*.rules.yml", require: [ModelDriftHigh, LatencyP99High], labels: [severity], annotations: [summary, runbook_url] }';
  }
  out.write(
    "readiness.yml",
    `version: 1\nsystem: ${name}\nowners: ["@acme/ml-platform"]\nstages:\n  - name: production\n    branches: [main]\nchecks:\n  - id: large-evidence\n    category: system\n    ${check}\n`,
  );
  return { plan, root, expectedNoGo: [], systemNames: [name], evidenceBytes };
}
