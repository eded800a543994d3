/**
 * Repeated wrong PINs lock a staff number for a growing time: a few free tries for typos, then
 * 30 s, 60 s, 120 s … capped, so guessing a 4-digit PIN takes days instead of minutes.
 * Kept in SQLite (not memory) so restarting the app does not reset it, and timed with the
 * injected clock so tests can move time.
 */
import type { Clock } from '../../../base/clock';
import { DEFAULT_LOCKOUT, delayAfter, type LockoutPolicy, type LockoutState } from '../../../base/lockoutPolicy';
import type { Db } from '../storage/db';

interface Row {
  failures: number;
  last_failure_at: number;
  locked_until: number;
}

export class Lockout {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
  ) {}

  state(staffNo: string): LockoutState {
    const r = this.db.prepare('SELECT failures, last_failure_at, locked_until FROM signin_failure WHERE staff_no = ?').get(staffNo) as Row | undefined;
    if (!r) return { failures: 0, lockedUntil: 0 };
    if (this.clock.now() - r.last_failure_at >= this.policy.forgetAfterMs) return { failures: 0, lockedUntil: 0 };
    return { failures: r.failures, lockedUntil: r.locked_until };
  }

  /** Milliseconds still to wait before another try is even checked; 0 when free. */
  remainingMs(staffNo: string): number {
    return Math.max(0, this.state(staffNo).lockedUntil - this.clock.now());
  }

  recordFailure(staffNo: string): LockoutState {
    const now = this.clock.now();
    const failures = this.state(staffNo).failures + 1;
    const wait = delayAfter(failures, this.policy);
    const lockedUntil = wait > 0 ? now + wait : 0;
    this.db
      .prepare(
        `INSERT INTO signin_failure (staff_no, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (staff_no) DO UPDATE SET failures = excluded.failures,
           last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
      )
      .run(staffNo, failures, now, lockedUntil);
    return { failures, lockedUntil };
  }

  /** A correct PIN, or an administrator's reset, starts afresh. */
  clear(staffNo: string): void {
    this.db.prepare('DELETE FROM signin_failure WHERE staff_no = ?').run(staffNo);
  }
}
