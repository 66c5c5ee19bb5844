// The machine-readable report (docs/report-schema.md). Keys come in a fixed, documented order whatever
// order the objects were built in, so two runs on the same evidence produce the same bytes.
import { sortedDeep } from "../base/jsonpath.js";
import type { GateReport } from "../gate/types.js";

type Shape = { keys: readonly string[]; children?: Record<string, Shape | { each: Shape }> };

const POSITION: Shape = { keys: ["line", "column"] };
const EVIDENCE_REF: Shape = { keys: ["path", "line"] };
const FINDING: Shape = {
  keys: ["status", "summary", "measured", "bar", "evidence", "details"],
  children: { evidence: { each: EVIDENCE_REF } },
};
const WAIVER: Shape = {
  keys: ["check", "reason", "approvedBy", "expires", "state", "daysLeft", "position"],
  children: { position: POSITION },
};
const CHECK: Shape = {
  keys: [
    "id",
    "title",
    "category",
    "kind",
    "stage",
    "required",
    "status",
    "finding",
    "position",
    "waiver",
    "maxAge",
  ],
  children: { finding: FINDING, position: POSITION, waiver: WAIVER },
};
const SYSTEM: Shape = {
  keys: [
    "system",
    "description",
    "file",
    "owners",
    "ownersLine",
    "stages",
    "stage",
    "stageReason",
    "blocker",
    "verdict",
    "level",
    "scores",
    "coverage",
    "weakest",
    "policy",
    "checks",
    "waivers",
  ],
  children: {
    scores: { each: { keys: ["category", "passed", "required"] } },
    coverage: {
      each: {
        keys: ["category", "state", "required", "checks", "reason", "approvedBy", "position", "finding"],
        children: { position: POSITION },
      },
    },
    policy: { keys: ["source", "reason"] },
    checks: { each: CHECK },
    waivers: { each: WAIVER },
  },
};
const REPORT: Shape = {
  keys: ["version", "generatedAt", "target", "verdict", "systems", "problems", "enforcement"],
  children: {
    target: { keys: ["branch", "stage", "local"] },
    enforcement: {
      keys: ["state", "check", "branches"],
      children: { branches: { each: { keys: ["branch", "state", "reason"] } } },
    },
    systems: { each: SYSTEM },
    problems: { each: { keys: ["file", "line", "column", "message"] } },
  },
};

/** The GateReport as JSON (two-space indent), `version: 1`, keys in schema order. */
export function renderJson(report: GateReport): string {
  return JSON.stringify(ordered({ ...report, version: 1 }, REPORT), null, 2);
}

/** Known keys in schema order, then any others (added by a newer module) sorted; undefined dropped. */
function ordered(value: unknown, shape: Shape): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const extra = Object.keys(source)
    .filter((k) => !shape.keys.includes(k))
    .sort();
  for (const key of [...shape.keys, ...extra]) {
    const v = source[key];
    if (v === undefined) continue;
    const child = shape.children?.[key];
    // Objects the schema does not describe still get a stable order.
    if (child === undefined) out[key] = sortedDeep(v);
    else if ("each" in child) out[key] = Array.isArray(v) ? v.map((item) => ordered(item, child.each)) : v;
    else out[key] = ordered(v, child);
  }
  return out;
}
