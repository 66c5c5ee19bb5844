import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./test/support/longest-first-sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The CLI and action tests run dist/: rebuilt first when it is older than src/.
    globalSetup: ["test/support/fresh-dist.ts"],
    // Before each test file: the after-each-test cleanups helpers register (test/support/cleanup.ts).
    setupFiles: ["test/support/setup-file.ts"],
    // Timeouts only catch a hang, so they are generous: with a worker per core, a test that starts three
    // runs of the action at once shares the cores with another file (30 s was met on a loaded machine).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Child processes: a test may set process.env for the code it calls, and a crash stays in its worker.
    pool: "forks",
    // Much of the suite waits rather than computes (child processes running dist/, git, retries and
    // paced writes against the loopback GitHub): vitest's default, one worker fewer than the cores, ran
    // every file one after another on 2 cores. One worker per core. More (3 on 2 cores) was tried: on a
    // machine already loaded, the action runs then outlived their 30 s timeouts.
    maxWorkers: availableParallelism(),
    // A worker runs file after file in one module cache, so GitHub's REST description, the test support
    // and the transformed sources load once per worker instead of once per file. Test files keep no
    // shared state: what one sets in process.env it restores, and fixtures live in their own folders.
    isolate: false,
    // The longest files first, so the two workers finish together (test/support/longest-first-sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
  },
});
