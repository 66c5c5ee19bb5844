import { describe, expect, it } from "vitest";
import { findProducers, workflowCommands } from "../../src/init/producers.js";

describe("configuration that writes JUnit XML", () => {
  it("reads pytest --junitxml from pyproject.toml, relative to the file's folder", () => {
    const scan = findProducers([
      {
        path: "services/api/pyproject.toml",
        text: '[tool.pytest.ini_options]\naddopts = "-q --junitxml=reports/junit.xml --cov=api"\njunit_family = "xunit2"\n',
      },
    ]);
    expect(scan.producers).toEqual([
      {
        kind: "junit",
        files: "services/api/reports/junit.xml",
        source: "pytest --junitxml (services/api/pyproject.toml)",
      },
    ]);
  });

  it("reads jest-junit's output folder and name from package.json, and Surefire from pom.xml", () => {
    const scan = findProducers([
      {
        path: "package.json",
        text: JSON.stringify({
          devDependencies: { jest: "^29", "jest-junit": "^16" },
          jest: {
            reporters: ["default", ["jest-junit", { outputDirectory: "reports", outputName: "jest.xml" }]],
          },
        }),
      },
      { path: "svc/pom.xml", text: "<project><packaging>jar</packaging></project>" },
      { path: "parent/pom.xml", text: "<project><packaging>pom</packaging></project>" },
    ]);
    expect(scan.producers.map((p) => (p.kind === "junit" ? p.files : ""))).toEqual([
      "reports/jest.xml",
      "svc/target/surefire-reports/TEST-*.xml",
    ]);
  });

  it("reads go-junit-report and pytest in a workflow, in the step's working directory", () => {
    const workflow = `jobs:
  go:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: services/gateway
    steps:
      - run: go test -v ./... 2>&1 | go-junit-report -set-exit-code > report.xml
  py:
    runs-on: ubuntu-latest
    steps:
      - run: pytest tests --junitxml=out/junit.xml
        working-directory: services/model
`;
    expect(workflowCommands(workflow).map((c) => c.dir)).toEqual(["services/gateway", "services/model"]);
    const scan = findProducers([{ path: ".github/workflows/ci.yml", text: workflow }]);
    expect(scan.producers.map((p) => (p.kind === "junit" ? p.files : ""))).toEqual([
      "services/gateway/report.xml",
      "services/model/out/junit.xml",
    ]);
  });

  it("refuses output paths that leave the repository or are absolute", () => {
    const scan = findProducers([
      {
        path: "pytest.ini",
        text: "[pytest]\naddopts = --junitxml=../../outside.xml --junitxml=/tmp/x.xml\n",
      },
    ]);
    expect(scan.producers).toEqual([]);
  });
});

