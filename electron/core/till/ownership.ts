/**
 * Whose till it is. Only the clerk whose session it is moves cash, counts, settles and hands the
 * takings over. When she is absent a duty manager takes the counter over (their own credentials
 * and a reason, ../wiring/takeover.ts ends her sign-in) and from then on acts on her till, both
 * names on every record. Anyone else gets TILL_NOT_YOURS; the dispatcher records that refusal
 * against the person who tried (docs/architecture.md, "Refusals are evidence").
 */
import { BilingualError } from '../../../base/contract/errors';
import { sameStaff } from '../staff/approvals';
import type { TillDeps } from './deps';
import type { SessionRow } from './session';

export interface TakeoverRow {
  id: number;
  session_id: number;
  at: number;
  counter_id: string;
  owner_staff_no: string;
  taker_staff_no: string;
  note_id: number | null;
}

export function takeoversOf(deps: Pick<TillDeps, 'db'>, sessionId: number): TakeoverRow[] {
  return deps.db.prepare('SELECT * FROM till_takeover WHERE session_id = ? ORDER BY id').all(sessionId) as TakeoverRow[];
}

/** The owner, or a duty manager who took the counter over. */
export function mayAct(deps: Pick<TillDeps, 'db'>, session: SessionRow, actor: string): boolean {
  if (sameStaff(actor, session.clerk_staff_no)) return true;
  return takeoversOf(deps, session.id).some((t) => sameStaff(t.taker_staff_no, actor));
}

export type TillAction = 'move' | 'count' | 'settle' | 'handover' | 'approve';

const ACTION: Record<TillAction, [string, string]> = {
  move: ['收付款', 'move cash in'],
  count: ['点钞', 'count'],
  settle: ['结账', 'settle'],
  handover: ['上缴营业款', 'hand over the takings of'],
  approve: ['申请审批', 'ask for approvals on'],
};

export function requireMayAct(deps: Pick<TillDeps, 'db'>, session: SessionRow, actor: string, action: TillAction): void {
  if (mayAct(deps, session, actor)) return;
  const [zh, en] = ACTION[action];
  throw new BilingualError(
    'TILL_NOT_YOURS',
    `这是营业员 ${session.clerk_staff_no} 的钱箱，只有本人可以${zh} — 本人不在时，请值班经理用本人工号和密码接管台席`,
    `This till belongs to clerk ${session.clerk_staff_no}; only she may ${en} it — if she is absent, the duty manager takes the counter over with their own staff number and password`,
    { owner: session.clerk_staff_no, actor },
  );
}

/**
 * Records a takeover of the session by a duty manager. The staff module checked the credentials
 * and the role, ended the clerk's sign-in and kept the typed reason (`noteId`, in free_text).
 */
export function recordTakeover(deps: TillDeps, session: SessionRow, taker: string, noteId: number | null): TakeoverRow {
  const { db } = deps;
  const now = deps.clock.now();
  if (sameStaff(taker, session.clerk_staff_no)) {
    throw new BilingualError('TILL_NO_TAKEOVER', '这是您自己的钱箱，无需接管', 'This is your own till: there is nothing to take over');
  }
  const row = db.transaction(() => {
    const r = db.prepare('INSERT INTO till_takeover (session_id, at, counter_id, owner_staff_no, taker_staff_no, note_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(session.id, now, session.counter_id, session.clerk_staff_no, taker, noteId);
    return db.prepare('SELECT * FROM till_takeover WHERE id = ?').get(Number(r.lastInsertRowid)) as TakeoverRow;
  }).immediate();
  deps.emit('till.takeover', { sessionId: session.id, counterId: session.counter_id, staffNo: session.clerk_staff_no, actor: taker, reasonNote: row.note_id, at: now });
  return row;
}
