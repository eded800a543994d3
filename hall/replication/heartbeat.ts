/**
 * A counter's heartbeat: its state right now (who is signed in, till, devices, unsent rows).
 * Not a log: the newest heartbeat of a counter wins; an older one arriving late is ignored.
 * The hall answers with its own time and the counter's clock skew.
 */
import type { Heartbeat, HeartbeatAck } from '../../base/contract/replication';
import type { HallStore } from '../storage/port';
import { hallNow } from '../time';

export async function recordHeartbeat(store: HallStore, counter: number, hb: Heartbeat): Promise<HeartbeatAck> {
  const now = await hallNow(store);
  const skewMs = hb.counterTime - now;
  await store.query(
    `INSERT INTO counter_state (counter, seq, state, counter_time, received_at, skew_ms) VALUES ($1, $2, $3::jsonb, $4, $5, $6)
     ON CONFLICT (counter) DO UPDATE SET seq = excluded.seq, state = excluded.state, counter_time = excluded.counter_time,
       received_at = excluded.received_at, skew_ms = excluded.skew_ms
     WHERE counter_state.seq < excluded.seq`,
    [counter, hb.seq, JSON.stringify(hb.state), hb.counterTime, now, skewMs],
  );
  return { hallTime: now, skewMs };
}
