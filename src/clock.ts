// The one clock rule both entry points share: SHIPGATE_NOW pins "now" so that a report (waiver expiry,
// evidence age) can be reproduced later; unset, it is the real time.

import { UserError } from "./base/errors.js";

/** Thrown for a SHIPGATE_NOW that is not a date: a usage error, never a silent fallback to real time. */
export class ClockError extends UserError {
  override name = "ClockError";
}

export function clockFrom(pinned: string | undefined): Date {
  if (pinned === undefined || pinned.trim() === "") return new Date();
  const at = new Date(pinned);
  if (Number.isNaN(at.getTime())) throw new ClockError(`SHIPGATE_NOW is not a date: "${pinned}"`);
  return at;
}
