import { afterEach, describe, expect, it } from 'vitest';
import { CLERK, CLERK2, MANAGER, makeEnv, makeStaffEnv, seedHall, type StaffEnv } from './fixture';
import { refusal } from '../../helpers/refusal';


let env: StaffEnv | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

function hall(idleMs = 5 * 60_000) {
  env = makeStaffEnv(makeEnv(), idleMs);
  const adminSession = seedHall(env);
  return { e: env, adminSession };
}

describe('sign-in', () => {
  it('returns a session with a random token and audits it', () => {
    const { e } = hall();
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    expect(s).toMatchObject({ staffNo: '1024', name: '王秀英', role: 'clerk', counterId: '03', signedInAt: e.clock.now(), locked: false });
    expect(s.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    expect(again.sessionId).not.toBe(s.sessionId);
    expect(e.staff.sessions.get(s.sessionId)).toBeNull(); // same person, same counter: replaced
    const last = e.audit.query({ kindPrefix: 'signin' }).entries[0]!;
    expect(last).toMatchObject({ kind: 'signin.ok', actor: '1024', counterId: '03' });
  });

  it('a wrong PIN is audited as signin.fail without the PIN', () => {
    const { e } = hall();
    expect(refusal(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: '9138', counterId: '03' })).code).toBe('SIGNIN_FAILED');
    const fail = e.audit.query({ kindPrefix: 'signin.fail' }).entries[0]!;
    expect(fail.actor).toBeNull();
    expect(fail.detail).toEqual({ staffNo: '1024', code: 'SIGNIN_FAILED' });
    expect(JSON.stringify(fail)).not.toContain('9138');
  });

  it('a malformed staff number (an ID number typed by mistake) is refused and not recorded', () => {
    const { e } = hall();
    expect(refusal(() => e.staff.signIn.signIn({ staffNo: '110101199003074514', secret: '1', counterId: '03' })).code).toBe('STAFF_NO_INVALID');
    const fail = e.audit.query({ kindPrefix: 'signin.fail' }).entries[0]!;
    expect(fail.detail.staffNo).toBe('(invalid)');
  });

  it('a deactivated person cannot sign in, and is told so only after the right PIN', () => {
    const { e, adminSession } = hall();
    e.staff.admin.deactivate(adminSession, CLERK2.staffNo);
    expect(refusal(() => e.staff.signIn.signIn({ staffNo: CLERK2.staffNo, secret: '0000', counterId: '04' })).code).toBe('SIGNIN_FAILED');
    expect(refusal(() => e.staff.signIn.signIn({ staffNo: CLERK2.staffNo, secret: CLERK2.secret, counterId: '04' })).code).toBe('STAFF_INACTIVE');
  });

  it('a counter signed in by someone else is refused', () => {
    const { e } = hall();
    e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    const err = refusal(() => e.staff.signIn.signIn({ staffNo: CLERK2.staffNo, secret: CLERK2.secret, counterId: '03' }));
    expect(err.code).toBe('COUNTER_BUSY');
    expect(err.message_zh).toContain('1024');
  });
});

describe('screen lock', () => {
  it('a locked session is refused by the authorizer for anything but public calls', () => {
    const { e } = hall();
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    expect(e.staff.authorize(s.sessionId, 'signed-in')!.staffNo).toBe('1024');
    e.staff.signIn.lock(s.sessionId);
    expect(refusal(() => e.staff.authorize(s.sessionId, 'signed-in')).code).toBe('SESSION_LOCKED');
    expect(refusal(() => e.staff.authorize(s.sessionId, ['clerk'])).code).toBe('SESSION_LOCKED');
    expect(e.staff.authorize(s.sessionId, 'public')!.locked).toBe(true); // unlock is reachable
  });

  it('unlocks with the same person’s PIN or a duty manager’s password, not another clerk’s', () => {
    const { e } = hall();
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    e.staff.signIn.lock(s.sessionId);
    expect(refusal(() => e.staff.signIn.unlock(s.sessionId, CLERK.staffNo, '9999')).code).toBe('SIGNIN_FAILED');
    expect(refusal(() => e.staff.signIn.unlock(s.sessionId, CLERK2.staffNo, CLERK2.secret)).code).toBe('UNLOCK_NOT_ALLOWED');
    expect(e.staff.signIn.unlock(s.sessionId, CLERK.staffNo, CLERK.secret).locked).toBe(false);

    e.staff.signIn.lock(s.sessionId);
    const un = e.staff.signIn.unlock(s.sessionId, MANAGER.staffNo, MANAGER.secret);
    expect(un).toMatchObject({ locked: false, staffNo: '1024' }); // still the clerk's session
    const entry = e.audit.query({ kindPrefix: 'session.unlock' }).entries[0]!;
    expect(entry).toMatchObject({ kind: 'session.unlock', actor: MANAGER.staffNo, detail: { sessionOf: '1024' } });
  });

  it('the core locks an idle session by itself (idle timeout setting)', () => {
    const { e } = hall(60_000);
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    e.clock.advance(59_000);
    expect(e.staff.authorize(s.sessionId, 'signed-in')).not.toBeNull(); // activity resets the timer
    e.clock.advance(59_000);
    expect(e.staff.authorize(s.sessionId, 'signed-in')).not.toBeNull();
    e.clock.advance(30_000);
    e.staff.authorize(s.sessionId, 'public'); // a status-bar poll is not activity
    e.clock.advance(30_000);
    expect(refusal(() => e.staff.authorize(s.sessionId, 'signed-in')).code).toBe('SESSION_LOCKED');
    expect(e.audit.query({ kindPrefix: 'session.lock' }).entries[0]!.detail).toEqual({ reason: 'idle' });
  });

  it('an unknown or ended token is NOT_SIGNED_IN', () => {
    const { e } = hall();
    expect(refusal(() => e.staff.authorize('made-up', 'signed-in')).code).toBe('NOT_SIGNED_IN');
    expect(refusal(() => e.staff.authorize(undefined, ['admin'])).code).toBe('NOT_SIGNED_IN');
    expect(e.staff.authorize(undefined, 'public')).toBeNull();
  });
});

describe('sign-out', () => {
  it('is refused while a journey is open at the counter, allowed once it is closed', () => {
    const { e } = hall();
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    e.open.set('03', 1);
    const err = refusal(() => e.staff.signIn.signOut(s.sessionId));
    expect(err.code).toBe('SIGNOUT_JOURNEY_OPEN');
    expect(err.message_zh).toContain('未办结');
    expect(e.staff.sessions.get(s.sessionId)).not.toBeNull();
    expect(e.audit.query({ kindPrefix: 'signout' }).entries[0]!.kind).toBe('signout.refused');

    e.open.set('03', 0);
    e.staff.signIn.signOut(s.sessionId);
    expect(e.staff.sessions.get(s.sessionId)).toBeNull();
    expect(e.audit.query({ kindPrefix: 'signout' }).entries[0]!.kind).toBe('signout');
  });

  it('is refused on a locked screen', () => {
    const { e } = hall();
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    e.staff.signIn.lock(s.sessionId);
    expect(refusal(() => e.staff.signIn.signOut(s.sessionId)).code).toBe('SESSION_LOCKED');
  });
});

describe('sessions are not shared objects', () => {
  it('editing a returned session does not unlock or promote the stored one', () => {
    const { e } = hall();
    const s = e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    const locked = e.staff.signIn.lock(s.sessionId);
    (locked as { locked: boolean }).locked = false;
    (s as { role: string }).role = 'admin';
    expect(e.staff.sessions.get(s.sessionId)).toMatchObject({ locked: true, role: 'clerk' });
  });
});
