// `shipgate init`, step two: turn what the scan found into checks with bars, and the rest of the
// checklist into suggestions. Every bar follows a stated rule, so a user can see where it came from.
import { posix } from "node:path";
import { CATEGORIES, evidenceSchemas, type Category, type EvidenceKind } from "../config/schema.js";
import { aiChecks, type AiCheck } from "./ai.js";
import { formatList, formatNumber, formatPercent, plural } from "../base/format.js";
import { LOADTEST_FORMAT_NAMES } from "../evidence/parse/loadtest.js";
import { usd } from "../evidence/cost.js";
import { FORMAT_NAMES } from "../evidence/evals.js";
import type { EvalSuite } from "../evidence/parse/evalsuite.js";
import { COVERAGE_FORMAT_NAMES } from "../evidence/parse/coverage.js";
import { parseCodeowners, ruleFor } from "./codeowners.js";
import { expectedSections, mainSections } from "./docs.js";
import type { GitFacts } from "./git.js";
import { roundTo, type MetricCandidate } from "./metrics.js";
import { globFor, relativeTo } from "./paths.js";
import type { CoverageProducer, JUnitProducer, LoadtestProducer } from "./producers.js";
import type { Discovery, DocFound, JUnitFound } from "./scan.js";
import { suggestionsFor, type Spec, type SpecValue, type Suggestion } from "./suggestions.js";
import picomatch from "picomatch";

export interface PlannedCheck {
  id: string;
  title: string;
  category: Category;
  stage?: string;
  kind: EvidenceKind;
  spec: Spec;
  /** Comment lines written above the check: what was found where, and how the bar was chosen. */
  comment: string[];
  /** One line for the terminal: what was found. */
  found: string;
}

export interface StagePlan {
  name: string;
  branches: string[];
}

export interface Plan {
  system: string;
  description?: string;
  owners: string[];
  ownersComment: string[];
  stages: StagePlan[];
  stagesComment: string[];
  checks: PlannedCheck[];
  suggestions: Suggestion[];
  /**
   * Checks on AI evidence found (DESIGN section 8) in kinds this build's schema does not read yet: written
   * commented out, with their bars, so that they are one uncomment away once it does.
   */
  aiPending: AiCheck[];
  /** True when nothing was found and the one check is the fail-closed placeholder. */
  placeholderCheck: boolean;
}

export interface PlanInput {
  discovery: Discovery;
  git: GitFacts;
  /** Repository-relative path of the readiness file being written. */
  output: string;
  /** The repository folder's name, the last resort for the system name. */
  rootName: string;
}

/** Expected sections of a rollback plan, in the order they are listed. */
const ROLLBACK_SECTIONS = [
  /trigger|when to roll|criteria|decide/i,
  /steps|procedure|how to roll|rolling back|process/i,
  /rehears|drill|last (?:tested|run)|tested on/i,
];
const MODEL_CARD_SECTIONS = [
  /model details|overview|description/i,
  /intended use|^uses?$|use cases?|out-of-scope/i,
  /training data|^data$|datasets?/i,
  /evaluation|metrics|performance|results/i,
  /limitations|caveats|bias|risks/i,
  /ethical|fairness/i,
];
const SECURITY_SECTIONS = [
  /report|vulnerab|disclos/i,
  /supported versions?|scope/i,
  /review|threat model|response/i,
];
const PILOT_BRANCH = "staging";

/** What each category's wiring reads and where it adds checks. */
interface Wiring {
  d: Discovery;
  /** Repository-relative folder of the readiness file. */
  dir: string;
  /** A repository-relative path as the readiness file writes it. */
  rel: (path: string) => string;
  /** Candidate files under `dir`, readiness-relative: what a generated glob must not match by accident. */
  universe: string[];
  /** Adds a check, making its id unique. */
  add: (check: PlannedCheck) => void;
  checks: readonly PlannedCheck[];
}

