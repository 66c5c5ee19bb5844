// One pull request against the loopback fake GitHub, with a checkout on disk, for the fault, race and
// secret cases: a readiness file whose checks all pass, so that anything but Go is caused by the fault.
import { join } from "node:path";
import { pullRequestEvent, type WebhookEvent } from "../support/events.js";
import { startFakeGitHub, type FakeGitHub, type TokenGrant } from "../support/fake-github/index.js";
import { readiness, removeScratch, scratch, shaOf, write } from "./support.js";

export const PULL_NUMBER = 7;
export const BASE_SHA = shaOf("base");

/** Two checks that pass on the files below: a Go for production on main. */
export const PASSING_FILES: Record<string, string> = {
  "readiness.yml": readiness(`  - id: model-card
    category: model
    file: { path: docs/model-card.md }
  - id: eval-f1
    category: model
    metric: { file: reports/eval.json, path: metrics.f1, min: 0.9 }`),
  "docs/model-card.md": "# Model card\n\nWhat the model does and does not do.\n",
  "reports/eval.json": '{"metrics": {"f1": 0.95}}\n',
};

export interface PrScenario {
  fake: FakeGitHub;
  /** The checkout (a plain folder: base versions are read through the contents API). */
  dir: string;
  headSha: string;
  /** The pull_request event for a head (default the current one). */
  event(headSha?: string): WebhookEvent;
  /** Moves the pull request to a new head with the same files, as a push to its branch would. */
  pushHead(headSha: string): void;
  close(): Promise<void>;
}

export async function startPrScenario(
  options: {
    files?: Record<string, string>;
    /** The base commit's files, when the pull request adds or changes some (default: the same as head). */
    baseFiles?: Record<string, string>;
    tokens?: Record<string, TokenGrant>;
    headSha?: string;
    rateLimit?: number;
  } = {},
): Promise<PrScenario> {
  const files = options.files ?? PASSING_FILES;
  let headSha = options.headSha ?? shaOf("head-1");
  const dir = join(scratch("pr"), "checkout");
  for (const [path, text] of Object.entries(files)) write(dir, path, text);
  const fake = await startFakeGitHub({
    ...(options.tokens ? { tokens: options.tokens } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    pullRequests: [pull(headSha)],
    contents: { [BASE_SHA]: options.baseFiles ?? files, [headSha]: files },
  });
  return {
    fake,
    dir,
    get headSha() {
      return headSha;
    },
    event: (sha = headSha) =>
      pullRequestEvent({ ...pull(sha), action: sha === headSha ? "opened" : "synchronize" }),
    pushHead(sha: string) {
      headSha = sha;
      fake.state.setFiles(sha, files);
      const record = fake.state.pullRequests.get(PULL_NUMBER);
      if (!record) throw new Error("the scenario's pull request is gone");
      record.head.sha = sha;
    },
    async close() {
      await fake.close();
      removeScratch(join(dir, ".."));
    },
  };
}

function pull(headSha: string) {
  return {
    number: PULL_NUMBER,
    base: { ref: "main", sha: BASE_SHA },
    head: { ref: "feature", sha: headSha },
  };
}
