/**
 * Tickets on the hall: issued by the guide, numbered per business day and prefix, called by the
 * counters. Calling next takes the first waiting ticket of the counter's groups — priority first,
 * then in the order they joined the line — with `FOR UPDATE SKIP LOCKED`: two counters calling at
 * the same moment each lock a different row, so a ticket is never given twice, and neither waits
 * for the other. One counter's own actions are serialised by an advisory lock on its number (a
 * double press cannot call two tickets).
 *
 * Every change sends NOTIFY on the queue's channel inside its transaction (hall/queue/live.ts),
 * so the display hears a call only once it is committed, from whichever hall process took it.
 */
import { BilingualError } from '../../base/contract/errors';
import { RECEPTION, type QueueCounterAnswer, type QueueCounterRequest, type TicketView } from '../../base/contract/queue';
import type { HallStore, Queryable } from '../storage/port';
import { queueContext } from './clock';
import { checkTransferTarget, unknownBusiness } from './groups';
import { queueSignal } from './signal';

/** pg_advisory_xact_lock(QUEUE_LOCK, counter): one counter's queue actions one at a time. */
const QUEUE_LOCK = 7018;

interface TicketRow {
  id: number; day: string; label: string; grp: string; business_code: string; business_zh: string; business_en: string;
  priority: boolean; state: TicketView['state']; issued_at: number; called_at: number | null; served_at: number | null;
  finished_at: number | null; call_count: number; counter: number | null; transferred_to: string | null;
}

export function ticketViewOf(r: TicketRow): TicketView {
  return {
    id: Number(r.id), day: r.day, label: r.label, group: r.grp, businessCode: r.business_code, businessZh: r.business_zh, businessEn: r.business_en,
    priority: r.priority, state: r.state, issuedAt: r.issued_at, calledAt: r.called_at, servedAt: r.served_at, finishedAt: r.finished_at,
    callCount: r.call_count, counter: r.counter, transferredTo: r.transferred_to,
  };
}

