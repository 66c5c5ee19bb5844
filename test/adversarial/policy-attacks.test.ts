// A pull-request author who controls the readiness files of their branch tries to lower their own bar:
// edit it, delete it, swap it for a symlink to a lenient file outside the repository, move it out of the
// readiness glob, shadow it with a second file of the same system, or approve their own change. The base
// branch's version must judge every time (or the run must fail), through the bundled action.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pullRequestEvent } from "../support/events.js";
import { startFakeGitHub } from "../support/fake-github/index.js";
import {
  STACK_TRACE,
  lineMatching,
  observe,
  printObservations,
  readiness,
  removeScratch,
  runActionKeepingReport,
  scratch,
  shaOf,
  write,
} from "./support.js";

const STRICT = readiness(`  - id: eval-f1
    category: model
    metric: { file: reports/eval.json, path: metrics.f1, min: 0.9 }`);
const LENIENT = STRICT.replace("min: 0.9", "min: 0.1");
/** What the branch's evidence shows: below the base bar, above the lowered one. */
const EVIDENCE = '{"metrics": {"f1": 0.5}}\n';

interface PolicyAttack {
  name: string;
  /** The head's files as GitHub holds them (a symlink is a blob holding its target). */
  head: Record<string, string>;
  /** Builds the checkout; default: writes `head` as files. */
  checkout?(dir: string, outsideDir: string): void;
  author?: string;
  selfApproval?: boolean;
  /** What the log must say. */
  message: RegExp;
  /** What the log must not say. */
  notSaid?: RegExp;
}

const ATTACKS: PolicyAttack[] = [
  {
    name: "lowers the bar in readiness.yml",
    head: { "readiness.yml": LENIENT, "reports/eval.json": EVIDENCE },
    message: /judged by the base version of readiness\.yml: this pull request changes it/,
  },
  {
    name: "deletes readiness.yml",
    head: { "reports/eval.json": EVIDENCE },
    message: /judged by the base version of readiness\.yml: this pull request removes it/,
  },
  {
    name: "replaces readiness.yml by a symlink to a lenient file outside the repository",
    head: { "readiness.yml": "../outside/readiness.yml", "reports/eval.json": EVIDENCE },
    checkout(dir, outsideDir) {
      write(dir, "reports/eval.json", EVIDENCE);
      symlinkSync(join(outsideDir, "readiness.yml"), join(dir, "readiness.yml"));
    },
    message: /judged by the base version of readiness\.yml: this pull request changes it/,
  },
  {
    name: "moves readiness.yml out of the readiness glob",
    head: { "readiness.yml.disabled": STRICT, "reports/eval.json": EVIDENCE },
    message: /judged by the base version of readiness\.yml: this pull request removes it/,
  },
  {
    name: "adds a lenient second readiness file for the same system",
    head: {
      "readiness.yml": STRICT,
      "shadow/readiness.yml": LENIENT,
      "shadow/reports/eval.json": EVIDENCE,
      "reports/eval.json": EVIDENCE,
    },
    message: /system "hostile" is already declared/,
  },
  {
    // Discovery sorts a/readiness.yml first: the new file, not the existing one, must carry the problem.
    name: "adds a lenient readiness file for the same system that sorts before the existing one",
    head: {
      "readiness.yml": STRICT,
      "a/readiness.yml": LENIENT,
      "a/reports/eval.json": EVIDENCE,
      "reports/eval.json": EVIDENCE,
    },
    message:
      /a\/readiness\.yml:2:\d+: system "hostile" is already declared in readiness\.yml; .*this pull request adds a\/readiness\.yml/,
    notSaid: /file=readiness\.yml,.*already declared/,
  },
  {
    name: "lowers the bar as an owner and approves the change themselves",
    head: { "readiness.yml": LENIENT, "reports/eval.json": EVIDENCE },
    author: "carol",
    selfApproval: true,
    message:
      /judged by the base version of readiness\.yml: this pull request changes it and no owner \(@carol\) has approved yet/,
  },
];

const root = scratch("policy");
afterAll(() => {
  removeScratch(root);
  printObservations("policy-attacks");
});

describe.concurrent("a pull request cannot lower its own bar", () => {
  ATTACKS.forEach((attack, i) => {
    it(
      attack.name,
      async () => {
        const dir = join(root, `case-${i}`, "checkout");
        const outsideDir = join(root, `case-${i}`, "outside");
        mkdirSync(outsideDir, { recursive: true });
        writeFileSync(join(outsideDir, "readiness.yml"), LENIENT);
        if (attack.checkout) attack.checkout(dir, outsideDir);
        else for (const [path, text] of Object.entries(attack.head)) write(dir, path, text);

        const base = { ref: "main", sha: shaOf(`policy-base-${i}`) };
        const head = { ref: "feature", sha: shaOf(`policy-head-${i}`) };
        const pull = { number: 11, base, head, ...(attack.author ? { author: attack.author } : {}) };
        const fake = await startFakeGitHub({
          pullRequests: [pull],
          contents: {
            [base.sha]: { "readiness.yml": STRICT, "reports/eval.json": '{"metrics": {"f1": 0.95}}\n' },
            [head.sha]: attack.head,
          },
        });
        try {
          if (attack.selfApproval) fake.state.addReview({ user: attack.author!, state: "APPROVED" });
          const run = await runActionKeepingReport({ event: pullRequestEvent(pull), workspace: dir, fake });
          const said = lineMatching(run.stdout, attack.message);
          observe({
            group: "Policy",
            case: `a pull request that ${attack.name}`,
            via: "action",
            ms: run.durationMs,
            outcome: `exit ${String(run.exitCode)}, verdict ${run.outputs.verdict ?? "(none)"}`,
            message: said || lineMatching(run.stdout, /::error::/),
          });
          expect(run.exitCode, run.stdout).toBe(1);
          expect(run.outputs.verdict).toBe("no-go");
          expect(said, run.stdout).not.toBe("");
          if (attack.notSaid) expect(run.stdout).not.toMatch(attack.notSaid);
          expect(fake.state.checkRunsOn(head.sha).map((r) => r.conclusion)).toEqual(["failure"]);
          expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_TRACE);
        } finally {
          await fake.close();
        }
      },
      60_000,
    );
  });
});
