/**
 * The hall's staff accounts: one account — one password — for a person at every counter of
 * the hall. The administrator creates accounts, resets passwords, locks and unlocks them,
 * changes roles and deactivates departed people on the hall page; each change is the next
 * staff version (hallConfig.ts), kept with who and when, audited, and ends the person's hall
 * page sessions where it takes something away. Counters fetch the accounts changed since their
 * version, hashes included (the same scrypt format as the counter's own, base/node/secretHash.ts),
 * so a reset or a lock reaches every counter at its next sync, and a password works offline.
 *
 * The rules for numbers, names, PINs and passwords are the counter's own (base/staffRules.ts).
 */
import { BilingualError } from '../../base/contract/errors';
import type { StaffAccount } from '../../base/contract/hallConfig';
import type { Role } from '../../base/contract/roles';
import type { SecretKind } from '../../base/contract/staff';
import { DEFAULT_SCRYPT, hashSecretAsync, type ScryptParams } from '../../base/node/secretHash';
import { canonicalStaffNo, checkNewSecret, normaliseStaffName, roleNeedsPassword, staffRuleErrors } from '../../base/staffRules';
import { recordAudit, type HallActor, type HallAuditAction } from '../audit';
import { signal } from '../signals';
import type { HallStore, Queryable } from '../storage/port';
import { hallNow } from '../time';
import { nextVersion, recordChange } from './versions';

