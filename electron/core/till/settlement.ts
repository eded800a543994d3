/**
 * Settlement (结账): a blind count, then the settlement record written once.
 *
 * The clerk counts without seeing expected cash. The first count is final: the expected cash
 * and the variance are shown once it is in, so a second count would be made knowing the target —
 * it needs the duty manager's approval (approveRecount), and every count is kept and printed on
 * the Z report. Within tolerance she may settle alone; beyond it the duty manager approves with
 * their own credentials, or allows a recount. The record is written in one transaction under an
 * idempotency key: a repeated call (double click, retried IPC) returns the first result.
 */
import { BilingualError } from '../../../base/contract/errors';
import { approve, ApprovalRefused, type ApprovalCredentials } from '../staff/approvals';
import { countTotalFen, parseCashCount } from '../../../base/contract/denominations';
import type { TillDeps } from './deps';
import { settlementGate } from './early-close';
import { resetWatchInTx } from './clock-guard';
import { putFreeText } from '../privacy/freeTextStore';
import { requireMayAct } from './ownership';
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
  actor_staff_no: string | null;
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
    countId: c.id, attemptNo: c.attempt_no, countedAt: c.counted_at, countedBy: c.actor_staff_no ?? c.staff_no, countedFen: c.counted_fen, expectedFen: c.expected_fen,
    varianceFen: c.variance_fen, varianceKind: varianceKind(c.variance_fen), withinTolerance: Math.abs(c.variance_fen) <= tol,
    toleranceFen: tol, items: itemLines(opening, used, JSON.parse(c.items_json) as Record<AccountableItem, number>),
  };
}

function lastAttempt(deps: TillDeps, sessionId: number): number {
  return (deps.db.prepare('SELECT MAX(attempt_no) AS n FROM till_count WHERE session_id = ?').get(sessionId) as { n: number | null }).n ?? 0;
}

function recountAllowed(deps: TillDeps, sessionId: number, afterAttempt: number): boolean {
  return deps.db.prepare('SELECT 1 FROM till_recount_approval WHERE session_id = ? AND after_attempt = ?').get(sessionId, afterAttempt) !== undefined;
}

function countFinal(attempt: number): BilingualError {
  return new BilingualError(
    'TILL_COUNT_FINAL',
    `已提交过点钞（第 ${attempt} 次），盲点结果即为最终结果 — 如需重新点钞，请值班经理审批`,
    `The blind count was already submitted (count ${attempt}) and is final — a recount needs the duty manager's approval`,
    { attemptNo: attempt },
  );
}

