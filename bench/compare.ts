// Two builds of the CLI on one generated repository, alternating run by run, for what one change bought:
//   node bench-out/run/compare.mjs <before/cli.js> <after/cli.js> <repository> [--equivalent] [--runs n]
// (scripts/bench.mjs bundles it; `npm run bench -- --quick` generates the repositories). Prints each
// side's median wall and CPU time and the per-round ratio before ÷ after with its spread.
import { mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatMs, pairedRatio, Runner } from "./measure.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { equivalent: { type: "boolean", default: false }, runs: { type: "string", default: "7" } },
});
const [before, after, repo] = positionals.map((p) => resolve(p));
if (!before || !after || !repo) {
  process.stderr.write(
    "usage: compare.mjs <before/cli.js> <after/cli.js> <repository> [--equivalent] [--runs n]\n",
  );
  process.exit(2);
}
const scratch = join(tmpdir(), `shipgate-compare-${process.pid}`);
mkdirSync(scratch, { recursive: true });
const runner = new Runner(scratch, join(process.cwd(), "bench", "usage-hook.mjs"));
const args = ["check", "--root", repo, "--local", "--format", "json"];
if (values.equivalent) args.push("--files", "**/equivalent.readiness.yml");
const env = { SHIPGATE_NOW: "2026-12-01T12:00:00Z", NO_COLOR: "1" };
const runs = Number(values.runs);
const log = (line: string) => process.stderr.write(`${line}\n`);
const [a, b] = await runner.measureInterleaved(
  [
    {
      label: "before",
      command: { script: before, args, cwd: process.cwd(), env },
      runs,
      warmups: 1,
      timeoutMs: 600_000,
    },
    {
      label: "after",
      command: { script: after, args, cwd: process.cwd(), env },
      runs,
      warmups: 1,
      timeoutMs: 600_000,
    },
  ],
  log,
);
if (a!.lastStdout !== b!.lastStdout) log("note: the two builds printed different reports");
const ratio = pairedRatio(a!, b!);
const cpu = (m: typeof a) => (m!.cpuMs ? formatMs(m!.cpuMs.median) : "n/a");
process.stdout.write(
  `before ${formatMs(a!.wallMs.median)} (${formatMs(a!.wallMs.min)}–${formatMs(a!.wallMs.max)}), CPU ${cpu(a)}; ` +
    `after ${formatMs(b!.wallMs.median)} (${formatMs(b!.wallMs.min)}–${formatMs(b!.wallMs.max)}), CPU ${cpu(b)}; ` +
    `before ÷ after ${ratio.median.toFixed(2)}× (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}), ${Math.min(a!.runs, b!.runs)} rounds\n`,
);
rmSync(scratch, { recursive: true, force: true });
