/**
 * A generated hall for the desk's tests: a few counters over a few business days in the
 * replication protocol's shapes (journeys with steps, settlements, handovers, early events, print
 * outcomes), seeded so a failure repeats. Rows go in through the hall's real ingest
 * (ingestBatch), so they pass the contract's schemas and the desk's trigger derives them as in
 * production. The raw rows are returned for the tests' own straightforward computations.
 */
import type { Batch, Stream, StreamRow } from '../../base/contract/replication';
import { ingestBatch } from '../../hall/replication/ingest';
import type { HallStore } from '../../hall/storage/port';
import { enrolledCounter } from './replicaRows';

/** Asia/Shanghai has no daylight saving: local midnight is UTC 16:00 the day before. */
export const TZ_OFFSET_MS = 8 * 3_600_000;
export function localMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - TZ_OFFSET_MS;
}

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CODES = ['new_line', 'sim_replace', 'plan_change', 'transfer', 'close_account', 'broadband'] as const;
export const CLERKS = ['C001', 'C002', 'C003', 'C004', 'C005'] as const;
const STEPS = ['greet', 'need', 'verify', 'consent', 'process', 'payment', 'recommend', 'handover', 'farewell'] as const;

export interface GeneratedHall {
  journeys: { counter: number; data: StreamRow<'journey'> }[];
  steps: { counter: number; data: StreamRow<'step'> }[];
  settlements: { counter: number; data: StreamRow<'settlement'> }[];
  handovers: { counter: number; data: StreamRow<'handover'> }[];
  early: { counter: number; data: StreamRow<'early_event'> }[];
  prints: { counter: number; data: StreamRow<'print_outcome'> }[];
}

export interface GenerateOptions {
  counters: number;
  days: string[];
  journeysPerDay: number;
  seed?: number;
  /** Leave this counter's till of the last day unsettled (and without a bag). */
  unsettledCounter?: number;
  /** Settle this counter's till of the last day but hand no bag over. */
  noBagCounter?: number;
}

