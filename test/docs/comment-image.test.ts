// The README's picture of a No-go comment, kept honest. The BUILT action is run on a failing pull request
// (a copy of examples/claims-triage: F1 lowered to 0.874, a rollback section deleted, no compliance
// approval) against the loopback fake GitHub; the comment the fake received is rendered as GitHub renders
// it and photographed by headless Chromium into test/.tmp/docs/no-go-comment.png.
//
// docs/images/no-go-comment.md is the comment the committed docs/images/no-go-comment.png was rendered
// from, and the PNG records that file's hash. When the action's comment changes, the Markdown no longer
// matches and this test says to run `npm run docs:images`, which sets SHIPGATE_DOCS_IMAGES=write and
// rewrites both files from this run (after rebuilding dist/). It needs Chromium and a colour emoji font
// (Debian: chromium, fonts-noto-color-emoji) and refuses to write an image without colour emoji.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, GateReport } from "../../src/gate/types.js";
import { Browser, CHROMIUM_PATH, chromiumAvailable } from "../browser/cdp.js";
import { REPOSITORY_ROOT } from "../support/action-runner.js";
import { GITHUB_ACTIONS_BOT } from "../support/fake-github/index.js";
import { commentPage, PAGE_WIDTH } from "./comment-page.js";
import {
  IMAGE_SCALE,
  normaliseComment,
  photographComment,
  pngSize,
  pngTextChunks,
  SOURCE_KEYWORD,
  sourceNote,
  withTextChunk,
  type Photograph,
} from "./comment-image.js";
import {
  APPROVAL_TEAM,
  COMMIT_DATES,
  DELETED_SECTION,
  F1_BAR,
  LOWERED_F1,
  PULL_NUMBER,
  runNoGoPullRequest,
} from "./no-go-pull-request.js";

const MARKDOWN_FILE = "docs/images/no-go-comment.md";
const IMAGE_FILE = "docs/images/no-go-comment.png";
const TMP = join(REPOSITORY_ROOT, "test/.tmp/docs");
const WRITE = process.env.SHIPGATE_DOCS_IMAGES === "write";
const REGENERATE = `run \`npm run docs:images\` and commit ${MARKDOWN_FILE} and ${IMAGE_FILE}`;

const HAVE_CHROMIUM = chromiumAvailable();
const MISSING =
  `Chromium is not installed at ${CHROMIUM_PATH}: the README's comment image cannot be rendered. ` +
  "Install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).";

interface Pipeline {
  /** The comment body exactly as the fake GitHub received it. */
  markdown: string;
  author: string;
  exitCode: number | null;
  verdictOutput: string | undefined;
  violations: unknown[];
  /** The JSON report the same run wrote: what the picture is checked against. */
  report: GateReport;
  /** Set when Chromium is installed. */
  photo?: Photograph;
  /** The PNG as written to test/.tmp/docs, carrying its source note. */
  png?: Buffer;
}

let pipeline: Pipeline;

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  const { world, run, comment, report } = await runNoGoPullRequest();
  pipeline = {
    markdown: comment.body,
    author: comment.user.login,
    exitCode: run.exitCode,
    verdictOutput: run.outputs.verdict,
    violations: world.fake.violations,
    report,
  };
  writeFileSync(join(TMP, "no-go-comment.md"), comment.body);
  const htmlFile = join(TMP, "no-go-comment.html");
  writeFileSync(
    htmlFile,
    commentPage(comment.body, {
      author: comment.user.login.replace(/\[bot\]$/, ""),
      bot: comment.user.type === "Bot",
      // The comment follows the head commit, whose date is pinned; the fake's clock is today's.
      postedAt: new Date(COMMIT_DATES.head),
      title: `${world.fake.state.owner}/${world.fake.state.repo}#${PULL_NUMBER}`,
    }),
  );
  if (!HAVE_CHROMIUM) return;
  const browser = await Browser.launch();
  try {
    pipeline.photo = await photographComment(browser, htmlFile);
  } finally {
    await browser.close();
  }
  pipeline.png = withTextChunk(pipeline.photo.png, SOURCE_KEYWORD, sourceNote(MARKDOWN_FILE, comment.body));
  writeFileSync(join(TMP, "no-go-comment.png"), pipeline.png);
});

