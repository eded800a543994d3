/**
 * The early-closing lock (督促结账勿提前). Settlement (and the count that starts it) is refused
 * before the hall's closing time, while a customer is being served at the counter, while the
 * clock is not trustworthy, or — on a counter enrolled with a hall server — while the hall cannot
 * be reached to read its time. Only the duty manager lifts the time lock, with a reason code and
 * their own credentials, and only the duty manager lets a counter settle without its hall. Every refused attempt, refused override and approval is written to
 * till_early_event with the owner of the till and the person who acted: it is evidence for staff
 * evaluation, so it is kept even when we throw.
 */
import { BilingualError } from '../../../base/contract/errors';
import { minutesText } from '../../../base/duration';
import { EARLY_REASON_CODES, type EarlyEvent, type EarlyReasonCode } from '../../../base/contract/till';
import type { Db } from '../storage/db';
import { freeTextOf, putFreeText } from '../privacy/freeTextStore';
import { approve, ApprovalRefused, type ApprovalCredentials } from '../staff/approvals';
import { closingInstant, wallClockText } from '../../../base/calendar';
import { clockJumpError, clockRollbackError, resetWatchInTx } from './clock-guard';
import type { TillDeps } from './deps';
import { observe } from './observe';
import { requireMayAct } from './ownership';
import { loadSession, requireOpen, type SessionRow } from './session';

export type SettlementBlock = 'clock_rollback' | 'clock_jump' | 'open_journey' | 'hall_unreachable' | 'before_close';

/** A row as stored: the contract's EarlyEvent, its typed reason in free_text (note_id). */
export type EarlyEventRow = EarlyEvent & { note_id: number | null };

type NewEarlyEvent = Omit<EarlyEventRow, 'id' | 'reason_text'> & { note?: string | null; purpose?: string };

function insertEvent(db: Db, e: NewEarlyEvent): number {
  const { note, purpose, ...row } = e;
  const noteId = note ? putFreeText(db, purpose ?? 'till.early', note, row.at) : null;
  const r = db.prepare(`INSERT INTO till_early_event
    (at, session_id, counter_id, staff_no, actor_staff_no, outcome, block, minutes_early, allowed_at, open_journeys, approver_staff_no, reason_code, reason_text, note_id)
    VALUES (@at, @session_id, @counter_id, @staff_no, @actor_staff_no, @outcome, @block, @minutes_early, @allowed_at, @open_journeys, @approver_staff_no, @reason_code, NULL, @note_id)`)
    .run({ ...row, note_id: noteId });
  return Number(r.lastInsertRowid);
}

function minutesBefore(closing: number | null, now: number): number | null {
  return closing !== null && now < closing ? Math.ceil((closing - now) / 60_000) : null;
}

export function latestEarlyApproval(db: Db, sessionId: number): EarlyEventRow | null {
  return (db.prepare("SELECT * FROM till_early_event WHERE session_id = ? AND outcome = 'approved' ORDER BY id DESC LIMIT 1").get(sessionId) as EarlyEventRow | undefined) ?? null;
}

/** The duty manager's approval to settle this session without the hall, if any (the latest). */
export function latestOfflineApproval(db: Db, sessionId: number): { id: number } | null {
  return (db.prepare('SELECT id FROM till_offline_approval WHERE session_id = ? ORDER BY id DESC LIMIT 1').get(sessionId) as { id: number } | undefined) ?? null;
}

const ACTION_WORDS = { count: ['提交点钞', 'the blind count cannot be submitted'], settle: ['结账', 'the till cannot be settled'] } as const;

export interface GatePassed {
  earlyApprovalId: number | null;
  /** The approval to go on without the hall, when it was needed. */
  offlineApprovalId: number | null;
}

/**
 * Lets the count or the settlement go ahead or throws the reason it may not (after recording the
 * refusal). Returns the approvals that were needed, if any.
 */
