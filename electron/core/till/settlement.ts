/**
 * Settlement (结账): a blind count, then the settlement record written once.
 *
 * The clerk counts without seeing expected cash; each count attempt is kept (a recount is a new
 * attempt). Within tolerance she may settle alone; beyond it the duty manager approves with their
 * own credentials, or she recounts. The record is written in one transaction under an
 * idempotency key: a repeated call (double click, retried IPC) returns the first result.
 */
import { BilingualError } from '../../../base/contract/errors';
import { approve, ApprovalRefused, type ApprovalCredentials } from '../staff/approvals';
import { countTotalFen, parseCashCount } from '../../../base/contract/denominations';
import type { TillDeps } from './deps';
import { settlementGate } from './early-close';
import { itemLines, parseItemCount, type AccountableItem } from '../../../base/contract/items';
import type { CountResult, SettlementResult, VarianceKind } from '../../../base/contract/till';
import { ledgerHead } from './ledger';
import { yuan } from './money';
import { loadSession, requireOpen, sessionItems } from './session';
import { sessionTotals } from './totals';

export function varianceKind(v: number): VarianceKind {
  return v === 0 ? 'even' : v > 0 ? 'over' : 'short';
}

export interface CountRow {
  id: number;
  session_id: number;
  attempt_no: number;
  counted_at: number;
  staff_no: string;
  cash_json: string;
  counted_fen: number;
  expected_fen: number;
  variance_fen: number;
  items_json: string;
  head_seq: number;
}

function lastSessionSeq(deps: TillDeps, sessionId: number): number {
  const r = deps.db.prepare('SELECT MAX(seq) AS s FROM till_ledger WHERE session_id = ?').get(sessionId) as { s: number | null };
  return r.s ?? 0;
}

export function latestCount(deps: TillDeps, sessionId: number): CountRow | null {
  return (deps.db.prepare('SELECT * FROM till_count WHERE session_id = ? ORDER BY attempt_no DESC LIMIT 1').get(sessionId) as CountRow | undefined) ?? null;
}

export function toCountResult(deps: TillDeps, c: CountRow, opening: Record<AccountableItem, number>, used: Record<AccountableItem, number>): CountResult {
  const tol = deps.settings.toleranceFen;
  return {
    countId: c.id, attemptNo: c.attempt_no, countedFen: c.counted_fen, expectedFen: c.expected_fen,
    varianceFen: c.variance_fen, varianceKind: varianceKind(c.variance_fen), withinTolerance: Math.abs(c.variance_fen) <= tol,
    toleranceFen: tol, items: itemLines(opening, used, JSON.parse(c.items_json) as Record<AccountableItem, number>),
  };
}

