// The readiness file format v1: the single home of its shape, its defaults and its types.
import * as z from "zod";

export const CATEGORIES = ["data", "model", "system", "monitoring", "compliance", "operations"] as const;
export type Category = (typeof CATEGORIES)[number];

export const EVIDENCE_KINDS = [
  "file",
  "doc",
  "contains",
  "metric",
  "junit",
  "coverage",
  "loadtest",
  "alerts",
  "approval",
  "ci",
  "evals",
  "cost",
  "benchmark",
  "modelcard",
  "regression",
  "datachecks",
  "drift",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Kinds whose evidence is a fact from GitHub rather than a file in the repository. */
export const GITHUB_KINDS: ReadonlySet<EvidenceKind> = new Set(["approval", "ci"]);

/** Kinds whose evidence is never JSON or YAML (GitHub facts, Markdown, JUnit XML): `bind` cannot apply. */
export const UNBINDABLE_KINDS: ReadonlySet<EvidenceKind> = new Set([
  ...GITHUB_KINDS,
  "doc",
  "junit",
  "modelcard",
]);

const text = z.string().trim().min(1, "must not be empty");
/** A path or glob relative to the readiness file's folder. */
const evidencePath = text.max(1024);
const nonNegative = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();
/** `@user` or `@org/team`. */
const principal = z
  .string()
  .regex(/^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]+)?$/, "must be @user or @org/team");

export const fileEvidence = z.strictObject({
  path: evidencePath,
  min: count.min(1).default(1),
});

export const docEvidence = z.strictObject({
  file: evidencePath,
  sections: z.array(text).default([]),
  minWords: count.optional(),
});

export const containsEvidence = z.strictObject({
  file: evidencePath,
  pattern: text.max(1000),
  absent: z.boolean().default(false),
});

export const metricEvidence = z
  .strictObject({
    file: evidencePath,
    path: text,
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    equals: z.union([z.number().finite(), z.string(), z.boolean()]).optional(),
  })
  .refine((m) => m.min !== undefined || m.max !== undefined || m.equals !== undefined, {
    message: "needs a bar: add min, max or equals",
  });

export const junitEvidence = z.strictObject({
  files: evidencePath,
  minTests: count.default(1),
  maxFailures: count.default(0),
});

export const coverageEvidence = z.strictObject({
  file: evidencePath,
  min: z.number().finite().min(0).max(100),
});

export const loadtestEvidence = z
  .strictObject({
    file: evidencePath,
    p95Ms: nonNegative.optional(),
    p99Ms: nonNegative.optional(),
    maxErrorRate: z.number().finite().min(0).max(1).optional(),
    minRps: nonNegative.optional(),
  })
  .refine(
    (l) =>
      l.p95Ms !== undefined ||
      l.p99Ms !== undefined ||
      l.maxErrorRate !== undefined ||
      l.minRps !== undefined,
    { message: "needs a bar: add p95Ms, p99Ms, maxErrorRate or minRps" },
  );

export const alertsEvidence = z.strictObject({
  files: evidencePath,
  require: z.array(text).default([]),
  minAlerts: count.optional(),
  labels: z.array(text).default([]),
  annotations: z.array(text).default([]),
});

export const approvalEvidence = z.strictObject({
  from: z.array(principal).min(1, "name at least one @user or @org/team"),
  count: count.min(1).default(1),
});

/** The GitHub App whose check runs a `ci` check trusts by default: GitHub Actions (app id 15368 on github.com). */
export const DEFAULT_CI_APP = "github-actions";

export const ciEvidence = z.strictObject({
  check: text,
  /** The slug of the GitHub App whose check runs count (github.com/apps/<slug>). */
  app: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/,
      "must be a GitHub App's slug, as in github.com/apps/<slug>, e.g. github-actions",
    )
    .default(DEFAULT_CI_APP),
  /** Whether commit statuses of that name count too (anyone with write access can post one). */
  statuses: z.boolean().default(false),
});

export const evalsEvidence = z
  .strictObject({
    files: evidencePath,
    minPassRate: z.number().finite().min(0).max(100).optional(),
    maxFailures: count.optional(),
    maxErrors: count.optional(),
    minTests: count.min(1).default(1),
    perProvider: z.boolean().default(false),
  })
  .refine((e) => e.minPassRate !== undefined || e.maxFailures !== undefined, {
    message: "needs a bar: add minPassRate (percent) or maxFailures",
  });

