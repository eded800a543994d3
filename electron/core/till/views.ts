/**
 * What each role may see of a session. The clerk's view is blind: no expected cash and no sums
 * from which it could be worked out, until she has submitted a count. The duty manager's view
 * has everything.
 */
import type { TillDeps } from './deps';
import { handoverOf, type HandoverRecord } from './handover';
import { itemLines, type AccountableItem, type ItemLine } from '../../../base/contract/items';
import type { ClerkSessionView, CountResult, EarlyEvent, SettlementResult } from '../../../base/contract/till';
import { loadSession, sessionItems } from './session';
import { latestCount, settlementOf, toCountResult, type CountRow } from './settlement';
import { takeoversOf } from './ownership';
import { withReason, type EarlyEventRow } from './early-close';
import type { SessionTotals } from '../../../base/contract/till';
import { sessionTotals } from './totals';

export function clerkView(deps: TillDeps, sessionId: number): ClerkSessionView {
  const s = loadSession(deps.db, sessionId);
  const movements = (deps.db.prepare('SELECT COUNT(*) AS n FROM till_ledger WHERE session_id = ?').get(s.id) as { n: number }).n;
  const view: ClerkSessionView = {
    sessionId: s.id, counterId: s.counter_id, clerkStaffNo: s.clerk_staff_no, businessDay: s.business_day,
    openedAt: s.opened_at, status: s.status, floatFen: s.float_fen, openingItems: sessionItems(s), movements,
    takenOverBy: [...new Set(takeoversOf(deps, s.id).map((t) => t.taker_staff_no))],
  };
  const c = latestCount(deps, s.id);
  if (c) view.lastCount = toCountResult(deps, c, sessionItems(s), sessionTotals(deps.db, s.id).itemsUsed);
  const st = settlementOf(deps, s.id);
  if (st) view.settlement = JSON.parse(st.result_json) as SettlementResult;
  return view;
}

export interface ManagerSessionView {
  sessionId: number;
  counterId: string;
  clerkStaffNo: string;
  businessDay: string;
  openedAt: number;
  status: 'open' | 'settled';
  totals: SessionTotals;
  expectedCashFen: number;
  items: ItemLine[];
  counts: CountResult[];
  earlyEvents: EarlyEvent[];
  settlement: SettlementResult | null;
  handover: HandoverRecord | null;
}

export function managerView(deps: TillDeps, sessionId: number): ManagerSessionView {
  const { db } = deps;
  const s = loadSession(db, sessionId);
  const totals = sessionTotals(db, s.id);
  const countRows = db.prepare('SELECT * FROM till_count WHERE session_id = ? ORDER BY attempt_no').all(s.id) as CountRow[];
  const last = countRows[countRows.length - 1];
  const st = settlementOf(deps, s.id);
  return {
    sessionId: s.id, counterId: s.counter_id, clerkStaffNo: s.clerk_staff_no, businessDay: s.business_day, openedAt: s.opened_at,
    status: s.status, totals, expectedCashFen: totals.expectedCashFen,
    items: itemLines(sessionItems(s), totals.itemsUsed, last ? (JSON.parse(last.items_json) as Record<AccountableItem, number>) : null),
    counts: countRows.map((c) => toCountResult(deps, c, sessionItems(s), totals.itemsUsed)),
    earlyEvents: (db.prepare('SELECT * FROM till_early_event WHERE session_id = ? ORDER BY id').all(s.id) as EarlyEventRow[]).map((e) => withReason(db, e)),
    settlement: st ? (JSON.parse(st.result_json) as SettlementResult) : null,
    handover: handoverOf(deps, s.id),
  };
}
