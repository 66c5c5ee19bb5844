// The direction of imports between the folders of src/ is enforced by the linter (eslint.config.js):
// these tests lint small files placed in a layer, through ESLint's own API and the project's config, and
// check that a reach-back upward is an error naming both folders while an import downward is not.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => m.message);
}

describe("the linter enforces the direction of imports", () => {
  it.each([
    // The reach-backs the architecture review found, each now an error.
    [
      "src/config/load-probe.ts",
      'import { parsePath } from "../evidence/jsonpath.js";\nparsePath("a");\n',
      "src/evidence/",
    ],
    ["src/config/load-probe.ts", 'import { FsRepo } from "../repo/fs.js";\nnew FsRepo("/");\n', "src/repo/"],
    [
      "src/github/facts-probe.ts",
      'import { TEAM_PERMISSION_HINT } from "../evidence/approval.js";\nconsole.log(TEAM_PERMISSION_HINT);\n',
      "only types from src/evidence/",
    ],
    ["src/github/probe.ts", 'import { run } from "../main.js";\nrun();\n', "entry points"],
    [
      "src/report/words-probe.ts",
      'import { evaluateCheck } from "../evidence/index.js";\nevaluateCheck();\n',
      "src/evidence/",
    ],
    [
      "src/base/probe.ts",
      'import { loadReadiness } from "../config/load.js";\nloadReadiness();\n',
      "src/config/",
    ],
    [
      "src/repo/probe.ts",
      'import { evaluateCheck } from "../evidence/index.js";\nevaluateCheck();\n',
      "src/evidence/",
    ],
    [
      "src/evidence/parse/probe.ts",
      'import { renderText } from "../../report/text.js";\nrenderText();\n',
      "src/report/",
    ],
    [
      "src/gate/probe.ts",
      'import { publishCheckRun } from "../github/checkrun.js";\npublishCheckRun();\n',
      "src/github/",
    ],
    ["src/init/probe.ts", 'import { judgeSystem } from "../gate/index.js";\njudgeSystem();\n', "src/gate/"],
    ["src/evidence/probe.ts", 'import * as core from "@actions/core";\ncore.info("x");\n', "GitHub"],
  ])("%s: %s is refused", async (file, code, named) => {
    const errors = await layeringErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(named);
  });

  it.each([
    ["src/config/probe.ts", 'import { parsePath } from "../base/jsonpath.js";\nparsePath("a");\n'],
    [
      "src/evidence/probe.ts",
      'import { EvidenceError } from "../base/errors.js";\nnew EvidenceError("x", "missing");\n',
    ],
    [
      "src/report/probe.ts",
      'import type { Finding } from "../evidence/types.js";\nexport type F = Finding;\n',
    ],
    [
      "src/github/probe.ts",
      'import type { Annotation } from "../report/annotations.js";\nexport type A = Annotation;\n',
    ],
    [
      "src/github/probe.ts",
      'import { TEAM_PERMISSION_HINT } from "../base/hints.js";\nconsole.log(TEAM_PERMISSION_HINT);\n',
    ],
    ["src/main-probe.ts", 'import { runGate } from "./engine.js";\nrunGate();\n'],
  ])("%s: %s is allowed", async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });

  it("the whole of src/ follows the layering today", async () => {
    const results = await eslint.lintFiles(["src/**/*.ts"]);
    const reachBacks = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")
        .map((m) => `${r.filePath}:${m.line}: ${m.message}`),
    );
    expect(reachBacks).toEqual([]);
  });
});
