// The comment page photographed by headless Chromium (over the DevTools protocol, test/browser/cdp.ts), what
// the page shows read back from its DOM, and the PNG bookkeeping that ties an image to its Markdown.
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { crc32 } from "node:zlib";
import type { Browser } from "../browser/cdp.js";
import { PAGE_WIDTH } from "./comment-page.js";

/** Device pixels per CSS pixel: a 2x image stays sharp on high-density screens, where READMEs are read. */
export const IMAGE_SCALE = 2;

/** A table as the reader sees it: header cells, then each row's cells keyed by header. */
export interface ShownTable {
  headers: string[];
  rows: Array<Record<string, string>>;
  /** Wider than its box: GitHub would scroll it and the picture would cut rows off. */
  overflows: boolean;
}

export interface CommentFacts {
  /** The first heading: the verdict line. */
  verdict: string;
  /** Everything the page shows, whitespace collapsed. */
  text: string;
  tables: ShownTable[];
  /** The comment's box (avatar to border), CSS pixels. */
  box: { x: number; y: number; width: number; height: number };
  /** Whether emoji are drawn in colour; without a colour emoji font they are monochrome or boxes. */
  colorEmoji: boolean;
}

/** Runs in the page; plain JavaScript. */
const FACTS_PROBE = `(async () => {
  await document.fonts.ready;
  const shown = (el) => (el.innerText || "").replace(/\\s+/g, " ").trim();
  const tables = [...document.querySelectorAll(".markdown-body table")].map((table) => {
    const headers = [...table.querySelectorAll("thead th")].map(shown);
    const rows = [...table.querySelectorAll("tbody tr")].map((tr) => {
      const row = {};
      [...tr.children].forEach((cell, i) => { row[headers[i] ?? String(i)] = shown(cell); });
      return row;
    });
    return { headers, rows, overflows: table.scrollWidth > table.clientWidth + 1 };
  });
  const heading = document.querySelector(".markdown-body h1, .markdown-body h2, .markdown-body h3");
  const r = document.querySelector(".comment-group").getBoundingClientRect();
  // A colour emoji font paints saturated pixels; a monochrome fallback or a missing-glyph box does not.
  const canvas = document.createElement("canvas");
  canvas.width = 40; canvas.height = 40;
  const context = canvas.getContext("2d");
  context.font = "32px " + getComputedStyle(document.body).fontFamily;
  context.fillText("\\u2705", 2, 34);
  const pixels = context.getImageData(0, 0, 40, 40).data;
  let colorEmoji = false;
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] > 200 && Math.max(pixels[i], pixels[i + 1], pixels[i + 2]) - Math.min(pixels[i], pixels[i + 1], pixels[i + 2]) > 80) { colorEmoji = true; break; }
  }
  return {
    verdict: heading ? shown(heading) : "",
    text: shown(document.body),
    tables,
    box: { x: r.x, y: r.y, width: r.width, height: r.height },
    colorEmoji,
  };
})()`;

export interface Photograph {
  facts: CommentFacts;
  /** Every URL the page asked for (only its own file, when nothing leaks to the network). */
  requests: string[];
  /** Console and CSP complaints. */
  problems: string[];
  /** Size of the PNG in device pixels. */
  width: number;
  height: number;
  png: Buffer;
}

/** Opens the page at {@link PAGE_WIDTH} CSS pixels and captures the whole comment, as tall as it is. */
export async function photographComment(browser: Browser, htmlFile: string): Promise<Photograph> {
  const page = await browser.newPage();
  try {
    await page.send("Emulation.setDeviceMetricsOverride", {
      width: PAGE_WIDTH,
      height: 800,
      deviceScaleFactor: IMAGE_SCALE,
      mobile: false,
    });
    await page.emulate("screen", "light");
    await page.goto(pathToFileURL(htmlFile).href);
    const facts = await page.evaluate<CommentFacts>(FACTS_PROBE);
    // The page's padding on every side of the comment, so the picture does not crop its border.
    const margin = facts.box.x;
    const clip = {
      x: 0,
      y: 0,
      width: PAGE_WIDTH,
      height: Math.ceil(facts.box.y + facts.box.height + margin),
      scale: 1,
    };
    const { data } = await page.send<{ data: string }>("Page.captureScreenshot", {
      format: "png",
      clip,
      captureBeyondViewport: true,
    });
    const png = Buffer.from(data, "base64");
    const size = pngSize(png);
    return {
      facts,
      requests: [...page.requests],
      problems: page.problems.map((p) => `${p.source} ${p.level}: ${p.text}`),
      ...size,
      png,
    };
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// PNG chunks: the image carries the hash of the Markdown it was rendered from.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The tEXt keyword under which the image records its source. */
export const SOURCE_KEYWORD = "Comment";

interface Chunk {
  type: string;
  data: Buffer;
  /** Offset just past the chunk. */
  end: number;
}

function chunksOf(png: Buffer): Chunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("not a PNG file");
  const chunks: Chunk[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const end = at + 12 + length;
    if (end > png.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length), end });
    at = end;
    if (type === "IEND") break;
  }
  return chunks;
}

/** Width and height from the IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const header = chunksOf(png)[0];
  if (header?.type !== "IHDR") throw new Error("PNG does not start with IHDR");
  return { width: header.data.readUInt32BE(0), height: header.data.readUInt32BE(4) };
}

/** The PNG with a tEXt chunk `keyword`=`text` (Latin-1) right after IHDR. */
export function withTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  const header = chunksOf(png)[0];
  if (header?.type !== "IHDR") throw new Error("PNG does not start with IHDR");
  const body = Buffer.concat([Buffer.from("tEXt", "latin1"), Buffer.from(`${keyword}\0${text}`, "latin1")]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body) >>> 0, chunk.length - 4);
  return Buffer.concat([png.subarray(0, header.end), chunk, png.subarray(header.end)]);
}

/** Every tEXt chunk of the PNG, keyword → text. */
export function pngTextChunks(png: Buffer): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const chunk of chunksOf(png)) {
    if (chunk.type !== "tEXt") continue;
    const nul = chunk.data.indexOf(0);
    if (nul > 0) texts[chunk.data.toString("latin1", 0, nul)] = chunk.data.toString("latin1", nul + 1);
  }
  return texts;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** What the image's tEXt chunk says about its source Markdown. */
export function sourceNote(markdownPath: string, markdown: string): string {
  return `Rendered from ${markdownPath} sha256:${sha256(markdown)}`;
}

// ---------------------------------------------------------------------------------------------------------
// What may differ between two runs of the same scenario on the same code.

/**
 * The comment with run-dependent values replaced: commit SHAs (full, and their short forms that appear in
 * the same text), and day counts relative to today (the action has no clock pin: "expires in 404 days").
 */
export function normaliseComment(markdown: string): string {
  const shas = new Set(markdown.match(/\b[0-9a-f]{40}\b/g) ?? []);
  let text = markdown.replace(/\b[0-9a-f]{40}\b/g, "<sha>");
  text = text.replace(/\b[0-9a-f]{7,12}\b/g, (hex) =>
    [...shas].some((sha) => sha.startsWith(hex)) ? "<short-sha>" : hex,
  );
  return text.replace(/\b\d+ days?\b/g, "<n> days");
}
