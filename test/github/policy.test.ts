import { describe, expect, it } from "vitest";
import { parseReadiness } from "../../src/config/load.js";
import type { LoadResult, ReadinessFile } from "../../src/config/types.js";
import type { PullRequestFacts } from "../../src/evidence/types.js";
import {
  applyPolicy,
  approvingOwner,
  readinessMatcher,
  type PolicyPlan,
  type ReadinessChange,
} from "../../src/github/policy.js";

const HEAD = "a".repeat(40);
const OLD_HEAD = "b".repeat(40);

function readiness(path: string, min: number, owners = '["@acme/ml-claims", "@carol"]'): ReadinessFile {
  const text = `version: 1
system: ${path.split("/")[1] ?? "claims"}
owners: ${owners}
stages:
  - name: production
    branches: [main]
checks:
  - id: eval-f1
    category: model
    metric: { file: reports/eval.json, path: metrics.f1, min: ${min} }
`;
  const parsed = parseReadiness(path, text);
  if (!parsed.file) throw new Error(JSON.stringify(parsed.problems));
  return parsed.file;
}

function pr(
  reviews: PullRequestFacts["latestReviews"],
  teams: Record<string, string[]> = {},
): PullRequestFacts {
  return { number: 7, headSha: HEAD, author: "dave", latestReviews: reviews, teamMembers: teams };
}

const PATH = "systems/claims/readiness.yml";
const minOf = (result: LoadResult, path = PATH) =>
  result.files.find((f) => f.path === path)?.spec.checks[0]?.metric?.min;

function modifiedPlan(baseMin = 0.92): PolicyPlan {
  const change: ReadinessChange = { path: PATH, change: "modified", basePath: PATH };
  return { changes: [change], bases: [{ change, file: readiness(PATH, baseMin), problems: [] }] };
}

describe("applyPolicy", () => {
  const lowered: LoadResult = { files: [readiness(PATH, 0.5)], problems: [] };

  it("judges a PR that lowers its own bar by the base version while no owner has approved", () => {
    const outcome = applyPolicy(
      lowered,
      modifiedPlan(),
      pr([{ login: "dave", state: "APPROVED", commitId: HEAD }]),
    );
    expect(minOf(outcome.readiness)).toBe(0.92);
    expect(outcome.policies[PATH]).toEqual({
      source: "base",
      reason: `judged by the base version of ${PATH}: this pull request changes it and no owner (@acme/ml-claims, @carol) has approved yet`,
    });
  });

  it("applies the PR's version once a named owner approved its current head", () => {
    const outcome = applyPolicy(
      lowered,
      modifiedPlan(),
      pr([{ login: "Carol", state: "APPROVED", commitId: HEAD }]),
    );
    expect(minOf(outcome.readiness)).toBe(0.5);
    expect(outcome.policies[PATH]).toEqual({
      source: "head",
      reason: `judged by this pull request's version of ${PATH}: owner @carol approved the change`,
    });
  });

  it("counts a member of an owning team, and not an approval of an older head", () => {
    const team = applyPolicy(
      lowered,
      modifiedPlan(),
      pr([{ login: "erin", state: "APPROVED", commitId: HEAD }], { "@acme/ml-claims": ["erin"] }),
    );
    expect(team.policies[PATH]?.source).toBe("head");
    expect(team.policies[PATH]?.reason).toContain("owner @erin (@acme/ml-claims) approved");
    const stale = applyPolicy(
      lowered,
      modifiedPlan(),
      pr([{ login: "carol", state: "APPROVED", commitId: OLD_HEAD }]),
    );
    expect(stale.policies[PATH]?.source).toBe("base");
  });

  it("uses a readiness file new in the PR as written", () => {
    const added: ReadinessChange = { path: PATH, change: "added" };
    const outcome = applyPolicy(lowered, { changes: [added], bases: [] }, pr([]));
    expect(minOf(outcome.readiness)).toBe(0.5);
    expect(outcome.policies[PATH]?.source).toBe("new");
  });

  it("still judges a removed readiness file by its base version: a PR cannot delete its own gate", () => {
    const change: ReadinessChange = { path: PATH, change: "removed", basePath: PATH };
    const plan: PolicyPlan = {
      changes: [change],
      bases: [{ change, file: readiness(PATH, 0.92), problems: [] }],
    };
    const outcome = applyPolicy({ files: [], problems: [] }, plan, pr([]));
    expect(minOf(outcome.readiness)).toBe(0.92);
    expect(outcome.policies[PATH]?.reason).toContain("this pull request removes it and no owner");
    const approved = applyPolicy(
      { files: [], problems: [] },
      plan,
      pr([{ login: "carol", state: "APPROVED", commitId: HEAD }]),
    );
    expect(approved.readiness.files).toEqual([]);
  });

  it("keeps judging a moved readiness file by its base version at the old path", () => {
    const moved = "systems/claims-v2/readiness.yml";
    const change: ReadinessChange = { path: moved, change: "renamed", basePath: PATH };
    const plan: PolicyPlan = {
      changes: [change],
      bases: [{ change, file: readiness(PATH, 0.92), problems: [] }],
    };
    const outcome = applyPolicy({ files: [readiness(moved, 0.1)], problems: [] }, plan, pr([]));
    expect(outcome.readiness.files.map((f) => f.path)).toEqual([PATH]);
    expect(outcome.policies[PATH]?.reason).toContain(`this pull request moves it to ${moved}`);
  });

  it("fails closed when the base version cannot be read: neither version judges and the problem stays", () => {
    const change: ReadinessChange = { path: PATH, change: "modified", basePath: PATH };
    const problem = { file: PATH, line: 1, column: 1, message: "cannot read the base version" };
    const outcome = applyPolicy(
      lowered,
      { changes: [change], bases: [{ change, problems: [problem] }] },
      pr([]),
    );
    expect(outcome.readiness.files).toEqual([]);
    expect(outcome.readiness.problems).toEqual([problem]);
  });

  it("the author's own approval never lets their change apply", () => {
    const own = { ...pr([{ login: "carol", state: "APPROVED", commitId: HEAD }]), author: "carol" };
    expect(applyPolicy(lowered, modifiedPlan(), own).policies[PATH]?.source).toBe("base");
  });
});

describe("approvingOwner", () => {
  it("finds nobody when a team's members are unknown (not readable), rather than guessing", () => {
    expect(
      approvingOwner(["@acme/ml-claims"], pr([{ login: "erin", state: "APPROVED", commitId: HEAD }])),
    ).toBeUndefined();
  });
  it("ignores changes-requested and missing facts", () => {
    expect(
      approvingOwner(["@carol"], pr([{ login: "carol", state: "CHANGES_REQUESTED", commitId: HEAD }])),
    ).toBeUndefined();
    expect(approvingOwner(["@carol"], undefined)).toBeUndefined();
  });
});

describe("readinessMatcher", () => {
  it("matches readiness files as discovery does, never inside node_modules or .git", () => {
    const match = readinessMatcher("**/readiness.{yml,yaml}");
    expect(match("readiness.yml")).toBe(true);
    expect(match("systems/claims/readiness.yaml")).toBe(true);
    expect(match("systems/claims/readiness.yml.bak")).toBe(false);
    expect(match("node_modules/pkg/readiness.yml")).toBe(false);
  });
});
