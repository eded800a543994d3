/**
 * Every table the desk shows, as rows with bilingual column headings: what the exports write
 * (CSV and XLSX) and what the command line prints. Money in yuan with two decimals, times in
 * the hall's time zone, ratios as percentages; the ID number only masked.
 */
import type { DeskActivity, DeskDrill, DeskFigures, DeskTable } from '../../base/contract/desk';
import type { Queryable } from '../storage/port';
import { journeysBehind } from './drill';
import type { Scope } from './scope';
import { supervision } from './supervision';

export interface Column {
  key: string;
  zh: string;
  en: string;
}
export type Cell = string | number | null;
export interface TableData {
  title: { zh: string; en: string };
  columns: Column[];
  rows: Record<string, Cell>[];
}

const yuan = (fen: number) => Math.round(fen) / 100;
const secs = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

export function localTime(ms: number | null, tz: string): string | null {
  if (ms === null) return null;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
}

const ACTIVITY: Column[] = [
  { key: 'journeys', zh: '接待笔数', en: 'Journeys' },
  { key: 'businesses', zh: '业务量', en: 'Businesses' },
  { key: 'cancelled', zh: '取消', en: 'Cancelled' },
  { key: 'refunds', zh: '退款笔数', en: 'Refunds' },
  { key: 'refundYuan', zh: '退款金额(元)', en: 'Refunded (CNY)' },
  { key: 'handlingMedianS', zh: '办理时长中位数(秒)', en: 'Handling median (s)' },
  { key: 'handlingP90S', zh: '办理时长P90(秒)', en: 'Handling p90 (s)' },
  { key: 'utilisationPct', zh: '台席利用率(%)', en: 'Utilisation (%)' },
  { key: 'recOffered', zh: '推荐次数', en: 'Recommended' },
  { key: 'recAccepted', zh: '推荐成功', en: 'Accepted' },
  { key: 'consentsRefused', zh: '拒绝授权', en: 'Consents refused' },
  { key: 'manualEntries', zh: '手工录入证件', en: 'Manual ID entries' },
  { key: 'overYuan', zh: '长款(元)', en: 'Over (CNY)' },
  { key: 'shortYuan', zh: '短款(元)', en: 'Short (CNY)' },
  { key: 'earlyAttempts', zh: '提前结账尝试', en: 'Early attempts' },
  { key: 'earlyApprovals', zh: '提前结账批准', en: 'Early approvals' },
  { key: 'earlyRefusals', zh: '提前结账拒绝', en: 'Early refusals' },
  { key: 'earlyMinutesMax', zh: '最多提前(分钟)', en: 'Most minutes early' },
  { key: 'reprints', zh: '重打', en: 'Reprints' },
];

export function activityCells(a: DeskActivity): Record<string, Cell> {
  return {
    journeys: a.journeys, businesses: a.businesses, cancelled: a.cancelled, refunds: a.refunds, refundYuan: yuan(a.refundFen),
    handlingMedianS: secs(a.handling.medianMs), handlingP90S: secs(a.handling.p90Ms), utilisationPct: pct(a.utilisation.ratio),
    recOffered: a.recOffered, recAccepted: a.recAccepted, consentsRefused: a.consentsRefused, manualEntries: a.manualEntries,
    overYuan: yuan(a.cash.overFen), shortYuan: yuan(a.cash.shortFen), earlyAttempts: a.early.attempts, earlyApprovals: a.early.approvals,
    earlyRefusals: a.early.refusals, earlyMinutesMax: a.early.minutesEarlyMax, reprints: a.reprints,
  };
}

/** A table built from figures already computed (no query). */
export function figuresTable(f: DeskFigures, table: Exclude<DeskTable, 'journeys' | 'spotChecks' | 'takings'>): TableData {
  switch (table) {
    case 'business':
      return {
        title: { zh: '业务量（按业务）', en: 'Volume by business' },
        columns: [{ key: 'code', zh: '业务', en: 'Business' }, { key: 'count', zh: '本期', en: 'This period' }, { key: 'prev', zh: '上期', en: 'Previous period' }, { key: 'changePct', zh: '环比(%)', en: 'Change (%)' }],
        rows: f.byBusiness.map((b) => ({ code: b.code, count: b.count, prev: b.prev, changePct: b.changePct })),
      };
    case 'counters':
      return { title: { zh: '各台席', en: 'Per counter' }, columns: [{ key: 'counter', zh: '台席', en: 'Counter' }, ...ACTIVITY], rows: f.byCounter.map((c) => ({ counter: c.counter, ...activityCells(c) })) };
    case 'clerks':
      return {
        title: { zh: '各营业员', en: 'Per clerk' },
        columns: [{ key: 'staffNo', zh: '工号', en: 'Staff no.' }, { key: 'name', zh: '姓名', en: 'Name' }, ...ACTIVITY, { key: 'spotChecks', zh: '抽查次数', en: 'Spot checks' }, { key: 'spotAverage', zh: '抽查均分', en: 'Spot-check average' }],
        rows: f.byClerk.map((k) => ({ staffNo: k.staffNo, name: k.name, ...activityCells(k), spotChecks: k.spotChecks.n, spotAverage: k.spotChecks.average })),
      };
    case 'steps':
      return {
        title: { zh: '各环节用时', en: 'Time per step' },
        columns: [{ key: 'step', zh: '环节', en: 'Step' }, { key: 'n', zh: '次数', en: 'Count' }, { key: 'medianS', zh: '中位数(秒)', en: 'Median (s)' }, { key: 'p90S', zh: 'P90(秒)', en: 'p90 (s)' }],
        rows: f.steps.map((s) => ({ step: s.step, n: s.n, medianS: secs(s.medianMs), p90S: secs(s.p90Ms) })),
      };
    case 'utilisation':
      return {
        title: { zh: '台席利用率（按小时）', en: 'Utilisation by hour' },
        columns: [{ key: 'counter', zh: '台席', en: 'Counter' }, { key: 'hour', zh: '时段', en: 'Hour' }, { key: 'servingMin', zh: '服务(分钟)', en: 'Serving (min)' }, { key: 'openMin', zh: '开台(分钟)', en: 'Open (min)' }, { key: 'pct', zh: '利用率(%)', en: 'Utilisation (%)' }],
        rows: f.utilisationByHour.map((u) => ({ counter: u.counter, hour: `${String(u.hour).padStart(2, '0')}:00`, servingMin: Math.round(u.servingMs / 600) / 100, openMin: Math.round(u.openMs / 600) / 100, pct: pct(u.ratio) })),
      };
    case 'daily':
      return {
        title: { zh: '每日业务量', en: 'Daily volume' },
        columns: [{ key: 'day', zh: '日期', en: 'Date' }, { key: 'journeys', zh: '接待笔数', en: 'Journeys' }, { key: 'businesses', zh: '业务量', en: 'Businesses' }],
        rows: f.daily.map((d) => ({ ...d })),
      };
  }
}

