// One GateReport, one view of it (view.ts), five outputs: Markdown (comment, job summary), terminal text, JSON, annotations, check run.
export { toAnnotations, type Annotation } from "./annotations.js";
export {
  checkRunOutput,
  CHECK_RUN_SUMMARY_MAX,
  CHECK_RUN_TITLE_MAX,
  type CheckRunOutput,
} from "./check-run.js";
export { escapeMarkdown } from "./escape.js";
export { renderJson } from "./json.js";
export { renderMarkdown, type MarkdownOptions } from "./markdown.js";
export { renderProblems } from "./problems.js";
export { renderText } from "./text.js";
export {
  blobUrl,
  judgedStages,
  reportView,
  type BlobLinks,
  type CheckView,
  type ReportView,
  type SystemView,
} from "./view.js";
export { reportHeadline } from "./words.js";