describe("configuration that writes coverage and load-test results", () => {
  it("takes coverage.py's fail_under as the project's own bar and its xml output name once something runs `coverage xml`", () => {
    const rc = {
      path: ".coveragerc",
      text: "[run]\nsource = app\n\n[report]\nfail_under = 85\n\n[xml]\noutput = build/coverage.xml\n",
    };
    // Configuration alone writes nothing: no producer, and a note that says why.
    const configOnly = findProducers([rc]);
    expect(configOnly.producers).toEqual([]);
    expect(configOnly.coverageThresholds).toEqual([{ value: 85, source: "fail_under in .coveragerc" }]);
    expect(configOnly.notes.join("\n")).toMatch(/nothing found runs `coverage xml`/);
    const run = findProducers([rc], {
      commands: [{ dir: "", command: "coverage run -m pytest && coverage xml", source: "Makefile" }],
      reports: [],
    });
    expect(run.producers).toEqual([
      {
        kind: "coverage",
        file: "build/coverage.xml",
        source: "`coverage xml` (Makefile)",
        threshold: { value: 85, source: "fail_under in .coveragerc" },
      },
    ]);
    // `-o` names the file whatever the configuration says.
    const named = findProducers([rc], {
      commands: [{ dir: "ci", command: "coverage json -o out/cov.json", source: ".gitlab-ci.yml" }],
      reports: [],
    });
    expect(named.producers).toMatchObject([{ kind: "coverage", file: "ci/out/cov.json" }]);
  });

  it("never wires coverage.xml where pytest-cov writes HTML, and says so", () => {
    const scan = findProducers([
      {
        path: ".github/workflows/test.yml",
        text: "on: pull_request\njobs:\n  test:\n    steps:\n      - run: pytest --cov=app --cov-report=html\n",
      },
    ]);
    expect(scan.producers).toEqual([]);
    expect(scan.notes.join("\n")).toMatch(/writes HTML coverage \(htmlcov\/\), which Shipgate does not read/);
  });

  it("reads Jest's json-summary reporter and line threshold, and says when no reporter is readable", () => {
    const withSummary = findProducers([
      {
        path: "web/package.json",
        text: JSON.stringify({
          jest: {
            collectCoverage: true,
            coverageReporters: ["json-summary"],
            coverageThreshold: { global: { lines: 75 } },
          },
        }),
      },
    ]);
    expect(withSummary.producers[0]).toMatchObject({
      kind: "coverage",
      file: "web/coverage/coverage-summary.json",
      threshold: { value: 75 },
    });
    const htmlOnly = findProducers([
      {
        path: "package.json",
        text: JSON.stringify({ jest: { collectCoverage: true, coverageReporters: ["html"] } }),
      },
    ]);
    expect(htmlOnly.producers).toEqual([]);
    expect(htmlOnly.notes[0]).toMatch(/json-summary/);
  });

  it("reads a k6 script's handleSummary output and thresholds, never running it", () => {
    const script = `import http from "k6/http";
export const options = { thresholds: { http_req_duration: ["p(95)<450"], http_req_failed: ["rate<0.02"] } };
export default function () { http.get("http://localhost/"); }
export function handleSummary(data) { return { "load/summary.json": JSON.stringify(data) }; }
`;
    const scan = findProducers([{ path: "load/script.js", text: script }]);
    expect(scan.loadScripts).toEqual([{ path: "load/script.js", tool: "k6" }]);
    expect(scan.producers).toEqual([
      {
        kind: "loadtest",
        file: "load/summary.json",
        source: "k6 handleSummary (load/script.js)",
        p95Ms: 450,
        maxErrorRate: 0.02,
        barsFrom: "load/script.js",
      },
    ]);
  });

  it("joins a k6 script's thresholds to the --summary-export a workflow writes, and reads locust --csv", () => {
    const scan = findProducers([
      {
        path: "perf/run.js",
        text: 'import http from "k6/http";\nexport const options = { thresholds: { http_req_duration: ["p(95)<80"] } };\n',
      },
      {
        path: ".github/workflows/load.yml",
        text: "jobs:\n  load:\n    steps:\n      - run: k6 run --summary-export=perf/out.json perf/run.js\n      - run: locust -f locustfile.py --headless --csv results/api\n",
      },
    ]);
    expect(scan.producers).toEqual([
      {
        kind: "loadtest",
        file: "perf/out.json",
        source: "k6 --summary-export (.github/workflows/load.yml)",
        p95Ms: 80,
        barsFrom: "perf/run.js",
      },
      {
        kind: "loadtest",
        file: "results/api_stats.csv",
        source: "locust --csv (.github/workflows/load.yml)",
      },
    ]);
  });
});

describe("hostile configuration", () => {
  it("is read in linear time: a huge line of spaces in every file kind takes no time", () => {
    const line = `fail_under =${" ".repeat(2_000_000)}x`;
    findProducers([
      { path: ".coveragerc", text: `[report]\n${line}\n` },
      {
        path: "pyproject.toml",
        text: `[tool.pytest.ini_options]\naddopts = "--junitxml=${" ".repeat(1_000_000)}"\n`,
      },
      {
        path: ".github/workflows/ci.yml",
        text: `jobs:\n  a:\n    steps:\n      - run: go-junit-report ${"a ".repeat(500_000)}\n`,
      },
      {
        path: "load/k6.js",
        text: `import http from "k6/http";\nconst t = { http_req_failed: [${"'x', ".repeat(200_000)}] };\n`,
      },
    ]);
  });
});
