// A small, safe layer over saxes for evidence XML (JUnit, Cobertura). saxes streams, keeps no DOM,
// never fetches a DTD and never expands a DTD-declared entity: a reference to one is an error, which
// is what defeats external-entity (XXE) and billion-laughs documents.
import { SaxesParser } from "saxes";
import { FormatError } from "../read.js";

/** An element as it opens: its name exactly as written (prefix included) and its attributes. */
export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  /** 0 for the root element. */
  depth: number;
  /** 1-based line of the end of the start tag, for messages. */
  line: number;
}

export interface XmlHandlers {
  open?(element: XmlElement): void;
  close?(name: string, depth: number): void;
  /** Character data and CDATA, entity references already decoded. */
  text?(text: string): void;
}

/**
 * Streams a whole XML document through the handlers. Anything malformed or truncated (and any
 * reference to an entity other than the five predefined ones and numeric references) is a FormatError
 * saying where: "malformed XML at line 3, column 14: unclosed tag: testsuite". Errors thrown by the
 * handlers pass through unchanged.
 */
export function walkXml(text: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: false, position: true });
  let depth = 0;

  parser.on("error", (err) => {
    // saxes prefixes "line:column: "; its column is 0-based, people count from 1.
    const reason = err.message.replace(/^\d+:\d+: /, "").replace(/\.$/, "");
    throw new FormatError(`malformed XML at line ${parser.line}, column ${parser.column + 1}: ${reason}`);
  });
  const { open, close, text: onText } = handlers;
  parser.on("opentag", (tag) => {
    open?.({ name: tag.name, attributes: tag.attributes, depth, line: parser.line });
    depth += 1;
  });
  parser.on("closetag", (tag) => {
    depth -= 1;
    close?.(tag.name, depth);
  });
  if (onText) {
    parser.on("text", onText);
    parser.on("cdata", onText);
  }

  parser.write(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  parser.close();
}

/** Whether the first thing in the text (after a BOM and whitespace) is a tag: sniffing by content. */
export function looksLikeXml(text: string): boolean {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x3c; // "<"
  }
  return false;
}
