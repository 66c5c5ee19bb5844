// Evidence that pings people and carries links, end to end: the built action reads a JUnit report whose
// failing test is named `@octocat ping org/repo#1 https://evil.example ‮txt.exe`, a runbook with such a
// placeholder, a config file whose matched line carries it and a CI check run named after it, and what it
// sends to GitHub (the comment, the check run, its annotations), writes to the job summary and logs holds
// no live mention but the owners, no reference, no bare link and no hidden character.
import { describe, expect, it } from "vitest";
import { hiddenIn, liveInMarkdown, renderedTexts, WORD_JOINER } from "../support/inert-oracle.js";
import { evidence, explain, pullRequestWorld, README_PATH, readinessYaml } from "./scenario.js";

const HOSTILE = "@octocat ping org/repo#1 https://evil.example \u202Etxt.exe";
const OWNERS = ["@acme/ml-claims", "@carol"];

const CHECKS = `  - id: unit-tests
    category: system
    junit: { files: reports/junit.xml, minTests: 1, maxFailures: 0 }
  - id: no-debug
    category: operations
    contains: { file: config/serving.yml, pattern: "debug", absent: true }
  - id: integration
    category: system
    ci: { check: integration }
`;

const JUNIT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="claims" tests="2" failures="1">
  <testcase classname="claims" name="routes a claim"/>
  <testcase classname="claims" name="${HOSTILE}"><failure message="${HOSTILE}">${HOSTILE}</failure></testcase>
</testsuite>
`;

/** The placeholder is quoted up to 40 characters: the mention, the reference and a www link fit. */
const RUNBOOK_WITH_PLACEHOLDER = `# Runbook

## Trigger
Roll back when the F1 alert fires for more than ten minutes or adjusters report misrouted claims.

## Steps
lorem ipsum @octocat org/repo#1 www.x.io
`;

const GOOD = {
  "systems/claims/reports/junit.xml": JUNIT.replace(/<failure.*<\/failure>/, "").replaceAll(HOSTILE, "ok"),
  "systems/claims/config/serving.yml": "log_level: info\n",
};

const HOSTILE_EVIDENCE = {
  "systems/claims/reports/junit.xml": JUNIT,
  "systems/claims/config/serving.yml": `log_level: info\ndebug: true # ${HOSTILE}\n`,
  "systems/claims/docs/runbook.md": RUNBOOK_WITH_PLACEHOLDER,
};

describe("evidence that pings people and carries links reaches GitHub inert", () => {
  it("a failing test, a placeholder, a matched line and a CI check named '@octocat ping org/repo#1 https://evil.example ‮txt.exe'", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ extraChecks: CHECKS }), ...evidence(0.95), ...GOOD },
      head: HOSTILE_EVIDENCE,
    });
    world.fake.state.addCheckRun({ head_sha: world.ws.headSha, name: HOSTILE, conclusion: "success" });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(world.fake.violations).toEqual([]);

    const server = run.env.GITHUB_SERVER_URL || "https://github.com";
    const allowed = {
      owners: OWNERS,
      linkPrefix: `${server}/${world.fake.state.owner}/${world.fake.state.repo}/`,
    };
    const comment = world.fake.state.commentsOn(7)[0]?.body ?? "";
    const checkRun = world.fake.state.checkRuns.find((r) => r.name === "shipgate");
    expect(checkRun, explain(run)).toBeDefined();
    const markdown: Array<[string, string]> = [
      ["comment", comment],
      ["job summary", run.summary],
      ["check run summary", checkRun!.output.summary ?? ""],
      ["check run text", checkRun!.output.text ?? ""],
    ];
    for (const [name, text] of markdown) {
      expect(liveInMarkdown(text, allowed), name).toEqual([]);
      expect(hiddenIn(text, WORD_JOINER), name).toEqual([]);
    }
    const plain: Array<[string, string]> = [
      ["check run title", checkRun!.output.title ?? ""],
      ["log", run.stdout],
      ...checkRun!.annotations.map((a): [string, string] => [
        `annotation ${a.path}`,
        `${a.title}\n${a.message}`,
      ]),
    ];
    for (const [name, text] of plain) expect(hiddenIn(text), name).toEqual([]);

    // The evidence is still there to read, with the override shown where it was.
    const read = comment.replaceAll(WORD_JOINER, "");
    expect(read).toContain("@octocat ping org/repo#1 https://evil.example \\\\u{202E}txt.exe");
    expect(read).toContain("lorem ipsum @octocat org/repo#1 www.x.io");
    expect(read).toContain(`debug: true # @octocat ping org/repo#1 https://evil.example \\\\u{202E}txt.exe`);
    expect(run.stdout.replaceAll(WORD_JOINER, "")).toContain(
      "@octocat ping org/repo#1 https://evil.example \\u{202E}txt.exe",
    );
    // The owners are still asked.
    const owners = renderedTexts(comment).texts.find((t) => t.includes("Who can approve an exception"));
    expect(owners).toMatch(/@acme\/ml-claims, @carol \(/);
  });
});
