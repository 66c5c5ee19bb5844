// User and evidence text goes into Markdown, HTML and terminals: it must never become markup, HTML, escape
// codes, a link or a mention, and must never hide or reorder what a reader sees.

/** Line breaks and tabs: every one-line output shows them as a space. */
const BREAKS = /\r\n?|\n|\t|\u2028|\u2029/g;

/**
 * Characters that control a terminal, hide text or change its direction: C0/C1 controls, format characters
 * (bidi controls U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C, zero-width space and joiners, tag
 * characters), lone surrogates, line and paragraph separators and the other default-ignorable code points.
 * Tab and line feed are left to the caller (one-line outputs make them spaces); the emoji and text
 * presentation selectors (U+FE0E, U+FE0F) stay: they only pick a glyph.
 */
const HIDDEN = /(?!\t|\n|\uFE0E|\uFE0F)[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

/** Makes hidden characters visible as `\u{202E}`, so a reader sees that they were there and where. */
export function showHidden(text: string): string {
  return text.replace(HIDDEN, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`);
}

/** One line of text safe for a terminal or a plain-text field: no escape sequences, no hidden characters. */
export function sanitizeTerminal(text: string): string {
  return showHidden(text.replace(BREAKS, " "));
}

/** Several lines of plain text (an annotation's message, the log): each line as `sanitizeTerminal` makes it. */
export function sanitizeLines(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map(sanitizeTerminal)
    .join("\n");
}

/**
 * GitHub links `@user`, `@org/team`, `user@sha`, emails, `#12`, `owner/repo#12`, `GH-12`, `https://…`,
 * `www.…` and commit SHAs (7 or more hex digits) in rendered text. A WORD JOINER (U+2060: invisible, no line
 * break) after `@`, `#`, `GH-`, the scheme's colon, `www` and every 6 hex digits breaks each pattern while
 * the text reads the same (a copy keeps the joiners).
 */
const WJ = "\u2060";

function unlinked(text: string): string {
  return text
    .replace(/[@#]/g, `$&${WJ}`)
    .replace(/gh-(?=\d)/gi, `$&${WJ}`)
    .replace(/:\/\//g, `:${WJ}//`)
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}${WJ}.`)
    .replace(/\b[0-9a-f]{7,}\b/gi, (run) => run.replace(/[0-9a-f]{6}(?=[0-9a-f])/gi, `$&${WJ}`));
}

/**
 * Makes text safe inside a Markdown table cell or line: one line, no HTML, no code spans, no links or
 * emphasis, no table breaks, no list or heading marker, hidden characters shown, and nothing GitHub would
 * turn into a mention, a reference or a link. Only owners go out as live mentions, through `mention`.
 */
export function escapeMarkdown(text: string): string {
  return unlinked(
    showHidden(text.replace(BREAKS, " "))
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*_~[\]|]/g, (c) => `\\${c}`)
      // Where the text starts a line: leading spaces would indent it into a code block, a list marker start a list.
      .replace(/^ +/, "")
      .replace(/^(?:[-+](?=\s|$)|\d+(?=[.)](?:\s|$)))/, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`)),
  );
}

/** A `@user` or `@org/team` as written in a validated readiness file: safe to show as a mention. */
const PRINCIPAL = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]+)?$/;

export function mention(principal: string): string {
  return PRINCIPAL.test(principal) ? principal : escapeMarkdown(principal);
}
