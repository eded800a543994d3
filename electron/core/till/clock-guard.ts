/**
 * The clock guard. Settlement rules are only as good as the clock, so:
 *  - rollback: the clock reads earlier than the last ledger row or the last observation.
 *    Nothing more is written (a later entry must never be older than the last one) until the
 *    system time is corrected.
 *  - jump: the clock moved forward by more than the configured amount since the last
 *    observation (e.g. set forward to get past closing time). Cash may still be taken, but the
 *    session is marked suspect and cannot be settled until the duty manager approves the clock.
 * Observations are kept per counter and restart when a session opens (overnight is not a jump).
 */
import { BilingualError } from '../../../base/contract/errors';
import type { Db } from '../storage/db';
import { wallClockText } from '../../../base/calendar';
import { ledgerHead } from './ledger';

export interface ClockWatch {
  counter_id: string;
  last_seen_ms: number;
  suspect_at: number | null;
  jump_ms: number | null;
}

export type ClockObservation =
  | { state: 'ok' }
  | { state: 'rollback'; latestMs: number }
  | { state: 'suspect'; suspectAt: number; jumpMs: number };

export function readWatch(db: Db, counterId: string): ClockWatch | null {
  return (db.prepare('SELECT * FROM till_clock_watch WHERE counter_id = ?').get(counterId) as ClockWatch | undefined) ?? null;
}

/** Observes `now` for a counter; call inside the write transaction of the operation. */
export function observeClockInTx(db: Db, counterId: string, now: number, maxJumpMs: number): ClockObservation {
  const head = ledgerHead(db);
  const watch = readWatch(db, counterId);
  const latest = Math.max(head?.at ?? -Infinity, watch?.last_seen_ms ?? -Infinity);
  if (now < latest) return { state: 'rollback', latestMs: latest };
  if (!watch) {
    db.prepare('INSERT INTO till_clock_watch (counter_id, last_seen_ms) VALUES (?, ?)').run(counterId, now);
    return { state: 'ok' };
  }
  const jump = now - watch.last_seen_ms;
  if (jump > maxJumpMs && watch.suspect_at === null) {
    db.prepare('UPDATE till_clock_watch SET last_seen_ms = ?, suspect_at = ?, jump_ms = ? WHERE counter_id = ?').run(now, now, jump, counterId);
    return { state: 'suspect', suspectAt: now, jumpMs: jump };
  }
  db.prepare('UPDATE till_clock_watch SET last_seen_ms = ? WHERE counter_id = ?').run(now, counterId);
  if (watch.suspect_at !== null) return { state: 'suspect', suspectAt: watch.suspect_at, jumpMs: watch.jump_ms ?? 0 };
  return { state: 'ok' };
}

/** A fresh start: at session open and after the duty manager approved the clock. */
export function resetWatchInTx(db: Db, counterId: string, now: number): void {
  db.prepare(`INSERT INTO till_clock_watch (counter_id, last_seen_ms, suspect_at, jump_ms) VALUES (?, ?, NULL, NULL)
    ON CONFLICT(counter_id) DO UPDATE SET last_seen_ms = excluded.last_seen_ms, suspect_at = NULL, jump_ms = NULL`).run(counterId, now);
}

export function clockRollbackError(latestMs: number, now: number, tz: string): BilingualError {
  return new BilingualError(
    'TILL_CLOCK_ROLLBACK',
    `系统时间（${wallClockText(now, tz)}）早于最后一笔记录的时间（${wallClockText(latestMs, tz)}），时钟可能被调回，暂停记账和结账 — 请联系值班经理校准系统时间`,
    `The system clock (${wallClockText(now, tz)}) is earlier than the last entry (${wallClockText(latestMs, tz)}); it may have been set back, so the till is paused — call the duty manager to correct the system time`,
    { latestMs, now },
  );
}

export function clockJumpError(jumpMs: number): BilingualError {
  const minutes = Math.round(jumpMs / 60_000);
  return new BilingualError(
    'TILL_CLOCK_JUMP',
    `系统时间在上次记录后跳变了约 ${minutes} 分钟，暂不能结账 — 请联系值班经理核对时间并审批`,
    `The system clock jumped about ${minutes} minutes since it was last seen, so the till cannot be settled — call the duty manager to check the time and approve`,
    { jumpMinutes: minutes },
  );
}
