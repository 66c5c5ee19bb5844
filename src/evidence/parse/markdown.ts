// The block structure of a Markdown document, as far as readiness checks need it: which lines are
// headings, which are code, HTML or front matter, and which lines belong to each heading's section.
//
// It follows CommonMark's block rules for what can hide a heading: ATX and setext headings are found
// only at the top level, never inside fenced or indented code, HTML blocks, block quotes or list items.
// YAML (`---`) or TOML (`+++`) front matter at the very top is skipped. Inline syntax is left as written.
// Every step looks at one line with anchored patterns, so the cost is linear in the document's size.

/** What a line of the document is, once block structure is known. */
export type MarkdownLineKind =
  | "front-matter"
  | "blank"
  /** An ATX heading line, or a line of a setext heading's text. */
  | "heading"
  | "setext-underline"
  | "thematic-break"
  /** The opening or closing line of a fenced code block. */
  | "fence"
  /** Inside a fenced or indented code block. */
  | "code"
  | "html"
  /** Paragraphs, list items, block quotes, tables: anything else with text. */
  | "text";

export interface MarkdownLine {
  /** 1-based line number in the file. */
  line: number;
  kind: MarkdownLineKind;
  text: string;
}

export interface MarkdownHeading {
  /** 1 to 6. */
  level: number;
  /** The heading's text as written (inline Markdown kept), without `#`s or underline. */
  text: string;
  /** 1-based line of the heading (its first text line for a setext heading). */
  line: number;
}

export interface MarkdownSection {
  heading: string;
  level: number;
  /** 1-based line of the heading. */
  line: number;
  /** 1-based line of the first body line (just after the heading or its underline). */
  bodyStart: number;
  /** 1-based last line of the body (inclusive); `bodyStart - 1` when the body is empty. */
  bodyEnd: number;
  /** Everything up to the next heading of the same or a higher level: subsections included. */
  body: string;
}

export interface MarkdownDocument {
  headings: MarkdownHeading[];
  sections: MarkdownSection[];
  /** Every line of the file with its kind, in order; `lines[n - 1]` is line n. */
  lines: MarkdownLine[];
  frontMatter: boolean;
}

interface Fence {
  char: "`" | "~";
  length: number;
}

/** Where a list item's content starts (in columns); lines indented at least this far belong to it. */
interface ListState {
  kind: "list";
  contentCol: number;
  /** The item's last line was paragraph text, so a following unindented line may continue it lazily. */
  lazy: boolean;
  afterBlank: boolean;
  fence: Fence | null;
}

interface QuoteState {
  kind: "quote";
  lazy: boolean;
  fence: Fence | null;
}

interface HtmlBlock {
  /** A pattern that closes the block on the line it matches, or `blank` for blocks a blank line ends. */
  end: RegExp | "blank";
}

const ATX = /^ {0,3}(#{1,6})(?=[ \t]|$)(.*)$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const BLOCK_QUOTE = /^ {0,3}>/;
const LIST_ITEM = /^( {0,3})([-+*]|\d{1,9}[.)])(?=[ \t]|$)([ \t]*)(.*)$/;

const RAW_HTML_END = /<\/(?:script|pre|style|textarea)>/i;

/** CommonMark's HTML block type 6 tag names: such a block runs until a blank line. */
const HTML_BLOCK_TAGS = new Set(
  (
    "address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl " +
    "dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend " +
    "li link main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td " +
    "tfoot th thead title tr track ul"
  ).split(" "),
);

/** Splits on LF, CRLF or a lone CR (CommonMark's line endings) and drops a leading BOM. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}

/** Leading indentation in columns, a tab advancing to the next multiple of 4. */
function indentOf(line: string): number {
  let col = 0;
  for (const ch of line) {
    if (ch === " ") col += 1;
    else if (ch === "\t") col += 4 - (col % 4);
    else break;
  }
  return col;
}

