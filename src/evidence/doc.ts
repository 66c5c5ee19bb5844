// `doc` evidence: a Markdown document has every required section, each filled in, and enough words.
import type { DocSpec } from "../config/schema.js";
import { formatList, plural } from "../base/format.js";
import { parseMarkdownSections, type MarkdownDocument, type MarkdownSection } from "./parse/markdown.js";
import { guard, readOne } from "./read.js";
import type { EvidenceContext, EvidenceRef, Finding } from "./types.js";

/** How a section's body reads: real content, or one of the ways a section is left unwritten. */
export type SectionContent =
  | { state: "filled" }
  | { state: "empty" }
  | { state: "only-subheadings" }
  /** `placeholder` is the stand-in text found, shortened for a message. */
  | { state: "placeholder"; placeholder: string };

/** Line kinds whose text is the document's content; markers, headings and front matter are not. */
const CONTENT_KINDS = new Set(["text", "code", "html"]);

/** Element names whose tags are markup rather than text; any other `<...>` is kept (`<fill in>`). */
const HTML_ELEMENTS = new Set(
  (
    "a abbr b bdi bdo blockquote br caption center cite code col colgroup dd del details dfn div dl dt em figcaption " +
    "figure font h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q s samp section small source span " +
    "strike strong sub summary sup table tbody td tfoot th thead tr tt u ul var video audio"
  ).split(" "),
);

/** A whole line that only stands in for text still to be written (matched after markup is stripped). */
const PLACEHOLDER_LINE =
  /^(?:todo|to-do|to do|tbd|tba|tbc|fixme|xxx|wip|n\/?a|none yet|coming soon|placeholder|fill(?: this)? in|to be (?:written|added|completed|done|determined|defined|decided|confirmed|announced|provided|documented|filled(?: in)?)|more info(?:rmation)? needed|lorem ipsum\b.*|\.{2,}|…+)$/i;
/** A note that marks the section as unwritten: `TODO: add the steps`, `TBD (ask ops)`. */
const PLACEHOLDER_NOTE = /^(?:todo|tbd|tba|fixme|xxx)\s*[:\-–—(]/i;
/** Template blanks: `<fill in>`, `<describe the steps>`, `{{ owner }}`. */
const TEMPLATE_BLANK = /^(?:<[^<>]*>|\{\{[^{}]*\}\})$/;
/** `[placeholder]`, `[insert date]`, `[TBD]`: a bracketed blank (links were already turned into text). */
const BRACKET_BLANK = /^\[([^[\]]*)\]$/;
/** A template's field left as the Hugging Face card template ships it: `Developed by: [More Information Needed]`. */
const FIELD_BLANK = /^[^:]{1,100}:\s*\[more info(?:rmation)? needed\]$/i;
const BRACKET_BLANK_WORDS = /^(?:insert|fill|add|describe|enter|your|write|provide|placeholder)\b/i;

/** `text` without trailing characters from `chars` (a loop: an unanchored `[...]+$` can be quadratic). */
function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] as string)) end -= 1;
  return text.slice(0, end);
}

/** Removes HTML comments, `<!-- ... -->`; an unclosed comment runs to the end, as in HTML. */
export function stripHtmlComments(text: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const open = text.indexOf("<!--", at);
    if (open < 0) return out + text.slice(at);
    out += text.slice(at, open);
    const close = text.indexOf("-->", open + 4);
    if (close < 0) return out;
    at = close + 3;
  }
}

/** Named HTML entities that render as white space or as nothing at all (HTML5 names, case-sensitive). */
const INVISIBLE_ENTITIES: Record<string, string> = {
  nbsp: "\u00a0",
  NonBreakingSpace: "\u00a0",
  ensp: "\u2002",
  emsp: "\u2003",
  emsp13: "\u2004",
  emsp14: "\u2005",
  numsp: "\u2007",
  puncsp: "\u2008",
  thinsp: "\u2009",
  ThinSpace: "\u2009",
  hairsp: "\u200a",
  VeryThinSpace: "\u200a",
  MediumSpace: "\u205f",
  ZeroWidthSpace: "\u200b",
  NegativeVeryThinSpace: "\u200b",
  NegativeThinSpace: "\u200b",
  NegativeMediumSpace: "\u200b",
  NegativeThickSpace: "\u200b",
  zwnj: "\u200c",
  zwj: "\u200d",
  lrm: "\u200e",
  rlm: "\u200f",
  NoBreak: "\u2060",
  shy: "\u00ad",
  it: "\u2062",
  InvisibleTimes: "\u2062",
  ic: "\u2063",
  InvisibleComma: "\u2063",
  af: "\u2061",
  ApplyFunction: "\u2061",
  Tab: "\t",
  NewLine: "\n",
};
const ENTITY = /&(?:([A-Za-z][A-Za-z0-9]{0,31})|#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6}));/g;
/**
 * Characters that show nothing: format characters (Cf: zero-width space and joiners, word joiner, BOM,
 * bidi marks, soft hyphen), default-ignorable ones (variation selectors, Hangul fillers), controls, and
 * the blank braille pattern. White space (no-break spaces included) is handled as space.
 */
const INVISIBLE_CHARS = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]/gu;
const INVISIBLE_CHAR = new RegExp(INVISIBLE_CHARS.source, "u");

