// The action's documented inputs and outputs are checked against action.yml and the input schema, so
// the docs cannot drift from what the action really accepts.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { parseInputs } from "../../src/github/inputs.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const actionYml = parse(readFileSync(`${root}action.yml`, "utf8")) as {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
};

/** Rows of the Markdown table that follows `heading` in a document: first cell and second cell. */
function tableAfter(doc: string, heading: string): Array<[string, string]> {
  const start = doc.indexOf(heading);
  expect(start, `${heading} is in the document`).toBeGreaterThanOrEqual(0);
  const rows: Array<[string, string]> = [];
  for (const line of doc.slice(start).split("\n").slice(1)) {
    if (rows.length > 0 && !line.startsWith("|")) break;
    if (!line.startsWith("|") || /^\|\s*-/.test(line)) continue;
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    rows.push([cells[0] ?? "", cells[1] ?? ""]);
  }
  return rows.slice(1); // header row
}

const unticked = (cell: string) => cell.replace(/^`|`$/g, "");

describe.each(["docs/action.md", "README.md"])("%s", (file) => {
  const doc = readFileSync(`${root}${file}`, "utf8");

  it("documents exactly the inputs action.yml declares, in order", () => {
    expect(tableAfter(doc, "## Inputs").map(([name]) => unticked(name))).toEqual(
      Object.keys(actionYml.inputs),
    );
  });

  it("documents exactly the outputs action.yml declares, in order", () => {
    expect(tableAfter(doc, "## Outputs").map(([name]) => unticked(name))).toEqual(
      Object.keys(actionYml.outputs),
    );
  });

  it("states the defaults the input schema applies", () => {
    const defaults = parseInputs({
      "github-token": "t",
      files: "",
      stage: "",
      comment: "",
      "fail-on": "",
      "html-report": "",
      "allow-no-systems": "",
    });
    if (!defaults.ok) throw new Error(defaults.problems.join("; "));
    const documented = Object.fromEntries(
      tableAfter(doc, "## Inputs").map(([name, def]) => [unticked(name), def]),
    );
    expect(documented["github-token"]).toBe("`${{ github.token }}`");
    expect(documented.files).toBe(`\`${defaults.inputs.files}\``);
    expect(documented.comment).toBe(`\`${defaults.inputs.comment}\``);
    expect(documented["fail-on"]).toBe(`\`${defaults.inputs.failOn}\``);
    expect(documented["html-report"]).toBe(`\`${String(defaults.inputs.htmlReport)}\``);
    expect(documented["allow-no-systems"]).toBe(`\`${String(defaults.inputs.allowNoSystems)}\``);
    expect(defaults.inputs.stage).toBeUndefined();
  });
});

describe("action.yml", () => {
  it("runs the committed bundle on node24 and defaults only the token", () => {
    expect(actionYml.runs).toEqual({ using: "node24", main: "dist/index.js" });
    const withDefaults = Object.entries(actionYml.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name]) => name);
    expect(withDefaults).toEqual(["github-token"]);
  });
});
