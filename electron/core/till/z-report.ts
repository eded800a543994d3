/**
 * The numbered settlement report (Z report). The number comes from till_z_report (AUTOINCREMENT,
 * so it never resets or repeats). This module produces the data object for the printer
 * engineer's template; it never formats paper. The first print is the original; every later
 * print is a reprint, needs the duty manager, is counted and carries a visible mark.
 */
import { BilingualError } from '../../../base/contract/errors';
import { verifyApprover } from './approval';
import type { DenominationId } from '../../../base/contract/denominations';
import type { TillDeps } from './deps';
import { handoverOf, type HandoverRecord } from './handover';
import { itemLines, type AccountableItem, type ItemLine } from '../../../base/contract/items';
import type { NonCashTender } from '../../../base/contract/tenders';
import type { EarlyEvent, SettlementResult, VarianceKind } from '../../../base/contract/till';
import type { Credentials } from './ports';
import { loadSession, sessionFloat, sessionItems } from './session';
import { varianceKind, type CountRow } from './settlement';
import type { NonCashTotal, SessionTotals } from './totals';

export interface ZReportCopy {
  /** 0 = original, 1.. = reprints. null = preview, not printed. */
  copyNo: number | null;
  reprint: boolean;
  mark_zh: string | null;
  mark_en: string | null;
}

export interface ZReport {
  zNo: number;
  timeZone: string;
  counterId: string;
  clerkStaffNo: string;
  businessDay: string;
  openedAt: number;
  settledAt: number;
  float: { fen: number; pieces: Record<DenominationId, number> };
  cash: {
    /** Net cash sales (tendered - change). */
    salesFen: number;
    tenderedFen: number;
    /** All change handed back: within sales plus outside sales. */
    changeFen: number;
    changeGivenOutsideSalesFen: number;
    refundsFen: number;
    drops: { totalFen: number; bags: { seq: number; bagNo: string; amountFen: number; at: number }[] };
    cashInFen: number;
    cashOutFen: number;
    expectedFen: number;
  };
  counted: { fen: number; pieces: Record<DenominationId, number>; attempts: number };
  variance: { fen: number; kind: VarianceKind };
  nonCash: { byTender: Record<NonCashTender, NonCashTotal>; totalNetFen: number };
  items: ItemLine[];
  movements: number;
  corrections: number;
  approvals: {
    variance: string | null;
    early: { approver: string | null; reasonCode: string | null; reasonText: string | null; minutesEarly: number | null } | null;
  };
  handover: HandoverRecord | null;
  ledgerHead: { seq: number; hash: string };
  printsBefore: number;
  copy: ZReportCopy;
}

interface SettlementJoin {
  session_id: number; totals_json: string; result_json: string; count_id: number; z_no: number;
}

function settlementByZ(deps: TillDeps, zNo: number): SettlementJoin {
  const s = Number.isSafeInteger(zNo) ? (deps.db.prepare('SELECT * FROM till_settlement WHERE z_no = ?').get(zNo) as SettlementJoin | undefined) : undefined;
  if (!s) throw new BilingualError('TILL_NO_Z_REPORT', `没有编号为 ${String(zNo)} 的结账报表`, `There is no settlement report number ${String(zNo)}`, { zNo });
  return s;
}

function printCount(deps: TillDeps, zNo: number): number {
  return (deps.db.prepare('SELECT COUNT(*) AS n FROM till_report_print WHERE z_no = ?').get(zNo) as { n: number }).n;
}