export function settlementGate(deps: TillDeps, session: SessionRow, action: 'count' | 'settle', actor: string): GatePassed {
  const { db, clock, settings } = deps;
  const tz = settings.calendar.timeZone;
  const now = clock.now();
  const closing = closingInstant(settings.calendar, session.business_day);
  const minutesEarly = minutesBefore(closing, now);
  const [doZh, doEn] = ACTION_WORDS[action];

  const decide = db.transaction((): { error: BilingualError; block: SettlementBlock; journeys: number | null; allowedAt: number | null } | GatePassed => {
    const obs = observe(deps, session.counter_id);
    if (obs.state === 'rollback') return { error: clockRollbackError(obs.latestMs, now, tz), block: 'clock_rollback', journeys: null, allowedAt: null };
    if (obs.state === 'suspect') return { error: clockJumpError(obs.jumpMs, obs.cause), block: 'clock_jump', journeys: null, allowedAt: null };
    const journeys = deps.openJourneys(session.counter_id);
    if (journeys > 0) {
      const later = minutesEarly !== null ? `；且须到营业结束时间（${wallClockText(closing!, tz)}）或经值班经理审批` : '';
      const laterEn = minutesEarly !== null ? ` and once closing time (${wallClockText(closing!, tz)}) is reached or the duty manager approves` : '';
      return {
        block: 'open_journey', journeys, allowedAt: null,
        error: new BilingualError(
          'TILL_OPEN_JOURNEY',
          `本台席还有 ${journeys} 笔业务正在办理，不能${doZh} — 请先办结或取消该业务，办结后即可${doZh}${later}`,
          `${journeys} service journey(s) are still open at this counter, so ${doEn} — finish or cancel them first; it is allowed as soon as they are closed${laterEn}`,
          { openJourneys: journeys, minutesEarly },
        ),
      };
    }
    // Enrolled with a hall that did not answer just now: the time above is this PC's (or the
    // hall's last answer carried forward), so the duty manager decides, and the Z report says so.
    let offlineApprovalId: number | null = null;
    const reach = clock.reach();
    if (reach.required && !reach.reachable) {
      offlineApprovalId = latestOfflineApproval(db, session.id)?.id ?? null;
      if (offlineApprovalId === null) {
        return {
          block: 'hall_unreachable', journeys: 0, allowedAt: null,
          error: new BilingualError(
            'TILL_HALL_UNREACHABLE',
            `连不上营业厅服务器，无法核对时间，暂不能${doZh} — 请检查网络后重试；如确需现在${doZh}，请值班经理核对时间并审批（结账报表上会注明）`,
            `The hall server cannot be reached to check the time, so ${doEn} — check the network and try again; if it must be done now, the duty manager checks the time and approves (the settlement report says so)`,
            { action },
          ),
        };
      }
    }
    if (minutesEarly !== null) {
      const approval = latestEarlyApproval(db, session.id);
      if (approval) return { earlyApprovalId: approval.id, offlineApprovalId };
      const closeText = wallClockText(closing!, tz);
      const left = minutesText(minutesEarly);
      return {
        block: 'before_close', journeys: 0, allowedAt: closing,
        error: new BilingualError(
          'TILL_EARLY_SETTLEMENT',
          `未到营业结束时间（${closeText}），不能${doZh} — 还需 ${left.zh}；如确需提前结账，请值班经理审批`,
          `It is before closing time (${closeText}), so ${doEn} — ${left.en} to go; if the till must be settled early, ask the duty manager to approve`,
          { allowedAt: closing, minutesEarly, action },
        ),
      };
    }
    return { earlyApprovalId: null, offlineApprovalId };
  });
  const d = decide.immediate();
  if ('earlyApprovalId' in d) return d;

  insertEvent(db, {
    at: now, session_id: session.id, counter_id: session.counter_id, staff_no: session.clerk_staff_no, actor_staff_no: actor,
    outcome: 'refused', block: d.block, minutes_early: minutesEarly, allowed_at: d.allowedAt,
    open_journeys: d.journeys, approver_staff_no: null, reason_code: null, note_id: null,
  });
  deps.emit('till.settlement_refused', {
    sessionId: session.id, counterId: session.counter_id, staffNo: session.clerk_staff_no, actor, at: now,
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
  /** The person at the till asking (the owner, or the duty manager who took the counter over). */
  actor: string;
}

/** Refuses approvals while the till's time is behind its last record (it would be stamped before it). */
function requireClockNotBehind(deps: TillDeps, session: SessionRow): void {
  const obs = deps.db.transaction(() => observe(deps, session.counter_id)).immediate();
  if (obs.state === 'rollback') throw clockRollbackError(obs.latestMs, deps.clock.now(), deps.settings.calendar.timeZone);
}

/** The duty manager lifts the closing-time lock for one session. Returns the approval id. */
export function approveEarlySettlement(deps: TillDeps, input: EarlyApprovalInput): number {
  const { db, clock, settings } = deps;
  const session = loadSession(db, input.sessionId);
  requireOpen(session);
  requireMayAct(deps, session, input.actor, 'approve');
  const code = input.reasonCode;
  if (!(EARLY_REASON_CODES as readonly string[]).includes(code)) {
    throw new BilingualError('TILL_EARLY_REASON', '请选择提前结账原因', 'Choose a reason for early settlement', { allowed: [...EARLY_REASON_CODES] });
  }
  const text = input.reasonText?.trim() ?? '';
  if (code === 'other' && text.length === 0) {
    throw new BilingualError('TILL_EARLY_REASON_TEXT', '原因为「其他」时请写明具体原因', 'With reason "other", write the actual reason');
  }
  if (text.length > 200) throw new BilingualError('TILL_EARLY_REASON_TEXT', '原因说明不能超过 200 字', 'The reason may be at most 200 characters');
  requireClockNotBehind(deps, session);
  const now = clock.now();
  const minutesEarly = minutesBefore(closingInstant(settings.calendar, session.business_day), now);
  const base = {
    at: now, session_id: session.id, counter_id: session.counter_id, staff_no: session.clerk_staff_no, actor_staff_no: input.actor,
    minutes_early: minutesEarly, allowed_at: null, open_journeys: null, reason_code: code, note: text || null, purpose: 'till.early_reason', note_id: null,
  };
  let staffNo: string;
  try {
    staffNo = approve(deps.approver, input.approver, {
      purpose: { key: 'till.settle_early', zh: '提前结账', en: 'Early settlement' }, requester: input.actor, counterId: session.counter_id,
    }).staffNo;
  } catch (e) {
    if (e instanceof ApprovalRefused) {
      insertEvent(db, { ...base, outcome: 'override_refused', block: e.refusal, approver_staff_no: input.approver?.staffNo ?? null });
      deps.emit('till.early_override_refused', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: input.actor, approver: input.approver?.staffNo ?? null, refusal: e.refusal, at: now });
    }
    throw e;
  }
  const id = insertEvent(db, { ...base, outcome: 'approved', block: null, approver_staff_no: staffNo });
  deps.emit('till.early_approved', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: input.actor, approver: staffNo, reasonCode: code, minutesEarly, at: now });
  return id;
}

