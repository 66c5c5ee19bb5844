import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looksLikeXml, walkXml, type XmlElement } from "../../src/evidence/parse/xml.js";
import { FormatError } from "../../src/evidence/read.js";

/** Walks a document and returns what the handlers saw. */
function walk(text: string): { opened: XmlElement[]; closed: string[]; text: string } {
  const opened: XmlElement[] = [];
  const closed: string[] = [];
  let seen = "";
  walkXml(text, {
    open: (el) => opened.push(el),
    close: (name) => closed.push(name),
    text: (t) => (seen += t),
  });
  return { opened, closed, text: seen };
}

function formatErrorOf(run: () => unknown): FormatError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(FormatError);
    return err as FormatError;
  }
  throw new Error("expected a FormatError, but the document parsed");
}

describe("walkXml on well-formed documents", () => {
  it("reports elements with attributes and depth, text with the predefined and numeric entities decoded", () => {
    const seen = walk('<root a="1 &lt; 2"><child b="&amp;"/>x &#65;&#x42; <![CDATA[<raw>]]></root>');
    expect(seen.opened.map((e) => [e.name, e.depth, e.attributes])).toEqual([
      ["root", 0, { a: "1 < 2" }],
      ["child", 1, { b: "&" }],
    ]);
    expect(seen.closed).toEqual(["child", "root"]);
    expect(seen.text).toBe("x AB <raw>");
  });

  it("keeps prefixed names as written (no namespace processing)", () => {
    const seen = walk(
      '<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="x.xsd"/>',
    );
    expect(seen.opened[0]?.attributes["xsi:noNamespaceSchemaLocation"]).toBe("x.xsd");
  });

  it("drops a UTF-8 byte-order mark before the XML declaration", () => {
    const seen = walk('\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<coverage/>');
    expect(seen.opened.map((e) => e.name)).toEqual(["coverage"]);
  });

  it("reads CRLF documents", () => {
    const seen = walk('<?xml version="1.0"?>\r\n<a>\r\n  <b/>\r\n</a>\r\n');
    expect(seen.opened.map((e) => e.name)).toEqual(["a", "b"]);
    expect(seen.opened[1]?.line).toBe(3);
  });

  it("accepts a DOCTYPE with an external SYSTEM id, as Cobertura 2.1.1 writes it", () => {
    const seen = walk(
      '<?xml version="1.0"?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n<coverage line-rate="1"/>',
    );
    expect(seen.opened[0]?.attributes["line-rate"]).toBe("1");
  });

  it("walks 100,000 nested elements without exhausting the stack", () => {
    const depth = 100_000;
    let deepest = 0;
    walkXml("<a>".repeat(depth) + "</a>".repeat(depth), {
      open: (el) => (deepest = Math.max(deepest, el.depth)),
    });
    expect(deepest).toBe(depth - 1);
  });

  it("lets an error thrown by a handler through unchanged", () => {
    const mine = new FormatError("root element is <coverage>");
    expect(() =>
      walkXml("<coverage/>", {
        open: () => {
          throw mine;
        },
      }),
    ).toThrow(mine);
  });
});

describe("walkXml on malformed documents", () => {
  it("names the line and column of a mismatched close tag", () => {
    const err = formatErrorOf(() => walk("<a>\n  <b>\n</a>"));
    expect(err.message).toMatch(/^malformed XML at line 3, column \d+: /);
    expect(err.reason).toBe("unreadable");
  });

  it("rejects a truncated document", () => {
    const err = formatErrorOf(() => walk('<testsuites><testsuite name="x"><testcase name="t">'));
    expect(err.message).toMatch(/malformed XML at line 1, column \d+: unclosed tag: testcase/);
  });

  it("rejects an empty document and text that is not XML", () => {
    expect(formatErrorOf(() => walk("")).message).toMatch(/root element/);
    expect(formatErrorOf(() => walk("SF:src/a.ts\nDA:1,1\n")).message).toMatch(
      /text data outside of root node/,
    );
  });

  it("rejects a second root element", () => {
    expect(formatErrorOf(() => walk("<a/><b/>")).message).toMatch(/malformed XML/);
  });
});

describe("walkXml against hostile documents", () => {
  let dir: string;
  let server: Server;
  let requests = 0;
  let base = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "shipgate-xxe-"));
    server = createServer((_req, res) => {
      requests += 1;
      res.end('<!ENTITY leak "FETCHED-OVER-HTTP">');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("refuses an external entity (XXE) and never reads the file it names", () => {
    const secret = join(dir, "secret.txt");
    writeFileSync(secret, "TOP-SECRET-CONTENT");
    let seen = "";
    const err = formatErrorOf(() =>
      walkXml(`<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://${secret}">]>\n<r>&xxe;</r>`, {
        text: (t) => (seen += t),
      }),
    );
    expect(err.message).toMatch(/line 3, column \d+: undefined entity/);
    expect(seen).not.toContain("TOP-SECRET-CONTENT");
    expect(err.message).not.toContain("TOP-SECRET-CONTENT");
  });

  it("refuses &xxe; naming file:///etc/passwd, in text and in attributes", () => {
    const doctype = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
    expect(formatErrorOf(() => walk(`${doctype}<r>&xxe;</r>`)).message).toMatch(/undefined entity/);
    expect(formatErrorOf(() => walk(`${doctype}<r a="&xxe;"/>`)).message).toMatch(/undefined entity/);
  });

  it("never fetches an external DTD, entity or parameter entity over the network", async () => {
    const doc =
      `<!DOCTYPE r SYSTEM "${base}/dtd" [<!ENTITY % remote SYSTEM "${base}/param"> %remote;` +
      ` <!ENTITY web SYSTEM "${base}/entity">]>`;
    walk(`${doc}<r>ok</r>`); // the DTD alone is skipped, not fetched
    formatErrorOf(() => walk(`${doc}<r>&web;&leak;</r>`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toBe(0);
  });

  it("refuses a billion-laughs entity at once instead of expanding it", () => {
    const lols = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++)
      lols.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE lolz [${lols.join("\n")}]>\n<lolz>&lol9;</lolz>`;
    const err = formatErrorOf(() => walk(doc));
    expect(err.message).toMatch(/undefined entity/);
  });

  it("decodes a million numeric character references in linear time", () => {
    const doc = `<a>${"&#65;".repeat(1_000_000)}</a>`;
    let length = 0;
    walkXml(doc, { text: (t) => (length += t.length) });
    expect(length).toBe(1_000_000);
  });
});

describe("looksLikeXml", () => {
  it("sniffs a leading tag after a BOM and whitespace, and nothing else", () => {
    expect(looksLikeXml('\uFEFF\r\n  <?xml version="1.0"?><a/>')).toBe(true);
    expect(looksLikeXml("TN:\nSF:a.ts")).toBe(false);
    expect(looksLikeXml('{"total": {}}')).toBe(false);
    expect(looksLikeXml("   ")).toBe(false);
  });
});
