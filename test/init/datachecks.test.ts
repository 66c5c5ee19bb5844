// init wires data validation results it finds (Great Expectations validation and checkpoint results,
// Deepchecks suite results, a report held as a JSON string included) into a `datachecks` check with stated
// bars, told apart by the `datachecks` kind's own readers; proven on test/fixtures/datachecks.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parseReadiness } from "../../src/config/load.js";
import { aiChecks, dataChecks } from "../../src/init/ai.js";
import { initReadiness } from "../../src/init/index.js";
import { FIXTURES } from "../support/fixtures-context.js";
import { cleanTempRepos, ownersFilledIn, tempRepo } from "./temp-repo.js";
import { prose } from "../support/init-output.js";

afterAll(cleanTempRepos);

const fixture = (name: string) => readFileSync(`${FIXTURES}/datachecks/${name}`, "utf8");

describe("data validation results, detected by the datachecks readers", () => {
  it("counts a GX validation result as the kind would: passed, failed and raised", () => {
    expect(
      dataChecks("gx/v.json", fixture("ge-0.18__validation-titanic-profiler-with-exception.json")),
    ).toEqual({
      kind: "data-checks",
      path: "gx/v.json",
      format: "Great Expectations 0.18 validation result",
      passed: 42,
      failed: 8,
      errors: 1,
    });
  });

  it("reads a Deepchecks report held as a JSON string", () => {
    expect(dataChecks("r.json", fixture("deepchecks__suite-as-json-string.json"))).toMatchObject({
      format: "Deepchecks suite result",
      passed: 2,
      failed: 0,
      errors: 0,
    });
  });

  it("leaves out what the readers refuse: other JSON, a malformed result, one with nothing in it", () => {
    expect(dataChecks("a.json", '{"name": "x", "results": {"version": 3}}')).toBeUndefined();
    const broken = JSON.parse(fixture("ge-1.x__checkpoint-describe-try-gx.json")) as {
      statistics: Record<string, number>;
    };
    broken.statistics.evaluated_validations = 3;
    expect(dataChecks("b.json", JSON.stringify(broken))).toBeUndefined();
    expect(
      dataChecks("c.json", '{"results": [], "statistics": {"evaluated_expectations": 0}}'),
    ).toBeUndefined();
  });

  it("the bars: maxFailed 0, minEvaluated what the file evaluates now; each file its own check", () => {
    const found = [
      dataChecks("gx/a.json", fixture("ge-1.x__checkpoint-describe-try-gx.json"))!,
      dataChecks("gx/b.json", fixture("ge-0.18__validation-titanic-4-raised.json"))!,
    ];
    const checks = aiChecks(found, (p) => p);
    expect(checks.map((c) => [c.id, c.category, c.kind, c.spec])).toEqual([
      ["data-checks", "data", "datachecks", { files: "gx/a.json", maxFailed: 0, minEvaluated: 2 }],
      ["data-checks-2", "data", "datachecks", { files: "gx/b.json", maxFailed: 0, minEvaluated: 6 }],
    ]);
    expect(checks[0]!.comment.join(" ")).toContain(
      "It fails until they pass or maxFailed is raised on purpose.",
    );
    expect(checks[1]!.comment.join(" ")).toContain(
      "6 evaluated, 0 failed, 4 could not run. This check is an error until they run.",
    );
  });
});

describe("a validations store with many runs", () => {
  it("wires the first three and names the rest", () => {
    const one = dataChecks("x", fixture("ge-1.x__checkpoint-describe-try-gx.json"))!;
    const found = [1, 2, 3, 4, 5].map((n) => ({ ...one, path: `gx/validations/run-${n}.json` }));
    const checks = aiChecks(found, (p) => p);
    expect(checks.map((c) => c.id)).toEqual(["data-checks", "data-checks-2", "data-checks-3"]);
    expect(checks[2]!.comment.at(-1)).toBe(
      "Also found 2 more data validation results, not wired: gx/validations/run-4.json, gx/validations/run-5.json; point files at the one each run writes.",
    );
    expect(checks[0]!.comment.join(" ")).not.toContain("Also found");
  });
});

describe("init on a repository holding data validation results", () => {
  it("writes a live datachecks check for each, with its bars and why", async () => {
    const root = tempRepo("data-checks", {
      "gx/uncommitted/validations/taxi/run/20240101T000000Z/batch.json": fixture(
        "ge-1.x__validation-titanic-profiler-with-exception.json",
      ),
      "reports/deepchecks_integrity.json": fixture("deepchecks__suite-as-json-string.json"),
    });
    const { text, discovery } = await initReadiness({ root, branch: "main" });
    expect(parseReadiness("readiness.yml", ownersFilledIn(text)).problems).toEqual([]);
    // Shallowest first, as the scan walks.
    expect(
      discovery.ai
        .filter((f) => f.kind === "data-checks")
        .map((f) => [f.path, f.kind === "data-checks" && f.format]),
    ).toEqual([
      ["reports/deepchecks_integrity.json", "Deepchecks suite result"],
      [
        "gx/uncommitted/validations/taxi/run/20240101T000000Z/batch.json",
        "Great Expectations 1.x validation result",
      ],
    ]);
    // Too long for one line: a block mapping, one key a line.
    expect(text).toMatch(
      /^ {4}datachecks:\n {6}files: "gx\/uncommitted\/validations\/taxi\/run\/20240101T000000Z\/batch\.json"\n {6}maxFailed: 0\n {6}minEvaluated: 50$/m,
    );
    expect(text).toMatch(
      /^ {4}datachecks: \{ files: "reports\/deepchecks_integrity\.json", maxFailed: 0, minEvaluated: 2 \}$/m,
    );
    expect(text).toMatch(/^ {4}category: data$/m);
    expect(prose(text)).toMatch(
      /minEvaluated 50 is what the file evaluates now, so a suite that quietly shrinks fails/,
    );
  });
});
