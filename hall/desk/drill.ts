/**
 * Drill-down: the journeys behind a figure (a business's volume, the cancellations, the manual
 * ID entries …) for the same period and filters, newest first, a page at a time. The ID number
 * is shown as the counter sent it (first 4 and last 4 at most); no name ever reaches the hall.
 */
import { BilingualError } from '../../base/contract/errors';
import type { DeskDrill, DeskJourneyRow } from '../../base/contract/desk';
import type { Queryable } from '../storage/port';
import { journeyFilter, type Scope } from './scope';

function drillWhere(d: DeskDrill, params: unknown[]): string {
  const v = d.value;
  const need = (what: 'string' | 'number') => {
    if (typeof v !== what) {
      throw new BilingualError('INVALID_INPUT', `下钻「${d.kind}」需要${what === 'number' ? '数字' : '文字'}值`, `Drill-down "${d.kind}" needs a ${what} value`);
    }
    params.push(v);
    return `$${params.length}`;
  };
  switch (d.kind) {
    case 'all':
      return '';
    case 'business':
      return ` AND j.status = 'closed' AND ${need('string')} = ANY(j.processed)`;
    case 'cancelled':
      return ` AND j.status = 'cancelled'`;
    case 'refund':
      return ' AND j.refund_fen > 0';
    case 'manual':
      return ' AND j.manual_entry';
    case 'consentRefused':
      return ' AND j.consents_refused > 0';
    case 'recOffered':
      return ' AND j.rec_offered > 0';
    case 'recAccepted':
      return ' AND j.rec_accepted > 0';
    case 'counter':
      return ` AND j.counter = ${need('number')}::int`;
    case 'clerk':
      return ` AND j.clerk = ${need('string')}`;
    case 'slowerThan':
      return ` AND j.status = 'closed' AND j.closed_at - j.opened_at >= ${need('number')}::int8`;
  }
}

export function drillSql(s: Scope, d: DeskDrill, params: unknown[]): string {
  params.push(s.fromMs, s.toMs);
  const range = `j.opened_at >= $${params.length - 1} AND j.opened_at < $${params.length}`;
  return `${range}${journeyFilter(s.filters, params)}${drillWhere(d, params)}`;
}

export async function journeysBehind(q: Queryable, s: Scope, d: DeskDrill, offset: number, limit: number): Promise<{ total: number; rows: DeskJourneyRow[] }> {
  const params: unknown[] = [];
  const where = drillSql(s, d, params);
  const total = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM desk_journey j WHERE ${where}`, params)).rows[0]!.n;
  params.push(limit, offset);
  const r = await q.query<DeskJourneyRow>(
    `SELECT j.counter, j.journey_id AS "journeyId", j.clerk, j.status, j.opened_at AS "openedAt", j.closed_at AS "closedAt",
       CASE WHEN j.closed_at IS NULL THEN NULL ELSE j.closed_at - j.opened_at END AS "durationMs",
       j.id_masked AS "idMasked", j.manual_entry AS "manualEntry", j.ticket, j.processed AS businesses, j.due_fen AS "dueFen",
       j.refund_fen AS "refundFen", j.rec_offered AS "recOffered", j.rec_accepted AS "recAccepted", j.consents_refused AS "consentsRefused",
       j.cancel_reason AS "cancelReason"
     FROM desk_journey j WHERE ${where}
     ORDER BY j.opened_at DESC, j.counter, j.journey_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { total, rows: r.rows };
}
