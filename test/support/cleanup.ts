// Cleanups that test helpers register (loopback fake GitHubs, workspaces) and that run after each test,
// from the per-file setup (test/support/setup-file.ts). One registry instead of an afterEach at the top of
// each helper module: with vitest's isolate: false a worker evaluates a helper module once, so a hook
// registered there would serve only the first test file that imported it.
const pending: Array<() => Promise<void> | void> = [];

/** Runs `cleanup` after the current test (or, from a beforeAll, after the file's first test). */
export function afterThisTest(cleanup: () => Promise<void> | void): void {
  pending.push(cleanup);
}

export async function runCleanups(): Promise<void> {
  await Promise.all(pending.splice(0).map((c) => c()));
}
