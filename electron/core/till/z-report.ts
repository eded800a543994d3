/**
 * The numbered settlement report (Z report). The number comes from till_z_report (AUTOINCREMENT,
 * so it never resets or repeats). This module produces the data object the settlement-report
 * template prints; it never formats paper. What a hall needs on it: whose till and who settled
 * it, the cash and its count by denomination, every count made (blind count and approved
 * recounts), every approval with what, who, when and why, the counter items, and the anchors of
 * the ledger and the audit log (seq and hash prefix, checked with `--anchor`). The report keeps
 * its own count of copies: the first print is the original, every later one a reprint, counted
 * here with the duty manager who approved it (the one reprint path, ../wiring/reprint.ts).
 */
import { BilingualError } from '../../../base/contract/errors';
import type { DenominationId } from '../../../base/contract/denominations';
import { freeTextOf } from '../privacy/freeTextStore';
import type { TillDeps } from './deps';
import { withReason, type EarlyEventRow } from './early-close';
import { handoverOf, type HandoverRecord } from './handover';
import { itemLines, type AccountableItem, type ItemLine } from '../../../base/contract/items';
import type { NonCashTender } from '../../../base/contract/tenders';
import type { NonCashTotal, SessionTotals, SettlementResult, VarianceKind } from '../../../base/contract/till';
import { takeoversOf } from './ownership';
import { sameStaff } from '../staff/approvals';
import { loadSession, sessionFloat, sessionItems } from './session';
import { varianceKind, type CountRow } from './settlement';

export interface ZReportCopy {
  /** 0 = original, 1.. = reprints. null = preview, not printed. */
  copyNo: number | null;
  reprint: boolean;
}

/** One count as the Z report lists it. */
export interface ZCount {
  attemptNo: number;
  at: number;
  by: string;
  countedFen: number;
  expectedFen: number;
  varianceFen: number;
}

/** What was approved. */
export type ZApprovalKind = 'early' | 'clock' | 'variance' | 'recount' | 'reopen' | 'offline';

/** One approval: what, who asked, who approved, when and why (a reason code and/or the typed text; null once purged). */
export interface ZApproval {
  kind: ZApprovalKind;
  at: number;
  requester: string | null;
  approver: string;
  reasonCode: string | null;
  reasonText: string | null;
  /** Early settlement: how many minutes before closing. */
  minutesEarly: number | null;
}

export interface ZTakeover {
  at: number;
  by: string;
  reasonText: string | null;
}