/** The blind count (cash by denomination, items by kind). Expected is revealed only in the result. */
export function submitCount(deps: TillDeps, input: { sessionId: number; cash: unknown; items?: unknown; actor: string }): CountResult {
  const { db, clock } = deps;
  const session = loadSession(db, input.sessionId);
  requireOpen(session);
  requireMayAct(deps, session, input.actor, 'count');
  const cash = parseCashCount(input.cash);
  const items = parseItemCount(input.items);
  const before = lastAttempt(deps, session.id);
  if (before > 0 && !recountAllowed(deps, session.id, before)) throw countFinal(before);
  settlementGate(deps, session, 'count', input.actor);
  const now = clock.now();
  const counted = countTotalFen(cash);
  const { row, totals } = db.transaction(() => {
    const totals = sessionTotals(db, session.id);
    const prior = lastAttempt(deps, session.id);
    // Checked again under the write lock: two windows counting at once make one count, not two.
    if (prior !== before) throw countFinal(prior);
    const r = db.prepare(`INSERT INTO till_count (session_id, attempt_no, counted_at, staff_no, actor_staff_no, cash_json, counted_fen, expected_fen, variance_fen, items_json, head_seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(session.id, prior + 1, now, session.clerk_staff_no, input.actor, JSON.stringify(cash), counted,
      totals.expectedCashFen, counted - totals.expectedCashFen, JSON.stringify(items), lastSessionSeq(deps, session.id));
    return { row: db.prepare('SELECT * FROM till_count WHERE id = ?').get(Number(r.lastInsertRowid)) as CountRow, totals };
  }).immediate();
  const result = toCountResult(deps, row, sessionItems(session), totals.itemsUsed);
  deps.emit('till.counted', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: input.actor, attemptNo: result.attemptNo, varianceFen: result.varianceFen, at: now });
  return result;
}

/** The duty manager allows one more count after the last one (own credentials, a reason). Returns the approval id. */
export function approveRecount(deps: TillDeps, input: { sessionId: number; approver: ApprovalCredentials; reason: string; actor: string }): number {
  const { db, clock } = deps;
  const session = loadSession(db, input.sessionId);
  requireOpen(session);
  requireMayAct(deps, session, input.actor, 'approve');
  const attempt = lastAttempt(deps, session.id);
  if (attempt === 0) throw new BilingualError('TILL_COUNT_FIRST', '还没有点钞，无需批准重新点钞 — 请先盲点', 'There is no count yet, so there is nothing to recount — make the blind count first');
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > 200) throw new BilingualError('TILL_EARLY_REASON_TEXT', '请写明重新点钞的原因（2–200 字）', 'Write why the cash is counted again (2–200 characters)');
  const approver = approve(deps.approver, input.approver, {
    purpose: { key: 'till.recount', zh: '重新点钞', en: 'A recount' }, requester: input.actor, counterId: session.counter_id,
  }).staffNo;
  const now = clock.now();
  const id = db.transaction(() => {
    const had = db.prepare('SELECT id FROM till_recount_approval WHERE session_id = ? AND after_attempt = ?').get(session.id, attempt) as { id: number } | undefined;
    if (had) return had.id;
    const noteId = putFreeText(db, 'till.recount_reason', reason, now);
    return Number(db.prepare('INSERT INTO till_recount_approval (session_id, at, after_attempt, actor_staff_no, approver_staff_no, note_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(session.id, now, attempt, input.actor, approver, noteId).lastInsertRowid);
  }).immediate();
  deps.emit('till.recount_approved', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: input.actor, approver, afterAttempt: attempt, at: now });
  return id;
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
  /** Who settles: the owner, or the duty manager who took the counter over. */
  actor: string;
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
  requireMayAct(deps, session, input.actor, 'settle');

  const { earlyApprovalId, offlineApprovalId } = settlementGate(deps, session, 'settle', input.actor);
  const count = latestCount(deps, session.id);
  if (!count) {
    throw new BilingualError('TILL_COUNT_FIRST', '请先清点钱箱现金（盲点）再结账', 'Count the cash in the drawer (blind count) before settling');
  }
  if (count.head_seq !== lastSessionSeq(deps, session.id)) throw moneyMoved();
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
        requester: input.actor,
        counterId: session.counter_id,
      }).staffNo;
    } catch (e) {
      if (e instanceof ApprovalRefused) {
        deps.emit('till.variance_approval_refused', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: input.actor, varianceFen: count.variance_fen, approver: input.varianceApprover?.staffNo ?? null, refusal: e.refusal });
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
  // The audit log's head before the settlement's own entry: printed on the Z report beside the ledger's.
  const auditHead = deps.auditHead?.() ?? null;
  const result = db.transaction((): SettlementResult => {
    const raced = settlementOf(deps, session.id);
    if (raced) return JSON.parse(raced.result_json) as SettlementResult;
    if (count.head_seq !== lastSessionSeq(deps, session.id)) throw moneyMoved();
    const totals = sessionTotals(db, session.id);
    const head = ledgerHead(db)!; // the float row exists, so the ledger is not empty
    const attempts = (db.prepare('SELECT COUNT(*) AS n FROM till_count WHERE session_id = ?').get(session.id) as { n: number }).n;
    const zNo = Number(db.prepare('INSERT INTO till_z_report (session_id, created_at) VALUES (?, ?)').run(session.id, now).lastInsertRowid);
    const r: SettlementResult = {
      sessionId: session.id, zNo, idempotencyKey: key, settledAt: now, expectedFen: totals.expectedCashFen,
      countedFen: count.counted_fen, varianceFen: count.counted_fen - totals.expectedCashFen,
      varianceKind: varianceKind(count.counted_fen - totals.expectedCashFen), countAttempts: attempts,
      varianceApprover: approver, earlyApprovalId, ledgerHead: { seq: head.seq, hash: head.hash },
      ...(auditHead ? { auditHead } : {}), owner: session.clerk_staff_no, settledBy: input.actor,
      timeSource: deps.clock.authority() ? 'hall' : 'local', offlineApprovalId,
    };
    db.prepare(`INSERT INTO till_settlement (session_id, idempotency_key, settled_at, count_id, z_no, expected_fen, counted_fen, variance_fen,
      totals_json, variance_approver, early_approval_id, head_seq, head_hash, result_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(session.id, key, now, count.id, zNo, r.expectedFen, r.countedFen, r.varianceFen,
      JSON.stringify(totals), approver, earlyApprovalId, head.seq, head.hash, JSON.stringify(r));
    db.prepare("UPDATE till_session SET status = 'settled', settled_at = ? WHERE id = ?").run(now, session.id);
    // The day closed clean: forward clock changes are counted afresh from here.
    resetWatchInTx(db, session.counter_id, now);
    return r;
  }).immediate();
  deps.emit('till.settled', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: input.actor, zNo: result.zNo, varianceFen: result.varianceFen, varianceApprover: approver, earlyApprovalId, at: now });
  if (approver) deps.emit('till.variance_approved', { sessionId: session.id, approver, varianceFen: result.varianceFen });
  return result;
}


function moneyMoved(): BilingualError {
  return new BilingualError(
    'TILL_RECOUNT',
    '点钞后又有新的收付款记录 — 需值班经理批准后重新点钞，再结账',
    'Money moved after the count — the duty manager must allow a recount before the till is settled',
  );
}
