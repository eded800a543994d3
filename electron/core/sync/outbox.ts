/**
 * The counter's outbox: what has not reached the hall yet, per stream, from a cursor persisted
 * in the counter's own database (sync_cursor). Capturing and acknowledging are each one SQLite
 * transaction, so a crash at any point leaves either the old or the new state: a batch the
 * hall stored but whose answer was lost is simply sent again (the hall recognises it).
 */
import { isChained, MAX_BATCH_ROWS, STREAMS, type ChainedStream, type Stream } from '../../../base/contract/replication';
import type { Db } from '../storage/db';
import { CAPTURE, CHAINED_TABLE, PENDING_STREAM, type CapturedStream } from './streams';

export interface PendingRows {
  stream: Stream;
  rows: { seq: number; data: Record<string, unknown> }[];
}

export interface Backlog {
  unsent: Record<string, number>;
  total: number;
  /** The time of the oldest record not yet acknowledged by the hall, or null when none. */
  oldestUnsentAt: number | null;
}

/**
 * The retention purge of the outbox: journey records of [from, before) lose the masked ID number
 * (the only personal value a captured record carries; the trigger of migration 063 allows this
 * change and no other). Returns the records changed.
 */
export function purgeOutboxPersonal(db: Db, from: number, before: number): number {
  return db
    .prepare(`UPDATE sync_outbox SET data = json_set(data, '$.id_masked', NULL) WHERE stream = 'journey' AND at >= ? AND at < ? AND json_extract(data, '$.id_masked') IS NOT NULL`)
    .run(from, before).changes;
}

export class Outbox {
  constructor(private readonly db: Db, private readonly now: () => number) {}

  /**
   * Numbers the records that became final since the last capture (at most `chunk` of them, in
   * one transaction, so a counter enrolling with a long history never holds the clerk up for
   * long); returns how many rows it captured and whether more are pending.
   */
  capture(chunk = 100): { captured: number; more: boolean } {
    const run = this.db.transaction(() => {
      const bound = this.db.prepare<[number], { id: number }>('SELECT id FROM sync_pending ORDER BY id LIMIT 1 OFFSET ?').get(chunk - 1)?.id ?? Number.MAX_SAFE_INTEGER;
      let n = 0;
      const nextSeq = this.db.prepare<[string], { s: number }>('SELECT coalesce(max(seq), 0) + 1 AS s FROM sync_outbox WHERE stream = ?');
      const insert = this.db.prepare('INSERT INTO sync_outbox (stream, seq, source_key, at, data, captured_at) VALUES (?, ?, ?, ?, ?, ?)');
      const at = this.now();
      const named = new Set((this.db.prepare('SELECT DISTINCT stream FROM sync_pending WHERE id <= ?').all(bound) as { stream: string }[]).map((r) => r.stream));
      for (const [stream, read] of Object.entries(CAPTURE) as [CapturedStream, (typeof CAPTURE)[CapturedStream]][]) {
        if (!named.has(PENDING_STREAM[stream])) continue;
        let seq = nextSeq.get(stream)!.s;
        for (const c of read(this.db, bound)) {
          insert.run(stream, seq++, c.sourceKey, c.at, JSON.stringify(c.data), at);
          n++;
        }
      }
      // Every pending record up to the bound was looked at (one that is not final any more is
      // named again by its trigger when it is).
      this.db.prepare('DELETE FROM sync_pending WHERE id <= ?').run(bound);
      const more = this.db.prepare('SELECT 1 FROM sync_pending LIMIT 1').get() !== undefined;
      return { captured: n, more };
    });
    return this.withoutWaitingForDisk(() => run.immediate());
  }

  /**
   * The outbox's own writes need not wait for the disk: WAL keeps transactions in order, so the
   * next durable commit (a ledger row, synchronous=FULL) makes them durable too, and one lost to
   * a power cut rolls back whole — a capture's sync_pending names come back and are captured
   * again, a cursor goes back and the hall recognises the resent rows. The connection's own
   * setting is restored before anything else can run on it (one thread, no await in between).
   */
  private withoutWaitingForDisk<T>(fn: () => T): T {
    const before = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma('synchronous = NORMAL');
    try {
      return fn();
    } finally {
      this.db.pragma(`synchronous = ${before}`);
    }
  }