export async function journeysTable(q: Queryable, s: Scope, drill: DeskDrill): Promise<TableData> {
  const { rows } = await journeysBehind(q, s, drill, 0, 100_000);
  return {
    title: { zh: '业务明细（证件号已脱敏）', en: 'Journeys (ID masked)' },
    columns: [
      { key: 'counter', zh: '台席', en: 'Counter' }, { key: 'journeyId', zh: '流水号', en: 'Journey' }, { key: 'clerk', zh: '营业员', en: 'Clerk' },
      { key: 'status', zh: '状态', en: 'Status' }, { key: 'opened', zh: '开始', en: 'Opened' }, { key: 'durationS', zh: '时长(秒)', en: 'Duration (s)' },
      { key: 'businesses', zh: '业务', en: 'Businesses' }, { key: 'idMasked', zh: '证件号(脱敏)', en: 'ID (masked)' }, { key: 'manual', zh: '手工录入', en: 'Manual entry' },
      { key: 'refundYuan', zh: '退款(元)', en: 'Refund (CNY)' },
    ],
    rows: rows.map((j) => ({
      counter: j.counter, journeyId: j.journeyId, clerk: j.clerk, status: j.status, opened: localTime(j.openedAt, s.tz), durationS: secs(j.durationMs),
      businesses: j.businesses.join(' '), idMasked: j.idMasked, manual: j.manualEntry ? '是 yes' : '否 no', refundYuan: j.refundFen === null ? null : yuan(j.refundFen),
    })),
  };
}

export async function spotChecksTable(q: Queryable, s: Scope): Promise<TableData> {
  const r = await q.query<Record<string, Cell>>(
    `SELECT c.business_day AS day, c.staff_no AS "staffNo", s.name, c.counter, c.smile, c.initiative, c.standard, c.proficiency, c.speed, c.correctness, c.notes, c.checker
     FROM desk_spot_check c LEFT JOIN hall_staff s ON s.staff_no = c.staff_no
     WHERE c.business_day >= $1 AND c.business_day <= $2 AND ($3::text IS NULL OR c.staff_no = $3) ORDER BY c.id`,
    [s.from, s.to, s.filters.clerk ?? null],
  );
  return {
    title: { zh: '抽查记录（工作日志）', en: 'Spot checks (work log)' },
    columns: [
      { key: 'day', zh: '日期', en: 'Date' }, { key: 'staffNo', zh: '工号', en: 'Staff no.' }, { key: 'name', zh: '姓名', en: 'Name' }, { key: 'counter', zh: '台席', en: 'Counter' },
      { key: 'smile', zh: '微笑', en: 'Smile' }, { key: 'initiative', zh: '主动性', en: 'Initiative' }, { key: 'standard', zh: '规范性', en: 'Standard' },
      { key: 'proficiency', zh: '熟练程度', en: 'Proficiency' }, { key: 'speed', zh: '办理速度', en: 'Speed' }, { key: 'correctness', zh: '操作正确性', en: 'Correctness' },
      { key: 'notes', zh: '备注', en: 'Notes' }, { key: 'checker', zh: '检查人', en: 'Checked by' },
    ],
    rows: r.rows,
  };
}

export async function takingsTable(q: Queryable, s: Scope): Promise<TableData> {
  const v = await supervision(q, s.to);
  return {
    title: { zh: `营业款上缴 ${s.to}`, en: `Takings handed over ${s.to}` },
    columns: [
      { key: 'counter', zh: '台席', en: 'Counter' }, { key: 'status', zh: '钱箱', en: 'Till' }, { key: 'amountYuan', zh: '金额(元)', en: 'Amount (CNY)' }, { key: 'bagNo', zh: '缴款袋号', en: 'Bag' },
      { key: 'sealNo', zh: '封签号', en: 'Seal' }, { key: 'handedBy', zh: '上缴人', en: 'Handed by' }, { key: 'receivedBy', zh: '接收人', en: 'Received by' }, { key: 'missing', zh: '缺', en: 'Missing' },
    ],
    rows: v.counters.flatMap((c): Record<string, Cell>[] => {
      const missing = c.missing.join(' ');
      if (c.handovers.length === 0) return [{ counter: c.counter, status: c.status, amountYuan: null, bagNo: null, sealNo: null, handedBy: null, receivedBy: null, missing }];
      return c.handovers.map((h) => ({ counter: c.counter, status: c.status, amountYuan: yuan(h.amountFen), bagNo: h.bagNo, sealNo: h.sealNo, handedBy: h.handedBy, receivedBy: h.receivedBy, missing }));
    }),
  };
}
