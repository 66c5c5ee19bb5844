// Hostile repositories, each built in its own folder: what a pull-request author who controls the
// readiness file, the evidence, the file names and the symlinks of their branch can throw at the gate.
// Every case states how it must end: exit 2 with readiness.yml:LINE:COL for a file the loader must
// refuse, or exit 1 (no-go) with a message that names the evidence file for evidence that must fail.
import { execFileSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { REPOSITORY_ROOT } from "../support/action-runner.js";
import { readiness, readinessText, write } from "./support.js";

/** What lives outside the repository and must never be read into any output. */
export interface Outside {
  /** A file beside the repository, never inside it. */
  secretPath: string;
  secretText: string;
  /** A folder beside the repository holding a valid-looking JUnit report. */
  outsideDir: string;
  /** The value of an environment variable of the process under test (visible in /proc/self/environ). */
  envCanary: string;
}

export interface HostileCase {
  group: string;
  name: string;
  build(repo: string, outside: Outside): void;
  /** The CLI's exit: 2 for a readiness file the loader refuses, 1 for a no-go. */
  exit: 1 | 2;
  /** What a user must read: matched against the CLI's output and the action's log. */
  message: RegExp;
  /** For exit 2: the problem is at this line of readiness.yml (checked as readiness.yml:LINE:COL). */
  line?: number;
  /** An upper bound on the CLI's output size, for cases that try to flood it. */
  maxOutputBytes?: number;
}

const N = 100_000;

function fixture(path: string): string {
  return readFileSync(join(REPOSITORY_ROOT, "test/fixtures", path), "utf8");
}

const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
  "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
  "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
  "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
  "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
].join("\n");

/** `key: [[[[…]]]]`, `depth` levels of flow sequences. */
function deepFlow(key: string, depth: number): string {
  return `${key}: ${"[".repeat(depth)}1${"]".repeat(depth)}\n`;
}

/** `key:` then `- - - - … x`: `depth` levels of compact block sequences on one line. */
function deepBlock(key: string, depth: number): string {
  return `${key}:\n  ${"- ".repeat(depth)}x\n`;
}

/** `depth` levels of block mappings, each indented one column more than its parent. */
function deepIndentedMaps(depth: number): string {
  const lines: string[] = [];
  for (let i = 0; i < depth; i++) lines.push(`${" ".repeat(i)}k${i}:`);
  lines.push(`${" ".repeat(depth)}leaf`);
  return lines.join("\n");
}

const ALERTS_CHECK = `  - id: drift-alerts
    category: monitoring
    alerts: { files: "monitoring/*.rules.yml", require: [ModelDriftHigh] }`;

const METRIC_YAML_CHECK = `  - id: eval-f1
    category: model
    metric: { file: reports/eval.yaml, path: metrics.f1, min: 0.92 }`;

const METRIC_JSON_CHECK = `  - id: eval-f1
    category: model
    metric: { file: reports/eval.json, path: metrics.f1, min: 0.92 }`;

const JUNIT_CHECK = `  - id: unit-tests
    category: system
    junit: { files: "reports/*.xml", minTests: 1, maxFailures: 0 }`;

const COVERAGE_CHECK = (file: string) => `  - id: coverage
    category: system
    coverage: { file: ${file}, min: 80 }`;

const CONTAINS_CHECK = (pattern: string, extra = "") => `  - id: no-secrets
    category: compliance
    contains: { file: logs/run.log, pattern: ${JSON.stringify(pattern)}${extra} }`;

const VALID_RULES = `groups:
  - name: model
    rules:
      - alert: ModelDriftHigh
        expr: drift_score > 0.3
        labels: { severity: page }
        annotations: { summary: drift, runbook_url: https://runbooks.example/drift }
`;

const ONE_FAILING_JUNIT = `<?xml version="1.0"?>
<testsuite name="svc" tests="1" failures="1">
  <testcase classname="svc" name="test_timeout"><failure message="boom">trace</failure></testcase>
</testsuite>
`;

function xxe(secretPath: string, body: (entity: string) => string): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://${secretPath}">]>\n${body("&xxe;")}\n`;
}

const LAUGHS_DTD = [
  '<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => {
    const prev = i === 0 ? "lol" : `lol${i}`;
    return `<!ENTITY lol${i + 1} "${`&${prev};`.repeat(10)}">`;
  }),
].join("\n");

