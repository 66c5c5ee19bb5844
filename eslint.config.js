import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** What each folder of src/ may import: whole folders, and folders it may take types from alone. */
export const LAYERS = {
  base: { uses: [], typesFrom: [] },
  config: { uses: ["base"], typesFrom: [] },
  repo: { uses: ["base"], typesFrom: [] },
  evidence: { uses: ["base", "config"], typesFrom: [] },
  gate: { uses: ["base", "config"], typesFrom: ["evidence"] },
  report: { uses: ["base", "gate"], typesFrom: ["config", "evidence"] },
  init: { uses: ["base", "config", "repo", "evidence"], typesFrom: [] },
  github: { uses: ["base", "config", "repo"], typesFrom: ["evidence", "gate", "report"] },
};
const TOP_FILES = ["main", "cli", "commands", "engine", "pipeline", "clock", "index"];
/** Folders with no I/O of their own: they never import @actions/* or Octokit. */
const PURE = new Set(["base", "config", "repo", "evidence", "gate", "report"]);
/** zod's `z` (or default) export drags every locale into dist/ (264 KB of 461); the namespace import does not. */
const ZOD_NAMESPACE = {
  selector:
    "ImportDeclaration[source.value='zod'][importKind!='type'] > :matches(ImportSpecifier, ImportDefaultSpecifier)",
  message:
    'import * as z from "zod": the named `z` keeps all of zod\'s locales in the bundle (docs/performance.md).',
};

function layerRules() {
  const folders = Object.keys(LAYERS);
  return Object.entries(LAYERS).map(([folder, { uses, typesFrom }]) => {
    const above = folders.filter((f) => f !== folder && !uses.includes(f) && !typesFrom.includes(f));
    const patterns = [
      ...above.map((f) => ({
        group: [`../${f}/**`, `../../${f}/**`, `../../../${f}/**`],
        message: `src/${folder}/ may not import from src/${f}/ (imports point down: ${folder} -> ${uses.join(", ") || "nothing in src"}); move what both need into a lower layer such as src/base/.`,
      })),
      ...typesFrom.map((f) => ({
        group: [`../${f}/**`, `../../${f}/**`],
        allowTypeImports: true,
        message: `src/${folder}/ may take only types from src/${f}/; move shared logic into a lower layer such as src/base/.`,
      })),
      {
        group: TOP_FILES.flatMap((name) => [`../${name}.js`, `../../${name}.js`, `../../../${name}.js`]),
        message: `src/${folder}/ may not import the entry points at the top of src/ (they import it).`,
      },
    ];
    if (PURE.has(folder)) {
      patterns.push({ group: ["@actions/*", "@octokit/*"], message: "Pure modules never talk to GitHub." });
    }
    return {
      files: [`src/${folder}/**`],
      rules: {
        "no-restricted-imports": "off",
        "@typescript-eslint/no-restricted-imports": ["error", { patterns }],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "bench-out/", "test/.tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-syntax": ["error", ZOD_NAMESPACE],
    },
  },
  // The direction of imports, enforced: a folder of src/ imports only the folders below it (README,
  // "Architecture"). `types` folders may be imported for their types alone. The entry points at the top
  // of src/ (main.ts, cli.ts, commands.ts, engine.ts, pipeline.ts, clock.ts, index.ts) import anything.
  ...layerRules(),
);
