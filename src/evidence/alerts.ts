// `alerts` evidence: Prometheus rule files define the required alerts, each carrying the label and
// annotation keys that on-call needs (severity, runbook_url, ...).
import type { AlertsSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import { parseAlertRules, type AlertRule, type AlertRuleFile } from "./parse/alerts.js";
import { displayPath, eachText, FormatError, guard, matchAll } from "./read.js";
import type { EvidenceContext, EvidenceRef, Finding } from "./types.js";

export type { AlertsSpec };

/** Cap on evidence references and detail lines, so one broken glob cannot flood a comment. */
const MAX_LISTED = 20;

interface RuleFileRead {
  path: string;
  rules: AlertRuleFile;
}

interface KeyGap {
  alert: AlertRule;
  path: string;
  lacks: string[];
}

export async function evaluateAlerts(spec: AlertsSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.files, async () => {
    const shown = displayPath(ctx, spec.files);
    const paths = await matchAll(ctx, spec.files);

    const files: RuleFileRead[] = [];
    const unreadable: Array<{ path: string; message: string }> = [];
    for await (const { path, text } of eachText(paths, ctx)) {
      try {
        files.push({ path, rules: parseAlertRules(text) });
      } catch (err) {
        if (!(err instanceof FormatError)) throw err;
        unreadable.push({ path, message: `${path} ${err.message}` });
      }
    }
    if (unreadable.length > 0) {
      return {
        status: "error",
        summary: `${unreadable[0]!.message}${unreadable.length > 1 ? ` (and ${plural(unreadable.length - 1, "more file")})` : ""}`,
        evidence: unreadable.slice(0, MAX_LISTED).map((u) => ({ path: u.path })),
        details: unreadable.slice(0, MAX_LISTED).map((u) => u.message),
      };
    }

    // Prometheus refuses a rule file with any of these, so none of its alerts would ever fire.
    const rejected = files.flatMap((f) => f.rules.problems.map((p) => ({ path: f.path, ...p })));
    if (rejected.length > 0) {
      const first = rejected[0]!;
      const fileCount = new Set(rejected.map((r) => r.path)).size;
      return {
        status: "error",
        summary:
          `Prometheus would refuse to load ${first.path} (line ${first.line}: ${first.message})` +
          (rejected.length > 1 ? ` and ${plural(rejected.length - 1, "more problem")}` : "") +
          (fileCount > 1 ? ` across ${plural(fileCount, "file")}` : "") +
          "; its alerts would never fire, fix the rule file",
        evidence: rejected.slice(0, MAX_LISTED).map((r) => ({ path: r.path, line: r.line })),
        details: rejected.slice(0, MAX_LISTED).map((r) => `${r.path}:${r.line}: ${r.message}`),
      };
    }

    return judge(spec, files, shown);
  });
}

function judge(spec: AlertsSpec, files: RuleFileRead[], shown: string): Finding {
  const all = files.flatMap((f) => f.rules.alerts.map((alert) => ({ alert, path: f.path })));
  const defined = new Set(all.map((a) => a.alert.name));
  const required = [...new Set(spec.require)];
  const missing = required.filter((name) => !defined.has(name));
  // Without a required list, a glob of rule files holding no alert at all must not pass.
  const minAlerts = spec.minAlerts ?? (required.length === 0 ? 1 : 0);

  // Every definition of an alert fires on its own, so each one must carry the keys.
  const targets = required.length > 0 ? all.filter((a) => required.includes(a.alert.name)) : all;
  const gaps: KeyGap[] = [];
  for (const { alert, path } of targets) {
    const lacks = [
      ...spec.labels.filter((l) => !alert.labels.includes(l)).map((l) => `label ${l}`),
      ...spec.annotations.filter((a) => !alert.annotations.includes(a)).map((a) => `annotation ${a}`),
    ];
    if (lacks.length > 0) gaps.push({ alert, path, lacks });
  }

  const problems: string[] = [];
  if (missing.length > 0)
    problems.push(`missing ${missing.length === 1 ? "alert" : "alerts"}: ${formatList(missing)}`);
  if (defined.size < minAlerts) problems.push(`${plural(defined.size, "distinct alert")} < ${minAlerts}`);
  if (gaps.length > 0) {
    const named = gaps.map((g) => `${g.alert.name} at ${g.path}:${g.alert.line} (${g.lacks.join(", ")})`);
    problems.push(
      `${plural(gaps.length, "alert definition")} without required keys: ${formatList(named, 3)}`,
    );
  }

  const scope = `${plural(files.length, "file")}, ${plural(defined.size, "distinct alert")}`;
  const measured =
    required.length > 0
      ? `${required.length - missing.length} of ${required.length} required alerts defined; ${plural(defined.size, "distinct alert")}`
      : plural(defined.size, "distinct alert");
  const finding = {
    measured,
    bar: barText(spec, required, minAlerts),
  };

  if (problems.length > 0) {
    const evidence: EvidenceRef[] =
      gaps.length > 0 && missing.length === 0
        ? gaps.slice(0, MAX_LISTED).map((g) => ({ path: g.path, line: g.alert.line }))
        : files.slice(0, MAX_LISTED).map((f) => ({ path: f.path }));
    const details = [
      ...(missing.length > 0 ? [`defined: ${formatList([...defined].sort(), 20) || "no alerts"}`] : []),
      ...gaps
        .slice(0, MAX_LISTED)
        .map((g) => `${g.path}:${g.alert.line}: ${g.alert.name} lacks ${g.lacks.join(", ")}`),
    ];
    return {
      status: "fail",
      summary: `${problems.join("; ")} in ${shown} (${scope})`,
      ...finding,
      evidence,
      details: details.length > 0 ? details : undefined,
    };
  }

  const keys = keysText(spec);
  const what =
    required.length > 0
      ? `${required.length === 1 ? "required alert" : `all ${required.length} required alerts`} ${formatList(required)} defined`
      : `${plural(defined.size, "distinct alert")} defined`;
  return {
    status: "pass",
    summary: `${what}${keys ? `, each with ${keys}` : ""} in ${shown} (${scope})`,
    ...finding,
    evidence: files.slice(0, MAX_LISTED).map((f) => ({ path: f.path })),
    details: files
      .slice(0, MAX_LISTED)
      .map(
        (f) =>
          `${f.path}: ${plural(f.rules.alerts.length, "alerting rule")}, ${plural(f.rules.groups.length, "group")}`,
      ),
  };
}

function keysText(spec: AlertsSpec): string {
  const parts: string[] = [];
  if (spec.labels.length > 0)
    parts.push(`${spec.labels.length === 1 ? "label" : "labels"} ${spec.labels.join(", ")}`);
  if (spec.annotations.length > 0) {
    parts.push(
      `${spec.annotations.length === 1 ? "annotation" : "annotations"} ${spec.annotations.join(", ")}`,
    );
  }
  return parts.join(" and ");
}

function barText(spec: AlertsSpec, required: string[], minAlerts: number): string {
  const parts: string[] = [];
  if (required.length > 0) parts.push(`defines ${formatList(required)}`);
  if (minAlerts > 0) parts.push(`≥ ${plural(minAlerts, "distinct alert")}`);
  const keys = keysText(spec);
  if (keys) parts.push(`${required.length > 0 ? "each required alert" : "every alert"} with ${keys}`);
  return parts.join("; ");
}
