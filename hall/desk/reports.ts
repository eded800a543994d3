/**
 * The reports the duty manager owes (日报/周报/月报): generated from the records for the period's
 * figures, the anomalies the desk flags, comments the duty manager edits while it is a draft,
 * then submitted — locked (a trigger refuses any later change) and timestamped with the hall's
 * time. The daily report is due the next day, the weekly on the Monday after, the monthly by the
 * 3rd of the next month. Generating again while a draft refreshes its figures and keeps its comments.
 */
import { BilingualError } from '../../base/contract/errors';
import type { DeskFigures, DeskReport } from '../../base/contract/desk';
import { addDays, REPORT_PERIOD, type ReportKind } from '../../base/deskPeriod';
import { recordAudit, type HallActor } from '../audit';
import type { Queryable } from '../storage/port';
import { hallNow } from '../time';
import { deskFigures } from './figures';
import { scopeOf } from './scope';

export type Anomaly = DeskReport['anomalies'][number];

const pct = (r: number) => `${Math.round(r * 100)}%`;
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** What the report flags for the market department (异常情况): each with its reason in Chinese and English. */
export function anomaliesOf(f: DeskFigures): Anomaly[] {
  const out: Anomaly[] = [];
  const h = f.hall;
  if (f.previous.businesses > 0) {
    const change = (h.businesses - f.previous.businesses) / f.previous.businesses;
    if (change <= -0.3 || change >= 0.5) {
      out.push({ code: 'volume_change', zh: `业务量较上期变化 ${change > 0 ? '+' : ''}${pct(change)}（${f.previous.businesses} → ${h.businesses}）`, en: `Business volume changed ${change > 0 ? '+' : ''}${pct(change)} against the previous period (${f.previous.businesses} → ${h.businesses})` });
    }
  }
  for (const c of f.byCounter) {
    if (c.cash.overFen > 0 || c.cash.shortFen > 0) {
      out.push({ code: 'cash_variance', zh: `${c.counter}号台席长款 ${yuan(c.cash.overFen)} 元、短款 ${yuan(c.cash.shortFen)} 元`, en: `Counter ${c.counter}: over ¥${yuan(c.cash.overFen)}, short ¥${yuan(c.cash.shortFen)}` });
    }
    if (c.utilisation.ratio !== null && c.utilisation.ratio < 0.2) {
      out.push({ code: 'low_utilisation', zh: `${c.counter}号台席利用率仅 ${pct(c.utilisation.ratio)}`, en: `Counter ${c.counter} utilisation only ${pct(c.utilisation.ratio)}` });
    }
  }
  for (const k of f.byClerk) {
    const e = k.early;
    if (e.attempts + e.approvals + e.refusals > 0) {
      out.push({
        code: 'early_settlement',
        zh: `${k.staffNo}${k.name ? ` ${k.name}` : ''} 提前结账尝试 ${e.attempts} 次、批准 ${e.approvals} 次、拒绝 ${e.refusals} 次（最多提前 ${e.minutesEarlyMax ?? 0} 分钟）`,
        en: `${k.staffNo}${k.name ? ` ${k.name}` : ''}: ${e.attempts} early-settlement attempts, ${e.approvals} approved, ${e.refusals} refused (up to ${e.minutesEarlyMax ?? 0} min early)`,
      });
    }
  }
  if (h.reprints > 0) out.push({ code: 'reprints', zh: `重打凭证 ${h.reprints} 次`, en: `${h.reprints} reprints` });
  if (h.journeys > 0 && h.cancelled / h.journeys >= 0.15) {
    out.push({ code: 'cancellations', zh: `取消 ${h.cancelled} 笔，占 ${pct(h.cancelled / h.journeys)}`, en: `${h.cancelled} cancelled, ${pct(h.cancelled / h.journeys)} of journeys` });
  }
  return out;
}

export function dueBy(kind: ReportKind, to: string): string {
  if (kind === 'monthly') return `${addDays(to, 1).slice(0, 7)}-03`;
  return addDays(to, 1);
}

interface ReportRow {
  id: number;
  kind: ReportKind;
  period_from: string;
  period_to: string;
  figures: { figures: DeskFigures; anomalies: Anomaly[] };
  comments: DeskReport['comments'];
  generated_at: number;
  generated_by: string;
  updated_at: number;
  submitted_at: number | null;
  submitted_by: string | null;
}

function view(r: ReportRow): DeskReport {
  return {
    id: r.id, kind: r.kind, from: r.period_from, to: r.period_to, figures: r.figures.figures, anomalies: r.figures.anomalies, comments: r.comments,
    generatedAt: r.generated_at, generatedBy: r.generated_by, updatedAt: r.updated_at, submittedAt: r.submitted_at, submittedBy: r.submitted_by,
    dueBy: dueBy(r.kind, r.period_to),
  };
}

