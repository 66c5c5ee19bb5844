/** A number as people read it in a report: at most 3 decimals, no trailing zeros, no exponent. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Math.round(n * 1000) / 1000;
  // String() is exact for a rounded double and far cheaper than Intl; it only switches to exponent
  // notation from 1e21, where the locale formatter takes over.
  if (Math.abs(rounded) < 1e21) return String(rounded === 0 ? 0 : rounded);
  return formatLocale(rounded, { maximumFractionDigits: 3, useGrouping: false });
}

/** One formatter per options set: `toLocaleString` with options builds a new Intl.NumberFormat per call. */
const numberFormats = new Map<string, Intl.NumberFormat>();

/** `n.toLocaleString("en-US", options)`, the same text, from a formatter built once per options set. */
export function formatLocale(n: number, options: Intl.NumberFormatOptions = {}): string {
  const key = JSON.stringify(options);
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat("en-US", options);
    numberFormats.set(key, format);
  }
  return format.format(n);
}

/** `12.5%` */
export function formatPercent(pct: number): string {
  return `${formatNumber(pct)}%`;
}

/** Names a list for a sentence, capped: `a, b, c and 4 more`. */
export function formatList(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** English plural for counts in findings: `1 test`, `2 tests`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
