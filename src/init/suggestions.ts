// The readiness checklist (DESIGN.md section 6) as commented-out checks: what `shipgate init` suggests
// for each category when it found no evidence to wire. Each is a complete check that validates once
// uncommented, names the evidence file it reads and says what would produce that file.
import type { Category, EvidenceKind } from "../config/schema.js";

/** A nested mapping (a regression check's `metrics`) is written as a flow mapping. */
export type SpecValue = string | number | boolean | string[] | { [key: string]: SpecValue };
export type Spec = Record<string, SpecValue>;

export interface Suggestion {
  category: Category;
  id: string;
  title: string;
  kind: EvidenceKind;
  spec: Spec;
  /** The evidence it needs and what writes it. */
  needs: string;
}

/** What the catalogue adapts its examples to: files found, checks wired, people to name. */
export interface SuggestionContext {
  /** Evidence kinds already wired, by category. */
  wired: ReadonlyArray<{ category: Category; kind: EvidenceKind; id: string }>;
  /** An evaluation report found, readiness-relative, and its data-source path if it states one. */
  evalReport?: { file: string; dataSource?: { path: string; value: string }; writtenBy?: string };
  /** A glob of the Prometheus rule files found, readiness-relative. */
  ruleFiles?: string;
  /** Whether an alert on drift is already required. */
  driftAlert?: boolean;
  /** A k6 or Locust script found, readiness-relative. */
  loadScript?: { path: string; tool: "k6" | "locust" };
  /** The GitHub organisation or user to name in approval examples. */
  org?: string;
  /** A first owner, for the sponsor's approval. */
  owner: string;
  /** An evaluation of the model found as AI evidence (evals or benchmark), wired or commented. */
  aiEvaluation?: boolean;
  /** CI jobs that run on pull requests, named as GitHub names their check runs, and their workflow files. */
  jobs: ReadonlyArray<{ name: string; file: string }>;
}

/** Headlines of the checklist, shown above each category's suggestions. */
export const CATEGORY_CHECKLIST: Readonly<Record<Category, string>> = {
  data: "evaluated on production-representative data; a validated data pipeline; data versions traceable to model versions; drift monitoring on inputs",
  model:
    "meets the agreed go/no-go metric; latency within its service level at production load; low-confidence cases routed to a fallback or a person; a model version that rolls back in minutes; retraining tested end to end",
  system:
    "runs in a production-like environment; its API tested; error handling with fallbacks; load tested at twice the expected peak; logs without sensitive data",
  monitoring:
    "model quality, system health and business metrics tracked; alerts on critical thresholds; on-call runbooks",
  compliance:
    "data handling meets the regulations that apply; access control; an audit trail of model decisions; a security review with no open critical findings; privacy (residency, retention, deletion)",
  operations:
    "end users have tried it; the operating team owns it; a rehearsed rollback plan; the business case checked against pilot results; a sponsor's go-live approval",
};

