// maxAge: evidence older than the bar fails. The age comes from a timestamp the evidence states
// (`ageFrom`) or from git history, never from a guess: an unknown age fails with the reason.
import { durationMs, evidenceOf, GITHUB_KINDS, type CheckSpec, type Evidence } from "../config/schema.js";
import { EvidenceError } from "../base/errors.js";
import { readPath, valuePhrase } from "../base/jsonpath.js";
import { parseDataText } from "./metric.js";
import type { EvidenceAge, EvidenceContext, EvidenceRef, Finding } from "./types.js";

/** Clocks of CI runners and of the machines that wrote the evidence may disagree by this much. */
const CLOCK_SKEW_MS = 5 * 60_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Epoch numbers at or above this are milliseconds (1e11 seconds is the year 5138; 1e11 ms is 1973). */
const EPOCH_MS_THRESHOLD = 1e11;

type AgeReading =
  | {
      ok: true;
      changedAt: Date;
      source: (when: string) => string;
      from: EvidenceAge["source"];
      evidence?: EvidenceRef;
    }
  | { ok: false; status: "fail" | "error"; why: string };

export async function applyMaxAge(
  check: CheckSpec,
  finding: Finding,
  ctx: EvidenceContext,
): Promise<Finding> {
  if (!check.maxAge) return finding;
  const evidence = evidenceOf(check);
  if (GITHUB_KINDS.has(evidence.kind) || finding.status === "not-evaluable") return finding;

  const maxAge = check.maxAge;
  const limitMs = durationMs(maxAge);
  const reading = check.ageFrom
    ? await ageFromField(check.ageFrom, evidence, finding, ctx)
    : await ageFromGit(finding, ctx);
  const original = finding.status === "pass" ? [`the evidence itself passed: ${finding.summary}`] : [];
  const keepDetails = finding.details ?? [];
  const evidenceRefs =
    reading.ok && reading.evidence && !finding.evidence.some((e) => e.path === reading.evidence?.path)
      ? [...finding.evidence, reading.evidence]
      : finding.evidence;

  let verdict: { status: "pass" | "fail" | "error"; summary: string; measured?: string };
  let age: EvidenceAge | undefined;
  if (!reading.ok) {
    verdict = {
      status: reading.status,
      summary: `cannot tell how old the evidence is, so maxAge ${maxAge} cannot be checked: ${reading.why}`,
    };
  } else {
    const ageMs = ctx.now.getTime() - reading.changedAt.getTime();
    const when = formatWhen(reading.changedAt, limitMs);
    if (ageMs < -CLOCK_SKEW_MS) {
      verdict = {
        status: "error",
        summary: `evidence is dated in the future (${reading.source(when)}, now is ${formatWhen(ctx.now, limitMs)}); fix the timestamp or the clock`,
      };
    } else {
      // Structured too, so a report can tell evidence that is about to go stale.
      age = { ageMs: Math.max(0, ageMs), maxAgeMs: limitMs, source: reading.from };
      const ageText = formatAge(Math.max(0, ageMs), limitMs);
      verdict =
        ageMs > limitMs
          ? {
              status: "fail",
              summary: `evidence is ${ageText} old, older than maxAge ${maxAge} (${reading.source(when)}); regenerate it`,
              measured: `${ageText} old`,
            }
          : {
              status: "pass",
              summary: `evidence is ${ageText} old, within maxAge ${maxAge} (${reading.source(when)})`,
              measured: `${ageText} old`,
            };
    }
  }
  const withAge = age ? { age } : {};

  if (finding.status !== "pass") {
    // The evidence already failed or errored: that stays the headline; the age is a note.
    return {
      ...finding,
      evidence: evidenceRefs,
      details: [...keepDetails, `age: ${verdict.summary}`],
      ...withAge,
    };
  }
  if (verdict.status === "pass") {
    return { ...finding, evidence: evidenceRefs, details: [...keepDetails, verdict.summary], ...withAge };
  }
  return {
    status: verdict.status,
    summary: verdict.summary,
    ...(verdict.measured ? { measured: verdict.measured } : {}),
    bar: `≤ ${maxAge} old`,
    evidence: evidenceRefs,
    details: [...original, ...keepDetails],
    ...withAge,
  };
}

/** The oldest git change among the files the finding read: one stale file makes the evidence stale. */
async function ageFromGit(finding: Finding, ctx: EvidenceContext): Promise<AgeReading> {
  const paths = [...new Set(finding.evidence.map((e) => e.path))];
  if (paths.length === 0)
    return { ok: false, status: "fail", why: "the check names no evidence file to date" };
  let ages;
  try {
    // Asked together, so the repository dates them in one history walk.
    ages = await Promise.all(paths.map((path) => ctx.repo.lastChange(path)));
  } catch (err) {
    // The run's budget refused the walk: not evaluable, so an error, not a stale-evidence fail.
    if (err instanceof EvidenceError) return { ok: false, status: "error", why: err.message };
    throw err;
  }
  let oldest: { path: string; at: Date } | undefined;
  for (const [i, age] of ages.entries()) {
    if (!age.known) return { ok: false, status: "fail", why: age.why };
    if (!oldest || age.changedAt < oldest.at) oldest = { path: paths[i]!, at: age.changedAt };
  }
  const path = oldest!.path;
  return {
    ok: true,
    changedAt: oldest!.at,
    source: (when) => `${path} last changed ${when} per git`,
    from: "git",
  };
}