function billionLaughs(body: (entity: string) => string): string {
  return `<?xml version="1.0"?>\n<!DOCTYPE r [\n${LAUGHS_DTD}\n]>\n${body("&lol9;")}\n`;
}

function junitWithName(name: string): string {
  return `<testsuite name="svc" tests="1"><testcase classname="svc" name="${name}"/></testsuite>`;
}

function coberturaWithFile(filename: string, hits = 1): string {
  return `<coverage line-rate="1" lines-valid="1" lines-covered="1" version="1"><packages><package name="p"><classes><class name="c" filename="${filename}"><lines><line number="1" hits="${hits}"/></lines></class></classes></package></packages></coverage>`;
}

export const HOSTILE_CASES: HostileCase[] = [
  // ---- YAML attacks in readiness.yml
  {
    group: "YAML attack",
    name: "alias bomb in readiness.yml",
    build: (repo) => write(repo, "readiness.yml", `${readiness(JUNIT_CHECK)}\n${ALIAS_BOMB}\n`),
    exit: 2,
    message: /alias/i,
    line: 1,
  },
  {
    group: "YAML attack",
    name: "100k-deep flow nesting [[[[… in readiness.yml",
    build: (repo) => write(repo, "readiness.yml", `${readinessText(JUNIT_CHECK)}\n${deepFlow("extra", N)}`),
    exit: 2,
    message: /nest/i,
    line: 12,
  },
  {
    group: "YAML attack",
    name: "100k-deep block nesting (- - - …) in readiness.yml",
    build: (repo) => write(repo, "readiness.yml", `${readinessText(JUNIT_CHECK)}\n${deepBlock("extra", N)}`),
    exit: 2,
    message: /nest/i,
    line: 13,
  },
  {
    group: "YAML attack",
    name: "1,000 levels of indented mappings in readiness.yml",
    build: (repo) => write(repo, "readiness.yml", `${readiness(JUNIT_CHECK)}\n${deepIndentedMaps(1000)}\n`),
    exit: 2,
    message: /nest/i,
  },
  {
    group: "YAML attack",
    name: "__proto__ key in readiness.yml",
    build: (repo) =>
      write(repo, "readiness.yml", `${readinessText(JUNIT_CHECK)}\n__proto__: { polluted: yes }\n`),
    exit: 2,
    message: /__proto__.*not allowed/,
    line: 12,
  },
  {
    group: "YAML attack",
    name: "constructor.prototype keys inside a check",
    build: (repo) =>
      write(
        repo,
        "readiness.yml",
        readiness(`${JUNIT_CHECK}\n    constructor: { prototype: { polluted: yes } }`),
      ),
    exit: 2,
    message: /constructor.*not allowed/,
    line: 11,
  },
  // ---- YAML misuse in readiness.yml
  {
    group: "YAML misuse",
    name: "unknown tag !!js/function in readiness.yml",
    build: (repo) =>
      write(
        repo,
        "readiness.yml",
        readiness(JUNIT_CHECK).replace("system: hostile", 'system: !!js/function "f"'),
      ),
    exit: 2,
    message: /tag/i,
    line: 2,
  },
  {
    group: "YAML misuse",
    name: "custom local tag !shell in readiness.yml",
    build: (repo) =>
      write(
        repo,
        "readiness.yml",
        readiness(JUNIT_CHECK).replace("system: hostile", 'system: !shell "rm -rf /"'),
      ),
    exit: 2,
    message: /tag/i,
    line: 2,
  },
  {
    group: "YAML misuse",
    name: "duplicate key in readiness.yml",
    build: (repo) =>
      write(
        repo,
        "readiness.yml",
        readiness(JUNIT_CHECK).replace("system: hostile", "system: hostile\nsystem: other"),
      ),
    exit: 2,
    message: /duplicate key/i,
    line: 3,
  },
  {
    group: "YAML misuse",
    name: "multi-document readiness.yml",
    build: (repo) =>
      write(repo, "readiness.yml", `${readiness(JUNIT_CHECK)}\n---\n${readiness(JUNIT_CHECK)}\n`),
    exit: 2,
    message: /more than one YAML document/,
  },
  // ---- YAML attacks in YAML evidence
  {
    group: "YAML attack",
    name: "alias bomb in a Prometheus rules file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(ALERTS_CHECK));
      write(repo, "monitoring/bomb.rules.yml", `${ALIAS_BOMB}\n${VALID_RULES}`);
    },
    exit: 1,
    message: /monitoring\/bomb\.rules\.yml.*alias|alias.*monitoring\/bomb\.rules\.yml/i,
  },
  {
    group: "YAML attack",
    name: "100k-deep flow nesting in a Prometheus rules file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(ALERTS_CHECK));
      write(repo, "monitoring/deep.rules.yml", `${VALID_RULES}${deepFlow("extra", N)}`);
    },
    exit: 1,
    message: /monitoring\/deep\.rules\.yml.*nest/i,
  },
  {
    group: "YAML attack",
    name: "100k-deep block nesting in a Prometheus rules file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(ALERTS_CHECK));
      write(repo, "monitoring/deep.rules.yml", `${VALID_RULES}${deepBlock("extra", N)}`);
    },
    exit: 1,
    message: /monitoring\/deep\.rules\.yml.*nest/i,
  },
  {
    group: "YAML attack",
    name: "__proto__ key in a Prometheus rules file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(ALERTS_CHECK));
      write(repo, "monitoring/proto.rules.yml", `${VALID_RULES}__proto__: { polluted: yes }\n`);
    },
    exit: 1,
    message: /monitoring\/proto\.rules\.yml.*__proto__/,
  },
  {
    group: "YAML misuse",
    name: "duplicate alert group key in a Prometheus rules file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(ALERTS_CHECK));
      write(repo, "monitoring/dup.rules.yml", `${VALID_RULES}groups: []\n`);
    },
    exit: 1,
    message: /monitoring\/dup\.rules\.yml.*duplicate key/i,
  },
  {
    group: "YAML attack",
    name: "alias bomb in a YAML metric file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_YAML_CHECK));
      write(repo, "reports/eval.yaml", `metrics: { f1: 0.99 }\n${ALIAS_BOMB}\n`);
    },
    exit: 1,
    message: /reports\/eval\.yaml.*alias/i,
  },
  {
    group: "YAML attack",
    name: "100k-deep flow nesting in a YAML metric file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_YAML_CHECK));
      write(repo, "reports/eval.yaml", `metrics: { f1: 0.99 }\n${deepFlow("extra", N)}`);
    },
    exit: 1,
    message: /reports\/eval\.yaml.*nest/i,
  },
  {
    group: "YAML attack",
    name: "100k-deep block nesting in a YAML metric file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_YAML_CHECK));
      write(repo, "reports/eval.yaml", `metrics: { f1: 0.99 }\n${deepBlock("extra", N)}`);
    },
    exit: 1,
    message: /reports\/eval\.yaml.*nest/i,
  },
  {
    group: "YAML attack",
    name: "constructor.prototype holding the metric in a YAML file",
    build: (repo) => {
      write(
        repo,
        "readiness.yml",
        readiness(METRIC_YAML_CHECK.replace("path: metrics.f1", "path: constructor.prototype.f1")),
      );
      write(repo, "reports/eval.yaml", "constructor:\n  prototype:\n    f1: 0.99\n");
    },
    exit: 1,
    message: /reports\/eval\.yaml.*constructor/,
  },
  {
    group: "YAML attack",
    name: "metric path reaching Object.prototype (constructor.length) in JSON",
    build: (repo) => {
      write(
        repo,
        "readiness.yml",
        readiness(METRIC_JSON_CHECK.replace("path: metrics.f1", "path: constructor.length")),
      );
      write(repo, "reports/eval.json", "{}\n");
    },
    exit: 1,
    message: /reports\/eval\.json/,
  },
  {
    group: "YAML attack",
    name: "__proto__ object in a JSON metric file",
    build: (repo) => {
      write(
        repo,
        "readiness.yml",
        readiness(METRIC_JSON_CHECK.replace("path: metrics.f1", "path: polluted")),
      );
      write(repo, "reports/eval.json", '{"__proto__": {"polluted": 1}}\n');
    },
    exit: 1,
    message: /reports\/eval\.json/,
  },
  {
    group: "YAML misuse",
    name: "unknown tag in a YAML metric file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_YAML_CHECK));
      write(repo, "reports/eval.yaml", "metrics: !!python/object:os.system { f1: 0.99 }\n");
    },
    exit: 1,
    message: /reports\/eval\.yaml.*tag/i,
  },
  {
    group: "YAML misuse",
    name: "duplicate metric key in a YAML metric file (0.5, then 0.99)",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_YAML_CHECK));
      write(repo, "reports/eval.yaml", "metrics:\n  f1: 0.5\n  f1: 0.99\n");
    },
    exit: 1,
    message: /reports\/eval\.yaml.*duplicate key/i,
  },
  {
    group: "JSON misuse",
    name: "duplicate metric key in a JSON metric file (0.5, then 0.99)",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      write(repo, "reports/eval.json", '{"metrics": {"f1": 0.5,\n  "f1": 0.99}}\n');
    },
    exit: 1,
    message: /reports\/eval\.json.*duplicate key "f1" at line 2/,
  },
  {
    group: "YAML misuse",
    name: "multi-document YAML metric file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_YAML_CHECK));
      write(repo, "reports/eval.yaml", "metrics: { f1: 0.5 }\n---\nmetrics: { f1: 0.99 }\n");
    },
    exit: 1,
    message: /reports\/eval\.yaml.*more than one YAML document/,
  },
  // ---- XML attacks
  {
    group: "XML attack",
    name: "external entity (XXE) in a JUnit report",
    build: (repo, outside) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      write(repo, "reports/junit.xml", xxe(outside.secretPath, junitWithName));
    },
    exit: 1,
    message: /reports\/junit\.xml.*entity/i,
  },
  {
    group: "XML attack",
    name: "external entity (XXE) in a Cobertura report",
    build: (repo, outside) => {
      write(repo, "readiness.yml", readiness(COVERAGE_CHECK("coverage/cobertura.xml")));
      write(
        repo,
        "coverage/cobertura.xml",
        xxe(outside.secretPath, (e) => coberturaWithFile(e)),
      );
    },
    exit: 1,
    message: /coverage\/cobertura\.xml.*entity/i,
  },
  {
    group: "XML attack",
    name: "external DTD naming the secret file (not fetched), one failing test",
    build: (repo, outside) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      write(
        repo,
        "reports/junit.xml",
        ONE_FAILING_JUNIT.replace(
          '<?xml version="1.0"?>',
          `<?xml version="1.0"?>\n<!DOCTYPE testsuite SYSTEM "file://${outside.secretPath}">`,
        ),
      );
    },
    exit: 1,
    message: /1 of 1 tests? failed|test_timeout/,
  },
  {
    group: "XML attack",
    name: "billion laughs in a JUnit report",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      write(repo, "reports/junit.xml", billionLaughs(junitWithName));
    },
    exit: 1,
    message: /reports\/junit\.xml.*entity/i,
  },
  {
    group: "XML attack",
    name: "billion laughs in a Cobertura report",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(COVERAGE_CHECK("coverage/cobertura.xml")));
      write(
        repo,
        "coverage/cobertura.xml",
        billionLaughs((e) => coberturaWithFile(e)),
      );
    },
    exit: 1,
    message: /coverage\/cobertura\.xml.*entity/i,
  },
  {
    group: "XML attack",
    name: "a million numeric character references in a failing JUnit test's message",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      write(
        repo,
        "reports/junit.xml",
        ONE_FAILING_JUNIT.replace('message="boom"', `message="${"&#65;".repeat(1_000_000)}"`),
      );
    },
    exit: 1,
    message: /1 of 1 tests? failed|test_timeout/,
    maxOutputBytes: 200_000,
  },
  {
    group: "XML attack",
    name: "a million numeric character references in a Cobertura file name, zero hits",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(COVERAGE_CHECK("coverage/cobertura.xml")));
      write(repo, "coverage/cobertura.xml", coberturaWithFile("&#65;".repeat(1_000_000), 0));
    },
    exit: 1,
    message: /coverage\/cobertura\.xml/,
    maxOutputBytes: 200_000,
  },
  // ---- Malformed files
  {
    group: "Malformed",
    name: "truncated JUnit XML",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      write(repo, "reports/junit.xml", fixture("junit/truncated-mid-testcase.xml"));
    },
    exit: 1,
    message: /reports\/junit\.xml.*malformed XML at line \d+/,
  },
  {
    group: "Malformed",
    name: "truncated Cobertura XML",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(COVERAGE_CHECK("coverage/cobertura.xml")));
      write(repo, "coverage/cobertura.xml", coberturaWithFile("a.py").slice(0, 120));
    },
    exit: 1,
    message: /coverage\/cobertura\.xml.*malformed XML at line \d+/,
  },
  {
    group: "Malformed",
    name: "NaN in a JSON metric file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      write(repo, "reports/eval.json", '{"metrics": {"f1": NaN}}\n');
    },
    exit: 1,
    message: /reports\/eval\.json/,
  },
  {
    group: "Malformed",
    name: "1e999 (Infinity) in a JSON metric file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      write(repo, "reports/eval.json", '{"metrics": {"f1": 1e999}}\n');
    },
    exit: 1,
    message: /reports\/eval\.json.*(finite|Infinity)/,
  },
  {
    group: "Malformed",
    name: 'a string ("0.99") where the metric number belongs',
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      write(repo, "reports/eval.json", '{"metrics": {"f1": "0.99"}}\n');
    },
    exit: 1,
    message: /reports\/eval\.json.*(string|number)/,
  },
  {
    group: "Malformed",
    name: "a string where the k6 p95 belongs",
    build: (repo) => {
      write(
        repo,
        "readiness.yml",
        readiness(`  - id: latency
    category: system
    loadtest: { file: load/k6.json, p95Ms: 300 }`),
      );
      write(repo, "load/k6.json", fixture("loadtest/k6-summary-p95-is-a-string.json"));
    },
    exit: 1,
    message: /load\/k6\.json/,
  },
  {
    group: "Malformed",
    name: "negative hit counts in an lcov file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(COVERAGE_CHECK("coverage/lcov.info")));
      write(repo, "coverage/lcov.info", fixture("coverage/lcov-negative-hit-count.info"));
    },
    exit: 1,
    message: /coverage\/lcov\.info.*negative/i,
  },
  {
    group: "Malformed",
    name: "lcov claiming more lines hit than found (LH 500 of LF 10)",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(COVERAGE_CHECK("coverage/lcov.info")));
      write(repo, "coverage/lcov.info", "TN:\nSF:src/a.py\nLF:10\nLH:500\nend_of_record\n");
    },
    exit: 1,
    message: /coverage\/lcov\.info/,
  },
  {
    group: "Malformed",
    name: "Istanbul summary claiming 1000% line coverage",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(COVERAGE_CHECK("coverage/coverage-summary.json")));
      write(
        repo,
        "coverage/coverage-summary.json",
        JSON.stringify({ total: { lines: { total: 10, covered: 100, skipped: 0, pct: 1000 } } }),
      );
    },
    exit: 1,
    message: /coverage\/coverage-summary\.json/,
  },
  {
    group: "Malformed",
    name: "JUnit suite with no test cases and a negative failures count",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      write(
        repo,
        "reports/junit.xml",
        '<testsuite name="svc" tests="60" failures="-1" errors="0"></testsuite>\n',
      );
    },
    exit: 1,
    message: /reports\/junit\.xml/,
  },
  // ---- Regular expressions
  {
    group: "Regex",
    name: "catastrophic backtracking ^(a+)+$ against 100k a's and a b",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(CONTAINS_CHECK("^(a+)+$")));
      write(repo, "logs/run.log", `${"a".repeat(N)}b\n`);
    },
    exit: 1,
    message: /logs\/run\.log/,
  },
  {
    group: "Regex",
    name: "catastrophic backtracking (x+x+)+y against 100k x's",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(CONTAINS_CHECK("(x+x+)+y")));
      write(repo, "logs/run.log", `${"x".repeat(N)}\n`);
    },
    exit: 1,
    message: /logs\/run\.log/,
  },
  {
    group: "Regex",
    name: "backreference (a)\\1 in a contains pattern",
    build: (repo) => write(repo, "readiness.yml", readiness(CONTAINS_CHECK("(a)\\1"))),
    exit: 2,
    message: /backreference/,
    line: 10,
  },
  {
    group: "Regex",
    name: "named backreference \\k<x> in a contains pattern",
    build: (repo) => write(repo, "readiness.yml", readiness(CONTAINS_CHECK("(?<x>a)\\k<x>"))),
    exit: 2,
    message: /backreference/,
    line: 10,
  },
  {
    group: "Regex",
    name: "lookahead (?=…) in a contains pattern",
    build: (repo) => write(repo, "readiness.yml", readiness(CONTAINS_CHECK("(?=a)a"))),
    exit: 2,
    message: /lookaround/,
    line: 10,
  },
  // ---- Paths
  {
    group: "Paths",
    name: "evidence is a symlink to a file outside the repository",
    build: (repo, outside) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      mkdirSync(join(repo, "reports"), { recursive: true });
      symlinkSync(outside.secretPath, join(repo, "reports/eval.json"));
    },
    exit: 1,
    message: /reports\/eval\.json.*outside the repository/,
  },
  {
    group: "Paths",
    name: "evidence is a symlink to /proc/self/environ",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      mkdirSync(join(repo, "reports"), { recursive: true });
      symlinkSync("/proc/self/environ", join(repo, "reports/eval.json"));
    },
    exit: 1,
    message: /reports\/eval\.json.*outside the repository/,
  },
  {
    group: "Paths",
    name: "evidence folder is a symlink to a folder outside the repository",
    build: (repo, outside) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      symlinkSync(outside.outsideDir, join(repo, "reports"));
    },
    exit: 1,
    message: /reports\/\*\.xml/,
  },
  {
    group: "Paths",
    name: "symlink loop",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      mkdirSync(join(repo, "reports"), { recursive: true });
      symlinkSync("loop-b.json", join(repo, "reports/eval.json"));
      symlinkSync("eval.json", join(repo, "reports/loop-b.json"));
    },
    exit: 1,
    message: /reports\/eval\.json.*(loop|symbolic link)/,
  },
  {
    group: "Paths",
    name: "../ path leaving the repository",
    build: (repo) =>
      write(
        repo,
        "readiness.yml",
        readiness(METRIC_JSON_CHECK.replace("reports/eval.json", "../secret.txt")),
      ),
    exit: 2,
    message: /leaves the repository/,
    line: 10,
  },
  {
    group: "Paths",
    name: "../ hidden in a glob group {reports,..}",
    build: (repo) =>
      write(repo, "readiness.yml", readiness(JUNIT_CHECK.replace("reports/*.xml", "{reports,..}/*.xml"))),
    exit: 2,
    message: /climbs out|leaves the repository/,
    line: 10,
  },
  {
    group: "Paths",
    name: "contains (absent) on .git/config, where actions/checkout keeps the token",
    build: (repo, outside) => {
      write(
        repo,
        ".git/config",
        `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${outside.secretText}\n`,
      );
      write(
        repo,
        "readiness.yml",
        readiness(CONTAINS_CHECK("AUTHORIZATION", ", absent: true").replace("logs/run.log", "./.git/config")),
      );
    },
    exit: 2,
    message: /is inside \.git, git's own folder/,
    line: 10,
  },
  {
    group: "Paths",
    name: "evidence is a symlink into .git (a submodule's git folder)",
    build: (repo, outside) => {
      write(
        repo,
        ".git/modules/sub/config",
        `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${outside.secretText}\n`,
      );
      write(repo, "sub/.git", "gitdir: ../.git/modules/sub\n");
      write(repo, "readiness.yml", readiness(CONTAINS_CHECK("AUTHORIZATION", ", absent: true")));
      mkdirSync(join(repo, "logs"), { recursive: true });
      symlinkSync("../.git/modules/sub/config", join(repo, "logs/run.log"));
    },
    exit: 1,
    message: /logs\/run\.log is a symbolic link into \.git/,
  },
  {
    group: "Paths",
    name: "absolute path /etc/passwd",
    build: (repo) =>
      write(repo, "readiness.yml", readiness(CONTAINS_CHECK("root").replace("logs/run.log", "/etc/passwd"))),
    exit: 2,
    message: /absolute/,
    line: 10,
  },
  {
    group: "Paths",
    name: "a FIFO where a file is expected",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      mkdirSync(join(repo, "reports"), { recursive: true });
      execFileSync("mkfifo", [join(repo, "reports/eval.json")]);
    },
    exit: 1,
    message: /reports\/eval\.json.*FIFO/,
  },
  {
    group: "Paths",
    name: "a directory where a file is expected",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      mkdirSync(join(repo, "reports/eval.json"), { recursive: true });
    },
    exit: 1,
    message: /reports\/eval\.json.*directory/,
  },
  {
    group: "Paths",
    name: "a 300 MB sparse file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      mkdirSync(join(repo, "reports"), { recursive: true });
      const path = join(repo, "reports/eval.json");
      closeSync(openSync(path, "w"));
      truncateSync(path, 300 * 1024 * 1024);
    },
    exit: 1,
    message: /reports\/eval\.json.*over the 50 MB limit/,
  },
  {
    group: "Paths",
    name: "a binary file",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      write(repo, "reports/eval.json", Buffer.from([0x7b, 0x22, 0x00, 0x01, 0x02, 0xff, 0x7d]));
    },
    exit: 1,
    message: /reports\/eval\.json.*binary/,
  },
  {
    group: "Paths",
    name: "UTF-16 text evidence",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      write(repo, "reports/eval.json", Buffer.from('\ufeff{"metrics":{"f1":0.99}}', "utf16le"));
    },
    exit: 1,
    message: /reports\/eval\.json.*UTF-16/,
  },
  {
    group: "Stand-in text",
    name: "doc sections written only in &nbsp;, zero-width characters and empty comments",
    build: (repo) => {
      write(
        repo,
        "readiness.yml",
        readiness(`  - id: rollback-plan
    category: operations
    doc: { file: docs/rollback.md, sections: [Trigger, Steps] }`),
      );
      write(
        repo,
        "docs/rollback.md",
        "# Rollback\n\n## Trigger\n\n&nbsp;\n\n\u200b\u200c\u200d\u2060\ufeff\n\n## Steps\n\n<p>&#8203;&zwnj;&nbsp;</p>\n<!-- -->\n",
      );
    },
    exit: 1,
    message: /2 sections are not written: 'Trigger', 'Steps'/,
  },
  {
    group: "Paths",
    name: "file name with newlines and a forged workflow command",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      write(
        repo,
        "reports/x\n::error file=readiness.yml,line=1::FORGED\n::set-output name=verdict::go\n.xml",
        "<testsuite",
      );
    },
    exit: 1,
    message: /malformed XML/,
  },
  {
    group: "Paths",
    name: "file name with non-UTF-8 bytes",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      mkdirSync(join(repo, "reports"), { recursive: true });
      const name = Buffer.concat([
        Buffer.from(join(repo, "reports/")),
        Buffer.from([0xff, 0xfe, 0x41]),
        Buffer.from(".xml"),
      ]);
      writeFileSync(name, ONE_FAILING_JUNIT);
    },
    exit: 1,
    message: /reports\/\*\.xml/,
  },
  {
    group: "Injection",
    name: "failing test name with a newline, a forged workflow command, HTML and a mention",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(JUNIT_CHECK));
      write(
        repo,
        "reports/junit.xml",
        ONE_FAILING_JUNIT.replace(
          'name="test_timeout"',
          'name="test_timeout&#10;::error file=readiness.yml,line=1::FORGED&#10;::set-output name=verdict::go&#10;&lt;img src=x onerror=alert(1)&gt; @acme/everyone"',
        ),
      );
    },
    exit: 1,
    message: /1 of 1 tests? failed/,
  },
  {
    group: "Injection",
    name: "terminal escape sequences and bidi overrides in evidence keys",
    build: (repo) => {
      write(repo, "readiness.yml", readiness(METRIC_JSON_CHECK));
      write(repo, "reports/eval.json", '{"metrics": {"\\u001b[2J\\u001b]0;pwned\\u0007\\u202eevil": 1}}\n');
    },
    exit: 1,
    message: /reports\/eval\.json/,
  },
  {
    group: "Paths",
    name: "evidence path with a NUL byte",
    build: (repo) =>
      write(
        repo,
        "readiness.yml",
        readiness(METRIC_JSON_CHECK.replace("reports/eval.json", '"reports/eval\\0.json"')),
      ),
    exit: 2,
    message: /NUL/,
    line: 10,
  },
];