export const costEvidence = z.strictObject({
  file: evidencePath,
  requestsPerMonth: z.number().finite().positive(),
  headroom: z.number().finite().min(1, "must be at least 1 (a safety factor on the volume)").default(1),
  maxMonthlyUsd: nonNegative,
  pricePerMillionTokens: z.strictObject({ input: nonNegative, output: nonNegative }).optional(),
});

const bound = z.number().finite().optional();
const hasBound = [
  (b: { min?: number; max?: number }) => b.min !== undefined || b.max !== undefined,
  { message: "needs a bar: add min or max" },
] as const;

export const benchmarkEvidence = z
  .strictObject({
    file: evidencePath,
    task: text.optional(),
    metric: text,
    min: bound,
    max: bound,
    minSamples: count.optional(),
  })
  .refine(...hasBound);

export const modelcardEvidence = z
  .strictObject({
    file: evidencePath,
    sections: z.array(text).default([]),
    license: z.boolean().default(false),
    results: z
      .array(z.strictObject({ task: text, metric: text, min: bound, max: bound }).refine(...hasBound))
      .default([]),
  })
  .refine((m) => m.sections.length > 0 || m.license || m.results.length > 0, {
    message: "needs something to check: add sections, license: true or results",
  });

/** How far one metric may fall below its baseline value: in the metric's own units, or in percent of it. */
export const dropBar = z
  .strictObject({
    maxDrop: nonNegative.optional(),
    maxDropPercent: z.number().finite().min(0).max(100).optional(),
    /** Overrides the check's direction for this metric. */
    higherIsBetter: z.boolean().optional(),
  })
  .refine((d) => d.maxDrop !== undefined || d.maxDropPercent !== undefined, {
    message: "needs a bar: add maxDrop or maxDropPercent",
  });

export const regressionEvidence = z
  .strictObject({
    file: evidencePath,
    /** Paths as in `metric`, each with how far it may drop against the baseline. */
    metrics: z.record(text, dropBar).default({}),
    /** Unset: true, unless the file itself states the direction (lm-eval's `higher_is_better`). */
    higherIsBetter: z.boolean().optional(),
    /** The most eval cases that passed at the baseline and may fail now (eval suites only). */
    newFailures: count.optional(),
    /** A drop within this many standard errors the file states is noise, not a regression. */
    noise: nonNegative.optional(),
    ifNoBaseline: z.enum(["fail", "pass"]).default("fail"),
  })
  .refine((r) => Object.keys(r.metrics).length > 0 || r.newFailures !== undefined, {
    message: "needs a bar: add metrics (path: { maxDrop } or { maxDropPercent }) or newFailures",
  });

export const datachecksEvidence = z.strictObject({
  files: evidencePath,
  maxFailed: count.default(0),
  minEvaluated: count.min(1).default(1),
});

export const driftEvidence = z
  .strictObject({
    file: evidencePath,
    maxDriftedShare: z.number().finite().min(0).max(1).optional(),
    /** Columns that must not drift at all. */
    columns: z.array(text).default([]),
  })
  .refine((d) => d.maxDriftedShare !== undefined || d.columns.length > 0, {
    message: "needs a bar: add maxDriftedShare (0 to 1) or columns",
  });

/** Ties a check's JSON or YAML evidence to the model that ships: a value in it equals one in another file. */
export const bindSchema = z.strictObject({
  path: text,
  equals: z.strictObject({ file: evidencePath, path: text }),
});

export const evidenceSchemas = {
  file: fileEvidence,
  doc: docEvidence,
  contains: containsEvidence,
  metric: metricEvidence,
  junit: junitEvidence,
  coverage: coverageEvidence,
  loadtest: loadtestEvidence,
  alerts: alertsEvidence,
  approval: approvalEvidence,
  ci: ciEvidence,
  evals: evalsEvidence,
  cost: costEvidence,
  benchmark: benchmarkEvidence,
  modelcard: modelcardEvidence,
  regression: regressionEvidence,
  datachecks: datachecksEvidence,
  drift: driftEvidence,
} as const;

export type FileSpec = z.infer<typeof fileEvidence>;
export type DocSpec = z.infer<typeof docEvidence>;
export type ContainsSpec = z.infer<typeof containsEvidence>;
export type MetricSpec = z.infer<typeof metricEvidence>;
export type JUnitSpec = z.infer<typeof junitEvidence>;
export type CoverageSpec = z.infer<typeof coverageEvidence>;
export type LoadtestSpec = z.infer<typeof loadtestEvidence>;
export type AlertsSpec = z.infer<typeof alertsEvidence>;
export type ApprovalSpec = z.infer<typeof approvalEvidence>;
export type CiSpec = z.infer<typeof ciEvidence>;
export type EvalsSpec = z.infer<typeof evalsEvidence>;
export type CostSpec = z.infer<typeof costEvidence>;
export type BenchmarkSpec = z.infer<typeof benchmarkEvidence>;
export type ModelcardSpec = z.infer<typeof modelcardEvidence>;
export type DropBar = z.infer<typeof dropBar>;
export type RegressionSpec = z.infer<typeof regressionEvidence>;
export type DatachecksSpec = z.infer<typeof datachecksEvidence>;
export type DriftSpec = z.infer<typeof driftEvidence>;
export type BindSpec = z.infer<typeof bindSchema>;

