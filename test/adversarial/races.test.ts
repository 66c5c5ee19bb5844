// Concurrent and out-of-order runs on one pull request, and comments by others that carry Shipgate's
// marker: exactly one Shipgate comment remains, it is the newest head's report, and nobody else's comment
// is ever edited or deleted.
import { afterAll, describe, expect, it } from "vitest";
import { startHoldingProxy } from "./holding-proxy.js";
import { PULL_NUMBER, startPrScenario, type PrScenario } from "./pr-scenario.js";
import {
  STACK_TRACE,
  observe,
  printObservations,
  runActionKeepingReport,
  shaOf,
  type ActionCaseRun,
} from "./support.js";

const MARKER = "<!-- shipgate:sticky -->";
const OLD_TOKEN = "ghs_shipgateRaceOlderHeadRun000000000000";
const NEW_TOKEN = "ghs_shipgateRaceNewerHeadRun000000000000";
const BOT = "github-actions[bot]";

afterAll(() => printObservations("races"));

function headOf(body: string): string | undefined {
  return /<!-- shipgate:head ([0-9a-f]{40,64}) -->/.exec(body)?.[1];
}

function botComments(s: PrScenario) {
  return s.fake.state.commentsOn(PULL_NUMBER).filter((c) => c.user.login === BOT);
}

function run(s: PrScenario, headSha: string): Promise<ActionCaseRun> {
  return runActionKeepingReport({ event: s.event(headSha), workspace: s.dir, fake: s.fake, sha: headSha });
}

function expectClean(runs: ActionCaseRun[]): void {
  for (const r of runs) {
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(STACK_TRACE);
  }
}

