/**
 * How repeated wrong PINs and passwords slow a guesser down: a few free tries for typos, then
 * 30 s, 60 s, 120 s … capped, forgotten after a quiet day. The same schedule at the counter
 * (electron/core/staff/lockout.ts, kept in SQLite) and on the hall page's sign-in
 * (hall/page/lockout.ts, kept in PostgreSQL).
 */

export interface LockoutPolicy {
  /** Failures allowed before any waiting. */
  freeTries: number;
  /** Wait after the first failure beyond the free tries; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A quiet period after which old failures are forgotten (yesterday's typos do not count). */
  forgetAfterMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  freeTries: 3,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
};

export interface LockoutState {
  failures: number;
  /** Epoch ms; 0 or in the past when not locked. */
  lockedUntil: number;
}

/** The wait imposed after the `failures`-th failure in a row. */
export function delayAfter(failures: number, policy: LockoutPolicy = DEFAULT_LOCKOUT): number {
  if (failures < policy.freeTries) return 0;
  const doublings = Math.min(failures - policy.freeTries, 30);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** doublings);
}