/** The checks that block the verdict, as the JSON report has them. */
function blocking(report: GateReport): CheckResult[] {
  return report.systems.flatMap((s) => s.checks).filter((c) => c.status === "fail" || c.status === "error");
}

function committed(path: string): Buffer | undefined {
  const file = join(REPOSITORY_ROOT, path);
  return existsSync(file) ? readFileSync(file) : undefined;
}

describe.runIf(WRITE)("npm run docs:images", () => {
  it(`rewrites ${MARKDOWN_FILE} and ${IMAGE_FILE} from this run`, () => {
    expect(HAVE_CHROMIUM, MISSING).toBe(true);
    expect(pipeline.exitCode).toBe(1);
    // Without a colour emoji font the verdict marks are boxes: not a picture to put in the README.
    expect(
      pipeline.photo?.facts.colorEmoji,
      "no colour emoji font: install one (Debian: `apt-get install -y fonts-noto-color-emoji`) and run again",
    ).toBe(true);
    mkdirSync(join(REPOSITORY_ROOT, "docs/images"), { recursive: true });
    writeFileSync(join(REPOSITORY_ROOT, MARKDOWN_FILE), pipeline.markdown);
    writeFileSync(join(REPOSITORY_ROOT, IMAGE_FILE), pipeline.png!);
    console.log(
      `wrote ${MARKDOWN_FILE} and ${IMAGE_FILE} (${pipeline.photo!.width}×${pipeline.photo!.height})`,
    );
  });
});

describe("the comment the action posts on a failing pull request", () => {
  it("is a No-go posted by the built action, blocked by F1, the rollback plan and the missing approval", () => {
    expect(pipeline.exitCode).toBe(1);
    expect(pipeline.verdictOutput).toBe("no-go");
    expect(pipeline.violations).toEqual([]);
    expect(pipeline.author).toBe(GITHUB_ACTIONS_BOT.login);
    expect(blocking(pipeline.report).map((c) => c.id)).toEqual([
      "eval-real-data",
      "rollback-plan",
      "compliance-signoff",
    ]);
  });

  it(`is what ${MARKDOWN_FILE} holds, up to commit SHAs and day counts`, () => {
    const markdown = committed(MARKDOWN_FILE)?.toString("utf8");
    expect(markdown, `${MARKDOWN_FILE} is missing: ${REGENERATE}`).toBeDefined();
    expect(
      normaliseComment(pipeline.markdown),
      `the action's comment no longer matches ${MARKDOWN_FILE}, so the README's image is stale: ${REGENERATE}`,
    ).toBe(normaliseComment(markdown!));
  });

  it("is compared without the run-dependent values: SHAs and day counts, and nothing else", () => {
    const sha = "7fb1b18e45ac97d3499629c5868b756beef66111";
    const other = "0123456789abcdef0123456789abcdef01234567";
    const comment = (head: string, days: number) =>
      `<!-- shipgate:head ${head} -->\n0 approvals on ${head.slice(0, 7)}; expires in ${days} days; model 4b7d0a3`;
    expect(normaliseComment(comment(sha, 404))).toBe(normaliseComment(comment(other, 1)));
    expect(normaliseComment(comment(sha, 404))).toBe(
      "<!-- shipgate:head <sha> -->\n0 approvals on <short-sha>; expires in <n> days; model 4b7d0a3",
    );
    expect(normaliseComment("F1 0.874 < 0.92")).not.toBe(normaliseComment("F1 0.875 < 0.92"));
  });

  it(`${IMAGE_FILE} was rendered from ${MARKDOWN_FILE}`, () => {
    const markdown = committed(MARKDOWN_FILE)?.toString("utf8");
    const png = committed(IMAGE_FILE);
    expect(markdown !== undefined && png !== undefined, `${REGENERATE}`).toBe(true);
    expect(pngTextChunks(png!)[SOURCE_KEYWORD], `the image and its Markdown differ: ${REGENERATE}`).toBe(
      sourceNote(MARKDOWN_FILE, markdown!),
    );
    expect(pngSize(png!).width).toBe(PAGE_WIDTH * IMAGE_SCALE);
  });
});

