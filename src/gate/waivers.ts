// Waiver time: a waiver holds through the END of its `expires` day (UTC) and is flagged EXPIRING_WITHIN_DAYS ahead.

/** A waiver that lapses within this many days (its expiry date at most this far from today) is flagged. */
export const EXPIRING_WITHIN_DAYS = 7;

const DAY_MS = 86_400_000;

/**
 * Whole calendar days (UTC) from `now` to the waiver's expiry date: 0 when it expires today (it still
 * holds), 1 tomorrow, -1 when it lapsed at the end of yesterday. An unreadable date counts as lapsed.
 */
export function daysLeft(expires: string, now: Date): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expires);
  if (!m) return -1;
  const expiry = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-13-01 over into 2027: only a date that reads back the same is real.
  if (Number.isNaN(expiry) || new Date(expiry).toISOString().slice(0, 10) !== expires) return -1;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((expiry - today) / DAY_MS);
}

export function isExpired(days: number): boolean {
  return days < 0;
}

export function isExpiring(days: number): boolean {
  return days >= 0 && days <= EXPIRING_WITHIN_DAYS;
}
