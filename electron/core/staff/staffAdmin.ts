/**
 * First-start setup and the administrator's staff management. Staff are never deleted (the
 * audit log names them); leaving staff are deactivated and their number is never reused.
 */
import type { Role } from '../../../base/contract/roles';
import { COUNTER_ROLES } from '../../../base/contract/roles';
import { BilingualError } from '../../../base/contract/errors';
import type { AuditLog } from '../audit/auditLog';
import { AUDIT_KINDS } from '../audit/kinds';
import type { Clock } from '../../../base/clock';
import type { Db } from '../storage/db';
import type { Credentials } from './credentials';
import { staffErrors } from './errors';
import { checkRole, STAFF_ADMIN_ROLES, type Actor } from './roles';
import { verifySecret } from '../../../base/node/secretHash';
import { assertStaffNo, checkNewSecret, normaliseStaffName, roleNeedsPassword, staffRuleErrors } from '../../../base/staffRules';
import type { SessionStore } from './sessions';
import type { StaffMember } from '../../../base/contract/staff';
import { publicStaff, type StaffRepo } from './staffRepo';
import { hallManagesStaff } from './hallAccounts';

export interface NewStaff {
  staffNo: string;
  name: string;
  role: Role;
  /** The first PIN (clerks) or password. */
  secret: string;
}

