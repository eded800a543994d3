/**
 * The early-closing lock (督促结账勿提前). Settlement (and the count that starts it) is refused
 * before the hall's closing time, while a customer is being served at the counter, or while the
 * clock is not trustworthy. Only the duty manager lifts the time lock, with a reason code and
 * their own credentials. Every refused attempt, refused override and approval is written to
 * till_early_event: it is evidence for staff evaluation, so it is kept even when we throw.
 */
import { BilingualError } from '../../../base/contract/errors';
import { EARLY_REASON_CODES, type EarlyEvent, type EarlyReasonCode } from '../../../base/contract/till';
import type { Db } from '../storage/db';
import { approve, ApprovalRefused, type ApprovalCredentials } from '../staff/approvals';
import { closingInstant, wallClockText } from '../../../base/calendar';
import { clockJumpError, clockRollbackError, observeClockInTx, resetWatchInTx } from './clock-guard';
import type { TillDeps } from './deps';
import { ledgerHead } from './ledger';
import { loadSession, requireOpen, type SessionRow } from './session';

export type SettlementBlock = 'clock_rollback' | 'clock_jump' | 'open_journey' | 'before_close';

type NewEarlyEvent = Omit<EarlyEvent, 'id'>;

function insertEvent(db: Db, e: NewEarlyEvent): number {
  const r = db.prepare(`INSERT INTO till_early_event
    (at, session_id, counter_id, staff_no, outcome, block, minutes_early, allowed_at, open_journeys, approver_staff_no, reason_code, reason_text)
    VALUES (@at, @session_id, @counter_id, @staff_no, @outcome, @block, @minutes_early, @allowed_at, @open_journeys, @approver_staff_no, @reason_code, @reason_text)`).run(e);
  return Number(r.lastInsertRowid);
}

function minutesBefore(closing: number | null, now: number): number | null {
  return closing !== null && now < closing ? Math.ceil((closing - now) / 60_000) : null;
}

export function latestEarlyApproval(db: Db, sessionId: number): EarlyEvent | null {
  return (db.prepare("SELECT * FROM till_early_event WHERE session_id = ? AND outcome = 'approved' ORDER BY id DESC LIMIT 1").get(sessionId) as EarlyEvent | undefined) ?? null;
}

/**
 * Lets settlement go ahead or throws the reason it may not (after recording the refusal).
 * Returns the early approval that was needed, if any.
 */
export function settlementGate(deps: TillDeps, session: SessionRow, action: 'count' | 'settle'): { earlyApprovalId: number | null } {
  const { db, clock, settings } = deps;
  const tz = settings.calendar.timeZone;
  const now = clock.now();
  const closing = closingInstant(settings.calendar, session.business_day);
  const minutesEarly = minutesBefore(closing, now);

  const decide = db.transaction((): { error: BilingualError; block: SettlementBlock; journeys: number | null; allowedAt: number | null } | { earlyApprovalId: number | null } => {
    const obs = observeClockInTx(db, session.counter_id, now, settings.maxClockJumpMinutes * 60_000);
    if (obs.state === 'rollback') return { error: clockRollbackError(obs.latestMs, now, tz), block: 'clock_rollback', journeys: null, allowedAt: null };
    if (obs.state === 'suspect') return { error: clockJumpError(obs.jumpMs), block: 'clock_jump', journeys: null, allowedAt: null };
    const journeys = deps.openJourneys(session.counter_id);
    if (journeys > 0) {
      const later = minutesEarly !== null ? `；且须到营业结束时间（${wallClockText(closing!, tz)}）或经值班经理审批` : '';
      const laterEn = minutesEarly !== null ? ` and once closing time (${wallClockText(closing!, tz)}) is reached or the duty manager approves` : '';
      return {
        block: 'open_journey', journeys, allowedAt: null,
        error: new BilingualError(
          'TILL_OPEN_JOURNEY',
          `本台席还有 ${journeys} 笔业务正在办理，不能结账 — 请先办结或取消该业务，办结后即可结账${later}`,
          `${journeys} service journey(s) are still open at this counter, so the till cannot be settled — finish or cancel them first; settlement is allowed as soon as they are closed${laterEn}`,
          { openJourneys: journeys, minutesEarly },
        ),
      };
    }
    if (minutesEarly !== null) {
      const approval = latestEarlyApproval(db, session.id);
      if (approval) return { earlyApprovalId: approval.id };
      const closeText = wallClockText(closing!, tz);
      return {
        block: 'before_close', journeys: 0, allowedAt: closing,
        error: new BilingualError(
          'TILL_EARLY_SETTLEMENT',
          `未到营业结束时间（${closeText}），不能结账 — 还需 ${minutesEarly} 分钟；如确需提前结账，请值班经理审批`,
          `It is before closing time (${closeText}), so the till cannot be settled — ${minutesEarly} more minutes; if it must be settled early, ask the duty manager to approve`,
          { allowedAt: closing, minutesEarly },
        ),
      };
    }
    return { earlyApprovalId: null };
  });
  const d = decide.immediate();
  if ('earlyApprovalId' in d) return d;

  insertEvent(db, {
    at: now, session_id: session.id, counter_id: session.counter_id, staff_no: session.clerk_staff_no,
    outcome: 'refused', block: d.block, minutes_early: minutesEarly, allowed_at: d.allowedAt,
    open_journeys: d.journeys, approver_staff_no: null, reason_code: null, reason_text: null,
  });
  deps.emit('till.settlement_refused', {
    sessionId: session.id, counterId: session.counter_id, staffNo: session.clerk_staff_no, at: now,
    action, block: d.block, minutesEarly, openJourneys: d.journeys,
  });
  throw d.error;
}