const COLS = 'id::int8 AS id, kind, period_from, period_to, figures, comments, generated_at, generated_by, updated_at, submitted_at, submitted_by';

export async function getReport(q: Queryable, id: number): Promise<DeskReport> {
  const r = (await q.query<ReportRow>(`SELECT ${COLS} FROM desk_report WHERE id = $1`, [id])).rows[0];
  if (!r) throw new BilingualError('DESK_REPORT_NOT_FOUND', `没有编号为 ${id} 的报表`, `No report number ${id}`);
  return view(r);
}

export async function listReports(q: Queryable, kind: ReportKind | undefined, limit: number): Promise<Omit<DeskReport, 'figures' | 'anomalies'>[]> {
  const r = await q.query<ReportRow>(`SELECT ${COLS} FROM desk_report WHERE ($1::text IS NULL OR kind = $1) ORDER BY period_from DESC, kind LIMIT $2`, [kind ?? null, limit]);
  return r.rows.map((x) => {
    const { figures: _f, anomalies: _a, ...rest } = view(x);
    return rest;
  });
}

function submitted(r: { id: number; submitted_at: number | null }): BilingualError {
  return new BilingualError('DESK_REPORT_SUBMITTED', `报表 ${r.id} 已于 ${new Date(r.submitted_at!).toISOString()} 提交，不能再修改`, `Report ${r.id} was submitted at ${new Date(r.submitted_at!).toISOString()} and can no longer change`);
}

export async function generateReport(store: { tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> } & Queryable, actor: HallActor, kind: ReportKind, date: string): Promise<DeskReport> {
  const scope = await scopeOf(store, { kind: REPORT_PERIOD[kind], date });
  const figures = await deskFigures(store, scope);
  const doc = JSON.stringify({ figures, anomalies: anomaliesOf(figures) });
  return store.tx(async (q) => {
    const now = await hallNow(q);
    const held = (await q.query<ReportRow>(`SELECT ${COLS} FROM desk_report WHERE kind = $1 AND period_from = $2 FOR UPDATE`, [kind, scope.from])).rows[0];
    if (held?.submitted_at) return view(held);
    const r = held
      ? (await q.query<ReportRow>(`UPDATE desk_report SET figures = $2::jsonb, generated_at = $3, generated_by = $4, updated_at = $3 WHERE id = $1 RETURNING ${COLS}`, [held.id, doc, now, actor.staffNo])).rows[0]!
      : (await q.query<ReportRow>(
          `INSERT INTO desk_report (kind, period_from, period_to, figures, generated_at, generated_by, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $5) RETURNING ${COLS}`,
          [kind, scope.from, scope.to, doc, now, actor.staffNo],
        )).rows[0]!;
    await recordAudit(q, actor, 'desk.report.generate', `${kind}:${scope.from}`, { id: r.id });
    return view(r);
  });
}

export async function commentReport(store: { tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> }, actor: HallActor, id: number, comments: DeskReport['comments']): Promise<DeskReport> {
  return store.tx(async (q) => {
    const held = (await q.query<ReportRow>(`SELECT ${COLS} FROM desk_report WHERE id = $1 FOR UPDATE`, [id])).rows[0];
    if (!held) throw new BilingualError('DESK_REPORT_NOT_FOUND', `没有编号为 ${id} 的报表`, `No report number ${id}`);
    if (held.submitted_at) throw submitted(held);
    const merged = { ...held.comments, ...comments };
    const r = (await q.query<ReportRow>(`UPDATE desk_report SET comments = $2::jsonb, updated_at = $3 WHERE id = $1 RETURNING ${COLS}`, [id, JSON.stringify(merged), await hallNow(q)])).rows[0]!;
    await recordAudit(q, actor, 'desk.report.comment', `${held.kind}:${held.period_from}`, { id, fields: Object.keys(comments) });
    return view(r);
  });
}

export async function submitReport(store: { tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> }, actor: HallActor, id: number): Promise<DeskReport> {
  return store.tx(async (q) => {
    const held = (await q.query<ReportRow>(`SELECT ${COLS} FROM desk_report WHERE id = $1 FOR UPDATE`, [id])).rows[0];
    if (!held) throw new BilingualError('DESK_REPORT_NOT_FOUND', `没有编号为 ${id} 的报表`, `No report number ${id}`);
    if (held.submitted_at) throw submitted(held);
    const r = (await q.query<ReportRow>(`UPDATE desk_report SET submitted_at = $2, submitted_by = $3, updated_at = $2 WHERE id = $1 RETURNING ${COLS}`, [id, await hallNow(q), actor.staffNo])).rows[0]!;
    await recordAudit(q, actor, 'desk.report.submit', `${held.kind}:${held.period_from}`, { id });
    return view(r);
  });
}
