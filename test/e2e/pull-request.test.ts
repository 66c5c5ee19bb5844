// The action on pull requests, end to end: verdicts, the check run, the sticky comment.
import { describe, expect, it } from "vitest";
import { GITHUB_ACTIONS_BOT } from "../support/fake-github/index.js";
import {
  annotationLines,
  evidence,
  explain,
  pullRequestWorld,
  README_PATH,
  readinessYaml,
} from "./scenario.js";

const CHECK_RUNS = "POST /repos/{owner}/{repo}/check-runs";

describe("a pull request into main", () => {
  it("go: exits 0, a passing check run on the PR head, one comment, outputs set", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: { "src/app.py": "print('hi')\n" },
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("go");
    expect(run.outputs.stage).toBe("production");
    expect(run.outputs.report).toMatch(/shipgate-report\.json$/);
    const [checkRun, ...more] = world.fake.state.checkRuns;
    expect(more).toEqual([]);
    expect(checkRun).toMatchObject({
      name: "shipgate",
      head_sha: world.ws.headSha,
      status: "completed",
      conclusion: "success",
    });
    const comments = world.fake.state.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("<!-- shipgate:sticky -->");
    expect(comments[0]?.body).toContain(`<!-- shipgate:head ${world.ws.headSha} -->`);
    expect(run.summary).toMatch(/Go/);
    expect(run.runnerErrors).toEqual([]);
    expect(world.fake.violations).toEqual([]);

    // The API calls of a typical pull-request run, for the record.
    const calls = world.fake.requests.map((r) => `${r.status} ${r.route ?? r.path}`);
    console.log(`API calls of a typical pull-request run (${calls.length}):\n  ${calls.join("\n  ")}`);
    // The comparison of base and head, whether main requires the shipgate check (its rules, then the branch's
    // protection summary: no ruleset requires it here), the pull request's head read before a pass is
    // written, the check run, and the comment (head read again, comments listed, created, listed once more
    // for a racing twin).
    expect(calls.length).toBeLessThanOrEqual(9);
    expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/rules/branches/{branch}")).toHaveLength(1);
    expect(world.fake.requestsTo("GET /repos/{owner}/{repo}/branches/{branch}")).toHaveLength(1);
    expect(run.outputs.enforced).toBe("false");
  });

  it("no-go: exits 1, a failing check run annotated at the readiness file line, the reason in the log", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.8),
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    expect(run.outputs.verdict).toBe("no-go");
    const checkRun = world.fake.state.checkRuns[0];
    expect(checkRun?.conclusion).toBe("failure");
    // eval-f1 starts at line 11 of the readiness file.
    expect(
      checkRun?.annotations.some(
        (a) => a.path === README_PATH && a.start_line === 11 && a.annotation_level === "failure",
      ),
    ).toBe(true);
    expect(annotationLines(run)).toContain(`error ${README_PATH}:11 shipgate: eval-f1`);
    expect(run.stdout).toMatch(/0\.8/);
    expect(run.stdout).toMatch(/::error::Shipgate: /);
    expect(world.fake.violations).toEqual([]);
  });

  it("a re-run after a fix updates the same comment in place", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.8),
    });
    const first = await world.run();
    expect(first.exitCode, explain(first)).toBe(1);
    const [comment] = world.fake.state.commentsOn(7);
    expect(comment?.body).toMatch(/No-go/i);

    // The author pushes a fix: the pull request has a new head whose evidence passes.
    const fixed = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.97),
    });
    const pull = world.fake.state.pullRequests.get(7)!;
    pull.head.sha = fixed.ws.headSha;
    world.fake.state.setFiles(fixed.ws.headSha, fixed.ws.files.head);
    world.fake.state.setFiles(fixed.ws.baseSha, fixed.ws.files.base);
    const second = await fixed.run({ api: world.fake, event: { ...fixed.event } });
    expect(second.exitCode, explain(second)).toBe(0);
    const comments = world.fake.state.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.id).toBe(comment?.id);
    expect(comments[0]?.body).toContain(`<!-- shipgate:head ${fixed.ws.headSha} -->`);
    expect(world.fake.requestsTo("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}")).toHaveLength(1);
    expect(world.fake.violations).toEqual([]);
  });

  it("leaves another user's comment that carries the marker untouched", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.8),
    });
    const forged = world.fake.state.addComment({
      user: "mallory",
      body: "<!-- shipgate:sticky -->\n### ✅ Go (trust me)",
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    const comments = world.fake.state.commentsOn(7);
    expect(comments.find((c) => c.id === forged.id)?.body).toBe(
      "<!-- shipgate:sticky -->\n### ✅ Go (trust me)",
    );
    expect(comments.filter((c) => c.user.login === GITHUB_ACTIONS_BOT.login)).toHaveLength(1);
    expect(world.fake.requestsTo("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}")).toEqual([]);
    expect(world.fake.violations).toEqual([]);
  });

  it("finds its existing comment on page 2 and updates it rather than adding one", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.95) },
      head: evidence(0.96),
    });
    for (let i = 0; i < 120; i++)
      world.fake.state.addComment({ user: i % 2 ? "carol" : "dave", body: `Review note ${i}` });
    const ours = world.fake.state.addComment({
      user: GITHUB_ACTIONS_BOT,
      body: "<!-- shipgate:sticky -->\n<!-- shipgate:head old -->\n### ❌ No-go",
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(world.fake.requestsTo("POST /repos/{owner}/{repo}/issues/{issue_number}/comments")).toEqual([]);
    const updated = world.fake.state.commentsOn(7).find((c) => c.id === ours.id);
    expect(updated?.body).toContain(`<!-- shipgate:head ${world.ws.headSha} -->`);
    expect(world.fake.state.commentsOn(7)).toHaveLength(121);
    expect(world.fake.violations).toEqual([]);
  });

  it("a branch that no stage names is not gated: reports, passes, and does not start a comment", async () => {
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml(), ...evidence(0.5) },
      head: { "notes.md": "wip\n" },
      baseBranch: "experiments",
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.outputs.verdict).toBe("not-gated");
    expect(run.outputs.stage).toBe("");
    expect(world.fake.state.checkRuns[0]?.conclusion).toBe("success");
    expect(world.fake.state.commentsOn(7)).toEqual([]);
    expect(world.fake.requestsTo(CHECK_RUNS)).toHaveLength(1);
    expect(world.fake.violations).toEqual([]);
  });
});

