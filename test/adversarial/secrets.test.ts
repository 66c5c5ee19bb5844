// The token never leaves the runner's masked log: not in the log (beyond the ::add-mask:: that hides it),
// the job summary, the outputs, the JSON report, the comment, the check run or any request body, even
// when GitHub's own error messages quote it and debug logging is on.
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PASSING_FILES, startPrScenario, type PrScenario } from "./pr-scenario.js";
import {
  STACK_TRACE,
  observe,
  printObservations,
  readiness,
  runActionKeepingReport,
  write,
  type ActionCaseRun,
} from "./support.js";

const TOKEN = "ghs_SHIPGATEFAKETOKEN0123456789abcdef";
/** How actions/checkout writes the token into .git/config (persist-credentials, its default). */
const BASIC_CREDENTIALS = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");
const EXTRAHEADER = `AUTHORIZATION: basic ${BASIC_CREDENTIALS}`;
/**
 * Also caught: the token without its prefix, the way a URL or a header would encode it, and the basic
 * credentials of the extraheader line (base64 of `x-access-token:TOKEN`, which does not contain the
 * base64 of the token alone).
 */
const FORMS = [
  TOKEN,
  TOKEN.slice(4),
  encodeURIComponent(TOKEN),
  Buffer.from(TOKEN).toString("base64"),
  BASIC_CREDENTIALS,
];

/** .git/config as actions/checkout leaves it (without persist-credentials: false). */
const CHECKOUT_GIT_CONFIG = `[core]
\trepositoryformatversion = 0
\tfilemode = true
\tbare = false
\tlogallrefupdates = true
[remote "origin"]
\turl = https://github.com/acme/claims
\tfetch = +refs/heads/*:refs/remotes/origin/*
[http "https://github.com/"]
\textraheader = ${EXTRAHEADER}
`;

/**
 * A readiness file the pull request adds, every check of which points into .git. `absent: true` is the
 * sharpest attack: a match fails the check and quotes the matching line (the extraheader) in the finding.
 */
const READS_GIT_DIRECTLY = readiness(`  - id: contains-config
    category: compliance
    contains: { file: .git/config, pattern: AUTHORIZATION, absent: true }
  - id: contains-dot-slash
    category: compliance
    contains: { file: ./.git/config, pattern: basic, absent: true }
  - id: contains-climbing
    category: compliance
    contains: { file: sub/../.git/config, pattern: "basic [A-Za-z0-9+/=]+", absent: true }
  - id: contains-glob
    category: compliance
    contains: { file: ".git/**", pattern: extraheader, absent: true }
  - id: contains-submodule-file
    category: compliance
    contains: { file: sub/.git, pattern: gitdir, absent: true }
  - id: file-config
    category: operations
    file: { path: .git/config }
  - id: metric-config
    category: model
    metric: { file: .git/config, path: http.extraheader, equals: x }
  - id: doc-config
    category: operations
    doc: { file: .git/config, sections: [http] }
  - id: contains-case
    category: compliance
    contains: { file: .GIT/config, pattern: AUTHORIZATION, absent: true }`).replace(
  "system: hostile",
  "system: reads-git",
);

/** A second added readiness file whose paths look harmless and reach .git at evaluation. */
const READS_GIT_THROUGH_LINKS = readiness(`  - id: contains-link
    category: compliance
    contains: { file: config-link, pattern: AUTHORIZATION, absent: true }
  - id: contains-folder-link
    category: compliance
    contains: { file: "gitdir/config", pattern: AUTHORIZATION, absent: true }
  - id: contains-brace-glob
    category: compliance
    contains: { file: "{gitdir/config,config-link}", pattern: AUTHORIZATION, absent: true }
  - id: metric-link
    category: model
    metric: { file: config-link, path: http.extraheader, equals: x }
  - id: doc-link
    category: operations
    doc: { file: config-link, sections: [http] }`).replace("system: hostile", "system: links-to-git");

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
  /** The base commit's files, when the pull request adds some. */
  baseFiles?: Record<string, string>;
  /** Asks for the HTML report too, so that it is searched. */
  html?: boolean;
  /** What the log must say. */
  says?: RegExp[];
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
  {
    name: "new readiness files reading .git/config (where actions/checkout keeps the token) directly and through links",
    files: {
      ...PASSING_FILES,
      "readiness.yaml": READS_GIT_DIRECTLY,
      "links/readiness.yml": READS_GIT_THROUGH_LINKS,
    },
    baseFiles: PASSING_FILES,
    html: true,
    inject: (s) => {
      write(s.dir, ".git/config", CHECKOUT_GIT_CONFIG);
      write(s.dir, ".git/modules/sub/config", CHECKOUT_GIT_CONFIG);
      write(s.dir, "sub/.git", "gitdir: ../.git/modules/sub\n");
      symlinkSync("../.git/config", join(s.dir, "links/config-link"));
      symlinkSync("../.git", join(s.dir, "links/gitdir"));
    },
    exit: 1,
    says: [
      /readiness\.yaml.*contains\.file "\.git\/config" is inside \.git, git's own folder/,
      /readiness\.yaml.*contains\.file "sub\/\.git" is inside \.git/,
      /readiness\.yaml.*contains\.file "\.GIT\/config" is inside \.git/,
      /readiness\.yaml.*metric\.file "\.git\/config" is inside \.git/,
      /links\/config-link is a symbolic link into \.git, git's own folder/,
      /links\/gitdir\/config is a symbolic link into \.git/,
      /no file matches links\/\{gitdir\/config,config-link\}/,
    ],
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
          ...(c.baseFiles ? { baseFiles: c.baseFiles } : {}),
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
            ...(c.html ? { inputs: { "html-report": "true" } } : {}),
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
            "HTML report": run.reportHtml ?? "",
            annotations: JSON.stringify(run.annotations),
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
          if (c.html) expect(run.reportHtml ?? "", "the HTML report was written").not.toBe("");
          for (const said of c.says ?? []) expect(log, String(said)).toMatch(said);
          if (c.says) {
            expect(run.outputs.verdict).toBe("no-go");
            expect(s.fake.state.checkRunsOn(s.headSha).map((r) => r.conclusion)).toEqual(["failure"]);
          }
        } finally {
          await s.close();
        }
      },
      60_000,
    );
  }
});
