// GitHub faults against the loopback fake, through the bundled action on a pull request whose checks all
// pass: each run recovers by retrying, fails closed saying why, or publishes the gate without the comment.
// When the check run itself cannot be written and fail-on demands a gate, no Go is reported.
// Cases run concurrently: most of their time is spent waiting out retries and timeouts, not computing.
import { afterAll, describe, it } from "vitest";
import { CHECK_RUN_UNWRITABLE, RECOVERABLE_FAULTS, assertFaultCase, runFaultCase } from "./fault-cases.js";
import { printObservations } from "./support.js";

afterAll(() => printObservations("github-faults"));

describe.concurrent("GitHub faults", () => {
  for (const c of [...RECOVERABLE_FAULTS, ...CHECK_RUN_UNWRITABLE]) {
    it(
      `${c.type}: ${c.name} → ${c.expect}`,
      async () => {
        assertFaultCase(c, await runFaultCase(c));
      },
      (c.timeoutMs ?? 30_000) + 30_000,
    );
  }
});
