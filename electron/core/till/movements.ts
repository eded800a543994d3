/**
 * Opening a cash session and posting movements to it. Each call is one IMMEDIATE transaction
 * committed (synchronous=FULL) before it returns, so an acknowledged movement survives a crash.
 */
import { BilingualError } from '../../../base/contract/errors';
import { businessDayOf } from '../../../base/calendar';
import { clockRollbackError } from './clock-guard';
import { observe } from './observe';
import { countTotalFen, parseCashCount } from '../../../base/contract/denominations';
import type { TillDeps } from './deps';
import { isAccountableItem, parseItemCount, type AccountableItem } from '../../../base/contract/items';
import { TENDERS, type Tender } from '../../../base/contract/tenders';
import { putFreeText } from '../privacy/freeTextStore';
import { appendInTx, ledgerRow, type LedgerRow, type NewLedgerRow } from './ledger';
import { isPositiveFen, yuan } from './money';
import { requireMayAct } from './ownership';
import { reopenCheck, type ReopenApproval } from './reopen';
import { loadSession, openSessionFor, requireOpen, type SessionRow } from './session';
import { sessionTotals } from './totals';

export interface OpenSessionInput {
  counterId: string;
  /** The logged-in clerk (authenticated by the dispatcher). */
  clerkStaffNo: string;
  /** The opening float, counted piece by piece. */
  float: unknown;
  /** Accountable items counted at open. */
  items?: unknown;
  /** A second till on a business day this counter already settled: the duty manager's approval. */
  reopen?: ReopenApproval;
}

function text(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t.length > 0 && t.length <= max ? t : null;
}

function badInput(what_zh: string, what_en: string): BilingualError {
  return new BilingualError('TILL_BAD_INPUT', `${what_zh} — 请检查后重新录入`, `${what_en} — check and enter it again`);
}

