// Load readiness files: discover, parse (hardened YAML), validate (zod), then check what a schema cannot
// (one evidence kind per check, unique ids, known stages, waivers naming real checks, paths that stay in
// the repository, safe patterns). Every problem is located at file:line:col and says how to fix it.
import { posix } from "node:path";
import type * as z from "zod";
import { parsePath } from "../base/jsonpath.js";
import { compileSafePattern } from "../base/pattern.js";
import { checkEvidencePath } from "../base/paths.js";
import { EvidenceError } from "../base/errors.js";
import { type RepoView } from "../base/view.js";
import { isPlaceholderPrincipal } from "./placeholders.js";
import {
  CATEGORIES,
  checkSchema,
  EVIDENCE_KINDS,
  evidenceSchemas,
  GITHUB_KINDS,
  UNBINDABLE_KINDS,
  bindSchema,
  readinessSchema,
  type EvidenceKind,
} from "./schema.js";
import type { ConfigProblem, LoadResult, ReadinessFile, SourcePos } from "./types.js";
import { parseYaml } from "./yaml.js";
import { DEFAULT_READINESS_GLOB } from "./files.js";

export { DEFAULT_READINESS_GLOB };

/** A readiness file is a page of YAML; anything near this size is a mistake or an attack. */
const MAX_READINESS_BYTES = 1024 * 1024;

type Path = ReadonlyArray<PropertyKey>;

export interface ParsedReadiness {
  file?: ReadinessFile;
  problems: ConfigProblem[];
}

/** Parses and validates one readiness file's text. Pure: the caller reads the file. */
export function parseReadiness(path: string, text: string): ParsedReadiness {
  const problems: ConfigProblem[] = [];
  const at = (pos: SourcePos, message: string) => problems.push({ file: path, ...pos, message });

  if (text.length > MAX_READINESS_BYTES) {
    at(
      { line: 1, column: 1 },
      `the file is over ${MAX_READINESS_BYTES / 1024} KiB; a readiness file should be a page`,
    );
    return { problems };
  }
  const parsed = parseYaml(text.replace(/^\uFEFF/, ""));
  if (!parsed.ok) {
    for (const issue of parsed.issues) at(issue, issue.message);
    return { problems };
  }
  const { value, locate } = parsed;

  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    at(
      { line: 1, column: 1 },
      "a readiness file must be a mapping with version, system, owners, stages and checks",
    );
    return { problems };
  }

  const result = readinessSchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) reportZodIssue(issue, value, locate, at);
  }
  checkSemantics(path, value as Record<string, unknown>, locate, at);

  if (!result.success || problems.length > 0) return { problems };
  return {
    file: {
      path,
      dir: posix.dirname(path) === "." ? "" : posix.dirname(path),
      spec: result.data,
      positions: {
        checks: Object.fromEntries(result.data.checks.map((c, i) => [c.id, locate(["checks", i])])),
        waivers: result.data.waivers.map((_, i) => locate(["waivers", i])),
        owners: locate(["owners"]),
        notApplicable: result.data.notApplicable.map((_, i) => locate(["notApplicable", i])),
        checksList: locate(["checks"]),
      },
    },
    problems,
  };
}

/** Finds readiness files in the repository (node_modules and .git are never walked). */
export async function discoverReadiness(repo: RepoView, pattern = DEFAULT_READINESS_GLOB): Promise<string[]> {
  return repo.glob("", pattern);
}

export interface LoadOptions {
  /**
   * The readiness files a pull request adds. When a new file claims a system an existing file already
   * has, the problem is the new file's (the existing one is kept and judged); without this set neither
   * file can be called the newcomer, and the problem names both.
   */
  added?: ReadonlySet<string>;
}

