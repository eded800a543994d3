/**
 * Where each replication stream's rows come from on the counter, and how a counter record
 * becomes a row of the protocol's shape (base/contract/replication.ts, the one definition).
 *
 * Chained streams (ledger, audit) are read straight from their tables by the chain's own seq,
 * every column as stored, so the hall's copy can be compared column by column and the till's
 * future columns travel without a change here. The other streams are captured into the outbox
 * (sync_outbox) when a record is final, in the order it became final: triggers (migration 050)
 * name each record that became final in sync_pending, so a capture reads only those.
 *
 * When the till's tables gain columns the chained streams need nothing (every column travels,
 * the contract accepts extra ones); the captured ones name their columns here. Typed text never
 * goes up: reasons and notes stay in the counter's purgeable free_text, cited by note_id.
 */
import { maskIdNumber } from '../../../base/mask';
import type { ChainedStream, Stream } from '../../../base/contract/replication';
import type { SettlementResult } from '../../../base/contract/till';
import type { Db } from '../storage/db';

export const CHAINED_TABLE: Record<ChainedStream, string> = { ledger: 'till_ledger', audit: 'audit_log' };

/** The order streams are sent in: the money first. */
export const SEND_ORDER: Stream[] = [
  'ledger', 'audit', 'settlement', 'handover', 'count', 'approval', 'takeover', 'early_event', 'clock_event', 'journey', 'step', 'print_outcome',
];

export type CapturedStream = Exclude<Stream, ChainedStream>;

export interface Captured {
  sourceKey: string;
  at: number;
  data: Record<string, unknown>;
}

const clip = (v: unknown, max: number): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const bool = (v: unknown) => v === 1 || v === true;

/** Stored JSON text, or the fallback when it does not parse (a record is never held back by it). */
function jsonOr<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Finished journeys (refunds settled), once per status they end in. */
function journeys(db: Db, bound: number): Captured[] {
  const rows = db
    .prepare(
      `SELECT j.*, j.journey_id || ':' || j.status || ':' || coalesce(j.refund_status, '') AS source_key
       FROM journeys j
       WHERE j.journey_id IN (SELECT source_id FROM sync_pending WHERE stream = 'journey' AND id <= @bound)
         AND j.status IN ('closed', 'cancelled') AND (j.refund_status IS NULL OR j.refund_status <> 'pending')
         AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.stream = 'journey'
                         AND o.source_key = j.journey_id || ':' || j.status || ':' || coalesce(j.refund_status, ''))
       ORDER BY coalesce(j.closed_at, j.updated_at), j.journey_id`,
    )
    .all({ bound }) as Record<string, unknown>[];
  if (rows.length === 0) return [];
  const businesses = db.prepare('SELECT business_code, status, fee_fen, balance_refund_fen, charged, processed_at FROM journey_businesses WHERE journey_id = ? ORDER BY business_code');
  const consents = db.prepare('SELECT business_code, answer, at FROM journey_consents WHERE journey_id = ? ORDER BY seq');
  const recs = db.prepare('SELECT product_code, outcome, at FROM journey_recommendations WHERE journey_id = ? ORDER BY at, product_code');
  const ticket = db.prepare('SELECT ticket_id, label, grp, business_code, issued_at, called_at, served_at, finished_at FROM queue_ticket WHERE journey_id = ?');
  return rows.map((j) => {
    const id = j.journey_id as string;
    const codes = jsonOr<string[]>(j.business_codes, []);
    return {
      sourceKey: j.source_key as string,
      at: (j.closed_at as number | null) ?? (j.updated_at as number),
      data: {
        journey_id: id, clerk_id: j.clerk_id, session_id: j.session_id, status: j.status, step: j.step,
        opened_at: j.opened_at, closed_at: j.closed_at, ticket: clip(j.ticket, 40), business_codes: codes,
        id_method: j.id_method, id_card_type: j.id_card_type,
        // Masked again on the way out (the last 4 only, base/mask.ts), whatever was stored.
        id_masked: j.id_masked == null ? null : maskIdNumber(j.id_masked as string),
        manual_entry: bool(j.manual_entry), due_fen: j.due_fen, tender: j.tender, tendered_fen: j.tendered_fen,
        change_fen: j.change_fen, paid_at: j.paid_at, cancel_step: j.cancel_step,
        refund_fen: j.refund_fen, refund_status: j.refund_status,
        // The clerk's typed reason stays on the counter, where the retention purge can take it
        // (free_text); the hall, which keeps its rows for years, gets the step it happened at.
        cancel_reason: null,
        businesses: (businesses.all(id) as Record<string, unknown>[]).map((b) => ({
          code: b.business_code, status: b.status, fee_fen: b.fee_fen, balance_refund_fen: b.balance_refund_fen, charged: bool(b.charged), processed_at: b.processed_at,
        })),
        consents: consents.all(id) as Record<string, unknown>[],
        recommendations: recs.all(id) as Record<string, unknown>[],
        ...queueOf(ticket.get(id) as Record<string, unknown> | undefined),
      },
    };
  });
}

