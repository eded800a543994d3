/**
 * SQLite persistence of journeys (migrations 005, 062). Every write here runs inside one
 * transaction with the action that caused it: the state, the report columns and the new
 * effects land together or not at all.
 *
 * Text the clerk types (the manual-entry reason, the cancel reason, a recommendation's reason) is
 * never written into a journey row, its state or its action rows: it goes to the purgeable
 * free_text table (privacy/freeTextStore.ts) and they cite its id. Loading a journey reads the text
 * back, null once the retention purge took it.
 */
import { freeTextOf, putFreeText } from '../privacy/freeTextStore';
import type { PurgeCounts } from '../privacy/retention';
import type { Db } from '../storage/db';
import type { Effect, JourneyCommand, JourneyState } from './types';

/** The places of the list (privacy/places.ts) the journey's purge covers. */
export const JOURNEY_PLACES = ['journeys.id_masked', 'journeys.id_hash', 'journeys.farewell_title', 'journeys.state_json', 'journey_actions.payload', 'journey_effects.payload'] as const;

/** What each typed text in a journey is, in free_text's `purpose`. */
export const JOURNEY_TEXT_PURPOSE = {
  manualReason: 'journey.manual_reason',
  cancelReason: 'journey.cancel_reason',
  recommendReason: 'journey.recommend_reason',
} as const;

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
      .run(state.journeyId, state.counterId, state.clerkId, sessionId, state.step, state.version, state.openedAt, JSON.stringify(stored(state)), state.openedAt);
    this.insertSteps(null, state);
  }

  load(journeyId: string): JourneyState | null {
    const row = this.db.prepare('SELECT state_json FROM journeys WHERE journey_id = ?').get(journeyId) as JourneyRow | undefined;
    return row ? this.withText(JSON.parse(row.state_json) as JourneyState) : null;
  }

  openForCounter(counterId: string): JourneyState[] {
    const rows = this.db
      .prepare(`SELECT state_json FROM journeys WHERE counter_id = ? AND status = 'open' ORDER BY opened_at`)
      .all(counterId) as JourneyRow[];
    return rows.map((r) => this.withText(JSON.parse(r.state_json) as JourneyState));
  }

  /** Records one applied command: the action row, the new state and report columns, new effects. */
  record(prev: JourneyState, next: JourneyState, cmd: JourneyCommand, effects: Effect[], at: number): void {
    this.citeNewText(next, at);
    this.db
      .prepare('INSERT INTO journey_actions (journey_id, seq, at, type, step_before, step_after, payload) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(next.journeyId, next.version, at, cmd.type, prev.step, next.step, JSON.stringify(sanitise(cmd, next)));
    this.updateJourney(next, at);
    this.insertSteps(prev, next);
    const consent = this.db.prepare('INSERT INTO journey_consents (journey_id, seq, business_code, answer, at) VALUES (?, ?, ?, ?, ?)');
    next.consentLog.slice(prev.consentLog.length).forEach((c, i) => consent.run(next.journeyId, prev.consentLog.length + i + 1, c.code, c.answer, c.at));
    if (prev.recommendations.length === 0) {
      const rec = this.db.prepare('INSERT INTO journey_recommendations (journey_id, product_code, outcome, reason_id, at) VALUES (?, ?, ?, ?, ?)');
      for (const r of next.recommendations) rec.run(next.journeyId, r.productCode, r.outcome, r.reasonId ?? null, r.at);
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
   * The retention purge of the journeys opened in [from, before): the masked number, the keyed
   * hash and the title leave the row; the resumable state keeps its shape with the customer's
   * facts blanked (title 您) and each business's fields gone; action rows lose the masked number
   * and the fields; the receipt effect its masked number, the fields and their labelled copy (details). Typed reasons are
   * free_text's (purged there). Returns the rows changed per place.
   */
  purgePersonal(from: number, before: number): PurgeCounts {
    const inWindow = 'SELECT journey_id FROM journeys WHERE opened_at >= @from AND opened_at < @before';
    const w = { from, before };
    const columns = this.db
      .prepare(
        `UPDATE journeys SET id_masked = NULL, id_hash = NULL, farewell_title = NULL
         WHERE opened_at >= @from AND opened_at < @before AND (id_masked IS NOT NULL OR id_hash IS NOT NULL OR farewell_title IS NOT NULL)`,
      )
      .run(w).changes;
    // json(…) around a subquery: its result would otherwise be stored as a quoted string.
    const state = this.db
      .prepare(
        `UPDATE journeys SET state_json = json_set(state_json,
           '$.customer.idMasked', NULL, '$.customer.idHash', NULL, '$.customer.validTo', NULL, '$.customer.manualReason', NULL,
           '$.customer.title', json('{"zh":"您","en":"you"}'),
           '$.businesses', json((SELECT json_group_array(json_set(b.value, '$.fields', NULL) ORDER BY b.key) FROM json_each(journeys.state_json, '$.businesses') b)))
         WHERE opened_at >= @from AND opened_at < @before
           AND (json_extract(state_json, '$.customer.idMasked') IS NOT NULL OR json_extract(state_json, '$.customer.idHash') IS NOT NULL
             OR json_extract(state_json, '$.customer.validTo') IS NOT NULL OR json_extract(state_json, '$.customer.title.zh') <> '您'
             OR EXISTS (SELECT 1 FROM json_each(journeys.state_json, '$.businesses') b WHERE json_extract(b.value, '$.fields') IS NOT NULL))`,
      )
      .run(w).changes;
    const actions = this.db
      .prepare(
        `UPDATE journey_actions SET payload = json_remove(payload, '$.idMasked', '$.fields')
         WHERE journey_id IN (${inWindow}) AND (json_extract(payload, '$.idMasked') IS NOT NULL OR json_extract(payload, '$.fields') IS NOT NULL)`,
      )
      .run(w).changes;
    const effects = this.db
      .prepare(
        `UPDATE journey_effects SET payload = json_set(payload, '$.data.idMasked', NULL,
           '$.data.lines', json((SELECT json_group_array(json_remove(json_set(l.value, '$.fields', json('{}')), '$.details') ORDER BY l.key) FROM json_each(journey_effects.payload, '$.data.lines') l)))
         WHERE kind = 'printReceipt' AND journey_id IN (${inWindow})
           AND (json_extract(payload, '$.data.idMasked') IS NOT NULL
             OR EXISTS (SELECT 1 FROM json_each(journey_effects.payload, '$.data.lines') l
                        WHERE json_extract(l.value, '$.fields') <> '{}' OR json_extract(l.value, '$.details') IS NOT NULL))`,
      )
      .run(w).changes;
    return {
      'journeys.id_masked': columns,
      'journeys.id_hash': columns,
      'journeys.farewell_title': columns,
      'journeys.state_json': state,
      'journey_actions.payload': actions,
      'journey_effects.payload': effects,
    };
  }

  /**
   * Typed text the machine just set (it carries no id yet) goes to free_text, in this transaction;
   * the state keeps the id. Text read back from free_text already has its id and is not stored twice.
   */
  private citeNewText(s: JourneyState, at: number): void {
    const put = (purpose: string, text: string | null | undefined, id: number | null | undefined) => (text != null && id == null ? putFreeText(this.db, purpose, text, at) : (id ?? null));
    if (s.customer) s.customer.manualReasonId = put(JOURNEY_TEXT_PURPOSE.manualReason, s.customer.manualReason, s.customer.manualReasonId);
    if (s.cancel) s.cancel.reasonId = put(JOURNEY_TEXT_PURPOSE.cancelReason, s.cancel.reason, s.cancel.reasonId);
    for (const r of s.recommendations) r.reasonId = put(JOURNEY_TEXT_PURPOSE.recommendReason, r.reason, r.reasonId);
  }

  /** The stored state with each typed text read back from free_text (null once purged). */
  private withText(s: JourneyState): JourneyState {
    if (s.customer) s.customer.manualReason = s.customer.manualReasonId == null ? null : freeTextOf(this.db, s.customer.manualReasonId);
    if (s.cancel) s.cancel.reason = s.cancel.reasonId == null ? null : freeTextOf(this.db, s.cancel.reasonId);
    for (const r of s.recommendations) r.reason = r.reasonId == null ? null : freeTextOf(this.db, r.reasonId);
    return s;
  }

  private updateJourney(s: JourneyState, at: number): void {
    const status = s.step === 'closed' ? 'closed' : s.step === 'cancelled' ? 'cancelled' : 'open';
    const pay = s.payment;
    this.db
      .prepare(
        `UPDATE journeys SET status = ?, step = ?, version = ?, closed_at = ?, ticket = ?, business_codes = ?,
           id_method = ?, id_card_type = ?, id_masked = ?, id_hash = ?, manual_entry = ?, manual_reason_id = ?, farewell_title = ?,
           due_fen = ?, tender = ?, tendered_fen = ?, change_fen = ?, pay_reference = ?, paid_at = ?, receipt_job_id = ?,
           cancel_reason_id = ?, cancel_step = ?, refund_fen = ?, refund_status = ?, state_json = ?, updated_at = ?
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
        s.customer?.manualReasonId ?? null,
        s.customer?.title.zh ?? null,
        pay?.dueFen ?? 0,
        pay?.status === 'paid' ? pay.tender : null,
        pay?.status === 'paid' ? pay.tenderedFen : null,
        pay?.status === 'paid' ? pay.changeFen : null,
        pay?.status === 'paid' ? pay.reference : null,
        pay?.paidAt ?? null,
        s.receipt?.jobId ?? null,
        s.cancel?.reasonId ?? null,
        s.cancel?.atStep ?? null,
        s.cancel?.refund?.amountFen ?? null,
        s.cancel?.refund?.status ?? null,
        JSON.stringify(stored(s)),
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

/** The state as stored: typed text only by its free_text id (citeNewText gave each one). */
function stored(s: JourneyState): JourneyState {
  return {
    ...s,
    customer: s.customer && { ...s.customer, manualReason: null },
    cancel: s.cancel && { ...s.cancel, reason: null },
    recommendations: s.recommendations.map((r) => ({ ...r, reason: null })),
  };
}

/**
 * The action as stored: the card itself (full number, name, address) never reaches the disk, nor
 * any typed text — only the id of its free_text row.
 */
function sanitise(cmd: JourneyCommand, next: JourneyState): Record<string, unknown> {
  switch (cmd.type) {
    case 'verifyCard':
      return { type: cmd.type, cardType: cmd.card.cardType, faceConfirmed: cmd.faceConfirmed, idMasked: next.customer?.idMasked ?? null };
    case 'verifyManual':
      return { type: cmd.type, cardType: cmd.entry.cardType, faceConfirmed: cmd.faceConfirmed, reasonId: next.customer?.manualReasonId ?? null, idMasked: next.customer?.idMasked ?? null };
    case 'submitBusiness': {
      const line = next.businesses.find((l) => l.code === cmd.code);
      return { type: cmd.type, code: cmd.code, fields: line?.fields ?? null, feeFen: line?.feeFen ?? null, balanceRefundFen: line?.balanceRefundFen ?? null };
    }
    case 'cancel':
      return { type: cmd.type, reasonId: next.cancel?.reasonId ?? null };
    case 'recommend':
      return {
        type: cmd.type,
        offers: cmd.offers.map((o) => ({ productCode: o.productCode, outcome: o.outcome, reasonId: next.recommendations.find((r) => r.productCode === o.productCode)?.reasonId ?? null })),
      };
    case 'effectFailed':
      return { type: cmd.type, key: cmd.key, error: cmd.error.code };
    default:
      return { ...cmd };
  }
}