export function generateHall(o: GenerateOptions): GeneratedHall {
  const r = rng(o.seed ?? 17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const g: GeneratedHall = { journeys: [], steps: [], settlements: [], handovers: [], early: [], prints: [] };
  let sessionId = 100;
  let jobId = 1;
  let earlyId = 1;
  for (const [di, day] of o.days.entries()) {
    const midnight = localMidnight(day);
    for (let c = 1; c <= o.counters; c++) {
      const clerk = CLERKS[(c + di) % CLERKS.length]!;
      const sid = sessionId++;
      const open = midnight + 9 * 3_600_000 + Math.floor(r() * 600_000);
      const close = midnight + 17 * 3_600_000 + 30 * 60_000 + Math.floor(r() * 1_800_000);
      let t = open + 60_000;
      const n = Math.max(1, Math.round(o.journeysPerDay * (0.6 + r() * 0.8)));
      for (let i = 0; i < n && t < close - 1_200_000; i++) {
        const id = `J-${c}-${day}-${i}`;
        const cancelled = r() < 0.08;
        const manual = r() < 0.1;
        const codes = [pick(CODES), ...(r() < 0.25 ? [pick(CODES)] : [])].filter((x, k, a) => a.indexOf(x) === k);
        let at = t;
        const stepCount = cancelled ? 3 + Math.floor(r() * 3) : STEPS.length;
        for (let s = 0; s < stepCount; s++) {
          // Now and then a business that takes hours (a system outage at the counter): its time spans three hours.
          const dur = c === 1 && i === 1 && STEPS[s] === 'process' ? 9_000_000 : 5_000 + Math.floor(r() * (STEPS[s] === 'process' ? 400_000 : 60_000));
          g.steps.push({ counter: c, data: { journey_id: id, step_no: s + 1, step: STEPS[s]!, entered_at: at, left_at: at + dur, duration_ms: dur } });
          at += dur;
        }
        const refund = cancelled && r() < 0.5 ? 1000 + Math.floor(r() * 5000) : null;
        g.journeys.push({
          counter: c,
          data: {
            journey_id: id, clerk_id: clerk, session_id: String(sid), status: cancelled ? 'cancelled' : 'closed', step: cancelled ? 'cancelled' : 'closed',
            opened_at: t, closed_at: at, ticket: `A${String(i).padStart(3, '0')}`, business_codes: codes, id_method: manual ? 'manual' : 'card', id_card_type: 'resident',
            id_masked: '1101**********1234', manual_entry: manual, due_fen: 5000, tender: 'cash', tendered_fen: 5000, change_fen: 0, paid_at: at - 1000,
            cancel_reason: cancelled ? 'customer_left' : null, cancel_step: cancelled ? 'process' : null, refund_fen: refund, refund_status: refund ? 'done' : null,
            businesses: codes.map((code) => ({ code, status: cancelled ? (r() < 0.5 ? 'open' : 'processed') : r() < 0.05 ? 'consent_refused' : 'processed', fee_fen: 2500, balance_refund_fen: 0, charged: true, processed_at: at - 5000 })),
            consents: codes.map((code) => ({ business_code: code, answer: r() < 0.07 ? ('refused' as const) : ('agreed' as const), at: t + 30_000 })),
            recommendations: [{ product_code: 'broadband', outcome: pick(['accepted', 'declined', 'declined', 'not_applicable']), at: at - 2000 }],
          },
        });
        if (r() < 0.06) {
          g.prints.push({ counter: c, data: { job_id: jobId++, kind: 'receipt', ref: id, state: 'failed', reprint_of: 1, reprint_no: 1, possible_duplicate: false, attempts: 1, requested_by: clerk, created_at: at, printed_at: null, at: at + 1000, reason_code: null } });
          g.prints.push({ counter: c, data: { job_id: jobId - 1, kind: 'receipt', ref: id, state: 'printed', reprint_of: 1, reprint_no: 1, possible_duplicate: false, attempts: 2, requested_by: clerk, created_at: at, printed_at: at + 2000, at: at + 2000, reason_code: null } });
        } else {
          g.prints.push({ counter: c, data: { job_id: jobId++, kind: 'receipt', ref: id, state: 'printed', reprint_of: null, reprint_no: 0, possible_duplicate: false, attempts: 1, requested_by: clerk, created_at: at, printed_at: at + 500, at: at + 500, reason_code: null } });
        }
        t = at + Math.floor(r() * 900_000);
      }
      // Early settlement: some clerks try before closing time; some get an approval.
      if (r() < 0.5) {
        const minutes = 5 + Math.floor(r() * 50);
        g.early.push({ counter: c, data: { id: earlyId++, at: close - minutes * 60_000, session_id: sid, staff_no: clerk, actor_staff_no: clerk, outcome: 'refused', block: 'before_close', minutes_early: minutes, allowed_at: close, open_journeys: 0, approver_staff_no: null, reason_code: null, reason_text: null, note_id: null } });
        const outcome = r() < 0.5 ? 'approved' : 'override_refused';
        g.early.push({ counter: c, data: { id: earlyId++, at: close - minutes * 60_000 + 30_000, session_id: sid, staff_no: clerk, actor_staff_no: clerk, outcome, block: outcome === 'approved' ? null : 'before_close', minutes_early: minutes - 1, allowed_at: close, open_journeys: 0, approver_staff_no: 'M001', reason_code: 'sick', reason_text: null, note_id: null } });
      }
      const last = di === o.days.length - 1;
      if (last && o.unsettledCounter === c) continue;
      const variance = r() < 0.3 ? Math.round((r() - 0.5) * 2000) : 0;
      const head = '0'.repeat(64);
      g.settlements.push({
        counter: c,
        data: {
          session_id: sid, clerk_staff_no: clerk, business_day: day, opened_at: open, float_fen: 50_000, settled_at: close, z_no: sid, z_created_at: close,
          expected_fen: 300_000, counted_fen: 300_000 + variance, variance_fen: variance, totals: {}, variance_approver: variance ? 'M001' : null, early_approval_id: null,
          head_seq: 1, head_hash: head, owner: clerk, settled_by: clerk, audit_head_seq: null, audit_head_hash: null, count_attempts: 1, time_source: 'hall', offline_approval_id: null,
        },
      });
      if (last && o.noBagCounter === c) continue;
      g.handovers.push({ counter: c, data: { session_id: sid, at: close + 600_000, amount_fen: 300_000 + variance, bag_no: `B${sid}`, seal_no: `S${sid}`, handed_by: clerk, received_by: 'M001' } });
    }
  }
  return g;
}

async function send<S extends Stream>(store: HallStore, counter: number, stream: S, rows: StreamRow<S>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const batch = { protocol: 1, counter, stream, rows: chunk.map((data, k) => ({ seq: i + k + 1, data })) } as unknown as Batch;
    await ingestBatch(store, { counter, source: 1 }, batch);
  }
}

/** Enrols the counters (directly in the database) and ingests every generated row. */
export async function loadHall(store: HallStore, g: GeneratedHall, counters: number): Promise<void> {
  for (let c = 1; c <= counters; c++) {
    await enrolledCounter(store, c);
    const mine = <T extends { counter: number }>(xs: T[]) => xs.filter((x) => x.counter === c);
    await send(store, c, 'journey', mine(g.journeys).map((x) => x.data));
    await send(store, c, 'step', mine(g.steps).map((x) => x.data));
    await send(store, c, 'settlement', mine(g.settlements).map((x) => x.data));
    await send(store, c, 'handover', mine(g.handovers).map((x) => x.data));
    await send(store, c, 'early_event', mine(g.early).map((x) => x.data));
    await send(store, c, 'print_outcome', mine(g.prints).map((x) => x.data));
  }
}