/** The line with `cols` columns of leading indentation removed (tabs expanded as needed). */
function dedent(line: string, cols: number): string {
  let col = 0;
  let i = 0;
  while (i < line.length && col < cols) {
    const ch = line[i];
    if (ch === " ") col += 1;
    else if (ch === "\t") col += 4 - (col % 4);
    else break;
    i += 1;
  }
  const over = col - cols; // a tab that spanned the cut leaves spaces behind
  return " ".repeat(Math.max(0, over)) + line.slice(i);
}

/** Without trailing spaces and tabs (a loop: an unanchored `[ \t]+$` can be quadratic on long lines). */
function trimSpaceTab(line: string): string {
  let end = line.length;
  while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end -= 1;
  return line.slice(0, end);
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function fenceOpener(line: string): Fence | null {
  const m = FENCE_OPEN.exec(line);
  if (!m) return null;
  const marker = m[1] as string;
  const char = marker[0] as "`" | "~";
  if (char === "`" && (m[2] as string).includes("`")) return null; // a backtick fence's info string has no backtick
  return { char, length: marker.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const trimmed = trimSpaceTab(line);
  if (indentOf(trimmed) > 3) return false;
  const run = trimmed.trimStart();
  if (run.length < fence.length) return false;
  for (const ch of run) if (ch !== fence.char) return false;
  return true;
}

/** The heading text of an ATX line: without the opening `#`s and an optional closing sequence. */
function atxText(rest: string): string {
  let text = rest.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === "#") end -= 1;
  // A closing sequence counts only when it is the whole text or follows whitespace.
  if (end < text.length && (end === 0 || text[end - 1] === " " || text[end - 1] === "\t")) {
    text = text.slice(0, end).trim();
  }
  return text;
}

/** Which HTML block (CommonMark types 1 to 7) a line opens, if any. */
function htmlBlockStart(line: string, paragraphOpen: boolean): HtmlBlock | null {
  if (indentOf(line) > 3) return null;
  const s = line.trimStart();
  if (!s.startsWith("<")) return null;
  const raw = /^<(script|pre|style|textarea)(?:[\s>]|$)/i.exec(s);
  if (raw) return { end: RAW_HTML_END };
  if (s.startsWith("<!--")) return { end: /-->/ };
  if (s.startsWith("<?")) return { end: /\?>/ };
  if (s.startsWith("<![CDATA[")) return { end: /\]\]>/ };
  if (/^<![A-Za-z]/.test(s)) return { end: />/ };
  const tag = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?:[\s>]|\/>|$)/.exec(s);
  if (tag && HTML_BLOCK_TAGS.has((tag[1] as string).toLowerCase())) return { end: "blank" };
  // Type 7: any complete tag alone on its line; it cannot interrupt a paragraph.
  if (!paragraphOpen && /^<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>\s*$/.test(s)) return { end: "blank" };
  return null;
}

interface ListMarker {
  contentCol: number;
  /** The item's first line after the marker. */
  content: string;
  ordered: boolean;
  start: number;
}

function listMarker(line: string): ListMarker | null {
  const m = LIST_ITEM.exec(line);
  if (!m) return null;
  const indent = (m[1] as string).length;
  const marker = m[2] as string;
  const spacing = indentOf(m[3] as string);
  const content = m[4] as string;
  const ordered = /\d/.test(marker);
  // 1-4 columns of spacing are part of the marker; more means indented code inside the item.
  const gap = content === "" || spacing > 4 ? 1 : spacing;
  return {
    contentCol: indent + marker.length + gap,
    content,
    ordered,
    start: ordered ? Number.parseInt(marker, 10) : 1,
  };
}

/** Whether a list item may interrupt a paragraph: not empty, and an ordered one must start at 1. */
function listInterrupts(marker: ListMarker): boolean {
  return marker.content.trim() !== "" && (!marker.ordered || marker.start === 1);
}

