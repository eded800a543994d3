/** The queue's settings on the hall (no-show after N calls, the duty manager's alert thresholds). */
import { DEFAULT_QUEUE_SETTINGS, queueSettings, type QueueSettings } from '../../base/contract/queue';
import { recordAudit, type HallActor } from '../audit';
import type { HallStore, Queryable } from '../storage/port';
import { hallNow } from '../time';

export async function readQueueSettings(q: Queryable): Promise<QueueSettings> {
  const r = await q.query<{ settings: unknown }>('SELECT settings FROM queue_setting WHERE id = 1');
  const parsed = queueSettings.safeParse(r.rows[0]?.settings);
  return parsed.success ? parsed.data : DEFAULT_QUEUE_SETTINGS;
}

export async function saveQueueSettings(store: HallStore, actor: HallActor, s: QueueSettings): Promise<QueueSettings> {
  return store.tx(async (q) => {
    const at = await hallNow(q);
    await q.query(
      `INSERT INTO queue_setting (id, settings, at, by_staff) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, at = excluded.at, by_staff = excluded.by_staff`,
      [JSON.stringify(s), at, actor.staffNo ?? '-'],
    );
    await recordAudit(q, actor, 'queue.settings', null, { ...s });
    return s;
  });
}
