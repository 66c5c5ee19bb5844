// What GitHub would act on in text it renders: a real GFM parser (marked) finds the text outside links and
// code spans, then GitHub's own autolink patterns run over it (mentions, issue and cross-repository
// references, commit ids, bare links, emails). Also: control, bidi and invisible characters in any output.
import { marked, type Token, type Tokens } from "marked";

/** Our own word joiner, which the Markdown escaping inserts to break autolinks. */
export const WORD_JOINER = "\u2060";

/** Control, format, bidi, zero-width, separator and other default-ignorable characters. */
const HIDDEN = /(?!\n|\uFE0E|\uFE0F)[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/** GitHub's autolinks on rendered text: mentions, references, commit ids, URLs and emails. */
const LIVE: ReadonlyArray<[string, RegExp]> = [
  ["mention", /(?:^|[^\w`])(@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][\w.-]*)?)/g],
  ["cross-repository reference", /[\w.-]+\/[\w.-]+(?:#\d+|@[0-9a-f]{7,40}\b)/gi],
  ["user@sha reference", /\b[A-Za-z0-9-]+@[0-9a-f]{7,40}\b/gi],
  ["issue reference", /(?:^|[^\w&])#\d+/g],
  ["GH- reference", /\bGH-\d+/gi],
  ["commit id", /\b[0-9a-f]{7,40}\b/gi],
  ["bare link", /\b(?:https?|ftp):\/\/|\bwww\./gi],
  ["email", /[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g],
];

export interface Seen {
  /** Text as GitHub's autolinker sees it: outside links and code spans, entities decoded. */
  texts: string[];
  hrefs: string[];
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|#39);/gi, (_m, e: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
    if (e.startsWith("#x") || e.startsWith("#X")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    return named[e.toLowerCase()] ?? _m;
  });
}

function inline(tokens: readonly Token[] | undefined, seen: Seen): string {
  let out = "";
  for (const t of tokens ?? []) {
    switch (t.type) {
      case "link":
        seen.hrefs.push((t as Tokens.Link).href);
        out += " ";
        break;
      case "codespan":
      case "br":
        out += " ";
        break;
      case "html":
        out += ` ${decode(t.raw.replace(/<[^>]*>/g, " "))} `;
        break;
      case "text":
      case "escape":
        out += "tokens" in t && t.tokens ? inline(t.tokens, seen) : decode((t as Tokens.Text).text);
        break;
      default:
        out += "tokens" in t && t.tokens ? inline(t.tokens, seen) : "";
    }
  }
  return out;
}

function blocks(tokens: readonly Token[], seen: Seen): void {
  for (const t of tokens) {
    if (t.type === "table") {
      const table = t as Tokens.Table;
      for (const cell of [...table.header, ...table.rows.flat()]) seen.texts.push(inline(cell.tokens, seen));
    } else if (t.type === "list") {
      for (const item of (t as Tokens.List).items) blocks(item.tokens, seen);
    } else if (t.type === "html") {
      seen.texts.push(decode(t.raw.replace(/<[^>]*>/g, " ")));
    } else if (t.type === "paragraph" || t.type === "heading" || t.type === "text") {
      seen.texts.push(inline((t as Tokens.Paragraph).tokens, seen));
    } else if (t.type === "code") {
      throw new Error(`evidence opened a code block: ${t.raw}`);
    }
  }
}

/** The text of rendered Markdown that GitHub's autolinker sees, one string per paragraph, cell or item. */
export function renderedTexts(markdown: string): Seen {
  const seen: Seen = { texts: [], hrefs: [] };
  blocks(marked.lexer(markdown, { gfm: true }), seen);
  return seen;
}

/**
 * Everything in the Markdown that GitHub would turn into a ping or a link: links not under `linkPrefix`,
 * mentions of anyone but `owners`, references, commit ids, bare links and emails.
 */
export function liveInMarkdown(
  markdown: string,
  allowed: { owners: readonly string[]; linkPrefix: string },
): string[] {
  const seen = renderedTexts(markdown);
  const found: string[] = [];
  for (const href of seen.hrefs) if (!href.startsWith(allowed.linkPrefix)) found.push(`link to ${href}`);
  for (const text of seen.texts) {
    for (const [what, pattern] of LIVE) {
      for (const m of text.matchAll(pattern)) {
        const hit = (m[1] ?? m[0]).trim();
        if (what === "mention" && allowed.owners.includes(hit)) continue;
        found.push(`${what} ${JSON.stringify(hit)} in ${JSON.stringify(text.slice(0, 120))}`);
      }
    }
  }
  return found;
}

/** Hidden characters but line feeds, and the word joiner (Markdown) or tab (HTML) where allowed. */
export function hiddenIn(text: string, allowed = ""): string[] {
  const found: string[] = [];
  for (const ch of text) {
    if (allowed.includes(ch)) continue;
    if (HIDDEN.test(ch)) found.push(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return found;
}
