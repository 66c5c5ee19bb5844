// Bundles the action and the CLI into dist/, deterministically, so CI can diff it.
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { HASH_FILE, srcHash } from "./src-hash.mjs";

// `shipgate --version` says the version package.json declares.
const { version } = JSON.parse(readFileSync("package.json", "utf8"));

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: { index: "src/index.ts", cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  minify: true,
  legalComments: "linked",
  sourcemap: false,
  // Some CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __shipgateCreateRequire } from 'node:module'; const require = __shipgateCreateRequire(import.meta.url);",
  },
  define: { SHIPGATE_VERSION: JSON.stringify(version) },
  logLevel: "warning",
});
// What this dist/ was built from: the test run refuses to use it once src/ says otherwise.
writeFileSync(`dist/${HASH_FILE}`, `${srcHash(".")}\n`);
