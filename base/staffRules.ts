/**
 * What a staff number, a name, a PIN and a password must look like. Clerks may use a PIN
 * (they sign in many times a day at a counter that faces the queue); duty managers and
 * administrators approve money and change settings, so they need a real password.
 *
 * One rule for the counter and the hall: the hall keeps the hall's staff accounts and sends
 * them to every counter, so a password the hall accepts is one the counter would accept.
 */
import { BilingualError } from './contract/errors';
import { ROLE_EN, ROLE_ZH, type Role } from './contract/roles';
import type { SecretKind } from './contract/staff';
import { isCommonPassword } from './commonPasswords';

/** The refusals of these rules (the counter's other staff refusals are in electron/core/staff/errors.ts). */
export const staffRuleErrors = {
  staffNoInvalid: () =>
    new BilingualError('STAFF_NO_INVALID', '工号格式不正确（3–16 位数字或字母）— 请核对工牌上的工号', 'Invalid staff number (3–16 letters or digits) — check the number on your badge'),

  needsPassword: (role: Role) =>
    new BilingualError(
      'ROLE_NEEDS_PASSWORD',
      `${ROLE_ZH[role]}必须使用密码（至少 8 位），不能只用数字 PIN — 请同时设置新密码`,
      `A ${ROLE_EN[role]} must use a password (at least 8 characters), not a PIN — set a new password too`,
    ),
};

const STAFF_NO = /^[A-Za-z0-9]{3,16}$/;

export function isValidStaffNo(v: unknown): v is string {
  return typeof v === 'string' && STAFF_NO.test(v.trim());
}

/**
 * The one form of a staff number, the one the hall keeps and sends to the counters: trimmed and
 * upper case, so "c001 " and "C001" are one person everywhere (the staff table, sessions, the
 * till, approvals, the audit log, every counter of the hall). Throws when it is not one.
 */
export function canonicalStaffNo(v: unknown): string {
  if (!isValidStaffNo(v)) throw staffRuleErrors.staffNoInvalid();
  return v.trim().toUpperCase();
}

/** The counter's name for the same rule. */
export const assertStaffNo = canonicalStaffNo;

export function normaliseStaffName(v: unknown): string {
  const name = typeof v === 'string' ? v.trim() : '';
  // eslint-disable-next-line no-control-regex
  if (name.length < 1 || name.length > 40 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new BilingualError('STAFF_NAME_INVALID', '姓名不能为空，最多 40 个字', 'The name must not be empty and at most 40 characters');
  }
  return name;
}

export function secretKindOf(secret: string): SecretKind {
  return /^\d+$/.test(secret) ? 'pin' : 'password';
}

export function roleNeedsPassword(role: Role): boolean {
  return role !== 'clerk';
}

/** Validates a new secret for a role and returns its kind; throws a bilingual refusal. */
export function checkNewSecret(secret: unknown, role: Role, staffNo: string): SecretKind {
  if (typeof secret !== 'string' || secret.length === 0) throw weak('PIN/密码不能为空', 'the PIN/password is empty');
  const kind = secretKindOf(secret);
  if (kind === 'pin' && roleNeedsPassword(role)) throw staffRuleErrors.needsPassword(role);
  if (secret === staffNo) throw weak('不能与工号相同', 'it must not equal the staff number');
  if (kind === 'pin') {
    if (secret.length < 4 || secret.length > 12) throw weak('PIN 须为 4–12 位数字', 'a PIN has 4–12 digits');
    if (isTrivialPin(secret)) throw weak('PIN 过于简单（如 1111、1234）', 'the PIN is too easy to guess (like 1111 or 1234)');
  } else {
    if (secret.length < 8) throw weak('密码至少 8 位', 'a password has at least 8 characters');
    if (secret.length > 128) throw weak('密码最多 128 位', 'a password has at most 128 characters');
    if (new Set(secret).size < 3) throw weak('密码过于简单', 'the password is too easy to guess');
    if (isCommonPassword(secret)) {
      throw new BilingualError(
        'SECRET_COMMON',
        '新密码在常见密码名单中（如 password、123456789、qwerty123），很容易被猜中 — 请换一个只有您知道的密码',
        'The new password is on the list of common passwords (like password, 123456789, qwerty123) and easy to guess — choose one only you would know',
      );
    }
  }
  return kind;
}

/** All one digit, or a straight run up or down: the first codes anyone tries. */
function isTrivialPin(pin: string): boolean {
  const d = [...pin].map(Number);
  const step = (d[1] ?? 0) - (d[0] ?? 0);
  if (Math.abs(step) > 1) return false;
  return d.every((x, i) => i === 0 || x - (d[i - 1] ?? 0) === step);
}

function weak(zh: string, en: string): BilingualError {
  return new BilingualError('SECRET_TOO_WEAK', `新的 PIN/密码不符合要求：${zh} — 请换一个`, `The new PIN/password is not acceptable: ${en} — choose another`);
}
