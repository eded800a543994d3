/**
 * The queue's own NOTIFY channel: a call (with everything the display shows and announces, so it
 * is pushed without a read) or a change of who is waiting. Sent inside the transaction that made
 * it, heard by every hall process on the database once it commits (hall/queue/live.ts).
 */
import type { CallView } from '../../base/contract/queue';
import type { Queryable } from '../storage/port';

export const QUEUE_SIGNAL_CHANNEL = 'counterdesk_queue';

export type QueueSignal = { type: 'call'; call: CallView } | { type: 'changed'; at: number };

export async function queueSignal(q: Queryable, s: QueueSignal): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [QUEUE_SIGNAL_CHANNEL, JSON.stringify(s)]);
}

export function parseQueueSignal(payload: string): QueueSignal | null {
  try {
    const s = JSON.parse(payload) as QueueSignal;
    return s && (s.type === 'call' || s.type === 'changed') ? s : null;
  } catch {
    return null;
  }
}
