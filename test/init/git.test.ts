import { afterAll, describe, expect, it } from "vitest";
import { githubRemote, packedBranches, readGitFacts, symbolicRef } from "../../src/init/git.js";
import { cleanTempRepos, fakeGit, tempRepo, writeFiles } from "./temp-repo.js";

afterAll(cleanTempRepos);

describe("the default branch", () => {
  it("is the remote's default branch when clone recorded it, even when a feature branch is checked out", async () => {
    const dir = tempRepo("feature-branch-checked-out");
    fakeGit(dir, {
      HEAD: "ref: refs/heads/feat/add-shipgate\n",
      "refs/remotes/origin/HEAD": "ref: refs/remotes/origin/trunk\n",
    });
    const facts = await readGitFacts(dir);
    expect(facts.defaultBranch).toBe("trunk");
    expect(facts.defaultBranchSource).toBe("refs/remotes/origin/HEAD");
  });

  it("is the checked-out branch when there is no remote default", async () => {
    const dir = tempRepo("fresh-git-init-on-master");
    fakeGit(dir, { HEAD: "ref: refs/heads/master\n" });
    expect(await readGitFacts(dir)).toMatchObject({ defaultBranch: "master", defaultBranchSource: "HEAD" });
  });

  it("falls back to main on a detached HEAD or without .git, and --branch wins over everything", async () => {
    const detached = tempRepo("detached-head");
    fakeGit(detached, { HEAD: "9c1e2f7a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e\n" });
    expect(await readGitFacts(detached)).toMatchObject({
      defaultBranch: "main",
      defaultBranchSource: "fallback",
    });
    expect(await readGitFacts(tempRepo("no-git-at-all"))).toMatchObject({ defaultBranch: "main" });
    const withRemote = tempRepo("explicit-branch");
    fakeGit(withRemote, { "refs/remotes/origin/HEAD": "ref: refs/remotes/origin/trunk\n" });
    expect(await readGitFacts(withRemote, "develop")).toMatchObject({
      defaultBranch: "develop",
      defaultBranchSource: "--branch",
    });
  });

  it("follows a worktree's .git file to its git and common folders", async () => {
    const common = tempRepo("main-checkout");
    writeFiles(common, {
      ".git/refs/remotes/origin/HEAD": "ref: refs/remotes/origin/main\n",
      ".git/refs/heads/staging": "1111111111111111111111111111111111111111\n",
      ".git/worktrees/wt/HEAD": "ref: refs/heads/feature\n",
      ".git/worktrees/wt/commondir": "../..\n",
    });
    const worktree = tempRepo("linked-worktree", { ".git": `gitdir: ${common}/.git/worktrees/wt\n` });
    const facts = await readGitFacts(worktree);
    expect(facts.defaultBranch).toBe("main");
    expect(facts.branches.has("staging")).toBe(true);
  });
});

describe("branches that exist", () => {
  it("come from loose refs, origin's refs and packed-refs", async () => {
    const dir = tempRepo("branches-in-three-places");
    fakeGit(dir, {
      "refs/heads/main": "1111111111111111111111111111111111111111\n",
      "refs/remotes/origin/qa": "2222222222222222222222222222222222222222\n",
      "packed-refs":
        "# pack-refs with: peeled fully-peeled sorted \n" +
        "3333333333333333333333333333333333333333 refs/heads/staging\n" +
        "4444444444444444444444444444444444444444 refs/remotes/origin/release/2.0\n" +
        "5555555555555555555555555555555555555555 refs/tags/v1.0\n" +
        "^6666666666666666666666666666666666666666\n",
    });
    const { branches } = await readGitFacts(dir);
    expect([...branches].sort()).toEqual(["main", "qa", "release/2.0", "staging"]);
  });

  it("packedBranches ignores tags, peeled lines and malformed names", () => {
    expect(
      packedBranches(
        "abc refs/heads/short-sha\n" +
          "1111111111111111111111111111111111111111 refs/tags/v1\n" +
          "1111111111111111111111111111111111111111 refs/heads/bad..name\n" +
          "1111111111111111111111111111111111111111 refs/heads/ok\n",
      ),
    ).toEqual(["ok"]);
  });

  it("symbolicRef reads only refs under the prefix asked for", () => {
    expect(symbolicRef("ref: refs/heads/main\n", "refs/heads/")).toBe("main");
    expect(symbolicRef("ref: refs/remotes/upstream/main\n", "refs/remotes/origin/")).toBeUndefined();
    expect(symbolicRef(undefined, "refs/heads/")).toBeUndefined();
  });
});

describe("the GitHub owner of origin", () => {
  it.each([
    ["https://github.com/acme/claims.git", { owner: "acme", repo: "claims" }],
    ["git@github.com:acme-ml/fraud-model.git", { owner: "acme-ml", repo: "fraud-model" }],
    ["ssh://git@github.com/acme/claims", { owner: "acme", repo: "claims" }],
    ["https://x-access-token:ghs_secret@github.com/acme/claims.git", { owner: "acme", repo: "claims" }],
  ])("is read from %s", (url, expected) => {
    expect(
      githubRemote(
        `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${url}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`,
      ),
    ).toEqual(expected);
  });

  it("is unknown for another host or another remote", () => {
    expect(githubRemote('[remote "origin"]\n\turl = https://gitlab.com/acme/claims.git\n')).toBeUndefined();
    expect(githubRemote('[remote "upstream"]\n\turl = https://github.com/acme/claims.git\n')).toBeUndefined();
  });
});
