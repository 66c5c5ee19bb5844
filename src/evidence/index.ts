// One check's evidence, evaluated: dispatch to the module of its kind, then apply bind and maxAge.
import { evidenceOf, GITHUB_KINDS, type CheckSpec } from "../config/schema.js";
import { applyMaxAge } from "./age.js";
import { applyBind } from "./bind.js";
import { evaluateAlerts } from "./alerts.js";
import { evaluateApproval } from "./approval.js";
import { evaluateBenchmark } from "./benchmark.js";
import { evaluateCi } from "./ci.js";
import { evaluateContains } from "./contains.js";
import { evaluateCost } from "./cost.js";
import { evaluateDatachecks } from "./datachecks.js";
import { evaluateCoverage } from "./coverage.js";
import { evaluateDoc } from "./doc.js";
import { evaluateDrift } from "./drift.js";
import { evaluateEvals } from "./evals.js";
import { evaluateFile } from "./file.js";
import { evaluateJUnit } from "./junit.js";
import { evaluateLoadtest } from "./loadtest.js";
import { evaluateMetric } from "./metric.js";
import { evaluateModelcard } from "./modelcard.js";
import { evaluateRegression } from "./regression.js";
import type { EvidenceContext, Finding } from "./types.js";

export async function evaluateCheck(check: CheckSpec, ctx: EvidenceContext): Promise<Finding> {
  const evidence = evidenceOf(check);
  const github = ctx.github;
  if (GITHUB_KINDS.has(evidence.kind) && github === undefined) {
    return {
      status: "not-evaluable",
      summary: `${evidence.kind} evidence comes from GitHub and is not evaluable locally`,
      evidence: [],
    };
  }
  let finding: Finding;
  switch (evidence.kind) {
    case "file":
      finding = await evaluateFile(evidence.spec, ctx);
      break;
    case "doc":
      finding = await evaluateDoc(evidence.spec, ctx);
      break;
    case "contains":
      finding = await evaluateContains(evidence.spec, ctx);
      break;
    case "metric":
      finding = await evaluateMetric(evidence.spec, ctx);
      break;
    case "junit":
      finding = await evaluateJUnit(evidence.spec, ctx);
      break;
    case "coverage":
      finding = await evaluateCoverage(evidence.spec, ctx);
      break;
    case "loadtest":
      finding = await evaluateLoadtest(evidence.spec, ctx);
      break;
    case "alerts":
      finding = await evaluateAlerts(evidence.spec, ctx);
      break;
    case "approval":
      finding = await evaluateApproval(evidence.spec, github!);
      break;
    case "ci":
      finding = await evaluateCi(evidence.spec, github!);
      break;
    case "evals":
      finding = await evaluateEvals(evidence.spec, ctx);
      break;
    case "cost":
      finding = await evaluateCost(evidence.spec, ctx);
      break;
    case "benchmark":
      finding = await evaluateBenchmark(evidence.spec, ctx);
      break;
    case "modelcard":
      finding = await evaluateModelcard(evidence.spec, ctx);
      break;
    // Being built on their own branches (issue 13); each replaces its line.
    case "datachecks":
      finding = await evaluateDatachecks(evidence.spec, ctx);
      break;
    case "drift":
      finding = await evaluateDrift(evidence.spec, ctx);
      break;
    case "regression":
      finding = await evaluateRegression(evidence.spec, ctx);
      break;
  }
  if (check.bind) finding = await applyBind(check.bind, finding, ctx);
  return check.maxAge ? applyMaxAge(check, finding, ctx) : finding;
}
