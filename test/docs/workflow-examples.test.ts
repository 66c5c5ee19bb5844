// Every workflow a user may copy, and every workflow of this repository, checks out with
// persist-credentials: false, with a release of actions/checkout that runs on Node 24 (v5, the first). actions/checkout otherwise
// keeps the workflow token in .git/config, where any later step (or a readiness file's evidence path, were
// .git not refused) could read it; Shipgate itself only reads git locally and needs no credentials.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../support/action-runner.js";

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules") continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, keep));
    else if (keep(full)) out.push(full);
  }
  return out;
}

/** Each `uses: actions/checkout` step with the lines of its own block (up to the next step). */
function checkoutSteps(text: string): Array<{ line: number; block: string }> {
  const lines = text.split("\n");
  const steps: Array<{ line: number; block: string }> = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)- uses: actions\/checkout@/.exec(line);
    if (!m) return;
    const indent = m[1]!.length;
    const block = [line];
    for (const next of lines.slice(i + 1)) {
      const own = /^(\s*)\S/.exec(next);
      if (own && own[1]!.length <= indent) break;
      block.push(next);
    }
    steps.push({ line: i + 1, block: block.join("\n") });
  });
  return steps;
}

const SOURCES = [
  join(REPOSITORY_ROOT, "README.md"),
  join(REPOSITORY_ROOT, "SECURITY.md"),
  ...filesUnder(join(REPOSITORY_ROOT, "docs"), (p) => p.endsWith(".md")),
  ...filesUnder(join(REPOSITORY_ROOT, "examples"), (p) => /\.(ya?ml|md)$/.test(p)),
  ...filesUnder(join(REPOSITORY_ROOT, ".github"), (p) => /\.ya?ml$/.test(p)),
];

/** actions/checkout v5 is the first major that runs on node24 (v4 runs on the retired node20). */
const CHECKOUT_ON_NODE24 = 5;

describe("workflow examples keep the token out of .git/config", () => {
  it("has checkout steps to look at, this repository's own workflows among them", () => {
    const all = SOURCES.flatMap((p) => checkoutSteps(readFileSync(p, "utf8")));
    expect(all.length).toBeGreaterThanOrEqual(4);
    const own = SOURCES.filter((p) => p.includes(`${join(REPOSITORY_ROOT, ".github", "workflows")}/`));
    expect(own.flatMap((p) => checkoutSteps(readFileSync(p, "utf8"))).length).toBeGreaterThanOrEqual(4);
  });

  it.each(SOURCES.map((p) => [relative(REPOSITORY_ROOT, p), p]))(
    "%s: every actions/checkout step sets persist-credentials: false",
    (_, path) => {
      for (const step of checkoutSteps(readFileSync(path, "utf8"))) {
        expect(step.block, `line ${step.line}`).toMatch(/\n\s+persist-credentials: false\b/);
        const major = Number(/actions\/checkout@v(\d+)/.exec(step.block)?.[1]);
        expect(major, `line ${step.line}: actions/checkout@v${major} runs on node20`).toBeGreaterThanOrEqual(
          CHECKOUT_ON_NODE24,
        );
      }
    },
  );
});
