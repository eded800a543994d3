/**
 * Signed-in sessions, in memory only: a restart signs everybody out, which is what a counter
 * expects after a crash. The token is random and is the only thing the renderer holds.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../../base/contract/roles';

export interface Session {
  sessionId: string;
  staffNo: string;
  name: string;
  role: Role;
  counterId: string;
  /** Epoch ms. */
  signedInAt: number;
  /** Locked screens refuse everything but unlock (checkRole). */
  locked: boolean;
  /** Epoch ms of the last accepted call; drives the idle lock. */
  lastActiveAt: number;
}

export class SessionStore {
  private readonly byId = new Map<string, Session>();

  create(s: Omit<Session, 'sessionId' | 'locked' | 'lastActiveAt'>): Session {
    const session: Session = { ...s, sessionId: randomBytes(32).toString('base64url'), locked: false, lastActiveAt: s.signedInAt };
    this.byId.set(session.sessionId, session);
    return { ...session };
  }

  /** A copy: callers cannot lock or promote a session by editing what they were given. */
  get(sessionId: string | null | undefined): Session | null {
    if (typeof sessionId !== 'string') return null;
    const s = this.byId.get(sessionId);
    return s ? { ...s } : null;
  }

  forCounter(counterId: string): Session[] {
    return [...this.byId.values()].filter((s) => s.counterId === counterId).map((s) => ({ ...s }));
  }

  forStaff(staffNo: string): Session[] {
    return [...this.byId.values()].filter((s) => s.staffNo === staffNo).map((s) => ({ ...s }));
  }

  update(sessionId: string, patch: Partial<Pick<Session, 'locked' | 'lastActiveAt' | 'role'>>): Session | null {
    const s = this.byId.get(sessionId);
    if (!s) return null;
    Object.assign(s, patch);
    return { ...s };
  }

  end(sessionId: string): boolean {
    return this.byId.delete(sessionId);
  }
}
