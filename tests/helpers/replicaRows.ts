/**
 * Generated rows in the replication protocol's shapes, for hall tests and benches: a hash
 * chained ledger (base/node/chain.ts, the counter's format) and journeys with their steps.
 */
import { chainHash, GENESIS } from '../../base/node/chain';
import type { Batch, StreamRow } from '../../base/contract/replication';
import type { Queryable } from '../../hall/storage/port';

export type LedgerData = StreamRow<'ledger'>;

export function ledgerRows(count: number, opts: { from?: number; prev?: string; at?: number } = {}): LedgerData[] {
  const out: LedgerData[] = [];
  let prev = opts.prev ?? GENESIS;
  const from = opts.from ?? 1;
  for (let i = 0; i < count; i++) {
    const seq = from + i;
    const base = {
      seq, session_id: 1, at: (opts.at ?? 1_767_225_600_000) + seq * 1000, kind: seq === 1 ? 'float' : 'sale', tender: 'cash',
      amount_fen: seq === 1 ? 50_000 : 5_800, due_fen: seq === 1 ? null : 5_800, tendered_fen: null, change_fen: null,
      item: null, qty: null, ref: `j-${seq}`, reason: null, corrects_seq: null, staff_no: 'C001',
    };
    const hash = chainHash(prev, base);
    out.push({ ...base, prev_hash: prev, hash });
    prev = hash;
  }
  return out;
}

export function ledgerBatch(counter: number, rows: LedgerData[]): Batch {
  return { protocol: 1, counter, stream: 'ledger', rows: rows.map((data) => ({ seq: data.seq, data })) } as Batch;
}

export function journeyData(i: number) {
  const opened = 1_767_225_600_000 + i * 60_000;
  return {
    journey_id: `J-${i}`, clerk_id: 'C001', session_id: '1', status: 'closed' as const, step: 'closed', opened_at: opened, closed_at: opened + 240_000,
    ticket: `A${String(i).padStart(3, '0')}`, business_codes: ['new_line'], id_method: 'card' as const, id_card_type: 'resident', id_masked: '1101**********1234',
    manual_entry: false, due_fen: 5800, tender: 'cash', tendered_fen: 10000, change_fen: 4200, paid_at: opened + 200_000, cancel_reason: null,
    cancel_step: null, refund_fen: null, refund_status: null,
    businesses: [{ code: 'new_line', status: 'done', fee_fen: 5800, balance_refund_fen: 0, charged: true, processed_at: opened + 150_000 }],
    consents: [{ business_code: 'new_line', answer: 'agreed' as const, at: opened + 100_000 }],
    recommendations: [{ product_code: 'broadband', outcome: 'declined', at: opened + 220_000 }],
  };
}

/** A counter enrolled directly in the database (its first PC, source 1), for tests below the transport. */
export async function enrolledCounter(s: Queryable, n: number): Promise<void> {
  await s.query("INSERT INTO counter (number, label, status, public_key, source, enrolled_at, created_at) VALUES ($1, $2, 'active', $3, 1, 1, 1)", [n, `${n}号台席`, `key-${n}`]);
  await s.query('INSERT INTO counter_source (counter, source, database_id, enrolled_at) VALUES ($1, 1, $2, 1)', [n, String(n).padStart(32, '0')]);
}
