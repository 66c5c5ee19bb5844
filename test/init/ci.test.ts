// Reading what jobs run and publish: Azure Pipelines, GitLab CI, DVC stage commands, shell scripts and
// Makefiles, and the results files their commands write. Data only; nothing is run.
import { describe, expect, it } from "vitest";
import {
  ciKind,
  dvcCommands,
  makefileCommands,
  readCiFile,
  repoPath,
  resultsWritten,
  scriptLines,
} from "../../src/init/ci.js";
import { dvcMetricFiles } from "../../src/init/scan.js";

describe("script lines", () => {
  it("join continuations, fill in variables assigned before, and follow cd", () => {
    const lines = scriptLines(
      'export OUT=results/eval.json\ncd services/api\npython evaluate.py \\\n  --results-fp "$OUT"\nOUT=other.json\necho ${OUT}\n',
      "",
      "run.sh",
    );
    expect(lines.map((l) => [l.dir, l.command])).toEqual([
      ["services/api", "cd services/api"],
      ["services/api", 'python evaluate.py --results-fp "results/eval.json"'],
      ["services/api", "echo other.json"],
    ]);
  });

  it("leave a variable that was never assigned (or comes from a command) as written, so no path is made up", () => {
    const lines = scriptLines("RUN=$(date)\npython x.py --output $RUN/out.json\n", "", "a.sh");
    expect(resultsWritten(lines)).toEqual([]);
  });
});

describe("results files written by commands", () => {
  it("take --results-fp, --metrics-path and --output, joined onto the folder the command runs in", () => {
    const found = resultsWritten([
      { dir: "", command: "python madewithml/evaluate.py --results-fp results/eval.json", source: "w.sh" },
      { dir: "model", command: "python -m model.score --metrics-path=out/metrics.yaml", source: "Makefile" },
      {
        dir: "",
        command: "promptfoo eval -c evals/promptfooconfig.yaml --output evals/out.json",
        source: "p",
      },
      { dir: "", command: "python train.py --output model.pkl", source: "not json" },
      { dir: "", command: "python x.py --output ../../etc/passwd.json", source: "outside" },
    ]);
    expect(found).toEqual([
      { path: "results/eval.json", source: "`python madewithml/evaluate.py --results-fp` in w.sh" },
      { path: "model/out/metrics.yaml", source: "`python -m model.score --metrics-path` in Makefile" },
      { path: "evals/out.json", source: "`promptfoo --output` in p" },
    ]);
  });
});

describe("Makefiles", () => {
  it("read recipe lines from the Makefile's folder with $(VAR) filled in", () => {
    const commands = makefileCommands(
      "ml/Makefile",
      "REPORT := reports/metrics.json\n\neval:\n\t@python evaluate.py --metrics-file $(REPORT)\n",
    );
    expect(commands).toEqual([
      { dir: "ml", command: "python evaluate.py --metrics-file reports/metrics.json", source: "ml/Makefile" },
    ]);
    expect(resultsWritten(commands).map((r) => r.path)).toEqual(["ml/reports/metrics.json"]);
  });
});

describe("Azure Pipelines", () => {
  const pipeline = `trigger: [main]
jobs:
- job: test
  steps:
  - script: pytest --junitxml=junit/test-results.xml --cov=app --cov-report=xml
    workingDirectory: service
  - task: PublishTestResults@2
    inputs:
      testResultsFiles: |
        **/test-*.xml
        extra/TEST-*.xml
      searchFolder: $(System.DefaultWorkingDirectory)/service
  - task: PublishCodeCoverageResults@2
    inputs:
      summaryFileLocation: $(System.DefaultWorkingDirectory)/service/coverage.xml
  - task: PublishTestResults@2
    inputs:
      testResultsFormat: NUnit
      testResultsFiles: "**/*.trx"
`;

  it("is told by its name or by its tasks", () => {
    expect(ciKind("azure-pipelines.yml", "steps: []")).toBe("azure");
    expect(ciKind("ci/build.yml", pipeline)).toBe("azure");
    expect(ciKind("config/app.yml", "server:\n  port: 8080\n")).toBeUndefined();
  });

  it("gives the script steps with their working directory, and what the publish tasks publish", () => {
    const ci = readCiFile("azure-pipelines.yml", pipeline, "azure");
    expect(ci.commands).toEqual([
      {
        dir: "service",
        command: "pytest --junitxml=junit/test-results.xml --cov=app --cov-report=xml",
        source: "azure-pipelines.yml",
      },
    ]);
    expect(ci.reports.map((r) => [r.kind, r.path])).toEqual([
      ["junit", "service/**/test-*.xml"],
      ["junit", "service/extra/TEST-*.xml"],
      ["coverage", "service/coverage.xml"],
    ]);
    expect(ci.notes).toEqual([
      "azure-pipelines.yml: PublishTestResults@2 publishes NUnit results, which Shipgate does not read",
    ]);
  });
});