/** `30d`, `12h`, `90m`, `2w`. */
export const DURATION = /^([1-9][0-9]{0,5})([mhdw])$/;
const duration = z.string().regex(DURATION, "must be a duration such as 30d, 12h or 2w");

export const checkSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and dashes (e.g. eval-f1)"),
  title: text.max(200).optional(),
  category: z.enum(CATEGORIES),
  stage: text.optional(),
  maxAge: duration.optional(),
  /** Where a JSON or YAML evidence file states its own timestamp (dots and [n]); wins over git history. */
  ageFrom: text.optional(),
  /** The evidence is about the model that ships: a value in it equals one in another file (DESIGN section 8). */
  bind: bindSchema.optional(),
  file: fileEvidence.optional(),
  doc: docEvidence.optional(),
  contains: containsEvidence.optional(),
  metric: metricEvidence.optional(),
  junit: junitEvidence.optional(),
  coverage: coverageEvidence.optional(),
  loadtest: loadtestEvidence.optional(),
  alerts: alertsEvidence.optional(),
  approval: approvalEvidence.optional(),
  ci: ciEvidence.optional(),
  evals: evalsEvidence.optional(),
  cost: costEvidence.optional(),
  benchmark: benchmarkEvidence.optional(),
  modelcard: modelcardEvidence.optional(),
  regression: regressionEvidence.optional(),
  datachecks: datachecksEvidence.optional(),
  drift: driftEvidence.optional(),
});

export const stageSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, "must be lowercase letters, digits, - or _"),
  branches: z.array(text).default([]),
  /** Categories this stage requires a check in (the highest stage requires all six). Cumulative upwards. */
  covers: z.array(z.enum(CATEGORIES)).optional(),
});

/** A calendar date, `YYYY-MM-DD`; the waiver holds through the end of that day (UTC). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      message: "is not a real calendar date",
    },
  );

export const waiverSchema = z.strictObject({
  check: text,
  reason: text.max(500),
  approvedBy: principal,
  expires: isoDate,
});

/** A category the system declares not applicable, with an owner's approval (DESIGN section 7). */
export const notApplicableSchema = z.strictObject({
  category: z.enum(CATEGORIES),
  reason: text.max(500),
  approvedBy: principal,
});

export const readinessSchema = z.strictObject({
  version: z.literal(1, { message: "must be 1 (the only readiness format version)" }),
  system: z
    .string()
    .regex(
      /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/,
      "must be lowercase letters, digits, -, _ or . (e.g. claims-triage)",
    ),
  description: text.max(500).optional(),
  owners: z.array(principal).min(1, "name at least one owner (@user or @org/team)"),
  stages: z.array(stageSchema).min(1, "declare at least one stage"),
  checks: z.array(checkSchema).min(1, "declare at least one check"),
  waivers: z.array(waiverSchema).default([]),
  notApplicable: z.array(notApplicableSchema).default([]),
});

export type CheckSpec = z.infer<typeof checkSchema>;
export type StageSpec = z.infer<typeof stageSchema>;
export type WaiverSpec = z.infer<typeof waiverSchema>;
export type NotApplicableSpec = z.infer<typeof notApplicableSchema>;
export type ReadinessSpec = z.infer<typeof readinessSchema>;

/** The one evidence kind a validated check carries (validation guarantees exactly one). */
export type Evidence = { [K in EvidenceKind]: { kind: K; spec: NonNullable<CheckSpec[K]> } }[EvidenceKind];

export function evidenceOf(check: CheckSpec): Evidence {
  for (const kind of EVIDENCE_KINDS) {
    const spec = check[kind];
    if (spec !== undefined) return { kind, spec } as Evidence;
  }
  throw new Error(`check ${check.id} has no evidence kind`);
}

export function durationMs(value: string): number {
  const m = DURATION.exec(value);
  if (!m) throw new Error(`not a duration: ${value}`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as "m" | "h" | "d" | "w"];
  return Number(m[1]) * unit;
}
