/** The cash session row and the checks every operation on it starts with. */
import { BilingualError } from '../../../base/contract/errors';
import type { Db } from '../storage/db';
import type { DenominationId } from '../../../base/contract/denominations';
import type { AccountableItem } from '../../../base/contract/items';

export interface SessionRow {
  id: number;
  counter_id: string;
  clerk_staff_no: string;
  business_day: string;
  opened_at: number;
  float_fen: number;
  float_json: string;
  items_json: string;
  status: 'open' | 'settled';
  settled_at: number | null;
}

export function loadSession(db: Db, sessionId: number): SessionRow {
  const s = Number.isSafeInteger(sessionId)
    ? (db.prepare('SELECT * FROM till_session WHERE id = ?').get(sessionId) as SessionRow | undefined)
    : undefined;
  if (!s) {
    throw new BilingualError(
      'TILL_NO_SESSION',
      `找不到钱箱班次 ${String(sessionId)} — 请刷新后重试`,
      `Cash session ${String(sessionId)} does not exist — refresh and try again`,
      { sessionId },
    );
  }
  return s;
}

export function requireOpen(s: SessionRow): void {
  if (s.status !== 'open') {
    throw new BilingualError(
      'TILL_SESSION_SETTLED',
      `该钱箱班次已于结账后关闭，不能再记账 — 如需继续收款，请重新开班`,
      `This cash session has been settled and is closed to new entries — open a new session to take more cash`,
      { sessionId: s.id },
    );
  }
}

export function openSessionFor(db: Db, counterId: string): SessionRow | null {
  return (db.prepare("SELECT * FROM till_session WHERE counter_id = ? AND status = 'open'").get(counterId) as SessionRow | undefined) ?? null;
}

/** The counter's last settled session (what a retried settle or the handover closes, for whoever may act on it). */
export function lastSettledAt(db: Db, counterId: string): SessionRow | null {
  return (db.prepare("SELECT * FROM till_session WHERE counter_id = ? AND status = 'settled' ORDER BY id DESC LIMIT 1")
    .get(counterId) as SessionRow | undefined) ?? null;
}

export function sessionFloat(s: SessionRow): Record<DenominationId, number> {
  return JSON.parse(s.float_json) as Record<DenominationId, number>;
}

export function sessionItems(s: SessionRow): Record<AccountableItem, number> {
  return JSON.parse(s.items_json) as Record<AccountableItem, number>;
}
