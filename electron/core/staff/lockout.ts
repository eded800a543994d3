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

/** Where failures are counted: per staff number for sign-in, per counter for approval dialogs. */
export type LockoutScope = { table: 'signin_failure'; key: 'staff_no' } | { table: 'approval_failure'; key: 'counter_id' };
export const SIGNIN_SCOPE: LockoutScope = { table: 'signin_failure', key: 'staff_no' };
export const APPROVAL_SCOPE: LockoutScope = { table: 'approval_failure', key: 'counter_id' };

export class Lockout {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly scope: LockoutScope = SIGNIN_SCOPE,
  ) {}

  state(staffNo: string): LockoutState {
    const { table, key } = this.scope;
    const r = this.db.prepare(`SELECT failures, last_failure_at, locked_until FROM ${table} WHERE ${key} = ?`).get(staffNo) as Row | undefined;
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
    const { table, key } = this.scope;
    this.db
      .prepare(
        `INSERT INTO ${table} (${key}, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (${key}) DO UPDATE SET failures = excluded.failures,
           last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
      )
      .run(staffNo, failures, now, lockedUntil);
    return { failures, lockedUntil };
  }

  /** A correct PIN, or an administrator's reset, starts afresh. */
  clear(staffNo: string): void {
    this.db.prepare(`DELETE FROM ${this.scope.table} WHERE ${this.scope.key} = ?`).run(staffNo);
  }
}