export function planReadiness({ discovery: d, git, output, rootName }: PlanInput): Plan {
  const dir = d.scope;
  const rel = (path: string) => relativeTo(dir, path);
  const universe = d.listing.filter((p) => p.startsWith(dir === "" ? "" : `${dir}/`)).map(rel);
  const checks: PlannedCheck[] = [];
  const ids = new Set<string>();
  const add = (check: PlannedCheck) => {
    let id = check.id;
    for (let n = 2; ids.has(id); n += 1) id = `${check.id}-${n}`;
    ids.add(id);
    checks.push({ ...check, id });
  };
  const wiring: Wiring = { d, dir, rel, universe, add, checks };
  for (const wire of [wireData, wireModel, wireSystem, wireMonitoring, wireCompliance, wireOperations])
    wire(wiring);
  // AI evidence: live where this build's schema reads the kind and the check validates, else commented.
  const aiPending: AiCheck[] = [];
  const cardSections = (path: string) => {
    const doc = [...d.modelCards, ...(d.readme ? [d.readme] : [])].find((c) => c.path === path);
    return doc ? expectedSections(doc.outline, MODEL_CARD_SECTIONS) : undefined;
  };
  // A promptfoo config whose results were read as an eval suite needs no "run it first" check of its own.
  const promptfooRead = d.evalSuites.some((s) => s.suite.format === "promptfoo");
  const ai = promptfooRead ? d.ai.filter((f) => f.kind !== "promptfoo-config") : d.ai;
  for (const check of aiChecks(ai, rel, cardSections)) {
    const schema = (evidenceSchemas as Record<string, { safeParse(v: unknown): { success: boolean } }>)[
      check.kind
    ];
    if (schema?.safeParse(check.spec).success && check.kind !== "cost") {
      add({ ...check, kind: check.kind as EvidenceKind });
    } else aiPending.push(check);
  }

  // Nothing to wire: one check that fails until the most basic evidence exists. A gate with no evidence must not say Go.
  let placeholderCheck = false;
  if (checks.length === 0) {
    placeholderCheck = true;
    add(
      rollbackStandIn(
        [
          "shipgate init found no evidence to wire, so this one check stands in: it fails until",
          "docs/rollback.md says when and how to roll back. Wire the suggestions below as evidence appears.",
        ],
        "nothing to wire",
      ),
    );
  } else if (!checks.some((c) => c.category === "operations")) {
    // Evidence of a pipeline is not evidence of readiness: with nothing on how the system is operated,
    // the file must not say Go for production, so the rollback plan every release needs stands in.
    add(
      rollbackStandIn(
        [
          "No operations evidence found (rollback plan, runbook with a rollback section), so this check",
          "stands in: it fails until docs/rollback.md says when and how to roll back. A Go for production",
          "needs evidence in every category; the suggestions below say what each one reads.",
        ],
        "no operations evidence: stand-in until docs/rollback.md is written",
      ),
    );
  }

  // ---- stages
  const production = git.defaultBranch;
  const pilot = git.branches.has(PILOT_BRANCH) && production !== PILOT_BRANCH;
  const stages: StagePlan[] = [
    ...(pilot ? [{ name: "pilot", branches: [PILOT_BRANCH] }] : []),
    { name: "production", branches: production === "release/**" ? [production] : [production, "release/**"] },
  ];
  if (pilot) {
    // What a pilot needs first: the model meets its bar, the data is traceable, the tests pass.
    for (const check of checks) {
      if (check.category === "data" || check.category === "model" || check.kind === "junit")
        check.stage = "pilot";
    }
  }
  const branchSource = {
    "--branch": "given with --branch",
    "refs/remotes/origin/HEAD": "the remote's default branch, .git/refs/remotes/origin/HEAD",
    HEAD: "the checked-out branch, .git/HEAD",
    fallback: "no git metadata found; pass --branch to change it",
  }[git.defaultBranchSource];
  const stagesComment = [
    `Production is the default branch, ${production} (${branchSource}), and release branches.`,
    ...(pilot
      ? [
          `A ${PILOT_BRANCH} branch exists, so merges into it are gated as a pilot: data, model and test checks first.`,
        ]
      : ["To gate a pilot first, add a stage before production: { name: pilot, branches: [staging] }."]),
  ];

  // ---- owners
  const { owners, ownersComment } = chooseOwners(d, git, output);

  const wired = checks.map((c) => ({ category: c.category, kind: c.kind, id: c.id }));
  const evalReport = d.evalReports[0];
  const declared = declaredEvalFile(d);
  const loadScript = d.producers.loadScripts.find((s) => s.path.startsWith(dir === "" ? "" : `${dir}/`));
  const ruleCheck = checks.find((c) => c.kind === "alerts");
  const orgOwner = owners.find((o) => o.includes("/"));
  const suggestions = suggestionsFor({
    wired: placeholderCheck ? [] : wired,
    ...(evalReport
      ? {
          evalReport: {
            file: rel(evalReport.path),
            ...(evalReport.dataSource ? { dataSource: evalReport.dataSource } : {}),
          },
        }
      : declared
        ? { evalReport: { file: rel(declared.path), writtenBy: declared.source } }
        : {}),
    ...(ruleCheck
      ? {
          ruleFiles: String(ruleCheck.spec.files),
          driftAlert: (ruleCheck.spec.require as string[]).some((name) => /drift/i.test(name)),
        }
      : {}),
    ...(loadScript ? { loadScript: { path: rel(loadScript.path), tool: loadScript.tool } } : {}),
    ...(orgOwner
      ? { org: orgOwner.slice(1).split("/")[0] as string }
      : git.github
        ? { org: git.github.owner }
        : {}),
    owner: owners[0] as string,
    aiEvaluation: [...checks, ...aiPending].some((c) => c.kind === "evals" || c.kind === "benchmark"),
    jobs: jobsFor(d),
  }).filter((s) => !ids.has(s.id));

  const description = d.project.description?.replace(/\s+/g, " ").trim();
  return {
    system: systemName(d, git, output, rootName),
    ...(description
      ? { description: description.length > 200 ? `${description.slice(0, 199)}…` : description }
      : {}),
    owners,
    ownersComment,
    stages,
    stagesComment,
    checks: sortByCategory(checks),
    suggestions,
    aiPending,
    placeholderCheck,
  };
}

