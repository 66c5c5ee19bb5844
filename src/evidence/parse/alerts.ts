// Prometheus rule files, plain or as a Kubernetes PrometheusRule resource: the alerts they define and the
// mistakes Prometheus itself would refuse to load. PromQL is never parsed; it is data.
import { parseYaml, type Locate } from "../../config/yaml.js";
import { FormatError } from "../read.js";

export type AlertRuleFormat = "prometheus-rules" | "prometheus-rule-resource";

export interface AlertRule {
  name: string;
  group: string;
  /** Label keys in file order (group labels, which Prometheus adds to every rule, included). */
  labels: string[];
  /** Annotation keys in file order. */
  annotations: string[];
  /** The `for` duration as written, when set. */
  for?: string;
  /** 1-based line where the alert is defined. */
  line: number;
}

/** A reason Prometheus would refuse to load the file, at a 1-based line. */
export interface RuleProblem {
  line: number;
  message: string;
}

export interface AlertRuleFile {
  format: AlertRuleFormat;
  /** Group names in file order, duplicates kept. */
  groups: string[];
  /** Alerting rules in file order, duplicates kept. */
  alerts: AlertRule[];
  /** Recording rule names in file order, duplicates kept. */
  recordingRules: string[];
  /** Empty when Prometheus would load the file (as far as can be told without parsing PromQL). */
  problems: RuleProblem[];
}

const SUPPORTED =
  "expected a Prometheus rule file (groups: [{name, rules}]) or a Kubernetes PrometheusRule resource (spec.groups)";

/** Prometheus's legacy label-name syntax; `__name__` is reserved on top of it. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** prometheus/common model.ParseDuration; "0" is allowed on its own. */
const DURATION = /^(?:0|(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?)$/;
const MAX_MERGE_DEPTH = 16;
/** Prometheus decodes rule files with unknown fields refused. */
const RULE_KEYS = new Set(["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"]);

type Path = Array<string | number>;
type YamlMap = Record<string, unknown>;

function isMap(v: unknown): v is YamlMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function parseAlertRules(text: string): AlertRuleFile {
  if (text.replace(/^\uFEFF/, "").trim() === "") throw new FormatError(`is empty; ${SUPPORTED}`);
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    const first = parsed.issues[0]!;
    throw new FormatError(`is not valid YAML: line ${first.line}, column ${first.column}: ${first.message}`);
  }
  const reader = new RuleReader(parsed.locate);
  return reader.read(parsed.value);
}

class RuleReader {
  private readonly problems: RuleProblem[] = [];
  private readonly groups: string[] = [];
  private readonly alerts: AlertRule[] = [];
  private readonly recordingRules: string[] = [];

  constructor(private readonly locate: Locate) {}

  read(value: unknown): AlertRuleFile {
    if (!isMap(value)) throw new FormatError(`does not hold a YAML mapping; ${SUPPORTED}`);
    let format: AlertRuleFormat;
    let groupsPath: Path;
    let groups: unknown;
    if (value.kind === "PrometheusRule") {
      const api = typeof value.apiVersion === "string" ? value.apiVersion : "";
      if (!api.startsWith("monitoring.coreos.com/")) {
        throw new FormatError(
          `is a PrometheusRule with apiVersion ${JSON.stringify(value.apiVersion)}; expected monitoring.coreos.com/v1`,
        );
      }
      const spec = this.merged(value.spec, ["spec"]);
      if (!spec || !("groups" in spec)) throw new FormatError("is a PrometheusRule without spec.groups");
      format = "prometheus-rule-resource";
      groupsPath = ["spec", "groups"];
      groups = spec.groups;
    } else if ("groups" in value) {
      format = "prometheus-rules";
      groupsPath = ["groups"];
      groups = value.groups;
      for (const key of Object.keys(value)) {
        if (key !== "groups")
          this.problem([key], `field ${key} is not allowed at the top level of a rule file`);
      }
    } else if (typeof value.kind === "string") {
      throw new FormatError(`is a Kubernetes ${value.kind}, not a rule file; ${SUPPORTED}`);
    } else {
      throw new FormatError(`has no groups; ${SUPPORTED}`);
    }

    // `groups:` with nothing after it is an empty list to Prometheus.
    if (groups !== null && groups !== undefined) {
      if (!Array.isArray(groups)) this.problem(groupsPath, "groups must be a list of rule groups");
      else groups.forEach((g, i) => this.readGroup(g, [...groupsPath, i]));
    }
    return {
      format,
      groups: this.groups,
      alerts: this.alerts,
      recordingRules: this.recordingRules,
      problems: this.problems,
    };
  }

  private readGroup(raw: unknown, path: Path): void {
    const group = this.merged(raw, path);
    if (!group) {
      this.problem(path, "a rule group must be a mapping with name and rules");
      return;
    }
    const name = scalarText(group.name) ?? "";
    this.groups.push(name);
    if (name === "") this.problem(path, "Groupname must not be empty");
    else if (this.groups.indexOf(name) !== this.groups.length - 1) {
      this.problem([...path, "name"], `groupname: "${name}" is repeated in the same file`);
    }
    for (const key of ["interval", "query_offset"]) {
      if (group[key] !== undefined && group[key] !== null) this.duration(group[key], [...path, key], key);
    }
    const groupLabels = this.labelMap(group.labels, [...path, "labels"], "label");

    const rules = group.rules;
    if (rules === undefined || rules === null) return;
    if (!Array.isArray(rules)) {
      this.problem([...path, "rules"], `rules of group "${name}" must be a list`);
      return;
    }
    rules.forEach((r, i) => this.readRule(r, [...path, "rules", i], name, groupLabels));
  }

