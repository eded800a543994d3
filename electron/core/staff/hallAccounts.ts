/**
 * The hall's staff accounts applied at this counter (configuration flowing down,
 * base/contract/hallConfig.ts): one password for a person at every counter of the hall, and a
 * lock, reset, role change or deactivation made on the hall page reaches this counter at its
 * next sync. The hall's hash is stored as given (the same scrypt format; never re-hashed), so
 * sign-in here checks the hall's password even while the hall is away.
 *
 * Runs inside the caller's transaction (sync/hallConfig.ts applies every kind at once).
 */
import type { StaffAccount } from '../../../base/contract/hallConfig';
import type { Clock } from '../../../base/clock';
import type { Db } from '../storage/db';
import type { AuditLog } from '../audit/auditLog';
import type { Credentials } from './credentials';
import type { SessionStore } from './sessions';
import type { StaffRecord, StaffRepo } from './staffRepo';
import { staffErrors } from './errors';
import { COUNTER_ROLES, type CounterRole } from '../../../base/contract/roles';

/** What changed for one account, named for the audit (never the hash itself). */
export type AccountChange = 'created' | 'name' | 'role' | 'secret' | 'locked' | 'unlocked' | 'deactivated' | 'reactivated' | 'not_on_hall';

export interface AppliedAccount {
  staffNo: string;
  changes: AccountChange[];
  sessionsEnded: number;
}

/** True once the hall manages staff here: this counter's own staff management is then read-only. */
export function hallManagesStaff(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM hall_config WHERE kind = 'staff'`).get() !== undefined;
}

export class HallAccounts {
  constructor(
    private readonly db: Db,
    private readonly repo: StaffRepo,
    private readonly credentials: Credentials,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Upserts the accounts by staff number. `full`: the list is every account the hall has, so a
   * local account not in it is deactivated (never deleted: records name it). Returns what changed.
   */
  apply(accounts: StaffAccount[], full: boolean, counterId: string | null): AppliedAccount[] {
    const now = this.clock.now();
    const changed: { staffNo: string; changes: AccountChange[]; version: number | null; role?: StaffRecord['role'] }[] = [];
    const seen = new Set<string>();
    for (const a of accounts) {
      if (!isCounterRole(a.role)) {
        // The floating guide works on the hall page only: no account at a counter. Someone who
        // becomes a guide stops signing in here (deactivated, never deleted: records name them).
        const local = this.repo.get(a.staffNo);
        if (local?.active) {
          this.repo.deactivate(a.staffNo, now);
          changed.push({ staffNo: a.staffNo, changes: ['deactivated'], version: a.version });
        }
        seen.add(a.staffNo);
        continue;
      }
      seen.add(a.staffNo);
      const changes = diff(this.repo.get(a.staffNo), a);
      this.db
        .prepare(
          `INSERT INTO staff (staff_no, name, role, active, secret_kind, secret_hash, created_at, updated_at, locked, hall_version)
           VALUES (@staffNo, @name, @role, @active, @secretKind, @secretHash, @now, @now, @locked, @version)
           ON CONFLICT (staff_no) DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active,
             secret_kind = excluded.secret_kind, secret_hash = excluded.secret_hash, locked = excluded.locked,
             hall_version = excluded.hall_version, updated_at = excluded.updated_at`,
        )
        .run({ staffNo: a.staffNo, name: a.name, role: a.role, active: a.active ? 1 : 0, secretKind: a.secretKind, secretHash: a.secretHash, now, locked: a.locked ? 1 : 0, version: a.version });
      if (changes.length > 0) changed.push({ staffNo: a.staffNo, changes, version: a.version, role: a.role });
    }
    if (full) {
      for (const r of this.repo.list()) {
        if (seen.has(r.staffNo) || !r.active) continue;
        this.repo.deactivate(r.staffNo, now);
        changed.push({ staffNo: r.staffNo, changes: ['not_on_hall'], version: null });
      }
    }
    // Before anyone is signed out: a counter nobody may administer is refused (the caller's savepoint rolls the rows back).
    const admins = (this.db.prepare(`SELECT count(*) AS n FROM staff WHERE role = 'admin' AND active = 1 AND locked = 0`).get() as { n: number }).n;
    if (admins === 0) throw staffErrors.noAdminFromHall();
    return changed.map((c) => this.settle(c.staffNo, c.changes, c.version, counterId, c.role ? { role: c.role } : {}));
  }

  /**
   * The account's sessions at this counter follow the change as the counter's own staff
   * management does: a new secret, a lock or a deactivation signs the person out (and a new
   * secret lifts a lockout); a role change takes effect in the open sessions at once.
   */
  private settle(staffNo: string, changes: AccountChange[], version: number | null, counterId: string | null, patch: { role?: StaffRecord['role'] }): AppliedAccount {
    const ends = changes.some((c) => c === 'secret' || c === 'locked' || c === 'deactivated' || c === 'not_on_hall');
    let sessionsEnded = 0;
    for (const s of this.sessions.forStaff(staffNo)) {
      if (ends) sessionsEnded += this.sessions.end(s.sessionId) ? 1 : 0;
      else if (patch.role) this.sessions.update(s.sessionId, { role: patch.role });
    }
    if (changes.includes('secret')) this.credentials.clearLockout(staffNo);
    this.audit.append({ kind: 'staff.synced', actor: null, counterId, detail: { staffNo, hallVersion: version, changes, sessionsEnded } });
    return { staffNo, changes, sessionsEnded };
  }
}

function diff(before: StaffRecord | null, a: StaffAccount): AccountChange[] {
  if (!before) return ['created'];
  const c: AccountChange[] = [];
  if (before.name !== a.name) c.push('name');
  if (before.role !== a.role) c.push('role');
  if (before.secretHash !== a.secretHash || before.secretKind !== a.secretKind) c.push('secret');
  if (before.locked !== a.locked) c.push(a.locked ? 'locked' : 'unlocked');
  if (before.active !== a.active) c.push(a.active ? 'reactivated' : 'deactivated');
  return c;
}

function isCounterRole(role: string): role is CounterRole {
  return (COUNTER_ROLES as readonly string[]).includes(role);
}
