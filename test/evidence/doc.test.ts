import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { assessSection, countWords, evaluateDoc, headingKey } from "../../src/evidence/doc.js";
import { parseMarkdownSections } from "../../src/evidence/parse/markdown.js";
import { corpusText, expectedFigures, memoryContext } from "../support/memory-repo.js";

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/doc/${name}`, import.meta.url), "utf8");
}

/** Evaluates a doc check on one file placed at docs/rollback.md. */
function evaluate(text: string, sections: string[], minWords?: number) {
  const ctx = memoryContext({ "docs/rollback.md": text });
  return evaluateDoc({ file: "docs/rollback.md", sections, minWords }, ctx);
}

function headingsOf(text: string): Array<[number, string]> {
  return parseMarkdownSections(text).headings.map((h) => [h.level, h.text]);
}

/** The one section named `name` in a document, assessed. */
function assess(text: string, name: string) {
  const doc = parseMarkdownSections(text);
  const section = doc.sections.find((s) => s.heading === name);
  if (!section) throw new Error(`no section ${name}`);
  return assessSection(doc, section);
}

const REQUIRED = ["Trigger", "Steps", "Last rehearsal"];

describe("Markdown sections of the corpus documents", () => {
  const docs = Object.entries(expectedFigures()).filter(([, e]) => e.kind === "doc");

  it("covers every doc entry of expected.json", () => {
    expect(docs.map(([name]) => name).sort()).toEqual([
      "docs/runbooks__KubePodCrashLooping.md",
      "docs/runbooks__KubeletPlegDurationHigh.md",
      "docs/whisper__model-card.md",
    ]);
  });

  for (const [name, expected] of docs) {
    const text = corpusText(name);

    it(`${name}: reproduces every heading, in order`, () => {
      const doc = parseMarkdownSections(text);
      expect(doc.headings.map(({ level, text }) => ({ level, text }))).toEqual(expected.headings);
      expect(doc.frontMatter).toBe(expected.yamlFrontMatter);
    });

    it(`${name}: finds exactly the placeholder sections`, () => {
      const doc = parseMarkdownSections(text);
      const placeholders = doc.sections
        .filter((s) => assessSection(doc, s).state !== "filled")
        .map((s) => s.heading);
      expect(placeholders).toEqual(expected.placeholderSections);
    });
  }

  it("passes a runbook whose four sections are written", async () => {
    const ctx = memoryContext({
      "runbooks/crashloop.md": corpusText("docs/runbooks__KubePodCrashLooping.md"),
    });
    const finding = await evaluateDoc(
      { file: "runbooks/crashloop.md", sections: ["Meaning", "Impact", "Diagnosis", "Mitigation"] },
      ctx,
    );
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe(
      "4 required sections written (Meaning, Impact, Diagnosis, Mitigation), 224 words in runbooks/crashloop.md",
    );
    expect(finding.evidence).toEqual([{ path: "runbooks/crashloop.md" }]);
  });

  it("fails a runbook whose sections only say TODO, pointing at each heading", async () => {
    const ctx = memoryContext({
      "runbooks/pleg.md": corpusText("docs/runbooks__KubeletPlegDurationHigh.md"),
    });
    const finding = await evaluateDoc(
      { file: "runbooks/pleg.md", sections: ["Meaning", "Impact", "Diagnosis", "Mitigation"] },
      ctx,
    );
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "3 sections are not written: 'Impact', 'Diagnosis', 'Mitigation' in runbooks/pleg.md",
    );
    expect(finding.evidence).toEqual([
      { path: "runbooks/pleg.md", line: 13 },
      { path: "runbooks/pleg.md", line: 17 },
      { path: "runbooks/pleg.md", line: 21 },
    ]);
    expect(finding.details).toContain(
      "line 13: section 'Impact' is a placeholder (TODO); write it or remove the stand-in text",
    );
    expect(finding.measured).toBe("1 of 4 sections written, 24 words");
  });

  it("fails the Whisper model card on a missing Evaluation section but passes Model Use, written in its H3", async () => {
    const ctx = memoryContext({ "MODEL_CARD.md": corpusText("docs/whisper__model-card.md") });
    const missing = await evaluateDoc(
      { file: "MODEL_CARD.md", sections: ["Model Details", "Evaluation"] },
      ctx,
    );
    expect(missing.status).toBe("fail");
    expect(missing.summary).toBe("missing section: Evaluation in MODEL_CARD.md");
    const nested = await evaluateDoc(
      { file: "MODEL_CARD.md", sections: ["model use", "Paper & Samples"] },
      ctx,
    );
    expect(nested.status).toBe("pass");
  });
});

describe("parseMarkdownSections", () => {
  it("skips headings in fenced code, indented code, HTML comments, block quotes and list items", () => {
    const doc = parseMarkdownSections(fixture("rollback-trigger-only-in-code-fences.md"));
    expect(doc.headings.map((h) => [h.level, h.text, h.line])).toEqual([
      [1, "Rollback plan", 1],
      [2, "Steps", 26],
      [2, "Last rehearsal", 30],
    ]);
    const kindAt = (line: number) => doc.lines[line - 1]?.kind;
    expect(doc.lines[5]).toEqual({ line: 6, kind: "code", text: "## Trigger" });
    expect([kindAt(11), kindAt(12), kindAt(13)]).toEqual(["fence", "code", "fence"]);
    expect(kindAt(15)).toBe("code");
    expect(kindAt(18)).toBe("html");
    expect([kindAt(22), kindAt(24)]).toEqual(["text", "text"]);
  });

  it("reads setext headings, joining a multi-line heading, and tells them from thematic breaks", () => {
    const doc = parseMarkdownSections(fixture("rollback-setext-headings.md"));
    expect(doc.headings).toEqual([
      { level: 1, text: "Rollback plan", line: 1 },
      { level: 2, text: "Trigger", line: 4 },
      { level: 2, text: "Steps", line: 9 },
      { level: 2, text: "Last rehearsal", line: 14 },
    ]);
    expect(doc.lines[15]?.kind).toBe("setext-underline");
    expect(doc.lines[19]).toEqual({ line: 20, kind: "thematic-break", text: "---" });
  });

  it("skips YAML front matter, even a `# comment` line in it, and keeps file line numbers", () => {
    const doc = parseMarkdownSections(fixture("rollback-front-matter.md"));
    expect(doc.frontMatter).toBe(true);
    expect(doc.headings).toEqual([
      { level: 1, text: "Rollback plan", line: 7 },
      { level: 2, text: "Steps", line: 9 },
      { level: 2, text: "Last rehearsal", line: 13 },
    ]);
    expect(doc.lines.slice(0, 5).map((l) => l.kind)).toEqual(Array(5).fill("front-matter"));
  });

  it("treats a leading --- without a closing line as a thematic break, not front matter", () => {
    const doc = parseMarkdownSections("---\n# Title\n\ntext\n");
    expect(doc.frontMatter).toBe(false);
    expect(doc.lines[0]?.kind).toBe("thematic-break");
    expect(headingsOf("---\n# Title\n\ntext\n")).toEqual([[1, "Title"]]);
  });

  it("skips TOML front matter (+++) too", () => {
    expect(headingsOf('+++\ntitle = "x"\n# not a heading\n+++\n## Real\n')).toEqual([[2, "Real"]]);
  });

  it("tolerates CRLF line endings: no carriage return in texts or bodies", () => {
    const text = fixture("rollback-crlf.md");
    expect(text).toContain("\r\n"); // the fixture must keep its CRLF bytes
    const doc = parseMarkdownSections(text);
    expect(doc.headings.map((h) => [h.text, h.line])).toEqual([
      ["Rollback plan", 1],
      ["Trigger", 3],
      ["Steps", 7],
      ["Last rehearsal", 11],
    ]);
    expect(doc.sections.some((s) => s.body.includes("\r"))).toBe(false);
    expect(parseMarkdownSections("# A\rtext\r## B\r").headings.map((h) => h.line)).toEqual([1, 3]);
  });

  it("gives each section its subsections and ends it at the next heading of the same or a higher level", () => {
    const doc = parseMarkdownSections("# A\na\n## B\nb\n### C\nc\n## D\nd\n# E\ne");
    const bodies = Object.fromEntries(doc.sections.map((s) => [s.heading, [s.bodyStart, s.bodyEnd, s.body]]));
    expect(bodies).toEqual({
      A: [2, 8, "a\n## B\nb\n### C\nc\n## D\nd"],
      B: [4, 6, "b\n### C\nc"],
      C: [6, 6, "c"],
      D: [8, 8, "d"],
      E: [10, 10, "e"],
    });
  });

  it("gives a heading at the end of the file an empty body", () => {
    const doc = parseMarkdownSections("# A\ntext\n## B\n");
    expect(doc.sections[1]).toMatchObject({ heading: "B", bodyStart: 4, bodyEnd: 3, body: "" });
  });

  it("follows ATX rules: closing #s, up to 3 spaces of indent, a space after the #s", () => {
    expect(headingsOf("### Steps ###\n")).toEqual([[3, "Steps"]]);
    expect(headingsOf("## Steps#\n")).toEqual([[2, "Steps#"]]);
    expect(headingsOf("   ## Indented three\n")).toEqual([[2, "Indented three"]]);
    expect(headingsOf("    ## Indented four\n")).toEqual([]);
    expect(headingsOf("#5 bolt\n\n#hashtag\n")).toEqual([]);
    expect(headingsOf("\\## Escaped\n")).toEqual([]);
    expect(headingsOf("####### Seven\n")).toEqual([]);
    expect(headingsOf("#\n\n# #\n")).toEqual([
      [1, ""],
      [1, ""],
    ]);
    expect(headingsOf("#\tTabbed\n")).toEqual([[1, "Tabbed"]]);
  });

  it("needs a paragraph for a setext heading: not after a blank line, not under a list item or quote", () => {
    expect(headingsOf("\n===\n")).toEqual([]);
    expect(headingsOf("- item\n---\n")).toEqual([]);
    expect(headingsOf("> quoted\n---\n")).toEqual([]);
    expect(headingsOf("Title\n    ---\n")).toEqual([]);
    expect(headingsOf("Title\n   ===  \n")).toEqual([[1, "Title"]]);
  });

  it("lets an ATX heading end a list or a quote, but keeps lazy continuation lines inside them", () => {
    expect(headingsOf("- item\n# After list\n")).toEqual([[1, "After list"]]);
    expect(headingsOf("> quote\n# After quote\n")).toEqual([[1, "After quote"]]);
    expect(headingsOf("- item\nlazy line\n===\n")).toEqual([]);
    expect(headingsOf("1. step\n\n   # inside the item\n\nText\n")).toEqual([]);
    expect(headingsOf("1. step\n\n# Top level again\n")).toEqual([[1, "Top level again"]]);
  });

  it("keeps a fence inside a list item open until it closes, and closes it with the item", () => {
    const inItem = "1. Run:\n   ```bash\n   # a shell comment\n   ```\n2. Then\n";
    expect(headingsOf(inItem)).toEqual([]);
    expect(parseMarkdownSections(inItem).lines[2]?.kind).toBe("code");
    expect(headingsOf("- item\n  ```\n  code\n# Leaves the item\n")).toEqual([[1, "Leaves the item"]]);
  });

  it("closes a fence only with the same character, at least as long; an unclosed fence runs to the end", () => {
    expect(headingsOf("````\n```\n# inside\n~~~~\n# still inside\n`````\n# outside\n")).toEqual([
      [1, "outside"],
    ]);
    expect(headingsOf("```\n# never closed\n")).toEqual([]);
    expect(headingsOf("``` a`b\n# not a fence, so a heading\n")).toEqual([[1, "not a fence, so a heading"]]);
  });

  it("does not open indented code inside a paragraph", () => {
    const doc = parseMarkdownSections("Paragraph\n    continued\n\n    code\n");
    expect(doc.lines.map((l) => l.kind)).toEqual(["text", "text", "blank", "code"]);
  });

  it("ends HTML blocks as CommonMark does: comments at -->, block tags at a blank line", () => {
    expect(headingsOf("<!-- one line --> \n# After\n")).toEqual([[1, "After"]]);
    expect(headingsOf("<details>\n# inside the HTML block\n\n# After\n")).toEqual([[1, "After"]]);
    expect(headingsOf("<script>\n# x\n</script>\n# After\n")).toEqual([[1, "After"]]);
  });

  it("never throws and stays linear on hostile input", () => {
    const hostile = [
      "[".repeat(200_000),
      "_".repeat(200_000) + "x",
      " ".repeat(200_000) + "x",
      "<a".repeat(50_000),
    ];
    for (const text of hostile) {
      const doc = parseMarkdownSections(`# H\n${text}\n`);
      expect(doc.headings).toHaveLength(1);
      expect(countWords(doc)).toBeGreaterThan(0);
      expect(assessSection(doc, doc.sections[0]!).state).toBe("filled");
    }
  });
});

