// Reading which readiness files a pull request changes and their base versions: via the API and via git.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasCommit, showFile } from "../../src/github/git.js";
import {
  listChangedFiles,
  parseNameStatus,
  planPolicy,
  readinessChanges,
  readBaseVersions,
  type PolicyTarget,
} from "../../src/github/policy.js";
import { DEFAULT_TOKEN } from "../support/fake-github/index.js";
import { BASE_SHA, clientFor, fakeGitHub, HEAD_SHA, PR_7 } from "./fake.js";

const PATH = "systems/claims/readiness.yml";
const readinessText = (min: number) => `version: 1
system: claims
owners: ["@carol"]
stages: [{ name: production, branches: [main] }]
checks:
  - id: eval-f1
    category: model
    metric: { file: reports/eval.json, path: metrics.f1, min: ${min} }
`;

const emptyDir = () => mkdtempSync(join(tmpdir(), "shipgate-nogit-"));
const target = (root: string): PolicyTarget => ({
  owner: "acme",
  repo: "claims-triage",
  pullNumber: 7,
  baseSha: BASE_SHA,
  headSha: HEAD_SHA,
  root,
  pattern: "**/readiness.{yml,yaml}",
});

describe("readinessChanges", () => {
  it("picks the readiness files out of the changed files, whatever their change", () => {
    const changes = readinessChanges(
      [
        { path: "src/app.py", status: "modified" },
        { path: PATH, status: "modified" },
        { path: "systems/new/readiness.yaml", status: "added" },
        { path: "systems/old/readiness.yml", status: "removed" },
        {
          path: "systems/moved-here/readiness.yml",
          status: "renamed",
          previousPath: "systems/moved/readiness.yml",
        },
        {
          path: "systems/hidden/readiness.yml.off",
          status: "renamed",
          previousPath: "systems/hidden/readiness.yml",
        },
      ],
      "**/readiness.{yml,yaml}",
    );
    expect(changes).toEqual([
      { path: PATH, change: "modified", basePath: PATH },
      { path: "systems/hidden/readiness.yml", change: "removed", basePath: "systems/hidden/readiness.yml" },
      {
        path: "systems/moved-here/readiness.yml",
        change: "renamed",
        basePath: "systems/moved/readiness.yml",
      },
      { path: "systems/new/readiness.yaml", change: "added" },
      { path: "systems/old/readiness.yml", change: "removed", basePath: "systems/old/readiness.yml" },
    ]);
  });

  it("reads git's name-status output, renames and copies included", () => {
    expect(
      parseNameStatus(
        "M\0a.yml\0R087\0old/readiness.yml\0new/readiness.yml\0C100\0x\0y\0D\0gone\0A\0b c\0T\0link\0",
      ),
    ).toEqual([
      { path: "a.yml", status: "modified" },
      { path: "new/readiness.yml", status: "renamed", previousPath: "old/readiness.yml" },
      { path: "y", status: "added" },
      { path: "gone", status: "removed" },
      { path: "b c", status: "added" },
      { path: "link", status: "modified" },
    ]);
  });
});

describe("listChangedFiles", () => {
  it("compares the judged commit with its base through GitHub when the checkout lacks them", async () => {
    const fake = await fakeGitHub({
      pullRequests: [PR_7],
      contents: {
        [BASE_SHA]: { [PATH]: readinessText(0.92), "a.txt": "a" },
        [HEAD_SHA]: { [PATH]: readinessText(0.5), "a.txt": "a", "b.txt": "b" },
      },
    });
    const changed = await listChangedFiles(clientFor(fake), target(emptyDir()));
    expect(changed).toEqual({
      source: "compare",
      files: [
        { path: "b.txt", status: "added" },
        { path: PATH, status: "modified" },
      ],
    });
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/compare/{basehead}")[0]?.path).toBe(
      `/repos/acme/claims-triage/compare/${BASE_SHA}...${HEAD_SHA}`,
    );
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}/files")).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  describe("when GitHub's comparison may have left files out (it lists at most 300)", () => {
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`src/file${i}.py`, "x"]));
    const contents: Record<string, Record<string, string>> = {
      [BASE_SHA]: { [PATH]: readinessText(0.92) },
      [HEAD_SHA]: { [PATH]: readinessText(0.5), ...many },
    };

    it("fails closed without a pull request to ask", async () => {
      const fake = await fakeGitHub({ pullRequests: [PR_7], contents });
      const { pullNumber: _, ...noPull } = target(emptyDir());
      await expect(listChangedFiles(clientFor(fake), noPull)).rejects.toThrow(
        /changes 300 or more files against 1111111; GitHub's comparison lists only 300, so Shipgate cannot tell whether it changes a readiness file\. Check out with fetch-depth: 0/,
      );
    });

    it("takes the pull request's own list (up to 3,000) while its head is the judged commit", async () => {
      const fake = await fakeGitHub({ pullRequests: [PR_7], contents });
      const changed = await listChangedFiles(clientFor(fake), target(emptyDir()));
      expect(changed.source).toBe("pull-files");
      expect(changed.files).toHaveLength(301);
      expect(changed.files).toContainEqual({ path: PATH, status: "modified" });
      // The head is read before and after the listing.
      expect(fake.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}")).toHaveLength(2);
      expect(fake.violations).toEqual([]);
    });

    it("fails closed when the pull request has moved on, since its list describes another commit", async () => {
      const fake = await fakeGitHub({
        pullRequests: [{ ...PR_7, head: { ref: "feature", sha: "3".repeat(40) } }],
        contents: { ...contents, ["3".repeat(40)]: contents[HEAD_SHA]! },
      });
      await expect(listChangedFiles(clientFor(fake), target(emptyDir()))).rejects.toThrow(
        /pull request #7 has moved on to 3333333, so its file list no longer describes the judged commit/,
      );
      expect(fake.requestsTo("GET /repos/{owner}/{repo}/pulls/{pull_number}/files")).toEqual([]);
    });
  });

  it("diffs from the merge base with git when the checkout holds both commits, without calling the API", async () => {
    const root = mkdtempSync(join(tmpdir(), "shipgate-git-"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", root, ...args], { encoding: "utf8" }).trim();
    git("init", "-q", "-b", "main");
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "t");
    mkdirSync(join(root, "systems/claims"), { recursive: true });
    writeFileSync(join(root, PATH), readinessText(0.92));
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("checkout", "-q", "-b", "feature");
    mkdirSync(join(root, "systems/moved"), { recursive: true });
    git("mv", PATH, "systems/moved/readiness.yml");
    git("commit", "-q", "-m", "move it");
    const head = git("rev-parse", "HEAD");
    // The base branch moves on after the branch point: its changes are not the pull request's.
    git("checkout", "-q", "main");
    writeFileSync(join(root, "base-only.txt"), "later\n");
    git("add", ".");
    git("commit", "-q", "-m", "base moves on");
    const base = git("rev-parse", "HEAD");

    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const changed = await listChangedFiles(clientFor(fake), {
      ...target(root),
      baseSha: base,
      headSha: head,
    });
    expect(changed).toEqual({
      source: "git",
      files: [{ path: "systems/moved/readiness.yml", status: "renamed", previousPath: PATH }],
    });
    expect(fake.requests).toEqual([]);
  });
});

