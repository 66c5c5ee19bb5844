// Reading what `shipgate init` wrote, for the init tests.

/** The comments of a readiness file as one line of prose, wherever they wrap. */
export function prose(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/^\s*#\s(?:#\s)?/, ""))
    .join(" ");
}