/** Discovers, reads and validates every readiness file, then checks what spans files. */
export async function loadReadiness(
  repo: RepoView,
  pattern = DEFAULT_READINESS_GLOB,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const paths = await discoverReadiness(repo, pattern);
  const texts: Array<{ path: string; text: string }> = [];
  const problems: ConfigProblem[] = [];
  for (const path of paths) {
    try {
      texts.push({ path, text: await repo.readText(path) });
    } catch (err) {
      const message = err instanceof EvidenceError ? err.message : String(err);
      problems.push({
        file: path,
        line: 1,
        column: 1,
        message: `cannot read the readiness file: ${message}`,
      });
    }
  }
  const loaded = loadReadinessTexts(texts, options);
  return { files: loaded.files, problems: [...problems, ...loaded.problems] };
}

/** Validates readiness files whose text is already in hand (e.g. read from the base branch). */
export function loadReadinessTexts(
  texts: ReadonlyArray<{ path: string; text: string }>,
  options: LoadOptions = {},
): LoadResult {
  const files: ReadinessFile[] = [];
  const problems: ConfigProblem[] = [];
  const systems = new Map<string, { file: ReadinessFile; text: string }>();
  for (const { path, text } of texts) {
    const parsed = parseReadiness(path, text);
    problems.push(...parsed.problems);
    if (!parsed.file) continue;
    const system = parsed.file.spec.system;
    const first = systems.get(system);
    if (first === undefined) {
      systems.set(system, { file: parsed.file, text });
      files.push(parsed.file);
      continue;
    }
    const { added } = options;
    if (added === undefined) {
      problems.push({
        file: path,
        ...systemPosition(text),
        message: `system "${system}" is declared in both ${first.file.path} and ${path}; system names must be unique in the repository: rename one of them`,
      });
      continue;
    }
    // Sort order must not decide which file is the duplicate: the one the pull request adds is.
    const newcomerFirst = added.has(first.file.path) && !added.has(path);
    const [kept, dropped] = newcomerFirst
      ? [{ file: parsed.file, text }, first]
      : [first, { file: parsed.file, text }];
    if (newcomerFirst) {
      files.splice(files.indexOf(first.file), 1, parsed.file);
      systems.set(system, kept);
    }
    const isNew = added.has(dropped.file.path) && !added.has(kept.file.path);
    problems.push({
      file: dropped.file.path,
      ...systemPosition(dropped.text),
      message: `system "${system}" is already declared in ${kept.file.path}; system names must be unique in the repository${isNew ? `: this pull request adds ${dropped.file.path}, so give it a system name of its own` : ""}`,
    });
  }
  return { files, problems };
}

function systemPosition(text: string): SourcePos {
  const parsed = parseYaml(text);
  return parsed.ok ? parsed.locate(["system"]) : { line: 1, column: 1 };
}

function reportZodIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  locate: (p: Path) => SourcePos,
  at: (pos: SourcePos, message: string) => void,
): void {
  const path = issue.path as PropertyKey[];
  const where = formatPath(path);
  switch (issue.code) {
    case "unrecognized_keys":
      for (const key of issue.keys) {
        const known = allowedKeys(path);
        at(
          locate([...path, key]),
          `${where ? `${where}: ` : ""}unknown key "${key}"${suggest(key, known)}${known.length ? ` (allowed: ${known.join(", ")})` : ""}`,
        );
      }
      return;
    case "invalid_type": {
      // zod 4 leaves the input out of issues; look it up to tell "missing" from "wrong type".
      const found = valueAt(raw, path);
      at(
        locate(path),
        found === undefined
          ? `${where}: is required${requiredHint(path)}`
          : `${where}: expected ${issue.expected}, got ${yamlValuePhrase(found)}`,
      );
      return;
    }
    case "invalid_value":
      at(
        locate(path),
        `${where}: ${issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.map((v) => String(v)).join(", ")}`}`,
      );
      return;
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? "at least" : "at most";
      const what = issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : "";
      // A custom message (e.g. "name at least one owner") says more than the generic bound.
      const custom = !/^Too (small|big)/.test(issue.message);
      const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
      at(locate(path), `${where}: ${custom ? issue.message : `must be ${bound} ${String(limit)}${what}`}`);
      return;
    }
    default:
      at(locate(path), `${where ? `${where}: ` : ""}${issue.message}`);
  }
}

function checkSemantics(
  path: string,
  raw: Record<string, unknown>,
  locate: (p: Path) => SourcePos,
  at: (pos: SourcePos, message: string) => void,
): void {
  const dir = posix.dirname(path) === "." ? "" : posix.dirname(path);
  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  const stageNames = stages.map((s) => (isRecord(s) && typeof s.name === "string" ? s.name : undefined));
  const seenStages = new Set<string>();
  stageNames.forEach((name, i) => {
    if (name === undefined) return;
    if (seenStages.has(name))
      at(locate(["stages", i, "name"]), `stage "${name}" is declared twice; stage names must be unique`);
    seenStages.add(name);
  });

  const checks = Array.isArray(raw.checks) ? raw.checks : [];
  const ids = new Set<string>();
  checks.forEach((check, i) => {
    if (!isRecord(check)) return;
    const id = typeof check.id === "string" ? check.id : `#${i + 1}`;
    if (typeof check.id === "string") {
      if (ids.has(check.id))
        at(
          locate(["checks", i, "id"]),
          `check id "${check.id}" is used twice; ids must be unique in the file`,
        );
      ids.add(check.id);
    }
    // In the order written, so a second kind is pointed at where it was added.
    const kinds = Object.keys(check).filter((k): k is EvidenceKind =>
      (EVIDENCE_KINDS as readonly string[]).includes(k),
    );
    if (kinds.length === 0) {
      at(
        locate(["checks", i]),
        `check "${id}" has no evidence: add exactly one of ${EVIDENCE_KINDS.join(", ")}`,
      );
    } else if (kinds.length > 1) {
      at(
        locate(["checks", i, kinds[1]!]),
        `check "${id}" has ${kinds.length} evidence kinds (${kinds.join(", ")}): keep one, or split it into ${kinds.length} checks`,
      );
    }
    if (typeof check.stage === "string" && stageNames.length > 0 && !stageNames.includes(check.stage)) {
      at(
        locate(["checks", i, "stage"]),
        `check "${id}": unknown stage "${check.stage}"; declared stages are ${stageNames.filter(Boolean).join(", ")}`,
      );
    }
    const kind = kinds[0];
    if (check.maxAge !== undefined && kind !== undefined && GITHUB_KINDS.has(kind)) {
      at(
        locate(["checks", i, "maxAge"]),
        `check "${id}": maxAge applies only to evidence read from files, not ${kind}`,
      );
    }
    if (check.bind !== undefined && kind !== undefined && UNBINDABLE_KINDS.has(kind)) {
      at(
        locate(["checks", i, "bind"]),
        `check "${id}": bind applies to evidence read from JSON or YAML files, not ${kind}; remove bind or move it to the check that reads the evaluation`,
      );
    }
    if (isRecord(check.bind)) {
      const paths: Array<[Path, unknown]> = [
        [["checks", i, "bind", "path"], check.bind.path],
        [
          ["checks", i, "bind", "equals", "path"],
          isRecord(check.bind.equals) ? check.bind.equals.path : undefined,
        ],
      ];
      for (const [where, value] of paths) {
        if (typeof value !== "string") continue;
        const parsed = parsePath(value);
        if (!parsed.ok) at(locate(where), `check "${id}": bind: ${parsed.message}`);
      }
      const file = isRecord(check.bind.equals) ? check.bind.equals.file : undefined;
      const problem = typeof file === "string" ? pathProblem(dir, file) : undefined;
      if (problem)
        at(locate(["checks", i, "bind", "equals", "file"]), `check "${id}": bind.equals.file ${problem}`);
    }
    if (typeof check.ageFrom === "string") {
      const parsed = parsePath(check.ageFrom);
      if (!parsed.ok) at(locate(["checks", i, "ageFrom"]), `check "${id}": ageFrom: ${parsed.message}`);
    }
    if (check.ageFrom !== undefined && check.maxAge === undefined) {
      at(
        locate(["checks", i, "ageFrom"]),
        `check "${id}": ageFrom needs maxAge beside it (e.g. maxAge: 30d)`,
      );
    }
    if (kind !== undefined && isRecord(check[kind]))
      checkEvidenceSpec(dir, id, kind, check[kind], ["checks", i, kind], locate, at);
  });

  checkPrincipals(raw, locate, at);
  checkCoverage(raw, stages, locate, at);

  const waivers = Array.isArray(raw.waivers) ? raw.waivers : [];
  waivers.forEach((waiver, i) => {
    if (!isRecord(waiver) || typeof waiver.check !== "string") return;
    if (!ids.has(waiver.check)) {
      at(
        locate(["waivers", i, "check"]),
        `waiver names check "${waiver.check}", which this file does not declare${ids.size ? ` (checks: ${[...ids].join(", ")})` : ""}`,
      );
    }
  });
}

