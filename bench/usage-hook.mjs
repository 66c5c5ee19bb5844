// Preloaded (node --import) into every measured child process, Shipgate's and repolinter's alike: at exit
// it writes the process's own peak resident set size and CPU time where the benchmark asked.
import { writeFileSync } from "node:fs";

const target = process.env.SHIPGATE_BENCH_USAGE_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({
        maxRssKiB: usage.maxRSS,
        userCpuUs: usage.userCPUTime,
        systemCpuUs: usage.systemCPUTime,
      }),
    );
  });
}