/** The stand-in operations check: a rollback plan, which fails until it is written. */
function rollbackStandIn(comment: string[], found: string): PlannedCheck {
  return {
    id: "rollback-plan",
    title: "A rehearsed rollback plan",
    category: "operations",
    kind: "doc",
    spec: { file: "docs/rollback.md", sections: ["Trigger", "Steps"] },
    comment,
    found,
  };
}

/**
 * An evaluation report that is declared or written but not in the repository: a metrics file dvc.yaml
 * declares, else a results file a job writes (evaluation results before training results).
 */
function declaredEvalFile(d: Discovery): { path: string; source: string } | undefined {
  const inScope = (p: string) => d.scope === "" || p.startsWith(`${d.scope}/`);
  const dvc = d.dvc.metrics.find((m) => inScope(m) && !d.listing.includes(m));
  if (dvc)
    return {
      path: dvc,
      source: `DVC (declared in ${d.dvc.pipeline ?? "dvc.yaml"}; run dvc repro or dvc pull before Shipgate)`,
    };
  const written = d.resultsFiles.filter((r) => !r.present && inScope(r.path));
  const best = written.find((r) => /eval|metric|score|test/i.test(posix.basename(r.path))) ?? written[0];
  return best ? { path: best.path, source: best.source } : undefined;
}

/** Wires data: DVC versions and an evaluation on production data. */
function wireData({ d, rel, universe, add }: Wiring): void {
  if (d.dvc.lock) {
    add({
      id: "data-versions",
      title: "Data and model versions are pinned by DVC",
      category: "data",
      kind: "file",
      spec: { path: rel(d.dvc.lock) },
      comment: [`Found ${rel(d.dvc.lock)}: it pins the hash of every data and model file the pipeline used.`],
      found: `DVC lock file ${rel(d.dvc.lock)}`,
    });
  } else if (d.dvc.pointers.length > 0) {
    const files = d.dvc.pointers.map(rel);
    add({
      id: "data-versions",
      title: "Data files are versioned with DVC",
      category: "data",
      kind: "file",
      spec: { path: globFor(files, universe), min: files.length },
      comment: [`Found ${plural(files.length, ".dvc file")} tracking data (${formatList(files)}).`],
      found: `${plural(files.length, "DVC pointer file")}`,
    });
  } else if (d.dvc.pipeline) {
    const lock = posix.join(posix.dirname(rel(d.dvc.pipeline)), "dvc.lock");
    add({
      id: "data-versions",
      title: "Data and model versions are pinned by DVC",
      category: "data",
      kind: "file",
      spec: { path: lock },
      comment: [
        `Found ${rel(d.dvc.pipeline)} but no dvc.lock: run \`dvc repro\` and commit ${lock}.`,
        "This check fails until then: without the lock, data versions cannot be traced to a model.",
      ],
      found: `DVC pipeline ${rel(d.dvc.pipeline)} (no dvc.lock yet)`,
    });
  }
  for (const report of d.evalReports) {
    const source = report.dataSource;
    if (source && /prod/i.test(source.value)) {
      add({
        id: "eval-data-source",
        title: "Evaluation ran on production data, not a curated set",
        category: "data",
        kind: "metric",
        spec: { file: rel(report.path), path: source.path, equals: source.value },
        comment: [`Found ${source.path}: "${source.value}" in ${rel(report.path)}.`],
        found: `evaluation data source "${source.value}" in ${rel(report.path)}`,
      });
      break;
    }
  }
}

/** Wires model: each eval suite's pass rate (and its cost), the headline metric of each evaluation report (up to three). */
function wireModel(w: Wiring): void {
  const { d, rel, add } = w;
  for (const { path, suite } of d.evalSuites.slice(0, 3)) wireEvalSuite(rel(path), suite, add);
  for (const report of d.evalReports.slice(0, 3)) {
    const [primary, ...others] = report.metrics;
    if (!primary) continue;
    const bar: Spec =
      primary.better === "higher"
        ? { min: roundTo(primary.value, 2, "down") }
        : { max: roundTo(primary.value, 2, "up") };
    const slug = slugify(primary.label.replace(/@/g, "-at-")) || "metric";
    // One figure per metric name: the same metric per slice or per language is not another metric.
    const shownOthers = others
      .filter((o, i) => o.key !== primary.key && others.findIndex((p) => p.key === o.key) === i)
      .slice(0, 4);
    add({
      id: `eval-${slug}`,
      title: `${capitalise(primary.label)} on the evaluation set meets the go/no-go bar`,
      category: "model",
      kind: "metric",
      spec: { file: rel(report.path), path: primary.path, ...bar },
      comment: [
        `Found ${primary.label} ${formatNumber(primary.value)} at ${primary.path} in ${rel(report.path)};`,
        primary.better === "higher"
          ? "min is that value rounded down to 2 decimals. Replace it with the bar agreed with the business."
          : "max is that value rounded up to 2 decimals (lower is better). Replace it with the agreed bar.",
        ...(shownOthers.length > 0
          ? [
              `Other metrics there: ${shownOthers.map((o) => `${o.path} ${formatNumber(o.value)}`).join(", ")}.`,
            ]
          : []),
      ],
      found: `${primary.label} ${formatNumber(primary.value)} in ${rel(report.path)} (${primary.path})`,
    });
    if (d.dvc.metrics.includes(report.path)) wireRegression(rel(report.path), report.metrics, add);
  }
}

