// CPU profiles of the CLI: an unminified bundle of src/cli.ts (same esbuild settings as dist/, names kept,
// with a source map) run under `node --cpu-prof`, then the .cpuprofile summarised by self and inclusive
// time per function, each located at its source file and line through the source map.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";
import type { Runner } from "./measure.js";

export interface ProfileEntry {
  function: string;
  /** The source file the function comes from (src/... or node_modules/...), from the bundle's source map. */
  module: string;
  line: number;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  label: string;
  totalMs: number;
  topFunctions: ProfileEntry[];
  topModules: Array<{ module: string; selfMs: number; percent: number }>;
  /** Shipgate's own functions (src/) by inclusive time: the function and everything it called. */
  topInclusive: ProfileEntry[];
  profileFile: string;
}

interface CpuProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Bundles src/cli.ts unminified into `outDir` so profiles name real functions; returns the script. */
export async function buildProfilingCli(repoRoot: string, outDir: string): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  await build({
    absWorkingDir: repoRoot,
    entryPoints: { cli: "src/cli.ts" },
    outdir: outDir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: false,
    keepNames: true,
    sourcemap: true,
    banner: {
      js: "import { createRequire as __shipgateCreateRequire } from 'node:module'; const require = __shipgateCreateRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  return join(outDir, "cli.js");
}

export async function profileRun(
  runner: Runner,
  label: string,
  script: string,
  args: string[],
  cwd: string,
  profileDir: string,
  timeoutMs: number,
): Promise<ProfileSummary> {
  const dir = join(profileDir, label.replace(/[^a-z0-9]+/gi, "-"));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await runner.once({ script, args, cwd, nodeFlags: ["--cpu-prof", "--cpu-prof-dir", dir] }, timeoutMs);
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no CPU profile written for ${label}`);
  const profileFile = join(dir, file);
  return summariseProfile(label, profileFile, script);
}

export function summariseProfile(
  label: string,
  profileFile: string,
  bundle: string,
  repoRoot = process.cwd(),
): ProfileSummary {
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as CpuProfile;
  const modules = moduleMarkers(readFileSync(bundle, "utf8"));
  const map = existsSync(`${bundle}.map`)
    ? new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, "utf8")) as SourceMapPayload)
    : undefined;
  const sourceExists = new Map<string, boolean>();
  /** Source file and 1-based line of a position in the bundle. */
  const original = (line: number, column: number): { module: string; line: number } => {
    const entry = map?.findEntry(line, column);
    if (entry && "originalSource" in entry) {
      const file = resolve(dirname(bundle), entry.originalSource.replace(/^file:\/\//, ""));
      // A dependency's own source map can name a file that is not shipped (saxes: src/saxes.ts).
      let exists = sourceExists.get(file);
      if (exists === undefined) sourceExists.set(file, (exists = existsSync(file)));
      if (exists) return { module: relative(repoRoot, file), line: entry.originalLine + 1 };
    }
    return { module: moduleAt(modules, line), line: line + 1 };
  };
  const byNode = new Map<number, CpuProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    totalUs += dt;
  });
  const bundleUrlEnd = bundle.split("/").slice(-2).join("/");
  const describe = (node: CpuProfileNode) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let module: string;
    let line = lineNumber + 1;
    if (url.endsWith(bundleUrlEnd)) ({ module, line } = original(lineNumber, columnNumber));
    else if (url === "") module = functionName.startsWith("(") ? functionName : "(native)";
    else module = url.startsWith("node:") ? url : url.replace(/^file:\/\//, "");
    const name = functionName || "(anonymous)";
    return { key: `${name}\u0000${module}\u0000${line}`, name, module, line };
  };
  const functions = new Map<string, ProfileEntry>();
  const perModule = new Map<string, number>();
  for (const [id, us] of self) {
    const { key, name, module, line } = describe(byNode.get(id)!);
    const entry = functions.get(key) ?? { function: name, module, line, selfMs: 0, percent: 0 };
    entry.selfMs += us / 1000;
    functions.set(key, entry);
    perModule.set(module, (perModule.get(module) ?? 0) + us / 1000);
  }
  // Inclusive time: each sample counts once for every distinct src/ function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, ProfileEntry>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const d = describe(byNode.get(at)!);
      if (!d.module.startsWith("src/") || seen.has(d.key)) continue;
      seen.add(d.key);
      const entry = inclusive.get(d.key) ?? {
        function: d.name,
        module: d.module,
        line: d.line,
        selfMs: 0,
        percent: 0,
      };
      entry.selfMs += us / 1000;
      inclusive.set(d.key, entry);
    }
  }
  const totalMs = totalUs / 1000;
  const topFunctions = [...functions.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, 25)
    .map((e) => ({ ...e, selfMs: round1(e.selfMs), percent: round1((e.selfMs * 100) / totalMs) }));
  const topModules = [...perModule.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([module, ms]) => ({ module, selfMs: round1(ms), percent: round1((ms * 100) / totalMs) }));
  const topInclusive = [...inclusive.values()]
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, 25)
    .map((e) => ({ ...e, selfMs: round1(e.selfMs), percent: round1((e.selfMs * 100) / totalMs) }));
  return {
    label,
    totalMs: round1(totalMs),
    topFunctions,
    topModules,
    topInclusive,
    profileFile: relative(process.cwd(), profileFile),
  };
}

/** esbuild writes `// path/of/module.ts` before each module of an unminified bundle. */
function moduleMarkers(bundleText: string): Array<{ line: number; module: string }> {
  const markers: Array<{ line: number; module: string }> = [];
  bundleText.split("\n").forEach((text, line) => {
    const m = /^\/\/ ((?:src|node_modules)\/\S+\.(?:[cm]?js|ts|json))$/.exec(text);
    if (m) markers.push({ line, module: m[1]! });
  });
  return markers;
}

function moduleAt(markers: Array<{ line: number; module: string }>, line: number): string {
  let found = "(bundle prelude)";
  for (const marker of markers) {
    if (marker.line > line) break;
    found = marker.module;
  }
  return found;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