/** A023: the prefix and at least three digits. */
export function ticketLabel(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(3, '0')}`;
}

export const queueErrors = {
  notFound: (id: number) => new BilingualError('QUEUE_TICKET_NOT_FOUND', `没有这张号票（${id}）`, `No such ticket (${id})`, { ticketId: id }),
  notYours: (t: TicketRow, counter: number) =>
    new BilingualError('QUEUE_NOT_YOURS', `号票 ${t.label} 不在本台席（${counter} 号台席）`, `Ticket ${t.label} is not at this counter (${counter})`, { ticketId: Number(t.id), counter: t.counter }),
  wrongState: (t: TicketRow, zh: string, en: string) =>
    new BilingualError('QUEUE_WRONG_STATE', `号票 ${t.label} ${zh}`, `Ticket ${t.label} ${en}`, { ticketId: Number(t.id), state: t.state }),
  calledPending: (t: TicketRow) =>
    new BilingualError('QUEUE_CALLED_PENDING', `已叫号 ${t.label} 尚未到台：请重呼、标记过号或转移后再叫下一位`, `Ticket ${t.label} was called and has not arrived: recall it, mark it a no-show or transfer it before calling the next`, { ticketId: Number(t.id) }),
  noShowEarly: (t: TicketRow, n: number) =>
    new BilingualError('QUEUE_NO_SHOW_EARLY', `号票 ${t.label} 才呼叫 ${t.call_count} 次，呼叫 ${n} 次未到才可标记过号`, `Ticket ${t.label} was called ${t.call_count} time(s); it can be marked a no-show after ${n} calls`, { callCount: t.call_count, noShowAfter: n }),
  recallLimit: (t: TicketRow, n: number) =>
    new BilingualError('QUEUE_RECALL_LIMIT', `号票 ${t.label} 已呼叫 ${n} 次：请标记过号`, `Ticket ${t.label} was called ${n} times: mark it a no-show`, { callCount: t.call_count, noShowAfter: n }),
};

export interface IssueInput {
  business: string;
  priority: boolean;
  by: string;
}

/** Issues the next ticket of the business's group; returns it with the number of tickets ahead of it. */
export async function issueTicket(store: HallStore, input: IssueInput): Promise<{ ticket: TicketView; ahead: number }> {
  return store.tx(async (q) => {
    const { now, day, catalog: cat } = await queueContext(q);
    const b = cat.business(input.business);
    if (!b) throw unknownBusiness(input.business);
    const g = cat.group(b.group)!;
    const n = (await q.query<{ last: number }>(
      `INSERT INTO queue_number (day, prefix, last) VALUES ($1, $2, 1)
       ON CONFLICT (day, prefix) DO UPDATE SET last = queue_number.last + 1 RETURNING last`,
      [day, g.prefix],
    )).rows[0]!.last;
    const row = (await q.query<TicketRow>(
      `INSERT INTO queue_ticket (day, prefix, number, label, grp, business_code, business_zh, business_en, priority, state, issued_at, queued_at, issued_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waiting', $10, $10, $11) RETURNING *`,
      [day, g.prefix, n, ticketLabel(g.prefix, n), g.code, b.code, b.nameZh, b.nameEn, input.priority, now, input.by],
    )).rows[0]!;
    // Ahead: every waiting ticket of the group that would be called before this one.
    const ahead = (await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM queue_ticket
        WHERE day = $1 AND grp = $2 AND state = 'waiting' AND id <> $3 AND (priority OR NOT $4)`,
      [day, g.code, row.id, input.priority],
    )).rows[0]!.n;
    await queueSignal(q, { type: 'changed', at: now });
    return { ticket: ticketViewOf(row), ahead };
  });
}


async function waitingIn(q: Queryable, day: string, groups: string[]): Promise<number> {
  return (await q.query<{ n: number }>("SELECT count(*)::int AS n FROM queue_ticket WHERE day = $1 AND state = 'waiting' AND grp = ANY($2::text[])", [day, groups])).rows[0]!.n;
}

async function lockedTicket(q: Queryable, id: number, counter: number): Promise<TicketRow> {
  const t = (await q.query<TicketRow>('SELECT * FROM queue_ticket WHERE id = $1 FOR UPDATE', [id])).rows[0];
  if (!t) throw queueErrors.notFound(id);
  if (t.counter !== counter) throw queueErrors.notYours(t, counter);
  return t;
}

async function recordCall(q: Queryable, t: TicketRow, counter: number, at: number, recall: boolean): Promise<void> {
  const id = (await q.query<{ id: number }>('INSERT INTO queue_call (ticket_id, counter, at, recall) VALUES ($1, $2, $3, $4) RETURNING id', [t.id, counter, at, recall])).rows[0]!.id;
  await queueSignal(q, { type: 'call', call: { id: Number(id), ticketId: Number(t.id), label: t.label, counter, group: t.grp, at, recall } });
}

/** One signed request of a counter (base/contract/queue.ts, QueueCounterRequest). */
export async function counterAction(store: HallStore, counter: number, req: QueueCounterRequest): Promise<QueueCounterAnswer> {
  return store.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1, $2)', [QUEUE_LOCK, counter]);
    const { now, day, settings, catalog: cat, counterGroups } = await queueContext(q, counter);
    // The groups the duty manager set for this counter, or every group of the catalog.
    const groups = counterGroups.length > 0 ? counterGroups : cat.groups.map((g) => g.code);
    const update = async (id: number, set: string, params: unknown[]): Promise<TicketRow> =>
      (await q.query<TicketRow>(`UPDATE queue_ticket SET ${set} WHERE id = $1 RETURNING *`, [id, ...params])).rows[0]!;
    let ticket: TicketRow | null = null;
    switch (req.action) {
      case 'status': {
        ticket = (await q.query<TicketRow>("SELECT * FROM queue_ticket WHERE counter = $1 AND state IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1", [counter])).rows[0] ?? null;
        break;
      }
      case 'next': {
        const held = (await q.query<TicketRow>("SELECT * FROM queue_ticket WHERE counter = $1 AND state IN ('called', 'serving') FOR UPDATE", [counter])).rows;
        const called = held.find((t) => t.state === 'called');
        if (called) throw queueErrors.calledPending(called);
        // A customer served and gone whose 'finish' was lost (a crash, the network): done now.
        for (const t of held) await update(t.id, "state = 'done', finished_at = $2", [now]);
        ticket = (await q.query<TicketRow>(
          `UPDATE queue_ticket SET state = 'called', counter = $3, called_at = $4, call_count = 1
            WHERE id = (SELECT id FROM queue_ticket
                         WHERE day = $1 AND state = 'waiting' AND grp = ANY($2::text[])
                         ORDER BY priority DESC, queued_at, id
                         LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING *`,
          [day, groups, counter, now],
        )).rows[0] ?? null;
        // The call's signal also tells the pages the waiting line moved (hall/queue/live.ts).
        if (ticket) await recordCall(q, ticket, counter, now, false);
        break;
      }
      case 'recall': {
        const t = await lockedTicket(q, req.ticketId, counter);
        if (t.state !== 'called') throw queueErrors.wrongState(t, '不在等候到台，不能重呼', 'is not waiting to arrive and cannot be recalled');
        if (t.call_count >= settings.noShowAfter) throw queueErrors.recallLimit(t, settings.noShowAfter);
        ticket = await update(t.id, 'call_count = call_count + 1', []);
        await recordCall(q, ticket, counter, now, true);
        break;
      }
      case 'no_show': {
        const t = await lockedTicket(q, req.ticketId, counter);
        if (t.state !== 'called') throw queueErrors.wrongState(t, '不在等候到台，不能标记过号', 'is not waiting to arrive and cannot be marked a no-show');
        if (t.call_count < settings.noShowAfter) throw queueErrors.noShowEarly(t, settings.noShowAfter);
        ticket = await update(t.id, "state = 'no_show', finished_at = $2", [now]);
        await queueSignal(q, { type: 'changed', at: now });
        break;
      }
      case 'transfer': {
        const t = await lockedTicket(q, req.ticketId, counter);
        if (t.state !== 'called' && t.state !== 'serving') throw queueErrors.wrongState(t, '已结束，不能转移', 'has ended and cannot be transferred');
        const to = checkTransferTarget(cat, req.to);
        ticket = to === RECEPTION
          ? await update(t.id, "state = 'transferred', transferred_to = $2, finished_at = $3", [to, now])
          // Back in line in the other group, in its original order (it has waited already).
          : await update(t.id, "state = 'waiting', grp = $2, transferred_to = $2, counter = NULL, call_count = 0, served_at = NULL", [to]);
        await queueSignal(q, { type: 'changed', at: now });
        break;
      }
      case 'serve': {
        const t = await lockedTicket(q, req.ticketId, counter);
        if (t.state === 'serving') {
          ticket = t;
          break;
        }
        if (t.state !== 'called') throw queueErrors.wrongState(t, '不在等候到台，不能开始办理', 'is not waiting to arrive and cannot be served');
        ticket = await update(t.id, "state = 'serving', served_at = $2, journey_id = $3", [now, req.journeyId]);
        await queueSignal(q, { type: 'changed', at: now });
        break;
      }
      case 'finish': {
        const t = await lockedTicket(q, req.ticketId, counter);
        if (t.state === 'done') {
          ticket = t;
          break;
        }
        if (t.state !== 'serving' && t.state !== 'called') throw queueErrors.wrongState(t, '不在办理中，不能结束', 'is not being served and cannot be finished');
        ticket = await update(t.id, "state = 'done', served_at = COALESCE(served_at, $2), finished_at = $2, journey_id = COALESCE(journey_id, $3)", [now, req.journeyId]);
        await queueSignal(q, { type: 'changed', at: now });
        break;
      }
    }
    return { hallTime: now, ticket: ticket ? ticketViewOf(ticket) : null, waiting: await waitingIn(q, day, groups), groups, noShowAfter: settings.noShowAfter };
  });
}
