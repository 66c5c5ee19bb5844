// Which files are readiness files by default: its own module so the command line's --help can say it
// without loading the YAML reader and zod (load.ts re-exports it).
export const DEFAULT_READINESS_GLOB = "**/readiness.{yml,yaml}";
