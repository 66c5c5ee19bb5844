// Whether a No-go blocks the merge, as every renderer says it: a warning when a gated branch does not require
// the shipgate check, a quieter note when GitHub could not say, nothing when it is enforced.
import { describe, expect, it } from "vitest";
import type { Enforcement, GateReport } from "../../src/gate/types.js";
import { renderHtml } from "../../src/report/html.js";
import { renderJson } from "../../src/report/json.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderText } from "../../src/report/text.js";
import { checkReportSchema } from "../support/report-schema.js";
import { LINKS, noGoReport } from "./reports.js";

function withEnforcement(enforcement: Enforcement): GateReport {
  return { ...noGoReport(), enforcement };
}

const NOT_ENFORCED: Enforcement = {
  state: "not-enforced",
  check: "shipgate",
  branches: [
    {
      branch: "main",
      state: "not-required",
      reason: "no active ruleset and no classic branch protection rule requires the shipgate check",
    },
  ],
};

const UNKNOWN: Enforcement = {
  state: "unknown",
  check: "shipgate",
  branches: [
    {
      branch: "release/*_x_",
      state: "unknown",
      reason:
        "the branch's rules could not be read: GET /repos/a/b/rules/branches/x failed with 500: <b>boom</b>",
    },
  ],
};

const ENFORCED: Enforcement = {
  state: "enforced",
  check: "shipgate",
  branches: [
    {
      branch: "main",
      state: "required",
      reason: "ruleset 7 of a/b requires the shipgate check from GitHub Actions",
    },
  ],
};

describe("the enforcement fact in the report", () => {
  it("not enforced: a warning under the verdict naming the branch, the command and the settings page", () => {
    const md = renderMarkdown(withEnforcement(NOT_ENFORCED), { links: LINKS });
    const lines = md.split("\n");
    expect(lines[0]).toMatch(/^### ❌ /);
    expect(lines[2]).toBe(
      "> ⚠️ **A No-go does not block merging into main: the branch does not require the shipgate check.** no active ruleset and no classic branch protection rule requires the shipgate check.",
    );
    expect(lines[4]).toContain(
      "To make it block: run `npx shipgate protect --apply` with a repository admin's token",
    );
    expect(lines[4]).toContain(`(<${LINKS.serverUrl}/${LINKS.repository}/settings/rules>)`);

    const text = renderText(withEnforcement(NOT_ENFORCED), { color: false });
    expect(text.split("\n")[1]).toMatch(/^⚠ A No-go does not block merging into main/);
    expect(text).toContain("to make it block: run npx shipgate protect --apply");

    const html = renderHtml(withEnforcement(NOT_ENFORCED), { links: LINKS });
    expect(html).toContain('<p class="blocker"><strong>A No-go does not block merging into main');
    expect(html).toContain("<code>npx shipgate protect --apply</code>");
  });

  it("unknown: a quieter note, with GitHub's words escaped in every format", () => {
    const md = renderMarkdown(withEnforcement(UNKNOWN));
    expect(md).toContain(
      "> ℹ️ **Shipgate cannot tell whether release/\\*\\_x\\_ requires the shipgate check",
    );
    expect(md).not.toContain("<b>");
    expect(md).not.toContain("does not block");
    const html = renderHtml(withEnforcement(UNKNOWN));
    expect(html).toContain('<p class="note"><strong>Shipgate cannot tell');
    expect(html).toContain("&lt;b&gt;boom&lt;/b&gt;");
    expect(renderText(withEnforcement(UNKNOWN), { color: false })).toMatch(
      /\ni Shipgate cannot tell whether release\/\*_x_ requires/,
    );
  });

  it("enforced, or not asked: nothing is said", () => {
    const quiet = renderMarkdown(noGoReport());
    expect(renderMarkdown(withEnforcement(ENFORCED))).toBe(quiet);
    expect(renderText(withEnforcement(ENFORCED), { color: false })).toBe(
      renderText(noGoReport(), { color: false }),
    );
  });

  it.each([
    ["enforced", ENFORCED],
    ["not enforced", NOT_ENFORCED],
    ["unknown", UNKNOWN],
  ] as const)("%s: the JSON report carries it, conforming to docs/report-schema.md", (_name, enforcement) => {
    const json = JSON.parse(renderJson(withEnforcement(enforcement))) as Record<string, unknown>;
    expect(json.enforcement).toEqual(enforcement);
    expect(Object.keys(json).indexOf("enforcement")).toBe(Object.keys(json).indexOf("problems") + 1);
    const checked = checkReportSchema(json);
    expect(checked.errors).toBe("No errors");
  });
});
