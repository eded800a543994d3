/**
 * Signing in to the hall page and its sessions. Only duty managers and administrators sign in
 * here (clerks sign in at their counters); the password is the same one their counters check.
 *
 * A session is a random token in the browser's HttpOnly cookie; the hall keeps only its sha256,
 * in the database (so several hall processes on one server share it, and a restart does not
 * sign everyone out). A session left alone for the idle time locks itself, on the server: every
 * call but unlock, whoami and sign-out is refused until the same person types their password.
 * A reset, a lock, a role change or a deactivation of the account ends its sessions
 * (hall/config/staff.ts); an account found inactive or locked at any call ends them too.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HallSessionView } from '../../base/contract/hallPage';
import { HALL_PAGE_ROLES, MANAGER_ROLES, roleMay, type Access, type Role } from '../../base/contract/roles';
import { DEFAULT_SCRYPT, hashSecretAsync, verifySecretAsync, type ScryptParams } from '../../base/node/secretHash';
import { canonicalStaffNo, isValidStaffNo } from '../../base/staffRules';
import { recordAudit, type HallAuditAction } from '../audit';
import type { HallStaff } from '../config/staff';
import type { HallStore, Queryable } from '../storage/port';
import { pageErrors } from './errors';
import { HallLockout } from './lockout';

export interface HallSession {
  tokenHash: string;
  staffNo: string;
  name: string;
  role: Role;
  signedInAt: number;
  lastActiveAt: number;
  locked: boolean;
}

export interface SessionOptions {
  now: () => number;
  idleLockMinutes: number;
  scrypt?: ScryptParams;
}

/** Sessions nobody has used for this long are removed at the next sign-in. */
const FORGET_AFTER_MS = 12 * 3_600_000;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface Row {
  token_hash: string;
  staff_no: string;
  name: string;
  role: Role;
  created_at: number;
  last_active_at: number;
  locked: boolean;
  active: boolean;
  account_locked: boolean;
}

