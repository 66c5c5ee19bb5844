// User and evidence text goes into Markdown and terminals: it must never become markup, HTML or escape codes.

/**
 * Makes text safe inside a Markdown table cell or line: one line, no HTML, no code spans, no links or
 * emphasis, no table breaks. `@mentions` are left as they are.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\r\n?|\n|\u2028|\u2029/g, " ")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*_~[\]|]/g, (c) => `\\${c}`)
  );
}

/** One line of text safe for a terminal: no escape sequences, control or bidi characters, no line breaks. */
export function sanitizeTerminal(text: string): string {
  return (
    text
      .replace(/\r\n?|\n|\t|\u2028|\u2029/g, " ")
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
  );
}

/** A `@user` or `@org/team` as written in a validated readiness file: safe to show as a mention. */
const PRINCIPAL = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]+)?$/;

export function mention(principal: string): string {
  return PRINCIPAL.test(principal) ? principal : escapeMarkdown(principal);
}
