/**
 * SQLite persistence of journeys (migration 005). Every write here runs inside one
 * transaction with the action that caused it: the state, the report columns and the new
 * effects land together or not at all.
 */
import type { RetentionSpec } from '../privacy/retention';
import type { Db } from '../storage/db';
import type { Effect, JourneyCommand, JourneyState } from './types';

/** The personal columns of a journey row, blanked by the retention purge after the configured days. */
export const JOURNEY_RETENTION: RetentionSpec = { table: 'journeys', timeColumn: 'opened_at', personalColumns: ['id_masked', 'farewell_title', 'manual_reason'] };

interface JourneyRow {
  state_json: string;
}

interface EffectRow {
  effect_key: string;
  journey_id: string;
  payload: string;
  status: 'pending' | 'done' | 'failed';
}

export class JourneyStore {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insert(state: JourneyState, sessionId: string): void {
    this.db
      .prepare(
        `INSERT INTO journeys (journey_id, counter_id, clerk_id, session_id, status, step, version, opened_at, state_json, updated_at)
         VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
      )
      .run(state.journeyId, state.counterId, state.clerkId, sessionId, state.step, state.version, state.openedAt, JSON.stringify(state), state.openedAt);
    this.insertSteps(null, state);
  }

  load(journeyId: string): JourneyState | null {
    const row = this.db.prepare('SELECT state_json FROM journeys WHERE journey_id = ?').get(journeyId) as JourneyRow | undefined;
    return row ? (JSON.parse(row.state_json) as JourneyState) : null;
  }

  openForCounter(counterId: string): JourneyState[] {
    const rows = this.db
      .prepare(`SELECT state_json FROM journeys WHERE counter_id = ? AND status = 'open' ORDER BY opened_at`)
      .all(counterId) as JourneyRow[];
    return rows.map((r) => JSON.parse(r.state_json) as JourneyState);
  }

  /** Records one applied command: the action row, the new state and report columns, new effects. */
  record(prev: JourneyState, next: JourneyState, cmd: JourneyCommand, effects: Effect[], at: number): void {
    this.db
      .prepare('INSERT INTO journey_actions (journey_id, seq, at, type, step_before, step_after, payload) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(next.journeyId, next.version, at, cmd.type, prev.step, next.step, JSON.stringify(sanitise(cmd, next)));
    this.updateJourney(next, at);
    this.insertSteps(prev, next);
    const consent = this.db.prepare('INSERT INTO journey_consents (journey_id, seq, business_code, answer, at) VALUES (?, ?, ?, ?, ?)');
    next.consentLog.slice(prev.consentLog.length).forEach((c, i) => consent.run(next.journeyId, prev.consentLog.length + i + 1, c.code, c.answer, c.at));
    if (prev.recommendations.length === 0) {
      const rec = this.db.prepare('INSERT INTO journey_recommendations (journey_id, product_code, outcome, reason, at) VALUES (?, ?, ?, ?, ?)');
      for (const r of next.recommendations) rec.run(next.journeyId, r.productCode, r.outcome, r.reason, r.at);
    }
    const line = this.db.prepare(
      `INSERT INTO journey_businesses (journey_id, business_code, status, fee_fen, balance_refund_fen, charged, processed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (journey_id, business_code) DO UPDATE SET status = excluded.status, fee_fen = excluded.fee_fen,
         balance_refund_fen = excluded.balance_refund_fen, processed_at = excluded.processed_at`,
    );
    for (const l of next.businesses) {
      line.run(next.journeyId, l.code, l.status, l.feeFen, l.balanceRefundFen, l.def.takes_payment ? 1 : 0, l.processedAt);
    }
    // OR IGNORE: a key already recorded (done or not) is never queued a second time.
    const eff = this.db.prepare(
      `INSERT OR IGNORE INTO journey_effects (effect_key, journey_id, seq, kind, payload, status, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
    );
    for (const e of effects) eff.run(e.key, e.journeyId, next.version, e.kind, JSON.stringify(e), at);
  }

  /** How many journeys closed at the counter in [fromMs, toMs] (the day's customer count). */
  closedBetween(counterId: string, fromMs: number, toMs: number): number {
    const r = this.db
      .prepare(`SELECT COUNT(*) AS n FROM journeys WHERE counter_id = ? AND status = 'closed' AND closed_at >= ? AND closed_at <= ?`)
      .get(counterId, fromMs, toMs) as { n: number };
    return r.n;
  }

  pendingEffects(journeyId?: string): Effect[] {
    const rows = (
      journeyId === undefined
        ? this.db.prepare(`SELECT * FROM journey_effects WHERE status = 'pending' ORDER BY seq, rowid`).all()
        : this.db.prepare(`SELECT * FROM journey_effects WHERE status = 'pending' AND journey_id = ? ORDER BY seq, rowid`).all(journeyId)
    ) as EffectRow[];
    return rows.map((r) => JSON.parse(r.payload) as Effect);
  }

  effectStatus(key: string): EffectRow['status'] | null {
    const row = this.db.prepare('SELECT status FROM journey_effects WHERE effect_key = ?').get(key) as { status: EffectRow['status'] } | undefined;
    return row?.status ?? null;
  }

  markEffect(key: string, status: 'done' | 'failed', result: unknown, at: number): void {
    this.db
      .prepare(`UPDATE journey_effects SET status = ?, done_at = ?, result = ? WHERE effect_key = ? AND status = 'pending'`)
      .run(status, at, JSON.stringify(result ?? null), key);
  }

  /**
   * After a retention purge blanked a closed journey's columns, its resumable state loses the
   * masked number, the name title and the manual-entry reason too.
   */
  scrubPurged(): void {
    this.db.prepare(
      `UPDATE journeys SET state_json = json_set(state_json, '$.customer.idMasked', NULL, '$.customer.title', json('{"zh":"您","en":"you"}'), '$.customer.manualReason', NULL)
       WHERE status != 'open' AND id_masked IS NULL AND farewell_title IS NULL AND json_extract(state_json, '$.customer.idMasked') IS NOT NULL`,
    ).run();
  }

  private updateJourney(s: JourneyState, at: number): void {
    const status = s.step === 'closed' ? 'closed' : s.step === 'cancelled' ? 'cancelled' : 'open';
    const pay = s.payment;
    this.db
      .prepare(
        `UPDATE journeys SET status = ?, step = ?, version = ?, closed_at = ?, ticket = ?, business_codes = ?,
           id_method = ?, id_card_type = ?, id_masked = ?, id_hash = ?, manual_entry = ?, manual_reason = ?, farewell_title = ?,
           due_fen = ?, tender = ?, tendered_fen = ?, change_fen = ?, pay_reference = ?, paid_at = ?, receipt_job_id = ?,
           cancel_reason = ?, cancel_step = ?, refund_fen = ?, refund_status = ?, state_json = ?, updated_at = ?
         WHERE journey_id = ?`,
      )
      .run(
        status,
        s.step,
        s.version,
        s.closedAt ?? s.cancel?.at ?? null,
        s.ticket,
        JSON.stringify(s.businesses.map((l) => l.code)),
        s.customer?.method ?? null,
        s.customer?.cardType ?? null,
        s.customer?.idMasked ?? null,
        s.customer?.idHash ?? null,
        s.customer?.manualEntry ? 1 : 0,
        s.customer?.manualReason ?? null,
        s.customer?.title.zh ?? null,
        pay?.dueFen ?? 0,
        pay?.status === 'paid' ? pay.tender : null,
        pay?.status === 'paid' ? pay.tenderedFen : null,
        pay?.status === 'paid' ? pay.changeFen : null,
        pay?.status === 'paid' ? pay.reference : null,
        pay?.paidAt ?? null,
        s.receipt?.jobId ?? null,
        s.cancel?.reason ?? null,
        s.cancel?.atStep ?? null,
        s.cancel?.refund?.amountFen ?? null,
        s.cancel?.refund?.status ?? null,
        JSON.stringify(s),
        at,
        s.journeyId,
      );
  }

  private insertSteps(prev: JourneyState | null, next: JourneyState): void {
    const from = prev?.stepLog.length ?? 0;
    const st = this.db.prepare('INSERT INTO journey_steps (journey_id, seq, step, entered_at) VALUES (?, ?, ?, ?)');
    next.stepLog.slice(from).forEach((e, i) => st.run(next.journeyId, from + i + 1, e.step, e.at));
  }
}

/** The action as stored: the card itself (full number, name, address) never reaches the disk. */
function sanitise(cmd: JourneyCommand, next: JourneyState): Record<string, unknown> {
  switch (cmd.type) {
    case 'verifyCard':
      return { type: cmd.type, cardType: cmd.card.cardType, faceConfirmed: cmd.faceConfirmed, idMasked: next.customer?.idMasked ?? null };
    case 'verifyManual':
      return { type: cmd.type, cardType: cmd.entry.cardType, faceConfirmed: cmd.faceConfirmed, reason: cmd.reason, idMasked: next.customer?.idMasked ?? null };
    case 'submitBusiness': {
      const line = next.businesses.find((l) => l.code === cmd.code);
      return { type: cmd.type, code: cmd.code, fields: line?.fields ?? null, feeFen: line?.feeFen ?? null, balanceRefundFen: line?.balanceRefundFen ?? null };
    }
    case 'effectFailed':
      return { type: cmd.type, key: cmd.key, error: cmd.error.code };
    default:
      return { ...cmd };
  }
}