/** Whether a line ends a paragraph (lazy continuation lines of lists and quotes included). */
function interruptsParagraph(line: string): boolean {
  if (indentOf(line) > 3) return false;
  if (ATX.test(line) || fenceOpener(line) || THEMATIC_BREAK.test(line) || BLOCK_QUOTE.test(line)) return true;
  const marker = listMarker(line);
  if (marker && listInterrupts(marker)) return true;
  return htmlBlockStart(line, true) !== null;
}

/** Reads a Markdown document's headings and sections. Never throws; any text is some Markdown. */
export function parseMarkdownSections(text: string): MarkdownDocument {
  const source = splitLines(text);
  // A trailing newline does not start an extra line.
  if (source.length > 1 && source[source.length - 1] === "") source.pop();
  const kinds: MarkdownLineKind[] = new Array<MarkdownLineKind>(source.length).fill("text");
  const headings: Array<MarkdownHeading & { index: number; bodyIndex: number }> = [];

  let start = 0;
  let frontMatter = false;
  const opener = trimSpaceTab(source[0] ?? "");
  if (opener === "---" || opener === "+++") {
    const closers = opener === "---" ? ["---", "..."] : ["+++"];
    for (let i = 1; i < source.length; i += 1) {
      if (closers.includes(trimSpaceTab(source[i] as string))) {
        for (let j = 0; j <= i; j += 1) kinds[j] = "front-matter";
        start = i + 1;
        frontMatter = true;
        break;
      }
    }
  }

  let fence: Fence | null = null;
  let html: HtmlBlock | null = null;
  /** Index of the first line of the open top-level paragraph, or -1. */
  let paragraph = -1;
  let container: ListState | QuoteState | null = null;

  for (let i = start; i < source.length; i += 1) {
    const line = source[i] as string;

    if (fence) {
      if (closesFence(line, fence)) {
        kinds[i] = "fence";
        fence = null;
      } else kinds[i] = "code";
      continue;
    }
    if (html) {
      if (html.end === "blank") {
        if (isBlank(line)) {
          kinds[i] = "blank";
          html = null;
        } else kinds[i] = "html";
      } else {
        kinds[i] = "html";
        if (html.end.test(line)) html = null;
      }
      continue;
    }

    if (container?.kind === "list") {
      const list: ListState = container;
      if (isBlank(line)) {
        kinds[i] = "blank";
        list.afterBlank = true;
        list.lazy = false;
        continue;
      }
      const indent = indentOf(line);
      if (indent >= list.contentCol) {
        const inner = dedent(line, list.contentCol);
        list.afterBlank = false;
        if (list.fence) {
          kinds[i] = closesFence(inner, list.fence) ? "fence" : "code";
          if (kinds[i] === "fence") list.fence = null;
          list.lazy = false;
        } else {
          const innerFence = fenceOpener(inner);
          if (innerFence) {
            kinds[i] = "fence";
            list.fence = innerFence;
            list.lazy = false;
          } else {
            kinds[i] = indentOf(inner) >= 4 && !list.lazy ? "code" : "text";
            list.lazy = kinds[i] === "text";
          }
        }
        continue;
      }
      const marker = indent <= 3 ? listMarker(line) : null;
      if (marker && !THEMATIC_BREAK.test(line)) {
        startListItem(list, marker, kinds, i);
        continue;
      }
      if (list.lazy && !list.afterBlank && !list.fence && !interruptsParagraph(line)) {
        kinds[i] = "text";
        continue;
      }
      container = null; // the list ends; the line is read at the top level below
    }

    if (container?.kind === "quote") {
      const quote: QuoteState = container;
      if (BLOCK_QUOTE.test(line)) {
        const inner = line.replace(/^ {0,3}> ?/, "");
        if (quote.fence) {
          kinds[i] = closesFence(inner, quote.fence) ? "fence" : "code";
          if (kinds[i] === "fence") quote.fence = null;
        } else {
          quote.fence = fenceOpener(inner);
          kinds[i] = quote.fence ? "fence" : "text";
        }
        quote.lazy = kinds[i] === "text" && !isBlank(inner);
        continue;
      }
      if (!isBlank(line) && quote.lazy && !interruptsParagraph(line)) {
        kinds[i] = "text";
        continue;
      }
      container = null;
    }

    if (isBlank(line)) {
      kinds[i] = "blank";
      paragraph = -1;
      continue;
    }

    const indent = indentOf(line);
    if (paragraph >= 0) {
      const underline = SETEXT_UNDERLINE.exec(line);
      if (underline) {
        const textLines = source.slice(paragraph, i).map((l) => l.trim());
        for (let j = paragraph; j < i; j += 1) kinds[j] = "heading";
        kinds[i] = "setext-underline";
        headings.push({
          level: (underline[1] as string)[0] === "=" ? 1 : 2,
          text: textLines.join(" "),
          line: paragraph + 1,
          index: paragraph,
          bodyIndex: i + 1,
        });
        paragraph = -1;
        continue;
      }
    }
    if (indent >= 4) {
      kinds[i] = paragraph >= 0 ? "text" : "code"; // indented code cannot interrupt a paragraph
      continue;
    }

    const atx = ATX.exec(line);
    if (atx) {
      kinds[i] = "heading";
      headings.push({
        level: (atx[1] as string).length,
        text: atxText(atx[2] as string),
        line: i + 1,
        index: i,
        bodyIndex: i + 1,
      });
      paragraph = -1;
      continue;
    }
    const opened = fenceOpener(line);
    if (opened) {
      kinds[i] = "fence";
      fence = opened;
      paragraph = -1;
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      kinds[i] = "thematic-break";
      paragraph = -1;
      continue;
    }
    const block = htmlBlockStart(line, paragraph >= 0);
    if (block) {
      kinds[i] = "html";
      // Types 1-5 may close on the line that opens them.
      html = block.end !== "blank" && block.end.test(line.trimStart().slice(2)) ? null : block;
      paragraph = -1;
      continue;
    }
    if (BLOCK_QUOTE.test(line)) {
      const inner = line.replace(/^ {0,3}> ?/, "");
      const quoteFence = fenceOpener(inner);
      container = { kind: "quote", fence: quoteFence, lazy: !quoteFence && !isBlank(inner) };
      kinds[i] = quoteFence ? "fence" : "text";
      paragraph = -1;
      continue;
    }
    const marker = listMarker(line);
    if (marker && (paragraph < 0 || listInterrupts(marker))) {
      const list: ListState = { kind: "list", contentCol: 0, lazy: false, afterBlank: false, fence: null };
      startListItem(list, marker, kinds, i);
      container = list;
      paragraph = -1;
      continue;
    }
    kinds[i] = "text";
    if (paragraph < 0) paragraph = i;
  }

  const lines: MarkdownLine[] = source.map((text, i) => ({
    line: i + 1,
    kind: kinds[i] as MarkdownLineKind,
    text,
  }));
  const sections: MarkdownSection[] = headings.map((h, n) => {
    let endIndex = source.length; // exclusive
    for (let k = n + 1; k < headings.length; k += 1) {
      const next = headings[k] as (typeof headings)[number];
      if (next.level <= h.level) {
        endIndex = next.index;
        break;
      }
    }
    return {
      heading: h.text,
      level: h.level,
      line: h.line,
      bodyStart: h.bodyIndex + 1,
      bodyEnd: Math.max(h.bodyIndex, endIndex),
      body: source.slice(h.bodyIndex, endIndex).join("\n"),
    };
  });
  return {
    headings: headings.map(({ level, text, line }) => ({ level, text, line })),
    sections,
    lines,
    frontMatter,
  };
}

/** Opens a list item on line `i`: its content column, and a fence if the item starts with one. */
function startListItem(list: ListState, marker: ListMarker, kinds: MarkdownLineKind[], i: number): void {
  list.contentCol = marker.contentCol;
  list.afterBlank = false;
  list.fence = fenceOpener(marker.content);
  kinds[i] = list.fence ? "fence" : "text";
  list.lazy = !list.fence && marker.content.trim() !== "";
}