/**
 * The duty manager accepts the clock after a change (having checked the time), with a reason.
 * A rollback cannot be approved away: the system time must be corrected first.
 */
export function approveClock(deps: TillDeps, input: { sessionId: number; approver: ApprovalCredentials; reason: string; actor: string }): number {
  const { db, clock } = deps;
  const session = loadSession(db, input.sessionId);
  requireOpen(session);
  requireMayAct(deps, session, input.actor, 'approve');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 2 || reason.length > 200) {
    throw new BilingualError('TILL_CLOCK_NOTE', '请写明核对时间的情况（2–200 字），如「已与北京时间核对」', 'Write how the time was checked (2–200 characters), e.g. "checked against Beijing time"');
  }
  requireClockNotBehind(deps, session);
  const now = clock.now();
  const base = {
    at: now, session_id: session.id, counter_id: session.counter_id, staff_no: session.clerk_staff_no, actor_staff_no: input.actor,
    minutes_early: null, allowed_at: null, open_journeys: null, reason_code: 'clock', note: reason, purpose: 'till.clock_reason', note_id: null,
  };
  let staffNo: string;
  try {
    staffNo = approve(deps.approver, input.approver, {
      purpose: { key: 'till.clock', zh: '时间核对', en: 'Clock check' }, requester: input.actor, counterId: session.counter_id,
    }).staffNo;
  } catch (e) {
    if (e instanceof ApprovalRefused) insertEvent(db, { ...base, outcome: 'override_refused', block: e.refusal, approver_staff_no: input.approver?.staffNo ?? null });
    throw e;
  }
  const skew = clock.authority()?.skewMs ?? null;
  const id = db.transaction(() => {
    resetWatchInTx(db, session.counter_id, now, { approver: staffNo, skewMs: skew });
    return insertEvent(db, { ...base, outcome: 'clock_approved', block: null, approver_staff_no: staffNo });
  }).immediate();
  deps.emit('till.clock_approved', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: input.actor, approver: staffNo, at: now });
  return id;
}