/** The clerk's blind count (cash by denomination, items by kind). Expected is revealed only in the result. */
export function submitCount(deps: TillDeps, input: { sessionId: number; cash: unknown; items?: unknown }): CountResult {
  const { db, clock } = deps;
  const session = loadSession(db, input.sessionId);
  requireOpen(session);
  const cash = parseCashCount(input.cash);
  const items = parseItemCount(input.items);
  settlementGate(deps, session, 'count');
  const now = clock.now();
  const counted = countTotalFen(cash);
  const { row, totals } = db.transaction(() => {
    const totals = sessionTotals(db, session.id);
    const attempt = ((db.prepare('SELECT MAX(attempt_no) AS n FROM till_count WHERE session_id = ?').get(session.id) as { n: number | null }).n ?? 0) + 1;
    const r = db.prepare(`INSERT INTO till_count (session_id, attempt_no, counted_at, staff_no, cash_json, counted_fen, expected_fen, variance_fen, items_json, head_seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(session.id, attempt, now, session.clerk_staff_no, JSON.stringify(cash), counted,
      totals.expectedCashFen, counted - totals.expectedCashFen, JSON.stringify(items), lastSessionSeq(deps, session.id));
    return { row: db.prepare('SELECT * FROM till_count WHERE id = ?').get(Number(r.lastInsertRowid)) as CountRow, totals };
  }).immediate();
  const result = toCountResult(deps, row, sessionItems(session), totals.itemsUsed);
  deps.emit('till.counted', { sessionId: session.id, attemptNo: result.attemptNo, varianceFen: result.varianceFen, at: now });
  return result;
}

interface SettlementRow {
  session_id: number;
  idempotency_key: string;
  result_json: string;
  totals_json: string;
  count_id: number;
}

export function settlementOf(deps: TillDeps, sessionId: number): SettlementRow | null {
  return (deps.db.prepare('SELECT * FROM till_settlement WHERE session_id = ?').get(sessionId) as SettlementRow | undefined) ?? null;
}

export interface SettleInput {
  sessionId: number;
  /** Chosen by the caller once per settlement intent (e.g. a UUID made when the dialog opens). */
  idempotencyKey: string;
  /** Needed when the variance is beyond tolerance: the duty manager's own credentials. */
  varianceApprover?: ApprovalCredentials;
}

export function settle(deps: TillDeps, input: SettleInput): SettlementResult {
  const { db, clock, settings } = deps;
  const key = typeof input.idempotencyKey === 'string' ? input.idempotencyKey.trim() : '';
  if (key.length < 8 || key.length > 100) {
    throw new BilingualError('TILL_BAD_IDEMPOTENCY_KEY', '结账请求缺少有效的请求编号 — 请重新打开结账窗口', 'The settlement request lacks a valid request key — reopen the settlement dialog');
  }
  const byKey = db.prepare('SELECT * FROM till_settlement WHERE idempotency_key = ?').get(key) as SettlementRow | undefined;
  if (byKey) {
    if (byKey.session_id !== input.sessionId) {
      throw new BilingualError('TILL_IDEMPOTENCY_KEY_REUSED', '该请求编号已用于另一个班次的结账 — 请重新打开结账窗口', 'This request key was already used to settle another session — reopen the settlement dialog');
    }
    return JSON.parse(byKey.result_json) as SettlementResult;
  }
  const session = loadSession(db, input.sessionId);
  const already = settlementOf(deps, session.id);
  if (already) return JSON.parse(already.result_json) as SettlementResult;
  requireOpen(session);

  const { earlyApprovalId } = settlementGate(deps, session, 'settle');
  const count = latestCount(deps, session.id);
  if (!count) {
    throw new BilingualError('TILL_COUNT_FIRST', '请先清点钱箱现金（盲点）再结账', 'Count the cash in the drawer (blind count) before settling');
  }
  if (count.head_seq !== lastSessionSeq(deps, session.id)) {
    throw new BilingualError('TILL_RECOUNT', '清点后又有新的收付款记录 — 请重新清点后再结账', 'Money moved after the count — count again before settling');
  }
  let approver: string | null = null;
  if (Math.abs(count.variance_fen) > settings.toleranceFen) {
    const kindZh = count.variance_fen > 0 ? '长款' : '短款';
    try {
      approver = approve(deps.approver, input.varianceApprover, {
        purpose: {
          key: 'till.variance',
          zh: `${kindZh} ${yuan(Math.abs(count.variance_fen))} 元（超出允许差额 ${yuan(settings.toleranceFen)} 元）的结账`,
          en: `Settling with a variance of ${yuan(count.variance_fen)} yuan (beyond the ${yuan(settings.toleranceFen)} yuan tolerance)`,
        },
        requester: session.clerk_staff_no,
        counterId: session.counter_id,
      }).staffNo;
    } catch (e) {
      if (e instanceof ApprovalRefused) {
        deps.emit('till.variance_approval_refused', { sessionId: session.id, varianceFen: count.variance_fen, approver: input.varianceApprover?.staffNo ?? null, refusal: e.refusal });
        if (e.refusal === 'missing') {
          throw new BilingualError(
            'TILL_VARIANCE_NEEDS_APPROVAL',
            `${kindZh} ${yuan(Math.abs(count.variance_fen))} 元，超出允许差额 ${yuan(settings.toleranceFen)} 元 — 请重新清点，或请值班经理审批后结账`,
            `The till is ${count.variance_fen > 0 ? 'over' : 'short'} by ${yuan(Math.abs(count.variance_fen))} yuan, beyond the ${yuan(settings.toleranceFen)} yuan tolerance — count again, or have the duty manager approve`,
            { varianceFen: count.variance_fen, toleranceFen: settings.toleranceFen },
          );
        }
      }
      throw e;
    }
  }

  const now = clock.now();
  const result = db.transaction((): SettlementResult => {
    const raced = settlementOf(deps, session.id);
    if (raced) return JSON.parse(raced.result_json) as SettlementResult;
    if (count.head_seq !== lastSessionSeq(deps, session.id)) {
      throw new BilingualError('TILL_RECOUNT', '清点后又有新的收付款记录 — 请重新清点后再结账', 'Money moved after the count — count again before settling');
    }
    const totals = sessionTotals(db, session.id);
    const head = ledgerHead(db)!; // the float row exists, so the ledger is not empty
    const attempts = (db.prepare('SELECT COUNT(*) AS n FROM till_count WHERE session_id = ?').get(session.id) as { n: number }).n;
    const zNo = Number(db.prepare('INSERT INTO till_z_report (session_id, created_at) VALUES (?, ?)').run(session.id, now).lastInsertRowid);
    const r: SettlementResult = {
      sessionId: session.id, zNo, idempotencyKey: key, settledAt: now, expectedFen: totals.expectedCashFen,
      countedFen: count.counted_fen, varianceFen: count.counted_fen - totals.expectedCashFen,
      varianceKind: varianceKind(count.counted_fen - totals.expectedCashFen), countAttempts: attempts,
      varianceApprover: approver, earlyApprovalId, ledgerHead: { seq: head.seq, hash: head.hash },
    };
    db.prepare(`INSERT INTO till_settlement (session_id, idempotency_key, settled_at, count_id, z_no, expected_fen, counted_fen, variance_fen,
      totals_json, variance_approver, early_approval_id, head_seq, head_hash, result_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(session.id, key, now, count.id, zNo, r.expectedFen, r.countedFen, r.varianceFen,
      JSON.stringify(totals), approver, earlyApprovalId, head.seq, head.hash, JSON.stringify(r));
    db.prepare("UPDATE till_session SET status = 'settled', settled_at = ? WHERE id = ?").run(now, session.id);
    return r;
  }).immediate();
  deps.emit('till.settled', { sessionId: session.id, zNo: result.zNo, varianceFen: result.varianceFen, varianceApprover: approver, earlyApprovalId, at: now });
  if (approver) deps.emit('till.variance_approved', { sessionId: session.id, approver, varianceFen: result.varianceFen });
  return result;
}