export class HallSessions {
  private readonly lockout: HallLockout;
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly store: HallStore, private readonly staff: HallStaff, private readonly opts: SessionOptions) {
    this.lockout = new HallLockout(opts.now);
  }

  get idleLockMs(): number {
    return this.opts.idleLockMinutes * 60_000;
  }

  view(s: HallSession): HallSessionView {
    return { staffNo: s.staffNo, name: s.name, role: s.role, signedInAt: s.signedInAt, locked: s.locked, idleLockMinutes: this.opts.idleLockMinutes };
  }

  /**
   * Checks the staff number and password (with the lockout), then opens a session. A clerk's
   * right password is refused only after it was checked, so the refusal reveals nothing a wrong
   * guess could not.
   */
  async signIn(staffNoInput: string, secret: string, remote: string | null): Promise<{ token: string; session: HallSession }> {
    const staffNo = await this.checkPassword(staffNoInput, secret, remote, 'session.signin_refused');
    const rec = (await this.staff.get(this.store, staffNo))!;
    if (!roleMay(rec.role, HALL_PAGE_ROLES)) {
      await recordAudit(this.store, { staffNo, remote }, 'session.signin_refused', staffNo, { code: 'FORBIDDEN_ROLE', role: rec.role });
      throw pageErrors.clerkNotHere();
    }
    return this.open(staffNo, remote);
  }

  /** A session for an account just made (the first administrator). */
  async open(staffNo: string, remote: string | null, action: HallAuditAction = 'session.signin'): Promise<{ token: string; session: HallSession }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.opts.now();
    await this.store.query('DELETE FROM hall_session WHERE last_active_at < $1', [now - FORGET_AFTER_MS]);
    await this.store.query('INSERT INTO hall_session (token_hash, staff_no, created_at, last_active_at, locked) VALUES ($1, $2, $3, $3, false)', [tokenHash(token), staffNo, now]);
    if (action === 'session.signin') await recordAudit(this.store, { staffNo, remote }, 'session.signin', staffNo);
    return { token, session: (await this.find(tokenHash(token)))! };
  }

  /**
   * The session behind a token — locked first when it has been idle too long — or null. Does not
   * count as activity (the page's live updates must not keep a forgotten desk unlocked).
   */
  async resolve(token: string | null | undefined): Promise<HallSession | null> {
    if (!token) return null;
    const s = await this.find(tokenHash(token));
    if (!s) return null;
    if (!s.locked && this.opts.now() - s.lastActiveAt >= this.idleLockMs) {
      await this.store.query('UPDATE hall_session SET locked = true WHERE token_hash = $1', [s.tokenHash]);
      await recordAudit(this.store, { staffNo: s.staffNo, remote: null }, 'session.lock', s.staffNo, { reason: 'idle' });
      return { ...s, locked: true };
    }
    return s;
  }

  /** The dispatcher's check: the session, unlocked, of a role the method allows; the call counts as activity. */
  async authorize(token: string | undefined, access: Access): Promise<HallSession | null> {
    const s = await this.resolve(token);
    if (access === 'public') return s;
    if (!s) throw pageErrors.notSignedIn();
    if (s.locked) throw pageErrors.locked();
    if (!roleMay(s.role, access)) throw pageErrors.forbiddenRole(s.role, access === 'signed-in' ? MANAGER_ROLES : access);
    const now = this.opts.now();
    await this.store.query('UPDATE hall_session SET last_active_at = $2 WHERE token_hash = $1', [s.tokenHash, now]);
    return { ...s, lastActiveAt: now };
  }

  async lock(s: HallSession, reason: 'manual' | 'idle'): Promise<HallSession> {
    if (s.locked) return s;
    await this.store.query('UPDATE hall_session SET locked = true WHERE token_hash = $1', [s.tokenHash]);
    await recordAudit(this.store, { staffNo: s.staffNo, remote: null }, 'session.lock', s.staffNo, { reason });
    return { ...s, locked: true };
  }

  /** Only the signed-in person unlocks their own page, with their password (the lockout counts). */
  async unlock(s: HallSession, secret: string, remote: string | null): Promise<HallSession> {
    await this.checkPassword(s.staffNo, secret, remote, 'session.unlock_refused');
    const now = this.opts.now();
    await this.store.query('UPDATE hall_session SET locked = false, last_active_at = $2 WHERE token_hash = $1', [s.tokenHash, now]);
    await recordAudit(this.store, { staffNo: s.staffNo, remote }, 'session.unlock', s.staffNo);
    return { ...s, locked: false, lastActiveAt: now };
  }

  async signOut(s: HallSession, remote: string | null): Promise<void> {
    await this.store.query('DELETE FROM hall_session WHERE token_hash = $1', [s.tokenHash]);
    await recordAudit(this.store, { staffNo: s.staffNo, remote }, 'session.signout', s.staffNo);
  }

  private async find(hash: string): Promise<HallSession | null> {
    const r = (await this.store.query<Row>(
      `SELECT s.token_hash, s.staff_no, a.name, a.role, s.created_at, s.last_active_at, s.locked, a.active, a.locked AS account_locked
       FROM hall_session s JOIN hall_staff a USING (staff_no) WHERE s.token_hash = $1`,
      [hash],
    )).rows[0];
    if (!r) return null;
    if (!r.active || r.account_locked) {
      // The account was deactivated or locked since: its sessions end here too.
      await this.store.query('DELETE FROM hall_session WHERE staff_no = $1', [r.staff_no]);
      return null;
    }
    return { tokenHash: r.token_hash, staffNo: r.staff_no, name: r.name, role: r.role, signedInAt: r.created_at, lastActiveAt: r.last_active_at, locked: r.locked };
  }

  /** The one password check of sign-in and unlock: lockout first, the same scrypt time for unknown numbers. */
  private async checkPassword(staffNoInput: string, secret: string, remote: string | null, refused: HallAuditAction): Promise<string> {
    const staffNo = canonicalStaffNo(staffNoInput);
    const q: Queryable = this.store;
    const waitMs = await this.lockout.remainingMs(q, staffNo);
    if (waitMs > 0) {
      const st = await this.lockout.state(q, staffNo);
      await recordAudit(q, { staffNo: null, remote }, refused, staffNo, { code: 'SIGNIN_LOCKED_OUT' });
      throw pageErrors.lockedOut(staffNo, st.failures, waitMs);
    }
    const rec = await this.staff.get(q, staffNo);
    const ok = rec ? await verifySecretAsync(secret, rec.secretHash) : (await verifySecretAsync(secret, await this.dummy()), false);
    if (!rec || !ok) {
      const st = await this.lockout.recordFailure(q, staffNo);
      await recordAudit(q, { staffNo: null, remote }, refused, isValidStaffNo(staffNo) ? staffNo : '(invalid)', { code: 'SIGNIN_FAILED', failures: st.failures });
      const wait = st.lockedUntil - this.opts.now();
      if (wait > 0) throw pageErrors.lockedOut(staffNo, st.failures, wait);
      throw pageErrors.signInFailed();
    }
    // Only after the right password: saying "deactivated" earlier would confirm the number exists.
    if (!rec.active) throw pageErrors.inactive(staffNo);
    if (rec.locked) {
      await recordAudit(q, { staffNo: null, remote }, refused, staffNo, { code: 'STAFF_LOCKED' });
      throw pageErrors.accountLocked(staffNo);
    }
    await this.lockout.clear(q, staffNo);
    return staffNo;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashSecretAsync('counterdesk-no-such-staff', this.opts.scrypt ?? DEFAULT_SCRYPT);
    return this.dummyHash;
  }
}