/** Metrics a `regression` check compares at most, from one DVC metrics file. */
const MAX_REGRESSION_METRICS = 5;

/**
 * A `regression` check over a DVC metrics file's recognised metrics: each may fall at most 1% against the
 * baseline (the pull request's base commit), the direction as its name says. Training-set figures are left
 * out where others exist: they say nothing about how the model generalises.
 */
function wireRegression(
  file: string,
  metrics: readonly MetricCandidate[],
  add: (check: PlannedCheck) => void,
): void {
  const unique = metrics.filter((m, i) => metrics.findIndex((o) => o.path === m.path) === i);
  const held = unique.filter((m) => !m.path.split(".").some((s) => /^train(?:ing)?$/i.test(s)));
  const chosen = (held.length > 0 ? held : unique).slice(0, MAX_REGRESSION_METRICS);
  if (chosen.length === 0) return;
  const spec: { [path: string]: SpecValue } = {};
  for (const m of chosen) {
    spec[m.path] =
      m.better === "higher" ? { maxDropPercent: 1 } : { maxDropPercent: 1, higherIsBetter: false };
  }
  add({
    id: "no-regression",
    title: "The model is no worse than at the base of the change",
    category: "model",
    kind: "regression",
    spec: { file, metrics: spec },
    comment: [
      `${file} is a DVC metrics file: this compares it with the same file at the pull request's base commit (on a push, the previous head).`,
      `Each metric may fall at most 1% of its baseline value${chosen.some((m) => m.better === "lower") ? " (rise, where lower is better)" : ""}; use maxDrop for a bar in the metric's own units.`,
      "A run with no baseline (a manual run) fails unless ifNoBaseline: pass; a checkout without the base commit fails, saying how to fetch it.",
    ],
    found: `DVC metrics ${file}: ${chosen.map((m) => m.path).join(", ")} compared with the baseline`,
  });
}

/** An `evals` check at the suite's measured pass rate, and a `cost` check where it states what requests cost. */
function wireEvalSuite(file: string, suite: EvalSuite, add: (check: PlannedCheck) => void): void {
  const total = suite.cases.length;
  const passed = suite.cases.filter((c) => c.outcome === "pass").length;
  const errored = suite.cases.filter((c) => c.outcome === "error").length;
  if (suite.unfinished || total === 0 || errored === total) return;
  const rate = (passed / total) * 100;
  const minTests = total >= 10 ? Math.floor(total / 10) * 10 : total;
  const name = FORMAT_NAMES[suite.format];
  add({
    id: "evals",
    title: "The eval suite passes at the go/no-go bar",
    category: "model",
    kind: "evals",
    spec: { files: file, minPassRate: Math.floor(rate / 5) * 5, minTests },
    comment: [
      `Found ${name} results in ${file}: ${passed} of ${plural(total, "case")} pass (${rate.toFixed(1)}%)${errored > 0 ? `, ${plural(errored, "error")}` : ""};`,
      "minPassRate is that rate rounded down to a multiple of 5, minTests the cases run rounded down to",
      "a multiple of 10. Raise minPassRate to the bar agreed with the business.",
    ],
    found: `${name} ${passed} of ${total} cases pass in ${file}`,
  });
  const costs = suite.cases.flatMap((c) =>
    c.outcome !== "error" && !c.cached && c.cost !== undefined && c.cost > 0 ? [c.cost] : [],
  );
  if (costs.length === 0) return;
  const mean = costs.reduce((a, b) => a + b, 0) / costs.length;
  const monthly = mean * COST_REQUESTS_PER_MONTH;
  add({
    id: "cost",
    title: "Model cost at the expected traffic stays within budget",
    category: "operations",
    kind: "cost",
    spec: {
      file,
      requestsPerMonth: COST_REQUESTS_PER_MONTH,
      maxMonthlyUsd: Math.max(1, Math.ceil(monthly * 1.2)),
    },
    comment: [
      `${name} states a mean cost of ${usd(mean)} per request over ${plural(costs.length, "priced request")} in ${file}.`,
      `requestsPerMonth is a placeholder of ${COST_REQUESTS_PER_MONTH.toLocaleString("en-US")}: set it (and headroom) from the expected traffic;`,
      "maxMonthlyUsd is the cost at that volume plus 20%, rounded up. Replace it with the budget.",
    ],
    found: `${name} cost per request in ${file}`,
  });
}

