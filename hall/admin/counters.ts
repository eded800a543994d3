/**
 * Registering counters (台席) on the hall: the admin adds a counter by its number and gets a
 * one-time enrolment code (80 random bits, shown as 4×4 base32 characters, valid for a day by
 * default). Adding an enrolled counter again issues a new code: the old key stays valid until
 * the counter enrols with the new one (replacing the counter's PC).
 */
import { randomBytes } from 'node:crypto';
import { BilingualError } from '../../base/contract/errors';
import { ADMIN_TOKEN_ACTOR, recordAudit, type HallActor } from '../audit';
import { signal } from '../signals';
import type { HallStore, Queryable } from '../storage/port';
import { hallNow } from '../time';

/** The command line and the admin API act with the admin token printed at start. */
const TOKEN_ACTOR: HallActor = { staffNo: ADMIN_TOKEN_ACTOR, remote: null };

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no I, O, 0, 1: read aloud and typed by hand

export function newEnrolCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => ALPHABET[b % 32]!); // 32 divides 256: uniform
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export interface CounterInfo {
  number: number;
  label: string;
  status: 'pending' | 'active' | 'revoked';
  enrolledAt: number | null;
  codeExpiresAt: number | null;
}

export interface AddedCounter {
  number: number;
  label: string;
  code: string;
  expiresAt: number;
}

export async function addCounter(store: HallStore, input: { number: number; label?: string; validHours?: number }, actor: HallActor = TOKEN_ACTOR): Promise<AddedCounter> {
  const n = input.number;
  if (!Number.isInteger(n) || n < 1 || n > 999) {
    throw new BilingualError('COUNTER_NUMBER', `台席号须为 1–999 的整数，收到 ${String(n)}`, `A counter number is a whole number 1–999, got ${String(n)}`);
  }
  const hours = input.validHours ?? 24;
  if (!(hours > 0 && hours <= 24 * 14)) {
    throw new BilingualError('COUNTER_CODE_VALIDITY', '登记码有效期须在 14 天以内', 'An enrolment code is valid for at most 14 days');
  }
  const label = (input.label?.trim() || `${n}号台席`).slice(0, 40);
  return store.tx(async (q) => {
    const now = await hallNow(q);
    const code = newEnrolCode();
    const expiresAt = now + hours * 3_600_000;
    const r = await q.query<{ status: CounterInfo['status'] }>(
      `INSERT INTO counter (number, label, status, enrol_code, enrol_expires_at, created_at) VALUES ($1, $2, 'pending', $3, $4, $5)
       ON CONFLICT (number) DO UPDATE SET label = excluded.label, enrol_code = excluded.enrol_code, enrol_expires_at = excluded.enrol_expires_at,
         status = CASE WHEN counter.status = 'active' THEN 'active' ELSE 'pending' END
       RETURNING status`,
      [n, label, code, expiresAt, now],
    );
    // Never the code itself: it is a secret until the counter has used it.
    await recordAudit(q, actor, 'counter.register', String(n), { label, validHours: hours, expiresAt, status: r.rows[0]!.status });
    await signal(q, { type: 'counter', counter: n });
    return { number: n, label, code, expiresAt };
  });
}

export async function listCounters(q: Queryable): Promise<CounterInfo[]> {
  const r = await q.query<{ number: number; label: string; status: CounterInfo['status']; enrolled_at: number | null; enrol_expires_at: number | null }>(
    'SELECT number, label, status, enrolled_at, enrol_expires_at FROM counter ORDER BY number',
  );
  return r.rows.map((x) => ({ number: x.number, label: x.label, status: x.status, enrolledAt: x.enrolled_at, codeExpiresAt: x.enrol_expires_at }));
}

/**
 * Revoking a counter (a stolen or retired PC): its key is refused from now on (the hall keeps
 * every row it sent). `counter add` for the same number issues a new code to enrol again.
 */
export async function revokeCounter(store: HallStore, number: number, actor: HallActor = TOKEN_ACTOR): Promise<CounterInfo> {
  return store.tx(async (q) => {
    const r = await q.query<{ number: number }>(
      "UPDATE counter SET status = 'revoked', enrol_code = NULL, enrol_expires_at = NULL WHERE number = $1 RETURNING number",
      [number],
    );
    if (r.rows.length === 0) {
      throw new BilingualError('COUNTER_UNKNOWN', `大厅服务器上没有 ${number} 号台席`, `The hall server has no counter ${number}`);
    }
    await recordAudit(q, actor, 'counter.revoke', String(number));
    await signal(q, { type: 'counter', counter: number });
    return (await listCounters(q)).find((c) => c.number === number)!;
  });
}
