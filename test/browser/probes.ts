// Scripts run inside the page by Runtime.evaluate. Plain JavaScript strings, so no bundler helper can
// leak into them; each returns a JSON value.

export interface OverflowResult {
  innerWidth: number;
  clientWidth: number;
  scrollWidth: number;
  /** Elements whose box extends past the viewport, outside any explicit scroll container. */
  offenders: string[];
  /** Scroll containers whose content is wider than they are (a table that did not reflow). */
  scrolling: string[];
}

/** Measures horizontal overflow of every rendered element. */
export const OVERFLOW_PROBE = `(() => {
  const describe = (el, r) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") +
    " [" + Math.round(r.left) + ".." + Math.round(r.right) + "] " + JSON.stringify((el.textContent || "").trim().slice(0, 60));
  const width = document.documentElement.clientWidth;
  const offenders = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.parentElement && el.parentElement.closest(".scroll")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) offenders.push(describe(el, r));
  }
  const scrolling = [...document.querySelectorAll(".scroll")]
    .filter((s) => s.scrollWidth > s.clientWidth + 1)
    .map((s) => describe(s, s.getBoundingClientRect()));
  return { innerWidth: window.innerWidth, clientWidth: width, scrollWidth: document.documentElement.scrollWidth, offenders, scrolling };
})()`;

export interface ContrastResult {
  checked: number;
  failures: Array<{ text: string; ratio: number; color: string; background: string }>;
}

/**
 * WCAG 2 contrast of every visible element's own text against the first opaque background behind it:
 * at least 4.5:1, or 3:1 for large text.
 */
export const CONTRAST_PROBE = `(() => {
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const backgroundOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const failures = [];
  let checked = 0;
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== "");
    if (!own || !el.checkVisibility({ visibilityProperty: true })) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    const bg = backgroundOf(el);
    if (!fg) continue;
    checked++;
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      failures.push({ text: el.textContent.trim().slice(0, 60), ratio: Math.round(ratio * 100) / 100, color: style.color, background: getComputedStyle(el).backgroundColor });
    }
  }
  return { checked, failures };
})()`;

export interface PageFacts {
  title: string;
  headline: string;
  topVerdict: string;
  /** `Term: value` per fact under the headline. */
  meta: string[];
  footer: string;
  systems: Array<{
    heading: string;
    lead: string;
    ladder: string[];
    cards: Array<{
      id: string;
      status: string;
      summary: string;
      measured: string;
      bar: string;
      evidence: string;
    }>;
    waivers: string[];
    otherRows: string[];
  }>;
  problems: string[];
  bodyText: string;
}

/** What a reader is told, by section, as text: decorative marks (aria-hidden) left out. */
export const FACTS_PROBE = `(() => {
  const text = (el) => {
    if (!el) return "";
    const copy = el.cloneNode(true);
    for (const hidden of copy.querySelectorAll("[aria-hidden=true]")) hidden.remove();
    return copy.textContent.replace(/\\s+/g, " ").trim();
  };
  const fig = (card, term) => {
    for (const div of card.querySelectorAll(".fig > div")) if (text(div.querySelector("dt")) === term) return text(div.querySelector("dd"));
    return "";
  };
  const h3 = (section, prefix) => [...section.querySelectorAll("h3")].find((h) => text(h).startsWith(prefix));
  const rowsAfter = (heading) => {
    let el = heading && heading.nextElementSibling;
    while (el && !el.querySelector("table")) el = el.nextElementSibling;
    return el ? [...el.querySelectorAll("tbody tr")].map(text) : [];
  };
  return {
    title: document.title,
    headline: text(document.querySelector("h1")),
    topVerdict: text(document.querySelector(".top .badge")),
    meta: [...document.querySelectorAll(".top .meta > div")].map((d) => text(d.querySelector("dt")) + ": " + text(d.querySelector("dd"))),
    footer: text(document.querySelector("footer")),
    systems: [...document.querySelectorAll("section.sys")].map((s) => ({
      heading: text(s.querySelector("h2")),
      lead: text(s.querySelector(".lead")),
      ladder: [...s.querySelectorAll(".ladder li")].map(text),
      cards: [...s.querySelectorAll("article.card")].map((c) => ({
        id: text(c.querySelector("h4 code")),
        status: text(c.querySelector("h4 .badge")),
        summary: text(c.querySelector(".summary")),
        measured: fig(c, "Measured"),
        bar: fig(c, "Bar"),
        evidence: fig(c, "Evidence"),
      })),
      waivers: rowsAfter(h3(s, "Waivers")),
      otherRows: rowsAfter(h3(s, "Other checks")),
    })),
    problems: [...document.querySelectorAll(".problems tbody tr")].map(text),
    bodyText: document.body.textContent.replace(/\\s+/g, " "),
  };
})()`;

export interface PrintFacts {
  color: string;
  background: string;
  hiddenInDetails: number;
  shownInDetails: number;
  /** What follows a link to a readiness-file line on paper. */
  linkSuffix: string;
  lineSuffix: string;
}

/** Under print media: page colours, whether collapsed content is rendered, and whether link targets are printed. */
export const PRINT_PROBE = `(() => {
  const inside = [...document.querySelectorAll("details > :not(summary)")];
  const visible = inside.filter((el) => el.checkVisibility() && el.getBoundingClientRect().height > 0);
  const link = document.querySelector('a[href^="http"]:not(.ln)');
  const lineLink = document.querySelector("a.ln");
  return {
    color: getComputedStyle(document.body).color,
    background: getComputedStyle(document.body).backgroundColor,
    hiddenInDetails: inside.length - visible.length,
    shownInDetails: visible.length,
    linkSuffix: link ? getComputedStyle(link, "::after").content : "",
    lineSuffix: lineLink ? getComputedStyle(lineLink, "::after").content : "",
  };
})()`;

export const OPEN_ALL_DETAILS = `(() => { for (const d of document.querySelectorAll("details")) d.open = true; return document.querySelectorAll("details").length; })()`;
export const CLOSE_ALL_DETAILS = `(() => { for (const d of document.querySelectorAll("details")) d.open = false; return true; })()`;