/** What the hall page shows of an account: never the hash. */
export interface StaffView {
  staffNo: string;
  name: string;
  role: Role;
  active: boolean;
  locked: boolean;
  secretKind: SecretKind;
  version: number;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  staff_no: string;
  name: string;
  role: Role;
  active: boolean;
  locked: boolean;
  secret_kind: SecretKind;
  secret_hash: string;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface StaffRecord extends StaffView {
  secretHash: string;
}

function record(r: Row): StaffRecord {
  return {
    staffNo: r.staff_no, name: r.name, role: r.role, active: r.active, locked: r.locked, secretKind: r.secret_kind,
    secretHash: r.secret_hash, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export function viewOf(r: StaffRecord): StaffView {
  const { secretHash: _hash, ...view } = r;
  return view;
}

export const hallStaffErrors = {
  exists: (staffNo: string) =>
    new BilingualError('STAFF_EXISTS', `工号 ${staffNo} 已存在（停用的工号也不能重复使用）— 请换一个工号`, `Staff number ${staffNo} already exists (deactivated numbers are not reused) — choose another`),
  unknown: (staffNo: string) =>
    new BilingualError('STAFF_NOT_FOUND', `大厅没有工号 ${staffNo} — 请核对后重试`, `The hall has no staff number ${staffNo} — check it and try again`),
  inactive: (staffNo: string) =>
    new BilingualError('STAFF_INACTIVE', `工号 ${staffNo} 已停用，不能再更改 — 如需恢复请新建账号`, `Staff number ${staffNo} is deactivated and cannot be changed — create a new account if needed`),
  lastAdmin: () =>
    new BilingualError(
      'LAST_ADMIN',
      '这是大厅最后一位可用的管理员，不能停用、锁定或降级 — 请先任命另一位管理员',
      "This is the hall's last usable administrator and cannot be deactivated, locked or demoted — appoint another administrator first",
    ),
};

/** Thrown inside a change's transaction when there is nothing to change, to roll it back. */
class NoChange {
  constructor(readonly view: StaffView) {}
}

/** Whose changes end a person's hall page sessions: whoever knew the old password, or lost a right. */
const ENDS_SESSIONS: ReadonlySet<HallAuditAction> = new Set(['staff.reset', 'staff.lock', 'staff.role', 'staff.deactivate']);

export class HallStaff {
  constructor(private readonly store: HallStore, readonly scrypt: ScryptParams = DEFAULT_SCRYPT) {}

  async list(): Promise<StaffView[]> {
    const r = await this.store.query<Row>('SELECT * FROM hall_staff ORDER BY active DESC, role DESC, staff_no');
    return r.rows.map((x) => viewOf(record(x)));
  }

  async get(q: Queryable, staffNo: string): Promise<StaffRecord | null> {
    const r = await q.query<Row>('SELECT * FROM hall_staff WHERE staff_no = $1', [staffNo]);
    return r.rows[0] ? record(r.rows[0]) : null;
  }

  /** True until the hall has an active, unlocked administrator (the first start). */
  async setupNeeded(q: Queryable = this.store): Promise<boolean> {
    return (await this.usableAdmins(q, null)) === 0;
  }

  async create(actor: HallActor, input: { staffNo: string; name: string; role: Role; secret: string }, opts: { onlyFirstAdmin?: boolean } = {}): Promise<StaffView> {
    const staffNo = canonicalStaffNo(input.staffNo);
    const name = normaliseStaffName(input.name);
    const kind = checkNewSecret(input.secret, input.role, staffNo);
    const hash = await hashSecretAsync(input.secret, this.scrypt);
    return this.store.tx(async (q) => {
      // The version first: it holds the kind's row, so two first-start pages get one administrator.
      const version = await nextVersion(q, 'staff');
      if (opts.onlyFirstAdmin && !(await this.setupNeeded(q))) {
        throw new BilingualError('SETUP_DONE', '大厅已有管理员，首次设置已完成 — 请由现有管理员添加人员', 'The hall already has an administrator and first-start setup is done — ask an existing administrator to add staff');
      }
      if (await this.get(q, staffNo)) throw hallStaffErrors.exists(staffNo);
      const now = await hallNow(q);
      await q.query(
        `INSERT INTO hall_staff (staff_no, name, role, active, locked, secret_kind, secret_hash, version, created_at, updated_at)
         VALUES ($1, $2, $3, true, false, $4, $5, $6, $7, $7)`,
        [staffNo, name, input.role, kind, hash, version, now],
      );
      return this.changed(q, actor, opts.onlyFirstAdmin ? 'session.setup' : 'staff.create', staffNo, version, now, { role: input.role, kind });
    });
  }

  async resetSecret(actor: HallActor, input: { staffNo: string; secret: string }): Promise<StaffView> {
    const staffNo = canonicalStaffNo(input.staffNo);
    const current = await this.mustGet(this.store, staffNo);
    const kind = checkNewSecret(input.secret, current.role, staffNo);
    const hash = await hashSecretAsync(input.secret, this.scrypt);
    return this.change(actor, 'staff.reset', staffNo, async (q, rec, version, now) => {
      // The role may have changed while the hash was made: check the secret against it again.
      if (checkNewSecret(input.secret, rec.role, staffNo) !== kind) throw staffRuleErrors.needsPassword(rec.role);
      await q.query('UPDATE hall_staff SET secret_kind = $2, secret_hash = $3, version = $4, updated_at = $5 WHERE staff_no = $1', [staffNo, kind, hash, version, now]);
      // A reset is usually why someone was locked out: their wrong tries start afresh.
      await q.query('DELETE FROM hall_signin_failure WHERE staff_no = $1', [staffNo]);
      return { kind };
    });
  }

  async setLocked(actor: HallActor, input: { staffNo: string; locked: boolean }): Promise<StaffView> {
    const staffNo = canonicalStaffNo(input.staffNo);
    return this.change(actor, input.locked ? 'staff.lock' : 'staff.unlock', staffNo, async (q, rec, version, now) => {
      if (rec.locked === input.locked) return null;
      if (input.locked && rec.role === 'admin' && (await this.usableAdmins(q, staffNo)) === 0) throw hallStaffErrors.lastAdmin();
      await q.query('UPDATE hall_staff SET locked = $2, version = $3, updated_at = $4 WHERE staff_no = $1', [staffNo, input.locked, version, now]);
      if (!input.locked) await q.query('DELETE FROM hall_signin_failure WHERE staff_no = $1', [staffNo]);
      return {};
    });
  }

  async changeRole(actor: HallActor, input: { staffNo: string; role: Role; secret?: string }): Promise<StaffView> {
    const staffNo = canonicalStaffNo(input.staffNo);
    const kind = input.secret !== undefined ? checkNewSecret(input.secret, input.role, staffNo) : null;
    const hash = input.secret !== undefined ? await hashSecretAsync(input.secret, this.scrypt) : null;
    return this.change(actor, 'staff.role', staffNo, async (q, rec, version, now) => {
      if (rec.role === input.role && hash === null) return null;
      if (rec.role === 'admin' && input.role !== 'admin' && (await this.usableAdmins(q, staffNo)) === 0) throw hallStaffErrors.lastAdmin();
      // Promotion to a role that approves money needs a password in the same step (the counter's rule).
      if (roleNeedsPassword(input.role) && rec.secretKind === 'pin' && hash === null) throw staffRuleErrors.needsPassword(input.role);
      await q.query(
        'UPDATE hall_staff SET role = $2, secret_kind = coalesce($3, secret_kind), secret_hash = coalesce($4, secret_hash), version = $5, updated_at = $6 WHERE staff_no = $1',
        [staffNo, input.role, kind, hash, version, now],
      );
      return { from: rec.role, to: input.role, secretChanged: hash !== null };
    });
  }

  async deactivate(actor: HallActor, input: { staffNo: string }): Promise<StaffView> {
    const staffNo = canonicalStaffNo(input.staffNo);
    return this.change(actor, 'staff.deactivate', staffNo, async (q, rec, version, now) => {
      if (rec.role === 'admin' && (await this.usableAdmins(q, staffNo)) === 0) throw hallStaffErrors.lastAdmin();
      await q.query('UPDATE hall_staff SET active = false, version = $2, updated_at = $3 WHERE staff_no = $1', [staffNo, version, now]);
      return {};
    });
  }

  /** Every account changed after a staff version (all when 0), hashes included: for the counters. */
  async changesSince(q: Queryable, since: number): Promise<StaffAccount[]> {
    const r = await q.query<Row>('SELECT * FROM hall_staff WHERE version > $1 ORDER BY version, staff_no', [since]);
    return r.rows.map((x) => ({
      staffNo: x.staff_no, name: x.name, role: x.role, active: x.active, locked: x.locked, secretKind: x.secret_kind,
      secretHash: x.secret_hash, version: x.version, changedAt: x.updated_at,
    }));
  }

  /** Active, unlocked administrators other than `except`. */
  private async usableAdmins(q: Queryable, except: string | null): Promise<number> {
    const r = await q.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM hall_staff WHERE role = 'admin' AND active AND NOT locked AND ($1::text IS NULL OR staff_no <> $1)",
      [except],
    );
    return r.rows[0]!.n;
  }

  private async mustGet(q: Queryable, staffNo: string, lock = false): Promise<StaffRecord> {
    const r = await q.query<Row>(`SELECT * FROM hall_staff WHERE staff_no = $1${lock ? ' FOR UPDATE' : ''}`, [staffNo]);
    if (!r.rows[0]) throw hallStaffErrors.unknown(staffNo);
    return record(r.rows[0]);
  }

  /**
   * One change of one account in one transaction: the next staff version, the account updated
   * by `apply` (which returns null for "nothing to change": the transaction rolls back and no
   * version is spent), the change kept and audited, the person's sessions ended where the
   * change takes something away.
   */
  private async change(
    actor: HallActor,
    action: HallAuditAction,
    staffNo: string,
    apply: (q: Queryable, rec: StaffRecord, version: number, now: number) => Promise<Record<string, unknown> | null>,
  ): Promise<StaffView> {
    try {
      return await this.store.tx(async (q) => {
        // The kind's version first, then the account: every staff change takes its locks in that order.
        const version = await nextVersion(q, 'staff');
        const rec = await this.mustGet(q, staffNo, true);
        if (!rec.active) {
          if (action === 'staff.deactivate') throw new NoChange(viewOf(rec));
          throw hallStaffErrors.inactive(staffNo);
        }
        const now = await hallNow(q);
        const detail = await apply(q, rec, version, now);
        // Nothing to change: roll back, so no version is spent.
        if (detail === null) throw new NoChange(viewOf(rec));
        if (ENDS_SESSIONS.has(action)) {
          const ended = await q.query('DELETE FROM hall_session WHERE staff_no = $1 RETURNING staff_no', [staffNo]);
          detail.sessionsEnded = ended.rows.length;
          await signal(q, { type: 'sessions', staffNo });
        }
        return this.changed(q, actor, action, staffNo, version, now, detail);
      });
    } catch (e) {
      if (e instanceof NoChange) return e.view;
      throw e;
    }
  }

  private async changed(q: Queryable, actor: HallActor, action: HallAuditAction, staffNo: string, version: number, now: number, detail: Record<string, unknown>): Promise<StaffView> {
    const view = viewOf(await this.mustGet(q, staffNo));
    await recordChange(q, { kind: 'staff', version, at: now, actor: actor.staffNo, action, subject: staffNo, doc: { account: view, ...detail } });
    await recordAudit(q, actor, action, staffNo, { ...detail, version, role: view.role });
    await signal(q, { type: 'config', kind: 'staff', version });
    return view;
  }
}