/** Traffic assumed for a `cost` check until the user states the real figure. */
const COST_REQUESTS_PER_MONTH = 100_000;

/** Wires system: test reports, coverage and load tests, found or configured. */
function wireSystem({ d, rel, universe, add, checks, dir }: Wiring): void {
  const junitProducers = d.producers.producers.filter((p): p is JUnitProducer => p.kind === "junit");
  const usedProducers = new Set<JUnitProducer>();
  const groups = [...d.junit].sort((a, b) => b.summary.tests - a.summary.tests).slice(0, 4);
  groups.forEach((group) => {
    const writers = junitProducers.filter((p) => group.files.some((f) => picomatch(p.files)(f)));
    writers.forEach((w) => usedProducers.add(w));
    add(
      junitCheck(
        group,
        groups.length === 1 ? "unit-tests" : `tests-${slugify(rel(group.dir)) || "root"}`,
        rel,
        universe,
        writers,
      ),
    );
  });
  for (const producer of junitProducers) {
    if (usedProducers.has(producer) || !producer.files.startsWith(dir === "" ? "" : `${dir}/`)) continue;
    if (checks.some((c) => c.kind === "junit" && c.spec.files === rel(producer.files))) continue;
    add({
      id: checks.some((c) => c.kind === "junit")
        ? `tests-${slugify(producer.source.split(" ")[0] ?? "junit")}`
        : "unit-tests",
      title: "The test suite passes",
      category: "system",
      kind: "junit",
      spec: { files: rel(producer.files), minTests: 1, maxFailures: 0 },
      comment: [
        `No report in the repository yet: ${producer.source} writes ${rel(producer.files)}.`,
        "Run the tests before Shipgate in the workflow, then raise minTests to the suite's size.",
      ],
      found: `JUnit reports configured: ${rel(producer.files)} by ${producer.source}`,
    });
  }

  const coverageProducers = d.producers.producers.filter((p): p is CoverageProducer => p.kind === "coverage");
  const coverage = [...d.coverage].sort(
    (a, b) =>
      COVERAGE_PREFERENCE.indexOf(a.summary.format) - COVERAGE_PREFERENCE.indexOf(b.summary.format) ||
      depth(a.path) - depth(b.path),
  );
  const best = coverage[0];
  if (best) {
    const pct = best.summary.percent;
    const min = Math.min(80, Math.floor(pct / 5) * 5);
    const counts =
      best.summary.linesCovered !== null && best.summary.linesTotal !== null
        ? `, ${best.summary.linesCovered} of ${best.summary.linesTotal} lines`
        : "";
    const threshold =
      coverageProducers.find((p) => p.threshold)?.threshold ?? d.producers.coverageThresholds[0];
    add({
      id: "coverage",
      title: "Line coverage of the code",
      category: "system",
      kind: "coverage",
      spec: { file: rel(best.path), min },
      comment: [
        `Measured ${formatPercent(pct)} line coverage (${COVERAGE_FORMAT_NAMES[best.summary.format]}${counts}) in ${rel(best.path)};`,
        "min is that rounded down to a multiple of 5, capped at 80.",
        ...(threshold
          ? [`The project's own bar: ${formatNumber(threshold.value)}% (${threshold.source}).`]
          : []),
        ...(coverage.length > 1
          ? [`Other coverage reports: ${formatList(coverage.slice(1).map((c) => rel(c.path)))}.`]
          : []),
      ],
      found: `coverage ${formatPercent(pct)} in ${rel(best.path)}`,
    });
  } else {
    const producer = coverageProducers.find((p) => p.file.startsWith(dir === "" ? "" : `${dir}/`));
    if (producer) {
      const threshold = producer.threshold ?? d.producers.coverageThresholds[0];
      const min = threshold ? Math.min(100, threshold.value) : 80;
      add({
        id: "coverage",
        title: "Line coverage of the code",
        category: "system",
        kind: "coverage",
        spec: { file: rel(producer.file), min },
        comment: [
          `No coverage report in the repository yet: ${producer.source} writes ${rel(producer.file)}.`,
          threshold
            ? `min is the project's own bar (${threshold.source}).`
            : "min is a starting bar of 80; set it from the first measured report.",
        ],
        found: `coverage configured: ${rel(producer.file)} by ${producer.source}`,
      });
    }
  }

  const loadProducers = d.producers.producers.filter((p): p is LoadtestProducer => p.kind === "loadtest");
  const result = [...d.loadtests].sort((a, b) => depth(a.path) - depth(b.path))[0];
  if (result) {
    const s = result.summary;
    const spec: Spec = { file: rel(result.path) };
    if (s.p95Ms !== null) spec.p95Ms = Math.max(1, Math.round(s.p95Ms * 1.2));
    if (s.errorRate !== null) spec.maxErrorRate = 0.01;
    if (s.p95Ms === null && s.errorRate === null && s.rps !== null) spec.minRps = Math.floor(s.rps * 0.8);
    if (Object.keys(spec).length > 1) {
      const measured = [
        s.p95Ms !== null ? `p95 ${formatNumber(s.p95Ms)} ms` : undefined,
        s.errorRate !== null ? `error rate ${formatPercent(s.errorRate * 100)}` : undefined,
        s.rps !== null ? `${formatNumber(s.rps)} req/s` : undefined,
      ].filter(Boolean);
      const failingNow = s.errorRate !== null && s.errorRate > 0.01;
      add({
        id: "latency-p95",
        title: "p95 latency under load stays within the service level",
        category: "system",
        kind: "loadtest",
        spec,
        comment: [
          `Measured ${measured.join(", ")} over ${plural(s.requests, "request")} in ${rel(result.path)} (${LOADTEST_FORMAT_NAMES[s.format]});`,
          "p95Ms is the measured p95 plus 20%, maxErrorRate is 1%. Set them from the service level and a run at twice the expected peak.",
          ...(ownBars(
            loadProducers.find((p) => p.file === result.path),
            rel,
          ) ?? []),
          ...(failingNow
            ? ["The measured error rate is over 1%: this check fails until the service holds up under load."]
            : []),
          ...(d.loadtests.length > 1
            ? [
                `Other results: ${formatList(d.loadtests.filter((l) => l !== result).map((l) => rel(l.path)))}.`,
              ]
            : []),
        ],
        found: `load test ${measured.join(", ")} in ${rel(result.path)}`,
      });
    }
  } else {
    const producer = loadProducers.find((p) => p.file.startsWith(dir === "" ? "" : `${dir}/`));
    if (producer) {
      const spec: Spec = {
        file: rel(producer.file),
        ...(producer.p95Ms !== undefined ? { p95Ms: producer.p95Ms } : {}),
        maxErrorRate: producer.maxErrorRate ?? 0.01,
      };
      add({
        id: "latency-p95",
        title: "p95 latency under load stays within the service level",
        category: "system",
        kind: "loadtest",
        spec,
        comment: [
          `No load-test result in the repository yet: ${producer.source} writes ${rel(producer.file)}.`,
          producer.p95Ms !== undefined || producer.maxErrorRate !== undefined
            ? "The bars are the script's own k6 thresholds."
            : "maxErrorRate is a starting bar of 1%; add p95Ms from the service level.",
        ],
        found: `load test configured: ${rel(producer.file)} by ${producer.source}`,
      });
    }
  }
}