if (!HAVE_CHROMIUM) {
  if (process.env.CI) {
    describe("the comment rendered in headless Chromium", () => {
      it("needs Chromium", () => {
        expect.fail(MISSING);
      });
    });
  } else {
    console.warn(`\n!!!!!!!!!!\n!!! SKIPPED: ${MISSING}\n!!!!!!!!!!\n`);
  }
}

describe.skipIf(!HAVE_CHROMIUM)("the comment rendered in headless Chromium", () => {
  const photo = (): Photograph => pipeline.photo!;

  it("shows the No-go verdict line the comment starts with", () => {
    const heading = /^### (.+)$/m.exec(pipeline.markdown)?.[1];
    expect(photo().facts.verdict).toMatch(/^❌ No-go for production\b/);
    expect(photo().facts.verdict).toBe(heading);
  });

  it("shows each failing check's measured value and bar as the report has them", () => {
    const table = photo().facts.tables.find(
      (t) => t.headers.includes("Measured") && t.headers.includes("Bar"),
    );
    expect(table, "a table of failing checks with Measured and Bar columns").toBeDefined();
    // As a reader sees them: the word joiners that keep evidence from linking are invisible.
    const seen = (text: string | undefined) => text?.replaceAll("\u2060", "");
    const shownRows = table!.rows.map((row) => ({
      check: seen(row.Check ?? "")!
        .split(":")[0]
        ?.replace(/^❌\s*/, ""),
      measured: seen(row.Measured),
      bar: seen(row.Bar),
    }));
    expect(shownRows).toEqual(
      blocking(pipeline.report).map((c) => ({
        check: c.id,
        measured: c.finding.measured,
        bar: c.finding.bar,
      })),
    );
    // And in the scenario's own terms.
    const row = (id: string) => shownRows.find((r) => r.check === id);
    expect(row("eval-real-data")).toMatchObject({ measured: String(LOWERED_F1), bar: `≥ ${F1_BAR}` });
    expect(row("rollback-plan")?.measured).toMatch(/^2 of 3 sections written/);
    expect(row("rollback-plan")?.bar).toContain(DELETED_SECTION);
    expect(row("compliance-signoff")?.measured).toMatch(/^0 approvals/);
    expect(row("compliance-signoff")?.bar).toContain(APPROVAL_TEAM);
    expect(photo().facts.text).toContain(`metrics.f1 ${LOWERED_F1} < ${F1_BAR} in reports/eval.json`);
  });

  it("looks like a comment by the github-actions bot, with GitHub's mentions and a closed details block", () => {
    expect(photo().facts.text).toMatch(/^github-actions bot commented on Nov 20, 2026 /);
    expect(photo().facts.text).toContain("@acme/ml-claims, @carol");
    // The passing checks stay folded away, as a reviewer first sees them.
    expect(photo().facts.text).toMatch(/✅ \d+ passing/);
    expect(photo().facts.text).not.toContain("no-credentials");
  });

  it("fetches nothing and breaks no content-security rule", () => {
    expect(photo().requests.every((url) => url.startsWith("file://"))).toBe(true);
    expect(photo().problems).toEqual([]);
  });

  it("fits the whole comment: no table scrolls sideways, the image is as tall as the comment", () => {
    expect(photo().facts.tables.filter((t) => t.overflows)).toEqual([]);
    const { box } = photo().facts;
    expect(box.x + box.width).toBeLessThanOrEqual(PAGE_WIDTH);
    expect(photo().width).toBe(PAGE_WIDTH * IMAGE_SCALE);
    expect(photo().height).toBe(Math.ceil(box.y + box.height + box.x) * IMAGE_SCALE);
    expect(pngSize(pipeline.png!)).toEqual({ width: photo().width, height: photo().height });
  });
});

afterAll(() => {
  if (pipeline?.png) console.log(`the comment image is at ${join(TMP, "no-go-comment.png")}`);
});