/** The hall's ticket a journey started from, with its times (migration 100): only when there is one. */
function queueOf(t: Record<string, unknown> | undefined): { queue?: Record<string, unknown> } {
  if (!t) return {};
  return { queue: { ticket_id: t.ticket_id, label: t.label, group: t.grp, business_code: t.business_code, issued_at: t.issued_at, called_at: t.called_at, served_at: t.served_at, finished_at: t.finished_at } };
}

/** Each step of a finished journey with how long it took (until the next step or the end). */
function steps(db: Db, bound: number): Captured[] {
  const rows = db
    .prepare(
      `SELECT s.journey_id, s.seq, s.step, s.entered_at,
              coalesce((SELECT n.entered_at FROM journey_steps n WHERE n.journey_id = s.journey_id AND n.seq = s.seq + 1), j.closed_at) AS left_at
       FROM journey_steps s JOIN journeys j ON j.journey_id = s.journey_id
       WHERE s.journey_id IN (SELECT source_id FROM sync_pending WHERE stream = 'journey' AND id <= @bound)
         AND j.status IN ('closed', 'cancelled')
         AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.stream = 'step' AND o.source_key = s.journey_id || ':' || s.seq)
       ORDER BY coalesce(j.closed_at, j.updated_at), s.journey_id, s.seq`,
    )
    .all({ bound }) as { journey_id: string; seq: number; step: string; entered_at: number; left_at: number | null }[];
  return rows.map((s) => ({
    sourceKey: `${s.journey_id}:${s.seq}`,
    at: s.entered_at,
    data: {
      journey_id: s.journey_id, step_no: s.seq, step: s.step, entered_at: s.entered_at, left_at: s.left_at,
      duration_ms: s.left_at == null ? null : Math.max(0, s.left_at - s.entered_at),
    },
  }));
}

function settlements(db: Db, bound: number): Captured[] {
  const rows = db
    .prepare(
      `SELECT st.*, se.clerk_staff_no, se.business_day, se.opened_at, se.float_fen, z.created_at AS z_created_at
       FROM till_settlement st JOIN till_session se ON se.id = st.session_id JOIN till_z_report z ON z.z_no = st.z_no
       WHERE st.session_id IN (SELECT CAST(source_id AS INTEGER) FROM sync_pending WHERE stream = 'settlement' AND id <= @bound)
         AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.stream = 'settlement' AND o.source_key = CAST(st.session_id AS TEXT))
       ORDER BY st.settled_at, st.session_id`,
    )
    .all({ bound }) as Record<string, unknown>[];
  return rows.map((r) => {
    const totals = jsonOr<Record<string, unknown>>(r.totals_json, {});
    // What the settlement result kept beyond the columns (owner, who settled, the audit head, the time's source).
    const result = jsonOr<Partial<SettlementResult>>(r.result_json, {});
    const auditHead = result.auditHead && /^[0-9a-f]{64}$/.test(result.auditHead.hash) ? result.auditHead : null;
    return {
      sourceKey: String(r.session_id),
      at: r.settled_at as number,
      data: {
        session_id: r.session_id, clerk_staff_no: r.clerk_staff_no, business_day: r.business_day, opened_at: r.opened_at, float_fen: r.float_fen,
        settled_at: r.settled_at, z_no: r.z_no, z_created_at: r.z_created_at, expected_fen: r.expected_fen, counted_fen: r.counted_fen,
        variance_fen: r.variance_fen, totals, variance_approver: r.variance_approver, early_approval_id: r.early_approval_id,
        head_seq: r.head_seq, head_hash: r.head_hash,
        owner: clip(result.owner ?? r.clerk_staff_no, 40), settled_by: clip(result.settledBy, 40),
        audit_head_seq: auditHead?.seq ?? null, audit_head_hash: auditHead?.hash ?? null,
        count_attempts: typeof result.countAttempts === 'number' ? result.countAttempts : null,
        time_source: result.timeSource ?? null, offline_approval_id: result.offlineApprovalId ?? null,
      },
    };
  });
}