/** Wires monitoring: alerts, dashboards and runbooks. */
function wireMonitoring({ d, rel, universe, add }: Wiring): void {
  if (d.ruleFiles.length > 0) {
    const files = d.ruleFiles.map((r) => rel(r.path));
    const alerts = d.ruleFiles.flatMap((r) => r.alerts);
    const names = [...new Set(alerts.map((a) => a.name))];
    const required = [
      ...names.filter((n) => /drift|latency|error|model|accuracy|quality|fail|down/i.test(n)),
      ...names.filter((n) => !/drift|latency|error|model|accuracy|quality|fail|down/i.test(n)),
    ].slice(0, 5);
    const severity = alerts
      .filter((a) => required.includes(a.name))
      .every((a) => a.labels.includes("severity"));
    add({
      id: "alerts",
      title: "Alerts on critical thresholds are defined",
      category: "monitoring",
      kind: "alerts",
      spec: {
        files: globFor(files, universe),
        require: required,
        ...(severity ? { labels: ["severity"] } : {}),
      },
      comment: [
        `Found ${plural(names.length, "alert")} in ${formatList(files)}; requiring ${names.length > 5 ? "the first 5 (drift, latency and error alerts first)" : "them all"}${severity ? ", each with a severity label" : ""}.`,
      ],
      found: `${plural(names.length, "Prometheus alert")} in ${plural(files.length, "rule file")}`,
    });
  }
  if (d.dashboards.length > 0) {
    const files = d.dashboards.map((b) => rel(b.path));
    const titles = d.dashboards.map((b) => b.title).filter((t): t is string => t !== undefined);
    add({
      id: "dashboards",
      title: "Dashboards track system health and model quality",
      category: "monitoring",
      kind: "file",
      spec: { path: globFor(files, universe), min: files.length },
      comment: [
        `Found ${plural(files.length, "Grafana dashboard")}${titles.length > 0 ? ` (${formatList(titles.map((t) => `"${t}"`))})` : ""}.`,
      ],
      found: `${plural(files.length, "Grafana dashboard")}`,
    });
  }
  const runbooks = [...d.runbooks].sort((a, b) => depth(a.path) - depth(b.path));
  if (runbooks.length === 1) {
    const runbook = runbooks[0] as DocFound;
    add(
      docCheck(
        "on-call-runbook",
        "On-call runbook for the system's alerts",
        "monitoring",
        runbook,
        rel,
        mainSections(runbook.outline),
        "the runbook's own sections",
      ),
    );
  } else if (runbooks.length > 1) {
    const files = runbooks.map((r) => rel(r.path));
    add({
      id: "runbooks",
      title: "On-call runbooks for the system's alerts",
      category: "monitoring",
      kind: "file",
      spec: { path: globFor(files, universe), min: files.length },
      comment: [`Found ${plural(files.length, "runbook")} (${formatList(files)}).`],
      found: `${plural(files.length, "runbook")}`,
    });
  }
}