export interface EarlyApprovalInput {
  sessionId: number;
  approver: ApprovalCredentials;
  reasonCode: EarlyReasonCode;
  /** Required for 'other'. */
  reasonText?: string;
}

/** The duty manager lifts the closing-time lock for one session. Returns the approval id. */
export function approveEarlySettlement(deps: TillDeps, input: EarlyApprovalInput): number {
  const { db, clock, settings } = deps;
  const session = loadSession(db, input.sessionId);
  requireOpen(session);
  const code = input.reasonCode;
  if (!(EARLY_REASON_CODES as readonly string[]).includes(code)) {
    throw new BilingualError('TILL_EARLY_REASON', '请选择提前结账原因', 'Choose a reason for early settlement', { allowed: [...EARLY_REASON_CODES] });
  }
  const text = input.reasonText?.trim() ?? '';
  if (code === 'other' && text.length === 0) {
    throw new BilingualError('TILL_EARLY_REASON_TEXT', '原因为「其他」时请写明具体原因', 'With reason "other", write the actual reason');
  }
  if (text.length > 200) throw new BilingualError('TILL_EARLY_REASON_TEXT', '原因说明不能超过 200 字', 'The reason may be at most 200 characters');
  const now = clock.now();
  const minutesEarly = minutesBefore(closingInstant(settings.calendar, session.business_day), now);
  const base = {
    at: now, session_id: session.id, counter_id: session.counter_id, staff_no: session.clerk_staff_no,
    minutes_early: minutesEarly, allowed_at: null, open_journeys: null, reason_code: code, reason_text: text || null,
  };
  let staffNo: string;
  try {
    staffNo = approve(deps.approver, input.approver, {
      purpose: { key: 'till.settle_early', zh: '提前结账', en: 'Early settlement' }, requester: session.clerk_staff_no, counterId: session.counter_id,
    }).staffNo;
  } catch (e) {
    if (e instanceof ApprovalRefused) {
      insertEvent(db, { ...base, outcome: 'override_refused', block: e.refusal, approver_staff_no: input.approver?.staffNo ?? null });
      deps.emit('till.early_override_refused', { sessionId: session.id, staffNo: session.clerk_staff_no, approver: input.approver?.staffNo ?? null, refusal: e.refusal, at: now });
    }
    throw e;
  }
  const id = insertEvent(db, { ...base, outcome: 'approved', block: null, approver_staff_no: staffNo });
  deps.emit('till.early_approved', { sessionId: session.id, staffNo: session.clerk_staff_no, approver: staffNo, reasonCode: code, minutesEarly, at: now });
  return id;
}

/**
 * The duty manager accepts the clock after a jump (having checked the time). A rollback cannot
 * be approved away: the system time must be corrected first.
 */
export function approveClock(deps: TillDeps, input: { sessionId: number; approver: ApprovalCredentials; note?: string }): number {
  const { db, clock, settings } = deps;
  const session = loadSession(db, input.sessionId);
  requireOpen(session);
  const now = clock.now();
  const head = ledgerHead(db);
  if (head && now < head.at) throw clockRollbackError(head.at, now, settings.calendar.timeZone);
  const base = {
    at: now, session_id: session.id, counter_id: session.counter_id, staff_no: session.clerk_staff_no,
    minutes_early: null, allowed_at: null, open_journeys: null, reason_code: 'clock', reason_text: input.note?.trim().slice(0, 200) || null,
  };
  let staffNo: string;
  try {
    staffNo = approve(deps.approver, input.approver, {
      purpose: { key: 'till.clock', zh: '时间核对', en: 'Clock check' }, requester: session.clerk_staff_no, counterId: session.counter_id,
    }).staffNo;
  } catch (e) {
    if (e instanceof ApprovalRefused) insertEvent(db, { ...base, outcome: 'override_refused', block: e.refusal, approver_staff_no: input.approver?.staffNo ?? null });
    throw e;
  }
  const id = db.transaction(() => {
    resetWatchInTx(db, session.counter_id, now);
    return insertEvent(db, { ...base, outcome: 'clock_approved', block: null, approver_staff_no: staffNo });
  }).immediate();
  deps.emit('till.clock_approved', { sessionId: session.id, approver: staffNo, at: now });
  return id;
}

/** The duty manager's query: refused attempts, refused overrides and approvals in [from, to). */
export function earlyEvents(db: Db, fromMs: number, toMs: number): EarlyEvent[] {
  return db.prepare('SELECT * FROM till_early_event WHERE at >= ? AND at < ? ORDER BY id').all(fromMs, toMs) as EarlyEvent[];
}