/**
 * The rows of a table captured as one stream's rows by an integer key: those pending for the
 * stream up to `bound` and not yet in the outbox, in `orderBy` order. Table and column names are
 * this file's own constants.
 */
function pendingRows(db: Db, bound: number, stream: string, table: string, key: string, orderBy: string): Record<string, unknown>[] {
  return db
    .prepare(
      `SELECT r.* FROM ${table} r
       WHERE r.${key} IN (SELECT CAST(source_id AS INTEGER) FROM sync_pending WHERE stream = '${stream}' AND id <= @bound)
         AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.stream = '${stream}' AND o.source_key = CAST(r.${key} AS TEXT))
       ORDER BY ${orderBy}`,
    )
    .all({ bound }) as Record<string, unknown>[];
}

function handovers(db: Db, bound: number): Captured[] {
  const rows = pendingRows(db, bound, 'handover', 'till_handover', 'session_id', 'r.at, r.session_id');
  return rows.map((h) => ({
    sourceKey: String(h.session_id),
    at: h.at as number,
    data: { session_id: h.session_id, at: h.at, amount_fen: h.amount_fen, bag_no: h.bag_no, seal_no: h.seal_no, handed_by: h.handed_by, received_by: h.received_by },
  }));
}

function earlyEvents(db: Db, bound: number): Captured[] {
  const rows = pendingRows(db, bound, 'early_event', 'till_early_event', 'id', 'r.id');
  return rows.map((e) => ({
    sourceKey: String(e.id),
    at: e.at as number,
    data: {
      id: e.id, at: e.at, session_id: e.session_id, staff_no: e.staff_no, actor_staff_no: e.actor_staff_no ?? null, outcome: e.outcome, block: e.block, minutes_early: e.minutes_early,
      allowed_at: e.allowed_at, open_journeys: e.open_journeys, approver_staff_no: e.approver_staff_no, reason_code: e.reason_code,
      // Rows from before migration 052 held the typed text; it stays on the counter like the rest.
      reason_text: null, note_id: e.note_id ?? null,
    },
  }));
}

/** Every blind count and approved recount, with what the ledger expected. */
function counts(db: Db, bound: number): Captured[] {
  const rows = pendingRows(db, bound, 'count', 'till_count', 'id', 'r.id');
  return rows.map((c) => ({
    sourceKey: String(c.id),
    at: c.counted_at as number,
    data: {
      id: c.id, session_id: c.session_id, attempt_no: c.attempt_no, at: c.counted_at, staff_no: c.staff_no, actor_staff_no: c.actor_staff_no ?? null,
      counted_fen: c.counted_fen, expected_fen: c.expected_fen, variance_fen: c.variance_fen,
      cash: numbers(c.cash_json), items: numbers(c.items_json), head_seq: c.head_seq,
    },
  }));
}

/** {denomination or item: count} as stored; anything else in the JSON is left out. */
function numbers(text: unknown): Record<string, number> {
  const v = jsonOr<Record<string, unknown>>(text, {});
  return Object.fromEntries(Object.entries(v && typeof v === 'object' ? v : {}).filter(([k, n]) => k.length <= 40 && Number.isInteger(n))) as Record<string, number>;
}

function takeovers(db: Db, bound: number): Captured[] {
  const rows = pendingRows(db, bound, 'takeover', 'till_takeover', 'id', 'r.id');
  return rows.map((t) => ({
    sourceKey: String(t.id),
    at: t.at as number,
    data: { id: t.id, session_id: t.session_id, at: t.at, counter_id: t.counter_id, owner_staff_no: t.owner_staff_no, taker_staff_no: t.taker_staff_no, note_id: t.note_id },
  }));
}