describe("GitLab CI", () => {
  it("reads junit and coverage_report artifacts, the legacy cobertura key, and says when a format is not read", () => {
    const ci = readCiFile(
      ".gitlab-ci.yml",
      `test:
  script:
    - cd backend
    - pytest --junitxml=report.xml
  artifacts:
    reports:
      junit: backend/report.xml
      coverage_report:
        coverage_format: cobertura
        path: $CI_PROJECT_DIR/backend/coverage.xml
legacy:
  script: "coverage xml"
  artifacts:
    reports:
      cobertura: [old/coverage.xml]
java:
  script: [mvn test]
  artifacts:
    reports:
      coverage_report:
        coverage_format: jacoco
        path: target/site/jacoco.xml
`,
      "gitlab",
    );
    expect(ci.commands.map((c) => [c.dir, c.command])).toEqual([
      ["backend", "cd backend"],
      ["backend", "pytest --junitxml=report.xml"],
      ["", "coverage xml"],
      ["", "mvn test"],
    ]);
    expect(ci.reports.map((r) => [r.kind, r.path])).toEqual([
      ["junit", "backend/report.xml"],
      ["coverage", "backend/coverage.xml"],
      ["coverage", "old/coverage.xml"],
    ]);
    expect(ci.notes.join("\n")).toMatch(/coverage_report in jacoco format, which Shipgate does not read/);
  });
});

describe("DVC", () => {
  it("declares metrics at the top level and per stage, as paths or { path: { cache: false } } objects", () => {
    const text = `stages:
  evaluate:
    cmd: python evaluate.py --out reports/metrics.json
    metrics:
    - reports/metrics.json:
        cache: false
    - reports/extra.json
  bad:
    cmd: ["python a.py", "python b.py --metrics-path scores.json"]
    metrics:
    - ../outside.json
metrics:
- eval/metrics.json
`;
    expect(dvcMetricFiles(text, "ml")).toEqual([
      "ml/eval/metrics.json",
      "ml/reports/metrics.json",
      "ml/reports/extra.json",
    ]);
    const commands = dvcCommands("ml/dvc.yaml", text);
    expect(commands.map((c) => c.command)).toEqual([
      "python evaluate.py --out reports/metrics.json",
      "python a.py",
      "python b.py --metrics-path scores.json",
    ]);
    expect(resultsWritten(commands).map((r) => r.path)).toEqual([
      "ml/reports/metrics.json",
      "ml/scores.json",
    ]);
  });
});

describe("CI paths", () => {
  it("drop workspace prefixes and refuse what leaves the repository or depends on a variable", () => {
    expect(repoPath("", "$(Build.SourcesDirectory)/out/junit.xml")).toBe("out/junit.xml");
    expect(repoPath("", "${{ github.workspace }}/a.xml")).toBe("a.xml");
    expect(repoPath("sub", "./r.xml")).toBe("sub/r.xml");
    expect(repoPath("", "/abs/r.xml")).toBeUndefined();
    expect(repoPath("", "../r.xml")).toBeUndefined();
    expect(repoPath("", "$(Agent.TempDirectory)/r.xml")).toBeUndefined();
  });
});

describe("hostile jobs and scripts", () => {
  it("are read in linear time: a huge line of spaces in every kind takes no time", () => {
    const spaces = " ".repeat(2_000_000);
    const lines = scriptLines(`${spaces}x \\\n${spaces}--output${spaces}a.json\n`, "", "a.sh");
    resultsWritten(lines);
    makefileCommands("Makefile", `A :=${spaces}\nall:\n\t${spaces}--results-fp ${"a".repeat(100_000)}\n`);
    expect(ciKind("x.yml", `${spaces}x\n${spaces}-${spaces}tasks\n`)).toBeUndefined();
    readCiFile("azure-pipelines.yml", `steps:\n- script: "${spaces}--metrics-path ${spaces}"\n`, "azure");
    dvcCommands("dvc.yaml", `stages:\n  a:\n    cmd: "python x.py --out ${"a".repeat(1_000_000)}"\n`);
  });
});
