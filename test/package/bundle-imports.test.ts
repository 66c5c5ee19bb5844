// The published package has no dependencies, so dist/ may import nothing but its own chunks and Node's
// built-in modules. esbuild parses each entry point of the bundle and reports every import, require()
// and import() it would resolve; a bare package name among them would fail on a user's machine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../support/action-runner.js";

type Import = { importer: string; path: string; kind: string };

/** Every import a file and the relative chunks it loads make, as esbuild resolves them. */
async function importsOf(file: string): Promise<Import[]> {
  const seen: Import[] = [];
  const record: Plugin = {
    name: "record-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        seen.push({ importer: args.importer, path: args.path, kind: args.kind });
        // Built-ins and bare names stay external; the bundle's own relative chunks are followed.
        return args.path.startsWith(".") ? undefined : { path: args.path, external: true };
      });
    },
  };
  await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    plugins: [record],
  });
  return seen;
}

describe.each(["dist/cli.js", "dist/index.js"])("%s", (entry) => {
  it("imports only Node built-ins and its own chunks", async () => {
    const imports = await importsOf(join(REPOSITORY_ROOT, entry));
    expect(imports.filter((i) => i.path.startsWith("./")).length).toBeGreaterThan(0);
    expect(imports.filter((i) => isBuiltin(i.path)).length).toBeGreaterThan(0);
    const foreign = imports.filter((i) => !i.path.startsWith("./") && !isBuiltin(i.path));
    expect(foreign).toEqual([]);
  });
});

/** The files Node loads before running a line of `file`: its static imports, followed, not its import()s. */
async function staticClosure(file: string): Promise<string[]> {
  const files = new Set<string>([file]);
  const record: Plugin = {
    name: "record-static",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (!args.path.startsWith(".") || args.kind === "dynamic-import")
          return { path: args.path, external: true };
        const path = resolve(dirname(args.importer), args.path);
        files.add(path);
        return { path };
      });
    },
  };
  await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    format: "esm",
    logLevel: "silent",
    plugins: [record],
  });
  return [...files];
}

function textOf(files: string[]): string {
  return files.map((f) => readFileSync(f, "utf8")).join("\n");
}

/** Every chunk dist/cli.js reaches, by static import or import(). */
async function everyChunkOf(entry: string): Promise<string[]> {
  return (await importsOf(entry))
    .filter((i) => i.path.startsWith("."))
    .map((i) => resolve(dirname(i.importer), i.path));
}

/** The names of the markers `text` holds. */
function found(markers: Record<string, string>, text: string): string[] {
  return Object.entries(markers)
    .filter(([, marker]) => text.includes(marker))
    .map(([name]) => name);
}

/** Text only each library's bundled code holds (a Symbol name, an internal key, an error message). */
const HEAVY: Record<string, string> = {
  yaml: 'Symbol.for("yaml.',
  zod: "_zod",
  saxes: "disallowed character",
  octokit: "octokit",
  undici: "undici",
};

describe("what dist/cli.js loads before it runs", () => {
  // `shipgate --help`, `--version` and a usage error answer from these files alone (docs/performance.md).
  it("leaves out YAML, zod, saxes, Octokit and undici: the commands load them on import()", async () => {
    const cli = join(REPOSITORY_ROOT, "dist/cli.js");
    expect(found(HEAVY, textOf(await staticClosure(cli)))).toEqual([]);
    // The markers do find the libraries: every one of them is in dist/ behind the dynamic imports.
    expect(found(HEAVY, textOf(await everyChunkOf(cli)))).toEqual(Object.keys(HEAVY));
  });
});

describe("what shipgate check loads", () => {
  // The commands chunk and its static imports: init's scanner and the HTML report (with node:crypto) load
  // only for `init` and `report`, each behind an import() of its own.
  it("leaves out init and the HTML report, which load on import() for their commands", async () => {
    const commands = (await importsOf(join(REPOSITORY_ROOT, "dist/cli.js"))).find(
      (i) => i.kind === "dynamic-import" && /commands-[^/]*\.js$/.test(i.path),
    );
    expect(commands).toBeDefined();
    const closure = await staticClosure(resolve(dirname(commands!.importer), commands!.path));
    const markers = { init: '"InitError"', html: "Content-Security-Policy", crypto: '"node:crypto"' };
    expect(found(markers, textOf(closure))).toEqual([]);
    // The markers are real: init and the HTML report are in dist/, as chunks of their own.
    const cli = join(REPOSITORY_ROOT, "dist/cli.js");
    expect(found(markers, textOf(await everyChunkOf(cli)))).toEqual(Object.keys(markers));
  });
});

describe("the import scan", () => {
  it("sees bare package imports, require() and import() beside a built-in", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shipgate-imports-"));
    try {
      const probe = join(dir, "probe.mjs");
      writeFileSync(
        probe,
        [
          'import { parse } from "yaml";',
          'import { readFileSync } from "node:fs";',
          'const z = require("zod");',
          'const o = await import("@octokit/core");',
          "export { parse, readFileSync, z, o };",
        ].join("\n"),
      );
      const imports = await importsOf(probe);
      expect(imports.map((i) => [i.path, i.kind]).sort()).toEqual([
        ["@octokit/core", "dynamic-import"],
        ["node:fs", "import-statement"],
        ["yaml", "import-statement"],
        ["zod", "require-call"],
      ]);
      expect(imports.filter((i) => !isBuiltin(i.path)).map((i) => i.path)).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
