// Commands and published reports from the places a repository runs its jobs: Azure Pipelines and GitLab CI
// files, DVC stage commands, shell scripts and Makefiles. Read as data (YAML parsed, scripts split into
// lines); nothing is run. Paths come out repository-relative, with CI workspace prefixes removed.
import { posix } from "node:path";
import { parseYaml } from "../config/yaml.js";

/** A command line a job or script runs, the folder it runs in, and where it was found. */
export interface Command {
  /** Repository-relative folder the command runs in; `""` at the root. */
  dir: string;
  command: string;
  /** The file that runs it. */
  source: string;
}

/** A report a CI system publishes: it says where the tests or coverage are written. */
export interface PublishedReport {
  kind: "junit" | "coverage";
  /** Repository-relative path or glob. */
  path: string;
  /** What publishes it, for a comment: `PublishTestResults@2 (.pipelines/ci.yml)`. */
  source: string;
}

export interface CiFile {
  commands: Command[];
  reports: PublishedReport[];
  notes: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Workspace variables CI systems put in front of repository paths. */
const WORKSPACE_PREFIX =
  /^(?:\$\((?:System\.DefaultWorkingDirectory|Build\.SourcesDirectory|Build\.Repository\.LocalPath)\)|\$\{?CI_PROJECT_DIR\}?|\$\{?GITHUB_WORKSPACE\}?|\$\{\{\s*github\.workspace\s*\}\})\/?/;

/** A path as written in CI, repository-relative (joined onto `dir`); undefined when it cannot be told. */
export function repoPath(dir: string, raw: string): string | undefined {
  const cleaned = raw
    .trim()
    .replace(/^["']|["']$/g, "")
    .replace(WORKSPACE_PREFIX, "")
    .replace(/^\.\//, "");
  if (cleaned === "" || cleaned.startsWith("/") || /^[A-Za-z]:/.test(cleaned) || /[$`]/.test(cleaned))
    return undefined;
  const joined = posix.normalize(posix.join(dir || ".", cleaned));
  if (joined === "." || joined === ".." || joined.startsWith("../")) return undefined;
  return joined;
}

/** Which CI system a YAML file is written for, by its name and content. */
export function ciKind(path: string, text: string): "gitlab" | "azure" | undefined {
  const name = posix.basename(path).toLowerCase();
  if (name === ".gitlab-ci.yml" || path.startsWith(".gitlab/")) return "gitlab";
  if (/^\.?azure-pipelines/.test(name) || /^(?:\.pipelines|\.azure-pipelines|\.azuredevops)\//.test(path))
    return "azure";
  if (/^[ \t]*(?:-[ \t]*)?task:[ \t]*[\w.-]+@\d/m.test(text)) return "azure";
  // A GitLab template included from .gitlab-ci.yml: jobs with `script:` and `artifacts: reports:`.
  if (/^[ \t]+reports:[ \t]*$/m.test(text) && /^[ \t]+script:/m.test(text)) return "gitlab";
  return undefined;
}

const MAX_NODES = 20_000;

/** Commands and published reports of an Azure Pipelines or GitLab CI file. */
export function readCiFile(path: string, text: string, kind: "gitlab" | "azure"): CiFile {
  const out: CiFile = { commands: [], reports: [], notes: [] };
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    out.notes.push(`${path} is not valid YAML; its jobs were not read`);
    return out;
  }
  let nodes = 0;
  const visit = (node: unknown): void => {
    if (nodes++ > MAX_NODES) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isObject(node)) return;
    if (kind === "azure") azureStep(node, path, out);
    else gitlabJob(node, path, out);
    for (const value of Object.values(node)) if (typeof value === "object") visit(value);
  };
  visit(parsed.value);
  return out;
}

function azureStep(node: Json, source: string, out: CiFile): void {
  const dirRaw = typeof node.workingDirectory === "string" ? node.workingDirectory : ".";
  const dir = repoPath("", dirRaw) ?? "";
  for (const key of ["script", "bash", "pwsh", "powershell"]) {
    const value = node[key];
    if (typeof value === "string") out.commands.push(...scriptLines(value, dir, source));
  }
  const task = typeof node.task === "string" ? node.task : undefined;
  if (task === undefined || !isObject(node.inputs)) return;
  const inputs = node.inputs;
  if (/^PublishTestResults@\d+$/.test(task)) {
    const format = typeof inputs.testResultsFormat === "string" ? inputs.testResultsFormat : "JUnit";
    if (!/^junit$/i.test(format)) {
      out.notes.push(`${source}: ${task} publishes ${format} results, which Shipgate does not read`);
      return;
    }
    const search = typeof inputs.searchFolder === "string" ? (repoPath("", inputs.searchFolder) ?? "") : "";
    const files = typeof inputs.testResultsFiles === "string" ? inputs.testResultsFiles : "**/TEST-*.xml";
    for (const line of files.split(/\r?\n/)) {
      const path = line.trim() === "" ? undefined : repoPath(search, line);
      if (path) out.reports.push({ kind: "junit", path, source: `${task} (${source})` });
    }
  } else if (/^PublishCodeCoverageResults@\d+$/.test(task)) {
    const tool = typeof inputs.codeCoverageTool === "string" ? inputs.codeCoverageTool : "Cobertura";
    const file = typeof inputs.summaryFileLocation === "string" ? inputs.summaryFileLocation : undefined;
    if (task.endsWith("@1") && !/^cobertura$/i.test(tool)) {
      out.notes.push(`${source}: ${task} publishes ${tool} coverage, which Shipgate does not read`);
      return;
    }
    const path = file !== undefined ? repoPath("", file) : undefined;
    if (path) out.reports.push({ kind: "coverage", path, source: `${task} (${source})` });
  }
}

function gitlabJob(node: Json, source: string, out: CiFile): void {
  const hasScript = ["script", "before_script", "after_script"].some((k) => k in node);
  if (hasScript) {
    for (const key of ["before_script", "script", "after_script"]) {
      const value = node[key];
      const lines = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
      // GitLab runs a job's script lines in one shell from the project folder: a `cd` carries over.
      const text = lines.filter((l): l is string => typeof l === "string").join("\n");
      out.commands.push(...scriptLines(text, "", source));
    }
  }
  const artifacts = isObject(node.artifacts) ? node.artifacts : undefined;
  const reports = artifacts && isObject(artifacts.reports) ? artifacts.reports : undefined;
  if (!reports) return;
  const list = (v: unknown): string[] =>
    typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  for (const raw of list(reports.junit)) {
    const path = repoPath("", raw);
    if (path) out.reports.push({ kind: "junit", path, source: `artifacts:reports:junit (${source})` });
  }
  const coverage = isObject(reports.coverage_report) ? reports.coverage_report : undefined;
  if (coverage) {
    const format = typeof coverage.coverage_format === "string" ? coverage.coverage_format : "";
    if (format !== "cobertura") {
      out.notes.push(
        `${source}: coverage_report in ${format || "an unstated"} format, which Shipgate does not read`,
      );
    } else {
      for (const raw of list(coverage.path)) {
        const path = repoPath("", raw);
        if (path)
          out.reports.push({
            kind: "coverage",
            path,
            source: `artifacts:reports:coverage_report (${source})`,
          });
      }
    }
  }
  // GitLab before 15: `reports: cobertura: path`.
  for (const raw of list(reports.cobertura)) {
    const path = repoPath("", raw);
    if (path) out.reports.push({ kind: "coverage", path, source: `artifacts:reports:cobertura (${source})` });
  }
}

/** The `cmd` of every DVC stage, run from the dvc.yaml's folder. */
export function dvcCommands(path: string, text: string): Command[] {
  const parsed = parseYaml(text);
  if (!parsed.ok || !isObject(parsed.value) || !isObject(parsed.value.stages)) return [];
  const dir = posix.dirname(path) === "." ? "" : posix.dirname(path);
  const out: Command[] = [];
  for (const stage of Object.values(parsed.value.stages)) {
    if (!isObject(stage)) continue;
    const wdir = typeof stage.wdir === "string" ? repoPath(dir, stage.wdir) : dir;
    const cmds = typeof stage.cmd === "string" ? [stage.cmd] : Array.isArray(stage.cmd) ? stage.cmd : [];
    for (const cmd of cmds) if (typeof cmd === "string") out.push(...scriptLines(cmd, wdir ?? dir, path));
  }
  return out;
}

/** The recipe lines of a Makefile, run from its folder, with `$(VAR)` of simple assignments filled in. */
export function makefileCommands(path: string, text: string): Command[] {
  const dir = posix.dirname(path) === "." ? "" : posix.dirname(path);
  const vars = new Map<string, string>();
  const recipe: string[] = [];
  for (const line of joinContinuations(text).split("\n")) {
    const assignment = /^([A-Za-z_][\w]*)[ \t]*(?::?=|\?=)[ \t]*(.*)$/.exec(line);
    if (assignment) vars.set(assignment[1] as string, (assignment[2] as string).trim());
    else if (line.startsWith("\t")) {
      const body = line
        .slice(1)
        .replace(/^[@+-]+/, "")
        .replace(/\$\(([A-Za-z_]\w*)\)|\$\{([A-Za-z_]\w*)\}/g, (m, a?: string, b?: string) => {
          return vars.get((a ?? b) as string) ?? m;
        });
      recipe.push(body);
    }
  }
  // Each recipe line runs in its own shell from the Makefile's folder.
  return recipe.map((command) => ({ dir, command, source: path }));
}

/** A shell script's commands, run (as scripts usually are) from the repository root. */
export function shellCommands(path: string, text: string): Command[] {
  return scriptLines(text, "", path);
}

/**
 * A script's lines as commands: continuation lines joined, `NAME=value` assignments substituted into
 * later `$NAME` / `${NAME}`, and `cd <folder>` followed, so that an output path lands where it is written.
 */
export function scriptLines(text: string, startDir: string, source: string): Command[] {
  const vars = new Map<string, string>();
  let dir = startDir;
  const out: Command[] = [];
  for (const raw of joinContinuations(text).split("\n")) {
    const line = raw.trim().replace(/\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (m, a?: string, b?: string) => {
      return vars.get((a ?? b) as string) ?? m;
    });
    if (line === "" || line.startsWith("#")) continue;
    const assignment = /^(?:export[ \t]+)?([A-Za-z_]\w*)=("[^"]*"|'[^']*'|[^\s;&|]*)[ \t]*$/.exec(line);
    if (assignment) {
      const value = (assignment[2] as string).replace(/^["']|["']$/g, "");
      if (!value.includes("$(") && !value.includes("`")) vars.set(assignment[1] as string, value);
      continue;
    }
    const cd = /^cd[ \t]+([^\s;&|]+)[ \t]*(?:$|&&)/.exec(line);
    if (cd) {
      const next = repoPath(dir, cd[1] as string);
      if (next !== undefined) dir = next;
    }
    out.push({ dir, command: line, source });
  }
  return out;
}

/** No option or path is longer: every line is cut to this before a pattern looks at it. */
export const MAX_LINE_CHARS = 4096;

/** Lines ending in a backslash joined with the next one, and every line cut to MAX_LINE_CHARS. */
function joinContinuations(text: string): string {
  const out: string[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw.replace(/\r$/, "");
    const trimmed = line.trimEnd();
    if (trimmed.endsWith("\\")) {
      pending += `${trimmed.slice(0, -1).trimEnd()} `;
      if (pending.length > MAX_LINE_CHARS) pending = pending.slice(0, MAX_LINE_CHARS);
      continue;
    }
    out.push(pending === "" ? line : pending + line.trimStart());
    pending = "";
  }
  if (pending !== "") out.push(pending);
  return out.join("\n");
}

/** Flags that name the file a job writes its results or metrics to. */
const RESULTS_FLAG =
  /(?:^|\s)--(?:results?[-_](?:fp|file|path)|metrics?[-_](?:fp|file|path|out|output)|eval[-_](?:output|results?)|output(?:[-_](?:file|path))?|out)(?:=|\s+)["']?([^\s"';|&<>]+\.(?:json|ya?ml))\b/g;

/** Results files commands write (`--results-fp results/eval.json`, `--output out.json`), repository-relative. */
export function resultsWritten(commands: readonly Command[]): Array<{ path: string; source: string }> {
  const out: Array<{ path: string; source: string }> = [];
  for (const { dir, command: whole, source } of commands) {
    const command = whole.length > MAX_LINE_CHARS ? whole.slice(0, MAX_LINE_CHARS) : whole;
    for (const m of command.matchAll(RESULTS_FLAG)) {
      const path = repoPath(dir, m[1] as string);
      if (path === undefined || out.some((o) => o.path === path)) continue;
      const program = /^(?:[\w./-]*\/)?(python3?(?:\s+-m\s+[\w.]+)?|[\w.-]+)(?:\s+([\w./-]+\.py))?/.exec(
        command,
      );
      const what = program ? [program[1], program[2]].filter(Boolean).join(" ") : "a command";
      const flag = /--[\w-]+/.exec(m[0])?.[0] ?? "";
      out.push({ path, source: `\`${what} ${flag}\` in ${source}` });
    }
  }
  return out;
}
