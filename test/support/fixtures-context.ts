// An evidence context over test/fixtures, through the real disk view and run budget: what evidence tests
// use when a reader needs the bytes of a real file (the zipped inspect_ai log) or the budget's charges.
import { fileURLToPath } from "node:url";
import type { EvidenceContext } from "../../src/evidence/types.js";
import { BudgetedRepo, RunBudget } from "../../src/repo/budget.js";
import { FsRepo } from "../../src/repo/fs.js";

export const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url)).replace(/\/$/, "");

export function fixturesContext(root = FIXTURES): EvidenceContext {
  const run = new BudgetedRepo(new FsRepo(root), new RunBudget());
  return { repo: run.forCheck(), baseDir: "", now: new Date("2026-12-04T12:00:00Z") };
}