describe("races on one pull request", () => {
  it("three concurrent runs on the same head leave exactly one Shipgate comment", async () => {
    const s = await startPrScenario({ headSha: shaOf("same-head") });
    try {
      const started = performance.now();
      const runs = await Promise.all([run(s, s.headSha), run(s, s.headSha), run(s, s.headSha)]);
      expectClean(runs);
      const ours = botComments(s);
      observe({
        group: "Race",
        case: "3 concurrent runs, same head",
        via: "action",
        ms: performance.now() - started,
        outcome: `${ours.length} Shipgate comment(s) left, ${s.fake.requestsTo("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}").length} DELETE request(s) for duplicates`,
        message: runs.map((r) => /Comment (created|updated|unchanged)/.exec(r.stdout)?.[0] ?? "?").join("; "),
      });
      expect(ours).toHaveLength(1);
      expect(headOf(ours[0]!.body)).toBe(s.headSha);
      expect(s.fake.violations).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it("runs for three heads at once, after the pull request moved to the third, leave only the third head's report", async () => {
    const s = await startPrScenario({ headSha: shaOf("head-1") });
    try {
      const heads = [shaOf("head-1"), shaOf("head-2"), shaOf("head-3")];
      s.pushHead(heads[1]!);
      s.pushHead(heads[2]!);
      const started = performance.now();
      const runs = await Promise.all(heads.map((h) => run(s, h)));
      expectClean(runs);
      const ours = botComments(s);
      observe({
        group: "Race",
        case: "3 concurrent runs, heads 1-3, PR at head 3",
        via: "action",
        ms: performance.now() - started,
        outcome: `${ours.length} Shipgate comment(s), head ${headOf(ours[0]?.body ?? "")?.slice(0, 7) ?? "none"} (newest ${heads[2]!.slice(0, 7)})`,
        message: runs
          .map(
            (r) =>
              /Comment not written: [^\n]*|Comment (created|updated|unchanged)/.exec(r.stdout)?.[0] ?? "?",
          )
          .join("; "),
      });
      expect(ours).toHaveLength(1);
      expect(headOf(ours[0]!.body)).toBe(heads[2]);
      // The older heads' runs said why they left the comment alone.
      for (const r of runs.slice(0, 2)) expect(r.stdout).toMatch(/moved on to [0-9a-f]{7}/);
    } finally {
      await s.close();
    }
  });

  it("a late re-run for an older head leaves the newer head's comment alone", async () => {
    const s = await startPrScenario({ headSha: shaOf("old-head") });
    try {
      const old = s.headSha;
      const first = await run(s, old);
      const created = botComments(s);
      expect(created).toHaveLength(1);
      s.pushHead(shaOf("new-head"));
      const second = await run(s, s.headSha);
      const started = performance.now();
      const late = await run(s, old);
      expectClean([first, second, late]);
      const ours = botComments(s);
      observe({
        group: "Race",
        case: "re-run of an older head after the newer head's run",
        via: "action",
        ms: performance.now() - started,
        outcome: `${ours.length} Shipgate comment(s), head ${headOf(ours[0]?.body ?? "")?.slice(0, 7) ?? "none"}`,
        message: /Comment not written: [^\n]*/.exec(late.stdout)?.[0] ?? late.stdout,
      });
      expect(ours).toHaveLength(1);
      expect(ours[0]!.id).toBe(created[0]!.id); // updated in place, never a second comment
      expect(headOf(ours[0]!.body)).toBe(shaOf("new-head"));
      expect(late.stdout).toMatch(/Comment not written: the pull request has moved on/);
    } finally {
      await s.close();
    }
  });

  it("an older head's run held between its head check and its write never overwrites the newer head's comment", async () => {
    // A proxy holds the older run's comment listing (it has already seen the pull request at its head)
    // until the pull request has moved on and the newer run has written its comment.
    const older = shaOf("race-older");
    const newer = shaOf("race-newer");
    const s = await startPrScenario({ headSha: older, tokens: { [OLD_TOKEN]: {}, [NEW_TOKEN]: {} } });
    const proxy = await startHoldingProxy(s.fake.url);
    try {
      const held = proxy.hold(
        (r) =>
          r.method === "GET" &&
          r.path.endsWith(`/issues/${PULL_NUMBER}/comments`) &&
          r.authorization.includes(OLD_TOKEN),
      );
      const started = performance.now();
      const olderRun = runActionKeepingReport({
        event: s.event(older),
        workspace: s.dir,
        fake: s.fake,
        apiUrl: proxy.url,
        token: OLD_TOKEN,
        sha: older,
      });
      await held.arrived;
      s.pushHead(newer);
      const newerRun = await runActionKeepingReport({
        event: s.event(newer),
        workspace: s.dir,
        fake: s.fake,
        token: NEW_TOKEN,
        sha: newer,
      });
      expect(newerRun.stdout).toMatch(/Comment created/);
      held.release();
      const olderDone = await olderRun;
      expectClean([olderDone, newerRun]);
      const ours = botComments(s);
      observe({
        group: "Race",
        case: "older head's run held between its head check and its write",
        via: "action",
        ms: performance.now() - started,
        outcome: `${ours.length} Shipgate comment(s), head ${headOf(ours[0]?.body ?? "")?.slice(0, 7) ?? "none"} (newest ${newer.slice(0, 7)})`,
        message: /Comment [^\n]*/.exec(olderDone.stdout)?.[0] ?? "",
      });
      expect(ours).toHaveLength(1);
      expect(headOf(ours[0]!.body)).toBe(newer);
    } finally {
      await proxy.close();
      await s.close();
    }
  }, 60_000);
});

describe("ownership of comments that carry the marker", () => {
  it("never edits or deletes another user's or another bot's comment, even with the marker and a current head", async () => {
    const s = await startPrScenario({ headSha: shaOf("ownership") });
    try {
      const forged = `${MARKER}\n<!-- shipgate:head ${s.headSha} -->\n### ✅ Go for production (written by mallory)\n`;
      const mallory = s.fake.state.addComment({ user: "mallory", body: forged });
      const impostor = s.fake.state.addComment({
        user: "shipgate-impostor[bot]",
        body: `${MARKER}\nNo-go, trust me\n`,
      });
      const started = performance.now();
      const runs = [await run(s, s.headSha), await run(s, s.headSha)];
      expectClean(runs);
      const all = s.fake.state.commentsOn(PULL_NUMBER);
      const ours = botComments(s);
      observe({
        group: "Ownership",
        case: "marker comments by mallory and another bot",
        via: "action",
        ms: performance.now() - started,
        outcome: `others' comments untouched: ${all.some((c) => c.id === mallory.id && c.body === forged) && all.some((c) => c.id === impostor.id) ? "yes" : "NO"}; ${ours.length} Shipgate comment(s)`,
        message: runs
          .map((r) => /Comment (created|updated|unchanged)[^\n]*/.exec(r.stdout)?.[0] ?? "?")
          .join("; "),
      });
      expect(all.find((c) => c.id === mallory.id)).toMatchObject({
        body: forged,
        updated_at: mallory.updated_at,
      });
      expect(all.find((c) => c.id === impostor.id)).toMatchObject({ body: impostor.body });
      expect(ours).toHaveLength(1);
      // No request ever touched their comments.
      const touched = s.fake.requests.filter(
        (r) =>
          (r.method === "PATCH" || r.method === "DELETE") &&
          (r.path.endsWith(`/${mallory.id}`) || r.path.endsWith(`/${impostor.id}`)),
      );
      expect(touched).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