const PLACEHOLDER_FIX =
  "replace it with the GitHub user or team that owns this system (e.g. @carol or @acme/ml-claims), such as the owners CODEOWNERS names for its folder";

/** Owners and approvers must be real: a placeholder is an owner nobody can be. */
function checkPrincipals(
  raw: Record<string, unknown>,
  locate: (p: Path) => SourcePos,
  at: (pos: SourcePos, message: string) => void,
): void {
  const placeholder = (value: unknown): value is string =>
    typeof value === "string" && isPlaceholderPrincipal(value);
  const owners = Array.isArray(raw.owners) ? raw.owners : [];
  owners.forEach((owner, i) => {
    if (placeholder(owner))
      at(
        locate(["owners", i]),
        `owners[${i}]: "${owner}" is a placeholder, not an owner: ${PLACEHOLDER_FIX}`,
      );
  });
  for (const list of ["waivers", "notApplicable"] as const) {
    const entries = Array.isArray(raw[list]) ? raw[list] : [];
    entries.forEach((entry, i) => {
      if (isRecord(entry) && placeholder(entry.approvedBy))
        at(
          locate([list, i, "approvedBy"]),
          `${list}[${i}].approvedBy: "${entry.approvedBy}" is a placeholder: name the owner who approved it (one of owners)`,
        );
    });
  }
  const checks = Array.isArray(raw.checks) ? raw.checks : [];
  checks.forEach((check, i) => {
    if (!isRecord(check) || !isRecord(check.approval) || !Array.isArray(check.approval.from)) return;
    check.approval.from.forEach((who, j) => {
      if (placeholder(who))
        at(
          locate(["checks", i, "approval", "from", j]),
          `check "${String(check.id)}": approval.from[${j}]: "${who}" is a placeholder: name the GitHub user or team whose approval counts (e.g. @carol or @acme/compliance)`,
        );
    });
  });
}

/**
 * notApplicable and stages[].covers: one entry per category, approved by an owner, and never for a
 * category that has checks (a category is either checked or declared not applicable, not both).
 */
function checkCoverage(
  raw: Record<string, unknown>,
  stages: readonly unknown[],
  locate: (p: Path) => SourcePos,
  at: (pos: SourcePos, message: string) => void,
): void {
  const isCategory = (v: unknown): v is string =>
    typeof v === "string" && (CATEGORIES as readonly string[]).includes(v);
  stages.forEach((stage, i) => {
    if (!isRecord(stage) || !Array.isArray(stage.covers)) return;
    const seen = new Set<string>();
    stage.covers.forEach((category, j) => {
      if (!isCategory(category)) return;
      if (seen.has(category))
        at(
          locate(["stages", i, "covers", j]),
          `stages[${i}].covers: "${category}" is listed twice; list each category once`,
        );
      seen.add(category);
    });
  });

  const entries = Array.isArray(raw.notApplicable) ? raw.notApplicable : [];
  if (entries.length === 0) return;
  const owners = (Array.isArray(raw.owners) ? raw.owners : []).filter(
    (o): o is string => typeof o === "string",
  );
  const ownerSet = new Set(owners.map((o) => o.toLowerCase()));
  const checks = Array.isArray(raw.checks) ? raw.checks : [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    if (!isRecord(entry)) return;
    const category = entry.category;
    if (isCategory(category)) {
      if (seen.has(category))
        at(
          locate(["notApplicable", i, "category"]),
          `notApplicable[${i}]: "${category}" is declared not applicable twice; keep one entry per category`,
        );
      seen.add(category);
      const checked = checks
        .filter((c) => isRecord(c) && c.category === category)
        .map((c) => (isRecord(c) && typeof c.id === "string" ? c.id : "?"));
      if (checked.length > 0)
        at(
          locate(["notApplicable", i, "category"]),
          `notApplicable[${i}]: "${category}" is declared not applicable but has checks (${checked.join(", ")}): remove this entry, or remove those checks`,
        );
    }
    const approver = entry.approvedBy;
    if (
      typeof approver === "string" &&
      !isPlaceholderPrincipal(approver) &&
      !ownerSet.has(approver.toLowerCase())
    )
      at(
        locate(["notApplicable", i, "approvedBy"]),
        `notApplicable[${i}].approvedBy: "${approver}" is not one of the owners (${owners.join(", ")}); an owner must approve it: name one of them, or add ${approver} to owners`,
      );
  });
}

