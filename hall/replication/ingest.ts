/**
 * Stores one batch of one counter's stream in one transaction, idempotently and in order, and
 * witnesses the chained streams as their rows arrive.
 *
 * - Rows the hall already holds (seq ≤ held) are compared, never stored twice: the same hash is
 *   a resend; a different hash means the counter's row was rewritten after it was sent — the
 *   hall keeps its copy and records a `rewritten` finding.
 * - A first new row after held + 1 is a gap: refused with the seq the hall expects.
 * - Chained streams: each new row's prev_hash must equal the hash of the row before it (the
 *   hall's copy). A broken link is stored all the same (the hall keeps the evidence) and
 *   recorded as a `link_break` finding. The hashes themselves are not recomputed: the counter's
 *   chains may be keyed with a secret the hall does not hold.
 * - The new rows go in with one multi-row INSERT (a jsonb array unnested by PostgreSQL).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS } from '../../base/node/chain';
import { isChained, rowKey, rowTime, STREAMS, type Ack, type Batch, type Finding } from '../../base/contract/replication';
import { hallError } from '../errors';
import { logHall } from '../log';
import { signal } from '../signals';
import type { HallStore, Queryable } from '../storage/port';
import { hallNow } from '../time';

/** The hash the hall keeps per row: the chain hash where there is one, else a digest of the row. */
export function rowHash(stream: Batch['stream'], data: Record<string, unknown>): string {
  if (isChained(stream)) return data.hash as string;
  return createHash('sha256').update(canonicalJson(data)).digest('hex');
}

function checkShape(batch: Batch): void {
  const first = batch.rows[0]!.seq;
  batch.rows.forEach((r, i) => {
    if (r.seq !== first + i) {
      throw hallError('REPLICATION_BAD_BATCH', { at: i, seq: r.seq, expected: first + i }, `第 ${i + 1} 行的序号 ${r.seq} 应为 ${first + i}`, `row ${i + 1} has seq ${r.seq}, expected ${first + i}`);
    }
    if (isChained(batch.stream) && (r.data as { seq: number }).seq !== r.seq) {
      throw hallError('REPLICATION_BAD_BATCH', { at: i, seq: r.seq }, `第 ${i + 1} 行的链序号与批次序号不符`, `row ${i + 1}: the chain seq differs from the batch seq`);
    }
  });
}

/** One advisory lock per (counter, stream): two batches of the same stream never interleave. */
function lockKey(counter: number, stream: Batch['stream']): number {
  return 1_000_000 + counter * 100 + STREAMS.indexOf(stream);
}

/** Whose rows: a counter, and which of its databases (1 for its first PC). */
export interface RowSource {
  counter: number;
  source: number;
}

export async function ingestBatch(store: HallStore, from: RowSource, batch: Batch): Promise<Ack> {
  const { counter, source } = from;
  checkShape(batch);
  const stream = batch.stream;
  const rows = batch.rows as { seq: number; data: Record<string, unknown> }[];
  const findings: Finding[] = [];
  const out = await store.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [lockKey(counter, stream)]);
    const head = (await q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM stream_head WHERE counter = $1 AND source = $2 AND stream = $3', [counter, source, stream])).rows[0];
    const heldSeq = head?.seq ?? 0;
    const first = rows[0]!.seq;
    if (first > heldSeq + 1) {
      throw hallError('REPLICATION_GAP', { stream, expectedSeq: heldSeq + 1, sentSeq: first }, `${stream} 应从 ${heldSeq + 1} 开始，收到 ${first}`, `${stream} must continue at ${heldSeq + 1}, got ${first}`);
    }
    const hashes = rows.map((r) => rowHash(stream, r.data));
    const overlap = rows.filter((r) => r.seq <= heldSeq);
    let duplicates = 0;
    if (overlap.length > 0) {
      const held = await q.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM replica_row WHERE counter = $1 AND source = $2 AND stream = $3 AND seq BETWEEN $4 AND $5',
        [counter, source, stream, first, overlap[overlap.length - 1]!.seq],
      );
      const bySeq = new Map(held.rows.map((r) => [r.seq, r.hash]));
      overlap.forEach((r, i) => {
        const mine = bySeq.get(r.seq) ?? null;
        if (mine === hashes[i]) duplicates++;
        else findings.push({ seq: r.seq, kind: 'rewritten', held: mine, sent: hashes[i]! });
      });
    }
    const fresh = rows.slice(overlap.length);
    const freshHashes = hashes.slice(overlap.length);
    if (isChained(stream)) {
      let prev = heldSeq === 0 ? GENESIS : head!.hash;
      fresh.forEach((r, i) => {
        const sentPrev = r.data.prev_hash as string;
        if (sentPrev !== prev) findings.push({ seq: r.seq, kind: 'link_break', held: prev, sent: sentPrev });
        prev = freshHashes[i]!;
      });
    }
    const receivedAt = await hallNow(q);
    if (fresh.length > 0) {
      const payload = fresh.map((r, i) => ({
        seq: r.seq,
        at: rowTime(stream, r.data),
        key: rowKey(stream, r.data),
        hash: freshHashes[i],
        prev: isChained(stream) ? (r.data.prev_hash as string) : null,
        data: r.data,
      }));
      await q.query(
        `INSERT INTO replica_row (counter, source, stream, seq, at, key, hash, prev_hash, data, received_at)
         SELECT $1, $2, $3, (e->>'seq')::int8, (e->>'at')::int8, e->>'key', e->>'hash', e->>'prev', e->'data', $5
         FROM jsonb_array_elements($4::jsonb) AS e`,
        [counter, source, stream, JSON.stringify(payload), receivedAt],
      );
      const last = fresh[fresh.length - 1]!;
      await q.query(
        `INSERT INTO stream_head (counter, source, stream, seq, hash, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (counter, source, stream) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, updated_at = excluded.updated_at`,
        [counter, source, stream, last.seq, freshHashes[freshHashes.length - 1], receivedAt],
      );
    }
    if (findings.length > 0) await recordFindings(q, from, stream, findings, receivedAt);
    // The hall page's board and backlog show this counter's last batch at once.
    if (fresh.length > 0) await signal(q, { type: 'counter', counter });
    return { stored: fresh.length, duplicates, heldSeq: Math.max(heldSeq, fresh.length ? fresh[fresh.length - 1]!.seq : 0), hallTime: receivedAt };
  });
  return { stream, findings, ...out };
}

async function recordFindings(q: Queryable, { counter, source }: RowSource, stream: string, findings: Finding[], at: number): Promise<void> {
  for (const f of findings) {
    const r = await q.query(
      `INSERT INTO witness_finding (counter, source, stream, seq, kind, held, sent, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (counter, source, stream, seq, kind, sent) DO NOTHING RETURNING id`,
      [counter, source, stream, f.seq, f.kind, f.held, f.sent, at],
    );
    if (r.rows.length === 0) continue; // the same finding, resent: recorded once
    await signal(q, { type: 'finding', counter });
    const what = f.kind === 'rewritten' ? ['已同步的记录被改写', 'a row already sent was rewritten'] : ['哈希链断开', 'the hash chain is broken'];
    await logHall(q, {
      level: 'error',
      code: f.kind === 'rewritten' ? 'WITNESS_REWRITTEN' : 'WITNESS_LINK_BREAK',
      counter,
      message_zh: `${counter} 号台席 ${stream} 第 ${f.seq} 行：${what[0]}`,
      message_en: `Counter ${counter} ${stream} row ${f.seq}: ${what[1]}`,
      detail: { source, stream, seq: f.seq, held: f.held, sent: f.sent },
    });
  }
}
