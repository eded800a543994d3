/**
 * What the hall page must hear about at once: a counter's state changed (a heartbeat, a batch,
 * an enrolment, a revocation), the witness found something, a configuration kind has a new
 * version, a person's sessions ended. Sent with PostgreSQL's NOTIFY inside the transaction that
 * made the change, so it is heard only once that change is committed — and by every hall
 * process on the same database, not only the one that took the request (hall/page/live.ts).
 */
import type { ConfigKind } from '../base/contract/hallConfig';
import type { Queryable } from './storage/port';

export const HALL_SIGNAL_CHANNEL = 'counterdesk_hall';

export type HallSignal =
  | { type: 'counter'; counter: number }
  | { type: 'finding'; counter: number }
  | { type: 'config'; kind: ConfigKind; version: number }
  | { type: 'sessions'; staffNo: string }
  /** Sent by the desk's trigger on replica_row (migration 010) for each early-settlement event ingested. */
  | { type: 'early'; counter: number; at: number; staffNo: string; outcome: string; block: string | null; minutesEarly: number | null; approver: string | null };

export async function signal(q: Queryable, s: HallSignal): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [HALL_SIGNAL_CHANNEL, JSON.stringify(s)]);
}

export function parseSignal(payload: string): HallSignal | null {
  try {
    const s = JSON.parse(payload) as HallSignal;
    return s && typeof s === 'object' && typeof s.type === 'string' ? s : null;
  } catch {
    return null;
  }
}