/**
 * The duty manager lets this session be counted and settled although the hall server cannot be
 * reached (own credentials, how the time was checked). Kept with both clocks: this PC's wall
 * clock and the hall's last answer carried forward, when one still counts.
 */
export function approveOffline(deps: TillDeps, input: { sessionId: number; approver: ApprovalCredentials; reason: string; actor: string }): number {
  const { db, clock } = deps;
  const session = loadSession(db, input.sessionId);
  requireOpen(session);
  requireMayAct(deps, session, input.actor, 'approve');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 2 || reason.length > 200) {
    throw new BilingualError('TILL_CLOCK_NOTE', '请写明核对时间的情况（2–200 字），如「已与北京时间核对」', 'Write how the time was checked (2–200 characters), e.g. "checked against Beijing time"');
  }
  requireClockNotBehind(deps, session);
  const now = clock.now();
  let staffNo: string;
  try {
    staffNo = approve(deps.approver, input.approver, {
      purpose: { key: 'till.offline', zh: '大厅服务器不可达时结账', en: 'Settling while the hall server is unreachable' }, requester: input.actor, counterId: session.counter_id,
    }).staffNo;
  } catch (e) {
    if (e instanceof ApprovalRefused) {
      insertEvent(db, {
        at: now, session_id: session.id, counter_id: session.counter_id, staff_no: session.clerk_staff_no, actor_staff_no: input.actor, outcome: 'override_refused',
        block: e.refusal, minutes_early: null, allowed_at: null, open_journeys: null, approver_staff_no: input.approver?.staffNo ?? null, reason_code: 'offline', note_id: null,
      });
    }
    throw e;
  }
  const reading = clock.reading();
  const id = db.transaction(() => {
    const noteId = putFreeText(db, 'till.offline_reason', reason, now);
    return Number(db.prepare(`INSERT INTO till_offline_approval (session_id, at, counter_id, staff_no, actor_staff_no, approver_staff_no, wall_ms, hall_ms, note_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(session.id, now, session.counter_id, session.clerk_staff_no, input.actor, staffNo, reading.wallMs, clock.authority()?.nowMs ?? null, noteId).lastInsertRowid);
  }).immediate();
  deps.emit('till.offline_approved', { sessionId: session.id, staffNo: session.clerk_staff_no, actor: input.actor, approver: staffNo, at: now });
  return id;
}

/** The duty manager's query: refused attempts, refused overrides and approvals in [from, to). */
export function earlyEvents(db: Db, fromMs: number, toMs: number): EarlyEvent[] {
  return (db.prepare('SELECT * FROM till_early_event WHERE at >= ? AND at < ? ORDER BY id').all(fromMs, toMs) as EarlyEventRow[]).map((e) => withReason(db, e));
}

/** The event as the contract shows it: the typed reason read back from its note (null once purged). */
export function withReason(db: Db, e: EarlyEventRow): EarlyEvent {
  const { note_id, ...rest } = e;
  return { ...rest, reason_text: note_id !== null ? freeTextOf(db, note_id) : rest.reason_text };
}
