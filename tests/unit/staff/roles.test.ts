import { describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import type { Access, Role } from '../../../base/contract/roles';
import { canChangeSettings, checkRole } from '../../../electron/core/staff/roles';

const ACCESS: Record<string, Access> = {
  public: 'public',
  'signed-in': 'signed-in',
  'clerk-only': ['clerk'],
  'manager-only': ['duty_manager'],
  'admin-only': ['admin'],
};

/** Expected outcome: 'ok' or the error code. */
const TABLE: Record<'nobody' | Role | 'locked clerk', Record<keyof typeof ACCESS, string>> = {
  nobody: { public: 'ok', 'signed-in': 'NOT_SIGNED_IN', 'clerk-only': 'NOT_SIGNED_IN', 'manager-only': 'NOT_SIGNED_IN', 'admin-only': 'NOT_SIGNED_IN' },
  clerk: { public: 'ok', 'signed-in': 'ok', 'clerk-only': 'ok', 'manager-only': 'FORBIDDEN_ROLE', 'admin-only': 'FORBIDDEN_ROLE' },
  duty_manager: { public: 'ok', 'signed-in': 'ok', 'clerk-only': 'FORBIDDEN_ROLE', 'manager-only': 'ok', 'admin-only': 'FORBIDDEN_ROLE' },
  admin: { public: 'ok', 'signed-in': 'ok', 'clerk-only': 'FORBIDDEN_ROLE', 'manager-only': 'FORBIDDEN_ROLE', 'admin-only': 'ok' },
  // The floating guide works on the hall page only: a guide session is refused at a counter.
  guide: { public: 'ok', 'signed-in': 'FORBIDDEN_ROLE', 'clerk-only': 'FORBIDDEN_ROLE', 'manager-only': 'FORBIDDEN_ROLE', 'admin-only': 'FORBIDDEN_ROLE' },
  'locked clerk': { public: 'ok', 'signed-in': 'SESSION_LOCKED', 'clerk-only': 'SESSION_LOCKED', 'manager-only': 'SESSION_LOCKED', 'admin-only': 'SESSION_LOCKED' },
};

function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof BilingualError) return e.code;
    throw e;
  }
}

describe('checkRole: every role × every access level', () => {
  for (const [who, row] of Object.entries(TABLE)) {
    for (const [level, expected] of Object.entries(row)) {
      it(`${who} calling a ${level} method → ${expected}`, () => {
        const session =
          who === 'nobody' ? null : who === 'locked clerk' ? { role: 'clerk' as Role, locked: true } : { role: who as Role, locked: false };
        expect(outcome(() => checkRole(session, ACCESS[level]!))).toBe(expected);
      });
    }
  }

  it('returns the session it let through', () => {
    const s = { role: 'clerk' as Role, staffNo: '1024' };
    expect(checkRole(s, 'signed-in')).toBe(s);
    expect(checkRole(null, 'public')).toBeNull();
  });

  it('refusals are bilingual and name the allowed roles', () => {
    try {
      checkRole({ role: 'clerk' }, ['duty_manager', 'admin']);
      throw new Error('not refused');
    } catch (e) {
      const err = e as BilingualError;
      expect(err.message_zh).toContain('值班经理');
      expect(err.message_en).toContain('duty manager');
      expect(err.detail).toEqual({ role: 'clerk', allowed: ['duty_manager', 'admin'] });
    }
  });

  it('an unknown role string never passes', () => {
    expect(outcome(() => checkRole({ role: 'root' as Role }, ['admin']))).toBe('FORBIDDEN_ROLE');
  });
});

describe('canChangeSettings', () => {
  it('admin and duty manager only', () => {
    expect(canChangeSettings('admin')).toBe(true);
    expect(canChangeSettings('duty_manager')).toBe(true);
    expect(canChangeSettings('clerk')).toBe(false);
  });
});