export function suggestionsFor(ctx: SuggestionContext): Suggestion[] {
  const has = (category: Category | undefined, kind: EvidenceKind) =>
    ctx.wired.some((w) => w.kind === kind && (category === undefined || w.category === category));
  const hasId = (id: string) => ctx.wired.some((w) => w.id === id);
  const evalFile = ctx.evalReport?.file ?? "reports/eval.json";
  const rules = ctx.ruleFiles ?? "monitoring/*.rules.yml";
  const org = ctx.org ?? "your-org";
  const loadCommand =
    ctx.loadScript?.tool === "locust"
      ? `locust -f ${ctx.loadScript.path} --headless --csv load/locust (writes load/locust_stats.csv)`
      : `k6 run --summary-export load/k6-summary.json ${ctx.loadScript?.path ?? "load/script.js"}`;
  const loadFile = ctx.loadScript?.tool === "locust" ? "load/locust_stats.csv" : "load/k6-summary.json";
  const job = ctx.jobs[0];
  const build = job?.name ?? "build";
  const all: Array<Suggestion & { skip?: boolean }> = [
    // data
    {
      category: "data",
      id: "eval-data-source",
      title: "Evaluation ran on a production sample, not a curated set",
      kind: "metric",
      spec: {
        file: evalFile,
        path: ctx.evalReport?.dataSource?.path ?? "dataset.source",
        equals: "production-sample",
      },
      needs: `${evalFile} recording where its evaluation data came from`,
      skip: hasId("eval-data-source"),
    },
    {
      category: "data",
      id: "data-validation",
      title: "The production data pipeline validates its input",
      kind: "metric",
      spec: { file: "reports/data-validation.json", path: "success", equals: true },
      needs: "a validation result (e.g. Great Expectations' checkpoint JSON) written by the data pipeline",
    },
    {
      category: "data",
      id: "data-versions",
      title: "Data and model versions are pinned and traceable",
      kind: "file",
      spec: { path: "dvc.lock" },
      needs: "dvc.lock committed by `dvc repro` (or another lock file pinning data and model hashes)",
      skip: has("data", "file"),
    },
    {
      category: "data",
      id: "input-drift-alerts",
      title: "Drift on the model's inputs raises an alert",
      kind: "alerts",
      spec: { files: rules, require: ["FeatureDriftHigh"] },
      needs: `a Prometheus alert on input drift (e.g. PSI above 0.2) in ${rules}`,
      skip: ctx.driftAlert === true,
    },
    // model
    {
      category: "model",
      id: "eval-go-no-go",
      title: "The agreed go/no-go metric meets its bar",
      kind: "metric",
      spec: { file: evalFile, path: "metrics.f1", min: 0.9 },
      needs: ctx.evalReport?.writtenBy
        ? `${evalFile}, written by ${ctx.evalReport.writtenBy}; set path to the metric agreed with the business`
        : `${evalFile} written by the evaluation job, with the metric agreed with the business`,
      skip: has("model", "metric") || ctx.aiEvaluation === true,
    },
    {
      category: "model",
      id: "latency-slo",
      title: "Latency stays within its service level at production load",
      kind: "loadtest",
      spec: { file: loadFile, p99Ms: 800 },
      needs: `a load-test result: ${loadCommand}`,
      skip: has(undefined, "loadtest"),
    },
    {
      category: "model",
      id: "low-confidence-fallback",
      title: "Low-confidence predictions go to a fallback or a person",
      kind: "contains",
      spec: { file: "config/*.yaml", pattern: "confidence_threshold:\\s*0\\.\\d+" },
      needs: "service configuration that sets the confidence below which a person decides",
    },
    {
      category: "model",
      id: "retraining-e2e",
      title: "Retraining is tested end to end",
      kind: "ci",
      spec: { check: "retrain-e2e" },
      needs: "a CI job that retrains on a sample and evaluates the result (its check-run name)",
    },
    // system
    {
      category: "system",
      id: "unit-tests",
      title: "The service's test suite passes",
      kind: "junit",
      spec: { files: "reports/junit/*.xml", minTests: 50, maxFailures: 0 },
      needs: "JUnit XML from the tests (pytest --junitxml, jest-junit, Surefire, go-junit-report)",
      skip: has(undefined, "junit"),
    },
    {
      category: "system",
      id: "coverage",
      title: "Line coverage of the service code",
      kind: "coverage",
      spec: { file: "coverage/lcov.info", min: 80 },
      needs: "a coverage report: lcov, Cobertura XML, coverage-summary.json or coverage.py JSON",
      skip: has(undefined, "coverage"),
    },
    {
      category: "system",
      id: "load-test-2x-peak",
      title: "Load tested at twice the expected peak",
      kind: "loadtest",
      spec: { file: loadFile, p95Ms: 300, maxErrorRate: 0.01, minRps: 200 },
      needs: `a load test at twice the expected peak: ${loadCommand}`,
      skip: has(undefined, "loadtest"),
    },
    {
      category: "system",
      id: "no-sensitive-logs",
      title: "Logs carry no sensitive data",
      kind: "contains",
      spec: {
        file: "config/logging.yaml",
        pattern: "(?i)(password|ssn|card_number|date_of_birth)",
        absent: true,
      },
      needs: "the logging configuration, so that fields with personal data are never logged",
    },
    {
      category: "system",
      id: "staging-deploy",
      title: "Runs in a production-like environment",
      kind: "ci",
      spec: { check: "deploy-staging" },
      needs: "a deployment job to a production-like environment (its check-run name)",
    },
    // monitoring
    {
      category: "monitoring",
      id: "alerts",
      title: "Alerts on critical thresholds are defined and routed",
      kind: "alerts",
      spec: {
        files: rules,
        require: ["ModelDriftHigh", "LatencyP99High", "ErrorRateHigh"],
        labels: ["severity"],
      },
      needs: "Prometheus rule files (groups: with alert: rules) or PrometheusRule resources",
      skip: has("monitoring", "alerts"),
    },
    {
      category: "monitoring",
      id: "dashboards",
      title: "Model quality, system health and business metrics are on a dashboard",
      kind: "file",
      spec: { path: "monitoring/dashboards/*.json" },
      needs: "Grafana dashboards exported as JSON (panels and schemaVersion)",
      skip: hasId("dashboards"),
    },
    {
      category: "monitoring",
      id: "on-call-runbook",
      title: "On-call runbook for the model's alerts",
      kind: "doc",
      spec: { file: "docs/runbook.md", sections: ["Symptoms", "Diagnosis", "Mitigation"] },
      needs: "a runbook with what each alert means and what on-call does about it",
      skip: hasId("on-call-runbook") || hasId("runbooks"),
    },
    {
      category: "monitoring",
      id: "online-quality",
      title: "Model quality is measured on live traffic",
      kind: "metric",
      spec: { file: "reports/online-eval.json", path: "metrics.accuracy", min: 0.9 },
      needs: "a scheduled job that labels a sample of live predictions and writes its accuracy",
    },
    // compliance
    {
      category: "compliance",
      id: "model-card",
      title: "Model card states intended use and limitations",
      kind: "doc",
      spec: { file: "MODEL_CARD.md", sections: ["Intended use", "Training data", "Limitations"] },
      needs: "a model card (MODEL_CARD.md) for reviewers and users",
      skip: hasId("model-card"),
    },
    {
      category: "compliance",
      id: "security-review",
      title: "Security has reviewed this change",
      kind: "approval",
      spec: { from: [`@${org}/security`], count: 1 },
      needs: "an approving review on the pull request from the security team",
    },
    {
      category: "compliance",
      id: "security-policy",
      title: "Security policy says how vulnerabilities are reported",
      kind: "doc",
      spec: { file: "SECURITY.md", sections: ["Reporting a vulnerability"] },
      needs: "SECURITY.md with how to report a vulnerability and how fast it is handled",
      skip: hasId("security-policy"),
    },
    {
      category: "compliance",
      id: "privacy",
      title: "Privacy: data residency, retention and deletion are documented",
      kind: "doc",
      spec: { file: "docs/privacy.md", sections: ["Data residency", "Retention", "Deletion"] },
      needs: "a privacy note reviewed by the data protection officer",
    },
    {
      category: "compliance",
      id: "no-credentials",
      title: "No credentials in service configuration",
      kind: "contains",
      spec: {
        file: "config/*.yaml",
        pattern: "(?i)(api[_-]?key|secret|password)\\s*[:=]\\s*['\"]?[A-Za-z0-9/+]{12,}",
        absent: true,
      },
      needs: "the service configuration, so that secrets come from the environment",
    },
    // operations
    {
      category: "operations",
      id: "rollback-plan",
      title: "A rehearsed rollback plan",
      kind: "doc",
      spec: { file: "docs/rollback.md", sections: ["Trigger", "Steps", "Last rehearsal"] },
      needs: "a rollback plan saying when to roll back, how, and when it was last rehearsed",
      skip: hasId("rollback-plan"),
    },
    {
      category: "operations",
      id: "pilot-review",
      title: "The business case was checked against pilot results",
      kind: "doc",
      spec: { file: "docs/pilot-review.md", sections: ["Results", "Business case", "Decision"] },
      needs: "the pilot review: what users said, the measured results and the decision",
    },
    {
      category: "operations",
      id: "go-live-approval",
      title: "The sponsor approved go-live",
      kind: "approval",
      spec: { from: [ctx.owner], count: 1 },
      needs: "an approving review from the business sponsor on the pull request to the production branch",
    },
    {
      category: "operations",
      id: "build",
      title: "The build workflow is green on this commit",
      kind: "ci",
      spec: { check: build },
      needs: job
        ? `the check run of the "${build}" job in ${job.file}, which runs on pull requests`
        : "a CI job that runs on pull requests (its check-run name: the job's name, else its id)",
    },
  ];
  return all.filter((s) => !s.skip && !hasId(s.id)).map(({ skip: _skip, ...s }) => s);
}