export function buildZReport(deps: TillDeps, zNo: number, copy: ZReportCopy = { copyNo: null, reprint: false, mark_zh: null, mark_en: null }): ZReport {
  const { db } = deps;
  const st = settlementByZ(deps, zNo);
  const session = loadSession(db, st.session_id);
  const totals = JSON.parse(st.totals_json) as SessionTotals;
  const result = JSON.parse(st.result_json) as SettlementResult;
  const count = db.prepare('SELECT * FROM till_count WHERE id = ?').get(st.count_id) as CountRow;
  const bags = db.prepare(`SELECT seq, ref AS bagNo, -amount_fen AS amountFen, at FROM till_ledger
    WHERE session_id = ? AND kind = 'drop' AND corrects_seq IS NULL
      AND seq NOT IN (SELECT corrects_seq FROM till_ledger WHERE session_id = ? AND corrects_seq IS NOT NULL)
    ORDER BY seq`).all(session.id, session.id) as { seq: number; bagNo: string; amountFen: number; at: number }[];
  const early = result.earlyApprovalId !== null
    ? (db.prepare('SELECT * FROM till_early_event WHERE id = ?').get(result.earlyApprovalId) as EarlyEvent | undefined) ?? null
    : null;
  const nonCashTotal = Object.values(totals.nonCash).reduce((a, t) => a + t.netFen, 0);
  return {
    zNo, timeZone: deps.settings.calendar.timeZone, counterId: session.counter_id, clerkStaffNo: session.clerk_staff_no,
    businessDay: session.business_day, openedAt: session.opened_at, settledAt: result.settledAt,
    float: { fen: session.float_fen, pieces: sessionFloat(session) },
    cash: {
      salesFen: totals.cashSalesFen, tenderedFen: totals.cashTenderedFen, changeFen: totals.saleChangeFen + totals.changeGivenFen,
      changeGivenOutsideSalesFen: totals.changeGivenFen, refundsFen: totals.cashRefundsFen,
      drops: { totalFen: totals.dropsFen, bags }, cashInFen: totals.cashInFen, cashOutFen: totals.cashOutFen, expectedFen: totals.expectedCashFen,
    },
    counted: { fen: count.counted_fen, pieces: JSON.parse(count.cash_json) as Record<DenominationId, number>, attempts: result.countAttempts },
    variance: { fen: result.varianceFen, kind: varianceKind(result.varianceFen) },
    nonCash: { byTender: totals.nonCash, totalNetFen: nonCashTotal },
    items: itemLines(sessionItems(session), totals.itemsUsed, JSON.parse(count.items_json) as Record<AccountableItem, number>),
    movements: totals.rows, corrections: totals.corrections,
    approvals: {
      variance: result.varianceApprover,
      early: early ? { approver: early.approver_staff_no, reasonCode: early.reason_code, reasonText: early.reason_text, minutesEarly: early.minutes_early } : null,
    },
    handover: handoverOf(deps, session.id),
    ledgerHead: result.ledgerHead,
    printsBefore: printCount(deps, zNo),
    copy,
  };
}

/**
 * Records a print and returns the report to print. The first print is the original; a reprint
 * needs the duty manager's approval (not the clerk) and is marked 重印.
 */
export function printZReport(deps: TillDeps, input: { zNo: number; staffNo: string; approver?: Credentials }): ZReport {
  const { db, clock } = deps;
  const st = settlementByZ(deps, input.zNo);
  const session = loadSession(db, st.session_id);
  const copyNo = printCount(deps, input.zNo);
  let approver: string | null = null;
  if (copyNo > 0) {
    approver = verifyApprover(deps.approver, input.approver, session.clerk_staff_no, { zh: '重印结账报表', en: 'Reprinting the settlement report' }).staffNo;
  }
  const now = clock.now();
  // UNIQUE (z_no, copy_no) makes two concurrent prints of the same copy impossible.
  db.prepare('INSERT INTO till_report_print (z_no, copy_no, printed_at, staff_no, approver_staff_no) VALUES (?, ?, ?, ?, ?)')
    .run(input.zNo, copyNo, now, input.staffNo, approver);
  deps.emit(copyNo === 0 ? 'till.report_printed' : 'till.report_reprinted', { zNo: input.zNo, copyNo, staffNo: input.staffNo, approver, at: now });
  const copy: ZReportCopy = copyNo === 0
    ? { copyNo, reprint: false, mark_zh: null, mark_en: null }
    : { copyNo, reprint: true, mark_zh: `重印（第 ${copyNo} 次）`, mark_en: `REPRINT (${copyNo})` };
  return buildZReport(deps, input.zNo, copy);
}
