/** The hall's own log table: refusals, enrolments, witness findings. Never personal data. */
import type { ErrorShape } from '../base/contract/errors';
import type { Queryable } from './storage/port';

export interface HallLogEntry {
  level: 'info' | 'warn' | 'error';
  code: string;
  counter?: number | null;
  remote?: string | null;
  message_zh: string;
  message_en: string;
  detail?: Record<string, unknown>;
}

export async function logHall(q: Queryable, e: HallLogEntry): Promise<void> {
  await q.query(
    `INSERT INTO hall_log (at, level, code, counter, remote, message_zh, message_en, detail)
     VALUES ((extract(epoch FROM clock_timestamp()) * 1000)::int8, $1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [e.level, e.code, e.counter ?? null, e.remote ?? null, e.message_zh, e.message_en, e.detail ? JSON.stringify(e.detail) : null],
  );
}

export function logRefusal(q: Queryable, err: ErrorShape, counter: number | null, remote: string | null): Promise<void> {
  return logHall(q, { level: 'warn', code: err.code, counter, remote, message_zh: err.message_zh, message_en: err.message_en, ...(err.detail ? { detail: err.detail } : {}) });
}
