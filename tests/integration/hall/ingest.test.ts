// The hall's ingest on both backends: in order, idempotent by (counter, stream, seq), gaps refused
// with the expected seq, the chain witnessed (broken link kept and flagged, rewritten resend
// flagged, the hall's copy never overwritten), counters kept apart.
import { describe, expect, it } from 'vitest';
import { BilingualError } from '../../../base/contract/errors';
import { BatchSchema, type Batch } from '../../../base/contract/replication';
import { chainHash } from '../../../base/node/chain';
import { ingestBatch } from '../../../hall/replication/ingest';
import type { HallStore } from '../../../hall/storage/port';
import { BACKENDS, enrolledCounter, setupHallBackends } from '../../helpers/hallStores';
import { journeyData, ledgerBatch, ledgerRows } from '../../helpers/replicaRows';

const backends = setupHallBackends();

async function hallWithCounters(kind: (typeof BACKENDS)[number], ...numbers: number[]): Promise<HallStore> {
  const s = await backends.open(await backends.fresh(kind));
  for (const n of numbers) {
    await enrolledCounter(s, n);
  }
  return s;
}

async function refusal(p: Promise<unknown>): Promise<BilingualError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(BilingualError);
  return e as BilingualError;
}

describe.each(BACKENDS)('hall ingest on %s', (kind) => {
  it('stores a chain in order and a resent batch exactly once', async () => {
    const s = await hallWithCounters(kind, 1);
    const rows = ledgerRows(250);
    const a = await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rows.slice(0, 100)));
    expect(a).toMatchObject({ stored: 100, duplicates: 0, heldSeq: 100, findings: [] });
    // The answer to the next batch was lost: the counter resends 51..150 after a restart.
    const b = await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rows.slice(50, 150)));
    expect(b).toMatchObject({ stored: 50, duplicates: 50, heldSeq: 150, findings: [] });
    const c = await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rows.slice(150)));
    expect(c.heldSeq).toBe(250);
    const n = await s.query<{ n: number; d: number }>("SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d FROM replica_row WHERE counter = 1 AND stream = 'ledger'");
    expect(n.rows[0]).toEqual({ n: 250, d: 250 });
    expect(typeof a.hallTime).toBe('number');
    await s.close();
  });

  it('refuses a gap and names the seq it expects', async () => {
    const s = await hallWithCounters(kind, 1);
    const rows = ledgerRows(30);
    await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rows.slice(0, 10)));
    const e = await refusal(ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rows.slice(20))));
    expect(e.code).toBe('REPLICATION_GAP');
    expect(e.detail).toMatchObject({ expectedSeq: 11, sentSeq: 21 });
    expect(e.message_zh).toContain('11');
    const bad = ledgerBatch(1, rows.slice(10, 20));
    bad.rows[3]!.seq = 99;
    expect((await refusal(ingestBatch(s, { counter: 1, source: 1 }, bad))).code).toBe('REPLICATION_BAD_BATCH');
    await s.close();
  });

  it('witnesses a broken link: keeps the row and records a link_break', async () => {
    const s = await hallWithCounters(kind, 1);
    const rows = ledgerRows(20);
    // Row 11 does not link to the hall's copy of row 10 (row 10 was rewritten on the counter
    // after it was sent, and row 11 chained onto the rewritten one).
    await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rows.slice(0, 10)));
    const forged = { ...rows[10]!, prev_hash: 'f'.repeat(64) };
    const ack = await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, [forged]));
    expect(ack.stored).toBe(1);
    expect(ack.findings).toEqual([{ seq: 11, kind: 'link_break', held: rows[9]!.hash, sent: 'f'.repeat(64) }]);
    const f = await s.query<{ kind: string; seq: number }>('SELECT kind, seq FROM witness_finding');
    expect(f.rows).toEqual([{ kind: 'link_break', seq: 11 }]);
    const log = await s.query<{ code: string; counter: number }>("SELECT code, counter FROM hall_log WHERE code LIKE 'WITNESS_%'");
    expect(log.rows).toEqual([{ code: 'WITNESS_LINK_BREAK', counter: 1 }]);
    await s.close();
  });

  it('flags a row resent with the same seq and a different hash, and keeps its own copy', async () => {
    const s = await hallWithCounters(kind, 1);
    const rows = ledgerRows(10);
    await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rows));
    // The counter rewrote row 4 (amount) and recomputed its chain from there on.
    const rewritten = [...rows.slice(0, 3)];
    let prev = rows[2]!.hash;
    for (const r of rows.slice(3)) {
      const base = { ...r, amount_fen: r.seq === 4 ? 100 : r.amount_fen } as Record<string, unknown>;
      delete base.prev_hash;
      delete base.hash;
      const hash = chainHash(prev, base);
      rewritten.push({ ...(base as typeof r), prev_hash: prev, hash });
      prev = hash;
    }
    const ack = await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rewritten));
    expect(ack.stored).toBe(0);
    expect(ack.duplicates).toBe(3);
    expect(ack.findings.map((f) => [f.seq, f.kind])).toEqual([4, 5, 6, 7, 8, 9, 10].map((n) => [n, 'rewritten']));
    const kept = await s.query<{ amount: number }>("SELECT (data->>'amount_fen')::int AS amount FROM replica_row WHERE counter = 1 AND stream = 'ledger' AND seq = 4");
    expect(kept.rows[0]!.amount).toBe(5800);
    // Sent again: recorded once.
    await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, rewritten));
    expect((await s.query<{ n: number }>('SELECT count(*)::int AS n FROM witness_finding')).rows[0]!.n).toBe(7);
    await s.close();
  });

  it("keeps a replaced PC's database apart: its rows start at 1 again and are stored, not flagged", async () => {
    const s = await hallWithCounters(kind, 1);
    await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, ledgerRows(5)));
    await s.query("INSERT INTO counter_source (counter, source, database_id, enrolled_at) VALUES (1, 2, $1, 2)", ['b'.repeat(32)]);
    const ack = await ingestBatch(s, { counter: 1, source: 2 }, ledgerBatch(1, ledgerRows(3, { at: 5 })));
    expect(ack).toMatchObject({ stored: 3, duplicates: 0, heldSeq: 3, findings: [] });
    const r = await s.query<{ source: number; n: number }>('SELECT source, count(*)::int AS n FROM replica_row WHERE counter = 1 GROUP BY source ORDER BY source');
    expect(r.rows).toEqual([{ source: 1, n: 5 }, { source: 2, n: 3 }]);
    await s.close();
  });

  it('keeps counters apart: the same seq on two counters are two rows', async () => {
    const s = await hallWithCounters(kind, 1, 2);
    await ingestBatch(s, { counter: 1, source: 1 }, ledgerBatch(1, ledgerRows(5)));
    await ingestBatch(s, { counter: 2, source: 1 }, ledgerBatch(2, ledgerRows(5, { at: 1 })));
    const r = await s.query<{ counter: number; n: number }>('SELECT counter, count(*)::int AS n FROM replica_row GROUP BY counter ORDER BY counter');
    expect(r.rows).toEqual([{ counter: 1, n: 5 }, { counter: 2, n: 5 }]);
    await s.close();
  });

  it('stores non-chained streams (journeys) with a digest, duplicates recognised', async () => {
    const s = await hallWithCounters(kind, 1);
    const batch = BatchSchema.parse({ protocol: 1, counter: 1, stream: 'journey', rows: [1, 2, 3].map((i) => ({ seq: i, data: journeyData(i) })) }) as Batch;
    expect(await ingestBatch(s, { counter: 1, source: 1 }, batch)).toMatchObject({ stored: 3, duplicates: 0 });
    expect(await ingestBatch(s, { counter: 1, source: 1 }, batch)).toMatchObject({ stored: 0, duplicates: 3, findings: [] });
    const j = await s.query<{ key: string; masked: string }>("SELECT key, data->>'id_masked' AS masked FROM replica_row WHERE stream = 'journey' ORDER BY seq LIMIT 1");
    expect(j.rows[0]).toEqual({ key: 'J-1', masked: '1101**********1234' });
    await s.close();
  });
});

describe('replication contract', () => {
  it('refuses a journey row with a full ID number or a name', () => {
    const ok = { protocol: 1, counter: 1, stream: 'journey', rows: [{ seq: 1, data: journeyData(1) }] };
    expect(BatchSchema.safeParse(ok).success).toBe(true);
    const full = structuredClone(ok);
    full.rows[0]!.data.id_masked = '110101199003071234';
    expect(BatchSchema.safeParse(full).success).toBe(false);
    const named = structuredClone(ok) as { rows: { data: Record<string, unknown> }[] };
    named.rows[0]!.data.farewell_title = '王先生';
    expect(BatchSchema.safeParse(named).success).toBe(false);
  });

  it('refuses more rows than a batch may carry', () => {
    const rows = ledgerRows(2001);
    expect(BatchSchema.safeParse(ledgerBatch(1, rows)).success).toBe(false);
  });
});
