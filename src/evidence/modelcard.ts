// `modelcard`: a Hugging Face style model card is written (its sections, as `doc` reads them, where
// "[More Information Needed]" is a placeholder), states a license in its front matter, and lists every
// required result in its model-index within bounds. Results written only in prose do not count.
import type { ModelcardSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import { judgeScore, type ScoreVerdict } from "./benchmark.js";
import { checkSections, incompleteSectionText } from "./doc.js";
import { parseMarkdownSections } from "./parse/markdown.js";
import { readFrontMatter, readModelIndex } from "./parse/model-index.js";
import type { ScoreFile } from "./parse/scores.js";
import { guard, readOne } from "./read.js";
import type { EvidenceContext, EvidenceRef, Finding } from "./types.js";

export async function evaluateModelcard(spec: ModelcardSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.file, async () => {
    const { path, text } = await readOne(ctx, spec.file);
    if (text.trim() === "") {
      return { status: "fail", summary: `${path} is empty`, measured: "empty file", evidence: [{ path }] };
    }
    const front = readFrontMatter(text, path);
    const fails: string[] = [];
    const errors: string[] = [];
    const details: string[] = [];
    const evidence: EvidenceRef[] = [];
    const measured: string[] = [];
    const bar: string[] = [];

    if (spec.sections.length > 0) {
      const { missing, incomplete } = checkSections(parseMarkdownSections(text), spec.sections);
      const written = spec.sections.length - missing.length - new Set(incomplete.map((i) => i.name)).size;
      measured.push(`${written} of ${spec.sections.length} sections written`);
      bar.push(`sections ${spec.sections.map((s) => s.trim()).join(", ")}`);
      if (missing.length > 0) {
        fails.push(`missing ${missing.length === 1 ? "section" : "sections"}: ${formatList(missing)}`);
        details.push(...missing.map((name) => `no heading named '${name}': add a '## ${name}' section`));
      }
      if (incomplete.length > 0) {
        fails.push(
          incomplete.length === 1
            ? incompleteSectionText(incomplete[0]!)
            : `${incomplete.length} sections are not written: ${formatList(incomplete.map((i) => `'${i.name}'`))}`,
        );
        for (const i of incomplete) {
          details.push(`line ${i.line}: ${incompleteSectionText(i)}; write it or remove the stand-in text`);
          evidence.push({ path, line: i.line });
        }
      }
    }

    if (spec.license) {
      bar.push("a license in the front matter");
      const license = front?.value.license;
      const named =
        typeof license === "string"
          ? license.trim()
          : Array.isArray(license)
            ? license.filter((l) => typeof l === "string" && l.trim() !== "").join(", ")
            : "";
      if (named === "") {
        fails.push(front ? "no license in its front matter" : "no front matter, so no license");
        details.push(
          "add `license: <id>` (e.g. apache-2.0) to the YAML front matter between the '---' lines",
        );
      } else {
        measured.push(`license ${named}`);
        if (front) evidence.push({ path, line: front.lineOf(["license"]) });
      }
    }

    if (spec.results.length > 0) {
      bar.push(plural(spec.results.length, "result") + " within bounds");
      const index = front ? readModelIndex(front, path) : { key: undefined, scores: [] };
      if (index.scores.length === 0) {
        fails.push(
          index.key === undefined
            ? "no structured results: the card has no model-index in its front matter (results only in prose do not count)"
            : `no structured results: its ${index.key} lists no result with a metric`,
        );
        details.push(
          "list the results under model-index in the front matter (task, dataset, metrics: type, value)",
        );
        if (index.line !== undefined) evidence.push({ path, line: index.line });
      } else {
        const file: ScoreFile = {
          format: "model-index",
          path,
          hasTasks: true,
          scores: index.scores,
          evidence: [],
        };
        const verdicts: ScoreVerdict[] = spec.results.map((r) => judgeScore(file, r));
        let met = 0;
        for (const v of verdicts) {
          if (v.status === "pass") met += 1;
          else (v.status === "error" ? errors : fails).push(v.summary);
          details.push(...v.notes);
          if (v.score?.line !== undefined) evidence.push({ path, line: v.score.line });
        }
        measured.push(`${met} of ${spec.results.length} results within bounds`);
        if (met === verdicts.length) {
          details.push(...verdicts.map((v) => v.summary));
        }
      }
    }

    const status = errors.length > 0 ? "error" : fails.length > 0 ? "fail" : "pass";
    const summary =
      status === "pass"
        ? `model card ${measured.join(", ")} in ${path}`
        : `${[...errors, ...fails].join("; ")}${[...errors, ...fails].some((p) => p.includes(path)) ? "" : ` in ${path}`}`;
    const finding: Finding = {
      status,
      summary,
      measured: measured.join(", "),
      bar: bar.join("; "),
      evidence: evidence.length > 0 ? dedupe(evidence) : [{ path }],
    };
    if (details.length > 0) finding.details = details;
    return finding;
  });
}

function dedupe(refs: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.path}:${r.line ?? ""}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
