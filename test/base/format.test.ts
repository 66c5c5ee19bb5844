import { describe, expect, it } from "vitest";
import { formatNumber } from "../../src/base/format.js";

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
