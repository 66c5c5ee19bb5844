// "A No-go must block" (DESIGN.md section 7), end to end: the bundled action asks the fake GitHub whether the
// gated branch requires the shipgate check, sets `enforced`, and warns in the comment and the job summary
// when a No-go would block nothing. Payloads are @octokit/webhooks-examples; every request is checked
// against GitHub's OpenAPI description, responses too.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ActionRun } from "../support/action-runner.js";
import type { RulesetSeed } from "../support/fake-github/state.js";
import { checkReportSchema } from "../support/report-schema.js";
import {
  evidence,
  explain,
  mergeGroupWorld,
  pullRequestWorld,
  pushWorld,
  README_PATH,
  readinessYaml,
  type World,
} from "./scenario.js";

const RULES = "GET /repos/{owner}/{repo}/rules/branches/{branch}";
const BRANCH = "GET /repos/{owner}/{repo}/branches/{branch}";

/** A ruleset as an admin makes it in Settings → Rules: the shipgate check from GitHub Actions on main. */
function requiring(integrationId: number | undefined, include = ["~DEFAULT_BRANCH"]): RulesetSeed {
  return {
    name: "protect main",
    include,
    rules: [
      { type: "deletion" },
      {
        type: "required_status_checks",
        parameters: {
          strict_required_status_checks_policy: false,
          required_status_checks: [
            { context: "ci/build", integration_id: 15368 },
            integrationId === undefined
              ? { context: "shipgate" }
              : { context: "shipgate", integration_id: integrationId },
          ],
        },
      },
    ],
  };
}

async function goPullRequest(fake: Parameters<typeof pullRequestWorld>[0]["fake"] = {}): Promise<World> {
  return pullRequestWorld({
    base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
    head: evidence(0.8),
    fake,
  });
}

function comment(world: World): string {
  return world.fake.state.commentsOn(7)[0]?.body ?? "";
}

const keptDirs: string[] = [];
afterEach(() => {
  for (const dir of keptDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the action with a RUNNER_TEMP that outlives the run, so its JSON report can be read. */
function runKept(world: World): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "shipgate-enforced-"));
  keptDirs.push(dir);
  return world.run({ env: { RUNNER_TEMP: dir } });
}

function jsonReport(path: string | undefined): Record<string, unknown> {
  expect(path).toBeDefined();
  const report = JSON.parse(readFileSync(path!, "utf8")) as Record<string, unknown>;
  const schema = checkReportSchema(report);
  expect(schema.ok, schema.errors).toBe(true);
  return report;
}