describe("a large report", () => {
  it("keeps the comment under GitHub's limit and sends every annotation in batches of 50", async () => {
    const title =
      "Evidence that a long-named operational control is in place and has been reviewed by the owning team "
        .repeat(2)
        .trim();
    const checks = Array.from(
      { length: 250 },
      (_, i) =>
        `  - { id: control-${i}, category: operations, title: "${title} #${i}", file: { path: "controls/missing-${i}.md" } }\n`,
    ).join("");
    const world = await pullRequestWorld({
      base: { [README_PATH]: readinessYaml({ extraChecks: checks }), ...evidence(0.95) },
      head: evidence(0.96),
    });
    const run = await world.run();
    expect(run.exitCode, explain(run)).toBe(1);
    const [checkRun] = world.fake.state.checkRuns;
    expect(checkRun?.annotations.length).toBeGreaterThanOrEqual(250);
    expect(
      world.fake.requestsTo("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}").length,
    ).toBeGreaterThanOrEqual(2);
    const body = world.fake.state.commentsOn(7)[0]?.body ?? "";
    expect(body.length).toBeGreaterThan(30_000);
    expect(body.length).toBeLessThanOrEqual(65_536);
    // Only 10 errors per step reach the log; the rest are on the check run.
    expect(
      run.annotations.filter((a) => a.command === "error" && a.properties.file !== undefined),
    ).toHaveLength(10);
    expect(run.stdout).toMatch(/\d+ more annotation\(s\) are on the shipgate check run/);
    expect(world.fake.violations).toEqual([]);
  });
});
