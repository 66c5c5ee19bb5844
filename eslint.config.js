import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "bench-out/", "test/.tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Pure modules: the layering rule from DESIGN.md, enforced.
    files: ["src/config/**", "src/evidence/**", "src/gate/**", "src/report/**", "src/repo/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@actions/*", "@octokit/*", "**/github/**"],
              message: "Pure modules never talk to GitHub.",
            },
          ],
        },
      ],
    },
  },
);
