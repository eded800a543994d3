/**
 * What the counter did for customers between two instants (a till session, for its Z report):
 * customers received, completed and cancelled journeys, refunds, completed businesses by code,
 * recommendations offered and accepted. Counts only: nothing about any person.
 */
import type { Db } from '../storage/db';

export interface JourneySummary {
  customers: number;
  completed: number;
  cancelled: number;
  refunds: { count: number; amountFen: number };
  byBusiness: { code: string; count: number }[];
  recommendations: { offered: number; accepted: number };
}

/** Journeys at the counter begun in [fromMs, toMs] and ended (closed or cancelled). */
export function journeySummary(db: Db, counterId: string, fromMs: number, toMs: number): JourneySummary {
  const where = "counter_id = @counterId AND opened_at >= @fromMs AND opened_at <= @toMs AND status IN ('closed', 'cancelled')";
  const args = { counterId, fromMs, toMs };
  const j = db.prepare(`SELECT COUNT(*) AS customers, TOTAL(status = 'closed') AS completed, TOTAL(status = 'cancelled') AS cancelled,
      TOTAL(COALESCE(refund_fen, 0) > 0) AS refunds, TOTAL(COALESCE(refund_fen, 0)) AS refund_fen FROM journeys WHERE ${where}`)
    .get(args) as { customers: number; completed: number; cancelled: number; refunds: number; refund_fen: number };
  const byBusiness = db.prepare(`SELECT b.business_code AS code, COUNT(*) AS count FROM journey_businesses b
      WHERE b.journey_id IN (SELECT journey_id FROM journeys WHERE ${where} AND status = 'closed') GROUP BY b.business_code ORDER BY count DESC, code`)
    .all(args) as { code: string; count: number }[];
  const rec = db.prepare(`SELECT TOTAL(outcome <> 'not_applicable') AS offered, TOTAL(outcome = 'accepted') AS accepted FROM journey_recommendations
      WHERE journey_id IN (SELECT journey_id FROM journeys WHERE ${where})`).get(args) as { offered: number; accepted: number };
  return {
    customers: j.customers, completed: Math.round(j.completed), cancelled: Math.round(j.cancelled),
    refunds: { count: Math.round(j.refunds), amountFen: Math.round(j.refund_fen) },
    byBusiness, recommendations: { offered: Math.round(rec.offered), accepted: Math.round(rec.accepted) },
  };
}
