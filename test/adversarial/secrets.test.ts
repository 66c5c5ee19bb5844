// The token never leaves the runner's masked log: not in the log (beyond the ::add-mask:: that hides it),
// the job summary, the outputs, the JSON report, the comment, the check run or any request body, even
// when GitHub's own error messages quote it and debug logging is on.
import { afterAll, describe, expect, it } from "vitest";
import { PASSING_FILES, startPrScenario, type PrScenario } from "./pr-scenario.js";
import {
  STACK_TRACE,
  observe,
  printObservations,
  readiness,
  runActionKeepingReport,
  type ActionCaseRun,
} from "./support.js";

const TOKEN = "ghs_SHIPGATEFAKETOKEN0123456789abcdef";
/** Also caught: the token without its prefix, and the way a URL or a header would encode it. */
const FORMS = [TOKEN, TOKEN.slice(4), encodeURIComponent(TOKEN), Buffer.from(TOKEN).toString("base64")];

const FAILING_FILES: Record<string, string> = {
  ...PASSING_FILES,
  "readiness.yml": readiness(`  - id: eval-f1
    category: model
    metric: { file: reports/eval.json, path: metrics.f1, min: 0.99 }
  - id: missing-doc
    category: operations
    doc: { file: docs/rollback.md, sections: [Trigger] }`),
};

const CHECK_RUNS = "POST /repos/{owner}/{repo}/check-runs";
const COMPARE = "GET /repos/{owner}/{repo}/compare/{basehead}";
const CREATE_COMMENT = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";

/** An error body that quotes the token, as a misbehaving proxy or API might. */
function quoting(status: number) {
  return {
    status,
    body: {
      message: `Token ${TOKEN} rejected by upstream (authorization: token ${TOKEN})`,
      errors: [{ resource: "Token", code: "custom", field: "token", message: `bad token ${TOKEN}` }],
      documentation_url: `https://docs.github.com/rest?token=${TOKEN}`,
      status: String(status),
    },
  };
}

interface SecretCase {
  name: string;
  files?: Record<string, string>;
  tokenGrant?: { invalid?: boolean; readOnly?: boolean };
  inject?(s: PrScenario): void;
  /** The exit code the case must end with. */
  exit: 0 | 1;
  /** The run could not reach a decision, so it wrote no JSON report. */
  undecided?: boolean;
}

const CASES: SecretCase[] = [
  { name: "a failing gate with debug logging on", files: FAILING_FILES, exit: 1 },
  {
    name: "a 500 quoting the token, once, on listing the files",
    inject: (s) => void s.fake.fail({ route: COMPARE, times: 1, with: quoting(500) }),
    exit: 0,
  },
  {
    name: "a 422 quoting the token on creating the comment",
    inject: (s) => void s.fake.fail({ route: CREATE_COMMENT, times: Infinity, with: quoting(422) }),
    exit: 0,
  },
  {
    name: "a 403 quoting the token on creating the check run",
    inject: (s) => void s.fake.fail({ route: CHECK_RUNS, times: Infinity, with: quoting(403) }),
    exit: 0,
  },
  {
    name: "a 404 quoting the token on every listing of the files (fails closed)",
    inject: (s) => void s.fake.fail({ route: COMPARE, times: Infinity, with: quoting(404) }),
    exit: 1,
    undecided: true,
  },
  {
    name: "a token GitHub rejects (401 Bad credentials)",
    tokenGrant: { invalid: true },
    exit: 1,
    undecided: true,
  },
  {
    name: "a read-only token (fork) with a failing gate",
    files: FAILING_FILES,
    tokenGrant: { readOnly: true },
    exit: 1,
  },
];

afterAll(() => printObservations("secrets"));

function leaks(text: string): string[] {
  return FORMS.filter((form) => text.includes(form));
}

describe.concurrent("the token never appears in any output", () => {
  for (const c of CASES) {
    it(
      c.name,
      async () => {
        const s = await startPrScenario({
          ...(c.files ? { files: c.files } : {}),
          tokens: { [TOKEN]: c.tokenGrant ?? {} },
        });
        let run: ActionCaseRun;
        try {
          c.inject?.(s);
          run = await runActionKeepingReport({
            event: s.event(),
            workspace: s.dir,
            fake: s.fake,
            token: TOKEN,
            debug: true,
          });
          // The only place the token may appear: the command that tells the runner to mask it.
          const log = run.stdout
            .split(/\r?\n/)
            .filter((line) => line !== `::add-mask::${TOKEN}`)
            .join("\n");
          const places: Record<string, string> = {
            log,
            stderr: run.stderr,
            summary: run.summary,
            outputs: JSON.stringify(run.outputs),
            "JSON report": run.reportJson ?? "",
            "request bodies": JSON.stringify(s.fake.requests.map((r) => [r.path, r.query, r.body])),
            comments: JSON.stringify(s.fake.state.comments),
            "check runs": JSON.stringify(s.fake.state.checkRuns),
          };
          const found = Object.entries(places).flatMap(([where, text]) => leaks(text).map(() => where));
          observe({
            group: "Secrets",
            case: c.name,
            via: "action",
            ms: run.durationMs,
            outcome: `exit ${String(run.exitCode)}; token found in: ${found.length ? found.join(", ") : "nowhere"}`,
            message:
              /(\*\*\*[^\n]*)/.exec(log)?.[1] ??
              /::(?:error|warning)::([^\n]*)/.exec(log)?.[1] ??
              /^Shipgate: (?:Go|No-go|Conditional)[^\n]*/m.exec(log)?.[0] ??
              "",
          });
          expect(found).toEqual([]);
          expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
          expect(run.exitCode, log).toBe(c.exit);
          expect(`${log}\n${run.stderr}`).not.toMatch(STACK_TRACE);
          if (!c.undecided) expect(run.reportJson ?? "", "the JSON report was written").not.toBe("");
        } finally {
          await s.close();
        }
      },
      60_000,
    );
  }
});
