/**
 * The numbered settlement report (Z report). The number comes from till_z_report (AUTOINCREMENT,
 * so it never resets or repeats). This module produces the data object the settlement-report
 * template prints; it never formats paper. The report keeps its own count of copies: the first
 * print is the original, every later one a reprint, counted here with the duty manager who
 * approved it (the reprint path, electron/core/wiring/reprint.ts, asks and prints the mark).
 */
import { BilingualError } from '../../../base/contract/errors';
import type { DenominationId } from '../../../base/contract/denominations';
import type { TillDeps } from './deps';
import { handoverOf, type HandoverRecord } from './handover';
import { itemLines, type AccountableItem, type ItemLine } from '../../../base/contract/items';
import type { NonCashTender } from '../../../base/contract/tenders';
import type { EarlyEvent, NonCashTotal, SessionTotals, SettlementResult, VarianceKind } from '../../../base/contract/till';
import { sameStaff } from '../staff/approvals';
import { loadSession, sessionFloat, sessionItems } from './session';
import { varianceKind, type CountRow } from './settlement';

export interface ZReportCopy {
  /** 0 = original, 1.. = reprints. null = preview, not printed. */
  copyNo: number | null;
  reprint: boolean;
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

/** The Z number a settled session was given. */
export function zNoOfSession(deps: TillDeps, sessionId: number): number {
  const r = deps.db.prepare('SELECT z_no FROM till_z_report WHERE session_id = ?').get(sessionId) as { z_no: number } | undefined;
  if (!r) throw new BilingualError('TILL_NOT_SETTLED', '该班次尚未结账', 'This session has not been settled');
  return r.z_no;
}

function printCount(deps: TillDeps, zNo: number): number {
  return (deps.db.prepare('SELECT COUNT(*) AS n FROM till_report_print WHERE z_no = ?').get(zNo) as { n: number }).n;
}

export function buildZReport(deps: TillDeps, zNo: number, copy: ZReportCopy = { copyNo: null, reprint: false }): ZReport {
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
 * Records one print of the report and returns it. The first is the original; a later one is a
 * reprint and must name the duty manager who approved it (never the clerk whose report it is).
 */
export function recordZPrint(deps: TillDeps, input: { zNo: number; staffNo: string; approvedBy: string | null }): ZReport {
  const { db, clock } = deps;
  const st = settlementByZ(deps, input.zNo);
  const session = loadSession(db, st.session_id);
  const copyNo = printCount(deps, input.zNo);
  if (copyNo > 0 && (!input.approvedBy || sameStaff(input.approvedBy, session.clerk_staff_no))) {
    throw new BilingualError(
      'APPROVAL_REQUIRED',
      '重印结账报表需要值班经理用本人工号和密码审批 — 请值班经理到台席审批',
      "Reprinting the settlement report needs the duty manager's approval with their own staff number and password — call the duty manager to the counter",
      { zNo: input.zNo, copyNo },
    );
  }
  const approver = copyNo > 0 ? input.approvedBy : null;
  const now = clock.now();
  // UNIQUE (z_no, copy_no) makes two concurrent prints of the same copy impossible.
  db.prepare('INSERT INTO till_report_print (z_no, copy_no, printed_at, staff_no, approver_staff_no) VALUES (?, ?, ?, ?, ?)')
    .run(input.zNo, copyNo, now, input.staffNo, approver);
  deps.emit(copyNo === 0 ? 'till.report_printed' : 'till.report_reprinted', { zNo: input.zNo, copyNo, staffNo: input.staffNo, approver, at: now });
  return buildZReport(deps, input.zNo, { copyNo, reprint: copyNo > 0 });
}
