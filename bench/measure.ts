// Runs a command as a child process and measures it from outside: wall time from spawn to exit, and the
// child's own peak RSS and CPU time, reported at its exit by bench/usage-hook.mjs (preloaded with --import).
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface RunSample {
  wallMs: number;
  /** Null when the child died before its exit handler ran (killed by the timeout). */
  maxRssMiB: number | null;
  cpuMs: number | null;
  exitCode: number | null;
  timedOut: boolean;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface Measurement {
  label: string;
  command: string;
  runs: number;
  warmups: number;
  wallMs: Spread;
  /** Each measured run's wall time, in round order: paired with another case's runs for a ratio. */
  wallSamples: number[];
  maxRssMiB: Spread | null;
  cpuMs: Spread | null;
  exitCodes: number[];
  timedOut: number;
  /** Standard output of the last run, for the caller's sanity checks. */
  lastStdout: string;
  lastStderr: string;
}

export interface NodeCommand {
  /** Node script (dist/cli.js, repolinter's bin) and its arguments. */
  script: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Extra flags for node itself, before the script (e.g. --cpu-prof). */
  nodeFlags?: string[];
}

export class Runner {
  private counter = 0;
  constructor(
    private readonly scratch: string,
    private readonly hookPath: string,
  ) {}

  /** One run of `node [--import hook] script args`, stdout and stderr kept in scratch files. */
  async once(
    command: NodeCommand,
    timeoutMs: number,
  ): Promise<RunSample & { stdout: string; stderr: string }> {
    const id = `${process.pid}-${this.counter++}`;
    const usageFile = join(this.scratch, `usage-${id}.json`);
    const stdoutFile = join(this.scratch, `stdout-${id}.txt`);
    const stderrFile = join(this.scratch, `stderr-${id}.txt`);
    const stdoutFd = openSync(stdoutFile, "w");
    const stderrFd = openSync(stderrFile, "w");
    const argv = [
      ...(command.nodeFlags ?? []),
      "--import",
      pathToFileURL(this.hookPath).href,
      command.script,
      ...command.args,
    ];
    const started = performance.now();
    const child = spawn(process.execPath, argv, {
      cwd: command.cwd,
      env: { ...process.env, ...command.env, SHIPGATE_BENCH_USAGE_FILE: usageFile },
      stdio: ["ignore", stdoutFd, stderrFd],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const exitCode = await new Promise<number | null>((done, fail) => {
      child.once("error", fail);
      child.once("exit", (code) => done(code));
    });
    const wallMs = performance.now() - started;
    clearTimeout(timer);
    closeSync(stdoutFd);
    closeSync(stderrFd);
    let maxRssMiB: number | null = null;
    let cpuMs: number | null = null;
    if (existsSync(usageFile)) {
      const usage = JSON.parse(readFileSync(usageFile, "utf8")) as {
        maxRssKiB: number;
        userCpuUs: number;
        systemCpuUs: number;
      };
      maxRssMiB = usage.maxRssKiB / 1024;
      cpuMs = (usage.userCpuUs + usage.systemCpuUs) / 1000;
    }
    const stdout = readFileSync(stdoutFile, "utf8");
    const stderr = readFileSync(stderrFile, "utf8");
    for (const f of [usageFile, stdoutFile, stderrFile]) rmSync(f, { force: true });
    return { wallMs, maxRssMiB, cpuMs, exitCode, timedOut, stdout, stderr };
  }

  /** `warmups` unmeasured runs, then `runs` measured ones; stops early after a timeout. */
  async measure(
    label: string,
    command: NodeCommand,
    opts: CaseOptions & { log: (line: string) => void },
  ): Promise<Measurement> {
    const [result] = await this.measureInterleaved([{ label, command, ...opts }], opts.log);
    return result!;
  }

  /**
   * Several cases measured in rounds (A B C, A B C, ...) rather than one after the other, so a change in
   * the machine's background load during the benchmark falls on every case alike.
   */
  async measureInterleaved(
    cases: Array<CaseOptions & { label: string; command: NodeCommand }>,
    log: (line: string) => void,
  ): Promise<Measurement[]> {
    const state = cases.map(() => ({
      samples: [] as RunSample[],
      last: { stdout: "", stderr: "" },
      timedOut: false,
    }));
    const rounds = Math.max(...cases.map((c) => c.warmups + c.runs));
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of cases.entries()) {
        const s = state[i]!;
        if (s.timedOut || round >= c.warmups + c.runs) continue;
        const run = await this.once(c.command, c.timeoutMs);
        s.last = run;
        if (run.timedOut) s.timedOut = true;
        if (round >= c.warmups || run.timedOut) s.samples.push(run);
      }
    }
    return cases.map((c, i) => {
      const { samples, last } = state[i]!;
      const result = summarise(c, samples, last);
      log(
        `  ${c.label}: ${formatMs(result.wallMs.median)} (${formatMs(result.wallMs.min)}–${formatMs(result.wallMs.max)}), ` +
          `CPU ${result.cpuMs ? formatMs(result.cpuMs.median) : "n/a"}, peak RSS ${result.maxRssMiB ? `${result.maxRssMiB.median.toFixed(0)} MiB` : "n/a"}, ${result.runs} runs` +
          (result.timedOut ? `, timed out after ${formatMs(c.timeoutMs)}` : ""),
      );
      return result;
    });
  }
}

export interface CaseOptions {
  runs: number;
  warmups: number;
  timeoutMs: number;
}

function summarise(
  c: CaseOptions & { label: string; command: NodeCommand },
  samples: RunSample[],
  last: { stdout: string; stderr: string },
): Measurement {
  const rss = samples.map((s) => s.maxRssMiB).filter((v): v is number => v !== null);
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== null);
  return {
    label: c.label,
    command: ["node", c.command.script, ...c.command.args].join(" "),
    runs: samples.length,
    warmups: c.warmups,
    wallMs: samples.length ? spread(samples.map((s) => s.wallMs)) : { median: NaN, min: NaN, max: NaN },
    wallSamples: samples.map((s) => s.wallMs),
    maxRssMiB: rss.length ? spread(rss) : null,
    cpuMs: cpu.length ? spread(cpu) : null,
    exitCodes: samples.map((s) => s.exitCode ?? -1),
    timedOut: samples.filter((s) => s.timedOut).length,
    lastStdout: last.stdout,
    lastStderr: last.stderr,
  };
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(0)} ms`;
}

/** A / B from runs paired by round (measured alternately): the median ratio and its spread. */
export function pairedRatio(a: Measurement, b: Measurement): Spread {
  const n = Math.min(a.wallSamples.length, b.wallSamples.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(a.wallSamples[i]! / b.wallSamples[i]!);
  return ratios.length ? spread(ratios) : { median: NaN, min: NaN, max: NaN };
}