describe("enforced: whether a No-go blocks the merge", () => {
  it("true when a ruleset requires shipgate from GitHub Actions: one API call, no warning", async () => {
    const world = await goPullRequest({ rulesets: [requiring(15368)] });
    const run = await runKept(world);
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    expect(run.outputs.enforced).toBe("true");
    expect(world.fake.requestsTo(RULES).map((r) => r.path)).toEqual([
      "/repos/acme/claims-triage/rules/branches/main",
    ]);
    expect(world.fake.requestsTo(BRANCH)).toEqual([]);
    expect(comment(world)).not.toMatch(/does not block|cannot tell/i);
    expect(run.summary).not.toMatch(/does not block|cannot tell/i);
    expect(jsonReport(run.outputs.report).enforcement).toEqual({
      state: "enforced",
      check: "shipgate",
      branches: [
        {
          branch: "main",
          state: "required",
          reason: "ruleset 1 of acme/claims-triage requires the shipgate check from GitHub Actions",
        },
      ],
    });
    expect(world.fake.violations).toEqual([]);
  });

  it("true when a rule requires it from any source", async () => {
    const world = await goPullRequest({ rulesets: [requiring(undefined, ["refs/heads/main"])] });
    const run = await runKept(world);
    expect(run.outputs.enforced, explain(run)).toBe("true");
    expect(jsonReport(run.outputs.report).enforcement).toMatchObject({
      state: "enforced",
      branches: [
        {
          branch: "main",
          reason: "ruleset 1 of acme/claims-triage requires the shipgate check from any source",
        },
      ],
    });
    expect(world.fake.violations).toEqual([]);
  });

  it("true when classic branch protection requires it (two calls: the rules, then the branch)", async () => {
    const world = await goPullRequest({
      protections: { main: { checks: [{ context: "shipgate", app_id: 15368 }] } },
    });
    const run = await runKept(world);
    expect(run.outputs.enforced, explain(run)).toBe("true");
    expect(world.fake.requestsTo(RULES)).toHaveLength(1);
    expect(world.fake.requestsTo(BRANCH)).toHaveLength(1);
    expect(jsonReport(run.outputs.report).enforcement).toMatchObject({
      state: "enforced",
      branches: [
        {
          branch: "main",
          reason: "classic branch protection requires the shipgate check from GitHub Actions",
        },
      ],
    });
    expect(world.fake.violations).toEqual([]);
  });

  it("false when nothing requires it: the comment and the job summary name the branch and the fix", async () => {
    // A ruleset on other branches and classic protection that requires other checks do not count.
    const world = await goPullRequest({
      rulesets: [requiring(15368, ["refs/heads/release/**/*"])],
      protections: { main: { checks: [{ context: "ci/build", app_id: 15368 }] } },
    });
    const run = await runKept(world);
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.enforced).toBe("false");
    expect(world.fake.requestsTo(RULES)).toHaveLength(1);
    expect(world.fake.requestsTo(BRANCH)).toHaveLength(1);
    for (const text of [comment(world), run.summary]) {
      expect(text).toContain("A No-go does not block merging into main");
      expect(text).toContain("`npx shipgate protect --apply`");
      expect(text).toContain("Settings → Rules → Rulesets");
      expect(text).toContain("https://github.com/acme/claims-triage/settings/rules");
    }
    // Right under the verdict line, where a reviewer reads first.
    const lines = comment(world).split("\n");
    const verdict = lines.findIndex((l) => l.startsWith("### "));
    expect(lines[verdict + 2]).toMatch(/^> ⚠️ \*\*A No-go does not block merging into main/);
    expect(
      run.annotations.some(
        (a) => a.command === "warning" && /does not block merging into main/.test(a.message),
      ),
    ).toBe(true);
    expect(jsonReport(run.outputs.report).enforcement).toMatchObject({
      state: "not-enforced",
      branches: [{ branch: "main", state: "not-required" }],
    });
    expect(world.fake.violations).toEqual([]);
  });

  it("false when the only rule requires shipgate from another app: our No-go neither fails nor passes it", async () => {
    const world = await goPullRequest({ rulesets: [requiring(424242)] });
    const run = await runKept(world);
    expect(run.outputs.enforced, explain(run)).toBe("false");
    expect(comment(world)).toContain("requires shipgate from app 424242, not GitHub Actions");
    expect(world.fake.violations).toEqual([]);
  });

  it("unknown when GitHub will not say: a quieter note, the verdict and exit code unchanged", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: { "src/app.py": "print('hi')\n" },
    });
    world.fake.fail({
      route: BRANCH,
      times: Infinity,
      with: {
        status: 403,
        body: {
          message: "Resource not accessible by integration",
          documentation_url: "https://docs.github.com/rest",
        },
      },
    });
    const run = await runKept(world);
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(run.outputs.enforced).toBe("unknown");
    const body = comment(world);
    expect(body).toContain("ℹ️ **Shipgate cannot tell whether main requires the shipgate check");
    expect(body).toContain("failed with 403");
    expect(body).not.toContain("does not block");
    expect(run.annotations.filter((a) => /require/.test(a.message))).toEqual([]);
    expect(jsonReport(run.outputs.report).enforcement).toMatchObject({
      state: "unknown",
      branches: [{ branch: "main", state: "unknown" }],
    });
    expect(world.fake.violations).toEqual([]);
  });

  it("unknown, with no API call, when the run gates no branch (not-gated)", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: { "src/app.py": "print('hi')\n" },
      baseBranch: "docs-site",
    });
    const run = await runKept(world);
    expect(run.outputs.verdict, explain(run)).toBe("not-gated");
    expect(run.outputs.enforced).toBe("unknown");
    expect(world.fake.requestsTo(RULES)).toEqual([]);
    expect(world.fake.requestsTo(BRANCH)).toEqual([]);
    expect(jsonReport(run.outputs.report).enforcement).toBeUndefined();
    expect(world.fake.violations).toEqual([]);
  });

  it("a merge group asks about its base branch", async () => {
    const queue = await mergeGroupWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: { "src/app.py": "print('hi')\n" },
      fake: { rulesets: [requiring(15368, ["refs/heads/main"])] },
    });
    const queued = await runKept(queue);
    expect(queued.outputs.enforced, explain(queued)).toBe("true");
    expect(queue.fake.requestsTo(RULES).map((r) => r.path)).toEqual([
      "/repos/acme/claims-triage/rules/branches/main",
    ]);
    expect(queue.fake.violations).toEqual([]);
  });

  it("a push asks about the branch pushed to", async () => {
    const push = await pushWorld({
      files: {
        [README_PATH]: readinessYaml().replace("branches: [staging]", "branches: [release/**]"),
        ...evidence(0.95),
      },
      branch: "release/2.0",
      fake: { rulesets: [requiring(15368, ["refs/heads/main"])] },
    });
    const pushed = await runKept(push);
    expect(pushed.outputs.verdict, explain(pushed)).toBe("go");
    expect(pushed.outputs.enforced).toBe("false");
    expect(push.fake.requestsTo(RULES).map((r) => r.path)).toEqual([
      "/repos/acme/claims-triage/rules/branches/release%2F2.0",
    ]);
    expect(pushed.summary).toContain("A No-go does not block merging into release/2.0");
    expect(push.fake.violations).toEqual([]);
  });
});