/** Recounts allowed, days reopened, settlements allowed while the hall was unreachable: one stream, `kind` says which. */
function approvals(db: Db, bound: number): Captured[] {
  const named = (db.prepare("SELECT source_id FROM sync_pending WHERE stream = 'approval' AND id <= ?").all(bound) as { source_id: string }[]).map((r) => r.source_id);
  if (named.length === 0) return [];
  const done = db.prepare("SELECT 1 FROM sync_outbox WHERE stream = 'approval' AND source_key = ?");
  const read = {
    recount: db.prepare('SELECT id, session_id, at, actor_staff_no, approver_staff_no, after_attempt, note_id FROM till_recount_approval WHERE id = ?'),
    reopen: db.prepare('SELECT session_id AS id, session_id, at, NULL AS actor_staff_no, approver_staff_no, NULL AS after_attempt, note_id FROM till_reopen WHERE session_id = ?'),
    offline: db.prepare('SELECT id, session_id, at, actor_staff_no, approver_staff_no, NULL AS after_attempt, note_id FROM till_offline_approval WHERE id = ?'),
  } as const;
  const out: Captured[] = [];
  for (const key of named) {
    const [kind, id] = key.split(':') as [keyof typeof read, string];
    if (!(kind in read) || done.get(key)) continue;
    const r = read[kind].get(Number(id)) as Record<string, unknown> | undefined;
    if (!r) continue;
    out.push({ sourceKey: key, at: r.at as number, data: { kind, ...r } });
  }
  return out.sort((a, b) => a.at - b.at || a.sourceKey.localeCompare(b.sourceKey));
}

/** What the till's clock guard saw: changes, reboots, skews against the hall, flags and approvals. */
function clockEvents(db: Db, bound: number): Captured[] {
  const rows = pendingRows(db, bound, 'clock_event', 'till_clock_event', 'id', 'r.id');
  return rows.map((e) => ({
    sourceKey: String(e.id),
    at: e.at as number,
    data: {
      id: e.id, at: e.at, counter_id: e.counter_id, kind: e.kind, delta_ms: e.delta_ms, forward_ms: e.forward_ms,
      boot_id: clip(e.boot_id, 80), prev_boot_id: clip(e.prev_boot_id, 80), actor_staff_no: e.actor_staff_no,
    },
  }));
}

/** A job's outcome each time it ends (a failed job printed later is a second outcome). */
function printOutcomes(db: Db, bound: number): Captured[] {
  const rows = db
    .prepare(
      `SELECT p.*, p.id || ':' || p.state || ':' || p.attempts AS source_key FROM print_jobs p
       WHERE p.id IN (SELECT CAST(source_id AS INTEGER) FROM sync_pending WHERE stream = 'print_outcome' AND id <= @bound)
         AND p.state IN ('printed', 'failed')
         AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.stream = 'print_outcome' AND o.source_key = p.id || ':' || p.state || ':' || p.attempts)
       ORDER BY p.updated_at, p.id`,
    )
    .all({ bound }) as Record<string, unknown>[];
  return rows.map((p) => {
    const reasonCode = clip(jsonOr<{ code?: unknown } | null>(p.reason_json, null)?.code, 80);
    return {
      sourceKey: p.source_key as string,
      at: p.updated_at as number,
      data: {
        job_id: p.id, kind: p.kind, ref: p.ref, state: p.state, reprint_of: p.reprint_of, reprint_no: p.reprint_no,
        possible_duplicate: bool(p.possible_duplicate), attempts: p.attempts, requested_by: p.requested_by, created_at: p.created_at,
        printed_at: p.printed_at, at: p.updated_at, reason_code: reasonCode,
      },
    };
  });
}

/**
 * Each reader takes the records sync_pending names up to id `bound` (a capture's chunk);
 * `PENDING_STREAM` is the sync_pending stream that names them (steps come with their journey).
 */
export const PENDING_STREAM: Record<CapturedStream, string> = {
  journey: 'journey', step: 'journey', settlement: 'settlement', handover: 'handover', early_event: 'early_event', print_outcome: 'print_outcome',
  count: 'count', takeover: 'takeover', approval: 'approval', clock_event: 'clock_event',
};

export const CAPTURE: Record<CapturedStream, (db: Db, bound: number) => Captured[]> = {
  journey: journeys,
  step: steps,
  settlement: settlements,
  handover: handovers,
  early_event: earlyEvents,
  print_outcome: printOutcomes,
  count: counts,
  takeover: takeovers,
  approval: approvals,
  clock_event: clockEvents,
};
