// Test-only ESM hook, loaded with `node --import` into the CLI or the action under test: every function of
// node:child_process that starts a process is replaced by one that records the call and throws, except
// `git` with the fixed argv shapes Shipgate uses (`--no-pager ... -C <root> ...`, and the CLI's
// `rev-parse --show-toplevel`) when SHIPGATE_GUARD_MODE is `git-only` (the default). Mode `none` refuses
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

/** The only argv shapes Shipgate runs git with: reading history of a given root, or finding the root (CLI). */
function gitAllowed(file, argv) {
  if (mode !== "git-only" || file !== "git") return false;
  if (argv[0] === "--no-pager" && argv.includes("-C")) return true;
  return argv.length === 2 && argv[0] === "rev-parse" && argv[1] === "--show-toplevel";
}

const CAN_RUN_GIT = new Set(["execFile", "spawn", "execFileSync", "spawnSync"]);

for (const name of ["spawn", "exec", "execFile", "fork", "spawnSync", "execSync", "execFileSync"]) {
  const original = childProcess[name];
  childProcess[name] = function guarded(file, args, ...rest) {
    const argv = Array.isArray(args) ? args.map(String) : [];
    const allowed = CAN_RUN_GIT.has(name) && gitAllowed(String(file), argv);
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