export interface ZReport {
  zNo: number;
  timeZone: string;
  counterId: string;
  /** Whose till it was. */
  clerkStaffNo: string;
  /** Who settled it (the clerk, or the duty manager who took the counter over). */
  settledBy: string;
  takeovers: ZTakeover[];
  businessDay: string;
  openedAt: number;
  settledAt: number;
  /**
   * Where the settlement's time came from: the hall server's clock, or this PC's checked clock
   * (with `offline` set when the hall could not be reached and the duty manager approved). Null
   * on settlements from before it was kept.
   */
  time: { source: 'hall' | 'local'; offline: boolean } | null;
  float: { fen: number; pieces: Record<DenominationId, number> };
  cash: {
    /** Net cash sales (tendered - change). */
    salesFen: number;
    tenderedFen: number;
    /** All change handed back: within sales plus outside sales. */
    changeFen: number;
    changeGivenOutsideSalesFen: number;
    refundsFen: number;
    /** Drops to the safe; a bag number is null once its note was purged. */
    drops: { totalFen: number; bags: { seq: number; bagNo: string | null; amountFen: number; at: number }[] };
    cashInFen: number;
    cashOutFen: number;
    expectedFen: number;
  };
  counted: { fen: number; pieces: Record<DenominationId, number>; attempts: number };
  /** Every count made, first (the blind count) to last. */
  counts: ZCount[];
  variance: { fen: number; kind: VarianceKind };
  nonCash: { byTender: Record<NonCashTender, NonCashTotal>; totalNetFen: number };
  items: ItemLine[];
  movements: number;
  corrections: number;
  approvals: ZApproval[];
  handover: HandoverRecord | null;
  ledgerHead: { seq: number; hash: string };
  auditHead: { seq: number; hash: string } | null;
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

/** The counter a Z report belongs to (scopes who may read it). */
export function zCounterOf(deps: TillDeps, zNo: number): { counterId: string; owner: string } {
  const st = settlementByZ(deps, zNo);
  const s = loadSession(deps.db, st.session_id);
  return { counterId: s.counter_id, owner: s.clerk_staff_no };
}

function printCount(deps: TillDeps, zNo: number): number {
  return (deps.db.prepare('SELECT COUNT(*) AS n FROM till_report_print WHERE z_no = ?').get(zNo) as { n: number }).n;
}

function approvalsOf(deps: TillDeps, sessionId: number, result: SettlementResult): ZApproval[] {
  const { db } = deps;
  const out: ZApproval[] = [];
  const events = (db.prepare("SELECT * FROM till_early_event WHERE session_id = ? AND outcome IN ('approved', 'clock_approved') ORDER BY id").all(sessionId) as EarlyEventRow[]).map((e) => withReason(db, e));
  for (const e of events) {
    out.push({
      kind: e.outcome === 'approved' ? 'early' : 'clock', at: e.at, requester: e.actor_staff_no ?? e.staff_no, approver: e.approver_staff_no ?? '',
      reasonCode: e.outcome === 'approved' ? e.reason_code : null, reasonText: e.reason_text, minutesEarly: e.minutes_early,
    });
  }
  const recounts = db.prepare('SELECT * FROM till_recount_approval WHERE session_id = ? ORDER BY id').all(sessionId) as { at: number; actor_staff_no: string; approver_staff_no: string; note_id: number | null }[];
  for (const r of recounts) {
    out.push({ kind: 'recount', at: r.at, requester: r.actor_staff_no, approver: r.approver_staff_no, reasonCode: null, reasonText: freeTextOf(db, r.note_id), minutesEarly: null });
  }
  const offline = db.prepare('SELECT * FROM till_offline_approval WHERE session_id = ? ORDER BY id').all(sessionId) as { at: number; actor_staff_no: string; approver_staff_no: string; note_id: number | null }[];
  for (const o of offline) {
    out.push({ kind: 'offline', at: o.at, requester: o.actor_staff_no, approver: o.approver_staff_no, reasonCode: null, reasonText: freeTextOf(db, o.note_id), minutesEarly: null });
  }
  const reopen = db.prepare('SELECT * FROM till_reopen WHERE session_id = ?').get(sessionId) as { at: number; approver_staff_no: string; note_id: number | null } | undefined;
  if (reopen) out.push({ kind: 'reopen', at: reopen.at, requester: null, approver: reopen.approver_staff_no, reasonCode: null, reasonText: freeTextOf(db, reopen.note_id), minutesEarly: null });
  if (result.varianceApprover) {
    out.push({ kind: 'variance', at: result.settledAt, requester: result.settledBy ?? null, approver: result.varianceApprover, reasonCode: null, reasonText: null, minutesEarly: null });
  }
  return out.sort((a, b) => a.at - b.at);
}

export function buildZReport(deps: TillDeps, zNo: number, copy: ZReportCopy = { copyNo: null, reprint: false }): ZReport {
  const { db } = deps;
  const st = settlementByZ(deps, zNo);
  const session = loadSession(db, st.session_id);
  const totals = JSON.parse(st.totals_json) as SessionTotals;
  const result = JSON.parse(st.result_json) as SettlementResult;
  const count = db.prepare('SELECT * FROM till_count WHERE id = ?').get(st.count_id) as CountRow;
  const counts = (db.prepare('SELECT * FROM till_count WHERE session_id = ? ORDER BY attempt_no').all(session.id) as CountRow[]).map((c) => ({
    attemptNo: c.attempt_no, at: c.counted_at, by: c.actor_staff_no ?? c.staff_no, countedFen: c.counted_fen, expectedFen: c.expected_fen, varianceFen: c.variance_fen,
  }));
  const bags = (db.prepare(`SELECT seq, ref, note_id, -amount_fen AS amountFen, at FROM till_ledger
    WHERE session_id = ? AND kind = 'drop' AND corrects_seq IS NULL
      AND seq NOT IN (SELECT corrects_seq FROM till_ledger WHERE session_id = ? AND corrects_seq IS NOT NULL)
    ORDER BY seq`).all(session.id, session.id) as { seq: number; ref: string | null; note_id: number | null; amountFen: number; at: number }[])
    .map((b) => ({ seq: b.seq, bagNo: b.note_id !== null ? freeTextOf(db, b.note_id) : b.ref, amountFen: b.amountFen, at: b.at }));
  const nonCashTotal = Object.values(totals.nonCash).reduce((a, t) => a + t.netFen, 0);
  return {
    zNo, timeZone: deps.settings.calendar.timeZone, counterId: session.counter_id, clerkStaffNo: session.clerk_staff_no,
    settledBy: result.settledBy ?? session.clerk_staff_no,
    takeovers: takeoversOf(deps, session.id).map((t) => ({ at: t.at, by: t.taker_staff_no, reasonText: freeTextOf(db, t.note_id) })),
    businessDay: session.business_day, openedAt: session.opened_at, settledAt: result.settledAt,
    time: result.timeSource ? { source: result.timeSource, offline: (result.offlineApprovalId ?? null) !== null } : null,
    float: { fen: session.float_fen, pieces: sessionFloat(session) },
    cash: {
      salesFen: totals.cashSalesFen, tenderedFen: totals.cashTenderedFen, changeFen: totals.saleChangeFen + totals.changeGivenFen,
      changeGivenOutsideSalesFen: totals.changeGivenFen, refundsFen: totals.cashRefundsFen,
      drops: { totalFen: totals.dropsFen, bags }, cashInFen: totals.cashInFen, cashOutFen: totals.cashOutFen, expectedFen: totals.expectedCashFen,
    },
    counted: { fen: count.counted_fen, pieces: JSON.parse(count.cash_json) as Record<DenominationId, number>, attempts: result.countAttempts },
    counts,
    variance: { fen: result.varianceFen, kind: varianceKind(result.varianceFen) },
    nonCash: { byTender: totals.nonCash, totalNetFen: nonCashTotal },
    items: itemLines(sessionItems(session), totals.itemsUsed, JSON.parse(count.items_json) as Record<AccountableItem, number>),
    movements: totals.rows, corrections: totals.corrections,
    approvals: approvalsOf(deps, session.id, result),
    handover: handoverOf(deps, session.id),
    ledgerHead: result.ledgerHead,
    auditHead: result.auditHead ?? null,
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
  deps.emit(copyNo === 0 ? 'till.report_printed' : 'till.report_reprinted', { zNo: input.zNo, copyNo, staffNo: session.clerk_staff_no, actor: input.staffNo, approver, at: now });
  return buildZReport(deps, input.zNo, { copyNo, reprint: copyNo > 0 });
}