  private readRule(raw: unknown, path: Path, group: string, groupLabels: string[]): void {
    const rule = this.merged(raw, path);
    if (!rule) {
      this.problem(path, `a rule in group "${group}" is not a mapping`);
      return;
    }
    for (const key of Object.keys(rule)) {
      if (!RULE_KEYS.has(key)) this.problem([...path, key], `field ${key} is not allowed in a rule`);
    }
    const alert = this.nameField(rule, "alert", path);
    const record = this.nameField(rule, "record", path);
    if (alert && record) this.problem(path, "only one of 'record' and 'alert' must be set");
    if (!alert && !record) this.problem(path, "one of 'record' or 'alert' must be set");

    const expr = rule.expr;
    if (expr === undefined || expr === null || (typeof expr === "string" && expr.trim() === "")) {
      this.problem(path, "field 'expr' must be set in rule");
    } else if (scalarText(expr) === undefined) {
      this.problem([...path, "expr"], "field 'expr' must be a PromQL expression written as text");
    }

    for (const key of ["for", "keep_firing_for"]) {
      if (rule[key] !== undefined && rule[key] !== null) this.duration(rule[key], [...path, key], key);
    }
    const labels = this.labelMap(rule.labels, [...path, "labels"], "label");
    const annotations = this.labelMap(rule.annotations, [...path, "annotations"], "annotation");

    if (record) {
      this.recordingRules.push(record);
      if (annotations.length > 0) this.problem(path, "invalid field 'annotations' in recording rule");
      if (nonZeroDuration(rule.for)) this.problem(path, "invalid field 'for' in recording rule");
      if (nonZeroDuration(rule.keep_firing_for))
        this.problem(path, "invalid field 'keep_firing_for' in recording rule");
      if (/[{}]/.test(record)) {
        this.problem(
          [...path, "record"],
          `braces present in the recording rule name; should it be in expr?: ${record}`,
        );
      }
    }
    if (alert) {
      const forText = scalarText(rule.for);
      this.alerts.push({
        name: alert,
        group,
        labels: [...groupLabels, ...labels.filter((l) => !groupLabels.includes(l))],
        annotations,
        ...(forText !== undefined ? { for: forText } : {}),
        line: this.lineOf([...path, "alert"]),
      });
    }
  }

  /** `alert` or `record` as text; empty when absent. */
  private nameField(rule: YamlMap, key: "alert" | "record", path: Path): string {
    const value = rule[key];
    if (value === undefined || value === null) return "";
    const text = scalarText(value);
    if (text === undefined) {
      this.problem([...path, key], `${key} must be a name, not a list or mapping`);
      return "";
    }
    return text;
  }

  /** Keys of a labels or annotations mapping, each checked the way Prometheus checks them. */
  private labelMap(raw: unknown, path: Path, what: "label" | "annotation"): string[] {
    if (raw === undefined || raw === null) return [];
    const map = this.merged(raw, path);
    if (!map) {
      this.problem(path, `${what}s must be a mapping of names to values`);
      return [];
    }
    for (const [key, value] of Object.entries(map)) {
      if (!LABEL_NAME.test(key) || (what === "label" && key === "__name__")) {
        this.problem([...path, key], `invalid ${what} name: ${key}`);
      }
      if (value !== null && scalarText(value) === undefined) {
        this.problem([...path, key], `${what} ${key} must have a text value, not a list or mapping`);
      }
    }
    return Object.keys(map);
  }

  private duration(value: unknown, path: Path, key: string): void {
    const text = scalarText(value);
    if (text === undefined || text === "" || !DURATION.test(text)) {
      const shown = text === undefined ? "a list or mapping" : JSON.stringify(text);
      this.problem(path, `${key}: ${shown} is not a duration such as 5m or 1h30m`);
    }
  }

  /**
   * A mapping with YAML merge keys (`<<: *anchor`) applied, as Prometheus's YAML decoder does. The shared
   * YAML entry point keeps merge keys off, so they arrive here as a plain `<<` key. Null when not a mapping.
   */
  private merged(raw: unknown, path: Path, depth = 0): YamlMap | null {
    if (!isMap(raw)) return null;
    if (!("<<" in raw)) return raw;
    // A self-referencing anchor would merge forever; real files merge one or two levels.
    if (depth >= MAX_MERGE_DEPTH)
      throw new FormatError(`nests merge keys (<<) more than ${MAX_MERGE_DEPTH} deep`);
    const { "<<": source, ...own } = raw;
    const sources = Array.isArray(source) ? source : [source];
    const base: YamlMap = {};
    // Earlier sources win over later ones; the mapping's own keys win over all of them.
    for (const s of [...sources].reverse()) {
      const m = this.merged(s, path, depth + 1);
      if (!m) {
        this.problem([...path, "<<"], "a merge key (<<) must point at a mapping or a list of mappings");
        continue;
      }
      Object.assign(base, m);
    }
    return { ...base, ...own };
  }

  private problem(path: Path, message: string): void {
    this.problems.push({ line: this.lineOf(path), message });
  }

  private lineOf(path: Path): number {
    return this.locate(path).line;
  }
}

/** The text of a YAML scalar as Prometheus's decoder would read it into a string field. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function nonZeroDuration(value: unknown): boolean {
  const text = scalarText(value);
  return text !== undefined && text !== "" && /[1-9]/.test(text);
}
