/**
 * The counter's outbox: what has not reached the hall yet, per stream, from a cursor persisted
 * in the counter's own database (sync_cursor). Capturing and acknowledging are each one SQLite
 * transaction, so a crash at any point leaves either the old or the new state: a batch the
 * hall stored but whose answer was lost is simply sent again (the hall recognises it).
 */
import { isChained, MAX_BATCH_ROWS, STREAMS, type ChainedStream, type Stream } from '../../../base/contract/replication';
import type { Db } from '../storage/db';
import { CAPTURE, CHAINED_TABLE, type CapturedStream } from './streams';

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

export class Outbox {
  constructor(private readonly db: Db, private readonly now: () => number) {}

  /** Numbers every record that became final since the last capture; returns how many. */
  capture(): number {
    const run = this.db.transaction(() => {
      let n = 0;
      const nextSeq = this.db.prepare<[string], { s: number }>('SELECT coalesce(max(seq), 0) + 1 AS s FROM sync_outbox WHERE stream = ?');
      const insert = this.db.prepare('INSERT INTO sync_outbox (stream, seq, source_key, at, data, captured_at) VALUES (?, ?, ?, ?, ?, ?)');
      const at = this.now();
      for (const [stream, read] of Object.entries(CAPTURE) as [CapturedStream, (db: Db) => ReturnType<(typeof CAPTURE)[CapturedStream]>][]) {
        let seq = nextSeq.get(stream)!.s;
        for (const c of read(this.db)) {
          insert.run(stream, seq++, c.sourceKey, c.at, JSON.stringify(c.data), at);
          n++;
        }
      }
      return n;
    });
    return run.immediate();
  }

  ackedSeq(stream: string): number {
    return this.db.prepare<[string], { acked_seq: number }>('SELECT acked_seq FROM sync_cursor WHERE stream = ?').get(stream)?.acked_seq ?? 0;
  }

  /** The hall holds everything up to heldSeq (it may say less after restoring a backup: resend). */
  setCursor(stream: string, heldSeq: number): void {
    this.db
      .prepare('INSERT INTO sync_cursor (stream, acked_seq, acked_at) VALUES (?, ?, ?) ON CONFLICT(stream) DO UPDATE SET acked_seq = excluded.acked_seq, acked_at = excluded.acked_at')
      .run(stream, heldSeq, this.now());
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
    for (const stream of STREAMS) {
      const after = this.ackedSeq(stream);
      let count: number;
      let firstAt: number | undefined;
      if (isChained(stream)) {
        const t = CHAINED_TABLE[stream];
        count = this.db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM ${t} WHERE seq > ?`).get(after)!.n;
        firstAt = this.db.prepare<[number], { at: number }>(`SELECT at FROM ${t} WHERE seq > ? ORDER BY seq LIMIT 1`).get(after)?.at;
      } else {
        count = this.db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM sync_outbox WHERE stream = ? AND seq > ?').get(stream, after)!.n;
        firstAt = this.db.prepare<[string, number], { at: number }>('SELECT captured_at AS at FROM sync_outbox WHERE stream = ? AND seq > ? ORDER BY seq LIMIT 1').get(stream, after)?.at;
      }
      unsent[stream] = count;
      total += count;
      if (firstAt !== undefined && (oldest === null || firstAt < oldest)) oldest = firstAt;
    }
    return { unsent, total, oldestUnsentAt: oldest };
  }
}
