import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  inputVariable,
  makeWorkspace,
  parseFileCommand,
  parseWorkflowCommands,
  publishWorkspace,
  runAction,
} from "../support/action-runner.js";
import type { Workspace } from "../support/action-runner.js";
import { pullRequestEvent, pushEvent } from "../support/events.js";
import { startFakeGitHub } from "../support/fake-github/index.js";
import type { FakeGitHub } from "../support/fake-github/index.js";
import { call } from "./github-client.js";

const STANDIN = join(import.meta.dirname, "fixtures", "standin-action");

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", GIT_CONFIG_NOSYSTEM: "1" },
  }).trim();
}

const BASE_FILES = {
  "readiness.yml": "version: 1\nsystem: claims-triage\n",
  "reports/eval.json": '{"metrics":{"f1":0.91}}\n',
  "docs/old.md": "# Old\n",
};
const HEAD_CHANGES = {
  "reports/eval.json": '{"metrics":{"f1":0.94}}\n',
  "docs/old.md": null,
  "docs/rollback.md": "# Rollback\n\n## Steps\n\nRevert the model tag.\n",
};

describe("makeWorkspace", () => {
  let shallow: Workspace;
  let full: Workspace;

  beforeAll(async () => {
    [shallow, full] = await Promise.all([
      makeWorkspace({
        base: BASE_FILES,
        head: HEAD_CHANGES,
        pullNumber: 7,
        dates: { base: "2026-01-02T03:04:05Z" },
      }),
      makeWorkspace({ base: BASE_FILES, head: HEAD_CHANGES, pullNumber: 7, fetchDepth: 0 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([shallow.cleanup(), full.cleanup()]);
  });

  it("makes a base commit, a head commit on top of it, and GitHub's two-parent test merge", () => {
    expect(shallow.baseSha).toMatch(/^[0-9a-f]{40}$/);
    expect(git(shallow.originDir, "rev-parse", `${shallow.headSha}^`)).toBe(shallow.baseSha);
    expect(
      git(shallow.originDir, "rev-list", "--parents", "-n", "1", shallow.mergeSha!).split(" ").slice(1),
    ).toEqual([shallow.baseSha, shallow.headSha]);
    expect(git(shallow.originDir, "rev-parse", "refs/pull/7/head", "refs/pull/7/merge").split("\n")).toEqual([
      shallow.headSha,
      shallow.mergeSha,
    ]);
    expect(git(shallow.originDir, "log", "-1", "--format=%cI", shallow.baseSha)).toBe(
      "2026-01-02T03:04:05+00:00",
    );
  });

  it("checks out the test merge detached, with a depth-1 fetch like actions/checkout's default", () => {
    expect(readFileSync(join(shallow.dir, ".git", "HEAD"), "utf8").trim()).toBe(shallow.mergeSha);
    expect(shallow.checkedOut).toBe(shallow.mergeSha);
    expect(git(shallow.dir, "rev-parse", "--is-shallow-repository")).toBe("true");
    expect(() => git(shallow.dir, "cat-file", "-e", `${shallow.baseSha}^{commit}`)).toThrow();
    expect(readFileSync(join(shallow.dir, "reports/eval.json"), "utf8")).toBe(
      HEAD_CHANGES["reports/eval.json"],
    );
    expect(() => readFileSync(join(shallow.dir, "docs/old.md"))).toThrow();
  });

  it("fetches all history with fetchDepth 0", () => {
    expect(git(full.dir, "rev-parse", "--is-shallow-repository")).toBe("false");
    expect(git(full.dir, "log", "--topo-order", "--format=%H", "-n", "3", "HEAD").split("\n")).toEqual([
      full.mergeSha,
      full.headSha,
      full.baseSha,
    ]);
    expect(git(full.dir, "show", `${full.baseSha}:docs/old.md`)).toBe("# Old");
  });

  it("reports every file at base and at head, deletions applied", () => {
    expect(shallow.files.base).toEqual(BASE_FILES);
    expect(shallow.files.head).toEqual({
      "readiness.yml": BASE_FILES["readiness.yml"],
      "reports/eval.json": HEAD_CHANGES["reports/eval.json"],
      "docs/rollback.md": HEAD_CHANGES["docs/rollback.md"],
    });
  });

  it("checks out the head branch itself when asked, as for a push", async () => {
    const onHead = await makeWorkspace({
      base: BASE_FILES,
      head: HEAD_CHANGES,
      checkout: "head",
      headBranch: "release/1.0",
    });
    try {
      expect(git(onHead.dir, "rev-parse", "HEAD")).toBe(onHead.headSha);
      expect(git(onHead.dir, "rev-parse", "--abbrev-ref", "HEAD")).toBe("release/1.0");
    } finally {
      await onHead.cleanup();
    }
  });

  it("gives the fake GitHub the same blob and tree SHAs git computed", async () => {
    const fake = await startFakeGitHub({});
    try {
      publishWorkspace(fake.state, shallow);
      const answer = await call(
        fake,
        "GET",
        `/repos/acme/claims-triage/git/trees/${shallow.headSha}?recursive=1`,
      );
      const tree = answer.json as { sha: string; tree: Array<{ path: string; sha: string }> };

      expect(tree.sha).toBe(git(shallow.originDir, "rev-parse", `${shallow.headSha}^{tree}`));
      for (const entry of tree.tree) {
        expect(entry.sha).toBe(git(shallow.originDir, "rev-parse", `${shallow.headSha}:${entry.path}`));
      }
      expect(tree.tree.map((e) => e.path)).toContain("docs/rollback.md");
      const atMergeRef = await call(
        fake,
        "GET",
        "/repos/acme/claims-triage/contents/reports%2Feval.json?ref=refs/pull/7/merge",
      );
      expect(atMergeRef.status).toBe(200);
      expect((atMergeRef.json as { sha: string }).sha).toBe(
        git(shallow.originDir, "rev-parse", `${shallow.mergeSha}:reports/eval.json`),
      );
    } finally {
      await fake.close();
    }
  });
});

describe("runAction with a stand-in action", () => {
  let workspace: Workspace;
  let fake: FakeGitHub;
  const pullRequest = () =>
    pullRequestEvent({
      number: 7,
      base: { ref: "main", sha: workspace.baseSha },
      head: { ref: "feature", sha: workspace.headSha },
    });

  beforeAll(async () => {
    workspace = await makeWorkspace({ base: BASE_FILES, head: HEAD_CHANGES, pullNumber: 7 });
    fake = await startFakeGitHub({
      pullRequests: [
        {
          number: 7,
          base: { ref: "main", sha: workspace.baseSha },
          head: { ref: "feature", sha: workspace.headSha },
        },
      ],
    });
  });
  afterAll(async () => {
    await fake.close();
    await workspace.cleanup();
  });

  it("passes inputs as the runner does: defaults from action.yml with ${{ github.token }} evaluated, plus overrides", async () => {
    const before = fake.state.comments.length;
    const run = await runAction({
      actionDir: STANDIN,
      event: pullRequest(),
      workspace,
      api: fake,
      inputs: { message: "Ready?" },
    });
    const seen = JSON.parse(run.outputs.seen ?? "{}") as { variables: string[]; commentStatus: string };

    expect(run.exitCode).toBe(0);
    expect(seen.variables).toEqual(
      expect.arrayContaining(["INPUT_GITHUB-TOKEN", "INPUT_EXIT_CODE", "INPUT_MESSAGE", "INPUT_MODE"]),
    );
    expect(run.env["INPUT_MODE"]).toBe("run");
    // The default token reached the fake, which knows it as the workflow's GITHUB_TOKEN.
    expect(seen.commentStatus).toBe("201");
    expect(fake.state.comments.slice(before)).toEqual([
      expect.objectContaining({
        issue_number: 7,
        body: "Ready?",
        user: expect.objectContaining({ login: "github-actions[bot]" }),
      }),
    ]);
  });

  it("names inputs INPUT_ + upper case, spaces to underscores, dashes kept", () => {
    expect(inputVariable("github-token")).toBe("INPUT_GITHUB-TOKEN");
    expect(inputVariable("exit code")).toBe("INPUT_EXIT_CODE");
  });

  it("leaves an input out when the test sets it to undefined, default or not", async () => {
    const run = await runAction({
      actionDir: STANDIN,
      event: pullRequest(),
      workspace,
      api: fake,
      inputs: { "github-token": undefined, message: "x" },
    });

    expect(run.env["INPUT_GITHUB-TOKEN"]).toBeUndefined();
    expect(JSON.parse(run.outputs.seen ?? "{}")).toMatchObject({ commentStatus: "401" });
  });

  it("reads outputs in both the name=value and the multi-line name<<delimiter forms, and the job summary", async () => {
    const run = await runAction({
      actionDir: STANDIN,
      event: pullRequest(),
      workspace,
      api: fake,
      inputs: { message: "Ready?" },
    });

    expect(run.outputs.message).toBe("Ready?");
    expect(run.outputs.report).toBe("line one\n\nline=three");
    expect(run.summary).toBe("## Stand-in\n\nPosted: 201\n");
    expect(run.runnerErrors).toEqual([]);
  });

  it("collects workflow commands from stdout, annotations unescaped", async () => {
    const run = await runAction({ actionDir: STANDIN, event: pullRequest(), workspace, api: fake });

    expect(run.annotations).toEqual([
      {
        command: "warning",
        properties: { file: "readiness.yml", line: "3", title: "Stand-in, warning" },
        message: "Evidence is stale\nupdate it",
      },
    ]);
    expect(run.commands.map((c) => c.command)).toContain("debug");
  });

  it("sets the pull request environment: test-merge SHA and ref, base and head refs, cwd at the workspace", async () => {
    const run = await runAction({ actionDir: STANDIN, event: pullRequest(), workspace, api: fake });
    const seen = JSON.parse(run.outputs.seen ?? "{}") as {
      cwd: string;
      head: string;
      values: Record<string, string>;
    };

    expect(seen.values).toEqual({
      GITHUB_SHA: workspace.mergeSha,
      GITHUB_REF: "refs/pull/7/merge",
      GITHUB_BASE_REF: "main",
      GITHUB_HEAD_REF: "feature",
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_REPOSITORY: "acme/claims-triage",
    });
    expect(seen.cwd).toBe(workspace.dir);
    expect(seen.head).toBe(workspace.mergeSha);
    expect(run.env).toMatchObject({
      GITHUB_ACTIONS: "true",
      GITHUB_API_URL: fake.url,
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_WORKSPACE: workspace.dir,
    });
    expect(run.env.GITHUB_RUN_ID).toMatch(/^\d+$/);
    expect(run.env.RUNNER_TEMP).toBeTruthy();
  });

  it("sets GITHUB_SHA and GITHUB_REF from a push, with empty base and head refs", async () => {
    const run = await runAction({
      actionDir: STANDIN,
      event: pushEvent({ ref: "main", after: workspace.headSha }),
      workspace,
      api: fake,
    });
    const seen = JSON.parse(run.outputs.seen ?? "{}") as { values: Record<string, string> };

    expect(seen.values).toMatchObject({
      GITHUB_SHA: workspace.headSha,
      GITHUB_REF: "refs/heads/main",
      GITHUB_BASE_REF: "",
      GITHUB_HEAD_REF: "",
    });
  });

  it("strips GITHUB_*, INPUT_* and RUNNER_* inherited from the test process, and keeps the rest", async () => {
    const planted = {
      GITHUB_TOKEN: "ghp_parent",
      INPUT_STALE: "stale",
      RUNNER_STALE: "stale",
      HARNESS_LEAK_PROBE: "kept",
    };
    Object.assign(process.env, planted);
    try {
      const run = await runAction({ actionDir: STANDIN, event: pullRequest(), workspace, api: fake });
      const seen = JSON.parse(run.outputs.seen ?? "{}") as { variables: string[]; leaked: string | null };

      expect(seen.variables).not.toContain("GITHUB_TOKEN");
      expect(seen.variables).not.toContain("INPUT_STALE");
      expect(seen.variables).not.toContain("RUNNER_STALE");
      expect(seen.leaked).toBe("kept");
    } finally {
      for (const key of Object.keys(planted)) delete process.env[key];
    }
  });

  it("returns the action's exit code", async () => {
    const run = await runAction({
      actionDir: STANDIN,
      event: pullRequest(),
      workspace,
      api: fake,
      inputs: { "exit code": "3" },
    });

    expect(run.exitCode).toBe(3);
    expect(run.timedOut).toBe(false);
  });

  it("kills an action that does not end within the timeout", async () => {
    const run = await runAction({
      actionDir: STANDIN,
      event: pullRequest(),
      workspace,
      api: fake,
      inputs: { mode: "sleep" },
      timeoutMs: 300,
    });

    expect(run.timedOut).toBe(true);
    expect(run.exitCode).toBeNull();
  });

  it("refuses an input action.yml does not declare, so a typo in a test cannot pass silently", async () => {
    await expect(
      runAction({ actionDir: STANDIN, event: pullRequest(), workspace, api: fake, inputs: { mesage: "x" } }),
    ).rejects.toThrow(/input "mesage" is not declared/);
  });
});

describe("the runner's file-command and workflow-command parsing", () => {
  it("reads CRLF files, lets a later value win and reports an unterminated delimiter", () => {
    const errors: string[] = [];
    const values = parseFileCommand(
      "verdict=go\r\nverdict=no-go\r\nreport<<EOF\r\na\r\nb\r\nEOF\r\nbroken<<END\nnever closed\n",
      "GITHUB_OUTPUT",
      errors,
    );

    expect(values).toEqual({ verdict: "no-go", report: "a\nb" });
    expect(errors).toEqual(["GITHUB_OUTPUT: invalid value of 'broken': matching delimiter not found 'END'"]);
  });

  it("ignores commands between ::stop-commands:: and its token, as the runner does", () => {
    const commands = parseWorkflowCommands(
      [
        "::stop-commands::pause1",
        "::error::not a command",
        "::pause1::",
        "::error file=a%2Cb.yml,line=2::100%25 failed",
      ].join("\n"),
    );

    expect(commands).toEqual([
      { command: "error", properties: { file: "a,b.yml", line: "2" }, message: "100% failed" },
    ]);
  });
});
