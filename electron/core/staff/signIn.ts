/**
 * Sign-in, screen lock and sign-out at a counter. Every outcome, good or bad, is audited.
 */
import { BilingualError } from '../../../base/contract/errors';
import type { Access } from '../../../base/contract/roles';
import type { AuditLog } from '../audit/auditLog';
import { AUDIT_KINDS } from '../audit/kinds';
import type { Clock } from '../../../base/clock';
import type { Credentials } from './credentials';
import { staffErrors } from './errors';
import { APPROVER_ROLES, checkRole } from './roles';
import { isValidStaffNo } from '../../../base/staffRules';
import type { Session, SessionStore } from './sessions';
import { putFreeText } from '../privacy/freeTextStore';
import type { Db } from '../storage/db';

/** The journey engine's answer to "is a customer being served here?". */
export interface JourneyPort {
  openJourneys(counterId: string): number;
}

export interface SignInInput {
  staffNo: string;
  secret: string;
  counterId: string;
}

const COUNTER_ID = /^[0-9A-Za-z-]{1,8}$/;

export class SignInService {
  constructor(
    private readonly credentials: Credentials,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly journeys: JourneyPort,
    /** Settings security.idleLockMinutes in ms; 0 turns the core's idle lock off. */
    private readonly idleLockMs: () => number = () => 5 * 60_000,
  ) {}

  signIn(input: SignInInput): Session {
    const counterId = checkCounterId(input.counterId);
    const rec = this.authenticateAudited(input.staffNo, input.secret, counterId, AUDIT_KINDS.signinFail);
    for (const other of this.sessions.forCounter(counterId)) {
      if (other.staffNo !== rec.staffNo) {
        this.audit.append({ kind: AUDIT_KINDS.signinFail, actor: null, counterId, detail: { staffNo: rec.staffNo, code: 'COUNTER_BUSY' } });
        throw staffErrors.counterBusy(counterId, other.staffNo);
      }
      // The same person signing in again (after a restart of the UI, say) replaces the old session.
      this.sessions.end(other.sessionId);
    }
    const session = this.sessions.create({
      staffNo: rec.staffNo,
      name: rec.name,
      role: rec.role,
      counterId,
      signedInAt: this.clock.now(),
    });
    this.audit.append({ kind: AUDIT_KINDS.signinOk, actor: rec.staffNo, counterId, detail: { role: rec.role } });
    return session;
  }

  /**
   * A duty manager takes over the counter of an absent clerk: their own credentials, a reason
   * (kept as a free_text note, cited by id in the audit entry), every other sign-in at the
   * counter ended. The till's side (the takeover on her open till) is recorded by the caller.
   * Not allowed while a customer journey is open: it belongs to the clerk who began it.
   */
  takeOver(db: Db, input: SignInInput & { reason: string }): { session: Session; noteId: number; ended: string[] } {
    const counterId = checkCounterId(input.counterId);
    const rec = this.authenticateAudited(input.staffNo, input.secret, counterId, AUDIT_KINDS.takeoverFail);
    if (!APPROVER_ROLES.includes(rec.role)) {
      this.audit.append({ kind: AUDIT_KINDS.takeoverFail, actor: rec.staffNo, counterId, detail: { code: 'TAKEOVER_ROLE' } });
      throw staffErrors.takeoverRole(rec.staffNo);
    }
    const reason = input.reason.trim();
    if (reason.length < 2 || reason.length > 200) throw staffErrors.takeoverReason();
    const open = this.journeys.openJourneys(counterId);
    if (open > 0) {
      this.audit.append({ kind: AUDIT_KINDS.takeoverFail, actor: rec.staffNo, counterId, detail: { code: 'SIGNOUT_JOURNEY_OPEN', openJourneys: open } });
      throw staffErrors.journeyOpen(counterId, open);
    }
    const now = this.clock.now();
    const noteId = putFreeText(db, 'staff.takeover', reason, now);
    const ended: string[] = [];
    for (const other of this.sessions.forCounter(counterId)) {
      this.sessions.end(other.sessionId);
      if (other.staffNo !== rec.staffNo) ended.push(other.staffNo);
      this.audit.append({ kind: AUDIT_KINDS.sessionEnded, actor: rec.staffNo, counterId, detail: { sessionOf: other.staffNo, reason: 'takeover' } });
    }
    const session = this.sessions.create({ staffNo: rec.staffNo, name: rec.name, role: rec.role, counterId, signedInAt: now });
    this.audit.append({ kind: AUDIT_KINDS.takeover, actor: rec.staffNo, counterId, detail: { signedOut: ended, reasonNote: noteId } });
    return { session, noteId, ended };
  }