describe("readBaseVersions", () => {
  it("reads the base version through the contents API when the checkout lacks the base commit", async () => {
    const fake = await fakeGitHub({
      pullRequests: [PR_7],
      contents: { [BASE_SHA]: { [PATH]: readinessText(0.92) }, [HEAD_SHA]: { [PATH]: readinessText(0.5) } },
    });
    const plan = await planPolicy(clientFor(fake), target(emptyDir()));
    expect(plan.changes).toEqual([{ path: PATH, change: "modified", basePath: PATH }]);
    expect(plan.bases[0]?.problems).toEqual([]);
    expect(plan.bases[0]?.file?.spec.checks[0]?.metric?.min).toBe(0.92);
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/contents/{path}")[0]?.query.ref).toBe(BASE_SHA);
    expect(fake.violations).toEqual([]);
  });

  it("fails closed, naming the file, when the base version cannot be read", async () => {
    const fake = await fakeGitHub({
      pullRequests: [PR_7],
      tokens: { [DEFAULT_TOKEN]: { permissions: { contents: "none" } } },
    });
    const bases = await readBaseVersions(clientFor(fake), target(emptyDir()), [
      { path: PATH, change: "modified", basePath: PATH },
    ]);
    expect(bases[0]?.file).toBeUndefined();
    expect(bases[0]?.problems[0]).toMatchObject({ file: PATH, line: 1 });
    expect(bases[0]?.problems[0]?.message).toMatch(
      /^cannot read the base version of systems\/claims\/readiness\.yml \(1111111\), which judges this pull request: GET .* failed with 403: .*Shipgate fails closed; give the workflow contents: read$/,
    );
  });

  it("reports problems of an invalid base version as the base's, located", async () => {
    const fake = await fakeGitHub({
      pullRequests: [PR_7],
      contents: { [BASE_SHA]: { [PATH]: "version: 1\nsystem: Claims!\n" } },
    });
    const bases = await readBaseVersions(clientFor(fake), target(emptyDir()), [
      { path: PATH, change: "modified", basePath: PATH },
    ]);
    expect(bases[0]?.file).toBeUndefined();
    expect(bases[0]?.problems.length).toBeGreaterThan(0);
    expect(
      bases[0]?.problems.every((p) =>
        p.message.startsWith("base version (1111111), which judges this pull request: "),
      ),
    ).toBe(true);
    expect(bases[0]?.problems.some((p) => p.line === 2)).toBe(true);
  });

  it("reads the base version from git history when the checkout has it, without calling the API", async () => {
    const root = mkdtempSync(join(tmpdir(), "shipgate-git-"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", root, ...args], { encoding: "utf8" }).trim();
    git("init", "-q", "-b", "main");
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "t");
    mkdirSync(join(root, "systems/claims"), { recursive: true });
    writeFileSync(join(root, PATH), readinessText(0.92));
    git("add", ".");
    git("commit", "-q", "-m", "base");
    const base = git("rev-parse", "HEAD");
    writeFileSync(join(root, PATH), readinessText(0.5));
    git("commit", "-q", "-am", "lower the bar");

    expect(await hasCommit(root, base)).toBe(true);
    expect(await hasCommit(root, "f".repeat(40))).toBe(false);
    expect(await showFile(root, base, PATH)).toBe(readinessText(0.92));
    expect(await showFile(root, base, "systems/none/readiness.yml")).toBeUndefined();

    const fake = await fakeGitHub({ pullRequests: [PR_7] });
    const bases = await readBaseVersions(clientFor(fake), { ...target(root), baseSha: base }, [
      { path: PATH, change: "modified", basePath: PATH },
    ]);
    expect(bases[0]?.file?.spec.checks[0]?.metric?.min).toBe(0.92);
    expect(fake.requests).toEqual([]);
  });
});
