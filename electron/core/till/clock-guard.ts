/**
 * The clock guard. Settlement rules are only as good as the clock, so every reading of the wall
 * clock is compared with the machine's monotonic clock (base/clock.ts, base/node/monotonic.ts):
 *  - within one boot, wall time that moved differently from uptime (beyond TOLERANCE_MS) was
 *    changed: the change is recorded, and a forward change is counted;
 *  - across a reboot the gap between the last reading and the boot is unexplained: recorded, and
 *    counted while a till is open at the counter (a PC switched off overnight after settlement is
 *    not a change);
 *  - forward changes add up until the next settlement or clock approval, so three restarts each
 *    115 minutes later are caught like one jump of 345 minutes. Beyond `maxClockJumpMinutes` the
 *    counter is suspect: settlement waits for the duty manager to approve the clock;
 *  - rollback: the till's time is earlier than the last ledger row. Nothing more is written (a
 *    later entry must never be older than the last one), nor approved, counted or settled, until
 *    the time is corrected;
 *  - with a time authority (the hall, ../time/trustedTime.ts) the local clock's skew against it
 *    beyond `maxClockSkewMinutes` (2) makes the counter suspect as well. When the till's time
 *    switches from this PC's clock to the hall's, rows written a moment earlier on a PC clock
 *    ahead by less than that limit are not a rollback: the skew is what the guard judges then.
 */
import { BilingualError } from '../../../base/contract/errors';
import { durationText } from '../../../base/duration';
import { wallClockText } from '../../../base/calendar';
import type { Db } from '../storage/db';
import type { AuthorityView, ClockReading } from '../time/trustedTime';
import { ledgerHead } from './ledger';
import { openSessionFor } from './session';

/** Wall and monotonic clocks may drift apart this much between two readings before it counts as a change (NTP slews far less). */
export const TOLERANCE_MS = 10_000;

export interface ClockWatch {
  counter_id: string;
  last_seen_ms: number;
  suspect_at: number | null;
  jump_ms: number | null;
  boot_id: string | null;
  uptime_ms: number | null;
  forward_ms: number;
  approved_skew_ms: number | null;
  cause: 'forward' | 'skew' | null;
}

export type ClockCause = 'forward' | 'skew';

export type ClockObservation =
  | { state: 'ok'; forwardMs: number }
  | { state: 'rollback'; latestMs: number }
  | { state: 'suspect'; suspectAt: number; jumpMs: number; cause: ClockCause; forwardMs: number };

export function readWatch(db: Db, counterId: string): ClockWatch | null {
  return (db.prepare('SELECT * FROM till_clock_watch WHERE counter_id = ?').get(counterId) as ClockWatch | undefined) ?? null;
}

interface ClockEventRow {
  kind: 'changed' | 'reboot' | 'skew' | 'flagged' | 'approved';
  delta_ms: number | null;
  boot_id?: string | null;
  prev_boot_id?: string | null;
  actor_staff_no?: string | null;
}

