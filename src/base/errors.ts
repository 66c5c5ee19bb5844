// The errors of Shipgate, sorted by who can fix them. EvidenceError is what a file read or a parser throws
// when evidence cannot be used (shared by the views, the parsers and the evidence kinds).

/** Why a piece of evidence could not be read: a message for a person, never a stack trace. */
export class EvidenceError extends Error {
  constructor(
    message: string,
    /** `missing` is a fail (no evidence); `unreadable` is an error (evidence exists but cannot be used). */
    readonly reason: "missing" | "unreadable",
  ) {
    super(message);
    this.name = "EvidenceError";
  }
}

// What went wrong, sorted by who can fix it: the user (a bad input, readiness file, environment variable
// or command line), the service (GitHub, git or the machine), or Shipgate itself (a defect). Each entry
// point maps these to its exit code and one line; none of them ever shows a stack trace.

/** Something the user must fix; the message says what and how. */
export class UserError extends Error {
  override name = "UserError";
}

/** GitHub, git or the machine failed; the message says which call and why. Not a defect, not the user's. */
export class ServiceError extends Error {
  override name = "ServiceError";
}

/** Neither the user's nor the service's: a defect in Shipgate, reported as one. */
export function isDefect(err: unknown): boolean {
  if (err instanceof UserError || err instanceof ServiceError) return false;
  // The repository could not be read as asked (it names the path and why).
  if (err instanceof EvidenceError) return false;
  // The operating system refused (ENOENT, EACCES, ENOSPC…): the machine's, not Shipgate's.
  if (err instanceof Error && typeof (err as { code?: unknown }).code === "string") return false;
  // Octokit's RequestError (it carries the HTTP status): GitHub answered with an error or not at all.
  return !(
    typeof err === "object" &&
    err !== null &&
    typeof (err as { status?: unknown }).status === "number"
  );
}

/** The first non-empty line of an error's message. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "unknown error").trim();
}

/** One line for a defect: what broke, and that it is Shipgate's to fix. */
export function defectLine(err: unknown): string {
  const kind = err instanceof Error ? err.name : typeof err;
  return `a defect in Shipgate (${kind}: ${firstLine(err)}); please report it to the Shipgate maintainers with this line`;
}
