/**
 * What the hall page reads: the board (every counter right now), the sync backlog per counter
 * and stream, and the chain witness's findings with the hall's copy of each row. Plain queries
 * over the hall's tables; the shapes are the contract's (base/contract/hallPage.ts).
 */
import type { BacklogView, CounterBoardRow, FindingView } from '../../base/contract/hallPage';
import type { ConfigVersions } from '../../base/contract/hallConfig';
import { CounterStateSchema, STREAMS, type CounterState } from '../../base/contract/replication';
import type { Queryable } from '../storage/port';

interface BoardRow {
  number: number;
  label: string;
  status: CounterBoardRow['status'];
  enrolled_at: number | null;
  enrol_expires_at: number | null;
  state: CounterState | null;
  heartbeat_at: number | null;
  skew_ms: number | null;
  clerk_name: string | null;
  last_batch_at: number | null;
  held_rows: number;
  findings: number;
  fetched_at: number | null;
  served: ConfigVersions | null;
}

export async function boardRows(q: Queryable, only: number | null = null): Promise<CounterBoardRow[]> {
  const r = await q.query<BoardRow>(
    `SELECT c.number, c.label, c.status, c.enrolled_at, c.enrol_expires_at,
            st.state, st.received_at AS heartbeat_at, st.skew_ms, hs.name AS clerk_name,
            (SELECT max(h.updated_at) FROM stream_head h WHERE h.counter = c.number) AS last_batch_at,
            (SELECT coalesce(sum(h.seq), 0)::int8 FROM stream_head h WHERE h.counter = c.number) AS held_rows,
            (SELECT count(*)::int FROM witness_finding f WHERE f.counter = c.number) AS findings,
            cc.fetched_at, cc.served
     FROM counter c
     LEFT JOIN counter_state st ON st.counter = c.number
     LEFT JOIN hall_staff hs ON hs.staff_no = upper(st.state->'signedIn'->>'staffNo')
     LEFT JOIN counter_config cc ON cc.counter = c.number
     WHERE ($1::int IS NULL OR c.number = $1)
     ORDER BY c.number`,
    [only],
  );
  return r.rows.map((x) => ({
    number: x.number, label: x.label, status: x.status, enrolledAt: x.enrolled_at, codeExpiresAt: x.enrol_expires_at,
    // A heartbeat stored by an older counter that no longer fits the contract shows as none until its next one.
    state: x.state && CounterStateSchema.safeParse(x.state).success ? x.state : null, heartbeatAt: x.heartbeat_at, skewMs: x.skew_ms, clerkName: x.clerk_name, lastBatchAt: x.last_batch_at,
    heldRows: x.held_rows, findings: x.findings, configFetchedAt: x.fetched_at, configServed: x.served,
  }));
}

export async function backlog(q: Queryable, hallTime: number): Promise<BacklogView> {
  const counters = await q.query<{ number: number; label: string; status: CounterBoardRow['status']; heartbeat_at: number | null; state: CounterState | null }>(
    `SELECT c.number, c.label, c.status, st.received_at AS heartbeat_at, st.state
     FROM counter c LEFT JOIN counter_state st ON st.counter = c.number ORDER BY c.number`,
  );
  // The counter's current database (its source): a replaced PC's old rows are complete and done.
  const heads = await q.query<{ counter: number; stream: string; seq: number; updated_at: number }>(
    `SELECT h.counter, h.stream, h.seq, h.updated_at FROM stream_head h JOIN counter c ON c.number = h.counter AND c.source = h.source`,
  );
  const byCounter = new Map<number, Map<string, { seq: number; at: number }>>();
  for (const h of heads.rows) {
    const m = byCounter.get(h.counter) ?? new Map<string, { seq: number; at: number }>();
    m.set(h.stream, { seq: h.seq, at: h.updated_at });
    byCounter.set(h.counter, m);
  }
  return {
    hallTime,
    counters: counters.rows.map((c) => {
      const unsent = c.state?.unsent ?? null;
      const held = byCounter.get(c.number);
      return {
        number: c.number,
        label: c.label,
        status: c.status,
        heartbeatAt: c.heartbeat_at,
        oldestUnsentAt: c.state?.oldestUnsentAt ?? null,
        unsentTotal: unsent ? Object.values(unsent).reduce((a, n) => a + n, 0) : null,
        streams: STREAMS.map((stream) => ({
          stream,
          heldSeq: held?.get(stream)?.seq ?? 0,
          lastReceivedAt: held?.get(stream)?.at ?? null,
          unsent: unsent ? (unsent[stream] ?? 0) : null,
        })),
      };
    }),
  };
}

export async function findings(q: Queryable, opts: { counter?: number; limit: number }): Promise<FindingView[]> {
  const r = await q.query<FindingView>(
    `SELECT f.id::int8 AS id, f.counter, f.source, f.stream, f.seq, f.kind, f.held, f.sent, f.at, r.data AS row
     FROM witness_finding f
     LEFT JOIN replica_row r ON r.counter = f.counter AND r.source = f.source AND r.stream = f.stream AND r.seq = f.seq
     WHERE ($1::int IS NULL OR f.counter = $1)
     ORDER BY f.id DESC LIMIT $2`,
    [opts.counter ?? null, opts.limit],
  );
  return r.rows;
}
