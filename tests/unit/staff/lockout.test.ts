import { afterEach, describe, expect, it } from 'vitest';
import { createStaffModule } from '../../../electron/core/staff';
import { delayAfter } from '../../../base/lockoutPolicy';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { CLERK, makeStaffEnv, seedHall, type Env } from './fixture';
import { refusal as codeOf } from '../../helpers/refusal';


let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});

describe('lockout schedule', () => {
  it('three free tries, then 30 s doubling, capped at 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6].map((f) => delayAfter(f))).toEqual([0, 0, 30_000, 60_000, 120_000, 240_000]);
    expect(delayAfter(50)).toBe(15 * 60_000);
  });
});

describe('lockout at sign-in (ManualClock)', () => {
  it('delays grow, the message says how long, and success resets the count', () => {
    const e = makeStaffEnv();
    env = e;
    seedHall(e);
    const tryPin = (pin: string) => () => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: pin, counterId: '03' });

    expect(codeOf(tryPin('0001')).code).toBe('SIGNIN_FAILED');
    expect(codeOf(tryPin('0002')).code).toBe('SIGNIN_FAILED');
    const third = codeOf(tryPin('0003'));
    expect(third.code).toBe('SIGNIN_LOCKED_OUT');
    expect(third.detail?.retryAfterMs).toBe(30_000);
    expect(third.message_zh).toContain('30 秒');
    expect(third.message_en).toContain('30 seconds');

    // Even the right PIN is not checked while locked.
    e.clock.advance(29_000);
    const early = codeOf(tryPin(CLERK.secret));
    expect(early.code).toBe('SIGNIN_LOCKED_OUT');
    expect(early.detail?.retryAfterMs).toBe(1_000);

    e.clock.advance(1_000);
    const fourth = codeOf(tryPin('0004'));
    expect(fourth.detail?.retryAfterMs).toBe(60_000);
    e.clock.advance(60_000);
    expect(codeOf(tryPin('0005')).detail?.retryAfterMs).toBe(120_000);
    e.clock.advance(120_000);
    const fifth = codeOf(tryPin('0006'));
    expect(fifth.detail?.retryAfterMs).toBe(240_000);
    expect(fifth.message_zh).toContain('4 分钟');

    e.clock.advance(240_000);
    expect(e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' }).staffNo).toBe(CLERK.staffNo);
    expect(e.staff.lockout.state(CLERK.staffNo).failures).toBe(0);
    expect(codeOf(tryPin('0007')).code).toBe('SIGNIN_FAILED'); // free tries again
  });

  it('survives closing and reopening the database', () => {
    let e = makeStaffEnv();
    env = e;
    seedHall(e);
    for (const pin of ['0001', '0002', '0003']) {
      codeOf(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: pin, counterId: '03' }));
    }
    e.clock.advance(30_000);
    codeOf(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: '0004', counterId: '03' }));
    const reopened = e.reopen();
    env = reopened;
    e = makeStaffEnv(reopened);
    const err = codeOf(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' }));
    expect(err.code).toBe('SIGNIN_LOCKED_OUT');
    expect(err.detail?.retryAfterMs).toBe(60_000);
  });

  it('unknown staff numbers are locked out the same way and answered like wrong PINs', () => {
    const e = makeStaffEnv();
    env = e;
    seedHall(e);
    const unknown = codeOf(() => e.staff.signIn.signIn({ staffNo: '9999', secret: '4821', counterId: '03' }));
    const wrong = codeOf(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: '9182', counterId: '03' }));
    expect(unknown.code).toBe(wrong.code);
    expect(unknown.message_zh).toBe(wrong.message_zh);
    codeOf(() => e.staff.signIn.signIn({ staffNo: '9999', secret: '1', counterId: '03' }));
    expect(codeOf(() => e.staff.signIn.signIn({ staffNo: '9999', secret: '2', counterId: '03' })).code).toBe('SIGNIN_LOCKED_OUT');
  });

  it('an empty PIN is refused without counting as a guess', () => {
    const e = makeStaffEnv();
    env = e;
    seedHall(e);
    for (let i = 0; i < 5; i++) codeOf(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: '', counterId: '03' }));
    expect(e.staff.lockout.state(CLERK.staffNo).failures).toBe(0);
  });

  it('old failures are forgotten after a quiet day', () => {
    const e = makeStaffEnv();
    env = e;
    seedHall(e);
    codeOf(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: '0001', counterId: '03' }));
    codeOf(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: '0002', counterId: '03' }));
    e.clock.advance(24 * 60 * 60_000);
    expect(codeOf(() => e.staff.signIn.signIn({ staffNo: CLERK.staffNo, secret: '0003', counterId: '03' })).code).toBe('SIGNIN_FAILED');
  });

  it('an old, weaker hash is upgraded at the next successful sign-in', () => {
    const e = makeStaffEnv();
    env = e;
    seedHall(e);
    const stronger = createStaffModule({
      db: e.db, clock: e.clock, audit: e.audit, journeys: { openJourneys: () => 0 }, scrypt: { ...FAST_SCRYPT, N: 2 ** 11 },
    });
    expect(e.staff.repo.get(CLERK.staffNo)!.secretHash.split('$')[1]).toBe(String(FAST_SCRYPT.N));
    stronger.signIn.signIn({ staffNo: CLERK.staffNo, secret: CLERK.secret, counterId: '03' });
    expect(e.staff.repo.get(CLERK.staffNo)!.secretHash.split('$')[1]).toBe('2048');
  });
});

