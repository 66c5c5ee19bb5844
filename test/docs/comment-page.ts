// A pull-request comment's Markdown rendered as GitHub renders it (GFM with hard line breaks, as in
// comments; @mentions as links), inside a self-contained page styled like a comment in a pull request's
// timeline: light theme, Primer's colours and sizes, no avatar fetched, no network at all.
import { Marked, type TokenizerAndRendererExtension, type Tokens } from "marked";

export interface CommentHeader {
  /** The author's login without the `[bot]` suffix, e.g. `github-actions`. */
  author: string;
  /** Shown as GitHub's "bot" label after the author. */
  bot: boolean;
  /** When the comment was posted, shown as GitHub shows an older date: "on Nov 20, 2026". */
  postedAt: Date;
  /** The page title, e.g. "acme/claims-triage#42". */
  title: string;
}

// GitHub links `@login` and `@org/team` when not preceded by a word character or a backtick.
const MENTION = /^@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?)(?![\w/-])/;
const MENTION_START = /(^|[^\w`@/])@[A-Za-z0-9]/;

interface MentionToken extends Tokens.Generic {
  type: "mention";
  raw: string;
  login: string;
}

const mentions: TokenizerAndRendererExtension = {
  name: "mention",
  level: "inline",
  start(src: string) {
    const match = MENTION_START.exec(src);
    return match ? match.index + match[1]!.length : undefined;
  },
  tokenizer(src: string): MentionToken | undefined {
    const match = MENTION.exec(src);
    return match ? { type: "mention", raw: match[0], login: match[1]! } : undefined;
  },
  renderer(token) {
    const login = escapeHtml((token as MentionToken).login);
    const [org, team] = login.split("/");
    const href = team ? `https://github.com/orgs/${org}/teams/${team}` : `https://github.com/${login}`;
    return `<a class="user-mention" href="${href}">@${login}</a>`;
  },
};

const gfm = new Marked({ gfm: true, breaks: true, async: false, extensions: [mentions] });