describe("section content", () => {
  const placeholders: Array<[string, string]> = [
    ["TODO", "TODO"],
    ["**TBD**", "TBD"],
    ["TBA.", "TBA."],
    ["FIXME", "FIXME"],
    ["- TODO", "TODO"],
    ["`TODO`", "TODO"],
    ["> TBD", "TBD"],
    ["Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "Lorem ipsum dolor sit amet, consectetur…"],
    ["<fill in>", "<fill in>"],
    ["<...>", "<...>"],
    ["<describe the rollback steps here>", "<describe the rollback steps here>"],
    ["[placeholder]", "[placeholder]"],
    ["[Insert date here]", "[Insert date here]"],
    ["N/A", "N/A"],
    ["Coming soon!", "Coming soon!"],
    ["To be written.", "To be written."],
    ["...", "..."],
    ["…", "…"],
    ["TODO: describe the steps", "TODO: describe the steps"],
    ["TBD (ask the on-call team)", "TBD (ask the on-call team)"],
    ["{{ rollback_steps }}", "{{ rollback_steps }}"],
    ["TBD\n\nTODO\n", "TBD"],
    ["<!-- guidance -->\nTBD", "TBD"],
  ];
  for (const [body, shown] of placeholders) {
    it(`is a placeholder when it only says ${JSON.stringify(body)}`, () => {
      expect(assess(`## Steps\n\n${body}\n`, "Steps")).toEqual({ state: "placeholder", placeholder: shown });
    });
  }

  const written = [
    "TODO items are tracked in JIRA-123 and reviewed weekly.",
    "TBD items from the pilot were all closed on 2026-10-01.",
    "Not applicable: this model has no online component, so there is nothing to roll back.",
    "```bash\nmlctl rollback claims-triage\n```",
    "| Step | Owner |\n|---|---|\n| Freeze deploys | @carol |",
    "See [the rollback runbook](https://wiki.example.com/rollback).",
    "<details>\n<summary>Steps</summary>\nPoint the alias at the previous version.\n</details>",
    "TODO\n\nPoint the alias at the previous model version.",
    "![](diagrams/rollback-flow.png)",
    '<img src="diagrams/rollback-flow.png" width="600">',
  ];
  for (const body of written) {
    it(`is written when it says ${JSON.stringify(body.slice(0, 40))}`, () => {
      expect(assess(`## Steps\n\n${body}\n`, "Steps")).toEqual({ state: "filled" });
    });
  }

  it("is empty when only blank lines, HTML comments or thematic breaks follow the heading", () => {
    expect(assess("## Steps\n\n## Next\ntext", "Steps")).toEqual({ state: "empty" });
    expect(assess("## Steps\n<!--\nWrite the steps.\n-->\n\n---\n", "Steps")).toEqual({ state: "empty" });
  });

  const invisible: Array<[string, string]> = [
    ["&nbsp;", "an HTML no-break space"],
    ["&nbsp;&nbsp;\n\n&NonBreakingSpace;", "no-break spaces on two lines"],
    ["\u00a0\u202f\u3000", "no-break, narrow and ideographic spaces"],
    ["\u200b", "a zero-width space"],
    ["\u200b\u200c\u200d\u2060\ufeff", "zero-width characters, word joiner and BOM"],
    ["\u00ad\u200e\u200f\u202a\u202c\u2066\u2069\u180e", "other format characters (Cf)"],
    ["\u3164\uffa0\u115f\u2800\ufe0f", "Hangul fillers, a blank braille cell and a variation selector"],
    ["&#8203;", "a decimal entity for a zero-width space"],
    ["&#x200B;&#x200c;&#xFEFF;", "hex entities for zero-width characters"],
    ["&zwnj;&zwj;&ZeroWidthSpace;&NoBreak;&shy;&lrm;&thinsp;", "named entities for invisible characters"],
    ["<p>&nbsp;</p>\n<br>", "an HTML paragraph holding a no-break space"],
    ["<!-- -->\n<!---->\n&nbsp;<!-- fill in -->", "empty HTML comments"],
    ["- &nbsp;\n- \u200b", "list items holding only invisible characters"],
  ];
  for (const [body, what] of invisible) {
    it(`is empty when it holds only ${what}`, () => {
      expect(assess(`## Steps\n\n${body}\n\n## Next\ntext`, "Steps")).toEqual({ state: "empty" });
    });
  }

  it("reads placeholders through invisible characters, and keeps visible entities as text", () => {
    expect(assess("## Steps\n\nT\u200bO\u200dDO&nbsp;\n", "Steps")).toEqual({
      state: "placeholder",
      placeholder: "TODO",
    });
    for (const body of ["&amp;", "&#169;", "&copy; 2026 the on-call team", "Point the alias back.&nbsp;"]) {
      expect(assess(`## Steps\n\n${body}\n`, "Steps"), body).toEqual({ state: "filled" });
    }
  });

  it("tells a section of bare sub-headings from one whose sub-sections are written", () => {
    const text = fixture("rollback-steps-only-subsections.md");
    expect(assess(text, "Steps")).toEqual({ state: "only-subheadings" });
    expect(assess(text, "Trigger")).toEqual({ state: "filled" });
  });
});

describe("countWords", () => {
  it("counts headings, text, tables and code; not front matter, fences, comments, link targets or markup", () => {
    const text = [
      "---",
      "title: three words here",
      "---",
      "# Title",
      "",
      "One two, three.",
      "<!-- hidden words here -->",
      "```bash",
      "echo hi",
      "```",
      "| a | b |",
      "|---|---|",
      "See [the docs](https://example.com/some/long/path).",
      "- - -",
      "* item",
    ].join("\n");
    // Title + One two three + echo hi + a b + See the docs + item
    expect(countWords(parseMarkdownSections(text))).toBe(12);
  });

  it("does not count invisible characters or their entities as words", () => {
    expect(countWords(parseMarkdownSections("One &nbsp; two &#8203; \u200b &zwnj;&zwj; three"))).toBe(3);
  });

  it("counts words in any script", () => {
    expect(countWords(parseMarkdownSections("Überprüfung läuft — 回滚 步骤 ✓"))).toBe(4);
  });
});

describe("headingKey", () => {
  it("ignores case, whitespace, emphasis, links, trailing colons and section numbers", () => {
    for (const heading of [
      "Last rehearsal",
      "  LAST   REHEARSAL  ",
      "**Last rehearsal**:",
      "2.3 Last rehearsal",
      "4) _Last rehearsal_",
      "[Last rehearsal](#x)",
      "`Last` rehearsal ::",
    ]) {
      expect(headingKey(heading), heading).toBe("last rehearsal");
    }
    expect(headingKey("2024 Last rehearsal")).toBe("2024 last rehearsal");
  });
});

describe("evaluateDoc", () => {
  it("passes a rollback plan with every section written", async () => {
    const finding = await evaluate(fixture("rollback-complete.md"), REQUIRED, 50);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toMatch(
      /^3 required sections written \(Trigger, Steps, Last rehearsal\), \d+ words in docs\/rollback\.md$/,
    );
    expect(finding.bar).toBe("sections Trigger, Steps, Last rehearsal; ≥ 50 words");
    expect(finding.evidence).toEqual([{ path: "docs/rollback.md" }]);
  });

  it("fails a section that only says TBD, naming it, the stand-in and the heading's line", async () => {
    const finding = await evaluate(fixture("rollback-steps-tbd.md"), REQUIRED);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("section 'Steps' is a placeholder (TBD) in docs/rollback.md");
    expect(finding.evidence).toEqual([{ path: "docs/rollback.md", line: 7 }]);
    expect(finding.measured).toMatch(/^2 of 3 sections written, \d+ words$/);
  });

  it("fails on missing sections and names them all", async () => {
    const finding = await evaluate(fixture("rollback-missing-trigger-and-rehearsal.md"), REQUIRED);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe("missing sections: Trigger, Last rehearsal in docs/rollback.md");
    expect(finding.evidence).toEqual([{ path: "docs/rollback.md" }]);
    expect(finding.details).toEqual([
      "no heading named 'Trigger': add a '## Trigger' section",
      "no heading named 'Last rehearsal': add a '## Last rehearsal' section",
    ]);
  });

  it("does not take a heading inside a code fence, comment, quote or list item as the section", async () => {
    const finding = await evaluate(fixture("rollback-trigger-only-in-code-fences.md"), REQUIRED);
    expect(finding.summary).toBe("missing section: Trigger in docs/rollback.md");
  });

  it("accepts setext headings, including one written over two lines", async () => {
    const finding = await evaluate(fixture("rollback-setext-headings.md"), REQUIRED);
    expect(finding.status).toBe("pass");
  });

  it("does not take front matter for a heading", async () => {
    const finding = await evaluate(fixture("rollback-front-matter.md"), REQUIRED);
    expect(finding.summary).toBe("missing section: Trigger in docs/rollback.md");
  });

  it("reads a CRLF file like any other", async () => {
    const finding = await evaluate(fixture("rollback-crlf.md"), REQUIRED);
    expect(finding.summary).toBe("section 'Steps' is a placeholder (TBD) in docs/rollback.md");
    expect(finding.evidence).toEqual([{ path: "docs/rollback.md", line: 7 }]);
  });

  it("fails an unfilled template section by section", async () => {
    const finding = await evaluate(fixture("rollback-template-unfilled.md"), [...REQUIRED, "Owner", "Notes"]);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(
      "5 sections are not written: 'Trigger', 'Steps', 'Last rehearsal', 'Owner', 'Notes' in docs/rollback.md",
    );
    expect(finding.details).toEqual([
      "line 3: section 'Trigger' is empty; write it or remove the stand-in text",
      "line 7: section 'Steps' is a placeholder (<fill in>); write it or remove the stand-in text",
      "line 11: section 'Last rehearsal' is a placeholder ([placeholder]); write it or remove the stand-in text",
      "line 15: section 'Owner' is a placeholder (TODO: name the owning team); write it or remove the stand-in text",
      "line 19: section 'Notes' is a placeholder (Lorem ipsum dolor sit amet, consectetur…); write it or remove the stand-in text",
    ]);
  });

  it("fails a section that has only sub-headings with no text", async () => {
    const finding = await evaluate(fixture("rollback-steps-only-subsections.md"), REQUIRED);
    expect(finding.summary).toBe("section 'Steps' has only sub-headings with no text in docs/rollback.md");
    expect(finding.evidence).toEqual([{ path: "docs/rollback.md", line: 9 }]);
  });

  it("matches headings written with numbers, emphasis, links and colons", async () => {
    const finding = await evaluate(fixture("rollback-decorated-headings.md"), [
      "trigger",
      "STEPS",
      "Last rehearsal:",
    ]);
    expect(finding.status).toBe("pass");
  });

  it("fails when any of two same-named sections is a stub", async () => {
    const text = "# Deploy\n## Steps\nRun the deploy job.\n# Rollback\n## Steps\nTBD\n";
    const finding = await evaluate(text, ["Steps"]);
    expect(finding.status).toBe("fail");
    expect(finding.evidence).toEqual([{ path: "docs/rollback.md", line: 5 }]);
  });

  it("fails a document shorter than minWords, saying both numbers", async () => {
    const text = fixture("rollback-complete.md");
    const words = countWords(parseMarkdownSections(text));
    const finding = await evaluate(text, REQUIRED, 500);
    expect(finding.status).toBe("fail");
    expect(finding.summary).toBe(`${words} words < 500 minimum in docs/rollback.md`);
    expect(words).toBeGreaterThan(50);
    expect(words).toBeLessThan(500);
  });

  it("joins every problem into one summary", async () => {
    const finding = await evaluate("# Plan\n\n## Steps\n\nTODO\n", REQUIRED, 10);
    expect(finding.summary).toBe(
      "missing sections: Trigger, Last rehearsal; section 'Steps' is a placeholder (TODO); 3 words < 10 minimum in docs/rollback.md",
    );
  });

  it("passes a non-empty document when no section or word count is asked for", async () => {
    const finding = await evaluate("Just a note.\n", []);
    expect(finding.status).toBe("pass");
    expect(finding.summary).toBe("document present, 3 words in docs/rollback.md");
  });

  it("fails an empty or whitespace-only file", async () => {
    for (const name of ["empty.md", "whitespace-only.md"]) {
      const finding = await evaluate(fixture(name), REQUIRED);
      expect(finding.status, name).toBe("fail");
      expect(finding.summary).toBe("docs/rollback.md is empty");
    }
  });

  it("fails on a missing file, naming it", async () => {
    const finding = await evaluateDoc({ file: "docs/rollback.md", sections: REQUIRED }, memoryContext({}));
    expect(finding.status).toBe("fail");
    expect(finding.summary).toContain("docs/rollback.md");
    expect(finding.evidence).toEqual([{ path: "docs/rollback.md" }]);
  });

  it("reads the file relative to the readiness file's folder", async () => {
    const ctx = memoryContext(
      { "systems/claims/docs/rollback.md": fixture("rollback-complete.md") },
      { baseDir: "systems/claims" },
    );
    const finding = await evaluateDoc({ file: "docs/rollback.md", sections: REQUIRED }, ctx);
    expect(finding.status).toBe("pass");
    expect(finding.evidence).toEqual([{ path: "systems/claims/docs/rollback.md" }]);
  });

  it("is an error when the path leaves the repository", async () => {
    const finding = await evaluateDoc({ file: "../outside.md", sections: REQUIRED }, memoryContext({}));
    expect(finding.status).toBe("error");
  });
});
