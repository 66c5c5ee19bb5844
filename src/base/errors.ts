// The error a file read or a parser throws when evidence cannot be used: shared by the repository views,
// the parsers and the evidence kinds, so none of them imports another's module for it.

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
