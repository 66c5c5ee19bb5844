// The check run's output: a plain-text title (GitHub renders only summary and text as Markdown), and the
// Markdown report as its summary within GitHub's limits.
import type { GateReport } from "../gate/types.js";
import { sanitizeTerminal } from "./escape.js";
import { renderMarkdown } from "./markdown.js";
import type { BlobLinks } from "./view.js";
import { clip, reportHeadline } from "./words.js";

/** GitHub's limits for a check run's output. */
export const CHECK_RUN_TITLE_MAX = 255;
export const CHECK_RUN_SUMMARY_MAX = 65_535;

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

export function checkRunOutput(
  report: GateReport,
  opts: { links?: BlobLinks; maxLength?: number } = {},
): CheckRunOutput {
  const maxLength = Math.min(opts.maxLength ?? CHECK_RUN_SUMMARY_MAX, CHECK_RUN_SUMMARY_MAX);
  return {
    title: clip(sanitizeTerminal(reportHeadline(report)), CHECK_RUN_TITLE_MAX),
    summary: renderMarkdown(report, { ...(opts.links ? { links: opts.links } : {}), maxLength }),
  };
}
