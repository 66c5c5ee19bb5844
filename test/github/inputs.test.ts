import { describe, expect, it } from "vitest";
import { DEFAULT_FILES, gateFails, parseInputs, type RawInputs } from "../../src/github/inputs.js";

/** What the runner hands over when a workflow gives only the token (action.yml defaults nothing else). */
const onlyToken: RawInputs = {
  "github-token": "ghs_token",
  files: "",
  stage: "",
  comment: "",
  "fail-on": "",
  "html-report": "",
  "allow-no-systems": "",
};

describe("parseInputs", () => {
  it("fills every default from the one schema when only the token is given", () => {
    const result = parseInputs(onlyToken);
    expect(result).toEqual({
      ok: true,
      inputs: {
        githubToken: "ghs_token",
        files: DEFAULT_FILES,
        stage: undefined,
        comment: "auto",
        failOn: "no-go",
        htmlReport: false,
        allowNoSystems: false,
      },
    });
  });

  it("takes the values a workflow sets, trimmed and case-insensitive for the enums", () => {
    const result = parseInputs({
      "github-token": "ghs_token",
      files: " systems/**/readiness.yml ",
      stage: "pilot",
      comment: "Never",
      "fail-on": " conditional",
      "html-report": "True",
      "allow-no-systems": " TRUE",
    });
    expect(result.ok && result.inputs).toEqual({
      githubToken: "ghs_token",
      files: "systems/**/readiness.yml",
      stage: "pilot",
      comment: "never",
      failOn: "conditional",
      htmlReport: true,
      allowNoSystems: true,
    });
  });

  it("refuses an unknown fail-on and comment mode, naming the input and the allowed values", () => {
    const result = parseInputs({
      ...onlyToken,
      comment: "sometimes",
      "fail-on": "warning",
      "html-report": "yes",
      "allow-no-systems": "1",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      "comment must be auto, always or never",
      "fail-on must be no-go, conditional or never",
      "html-report must be true or false",
      "allow-no-systems must be true or false",
    ]);
  });

  it("refuses an empty token with the fix", () => {
    const result = parseInputs({ ...onlyToken, "github-token": "  " });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^github-token is empty: leave the input out/);
  });

  it("refuses a stage that no readiness file could declare", () => {
    const result = parseInputs({ ...onlyToken, stage: "Production!" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(["stage must be a stage name such as production"]);
  });
});

describe("gateFails", () => {
  const table: Array<[string, "no-go" | "conditional" | "never", boolean]> = [
    ["no-go", "no-go", true],
    ["conditional", "no-go", false],
    ["go", "no-go", false],
    ["not-gated", "no-go", false],
    ["no-go", "conditional", true],
    ["conditional", "conditional", true],
    ["go", "conditional", false],
    ["no-go", "never", false],
    ["conditional", "never", false],
  ];
  it.each(table)("verdict %s with fail-on %s fails: %s", (verdict, failOn, fails) => {
    expect(gateFails(verdict, failOn)).toBe(fails);
  });
});
