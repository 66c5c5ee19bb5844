import { describe, expect, it } from "vitest";
import { formatLocale, formatNumber } from "../../src/base/format.js";

describe("formatNumber", () => {
  it.each<[number, string]>([
    [0.874, "0.874"],
    [341.20931, "341.209"],
    [0.1 + 0.2, "0.3"],
    [1234567.8912, "1234567.891"],
    [0.00049, "0"],
    [-0.0001, "0"],
    [-2.5, "-2.5"],
    [1e-7, "0"],
    [100, "100"],
    [1e22, "10000000000000000000000"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
  ])("%s reads as %s", (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });

  it("agrees with the locale formatter on rounded values across magnitudes", () => {
    for (let i = 0; i < 2000; i++) {
      const n = (Math.sin(i) * 10 ** ((i % 12) - 4)) / 7;
      const rounded = Math.round(n * 1000) / 1000;
      const byLocale = rounded.toLocaleString("en-US", { maximumFractionDigits: 3, useGrouping: false });
      expect(formatNumber(n)).toBe(byLocale === "-0" ? "0" : byLocale);
    }
  });
});

describe("formatLocale", () => {
  // The options sets the reports use, and a few more: the cached formatter must say what toLocaleString says.
  const optionSets: Intl.NumberFormatOptions[] = [
    {},
    { maximumFractionDigits: 2, useGrouping: false },
    { maximumFractionDigits: 3, useGrouping: false },
    { maximumFractionDigits: 6, useGrouping: false },
    { maximumFractionDigits: 0 },
    { minimumFractionDigits: 1, maximumFractionDigits: 4 },
  ];

  it("says exactly what toLocaleString says, for every options set and magnitude, in any order", () => {
    for (let i = 0; i < 3000; i++) {
      const options = optionSets[(i * 7) % optionSets.length]!;
      const n = (Math.sin(i) * 10 ** ((i % 30) - 9)) / 3;
      expect(formatLocale(n, { ...options })).toBe(n.toLocaleString("en-US", options));
    }
    for (const n of [0, -0, 64000, 1e21, 1e22, -1234567.891, Number.NaN, Number.NEGATIVE_INFINITY]) {
      for (const options of optionSets)
        expect(formatLocale(n, options)).toBe(n.toLocaleString("en-US", options));
    }
  });

  it("keeps options sets apart (a cached formatter is never used for other options)", () => {
    expect(formatLocale(1234.5678, { maximumFractionDigits: 2, useGrouping: false })).toBe("1234.57");
    expect(formatLocale(1234.5678, { maximumFractionDigits: 3, useGrouping: false })).toBe("1234.568");
    expect(formatLocale(1234.5678)).toBe("1,234.568");
    expect(formatLocale(1234.5678, { maximumFractionDigits: 2, useGrouping: false })).toBe("1234.57");
  });
});
