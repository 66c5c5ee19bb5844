// The one way Shipgate starts git: the program itself (never a shell, never anything from the
// repository), at a given root, with an environment that cannot point it at another repository and
// settings that keep the repository's own config inert (no fsmonitor, no pager, no signature checks,
// paths taken literally). Every caller goes through gitArgv and gitEnv, so the safety is one level.
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

/** How long one git command may take before it is killed and the caller told why. */
export const GIT_TIMEOUT_MS = 15_000;

/** Variables that would make git read another repository, index or object store than the root's. */
const REDIRECTING_VARIABLES = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_COMMON_DIR",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_NAMESPACE",
];

/** The caller's environment minus variables that would point git elsewhere; never prompts, never fetches. */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_NO_LAZY_FETCH: "1",
    LC_ALL: "C",
  };
  for (const name of REDIRECTING_VARIABLES) delete env[name];
  return env;
}

/** The argv every git start uses: `--no-pager ... -C <root>` first (the adversarial spawn guard expects it). */
export function gitArgv(root: string, args: readonly string[]): string[] {
  return [
    "--no-pager",
    "--literal-pathspecs",
    "-C",
    root,
    "-c",
    "core.fsmonitor=false",
    "-c",
    "log.showSignature=false",
    ...args,
  ];
}

export type GitOutput =
  | { ok: true; stdout: string }
  | {
      ok: false;
      /** A sentence for a person: why git gave no answer. */
      why: string;
      /** git is not installed (or could not be found on PATH). */
      missing?: true;
    };

export interface RunGitOptions {
  /** Most bytes of output kept; more is a failure. 1 MiB unless said. */
  maxBuffer?: number;
}

/** Runs one git command to completion and returns its output, or why there is none. Never throws. */
export function runGit(root: string, args: readonly string[], opts: RunGitOptions = {}): Promise<GitOutput> {
  const argv = gitArgv(root, args);
  return new Promise((done) => {
    // execFile can throw before git starts (e.g. a sandbox refusing to spawn): a reason, not a crash.
    try {
      execFile(
        "git",
        argv,
        {
          timeout: GIT_TIMEOUT_MS,
          maxBuffer: opts.maxBuffer ?? 1024 * 1024,
          windowsHide: true,
          encoding: "utf8",
          env: gitEnv(),
        },
        (err, stdout, stderr) => {
          if (!err) return done({ ok: true, stdout: String(stdout) });
          const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown };
          if (e.code === "ENOENT") return done({ ok: false, why: GIT_MISSING, missing: true });
          if (e.killed)
            return done({ ok: false, why: `git did not answer within ${GIT_TIMEOUT_MS / 1000} s` });
          done({ ok: false, why: gitStderrReason(String(stderr), e.code) });
        },
      );
    } catch (err) {
      done({
        ok: false,
        why: `git could not be started: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  });
}

/**
 * Starts a long-running git command whose output the caller streams (a history walk, `cat-file
 * --batch`). May throw when git cannot be started at all; the caller owns timeouts and killing it.
 */
export function spawnGit(
  root: string,
  args: readonly string[],
  stdin: "pipe" | "ignore" = "ignore",
): ChildProcessWithoutNullStreams {
  return spawn("git", gitArgv(root, args), {
    env: gitEnv(),
    stdio: [stdin, "pipe", "pipe"],
    windowsHide: true,
  }) as ChildProcessWithoutNullStreams;
}

export const GIT_MISSING = "git is not installed on this machine";

/** What git's stderr says, as a sentence: the common refusals named, otherwise its first line. */
export function gitStderrReason(said: string, code: unknown): string {
  if (/not a git repository/i.test(said)) return "the repository is not a git checkout";
  if (/dubious ownership/i.test(said))
    return "git refuses the checkout (dubious ownership); add it to safe.directory";
  const first = said.split("\n").find((l) => l.trim() !== "") ?? `exit code ${String(code)}`;
  return `git failed: ${first.replace(/^fatal:\s*/, "").trim()}`;
}

/** The top folder of the checkout that holds `cwd`, or undefined when there is none (or no git). */
export function gitToplevelSync(cwd: string): string | undefined {
  try {
    const out = execFileSync("git", gitArgv(cwd, ["rev-parse", "--show-toplevel"]), {
      encoding: "utf8",
      env: gitEnv(),
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
      windowsHide: true,
    }).trim();
    return out === "" ? undefined : out;
  } catch {
    return undefined;
  }
}

/**
 * Watches a streamed git (spawnGit) for why it failed: the first 4 KiB of its stderr and an error
 * starting it. The answer, given the exit code, is a sentence, or undefined when git exited cleanly.
 */
export function watchGitFailure(
  child: ChildProcessWithoutNullStreams,
): (code: number | null) => string | undefined {
  let stderr = "";
  let startFailure: string | undefined;
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString("utf8");
  });
  child.on("error", (err: NodeJS.ErrnoException) => {
    startFailure ??= err.code === "ENOENT" ? GIT_MISSING : `git failed: ${err.message}`;
  });
  return (code) => startFailure ?? (code === 0 ? undefined : gitStderrReason(stderr, code));
}
