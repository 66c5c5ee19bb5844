// A GitHub REST API on loopback for end-to-end tests: see server.ts for what it checks and records.
//
//   const ws = await makeWorkspace({ base: { "readiness.yml": ... }, head: { "reports/eval.json": ... } });
//   const pr = { number: 7, base: { ref: "main", sha: ws.baseSha }, head: { ref: "feature", sha: ws.headSha } };
//   const fake = await startFakeGitHub({ pullRequests: [pr] });
//   publishWorkspace(fake.state, ws);                      // files at base/head/merge, as GitHub has them
//   const run = await runAction({ event: pullRequestEvent(pr), workspace: ws, api: fake });
//   expect(fake.violations).toEqual([]);                   // nothing GitHub would have refused
//   expect(fake.state.checkRuns[0]?.head_sha).toBe(ws.headSha);
//
// The default token is a workflow GITHUB_TOKEN ({@link DEFAULT_TOKEN}): it cannot list team members (404,
// as on GitHub); give a token `permissions: { members: "read" }` for approval-by-team scenarios.
export { startFakeGitHub, faults } from "./server.js";
export type {
  FakeGitHub,
  FakeGitHubInit,
  FaultHandle,
  FaultResponse,
  FaultSpec,
  RecordedRequest,
  Violation,
  ViolationKind,
} from "./server.js";
export {
  DEFAULT_TOKEN,
  GITHUB_ACTIONS_APP,
  GITHUB_ACTIONS_BOT,
  WORKFLOW_TOKEN_PERMISSIONS,
  FakeGitHubState,
  actorFor,
  timestamp,
} from "./state.js";
export type {
  Access,
  Actor,
  AnnotationRecord,
  CheckRunRecord,
  CommentRecord,
  FakeGitHubSeed,
  Permission,
  PullRequestRecord,
  ReviewRecord,
  StatusRecord,
  TeamRecord,
  TokenGrant,
} from "./state.js";
export { COMMENT_BODY_LIMIT } from "./routes.js";
export { gitHubRestDescription } from "./openapi.js";
export { blobSha, treeOf } from "./git-objects.js";
