// Test-only ESM hook, loaded with `node --import` into the CLI or the action under test: every function of
// node:child_process that starts a process is replaced by one that records the call and throws, except
// `git` started the one way Shipgate starts it (src/base/git.ts: `--no-pager --literal-pathspecs -C <root>
// -c core.fsmonitor=false ...`, with an environment that names no other repository) when
// SHIPGATE_GUARD_MODE is `git-only` (the default). Mode `none` refuses
// git too, to prove the run degrades instead of crashing.
// At exit it also records whether Object.prototype was polluted during the run.
import { appendFileSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";

const require = createRequire(import.meta.url);
const childProcess = require("node:child_process");
const logFile = process.env.SHIPGATE_GUARD_LOG;
const mode = process.env.SHIPGATE_GUARD_MODE || "git-only";
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(",");

function record(entry) {
  if (logFile) appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
}

/** The argv prefix of src/base/git.ts's gitArgv: the only way Shipgate runs git. */
const GIT_PREFIX = ["--no-pager", "--literal-pathspecs", "-C"];
const GIT_SETTINGS = ["-c", "core.fsmonitor=false", "-c", "log.showSignature=false"];

function gitAllowed(file, argv, options) {
  if (mode !== "git-only" || file !== "git") return false;
  if (!GIT_PREFIX.every((a, i) => argv[i] === a)) return false;
  if (!GIT_SETTINGS.every((a, i) => argv[GIT_PREFIX.length + 1 + i] === a)) return false;
  // The shared runner's environment: never prompts, and nothing points git at another repository.
  const env = options && typeof options === "object" ? options.env : undefined;
  if (!env || env.GIT_TERMINAL_PROMPT !== "0") return false;
  return ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR"].every((v) => env[v] === undefined);
}

const CAN_RUN_GIT = new Set(["execFile", "spawn", "execFileSync", "spawnSync"]);

for (const name of ["spawn", "exec", "execFile", "fork", "spawnSync", "execSync", "execFileSync"]) {
  const original = childProcess[name];
  childProcess[name] = function guarded(file, args, ...rest) {
    const argv = Array.isArray(args) ? args.map(String) : [];
    const allowed = CAN_RUN_GIT.has(name) && gitAllowed(String(file), argv, rest[0]);
    record({ fn: name, file: String(file), argv, allowed });
    if (!allowed) throw new Error(`spawn-guard: ${name}(${String(file)}) is not allowed in this test`);
    return original.call(this, file, args, ...rest);
  };
}
syncBuiltinESMExports();

process.on("exit", () => {
  const keys = Object.getOwnPropertyNames(Object.prototype).sort().join(",");
  record({ exit: true, polluted: {}.polluted !== undefined || keys !== PROTOTYPE_KEYS, keys });
});
