// The zip reader behind inspect_ai's `.eval` logs: the real log is read; hostile archives (a member that
// inflates past what it declares, one that declares more than evidence may hold, encrypted members, names
// that climb out or are absolute, unknown methods) are refused, and what is inflated is charged to the
// run's read budget before it is inflated.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_BUDGET, BudgetedRepo, RunBudget } from "../../src/repo/budget.js";
import { FsRepo } from "../../src/repo/fs.js";
import { evaluateEvals } from "../../src/evidence/evals.js";
import { inflateMember, zipMembers } from "../../src/evidence/parse/zip.js";
import type { EvidenceContext } from "../../src/evidence/types.js";
import { FormatError } from "../../src/evidence/read.js";
import { writeZip, type TestMember } from "../support/zip.js";
import { readFileSync } from "node:fs";

const REAL = fileURLToPath(new URL("../fixtures/corpus-ai/inspect-ai__input-task.eval", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "shipgate-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = JSON.stringify({
  version: 2,
  status: "success",
  eval: { task: "t", model: "openai/gpt-4o-mini" },
  results: { total_samples: 1, completed_samples: 1, scores: [] },
});
const SUMMARIES = JSON.stringify([{ id: 1, epoch: 1, scores: { match: { value: "C" } } }]);

function context(readBytes = DEFAULT_BUDGET.readBytes): EvidenceContext {
  const run = new BudgetedRepo(new FsRepo(dir), new RunBudget({ ...DEFAULT_BUDGET, readBytes }));
  return { repo: run.forCheck(), baseDir: "", now: new Date("2026-12-04T12:00:00Z") };
}

async function judge(name: string, members: TestMember[], readBytes?: number) {
  writeFileSync(join(dir, name), writeZip(members));
  return evaluateEvals(
    { files: name, minPassRate: 100, minTests: 1, perProvider: false },
    context(readBytes),
  );
}

describe("the real .eval log", () => {
  it("lists its members and inflates header.json", () => {
    const bytes = readFileSync(REAL);
    const members = zipMembers(bytes);
    expect(members.map((m) => m.name).sort()).toEqual([
      "_journal/start.json",
      "_journal/summaries/1.json",
      "header.json",
      "reductions.json",
      "samples/1_epoch_1.json",
      "summaries.json",
    ]);
    const header = members.find((m) => m.name === "header.json")!;
    const text = new TextDecoder().decode(inflateMember(bytes, header, 1_000_000));
    expect(JSON.parse(text)).toMatchObject({ version: 2, status: "success" });
  });
});

describe("hostile archives are refused", () => {
  it("an honest archive of our own passes (the writer is sound)", async () => {
    const finding = await judge("ok.eval", [
      { name: "header.json", data: HEADER },
      { name: "summaries.json", data: SUMMARIES },
    ]);
    expect(finding.status).toBe("pass");
  });

  it("a member that inflates past the size it declares is stopped (a zip bomb)", async () => {
    const finding = await judge("bomb.eval", [
      { name: "header.json", data: HEADER },
      { name: "summaries.json", data: new Uint8Array(8 * 1024 * 1024), declaredSize: 100 },
    ]);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'bomb.eval has a member "summaries.json" that inflates to more than it declares; the archive is damaged or hostile',
    );
  });

  it("a member that declares more than evidence may hold is refused before inflating", async () => {
    const finding = await judge("big.eval", [
      { name: "header.json", data: HEADER },
      { name: "summaries.json", data: "[]", declaredSize: 60 * 1024 * 1024 },
    ]);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'big.eval has a member "summaries.json" that declares 62914560 bytes, over the 52428800 bytes allowed',
    );
  });

  it("inflated bytes are charged to the run's read budget before they are inflated", async () => {
    const summaries = JSON.stringify(
      Array.from({ length: 4000 }, (_, i) => ({ id: i + 1, epoch: 1, scores: { m: { value: "C" } } })),
    );
    const finding = await judge(
      "budget.eval",
      [
        { name: "header.json", data: HEADER },
        { name: "summaries.json", data: summaries },
      ],
      100_000,
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(
      /^the run's read budget of 0\.10 MiB was used up before this check could read budget\.eval \(summaries\.json\)/,
    );
  });

  it.each([
    [
      "an encrypted member",
      { name: "header.json", data: HEADER, flags: 1 },
      'holds an encrypted member "header.json"; encrypted evidence is refused',
    ],
    [
      "a name that climbs out",
      { name: "samples/../../evil.json", data: "{}" },
      'holds a member named "samples/../../evil.json" (absolute, or with ..); such an archive is refused',
    ],
    [
      "an absolute name",
      { name: "/etc/passwd", data: "x" },
      'holds a member named "/etc/passwd" (absolute, or with ..); such an archive is refused',
    ],
    [
      "a Windows drive name",
      { name: "C:\\evil.json", data: "x" },
      'holds a member named "C:\\\\evil.json" (absolute, or with ..); such an archive is refused',
    ],
  ])("%s", async (_what, member, message) => {
    const finding = await judge("hostile.eval", [
      member as TestMember,
      { name: "summaries.json", data: SUMMARIES },
    ]);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(`hostile.eval ${message}`);
  });

  it("a member compressed with a method other than stored or deflate", async () => {
    const finding = await judge("method.eval", [{ name: "header.json", data: HEADER, method: 12 }]);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe(
      'method.eval has a member "header.json" compressed with method 12; only stored and deflate are read',
    );
  });

  it("a zip without header.json is not an inspect log", async () => {
    const finding = await judge("other.eval", [{ name: "data.csv", data: "a,b\n1,2\n" }]);
    expect(finding.status).toBe("error");
    expect(finding.summary).toBe("other.eval is a zip without header.json, so not an inspect_ai .eval log");
  });

  it("a truncated archive is damaged, not read", () => {
    const bytes = writeZip([{ name: "header.json", data: HEADER }]);
    expect(() => zipMembers(bytes.subarray(0, bytes.length - 10))).toThrow(FormatError);
  });

  it("a binary file that is not a zip is an error naming the formats read", async () => {
    writeFileSync(join(dir, "image.eval"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const finding = await evaluateEvals(
      { files: "image.eval", minPassRate: 100, minTests: 1, perProvider: false },
      context(),
    );
    expect(finding.status).toBe("error");
    expect(finding.summary).toMatch(/^image\.eval is a binary file that is not a zip; expected a promptfoo/);
  });
});