/** Wires compliance: the model card and the security policy. */
function wireCompliance({ d, rel, add }: Wiring): void {
  const card = [...d.modelCards].sort((a, b) => depth(a.path) - depth(b.path))[0];
  if (card) {
    const sections = expectedSections(card.outline, MODEL_CARD_SECTIONS);
    add(
      docCheck(
        "model-card",
        "Model card states intended use and limitations",
        "compliance",
        card,
        rel,
        sections.length > 0 ? sections : mainSections(card.outline),
        sections.length > 0
          ? "the model-card sections it has (use, data, evaluation, limitations)"
          : "its own sections",
      ),
    );
  } else if (d.readme) {
    const sections = expectedSections(d.readme.outline, [/^model card$/i, ...MODEL_CARD_SECTIONS.slice(1)]);
    if (sections.length >= 2 || sections.some((s) => /^model card$/i.test(s))) {
      add(
        docCheck(
          "model-card",
          "Model card states intended use and limitations",
          "compliance",
          d.readme,
          rel,
          sections,
          "its model-card sections",
        ),
      );
    }
  }
  if (d.security) {
    const sections = expectedSections(d.security.outline, SECURITY_SECTIONS);
    add(
      docCheck(
        "security-policy",
        "Security policy says how vulnerabilities are reported and handled",
        "compliance",
        d.security,
        rel,
        sections.length > 0 ? sections : mainSections(d.security.outline, 3),
        "its sections on reporting and handling vulnerabilities",
      ),
    );
  }
}

/** Wires operations: the rollback plan, or a runbook's rollback section. */
function wireOperations({ d, rel, add }: Wiring): void {
  const rollback = [...d.rollbackDocs].sort((a, b) => depth(a.path) - depth(b.path))[0];
  if (rollback) {
    const sections = expectedSections(rollback.outline, ROLLBACK_SECTIONS);
    add(
      docCheck(
        "rollback-plan",
        "A rehearsed rollback plan",
        "operations",
        rollback,
        rel,
        sections.length > 0 ? sections : mainSections(rollback.outline),
        sections.length > 0 ? "its trigger, steps and rehearsal sections" : "its own sections",
      ),
    );
  } else {
    for (const runbook of [...d.runbooks].sort((a, b) => depth(a.path) - depth(b.path))) {
      const heading = runbook.outline.headings.find((h) => h.filled && /roll ?back/i.test(h.name));
      if (!heading) continue;
      add(
        docCheck(
          "rollback-plan",
          "A rollback plan",
          "operations",
          runbook,
          rel,
          [heading.name],
          "its rollback section",
        ),
      );
      break;
    }
  }
}

/** The load-test script's own k6 thresholds, for a comment beside the bars init chose. */
function ownBars(producer: LoadtestProducer | undefined, rel: (p: string) => string): string[] | undefined {
  if (!producer || producer.barsFrom === undefined) return undefined;
  const bars = [
    producer.p95Ms !== undefined ? `p95 < ${formatNumber(producer.p95Ms)} ms` : undefined,
    producer.maxErrorRate !== undefined ? `error rate < ${formatNumber(producer.maxErrorRate)}` : undefined,
  ].filter(Boolean);
  return [`The k6 script's own thresholds (${rel(producer.barsFrom)}): ${bars.join(", ")}.`];
}

const COVERAGE_PREFERENCE = ["istanbul-summary", "lcov", "cobertura", "coverage.py"];

function junitCheck(
  group: JUnitFound,
  id: string,
  rel: (p: string) => string,
  universe: string[],
  writers: JUnitProducer[],
): PlannedCheck {
  const s = group.summary;
  const executed = s.tests - s.skipped;
  const failing = s.failures + s.errors;
  const files = group.files.map(rel);
  const where =
    files.length === 1 ? files[0] : `${plural(files.length, "report")} in ${rel(group.dir) || "."}`;
  return {
    id,
    title: "The test suite passes",
    category: "system",
    kind: "junit",
    spec: {
      files: globFor(files, universe),
      minTests: Math.max(1, roundDownCount(executed)),
      maxFailures: 0,
    },
    comment: [
      `Found ${plural(s.tests, "test")}${s.skipped > 0 ? ` (${s.skipped} skipped)` : ""} in ${where}${writers.length > 0 ? `, written by ${writers.map((w) => w.source).join(", ")}` : ""}.`,
      `minTests is the ${executed} executed, rounded down, so that deleting tests fails the gate.`,
      ...(failing > 0
        ? [
            `${plural(failing, "test")} fail now (${formatList(s.failedTests)}): this check fails until they pass.`,
          ]
        : []),
    ],
    found: `${plural(s.tests, "test")} in ${where}${failing > 0 ? `, ${failing} failing` : ""}`,
  };
}