  /** Captures everything pending, a chunk at a time, letting other work run in between. */
  async captureAll(chunk = 100): Promise<number> {
    let total = 0;
    for (;;) {
      const r = this.capture(chunk);
      total += r.captured;
      if (!r.more) return total;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  ackedSeq(stream: string): number {
    return this.db.prepare<[string], { acked_seq: number }>('SELECT acked_seq FROM sync_cursor WHERE stream = ?').get(stream)?.acked_seq ?? 0;
  }

  /** The hall holds everything up to heldSeq (it may say less after restoring a backup: resend). */
  setCursor(stream: string, heldSeq: number): void {
    this.withoutWaitingForDisk(() =>
      this.db
        .prepare('INSERT INTO sync_cursor (stream, acked_seq, acked_at) VALUES (?, ?, ?) ON CONFLICT(stream) DO UPDATE SET acked_seq = excluded.acked_seq, acked_at = excluded.acked_at')
        .run(stream, heldSeq, this.now()),
    );
  }

  /** The next rows to send for a stream, after its cursor, at most `limit`. */
  pending(stream: Stream, limit = 500): PendingRows {
    const after = this.ackedSeq(stream);
    const n = Math.min(limit, MAX_BATCH_ROWS);
    if (isChained(stream)) {
      const rows = this.db.prepare(`SELECT * FROM ${CHAINED_TABLE[stream as ChainedStream]} WHERE seq > ? ORDER BY seq LIMIT ?`).all(after, n) as Record<string, unknown>[];
      return { stream, rows: rows.map((data) => ({ seq: data.seq as number, data })) };
    }
    const rows = this.db.prepare('SELECT seq, data FROM sync_outbox WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?').all(stream, after, n) as { seq: number; data: string }[];
    return { stream, rows: rows.map((r) => ({ seq: r.seq, data: JSON.parse(r.data) as Record<string, unknown> })) };
  }

  backlog(): Backlog {
    const unsent: Record<string, number> = {};
    let total = 0;
    let oldest: number | null = null;
    // Records that became final but are not captured yet count as unsent too.
    const waiting = new Map(
      (this.db.prepare('SELECT stream, count(*) AS n FROM sync_pending GROUP BY stream').all() as { stream: string; n: number }[]).map((r) => [r.stream, r.n]),
    );
    for (const stream of STREAMS) {
      const after = this.ackedSeq(stream);
      let count: number;
      let firstAt: number | undefined;
      // Sequence numbers have no gaps (chains and outbox alike): the count is last - acked.
      if (isChained(stream)) {
        const t = CHAINED_TABLE[stream];
        count = Math.max(0, (this.db.prepare<[], { m: number | null }>(`SELECT max(seq) AS m FROM ${t}`).get()!.m ?? 0) - after);
        firstAt = this.db.prepare<[number], { at: number }>(`SELECT at FROM ${t} WHERE seq > ? ORDER BY seq LIMIT 1`).get(after)?.at;
      } else {
        count = Math.max(0, (this.db.prepare<[string], { m: number | null }>('SELECT max(seq) AS m FROM sync_outbox WHERE stream = ?').get(stream)!.m ?? 0) - after);
        firstAt = this.db.prepare<[string, number], { at: number }>('SELECT captured_at AS at FROM sync_outbox WHERE stream = ? AND seq > ? ORDER BY seq LIMIT 1').get(stream, after)?.at;
      }
      count += waiting.get(stream) ?? 0;
      unsent[stream] = count;
      total += count;
      if (firstAt !== undefined && (oldest === null || firstAt < oldest)) oldest = firstAt;
    }
    return { unsent, total, oldestUnsentAt: oldest };
  }
}
