// The fast YAML reader (src/config/yaml-fast.ts) against the strict one (the `yaml` library): whenever the
// fast reader answers, the strict reader accepts the same text with the same value and the same position
// for every path; whenever the strict reader refuses, the fast reader does not answer. Proven on every
// YAML file in the repository, on model-card front matter, on generated documents built from YAML's
// tricky spellings, and on those files and documents mutated. A fast reader that never answered would
// pass all that, so the last tests pin that it does answer the plain files it exists for.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readSimpleYaml } from "../../src/config/yaml-fast.js";
import { parseYaml, parseYamlStrict, type YamlParse } from "../../src/config/yaml.js";
import { systemFiles } from "../../bench/generate.js";
import { mutate, mutationArb, RUNS } from "../property/arbitraries.js";

type Path = Array<string | number>;

/** Every path into `value`, and beside each a key and an index that are not there. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix, [...prefix, "missing-key"], [...prefix, 9999]);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  }
  return out;
}

/** Fails when the fast reader answers something the strict reader does not; returns whether it answered. */
function expectAgreement(text: string, label: string): boolean {
  const fast = readSimpleYaml(text);
  const strict = parseYamlStrict(text);
  if (!strict.ok) {
    expect(
      fast,
      `${label}: the strict reader refuses it (${strict.issues[0]?.message}), the fast one answered`,
    ).toBe(undefined);
    return false;
  }
  if (fast === undefined) return false;
  expect(fast.value, `${label}: value`).toStrictEqual(strict.value);
  for (const path of pathsOf(strict.value)) {
    expect(fast.locate(path), `${label}: position of ${JSON.stringify(path)}`).toEqual(strict.locate(path));
  }
  return true;
}

function repositoryYaml(): Array<{ path: string; text: string }> {
  const files = execFileSync("git", ["ls-files", "-z"], { encoding: "utf8" }).split("\0");
  const out: Array<{ path: string; text: string }> = [];
  for (const path of files) {
    if (/\.ya?ml$/.test(path)) out.push({ path, text: readFileSync(path, "utf8") });
    else if (path.endsWith(".md") && path.startsWith("test/fixtures/")) {
      // Model cards: their front matter goes through the same reader.
      const front = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(path, "utf8"));
      if (front) out.push({ path: `${path} (front matter)`, text: front[1]! });
    }
  }
  return out;
}

/** The readiness, rule and config files the benchmark generates for one system. */
function generatedYaml(): Array<{ path: string; text: string }> {
  return Object.entries(systemFiles(7))
    .filter(([path]) => /\.ya?ml$/.test(path))
    .map(([path, text]) => ({ path: `generated ${path}`, text }));
}

const CORPUS = [...repositoryYaml(), ...generatedYaml()];

describe("the fast YAML reader agrees with the strict one", () => {
  it("on every YAML file in the repository and the benchmark's generated files", () => {
    let answered = 0;
    for (const { path, text } of CORPUS) if (expectAgreement(text, path)) answered++;
    // Most of them are the plain YAML it is for (the rest carry anchors, block scalars, ...).
    expect(CORPUS.length).toBeGreaterThan(80);
    expect(answered / CORPUS.length).toBeGreaterThan(0.5);
  });

  it("on hand-written layouts where block structure is subtle", () => {
    // Each answered, so the positions of every node are compared too.
    const answered = [
      "a:\n-\n  - x\n  - y\n- z", // a dash alone, its block below
      "-\n  a: 1\n  b: [2, {c: d}]\n- e",
      "- a: 1\n  b:\n  - x\n  - y\n  c: 2", // a compact sequence inside a sequence's mapping
      "a:\n  # a comment deeper than the key\n  b: 1\n# one at the margin\nc: 2",
      "a: b # comment\n\n\nc:   'd'   # spaces\ne: \"f\"",
      "   a: 1\n   b:\n     - 2", // an indented root
      "a: [ ]\nb: { }\nc: [[], [x]]",
      "a: x:y\nb: -1\nc: -0.5\nd: 0\ne: /p/q\nf: (x)",
    ];
    for (const text of answered) {
      expect(readSimpleYaml(text), JSON.stringify(text)).toBeDefined();
      expect(expectAgreement(text, JSON.stringify(text))).toBe(true);
    }
    // Left to the strict reader (errors, or values only it may judge): agreement means not answering.
    for (const text of [
      "a:\n    b: 1\n  c: 2",
      "a: 1\n b: 2",
      "- a\nb: 1",
      "a: [x]\n  b: 1",
      "a:\n- x\n  - y",
      "a: [x, {b: [c, d}]",
      "a: 'x''",
      "a: x\n\t",
      "",
      "# only a comment",
    ]) {
      expect(expectAgreement(text, JSON.stringify(text))).toBe(false);
    }
  });

  it("on those files mutated: cut, spliced with YAML's indicators, re-indented, truncated", () => {
    const plain = CORPUS.filter(({ text }) => readSimpleYaml(text) !== undefined);
    let runs = 0;
    let answered = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...plain),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        ({ path, text }, mutations) => {
          const mutated = mutations.reduce(mutate, text);
          runs++;
          if (expectAgreement(mutated, `${path} mutated by ${JSON.stringify(mutations)}`)) answered++;
        },
      ),
      { numRuns: RUNS * 10 },
    );
    // The mutants it answers are the ones that prove something: enough must still be its business.
    expect(answered / runs).toBeGreaterThan(0.1);
  });

  it("on generated documents built from the spellings where YAML readers differ", () => {
    let runs = 0;
    let answered = 0;
    fc.assert(
      fc.property(documentArb, (text) => {
        runs++;
        if (expectAgreement(text, JSON.stringify(text))) answered++;
      }),
      { numRuns: RUNS * 25 },
    );
    expect(answered / runs).toBeGreaterThan(0.2);
  });
});

