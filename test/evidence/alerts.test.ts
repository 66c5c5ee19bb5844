import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AlertsSpec } from "../../src/config/schema.js";
import { evaluateAlerts } from "../../src/evidence/alerts.js";
import { parseAlertRules } from "../../src/evidence/parse/alerts.js";
import { FormatError } from "../../src/evidence/read.js";
import { corpusText, expectedFigures } from "../support/corpus.js";
import { memoryContext } from "../support/memory-repo.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/alerts/${name}`, import.meta.url), "utf8");

interface ExpectedAlerts {
  format: string;
  validPerPrometheus: boolean;
  groups: string[];
  alerts?: string[];
  uniqueAlerts?: string[];
  alertCount: number;
  recordingRules: string[];
  alertDetails?: Array<{
    name: string;
    group: string;
    labels: string[];
    annotations: string[];
    for?: string;
  }>;
  everyAlertHas?: { labels: string[]; annotations: string[] };
}

const alertEntries = Object.entries(expectedFigures()).filter(([, e]) => e.kind === "alerts");

/** An alerts spec with the defaults zod fills in. */
function alertsSpec(s: Partial<AlertsSpec> & { files: string }): AlertsSpec {
  return { require: [], labels: [], annotations: [], ...s };
}

/** The 1-based line of the first line of `text` that contains `needle`, counted independently of yaml. */
function lineOf(text: string, needle: string, from = 0): number {
  const lines = text.split("\n");
  const index = lines.findIndex((l, i) => i >= from && l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in text`);
  return index + 1;
}

describe("parseAlertRules on every corpus rule file in expected.json", () => {
  it("covers the nine corpus files", () => {
    expect(alertEntries).toHaveLength(9);
  });

  it.each(alertEntries)("%s yields the expected figures", (name, raw) => {
    const expected = raw as unknown as ExpectedAlerts;
    const text = corpusText(name);
    const file = parseAlertRules(text);

    expect(file.format).toBe(
      expected.format.startsWith("PrometheusRule") ? "prometheus-rule-resource" : "prometheus-rules",
    );
    expect(file.groups).toEqual(expected.groups);
    expect(file.alerts).toHaveLength(expected.alertCount);
    expect(file.recordingRules).toEqual(expected.recordingRules);
    if (expected.alerts) expect(file.alerts.map((a) => a.name)).toEqual(expected.alerts);
    if (expected.uniqueAlerts)
      expect([...new Set(file.alerts.map((a) => a.name))].sort()).toEqual(expected.uniqueAlerts);
    if (expected.alertDetails) {
      expect(
        file.alerts.map((a) => ({
          name: a.name,
          group: a.group,
          labels: [...a.labels].sort(),
          annotations: [...a.annotations].sort(),
          ...(a.for !== undefined ? { for: a.for } : {}),
        })),
      ).toEqual(
        expected.alertDetails.map((d) => ({
          ...d,
          labels: [...d.labels].sort(),
          annotations: [...d.annotations].sort(),
        })),
      );
    }
    if (expected.everyAlertHas) {
      for (const alert of file.alerts) {
        expect(alert.labels).toEqual(expect.arrayContaining(expected.everyAlertHas.labels));
        expect(alert.annotations).toEqual(expect.arrayContaining(expected.everyAlertHas.annotations));
      }
    }
    // Every alert points at the line that names it (or, for an alert name taken from an alias, the rule).
    for (const alert of file.alerts) {
      expect(text.split("\n")[alert.line - 1]).toMatch(/alert:|<<:/);
    }
  });

  it.each(alertEntries.filter(([name]) => !name.includes("bad_expr")))(
    "%s is judged valid or invalid as Prometheus judges it",
    (name, raw) => {
      const expected = raw as unknown as ExpectedAlerts;
      expect(parseAlertRules(corpusText(name)).problems.length === 0).toBe(expected.validPerPrometheus);
    },
  );

  it("cannot see a PromQL parse error, by design: bad_expr.bad.yaml passes the cheap checks", () => {
    // Shipgate does not parse PromQL; this documents the one corpus rejection it cannot detect.
    expect(parseAlertRules(corpusText("alerts/prometheus__bad_expr.bad.yaml")).problems).toEqual([]);
  });
});

describe("parseAlertRules: what Prometheus would refuse, with lines", () => {
  it("a repeated group name, at the second group", () => {
    expect(parseAlertRules(corpusText("alerts/prometheus__duplicate_grp.bad.yaml")).problems).toEqual([
      { line: 3, message: 'groupname: "yolo" is repeated in the same file' },
    ]);
  });

  it("__name__ as a rule label", () => {
    expect(parseAlertRules(corpusText("alerts/prometheus__invalid_label_name.bad.yaml")).problems).toEqual([
      { line: 7, message: "invalid label name: __name__" },
    ]);
  });

  it("a rule with both record and alert", () => {
    expect(parseAlertRules(corpusText("alerts/prometheus__record_and_alert.bad.yaml")).problems).toEqual([
      { line: 4, message: "only one of 'record' and 'alert' must be set" },
    ]);
  });

  it("a rule without expr, a for that is no duration, a label name with a dash", () => {
    expect(parseAlertRules(fixture("alert-without-expr-and-bad-for.rules.yml")).problems).toEqual([
      { line: 4, message: "field 'expr' must be set in rule" },
      { line: 5, message: 'for: "5 minutes" is not a duration such as 5m or 1h30m' },
      { line: 8, message: "invalid label name: team-name" },
    ]);
  });

  it("a misspelt field (annotation for annotations), which Prometheus refuses as unknown", () => {
    const file = parseAlertRules(fixture("rule-with-misspelt-annotations-field.rules.yml"));
    expect(file.problems).toEqual([{ line: 9, message: "field annotation is not allowed in a rule" }]);
  });

  it("a rule that is neither record nor alert, and an unknown top-level key", () => {
    const file = parseAlertRules("groups:\n  - name: g\n    rules:\n      - expr: up == 0\nrule_files: []\n");
    expect(file.problems).toEqual([
      { line: 5, message: "field rule_files is not allowed at the top level of a rule file" },
      { line: 4, message: "one of 'record' or 'alert' must be set" },
    ]);
  });
});

describe("parseAlertRules: YAML features Prometheus's decoder supports", () => {
  it("applies merge keys, so HighAlert2 keeps the labels and annotations of the rule it merges", () => {
    const file = parseAlertRules(corpusText("alerts/prometheus__test_aliases.yaml"));
    const highAlert2 = file.alerts.filter((a) => a.name === "HighAlert2");
    expect(highAlert2).toHaveLength(2);
    for (const a of highAlert2)
      expect(a).toMatchObject({ labels: ["severity"], annotations: ["description"], for: "5m" });
  });

  it("adds group labels to every rule and merges a labels mapping", () => {
    const text = fixture("group-labels-and-merge-keys.rules.yml");
    const file = parseAlertRules(text);
    expect(file.problems).toEqual([]);
    expect(file.alerts).toEqual([
      {
        name: "ScoringErrorsHigh",
        group: "scoring-service",
        labels: ["team", "severity"],
        annotations: ["summary"],
        for: "5m",
        line: lineOf(text, "alert: ScoringErrorsHigh"),
      },
      {
        name: "ScoringErrorsWarning",
        group: "scoring-service",
        labels: ["team", "severity", "tier"],
        annotations: ["summary"],
        for: "5m",
        line: lineOf(text, "alert: ScoringErrorsWarning"),
      },
    ]);
  });

  it("finds alerts in a PrometheusRule resource whose block scalars use an indentation indicator", () => {
    const text = corpusText("alerts/kuberay__prometheusRules.yaml");
    const [alert] = parseAlertRules(text).alerts;
    expect(alert?.line).toBe(lineOf(text, "alert: MissingMetricRayGlobalControlStore"));
  });

  it("places each alert on its own line in a large file", () => {
    const text = corpusText("alerts/awesome-prometheus-alerts__node-exporter.yml");
    const file = parseAlertRules(text);
    expect(file.alerts).toHaveLength(35);
    for (const alert of file.alerts) expect(alert.line).toBe(lineOf(text, `alert: ${alert.name}`));
  });
});

describe("parseAlertRules refuses what is not a rule file", () => {
  it.each([
    ["an empty file", "", /is empty; expected a Prometheus rule file/],
    ["a comment-only file", "   \n\n", /is empty/],
    ["a YAML alias bomb", fixture("alias-bomb.rules.yml"), /too many alias expansions/],
    ["malformed YAML", "groups:\n  - name: a\n   rules: [\n", /is not valid YAML: line \d+, column \d+/],
    ["duplicate keys", "groups: []\ngroups: []\n", /duplicate key/],
    [
      "a Kubernetes ConfigMap",
      fixture("alertmanager-configmap.yml"),
      /is a Kubernetes ConfigMap, not a rule file/,
    ],
    ["a YAML list", "- alert: A\n  expr: up\n", /does not hold a YAML mapping/],
    ["a mapping without groups", "alert: A\nexpr: up\n", /has no groups/],
    [
      "a PrometheusRule without spec.groups",
      "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec: {}\n",
      /without spec\.groups/,
    ],
    [
      "a PrometheusRule of another API",
      "apiVersion: example.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n",
      /apiVersion "example\.com\/v1"/,
    ],
  ])("%s", (_case, text, message) => {
    expect(() => parseAlertRules(text)).toThrow(FormatError);
    expect(() => parseAlertRules(text)).toThrow(message);
  });

  it("accepts `groups:` with nothing after it as an empty rule file, as Prometheus does", () => {
    expect(parseAlertRules("groups:\n")).toMatchObject({ groups: [], alerts: [], problems: [] });
  });
});

describe("evaluateAlerts", () => {
  const monitoring = {
    "svc/monitoring/model.rules.yml": fixture("model-monitoring.rules.yml"),
    "svc/monitoring/node.rules.yml": corpusText("alerts/awesome-prometheus-alerts__node-exporter.yml"),
  };

  it("fails when one required alert of a glob lacks an annotation the others carry", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({
        files: "monitoring/*.rules.yml",
        require: ["ModelDriftHigh", "LatencyP99High", "HostOutOfMemory"],
        labels: ["severity"],
        annotations: ["runbook_url"],
      }),
      memoryContext(monitoring, { baseDir: "svc" }),
    );
    // The node-exporter rules carry summary and description, no runbook_url.
    const line = lineOf(monitoring["svc/monitoring/node.rules.yml"], "alert: HostOutOfMemory");
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      `1 alert definition without required keys: HostOutOfMemory at svc/monitoring/node.rules.yml:${line} ` +
        "(annotation runbook_url) in svc/monitoring/*.rules.yml (2 files, 37 distinct alerts)",
    );
    expect(finding.evidence).toEqual([{ path: "svc/monitoring/node.rules.yml", line }]);
  });

  it("passes on the required alerts and keys, unioning the files", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({
        files: "monitoring/*.rules.yml",
        require: ["ModelDriftHigh", "LatencyP99High", "HostOutOfMemory"],
        labels: ["severity"],
        annotations: ["summary"],
        minAlerts: 37,
      }),
      memoryContext(monitoring, { baseDir: "svc" }),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "all 3 required alerts ModelDriftHigh, LatencyP99High, HostOutOfMemory defined, each with label severity and " +
        "annotation summary in svc/monitoring/*.rules.yml (2 files, 37 distinct alerts)",
    );
    expect(finding.measured).toBe("3 of 3 required alerts defined; 37 distinct alerts");
    expect(finding.evidence).toEqual([
      { path: "svc/monitoring/model.rules.yml" },
      { path: "svc/monitoring/node.rules.yml" },
    ]);
    expect(finding.details).toEqual([
      "svc/monitoring/model.rules.yml: 2 alerting rules, 1 group",
      "svc/monitoring/node.rules.yml: 35 alerting rules, 1 group",
    ]);
  });

  it("fails naming the missing alerts and the glob", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "monitoring/*.rules.yml", require: ["ModelDriftHigh", "LatencyP99High"] }),
      memoryContext({
        "monitoring/node.rules.yml": corpusText("alerts/awesome-prometheus-alerts__node-exporter.yml"),
      }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "missing alerts: ModelDriftHigh, LatencyP99High in monitoring/*.rules.yml (1 file, 35 distinct alerts)",
    );
    expect(finding.measured).toBe("0 of 2 required alerts defined; 35 distinct alerts");
    expect(finding.evidence).toEqual([{ path: "monitoring/node.rules.yml" }]);
  });

  it("fails when a required alert lacks a listed label or annotation, pointing at file and line", async () => {
    const text = fixture("model-monitoring-without-runbooks.rules.yml");
    const finding = await evaluateAlerts(
      alertsSpec({
        files: "monitoring/model.rules.yml",
        require: ["ModelDriftHigh", "LatencyP99High"],
        labels: ["severity"],
        annotations: ["runbook_url"],
      }),
      memoryContext({ "monitoring/model.rules.yml": text }),
    );
    const drift = lineOf(text, "alert: ModelDriftHigh");
    const latency = lineOf(text, "alert: LatencyP99High");
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "2 alert definitions without required keys: " +
        `ModelDriftHigh at monitoring/model.rules.yml:${drift} (annotation runbook_url), ` +
        `LatencyP99High at monitoring/model.rules.yml:${latency} (label severity) ` +
        "in monitoring/model.rules.yml (1 file, 2 distinct alerts)",
    );
    expect(finding.evidence).toEqual([
      { path: "monitoring/model.rules.yml", line: drift },
      { path: "monitoring/model.rules.yml", line: latency },
    ]);
  });

  it("checks every definition of a required alert: one of four HighErrors lacks its description", async () => {
    const text = corpusText("alerts/prometheus__test.yaml");
    const finding = await evaluateAlerts(
      alertsSpec({ files: "rules.yaml", require: ["HighErrors"], annotations: ["description"] }),
      memoryContext({ "rules.yaml": text }),
    );
    expect(finding.status).toBe("fail");
    const third = lineOf(text, "alert: HighErrors", lineOf(text, "name: my-another-name"));
    expect(finding.evidence).toEqual([{ path: "rules.yaml", line: third }]);
    expect(finding.details).toEqual([`rules.yaml:${third}: HighErrors lacks annotation description`]);
  });

  it("checks every alert when require is empty", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "rules.yaml", labels: ["severity"], annotations: ["summary", "description"] }),
      memoryContext({ "rules.yaml": corpusText("alerts/awesome-prometheus-alerts__kubestate-exporter.yml") }),
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "37 distinct alerts defined, each with label severity and annotations summary, description in rules.yaml (1 file, 37 distinct alerts)",
    );
  });

  it("fails below minAlerts, counting distinct alert names", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "rules.yaml", minAlerts: 2 }),
      memoryContext({ "rules.yaml": corpusText("alerts/prometheus__test.yaml") }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("1 distinct alert < 2 in rules.yaml (1 file, 1 distinct alert)");
  });

  it("fails rule files that define no alert at all when nothing is required", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "rules.yaml" }),
      memoryContext({
        "rules.yaml": "groups:\n  - name: rec\n    rules:\n      - record: a:b\n        expr: up\n",
      }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("0 distinct alerts < 1 in rules.yaml (1 file, 0 distinct alerts)");
  });

  it("finds required alerts in a PrometheusRule resource", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({
        files: "k8s/rules.yaml",
        require: ["MissingMetricRayGlobalControlStore"],
        labels: ["severity"],
      }),
      memoryContext({ "k8s/rules.yaml": corpusText("alerts/kuberay__prometheusRules.yaml") }),
    );
    expect(finding.status).toBe("pass");
  });

  it("is an error when Prometheus would refuse a matched file, naming file and line", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "monitoring/*.yaml", require: ["Hello"] }),
      memoryContext({
        "monitoring/a.yaml": corpusText("alerts/prometheus__test.yaml"),
        "monitoring/b.yaml": corpusText("alerts/prometheus__record_and_alert.bad.yaml"),
      }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      "Prometheus would refuse to load monitoring/b.yaml (line 4: only one of 'record' and 'alert' must be set); " +
        "its alerts would never fire, fix the rule file",
    );
    expect(finding.evidence).toEqual([{ path: "monitoring/b.yaml", line: 4 }]);
  });

  it("is an error for a YAML alias bomb in a rule file", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "monitoring/*.rules.yml", require: ["Lol"] }),
      memoryContext({ "monitoring/bomb.rules.yml": fixture("alias-bomb.rules.yml") }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^monitoring\/bomb\.rules\.yml is not valid YAML: .*too many alias expansions/,
    );
  });

  it("is an error for an empty rule file and for a file of the wrong format", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "monitoring/*.yml", require: ["ModelDriftHigh"] }),
      memoryContext({
        "monitoring/alertmanager.yml": fixture("alertmanager-configmap.yml"),
        "monitoring/empty.yml": "",
        "monitoring/model.yml": fixture("model-monitoring.rules.yml"),
      }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^monitoring\/alertmanager\.yml is a Kubernetes ConfigMap, not a rule file; .* \(and 1 more file\)$/,
    );
    expect(finding.details).toEqual([
      expect.stringMatching(/^monitoring\/alertmanager\.yml is a Kubernetes ConfigMap/),
      expect.stringMatching(/^monitoring\/empty\.yml is empty/),
    ]);
  });

  it("is an error for malformed YAML", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "rules.yml", require: ["A"] }),
      memoryContext({ "rules.yml": "groups:\n  - name: [unclosed\n" }),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/^rules\.yml is not valid YAML: line \d+, column \d+/);
  });

  it("fails when the glob matches nothing", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "monitoring/*.rules.yml", require: ["ModelDriftHigh"] }),
      memoryContext({ "monitoring/readme.md": "# rules live elsewhere" }, { baseDir: "" }),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("no file matches monitoring/*.rules.yml");
  });

  it("fails when a plain path is missing", async () => {
    const finding = await evaluateAlerts(
      alertsSpec({ files: "monitoring/model.rules.yml", require: ["ModelDriftHigh"] }),
      memoryContext({}),
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("monitoring/model.rules.yml");
  });
});