function docCheck(
  id: string,
  title: string,
  category: Category,
  doc: DocFound,
  rel: (p: string) => string,
  sections: string[],
  what: string,
): PlannedCheck {
  const file = rel(doc.path);
  const words = doc.outline.words;
  const spec: Spec = { file };
  if (sections.length > 0) spec.sections = sections;
  else if (words >= 50) spec.minWords = Math.floor(words / 50) * 50;
  return {
    id,
    title,
    category,
    kind: "doc",
    spec,
    comment: [
      sections.length > 0
        ? `Found ${file}; requiring ${what} to be written (not empty, not TODO).`
        : `Found ${file} with no written sections to require${spec.minWords !== undefined ? `; minWords is its ${words} words rounded down` : ""}.`,
    ],
    found: `${file}${sections.length > 0 ? ` (${sections.join(", ")})` : ""}`,
  };
}

function chooseOwners(
  d: Discovery,
  git: GitFacts,
  output: string,
): { owners: string[]; ownersComment: string[] } {
  if (d.codeowners) {
    const rule = ruleFor(parseCodeowners(d.codeowners.text), output);
    if (rule && rule.owners.length > 0) {
      return {
        owners: rule.owners,
        ownersComment: [
          `From ${d.codeowners.path} line ${rule.line} (${rule.pattern}). Owners may change this file's gates and approve waivers.`,
        ],
      };
    }
  }
  const why = d.codeowners
    ? `No rule in ${d.codeowners.path} with @user or @org/team owners covers ${output}`
    : "No CODEOWNERS file found";
  if (git.github) {
    return {
      owners: [`@${git.github.owner}`],
      ownersComment: [
        `${why}; @${git.github.owner} owns the GitHub repository (from .git/config).`,
        "TODO: replace it with the team that owns this system: owners may change its gates and approve waivers.",
      ],
    };
  }
  return {
    owners: ["@your-org/your-team"],
    ownersComment: [
      `${why}, and the origin remote is not on GitHub.`,
      "TODO: replace this placeholder with the team that owns this system: owners may change its gates and approve waivers. Shipgate refuses the file until you do.",
    ],
  };
}

function systemName(d: Discovery, git: GitFacts, output: string, rootName: string): string {
  const folder = posix.dirname(output) === "." ? "" : posix.basename(posix.dirname(output));
  const candidates = [
    d.project.name?.replace(/^@[^/]+\//, ""),
    folder,
    git.github?.repo,
    rootName,
    "ai-system",
  ];
  const taken = new Set(d.otherSystems.map((o) => o.system).filter(Boolean));
  for (const candidate of candidates) {
    const name = slugify(candidate ?? "");
    if (name === "") continue;
    if (!taken.has(name)) return name;
    const withFolder = slugify(`${name}-${folder}`);
    if (folder && !taken.has(withFolder)) return withFolder;
  }
  for (let n = 2; ; n += 1) if (!taken.has(`ai-system-${n}`)) return `ai-system-${n}`;
}

/** Lowercase letters, digits and single dashes: a valid system name or check id. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/**
 * CI jobs that run on pull requests (a `ci` check on another job would wait for a check run that never
 * comes): those running in this system's folder first, then those naming it, then the rest.
 */
function jobsFor(d: Discovery): Array<{ name: string; file: string }> {
  const folder = posix.basename(d.scope);
  const score = (job: { name: string; dirs: string[] }) =>
    d.scope !== "" && job.dirs.some((dir) => dir === d.scope || dir.startsWith(`${d.scope}/`))
      ? 0
      : folder !== "" && job.name.toLowerCase().includes(folder.toLowerCase())
        ? 1
        : 2;
  // A job that may be skipped concludes "skipped" or never reports, and a ci check needs "success".
  const rank = (job: Discovery["workflowJobs"][number]) =>
    (job.conditional ? 10 : 0) + score(job) * 2 + (/test|check|ci\b|build|lint/i.test(job.name) ? 0 : 1);
  return d.workflowJobs
    .filter((j) => j.pullRequest)
    .sort((a, b) => rank(a) - rank(b))
    .map((j) => ({ name: j.name, file: j.file }));
}

/** Test counts rounded down: exact below 20, to tens below 1,000, then to 2 significant figures. */
export function roundDownCount(n: number): number {
  if (n < 20) return n;
  if (n < 1000) return Math.floor(n / 10) * 10;
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.floor(n / unit) * unit;
}

function sortByCategory(checks: PlannedCheck[]): PlannedCheck[] {
  return [...checks].sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category));
}

function depth(path: string): number {
  return path.split("/").length;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
