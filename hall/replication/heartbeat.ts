/**
 * A counter's heartbeat: its state right now (who is signed in, till, devices, unsent rows).
 * Not a log: the newest heartbeat of a counter wins; an older one arriving late is ignored.
 * The hall answers with its own time, the counter's clock skew and the hall's configuration
 * versions (the counter fetches GET /v1/config when one is newer than its own), and tells the
 * hall page at once (hall/signals.ts).
 */
import type { Heartbeat, HeartbeatAck } from '../../base/contract/replication';
import { currentVersions } from '../config/versions';
import { signal } from '../signals';
import type { HallStore } from '../storage/port';
import { hallNow } from '../time';

export async function recordHeartbeat(store: HallStore, counter: number, hb: Heartbeat): Promise<HeartbeatAck> {
  return store.tx(async (q) => {
    const now = await hallNow(q);
    const skewMs = hb.counterTime - now;
    const r = await q.query(
      `INSERT INTO counter_state (counter, seq, state, counter_time, received_at, skew_ms) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
       ON CONFLICT (counter) DO UPDATE SET seq = excluded.seq, state = excluded.state, counter_time = excluded.counter_time,
         received_at = excluded.received_at, skew_ms = excluded.skew_ms
       WHERE counter_state.seq < excluded.seq
       RETURNING counter`,
      [counter, hb.seq, JSON.stringify(hb.state), hb.counterTime, now, skewMs],
    );
    if (r.rows.length > 0) await signal(q, { type: 'counter', counter });
    return { hallTime: now, skewMs, config: await currentVersions(q) };
  });
}