function checkEvidenceSpec(
  dir: string,
  id: string,
  kind: EvidenceKind,
  spec: Record<string, unknown>,
  base: PropertyKey[],
  locate: (p: Path) => SourcePos,
  at: (pos: SourcePos, message: string) => void,
): void {
  for (const key of ["file", "files", "path"] as const) {
    if (kind === "metric" && key === "path") continue; // metric.path is a path inside the JSON, not a file
    const value = spec[key];
    if (typeof value !== "string") continue;
    const problem = pathProblem(dir, value);
    if (problem) at(locate([...base, key]), `check "${id}": ${kind}.${key} ${problem}`);
  }
  if (kind === "metric" && typeof spec.path === "string") {
    const parsed = parsePath(spec.path);
    if (!parsed.ok) at(locate([...base, "path"]), `check "${id}": metric.path: ${parsed.message}`);
  }
  if (kind === "contains" && typeof spec.pattern === "string") {
    const compiled = compileSafePattern(spec.pattern);
    if (!compiled.ok) at(locate([...base, "pattern"]), `check "${id}": ${compiled.message}`);
  }
}

/** Evidence paths follow the rules of src/base/paths.ts, the same the repository views apply when reading. */
function pathProblem(dir: string, value: string): string | undefined {
  const checked = checkEvidencePath(dir, value);
  return checked.ok ? undefined : `${JSON.stringify(value)} ${checked.reason}`;
}

const TOP_KEYS = Object.keys(readinessSchema.shape);

function allowedKeys(path: PropertyKey[]): string[] {
  if (path.length === 0) return TOP_KEYS;
  if (path[0] === "checks" && path.length === 2) return Object.keys(checkSchema.shape);
  if (
    path[0] === "checks" &&
    path.length === 3 &&
    typeof path[2] === "string" &&
    path[2] in evidenceSchemas
  ) {
    return Object.keys(evidenceSchemas[path[2] as EvidenceKind].shape);
  }
  if (path[0] === "checks" && path.length === 3 && path[2] === "bind") return Object.keys(bindSchema.shape);
  if (path[0] === "checks" && path.length === 4 && path[2] === "bind" && path[3] === "equals")
    return ["file", "path"];
  if (path[0] === "stages" && path.length === 2) return ["name", "branches", "covers"];
  if (path[0] === "notApplicable" && path.length === 2) return ["category", "reason", "approvedBy"];
  if (path[0] === "waivers" && path.length === 2) return ["check", "reason", "approvedBy", "expires"];
  return [];
}

function requiredHint(path: PropertyKey[]): string {
  const last = path[path.length - 1];
  if (path.length === 1 && last === "version") return " (add version: 1)";
  if (last === "category") return ` (one of data, model, system, monitoring, compliance, operations)`;
  return "";
}

function suggest(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  const close = known.find((k) => k.toLowerCase() === lower || editDistance(k.toLowerCase(), lower) <= 2);
  return close ? ` — did you mean "${close}"?` : "";
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}

function yamlValuePhrase(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
