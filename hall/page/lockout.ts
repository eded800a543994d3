/**
 * Wrong passwords at the hall page's sign-in and unlock slow the guesser down on the counter's
 * schedule (base/lockoutPolicy.ts), per staff number, kept in the hall's database so a restart
 * (or another hall process) does not forget them.
 */
import { DEFAULT_LOCKOUT, delayAfter, type LockoutPolicy, type LockoutState } from '../../base/lockoutPolicy';
import type { Queryable } from '../storage/port';

export class HallLockout {
  constructor(private readonly now: () => number, private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT) {}

  async state(q: Queryable, staffNo: string): Promise<LockoutState> {
    const r = (await q.query<{ failures: number; last_failure_at: number; locked_until: number }>(
      'SELECT failures, last_failure_at, locked_until FROM hall_signin_failure WHERE staff_no = $1', [staffNo],
    )).rows[0];
    if (!r || this.now() - r.last_failure_at >= this.policy.forgetAfterMs) return { failures: 0, lockedUntil: 0 };
    return { failures: r.failures, lockedUntil: r.locked_until };
  }

  async remainingMs(q: Queryable, staffNo: string): Promise<number> {
    return Math.max(0, (await this.state(q, staffNo)).lockedUntil - this.now());
  }

  async recordFailure(q: Queryable, staffNo: string): Promise<LockoutState> {
    const now = this.now();
    const failures = (await this.state(q, staffNo)).failures + 1;
    const wait = delayAfter(failures, this.policy);
    const lockedUntil = wait > 0 ? now + wait : 0;
    await q.query(
      `INSERT INTO hall_signin_failure (staff_no, failures, last_failure_at, locked_until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (staff_no) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
      [staffNo, failures, now, lockedUntil],
    );
    return { failures, lockedUntil };
  }

  async clear(q: Queryable, staffNo: string): Promise<void> {
    await q.query('DELETE FROM hall_signin_failure WHERE staff_no = $1', [staffNo]);
  }
}