describe("the fast YAML reader answers the plain files it exists for", () => {
  it("reads every readiness file of the examples and the benchmark without the strict reader", () => {
    const readiness = CORPUS.filter(({ path }) => /(^|\/| )(equivalent\.)?readiness\.ya?ml$/.test(path));
    expect(readiness.length).toBeGreaterThanOrEqual(6);
    for (const { path, text } of readiness) {
      expect(readSimpleYaml(text), path).toBeDefined();
    }
  });

  it("gives the numbers, booleans, nulls and strings of the core schema", () => {
    const text = [
      "a: 1",
      "b: -0.25",
      "c: true",
      "d: FALSE",
      "e: Null",
      "f: yes",
      "g: 'it''s'",
      'h: "a # b"',
      "i: x#y # a comment",
      "j: [1, two, 'three', { k: v }]",
      "l: https://example.com/a:b",
      "m: {}",
      "n: []",
    ].join("\n");
    const fast = readSimpleYaml(text);
    expect(fast?.value).toStrictEqual({
      a: 1,
      b: -0.25,
      c: true,
      d: false,
      e: null,
      f: "yes",
      g: "it's",
      h: "a # b",
      i: "x#y",
      j: [1, "two", "three", { k: "v" }],
      l: "https://example.com/a:b",
      m: {},
      n: [],
    });
    // A key whose value is a scalar is located at the value, as the strict reader locates it.
    expect(fast?.locate(["j", 3, "k"])).toEqual({ line: 10, column: 27 });
  });

  it("leaves to the strict reader what only it may judge", () => {
    for (const text of [
      "a: 0x1F", // the core schema's hex integer
      "a: 1e3",
      "a: .inf",
      "a: 007",
      "a:", // an empty value
      "a: 1\na: 2", // a duplicate key
      "__proto__: 1",
      "a: &x 1\nb: *x",
      "a: !tag x",
      "a: |\n  text",
      "a: 'multi\n  line'",
      'a: "escaped \\x41"',
      "a: b: c",
      "a: [b,]",
      "a:\tb",
      "a: b\r\n",
      "\uFEFFa: b",
      "---\na: b",
      "a: b\n  c",
      "- - a",
    ]) {
      expect(readSimpleYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("is what parseYaml uses, with the strict reader's messages where it steps aside", () => {
    const plain: YamlParse = parseYaml("a: [x]\n");
    expect(plain.ok && plain.locate(["a", 0])).toEqual({ line: 1, column: 5 });
    const duplicate = parseYaml("a: 1\na: 2\n");
    expect(duplicate.ok).toBe(false);
    expect(!duplicate.ok && duplicate.issues[0]?.message).toMatch(/duplicate key/);
  });
});

// Generated documents: block and flow structure with keys, values and indentation drawn from the
// spellings that decide between readers (numbers in every base, null and boolean words, indicators,
// quotes, comments, colons, odd indentation).
const keyArb = fc.oneof(
  { arbitrary: fc.constantFrom("a", "id", "file", "min", "x.y", "a-b", "a/b", "_"), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      "true",
      "null",
      "yes",
      "on",
      "__proto__",
      "constructor",
      "1",
      '"q"',
      "'q'",
      "a b",
      "a:b",
      "<<",
      "? k",
      "&k a",
    ),
    weight: 1,
  },
);
/** Plain spellings the fast reader answers, most of the time, so that agreement is tested often. */
const plainScalarArb = fc.constantFrom(
  "x",
  "hello world",
  "0",
  "12",
  "-0.5",
  "true",
  "null",
  '"double"',
  "'single'",
  "[a, b]",
  "{a: 1, b: [x]}",
  "10m",
  "./x",
  "http://x.y/z",
  "x # c",
);
const scalarArb = fc.oneof(
  { arbitrary: plainScalarArb, weight: 6 },
  { arbitrary: trickyScalarArb(), weight: 1 },
);

function trickyScalarArb(): fc.Arbitrary<string> {
  return fc.constantFrom(
    "x",
    "hello world",
    "0",
    "-0",
    "1",
    "-1",
    "+1",
    "12",
    "007",
    "0.5",
    "-0.5",
    "1.",
    ".5",
    "1e3",
    "1E-3",
    "0x1F",
    "0o17",
    "1_000",
    "12:30",
    "2026-01-02",
    "123456789012345678",
    "0.1234567890123456789",
    ".inf",
    "-.Inf",
    ".nan",
    "~",
    "null",
    "Null",
    "NULL",
    "nULL",
    "true",
    "True",
    "TRUE",
    "tRUE",
    "false",
    "yes",
    "No",
    "off",
    '"double"',
    '"with \\"escape\\""',
    '"a # b"',
    "'single'",
    "'it''s'",
    "''",
    '""',
    "a#b",
    "a #b",
    "a: b",
    "a:b",
    "http://x.y/z",
    "-x",
    "- x",
    "-",
    "@x",
    "`x`",
    "%x",
    "!x",
    "!!str x",
    "&a x",
    "*a",
    "|",
    ">",
    "[a, b]",
    "[a,b]",
    "[ ]",
    "[a, [b, c]]",
    "[a, b,]",
    "[a,, b]",
    "{a: 1}",
    "{a: 1, b: [x]}",
    "{a:1}",
    "{a: 1, a: 2}",
    "{}",
    "(x)",
    "/x",
    ".",
    "..",
    "...",
    "./x",
    "../x",
    "~x",
    "$x",
    "${{ x.y }}",
    "=x",
    "10m",
    "1.2.3",
    "-.5",
    "-.inf",
    "+.5",
    "0.",
    "1.0e+3",
    "0xG",
    "0o8",
    '"a\\b"',
    '"\\"',
    '"\\x41"',
    '"\\u00e9"',
    '"tab\\t and \\n"',
    '"a\\/b"',
    '"\\ "',
    '"ends\\"',
    "ü",
    "日本",
    "x  ",
    "x # c",
    "[a] # c",
    '"a" b',
    "a\u00a0b",
    "",
  );
}
interface Entry {
  key: string;
  value: string | Entry[] | string[];
}
const entryArb: fc.Arbitrary<Entry> = fc.letrec<{ entry: Entry }>((tie) => ({
  entry: fc.record({
    key: keyArb,
    value: fc.oneof(
      { arbitrary: scalarArb, weight: 6 },
      { arbitrary: fc.array(tie("entry"), { minLength: 1, maxLength: 3 }), weight: 1 },
      { arbitrary: fc.array(scalarArb, { minLength: 1, maxLength: 3 }), weight: 1 },
    ),
  }),
})).entry;

interface Layout {
  indent: number;
  compactSequences: boolean;
  sequenceOfMaps: boolean;
  comments: boolean;
  blankLines: boolean;
}

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  indent: fc.constantFrom(1, 2, 4),
  compactSequences: fc.boolean(),
  sequenceOfMaps: fc.boolean(),
  comments: fc.boolean(),
  blankLines: fc.boolean(),
});

function render(entries: Entry[], layout: Layout, depth = 0): string[] {
  const pad = " ".repeat(depth * layout.indent);
  const lines: string[] = [];
  for (const { key, value } of entries) {
    if (layout.comments) lines.push(`${pad}# about ${key}`);
    if (typeof value === "string") lines.push(`${pad}${key}: ${value}`);
    else if (value.length > 0 && typeof value[0] === "string") {
      lines.push(`${pad}${key}:`);
      const itemPad = layout.compactSequences ? pad : " ".repeat((depth + 1) * layout.indent);
      for (const item of value as string[]) lines.push(`${itemPad}- ${item}`);
    } else if (layout.sequenceOfMaps) {
      lines.push(`${pad}${key}:`);
      const itemPad = layout.compactSequences ? pad : " ".repeat((depth + 1) * layout.indent);
      const nested = render(value as Entry[], { ...layout, indent: 2 }, 0);
      nested.forEach((line, i) => lines.push(`${itemPad}${i === 0 ? "- " : "  "}${line}`));
    } else {
      lines.push(`${pad}${key}:`);
      lines.push(...render(value as Entry[], layout, depth + 1));
    }
    if (layout.blankLines) lines.push("");
  }
  return lines;
}

const documentArb = fc
  .tuple(fc.array(entryArb, { minLength: 1, maxLength: 5 }), layoutArb, fc.boolean())
  .map(([entries, layout, finalNewline]) => render(entries, layout).join("\n") + (finalNewline ? "\n" : ""));
