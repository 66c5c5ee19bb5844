// The floor: the least a Node program must do to get the figures `shipgate check` reports on the generated
// monorepos. It walks the same tree (node_modules and .git pruned), reads every readiness file and every
// evidence file its checks name, and does the cheapest correct parse of each: `yaml`'s plain parse for YAML,
// JSON.parse for JSON, one scan for lcov, JUnit and Markdown. No positions, no budgets, no hardening, no
// report: what it lacks is what Shipgate's time above it pays for. test/bench/floor.test.ts proves its
// figures equal Shipgate's. Run: node bench-out/run/floor.mjs <root> [equivalent.readiness.yml] (prints the
// figures as JSON; the name picks the readiness files, as `shipgate check --files` does).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

/** One check's figures, the same that Shipgate's finding states as `measured`. */
export type Figures = Record<string, number | string>;
export interface FloorSystem {
  system: string;
  checks: Record<string, Figures>;
}

interface Check {
  id: string;
  [kind: string]: unknown;
}
type Spec = Record<string, unknown>;

const READINESS_NAMES = ["readiness.yml", "readiness.yaml"];

/** The figures of every readiness file named one of `names` (the bench's equivalent checks: equivalent.readiness.yml). */
export function floorFigures(root: string, names: readonly string[] = READINESS_NAMES): FloorSystem[] {
  const readinessFiles: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== ".git") walk(rel);
      } else if (entry.isFile() && names.includes(entry.name)) {
        readinessFiles.push(rel);
      }
    }
  };
  walk("");
  return readinessFiles
    .map((file) => {
      const base = file.slice(0, file.lastIndexOf("/") + 1);
      const doc = parseYaml(readFileSync(join(root, file), "utf8")) as { system: string; checks: Check[] };
      const checks: Record<string, Figures> = {};
      for (const check of doc.checks) checks[check.id] = figuresOf(join(root, base), check);
      return { system: doc.system, checks };
    })
    .sort((a, b) => (a.system < b.system ? -1 : 1));
}

/** Files matching `path` under `dir`: a plain path, or `folder/prefix*suffix` (what the bench uses). */
function matches(dir: string, path: string): string[] {
  const star = path.indexOf("*");
  if (star < 0) return [join(dir, path)];
  const slash = path.lastIndexOf("/", star);
  const folder = join(dir, path.slice(0, slash + 1));
  const [prefix, suffix] = path.slice(slash + 1).split("*") as [string, string];
  return readdirSync(folder)
    .filter((n) => n.startsWith(prefix) && n.endsWith(suffix))
    .map((n) => join(folder, n));
}

function figuresOf(dir: string, check: Check): Figures {
  const text = (path: string) => readFileSync(join(dir, path), "utf8");
  if (check.metric) {
    const spec = check.metric as { file: string; path: string };
    let value: unknown = JSON.parse(text(spec.file));
    for (const key of spec.path.split(".")) value = (value as Record<string, unknown>)[key];
    return { value: value as number | string };
  }
  if (check.junit) {
    let tests = 0;
    let failed = 0;
    for (const file of matches(dir, (check.junit as Spec).files as string)) {
      const xml = readFileSync(file, "utf8");
      for (let at = xml.indexOf("<testcase"); at >= 0; at = xml.indexOf("<testcase", at + 9)) {
        tests += 1;
        const close = xml.indexOf(">", at);
        if (xml.charCodeAt(close - 1) === 47) continue; // `/>`: no children, passed
        const body = xml.slice(close, xml.indexOf("</testcase>", close));
        if (body.includes("<failure") || body.includes("<error")) failed += 1;
      }
    }
    return { tests, failed };
  }
  if (check.coverage) {
    const lcov = text((check.coverage as Spec).file as string);
    let hit = 0;
    let found = 0;
    for (let at = 0; at < lcov.length;) {
      const end = lcov.indexOf("\n", at);
      const stop = end < 0 ? lcov.length : end;
      if (lcov.startsWith("LH:", at)) hit += Number(lcov.slice(at + 3, stop));
      else if (lcov.startsWith("LF:", at)) found += Number(lcov.slice(at + 3, stop));
      at = stop + 1;
    }
    return { hit, found };
  }
  if (check.loadtest) {
    const k6 = JSON.parse(text((check.loadtest as Spec).file as string)) as {
      metrics: Record<string, { values: Record<string, number> }>;
    };
    return {
      p95: k6.metrics.http_req_duration!.values["p(95)"]!,
      errorRatePercent: k6.metrics.http_req_failed!.values.rate! * 100,
    };
  }
  if (check.alerts) {
    const spec = check.alerts as {
      files: string;
      require: string[];
      labels: string[];
      annotations: string[];
    };
    const alerts = new Map<string, { labels?: Spec; annotations?: Spec }>();
    for (const file of matches(dir, spec.files)) {
      const rules = parseYaml(readFileSync(file, "utf8")) as {
        groups: Array<{ rules: Array<{ alert?: string; labels?: Spec; annotations?: Spec }> }>;
      };
      for (const group of rules.groups) for (const r of group.rules) if (r.alert) alerts.set(r.alert, r);
    }
    const defined = spec.require.filter((name) => {
      const a = alerts.get(name);
      return (
        a && spec.labels.every((l) => a.labels?.[l]) && spec.annotations.every((n) => a.annotations?.[n])
      );
    });
    return { required: spec.require.length, defined: defined.length, distinct: alerts.size };
  }
  if (check.doc) {
    const spec = check.doc as { file: string; sections: string[] };
    const lines = text(spec.file).split("\n");
    const written = new Set<string>();
    let words = 0;
    let heading: string | undefined;
    for (const line of lines) {
      const h = /^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*$/.exec(line);
      const plain = h ? h[1]! : line;
      for (const token of plain.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(token)) words += 1;
      if (h) heading = h[1];
      else if (heading !== undefined && line.trim() !== "") written.add(heading);
    }
    const sections = spec.sections.filter((s) => written.has(s)).length;
    return { sections, required: spec.sections.length, words };
  }
  if (check.contains) {
    const spec = check.contains as { file: string; pattern: string };
    const insensitive = spec.pattern.startsWith("(?i)");
    const pattern = new RegExp(insensitive ? spec.pattern.slice(4) : spec.pattern, insensitive ? "gi" : "g");
    let found = 0;
    for (const file of matches(dir, spec.file))
      found += readFileSync(file, "utf8").match(pattern)?.length ?? 0;
    return { matches: found };
  }
  if (check.file) {
    const files = matches(dir, (check.file as Spec).path as string).filter((f) => {
      const s = statSync(f, { throwIfNoEntry: false });
      return s?.isFile() && s.size > 0;
    });
    return { files: files.length };
  }
  throw new Error(`floor: check ${check.id} has a kind the floor does not read`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // node floor.mjs <root> [readiness file name]
  const name = process.argv[3];
  const systems = floorFigures(process.argv[2] ?? ".", name ? [name] : READINESS_NAMES);
  process.stdout.write(`${JSON.stringify({ systems })}\n`);
}
