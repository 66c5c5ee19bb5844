// Eval suites read through both real repository views: a checkout on disk (FsRepo) and a commit's tree
// (GitTreeRepo, as a baseline is read), the zipped `.eval` among them; a link out of the repository is
// refused for binary reads as for text; a `.eval` whose writer left no summaries.json is read from its
// samples/*.json.
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateEvals } from "../../src/evidence/evals.js";
import type { EvidenceContext } from "../../src/evidence/types.js";
import { BudgetedRepo, RunBudget } from "../../src/repo/budget.js";
import { FsRepo } from "../../src/repo/fs.js";
import { GitTreeRepo } from "../../src/repo/git-tree.js";
import type { RepoView } from "../../src/base/view.js";
import { git, writeInto } from "../support/git.js";
import { writeZip } from "../support/zip.js";

const corpus = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/corpus-ai/${name}`, import.meta.url)));

let scratch: string;
let repoDir: string;
let sha: string;
let tree: GitTreeRepo;

beforeAll(() => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), "shipgate-evals-")));
  repoDir = join(scratch, "repo");
  mkdirSync(repoDir);
  git(repoDir, ["init", "-q", "-b", "main"]);
  writeInto(repoDir, "sys/evals/input-task.eval", corpus("inspect-ai__input-task.eval"));
  writeInto(repoDir, "sys/evals/promptfoo.json", corpus("promptfoo__tds-project-2-prompts-mit.json"));
  const header = JSON.stringify({
    version: 2,
    status: "success",
    eval: { task: "t", model: "openai/gpt-4o-mini" },
    results: { total_samples: 2, completed_samples: 2, scores: [] },
  });
  writeInto(
    repoDir,
    "sys/old/no-summaries.eval",
    writeZip([
      { name: "header.json", data: header },
      {
        name: "samples/1_epoch_1.json",
        data: JSON.stringify({ id: 1, epoch: 1, scores: { m: { value: "C" } } }),
      },
      {
        name: "samples/2_epoch_1.json",
        data: JSON.stringify({ id: 2, epoch: 1, scores: { m: { value: "I" } } }),
      },
    ]),
  );
  writeInto(scratch, "outside.eval", corpus("inspect-ai__input-task.eval"));
  symlinkSync("../../outside.eval", join(repoDir, "sys/escape.eval"));
  git(repoDir, ["add", "-A"]);
  git(repoDir, ["commit", "-q", "-m", "evidence"], "2026-11-20T16:00:00Z");
  sha = git(repoDir, ["rev-parse", "HEAD"]);
  tree = new GitTreeRepo(repoDir, sha);
});

afterAll(() => {
  tree.close();
  rmSync(scratch, { recursive: true, force: true });
});

function ctx(view: RepoView): EvidenceContext {
  const run = new BudgetedRepo(view, new RunBudget());
  return { repo: run.forCheck(), baseDir: "sys", now: new Date("2026-12-04T12:00:00Z") };
}

const spec = (files: string) => ({ files, minPassRate: 70, minTests: 1, perProvider: false });

describe.each([
  ["a checkout on disk", () => new FsRepo(repoDir) as RepoView],
  ["a commit's tree", () => tree as RepoView],
])("eval suites read from %s", (_where, view) => {
  it("reads the zipped .eval and the promptfoo JSON together: 8 of 11 pass", async () => {
    const finding = await evaluateEvals(spec("evals/*"), ctx(view()));
    expect(finding.status).toBe("pass");
    expect(finding.summary).toContain(
      "inspect_ai, promptfoo: 8 of 11 cases pass (72.7%) ≥ 70% in sys/evals/* (2 files)",
    );
  });

  it("reads samples/*.json from a .eval with no summaries.json", async () => {
    const finding = await evaluateEvals(spec("old/no-summaries.eval"), ctx(view()));
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "inspect_ai: 1 of 2 cases pass (50.0%) < 70% in sys/old/no-summaries.eval; failing: sample 2",
    );
  });

  it("refuses a .eval that is a link out of the repository", async () => {
    const finding = await evaluateEvals(spec("escape.eval"), ctx(view()));
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "sys/escape.eval is a symbolic link that leads outside the repository; evidence must be a file inside it",
    );
  });
});