  /**
   * The session behind a token, locking it first when it has been idle too long. Does not
   * count as activity: status-bar polls must not keep a forgotten counter unlocked.
   */
  resolve(token: string | null | undefined): Session | null {
    const s = this.sessions.get(token);
    if (!s) return null;
    const idle = this.idleLockMs();
    if (!s.locked && idle > 0 && this.clock.now() - s.lastActiveAt >= idle) {
      this.audit.append({ kind: AUDIT_KINDS.sessionLock, actor: s.staffNo, counterId: s.counterId, detail: { reason: 'idle' } });
      return this.sessions.update(s.sessionId, { locked: true });
    }
    return s;
  }

  /**
   * The dispatcher's authorizer: resolves the token, applies the role policy and counts the
   * call as activity. Matches `Authorizer` in electron/core/rpc/dispatcher.ts.
   */
  authorize = (token: string | undefined, access: Access): Session | null => {
    const s = checkRole(this.resolve(token), access);
    if (s && access !== 'public') return this.sessions.update(s.sessionId, { lastActiveAt: this.clock.now() });
    return s;
  };

  lock(sessionId: string): Session {
    const s = this.sessions.get(sessionId);
    if (!s) throw staffErrors.notSignedIn();
    if (s.locked) return s;
    this.audit.append({ kind: AUDIT_KINDS.sessionLock, actor: s.staffNo, counterId: s.counterId, detail: { reason: 'manual' } });
    return this.sessions.update(sessionId, { locked: true }) ?? s;
  }

  /** The signed-in person, or a duty manager / administrator, unlocks with their own secret. */
  unlock(sessionId: string, staffNo: string, secret: string): Session {
    const s = this.sessions.get(sessionId);
    if (!s) throw staffErrors.notSignedIn();
    const rec = this.authenticateAudited(staffNo, secret, s.counterId, AUDIT_KINDS.sessionUnlockFail);
    if (rec.staffNo !== s.staffNo && !APPROVER_ROLES.includes(rec.role)) {
      this.audit.append({ kind: AUDIT_KINDS.sessionUnlockFail, actor: rec.staffNo, counterId: s.counterId, detail: { sessionOf: s.staffNo, code: 'UNLOCK_NOT_ALLOWED' } });
      throw staffErrors.unlockNotAllowed();
    }
    this.audit.append({ kind: AUDIT_KINDS.sessionUnlock, actor: rec.staffNo, counterId: s.counterId, detail: { sessionOf: s.staffNo } });
    return this.sessions.update(sessionId, { locked: false, lastActiveAt: this.clock.now() }) ?? s;
  }

  /** Refused while the screen is locked or a customer journey is still open at the counter. */
  signOut(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (!s) throw staffErrors.notSignedIn();
    if (s.locked) throw staffErrors.sessionLocked();
    const open = this.journeys.openJourneys(s.counterId);
    if (open > 0) {
      this.audit.append({ kind: AUDIT_KINDS.signoutRefused, actor: s.staffNo, counterId: s.counterId, detail: { openJourneys: open } });
      throw staffErrors.journeyOpen(s.counterId, open);
    }
    this.sessions.end(sessionId);
    this.audit.append({ kind: AUDIT_KINDS.signout, actor: s.staffNo, counterId: s.counterId, detail: {} });
  }

  private authenticateAudited(staffNo: unknown, secret: unknown, counterId: string, failKind: string) {
    try {
      return this.credentials.authenticate(staffNo, secret);
    } catch (e) {
      if (e instanceof BilingualError) {
        // The typed number goes in only when it is shaped like one: a mistyped ID number must not.
        const tried = isValidStaffNo(staffNo) ? staffNo : '(invalid)';
        this.audit.append({ kind: failKind, actor: null, counterId, detail: { staffNo: tried, code: e.code } });
      }
      throw e;
    }
  }
}

function checkCounterId(v: unknown): string {
  if (typeof v !== 'string' || !COUNTER_ID.test(v)) {
    throw new BilingualError('COUNTER_ID_INVALID', '台席号不正确 — 请检查本机设置中的台席号', 'Invalid counter id — check the counter number in this machine’s settings');
  }
  return v;
}