export class StaffAdmin {
  constructor(
    private readonly db: Db,
    private readonly repo: StaffRepo,
    private readonly credentials: Credentials,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** True until an active administrator exists: the UI then shows the setup screen. */
  needsSetup(): boolean {
    return this.repo.countActive('admin') === 0;
  }

  /** Only while needsSetup(): there is never a default password to forget to change. */
  createFirstAdmin(input: { staffNo: string; name: string; password: string }, counterId: string | null = null): StaffMember {
    // One transaction: two windows submitting setup at once cannot create two first admins.
    const run = this.db.transaction(() => {
      if (!this.needsSetup()) throw staffErrors.setupDone();
      const m = this.insertStaff({ staffNo: input.staffNo, name: input.name, role: 'admin', secret: input.password });
      this.audit.append({ kind: AUDIT_KINDS.staffSetup, actor: m.staffNo, counterId, detail: { staffNo: m.staffNo, role: 'admin' } });
      return m;
    });
    return run.immediate();
  }

  list(actor: Actor): StaffMember[] {
    this.requireAdmin(actor);
    return this.repo.list().map(publicStaff);
  }

  create(actor: Actor, input: NewStaff): StaffMember {
    this.requireAdmin(actor);
    this.refuseWhileHallManages();
    return this.db.transaction(() => {
      const m = this.insertStaff(input);
      this.audit.append({ kind: AUDIT_KINDS.staffCreate, actor: actor.staffNo, counterId: actor.counterId, detail: { staffNo: m.staffNo, role: m.role } });
      return m;
    }).immediate();
  }

  /**
   * Promotion from clerk to a role that needs a password takes the new password in the same
   * step, so nobody ever holds a manager role behind a 4-digit PIN.
   */
  changeRole(actor: Actor, staffNo: string, role: Role, newSecret?: string): StaffMember {
    this.requireAdmin(actor);
    this.refuseWhileHallManages();
    checkRoleName(role);
    return this.db.transaction(() => {
      const rec = this.mustGet(staffNo);
      if (rec.role === 'admin' && role !== 'admin' && rec.active && this.repo.countActive('admin') <= 1) throw staffErrors.lastAdmin();
      const now = this.clock.now();
      if (roleNeedsPassword(role) && rec.secretKind === 'pin' && newSecret === undefined) throw staffRuleErrors.needsPassword(role);
      if (newSecret !== undefined) {
        const kind = checkNewSecret(newSecret, role, rec.staffNo);
        this.repo.setSecret(rec.staffNo, kind, this.credentials.hash(newSecret), now);
      }
      this.repo.setRole(rec.staffNo, role, now);
      // Takes effect at once: a demoted manager must not keep approving until they sign out.
      for (const s of this.sessions.forStaff(rec.staffNo)) this.sessions.update(s.sessionId, { role });
      this.audit.append({
        kind: AUDIT_KINDS.staffRole,
        actor: actor.staffNo,
        counterId: actor.counterId,
        detail: { staffNo: rec.staffNo, before: rec.role, after: role, secretReset: newSecret !== undefined },
      });
      return publicStaff(this.mustGet(rec.staffNo));
    }).immediate();
  }

  /**
   * For a forgotten PIN: also lifts a lockout, which is usually why the clerk is asking. Ends the
   * person's sessions everywhere: whoever knew the old secret and is signed in with it is out.
   */
  resetSecret(actor: Actor, staffNo: string, secret: string): StaffMember {
    this.requireAdmin(actor);
    this.refuseWhileHallManages();
    return this.db.transaction(() => {
      const rec = this.mustGet(staffNo);
      const kind = checkNewSecret(secret, rec.role, rec.staffNo);
      this.repo.setSecret(rec.staffNo, kind, this.credentials.hash(secret), this.clock.now());
      this.credentials.clearLockout(rec.staffNo);
      const ended = this.sessions.forStaff(rec.staffNo).filter((s) => this.sessions.end(s.sessionId)).length;
      this.audit.append({ kind: AUDIT_KINDS.staffSecretReset, actor: actor.staffNo, counterId: actor.counterId, detail: { staffNo: rec.staffNo, kind, sessionsEnded: ended } });
      return publicStaff(this.mustGet(rec.staffNo));
    }).immediate();
  }

  /** Anyone signed in may change their own PIN/password, proving the current one first. */
  changeOwnSecret(actor: Actor, current: string, next: string): void {
    checkRole(actor, 'signed-in');
    // One password at every counter of the hall: it is changed on the hall, where the administrator resets it.
    this.refuseWhileHallManages();
    const rec = this.mustGet(actor.staffNo);
    if (typeof current !== 'string' || !verifySecret(current, rec.secretHash)) {
      throw new BilingualError('SECRET_WRONG', '当前 PIN/密码不正确 — 请重新输入', 'The current PIN/password is wrong — enter it again');
    }
    const kind = checkNewSecret(next, rec.role, rec.staffNo);
    this.repo.setSecret(rec.staffNo, kind, this.credentials.hash(next), this.clock.now());
    this.audit.append({ kind: AUDIT_KINDS.staffSecretChange, actor: actor.staffNo, counterId: actor.counterId, detail: { kind } });
  }

  /** Signs the person out everywhere at once; refuses to leave the hall without an administrator. */
  deactivate(actor: Actor, staffNo: string): StaffMember {
    this.requireAdmin(actor);
    this.refuseWhileHallManages();
    return this.db.transaction(() => {
      const rec = this.mustGet(staffNo);
      if (!rec.active) return publicStaff(rec);
      if (rec.role === 'admin' && this.repo.countActive('admin') <= 1) throw staffErrors.lastAdmin();
      this.repo.deactivate(rec.staffNo, this.clock.now());
      for (const s of this.sessions.forStaff(rec.staffNo)) this.sessions.end(s.sessionId);
      this.audit.append({ kind: AUDIT_KINDS.staffDeactivate, actor: actor.staffNo, counterId: actor.counterId, detail: { staffNo: rec.staffNo } });
      return publicStaff(this.mustGet(rec.staffNo));
    }).immediate();
  }

  private insertStaff(input: NewStaff): StaffMember {
    const staffNo = assertStaffNo(input.staffNo);
    const name = normaliseStaffName(input.name);
    checkRoleName(input.role);
    const kind = checkNewSecret(input.secret, input.role, staffNo);
    if (this.repo.get(staffNo)) throw staffErrors.staffExists(staffNo);
    const now = this.clock.now();
    this.repo.insert({ staffNo, name, role: input.role, active: true, secretKind: kind, secretHash: this.credentials.hash(input.secret), createdAt: now });
    return publicStaff(this.mustGet(staffNo));
  }

  /** Once the hall manages staff, a change made here would be overwritten by the next sync, or part this counter from the hall. */
  private refuseWhileHallManages(): void {
    if (hallManagesStaff(this.db)) throw staffErrors.managedByHall();
  }

  /** Checked here as well as in the dispatcher: core does not rely on one gate. */
  private requireAdmin(actor: Actor): void {
    checkRole(actor, STAFF_ADMIN_ROLES);
    // The role in a session is a snapshot; the database has the final word.
    const rec = this.repo.get(actor.staffNo);
    if (!rec || !rec.active) throw staffErrors.inactive(actor.staffNo);
    if (rec.role !== 'admin') throw staffErrors.forbiddenRole(rec.role, STAFF_ADMIN_ROLES);
  }

  private mustGet(staffNo: string) {
    const rec = this.repo.get(assertStaffNo(staffNo));
    if (!rec) throw staffErrors.unknownStaff(staffNo);
    return rec;
  }
}

function checkRoleName(role: unknown): asserts role is Role {
  if (!(COUNTER_ROLES as readonly unknown[]).includes(role)) {
    throw new BilingualError('ROLE_INVALID', '角色不正确（营业员、值班经理或管理员）', 'Invalid role (clerk, duty manager or administrator)');
  }
}