/**
 * A plain line without what a reader cannot see: `&nbsp;`, `&#8203;`, `&zwnj;` and the characters they
 * stand for, so that a section "written" only in them reads as empty (and `T\u200bODO` as TODO).
 */
function withoutInvisible(line: string): string {
  if (!/[&\u0080-\uffff]/.test(line)) return line; // plain ASCII without entities: the common case
  const decoded = line.replace(ENTITY, (entity, name?: string, dec?: string, hex?: string) => {
    if (name !== undefined) return INVISIBLE_ENTITIES[name] ?? entity;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return entity;
    const char = String.fromCodePoint(code);
    return /\s/.test(char) || INVISIBLE_CHAR.test(char) ? char : entity;
  });
  return decoded.replace(INVISIBLE_CHARS, "").replace(/\s+/g, " ").trim();
}

/** One line of Markdown as the words a reader sees: list and quote markers, links, emphasis gone. */
function plainLine(line: string): string {
  let s = line.trim();
  if (!/[-+*>|[\]!<_`\\~\d]/.test(s)) return s.replace(/\s+/g, " "); // no markup: the common case, fast
  s = s.replace(/^(?:>[ \t]?)+/, ""); // block quote markers
  s = s.replace(/^(?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/, ""); // list marker, task box
  if (/^[|:\-\s]*$/.test(s)) return ""; // table delimiter row
  s = s.replace(/!\[([^[\]]*)\]\([^()]*\)/g, (_image, alt: string) => alt || "image"); // an image is content
  s = s.replace(/\[([^[\]]*)\]\([^()]*\)/g, "$1"); // inline links
  s = s.replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, "$1"); // reference links
  s = s.replace(/<((?:https?|mailto):[^<>\s]*)>/gi, "$1"); // autolinks
  s = s.replace(/<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?\/?>/g, (tag, name: string) =>
    name.toLowerCase() === "img" ? " image " : HTML_ELEMENTS.has(name.toLowerCase()) ? " " : tag,
  );
  s = s.replace(/[*`]+|~~/g, "");
  s = s.replace(/(^|[\s([])_+|(?<!_)_+(?=[\s.,:;!?)\]]|$)/g, "$1"); // _emphasis_, not snake_case
  s = s.replace(/\\([!-/:-@[-`{-~])/g, "$1"); // backslash escapes
  s = s.replace(/^\||\|$/g, "").replace(/\|/g, " "); // table cells
  return s.replace(/\s+/g, " ").trim();
}

/** The content lines of lines `from`..`to` (1-based, inclusive) as plain text, blank ones dropped. */
function contentLines(doc: MarkdownDocument, from: number, to: number): string[] {
  const raw: string[] = [];
  for (let n = from; n <= to; n += 1) {
    const line = doc.lines[n - 1];
    if (line && CONTENT_KINDS.has(line.kind)) raw.push(line.text);
  }
  return stripHtmlComments(raw.join("\n"))
    .split("\n")
    .map((l) => withoutInvisible(plainLine(l)))
    .filter((l) => l !== "");
}

/** Whether one plain line only stands in for text to be written. */
export function isPlaceholderLine(line: string): boolean {
  const s = trimEnd(line, ".!:;, \t").trim() || line.trim();
  if (PLACEHOLDER_LINE.test(s) || PLACEHOLDER_NOTE.test(s) || TEMPLATE_BLANK.test(s)) return true;
  if (/^lorem ipsum\b/i.test(s) || FIELD_BLANK.test(s)) return true;
  const bracket = BRACKET_BLANK.exec(s);
  if (bracket) {
    const inner = (bracket[1] as string).trim();
    return inner === "" || PLACEHOLDER_LINE.test(inner) || BRACKET_BLANK_WORDS.test(inner);
  }
  return false;
}

/**
 * Whether a section is written: its body (subsections included) must have at least one line of real
 * text or code. Empty, only sub-headings, or only placeholder lines (TODO, TBD, lorem ipsum, `<fill in>`,
 * ...) is not written. HTML comments do not count: templates use them for guidance. Nor does what a
 * reader cannot see: `&nbsp;`, zero-width and other format characters.
 */
export function assessSection(doc: MarkdownDocument, section: MarkdownSection): SectionContent {
  const lines = contentLines(doc, section.bodyStart, section.bodyEnd);
  if (lines.length === 0) {
    const hasSubsection = doc.headings.some((h) => h.line >= section.bodyStart && h.line <= section.bodyEnd);
    return hasSubsection ? { state: "only-subheadings" } : { state: "empty" };
  }
  if (lines.every(isPlaceholderLine)) {
    const first = lines[0] as string;
    return { state: "placeholder", placeholder: first.length > 40 ? `${first.slice(0, 39)}…` : first };
  }
  return { state: "filled" };
}

/**
 * Words in the document: every whitespace-separated token with a letter or digit in headings, text,
 * tables, HTML and code blocks. Not counted: front matter, fence lines, setext underlines, thematic
 * breaks, HTML comments, link targets and markup-only tokens (`-`, `|`, `#`).
 */
export function countWords(doc: MarkdownDocument): number {
  const raw = doc.lines.filter((l) => CONTENT_KINDS.has(l.kind) || l.kind === "heading").map((l) => l.text);
  let words = 0;
  for (const line of stripHtmlComments(raw.join("\n")).split("\n")) {
    const plain = withoutInvisible(plainLine(line.replace(/^ {0,3}#{1,6}(?=[ \t]|$)/, "")));
    for (const token of plain.split(" ")) if (/[\p{L}\p{N}]/u.test(token)) words += 1;
  }
  return words;
}

/**
 * A heading's name for matching: case, surrounding whitespace, emphasis, links, trailing colons and a
 * leading section number (`1.`, `2.3`, `4)`) do not matter.
 */
export function headingKey(text: string): string {
  return trimEnd(plainLine(text), ": \t：")
    .normalize("NFC")
    .replace(/^(?:\d+(?:\.\d+)*[.)]|\d+(?:\.\d+)+)\s+/, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

export interface Incomplete {
  name: string;
  line: number;
  content: Exclude<SectionContent, { state: "filled" }>;
}

export function incompleteSectionText(item: Incomplete): string {
  switch (item.content.state) {
    case "placeholder":
      return `section '${item.name}' is a placeholder (${item.content.placeholder})`;
    case "empty":
      return `section '${item.name}' is empty`;
    case "only-subheadings":
      return `section '${item.name}' has only sub-headings with no text`;
  }
}

/** The required sections that have no heading, and those whose heading has no real content under it. */
export function checkSections(
  doc: MarkdownDocument,
  sections: readonly string[],
): { missing: string[]; incomplete: Incomplete[] } {
  const missing: string[] = [];
  const incomplete: Incomplete[] = [];
  for (const name of sections) {
    const key = headingKey(name);
    // Every section under that name must be written: when a name repeats, no copy may be a stub.
    const matches = doc.sections.filter((s) => headingKey(s.heading) === key);
    if (matches.length === 0) missing.push(name.trim());
    for (const section of matches) {
      const content = assessSection(doc, section);
      if (content.state !== "filled") incomplete.push({ name: name.trim(), line: section.line, content });
    }
  }
  return { missing, incomplete };
}

export async function evaluateDoc(spec: DocSpec, ctx: EvidenceContext): Promise<Finding> {
  return guard(ctx, spec.file, async () => {
    const { path, text } = await readOne(ctx, spec.file);
    if (text.trim() === "") {
      return { status: "fail", summary: `${path} is empty`, measured: "empty file", evidence: [{ path }] };
    }
    const doc = parseMarkdownSections(text);

    const { missing, incomplete } = checkSections(doc, spec.sections);
    const words = countWords(doc);
    const tooShort = spec.minWords !== undefined && words < spec.minWords;

    const problems: string[] = [];
    if (missing.length > 0) {
      problems.push(`missing ${missing.length === 1 ? "section" : "sections"}: ${formatList(missing)}`);
    }
    if (incomplete.length === 1) problems.push(incompleteSectionText(incomplete[0] as Incomplete));
    if (incomplete.length > 1) {
      problems.push(
        `${incomplete.length} sections are not written: ${formatList(incomplete.map((i) => `'${i.name}'`))}`,
      );
    }
    if (tooShort) problems.push(`${plural(words, "word")} < ${spec.minWords} minimum`);

    const filled = spec.sections.length - missing.length - new Set(incomplete.map((i) => i.name)).size;
    const measuredParts: string[] = [];
    if (spec.sections.length > 0) measuredParts.push(`${filled} of ${spec.sections.length} sections written`);
    measuredParts.push(plural(words, "word"));
    const barParts: string[] = [];
    if (spec.sections.length > 0) barParts.push(`sections ${spec.sections.map((s) => s.trim()).join(", ")}`);
    if (spec.minWords !== undefined) barParts.push(`≥ ${spec.minWords} words`);
    const measured = measuredParts.join(", ");
    const bar = barParts.length > 0 ? barParts.join("; ") : "a non-empty Markdown file";

    if (problems.length === 0) {
      const what =
        spec.sections.length > 0
          ? `${plural(spec.sections.length, "required section")} written (${formatList(spec.sections.map((s) => s.trim()))})`
          : "document present";
      return {
        status: "pass",
        summary: `${what}, ${plural(words, "word")} in ${path}`,
        measured,
        bar,
        evidence: [{ path }],
      };
    }

    const evidence: EvidenceRef[] =
      incomplete.length > 0 ? incomplete.map((i) => ({ path, line: i.line })) : [{ path }];
    const details = [
      ...missing.map((name) => `no heading named '${name}': add a '## ${name}' section`),
      ...incomplete.map(
        (i) => `line ${i.line}: ${incompleteSectionText(i)}; write it or remove the stand-in text`,
      ),
    ];
    return {
      status: "fail",
      summary: `${problems.join("; ")} in ${path}`,
      measured,
      bar,
      evidence,
      ...(details.length > 0 ? { details } : {}),
    };
  });
}