async function ageFromField(
  field: string,
  evidence: Evidence,
  finding: Finding,
  ctx: EvidenceContext,
): Promise<AgeReading> {
  let file = finding.evidence[0]?.path;
  let text: string | undefined;
  try {
    if (file !== undefined) text = await ctx.repo.readText(file);
  } catch {
    // Not a readable file (a failed finding names the glob it tried): fall back to the check's spec.
    text = undefined;
  }
  try {
    if (text === undefined) {
      const pattern = specFile(evidence);
      if (pattern === undefined)
        return { ok: false, status: "fail", why: "the check names no evidence file to date" };
      file = (await ctx.repo.glob(ctx.baseDir, pattern))[0];
      if (file === undefined) {
        return {
          ok: false,
          status: "fail",
          why: `no file matches ${ctx.baseDir ? `${ctx.baseDir}/` : ""}${pattern}`,
        };
      }
      text = await ctx.repo.readText(file);
    }
    const doc = parseDataText(text, file!);
    const lookup = readPath(doc.value, field);
    if (!lookup.found) {
      return { ok: false, status: "error", why: `ageFrom ${field} is not in ${file}: ${lookup.message}` };
    }
    const at = parseTimestamp(lookup.value);
    if (!at.ok) return { ok: false, status: "error", why: `${field} in ${file} ${at.why}` };
    const line = doc.lineOf?.(field);
    return {
      ok: true,
      changedAt: at.date,
      source: (when) => `${file} says ${when} at ${field}`,
      from: "field",
      evidence: line === undefined ? { path: file! } : { path: file!, line },
    };
  } catch (err) {
    if (err instanceof EvidenceError) {
      return { ok: false, status: err.reason === "missing" ? "fail" : "error", why: err.message };
    }
    return { ok: false, status: "error", why: err instanceof Error ? err.message : String(err) };
  }
}

function specFile(evidence: Evidence): string | undefined {
  switch (evidence.kind) {
    case "file":
      return evidence.spec.path;
    case "junit":
    case "alerts":
    case "evals":
      return evidence.spec.files;
    case "doc":
    case "contains":
    case "metric":
    case "coverage":
    case "loadtest":
    case "cost":
    case "benchmark":
    case "modelcard":
      return evidence.spec.file;
    default:
      return undefined;
  }
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** An ISO 8601 string (with a zone when it has a time) or epoch seconds / milliseconds. */
export function parseTimestamp(value: unknown): { ok: true; date: Date } | { ok: false; why: string } {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0)
      return { ok: false, why: `is ${String(value)}, not a timestamp` };
    return { ok: true, date: new Date(value >= EPOCH_MS_THRESHOLD ? value : value * 1000) };
  }
  if (typeof value !== "string") {
    return {
      ok: false,
      why: `is ${valuePhrase(value)}; write an ISO 8601 timestamp such as 2026-11-22T08:00:00Z`,
    };
  }
  const m = ISO_8601.exec(value.trim());
  if (!m) {
    return {
      ok: false,
      why: `is ${valuePhrase(value)}, not an ISO 8601 timestamp; write it like 2026-11-22T08:00:00Z or as epoch seconds`,
    };
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h !== undefined && zone === undefined) {
    return {
      ok: false,
      why: `is ${valuePhrase(value)}, a time without a time zone; add Z (UTC) or an offset such as +01:00`,
    };
  }
  const fields = [Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)] as const;
  const [year, month, day, hour, minute, second] = fields;
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(base);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, why: `is ${valuePhrase(value)}, not a real date and time` };
  }
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  return { ok: true, date: new Date(base + ms - zoneOffsetMs(zone)) };
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === "Z" || zone === "z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * HOUR + Number(digits.slice(2) || "0") * MINUTE);
}

/** `41 days`, `5 hours`, `12 minutes`: the unit follows the size, with a decimal where the whole number would hide a breach. */
function formatAge(ms: number, limitMs: number): string {
  const unit =
    ms >= 2 * DAY
      ? { size: DAY, name: "day" }
      : ms >= 2 * HOUR
        ? { size: HOUR, name: "hour" }
        : { size: MINUTE, name: "minute" };
  let amount = Math.floor(ms / unit.size);
  if (ms > limitMs && amount * unit.size <= limitMs) amount = Math.floor((ms / unit.size) * 10) / 10;
  if (unit.name === "minute" && amount < 1) return "less than a minute";
  return `${amount} ${unit.name}${amount === 1 ? "" : "s"}`;
}

/** A date for a sentence; with the time of day when the bar is under two days. */
function formatWhen(date: Date, limitMs: number): string {
  const iso = date.toISOString();
  return limitMs < 2 * DAY ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}
