// Which sections of a Markdown document a `doc` check should require: read with the same parser and the
// same "is it written?" rules as the `doc` evidence kind, so every section init requires passes today.
import { assessSection, countWords, headingKey } from "../evidence/doc.js";
import { parseMarkdownSections } from "../evidence/parse/markdown.js";

export interface OutlineHeading {
  /** The heading's name as a readiness file lists it: markup, numbering and a trailing colon dropped. */
  name: string;
  level: number;
  /** Whether every section under this name has real content (not empty, not TODO). */
  filled: boolean;
}

export interface DocOutline {
  headings: OutlineHeading[];
  words: number;
}

export function outline(text: string): DocOutline {
  const doc = parseMarkdownSections(text);
  const byKey = new Map<string, OutlineHeading>();
  for (const section of doc.sections) {
    const key = headingKey(section.heading);
    if (key === "") continue;
    const filled = assessSection(doc, section).state === "filled";
    const seen = byKey.get(key);
    if (seen) {
      seen.filled &&= filled;
      continue;
    }
    byKey.set(key, { name: cleanHeading(section.heading), level: section.level, filled });
  }
  return { headings: [...byKey.values()], words: countWords(doc) };
}

/** `**2. Intended use:**` → `Intended use`, as long as the `doc` kind still matches it to the heading. */
function cleanHeading(heading: string): string {
  const clean = heading
    .replace(/!?\[([^[\]]*)\]\([^()]*\)/g, "$1")
    .replace(/[*`]+|~~/g, "")
    .replace(/(^|\s)_+|_+(?=\s|$)/g, "$1")
    .replace(/^(?:\d+(?:\.\d+)*[.)]|\d+(?:\.\d+)+)\s+/, "")
    .replace(/[\s:：]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
  return clean !== "" && headingKey(clean) === headingKey(heading) ? clean : heading.trim();
}

/** For each expectation, the first written heading that meets it (each heading used once). */
export function expectedSections(doc: DocOutline, expectations: readonly RegExp[]): string[] {
  const chosen: string[] = [];
  for (const expectation of expectations) {
    const hit = doc.headings.find((h) => h.filled && expectation.test(h.name) && !chosen.includes(h.name));
    if (hit) chosen.push(hit.name);
  }
  return chosen;
}

/**
 * The document's own sections: the written headings at its section level (the level below a single
 * title), tables of contents left out, at most `max`.
 */
export function mainSections(doc: DocOutline, max = 6): string[] {
  const levels = doc.headings.map((h) => h.level);
  if (levels.length === 0) return [];
  const top = Math.min(...levels);
  const titleOnly = levels.filter((l) => l === top).length === 1 && levels.some((l) => l > top);
  const level = titleOnly ? Math.min(...levels.filter((l) => l > top)) : top;
  return doc.headings
    .filter((h) => h.level === level && h.filled && !/^(?:table of )?contents$|^toc$/i.test(h.name))
    .slice(0, max)
    .map((h) => h.name);
}
