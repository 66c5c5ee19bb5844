// The gate's public surface: stages, waivers, verdicts, levels and scores, all pure.
export { buildReport, judgeSystem, overallVerdict } from "./judge.js";
export {
  blockingCoverage,
  coverageOf,
  MISSING_SENTENCE,
  requiredCategories,
  stageCovered,
} from "./coverage.js";
export { resolveStage, undeclaredStage, type StageResolution } from "./stage.js";
export { daysLeft, EXPIRING_WITHIN_DAYS } from "./waivers.js";
export type * from "./types.js";
