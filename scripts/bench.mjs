// `npm run bench`: bundles the benchmark (bench/main.ts) with esbuild into bench-out/ and runs it from the
// repository root. Builds dist/ first only when it is missing. Arguments pass through: npm run bench -- --help.
// Everything it writes stays in bench-out/ (git-ignored). Method and results: docs/performance.md.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

process.chdir(fileURLToPath(new URL("..", import.meta.url)));

if (!existsSync("dist/cli.js") || !existsSync("dist/index.js")) {
  process.stderr.write("dist/ is missing: building it (node scripts/build.mjs)\n");
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
}

// repolinter, measured side by side with Shipgate, is not a dev dependency (its 180-odd packages would
// be downloaded by every `npm ci`): its locked install lives in bench/repolinter/ and is made here, once.
const args = process.argv.slice(2);
const repolinter = "bench/repolinter/node_modules/repolinter/bin/repolinter.js";
if (
  !args.includes("--skip-repolinter") &&
  !args.includes("--help") &&
  !args.includes("-h") &&
  !existsSync(repolinter)
) {
  process.stderr.write("repolinter is not installed: npm ci --prefix bench/repolinter\n");
  execFileSync("npm", ["ci", "--prefix", "bench/repolinter", "--no-audit", "--no-fund"], {
    stdio: "inherit",
  });
}

// Two folders deep, like test/support/, so modules shared with the test suite that locate files from
// import.meta.url find them from the bundle too. The floor (bench/floor.ts) runs as a plain Node program of
// its own; compare.ts sets two builds side by side.
const entry = "bench-out/run/bench.mjs";
await build({
  entryPoints: { bench: "bench/main.ts", floor: "bench/floor.ts", compare: "bench/compare.ts" },
  outdir: "bench-out/run",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  logLevel: "warning",
});
await import(pathToFileURL(entry).href);
