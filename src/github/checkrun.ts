// The `shipgate` check run on the judged commit: its conclusion is the gate, its annotations point at
// the readiness-file lines and evidence of what failed. GitHub takes 50 annotations per request.
import type { Annotation } from "../report/annotations.js";
import type { GitHubClient } from "./client.js";
import { describeGitHubError, isPermissionDenied } from "./errors.js";
import { OWN_CHECK_NAME } from "./facts.js";

export const ANNOTATIONS_PER_REQUEST = 50;
/** Enough for any real report; bounds the number of requests a pathological one could make. */
export const MAX_ANNOTATIONS = 1000;

export interface CheckRunTarget {
  owner: string;
  repo: string;
  /** The PR head, the merge-group head or the pushed commit. */
  headSha: string;
  detailsUrl?: string;
}

export interface CheckRunContent {
  /** Never neutral or skipped: branch protection counts those as passing. */
  conclusion: "success" | "failure";
  title: string;
  summary: string;
  text?: string;
  annotations: readonly Annotation[];
}

export type CheckRunOutcome =
  | {
      action: "created";
      id: number;
      url: string;
      annotations: number;
      /** Login the token writes as, learned from the app that owns the check run (`github-actions[bot]`). */
      writer?: string;
    }
  | { action: "denied"; reason: string }
  | { action: "failed"; reason: string }
  /** Created with its conclusion, but not every annotation could be added. */
  | { action: "incomplete"; id: number; reason: string };

type ApiAnnotation = {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
};

export function toApiAnnotation(a: Annotation): ApiAnnotation {
  return {
    path: a.path,
    start_line: a.startLine,
    end_line: a.endLine,
    annotation_level: a.level,
    title: a.title.slice(0, 255),
    message: a.message.slice(0, 65_535),
  };
}

export async function publishCheckRun(
  client: GitHubClient,
  target: CheckRunTarget,
  content: CheckRunContent,
): Promise<CheckRunOutcome> {
  const annotations = content.annotations.slice(0, MAX_ANNOTATIONS).map(toApiAnnotation);
  const batches: ApiAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const output = (batch: ApiAnnotation[] | undefined) => ({
    title: content.title,
    summary: content.summary,
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(batch && batch.length > 0 ? { annotations: batch } : {}),
  });

  let created: { id: number; html_url: string | null; app: { slug?: string } | null };
  try {
    ({ data: created } = await client.rest.checks.create({
      owner: target.owner,
      repo: target.repo,
      name: OWN_CHECK_NAME,
      head_sha: target.headSha,
      status: "completed",
      conclusion: content.conclusion,
      completed_at: new Date().toISOString(),
      ...(target.detailsUrl ? { details_url: target.detailsUrl } : {}),
      output: output(batches[0]),
    }));
  } catch (err) {
    const reason = `cannot create the ${OWN_CHECK_NAME} check run: ${describeGitHubError(err)}`;
    return isPermissionDenied(err) ? { action: "denied", reason } : { action: "failed", reason };
  }

  let sent = batches[0]?.length ?? 0;
  for (const batch of batches.slice(1)) {
    try {
      await client.rest.checks.update({
        owner: target.owner,
        repo: target.repo,
        check_run_id: created.id,
        output: output(batch),
      });
      sent += batch.length;
    } catch (err) {
      return {
        action: "incomplete",
        id: created.id,
        reason: `the ${OWN_CHECK_NAME} check run was created, but only ${sent} of ${annotations.length} annotations were added: ${describeGitHubError(err)}`,
      };
    }
  }
  const slug = created.app?.slug;
  return {
    action: "created",
    id: created.id,
    url: created.html_url ?? "",
    annotations: sent,
    ...(slug ? { writer: `${slug}[bot]` } : {}),
  };
}