function recordEvent(db: Db, counterId: string, at: number, forward: number, e: ClockEventRow): void {
  db.prepare(`INSERT INTO till_clock_event (at, counter_id, kind, delta_ms, forward_ms, boot_id, prev_boot_id, actor_staff_no)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(at, counterId, e.kind, e.delta_ms, forward, e.boot_id ?? null, e.prev_boot_id ?? null, e.actor_staff_no ?? null);
}

export interface ObserveInput {
  counterId: string;
  /** The till's time (the authority's when it answered, else the wall clock). */
  nowMs: number;
  reading: ClockReading;
  authority: AuthorityView | null;
  maxJumpMs: number;
  /** Beyond this skew against the authority the counter is suspect. */
  maxSkewMs: number;
}

/**
 * The last row's time the till's time may not be behind. Rows written on this PC's clock before
 * the hall answered may stand up to the allowed skew ahead of the hall's time: not a rollback.
 */
export function rollbackBound(headAt: number, onAuthority: boolean, maxSkewMs: number): number {
  return onAuthority ? headAt - maxSkewMs : headAt;
}

/** The unexplained change since the last reading: what it was, how much, how much of it counts forward. */
function changeSince(db: Db, w: ClockWatch, r: ClockReading, maxJumpMs: number): { event: ClockEventRow; counted: number } | null {
  const mono = r.mono;
  if (mono && w.boot_id !== null && w.uptime_ms !== null) {
    if (mono.bootId === w.boot_id && mono.uptimeMs >= w.uptime_ms) {
      const drift = r.wallMs - w.last_seen_ms - (mono.uptimeMs - w.uptime_ms);
      if (Math.abs(drift) <= TOLERANCE_MS) return null;
      return { event: { kind: 'changed', delta_ms: drift, boot_id: mono.bootId }, counted: Math.max(0, drift) };
    }
    // Another boot: from the last reading to the boot nothing vouches for the wall clock.
    const gap = r.wallMs - mono.uptimeMs - w.last_seen_ms;
    const open = openSessionFor(db, w.counter_id) !== null;
    return { event: { kind: 'reboot', delta_ms: gap, boot_id: mono.bootId, prev_boot_id: w.boot_id }, counted: open ? Math.max(0, gap) : 0 };
  }
  if (mono || w.boot_id !== null) return null; // first reading with a monotonic clock: the baseline
  // No monotonic clock on this machine: only a jump beyond the limit since the last reading shows.
  const d = r.wallMs - w.last_seen_ms;
  if (d > maxJumpMs || d < -TOLERANCE_MS) return { event: { kind: 'changed', delta_ms: d }, counted: Math.max(0, d) };
  return null;
}

/** Observes the clock for a counter; call inside the write transaction of the operation. */
export function observeClockInTx(db: Db, input: ObserveInput): ClockObservation {
  const { counterId, nowMs, reading: r, authority, maxJumpMs, maxSkewMs } = input;
  const w = readWatch(db, counterId);
  const mono = r.mono;
  let state: Pick<ClockWatch, 'suspect_at' | 'jump_ms' | 'cause' | 'forward_ms'> = { suspect_at: null, jump_ms: null, cause: null, forward_ms: 0 };
  if (!w) {
    db.prepare('INSERT INTO till_clock_watch (counter_id, last_seen_ms, boot_id, uptime_ms, forward_ms) VALUES (?, ?, ?, ?, 0)')
      .run(counterId, r.wallMs, mono?.bootId ?? null, mono?.uptimeMs ?? null);
  } else {
    const change = changeSince(db, w, r, maxJumpMs);
    const forward = Math.min(w.forward_ms + (change?.counted ?? 0), Number.MAX_SAFE_INTEGER);
    if (change) recordEvent(db, counterId, nowMs, forward, change.event);
    state = { suspect_at: w.suspect_at, jump_ms: w.jump_ms, cause: w.cause, forward_ms: forward };
    if (state.suspect_at === null && forward > maxJumpMs) {
      state = { ...state, suspect_at: nowMs, jump_ms: forward, cause: 'forward' };
      recordEvent(db, counterId, nowMs, forward, { kind: 'flagged', delta_ms: forward });
    }
    if (authority && state.suspect_at === null && Math.abs(authority.skewMs - (w.approved_skew_ms ?? 0)) > maxSkewMs) {
      state = { ...state, suspect_at: nowMs, jump_ms: authority.skewMs, cause: 'skew' };
      recordEvent(db, counterId, nowMs, forward, { kind: 'skew', delta_ms: authority.skewMs });
    }
    db.prepare(`UPDATE till_clock_watch SET last_seen_ms = ?, boot_id = ?, uptime_ms = ?, forward_ms = ?, suspect_at = ?, jump_ms = ?, cause = ?
      WHERE counter_id = ?`).run(r.wallMs, mono?.bootId ?? null, mono?.uptimeMs ?? null, forward, state.suspect_at, state.jump_ms, state.cause, counterId);
  }
  const head = ledgerHead(db);
  if (head && nowMs < rollbackBound(head.at, authority !== null, maxSkewMs)) return { state: 'rollback', latestMs: head.at };
  if (state.suspect_at !== null) return { state: 'suspect', suspectAt: state.suspect_at, jumpMs: state.jump_ms ?? 0, cause: state.cause ?? 'forward', forwardMs: state.forward_ms };
  return { state: 'ok', forwardMs: state.forward_ms };
}

/**
 * A fresh start for the count of forward changes: after a settlement (the day closed clean) and
 * after the duty manager approved the clock (they checked the time). The approval also accepts
 * the present skew against the authority.
 */
export function resetWatchInTx(db: Db, counterId: string, nowMs: number, approval?: { approver: string; skewMs: number | null }): void {
  const w = readWatch(db, counterId);
  if (approval) recordEvent(db, counterId, nowMs, 0, { kind: 'approved', delta_ms: w?.jump_ms ?? w?.forward_ms ?? 0, actor_staff_no: approval.approver });
  db.prepare(`UPDATE till_clock_watch SET forward_ms = 0, suspect_at = NULL, jump_ms = NULL, cause = NULL,
    approved_skew_ms = CASE WHEN ? THEN ? ELSE approved_skew_ms END WHERE counter_id = ?`)
    .run(approval ? 1 : 0, approval?.skewMs ?? null, counterId);
}

/** What the header and the till panel show: no observation is written. */
export function clockStatus(
  db: Db, counterId: string, nowMs: number, onAuthority = false, maxSkewMs = 0,
): { state: 'ok' | 'suspect' | 'rollback'; forwardMs: number; jumpMs: number | null; cause: ClockCause | null; latestMs: number | null } {
  const w = readWatch(db, counterId);
  const head = ledgerHead(db);
  if (head && nowMs < rollbackBound(head.at, onAuthority, maxSkewMs)) return { state: 'rollback', forwardMs: w?.forward_ms ?? 0, jumpMs: null, cause: null, latestMs: head.at };
  if (w?.suspect_at != null) return { state: 'suspect', forwardMs: w.forward_ms, jumpMs: w.jump_ms, cause: w.cause, latestMs: null };
  return { state: 'ok', forwardMs: w?.forward_ms ?? 0, jumpMs: null, cause: null, latestMs: null };
}

export function clockRollbackError(latestMs: number, now: number, tz: string): BilingualError {
  return new BilingualError(
    'TILL_CLOCK_ROLLBACK',
    `系统时间（${wallClockText(now, tz)}）早于最后一笔记录的时间（${wallClockText(latestMs, tz)}），时钟可能被调回，暂停记账、点钞、审批和结账 — 请联系值班经理校准系统时间`,
    `The system clock (${wallClockText(now, tz)}) is earlier than the last entry (${wallClockText(latestMs, tz)}); it may have been set back, so entries, counts, approvals and settlement are paused — call the duty manager to correct the system time`,
    { latestMs, now },
  );
}

export function clockJumpError(jumpMs: number, cause: ClockCause): BilingualError {
  const d = durationText(jumpMs);
  if (cause === 'skew') {
    return new BilingualError(
      'TILL_CLOCK_JUMP',
      `本机时间与营业厅服务器相差约 ${d.zh}，暂不能结账 — 请值班经理核对时间并审批`,
      `This PC's clock is about ${d.en} off the hall server's, so the till cannot be settled — the duty manager must check the time and approve`,
      { jumpMinutes: Math.round(jumpMs / 60_000), cause },
    );
  }
  return new BilingualError(
    'TILL_CLOCK_JUMP',
    `系统时间被向前调整（本班次累计约 ${d.zh}），暂不能结账 — 请值班经理核对时间并审批`,
    `The system clock was moved forward (about ${d.en} in all this session), so the till cannot be settled — the duty manager must check the time and approve`,
    { jumpMinutes: Math.round(jumpMs / 60_000), cause },
  );
}