/** The comment body as GitHub's Markdown pipeline turns it into HTML (HTML comments stay invisible). */
export function commentHtml(markdown: string): string {
  return gfm.parse(markdown) as string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Width of the page in CSS pixels: about a pull request's conversation column on a laptop. */
export const PAGE_WIDTH = 900;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// The github-actions avatar, drawn inline (no image is fetched): a play mark in a circle on a tile.
const AVATAR = `<svg class="avatar" width="40" height="40" viewBox="0 0 40 40" role="img" aria-label="github-actions">
<rect width="40" height="40" rx="6" fill="#ddf4ff"/>
<circle cx="20" cy="20" r="11" fill="none" stroke="#0969da" stroke-width="2.5"/>
<path d="M17.5 15.2v9.6l7.4-4.8z" fill="#0969da"/>
</svg>`;

const KEBAB = `<svg class="kebab" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
<circle cx="3" cy="8" r="1.5" fill="#59636e"/><circle cx="8" cy="8" r="1.5" fill="#59636e"/><circle cx="13" cy="8" r="1.5" fill="#59636e"/>
</svg>`;

// Primer's light theme: fgColor-default #1f2328, muted #59636e, borders #d0d7de, canvas-subtle #f6f8fa.
const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
html { background: #ffffff; }
body {
  margin: 0; padding: 16px; width: ${PAGE_WIDTH}px; color: #1f2328; background: #ffffff;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, "Liberation Sans",
    "DejaVu Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 14px; line-height: 1.5; -webkit-font-smoothing: antialiased;
}
.comment-group { position: relative; padding-left: 56px; }
.avatar { position: absolute; left: 0; top: 0; display: block; border-radius: 6px; box-shadow: 0 0 0 1px rgba(31,35,40,0.15); }
.comment { position: relative; border: 1px solid #d0d7de; border-radius: 6px; background: #ffffff; }
.comment::before, .comment::after {
  content: ""; position: absolute; top: 11px; left: -16px; width: 0; height: 0;
  border: 8px solid transparent; pointer-events: none;
}
/* The caret towards the avatar: a border-coloured triangle under a header-coloured one. */
.comment::before { border-right-color: #d0d7de; }
.comment::after { left: -15px; border-right-color: #f6f8fa; }
.comment-header {
  display: flex; align-items: center; gap: 4px; min-height: 38px; padding: 4px 16px;
  background: #f6f8fa; border-bottom: 1px solid #d0d7de; border-radius: 6px 6px 0 0; color: #59636e;
}
.comment-header .author { color: #1f2328; font-weight: 600; }
.comment-header .label {
  display: inline-block; padding: 0 7px; font-size: 12px; font-weight: 500; line-height: 18px;
  border: 1px solid #d0d7de; border-radius: 2em; color: #59636e;
}
.comment-header .when { color: #59636e; }
.comment-header .kebab { margin-left: auto; }
.markdown-body { padding: 16px; overflow-wrap: break-word; }
.markdown-body > :first-child { margin-top: 0 !important; }
.markdown-body > :last-child { margin-bottom: 0 !important; }
.markdown-body p, .markdown-body table, .markdown-body ul, .markdown-body ol, .markdown-body details,
.markdown-body blockquote, .markdown-body pre { margin-top: 0; margin-bottom: 16px; }
.markdown-body h1, .markdown-body h2, .markdown-body h3, .markdown-body h4 {
  margin-top: 24px; margin-bottom: 16px; font-weight: 600; line-height: 1.25;
}
.markdown-body h1 { font-size: 2em; } .markdown-body h2 { font-size: 1.5em; }
.markdown-body h3 { font-size: 1.25em; } .markdown-body h4 { font-size: 1em; }
.markdown-body strong { font-weight: 600; }
.markdown-body a { color: #0969da; text-decoration: underline; text-underline-offset: 0.2rem; }
.markdown-body a.user-mention { color: #1f2328; font-weight: 600; text-decoration: none; white-space: nowrap; }
.markdown-body table {
  display: block; width: max-content; max-width: 100%; overflow: auto;
  border-spacing: 0; border-collapse: collapse; font-variant: tabular-nums;
}
.markdown-body table th { font-weight: 600; }
.markdown-body table th, .markdown-body table td { padding: 6px 13px; border: 1px solid #d0d7de; }
.markdown-body table td > :last-child { margin-bottom: 0; }
.markdown-body table tr { background-color: #ffffff; border-top: 1px solid #d1d9e0b3; }
.markdown-body table tr:nth-child(2n) { background-color: #f6f8fa; }
.markdown-body details summary { cursor: pointer; display: list-item; }
.markdown-body details[open] summary { margin-bottom: 16px; }
.markdown-body code, .markdown-body tt {
  padding: 0.2em 0.4em; margin: 0; font-size: 85%; white-space: break-spaces;
  background-color: #818b981f; border-radius: 6px;
}
.markdown-body code, .markdown-body pre, .markdown-body tt {
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
.markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; background: #f6f8fa; border-radius: 6px; }
.markdown-body pre code { padding: 0; background: transparent; font-size: 100%; }
.markdown-body hr { height: 0.25em; padding: 0; margin: 24px 0; background-color: #d1d9e0; border: 0; }
`;

function postedOn(date: Date): string {
  return `on ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** The whole page: one timeline comment holding the rendered Markdown. */
export function commentPage(markdown: string, header: CommentHeader): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=${PAGE_WIDTH}">
<title>${escapeHtml(header.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="comment-group">
${AVATAR}
<div class="comment">
<div class="comment-header"><span class="author">${escapeHtml(header.author)}</span>${header.bot ? ' <span class="label">bot</span>' : ""} <span class="when">commented ${postedOn(header.postedAt)}</span>${KEBAB}</div>
<div class="markdown-body">
${commentHtml(markdown)}
</div>
</div>
</div>
</body>
</html>
`;
}
