// What the command line's commands run, behind one dynamic import in cli.ts: `shipgate --help`,
// `--version` and a usage error answer without loading the YAML reader, zod, the evidence parsers or the
// renderers (docs/performance.md, "Startup and parsers"). One module, so dist/ keeps one chunk for it;
// `init` (the scanner, most of what this chunk held) and the HTML report (with node:crypto) have chunks of
// their own, which `check` never loads.
export { loadReadiness } from "./config/load.js";
export { undeclaredStage } from "./gate/stage.js";
export { baselineFromRef } from "./github/baseline.js";
export { limitsFromEnv, QUIET_LOG, runPipeline } from "./pipeline.js";
export { NO_PULL_REQUEST_CONTEXT } from "./pull-request-context.js";
export { renderJson } from "./report/json.js";
export { renderMarkdown } from "./report/markdown.js";
export { renderProblems } from "./report/problems.js";
export { renderText } from "./report/text.js";
export { reportHeadline } from "./report/words.js";
export { FsRepo } from "./repo/fs.js";