export function openSession(deps: TillDeps, input: OpenSessionInput): SessionRow {
  const { db, clock, settings } = deps;
  const counterId = text(input.counterId, 40);
  const clerk = text(input.clerkStaffNo, 40);
  if (!counterId || !clerk) throw badInput('台席号和营业员工号不能为空', 'Counter and clerk staff number are required');
  const float = parseCashCount(input.float);
  const items = parseItemCount(input.items);
  const floatFen = countTotalFen(float);
  const now = clock.now();
  const tz = settings.calendar.timeZone;
  const businessDay = businessDayOf(now, tz);
  // Asked before the transaction: the duty manager's password check is slow and writes its own records.
  const reopen = reopenCheck(deps, counterId, clerk, businessDay, input.reopen);
  const session = db.transaction((): SessionRow => {
    const obs = observe(deps, counterId);
    if (obs.state === 'rollback') throw clockRollbackError(obs.latestMs, now, tz);
    const existing = openSessionFor(db, counterId);
    if (existing) {
      throw new BilingualError(
        'TILL_SESSION_ALREADY_OPEN',
        `台席 ${counterId} 已有未结账的钱箱班次（营业员 ${existing.clerk_staff_no}）— 请先结账再开班`,
        `Counter ${counterId} already has an open cash session (clerk ${existing.clerk_staff_no}) — settle it before opening another`,
        { sessionId: existing.id },
      );
    }
    const clerkOpen = db.prepare("SELECT id, counter_id FROM till_session WHERE clerk_staff_no = ? AND status = 'open'").get(clerk) as { id: number; counter_id: string } | undefined;
    if (clerkOpen) {
      throw new BilingualError(
        'TILL_CLERK_ALREADY_OPEN',
        `营业员 ${clerk} 在台席 ${clerkOpen.counter_id} 还有未结账的钱箱 — 请先结账`,
        `Clerk ${clerk} still has an open till at counter ${clerkOpen.counter_id} — settle it first`,
        { sessionId: clerkOpen.id },
      );
    }
    const r = db.prepare(`INSERT INTO till_session (counter_id, clerk_staff_no, business_day, opened_at, float_fen, float_json, items_json)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(counterId, clerk, businessDay, now, floatFen, JSON.stringify(float), JSON.stringify(items));
    const id = Number(r.lastInsertRowid);
    appendInTx(db, deps.key, row(id, now, clerk, clerk, { kind: 'float', tender: 'cash', amount_fen: floatFen }));
    reopen?.record(id);
    return loadSession(db, id);
  }).immediate();
  deps.emit('till.opened', { sessionId: session.id, counterId, staffNo: clerk, actor: clerk, floatFen, reopenApprover: reopen?.approver ?? null, at: now });
  return session;
}

function row(sessionId: number, at: number, owner: string, actor: string, r: Partial<NewLedgerRow> & Pick<NewLedgerRow, 'kind' | 'amount_fen'>): NewLedgerRow {
  return {
    session_id: sessionId, at, staff_no: owner, actor_staff_no: actor, tender: null, due_fen: null, tendered_fen: null, change_fen: null,
    item: null, qty: null, ref: null, reason: null, note_id: null, corrects_seq: null, ...r,
  };
}

/** Who posts, and whether it is the clerk's own act (checked against the till's owner) or a journey's effect. */
export interface Poster {
  /** The person who did it. */
  actor: string;
  /**
   * 'hand': a movement typed at the till (cash in/out, drop, correction): only the owner or a
   * duty manager who took the counter over, and not after the blind count. 'journey': a journey's
   * effect, posted for the journey's clerk (the journey began under the same rule).
   */
  by: 'hand' | 'journey';
}

/** Typed text for a row: kept in free_text, cited by id (a purge never breaks the chain). */
type Build = (s: SessionRow) => Partial<NewLedgerRow> & Pick<NewLedgerRow, 'kind' | 'amount_fen'> & { note?: { purpose: string; text: string } };

/**
 * Posts one movement in its own transaction: clock check, session still open, who, drawer never
 * below zero, then the chained row.
 */
function post(deps: TillDeps, sessionId: number, poster: Poster, build: Build): LedgerRow {
  const { db, clock, settings } = deps;
  const now = clock.now();
  const written = db.transaction((): LedgerRow => {
    const s = loadSession(db, sessionId);
    requireOpen(s);
    if (poster.by === 'hand') {
      requireMayAct(deps, s, poster.actor, 'move');
      requireNotCounted(deps, s);
    }
    const obs = observe(deps, s.counter_id);
    if (obs.state === 'rollback') throw clockRollbackError(obs.latestMs, now, settings.calendar.timeZone);
    const { note, ...built } = build(s);
    const r = row(s.id, now, s.clerk_staff_no, poster.actor, built);
    if (note) r.note_id = putFreeText(db, note.purpose, note.text, now);
    if (r.tender === 'cash' && r.amount_fen < 0) {
      const inDrawer = sessionTotals(db, s.id).expectedCashFen;
      if (inDrawer + r.amount_fen < 0) {
        throw new BilingualError(
          'TILL_NOT_ENOUGH_CASH',
          `钱箱应有现金 ${yuan(inDrawer)} 元，不足以支出 ${yuan(-r.amount_fen)} 元 — 请核对金额`,
          `The drawer should hold ${yuan(inDrawer)} yuan, not enough to pay out ${yuan(-r.amount_fen)} yuan — check the amount`,
          { inDrawerFen: inDrawer },
        );
      }
    }
    return appendInTx(db, deps.key, r);
  }).immediate();
  deps.emit(`till.${written.kind}`, {
    sessionId, seq: written.seq, staffNo: written.staff_no, actor: written.actor_staff_no, tender: written.tender, amountFen: written.amount_fen,
    correctsSeq: written.corrects_seq, ...(written.note_id !== null ? { note: written.note_id } : {}), at: now,
  });
  return written;
}

/**
 * The blind count is final: once it is in, nothing is typed into the drawer's record until the
 * duty manager allows a recount (a journey's payment still posts, and then settlement asks for that recount).
 */
function requireNotCounted(deps: TillDeps, s: SessionRow): void {
  const counted = deps.db.prepare('SELECT MAX(attempt_no) AS n FROM till_count WHERE session_id = ?').get(s.id) as { n: number | null };
  if (counted.n === null) return;
  const allowed = deps.db.prepare('SELECT 1 FROM till_recount_approval WHERE session_id = ? AND after_attempt = ?').get(s.id, counted.n);
  if (allowed) return;
  throw new BilingualError(
    'TILL_COUNTED',
    '已提交点钞，不能再记收付款 — 如确需改动，请值班经理批准重新点钞',
    'The blind count is in, so no more movements can be entered — if one is needed, the duty manager must allow a recount',
  );
}

function requireAmount(v: unknown, zh: string, en: string): number {
  if (!isPositiveFen(v)) throw badInput(`${zh}必须是大于 0 的整数（分）`, `${en} must be a whole number of fen above 0`);
  return v;
}

function requireTender(v: unknown): Tender {
  if (!(TENDERS as readonly string[]).includes(v as string)) throw badInput('支付方式无效（现金、微信、支付宝、银联）', 'Unknown tender (cash, wechat, alipay, unionpay)');
  return v as Tender;
}

export interface SaleInput {
  sessionId: number;
  tender: Tender;
  dueFen: number;
  /** Cash only: what the customer handed over; defaults to the amount due. */
  tenderedFen?: number;
  journeyRef?: string;
  /** The journey's clerk (or the person at the till). */
  actor: string;
}

/** A sale. For cash: change = tendered - due is recorded on the row, only the net (due) is posted. */
export function recordSale(deps: TillDeps, input: SaleInput): LedgerRow {
  const tender = requireTender(input.tender);
  const due = requireAmount(input.dueFen, '应收金额', 'The amount due');
  const tendered = input.tenderedFen ?? due;
  if (tender === 'cash') {
    requireAmount(tendered, '实收金额', 'The amount tendered');
    if (tendered < due) throw badInput(`实收 ${yuan(tendered)} 元少于应收 ${yuan(due)} 元`, `Tendered ${yuan(tendered)} yuan is less than the ${yuan(due)} yuan due`);
  } else if (tendered !== due) {
    throw badInput('非现金支付的实收必须等于应收', 'A non-cash payment must equal the amount due');
  }
  return post(deps, input.sessionId, { actor: input.actor, by: input.journeyRef ? 'journey' : 'hand' }, () => ({
    kind: 'sale', tender, amount_fen: due, due_fen: due, tendered_fen: tendered, change_fen: tendered - due,
    ref: text(input.journeyRef, 80),
  }));
}

/** Change handed out of the drawer outside a recorded cash sale (never for a sale's own change). */
export interface HandMovement {
  sessionId: number;
  amountFen: number;
  actor: string;
}

const poster = (actor: string, journeyRef: string | undefined): Poster => ({ actor, by: journeyRef ? 'journey' : 'hand' });

export function recordChangeGiven(deps: TillDeps, input: HandMovement & { reason: string; journeyRef?: string }): LedgerRow {
  const amount = requireAmount(input.amountFen, '找零金额', 'The change');
  const reason = text(input.reason, 200);
  if (!reason) throw badInput('单独找零须写明原因', 'Change given outside a sale needs a reason');
  return post(deps, input.sessionId, poster(input.actor, input.journeyRef), () => ({
    kind: 'change', tender: 'cash', amount_fen: -amount, ref: text(input.journeyRef, 80), note: { purpose: 'till.change', text: reason },
  }));
}

export function recordRefund(deps: TillDeps, input: HandMovement & { tender: Tender; reason: string; journeyRef?: string }): LedgerRow {
  const tender = requireTender(input.tender);
  const amount = requireAmount(input.amountFen, '退款金额', 'The refund');
  const reason = text(input.reason, 200);
  if (!reason) throw badInput('退款须写明原因', 'A refund needs a reason');
  return post(deps, input.sessionId, poster(input.actor, input.journeyRef), () => ({
    kind: 'refund', tender, amount_fen: -amount, ref: text(input.journeyRef, 80), note: { purpose: 'till.refund', text: reason },
  }));
}

/** Mid-day drop to the safe (大额上缴), in a numbered bag (the bag number is typed: kept as a note). */
export function recordDrop(deps: TillDeps, input: HandMovement & { bagNo: string }): LedgerRow {
  const amount = requireAmount(input.amountFen, '上缴金额', 'The drop');
  const bag = text(input.bagNo, 40);
  if (!bag) throw badInput('大额上缴须填写缴款袋号', 'A drop needs the deposit bag number');
  return post(deps, input.sessionId, poster(input.actor, undefined), () => ({ kind: 'drop', tender: 'cash', amount_fen: -amount, note: { purpose: 'till.drop_bag', text: bag } }));
}

export function recordCashIn(deps: TillDeps, input: HandMovement & { reason: string }): LedgerRow {
  const amount = requireAmount(input.amountFen, '存入金额', 'The cash in');
  const reason = text(input.reason, 200);
  if (!reason) throw badInput('其他现金存入须写明原因', 'Other cash in needs a reason');
  return post(deps, input.sessionId, poster(input.actor, undefined), () => ({ kind: 'cash_in', tender: 'cash', amount_fen: amount, note: { purpose: 'till.cash_in', text: reason } }));
}

export function recordCashOut(deps: TillDeps, input: HandMovement & { reason: string }): LedgerRow {
  const amount = requireAmount(input.amountFen, '支出金额', 'The cash out');
  const reason = text(input.reason, 200);
  if (!reason) throw badInput('其他现金支出须写明原因', 'Other cash out needs a reason');
  return post(deps, input.sessionId, poster(input.actor, undefined), () => ({ kind: 'cash_out', tender: 'cash', amount_fen: -amount, note: { purpose: 'till.cash_out', text: reason } }));
}

/** An accountable item used by a journey (a SIM card issued, a value card sold, an invoice printed). */
export function useItem(deps: TillDeps, input: { sessionId: number; item: AccountableItem; qty: number; journeyRef: string; actor: string }): LedgerRow {
  const { item, qty } = input;
  if (!isAccountableItem(item)) throw badInput('台席物品种类无效', 'Unknown accountable item');
  if (!Number.isSafeInteger(qty) || qty <= 0) throw badInput('物品数量必须是大于 0 的整数', 'The quantity must be a whole number above 0');
  const ref = text(input.journeyRef, 80);
  if (!ref) throw badInput('须注明使用物品的业务流水号', 'The journey that used the item is required');
  return post(deps, input.sessionId, { actor: input.actor, by: 'journey' }, () => ({ kind: 'item_use', tender: null, amount_fen: 0, item, qty, ref }));
}

/**
 * A correction: a new row, same kind and tender, every amount negated, pointing at the row it
 * reverses. Rows are never edited. The float is not corrected (it is recounted at open) and a
 * row is corrected at most once (also a unique index).
 */
export function correct(deps: TillDeps, input: { sessionId: number; seq: number; reason: string; actor: string }): LedgerRow {
  const reason = text(input.reason, 200);
  if (!reason) throw badInput('更正须写明原因', 'A correction needs a reason');
  return post(deps, input.sessionId, { actor: input.actor, by: 'hand' }, (s) => {
    const target = ledgerRow(deps.db, input.seq);
    if (!target || target.session_id !== s.id) {
      throw new BilingualError('TILL_CORRECT_NOT_FOUND', `本班次没有第 ${input.seq} 号记录`, `This session has no entry number ${input.seq}`, { seq: input.seq });
    }
    if (target.kind === 'float') throw new BilingualError('TILL_CORRECT_FLOAT', '备用金不能更正 — 开班时已点清', 'The opening float cannot be corrected — it was counted at open');
    if (target.corrects_seq !== null) throw new BilingualError('TILL_CORRECT_CORRECTION', '更正记录不能再更正 — 请重新记一笔正确的', 'A correction cannot itself be corrected — post the right movement instead');
    const already = deps.db.prepare('SELECT seq FROM till_ledger WHERE corrects_seq = ?').get(target.seq) as { seq: number } | undefined;
    if (already) throw new BilingualError('TILL_ALREADY_CORRECTED', `第 ${target.seq} 号记录已被第 ${already.seq} 号更正`, `Entry ${target.seq} was already corrected by entry ${already.seq}`);
    const neg = (v: number | null): number | null => (v === null ? null : -v);
    return {
      kind: target.kind, tender: target.tender, amount_fen: -target.amount_fen, due_fen: neg(target.due_fen),
      tendered_fen: neg(target.tendered_fen), change_fen: neg(target.change_fen), item: target.item, qty: neg(target.qty),
      ref: target.ref, corrects_seq: target.seq, note: { purpose: 'till.correction', text: reason },
    };
  });
}
