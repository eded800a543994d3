// The queue's core on both backends: tickets numbered per day and prefix, calling next (priority
// first, then in order, within the counter's groups), recall, no-show only after N calls,
// transfers (another group keeps its place; the reception room ends it), 50 concurrent calls
// never giving a ticket twice, the guide's visits, and the day's figures.
import { describe, expect, it } from 'vitest';
import type { QueueCounterAnswer } from '../../../base/contract/queue';
import type { HallActor } from '../../../hall/audit';
import { queueFigures } from '../../../hall/queue/figures';
import { saveQueueSettings } from '../../../hall/queue/settings';
import { counterAction, issueTicket } from '../../../hall/queue/tickets';
import { recordVisit } from '../../../hall/queue/visits';
import { alertsOf, displayView, queueOverview } from '../../../hall/queue/views';
import type { HallStore } from '../../../hall/storage/port';
import { BACKENDS, enrolledCounter, setupHallBackends } from '../../helpers/hallStores';
import { rejection } from '../../helpers/refusal';

const backends = setupHallBackends();
const MANAGER: HallActor = { staffNo: 'M001', remote: null };

async function hall(kind: 'pglite' | 'server', counters = 3): Promise<HallStore> {
  const s = await backends.open(await backends.fresh(kind));
  for (let n = 1; n <= counters; n++) await enrolledCounter(s, n);
  return s;
}

const issue = (s: HallStore, business: string, priority = false) => issueTicket(s, { business, priority, by: 'G001' });
const next = (s: HallStore, counter: number) => counterAction(s, counter, { action: 'next' });
const label = (a: QueueCounterAnswer) => a.ticket?.label ?? null;

async function setGroups(s: HallStore, counter: number, groups: string[]) {
  await s.query("INSERT INTO queue_counter (counter, groups, at, by_staff) VALUES ($1, $2, 0, 'M001') ON CONFLICT (counter) DO UPDATE SET groups = excluded.groups", [counter, groups]);
}

describe.each(BACKENDS)('the queue on %s', (kind) => {
  it('numbers tickets per prefix from 1, calls priority first then in order within the counter’s groups', async () => {
    const s = await hall(kind);
    try {
      const a1 = await issue(s, 'new_line');
      expect(a1.ticket).toMatchObject({ label: 'A001', group: 'general', state: 'waiting', priority: false, businessZh: '新装入网' });
      expect(a1.ahead).toBe(0);
      expect((await issue(s, 'top_up')).ticket.label).toBe('B001');
      expect((await issue(s, 'plan_change')).ticket.label).toBe('A002');
      const special = await issue(s, 'vas_toggle', true);
      expect(special.ticket.label).toBe('A003');
      expect(special.ahead).toBe(0); // a priority ticket is called before the ordinary ones
      expect((await issue(s, 'sim_replacement')).ticket.label).toBe('C001');
      expect((await issue(s, 'new_line')).ahead).toBe(3);

      await setGroups(s, 2, ['payment']);
      await setGroups(s, 3, ['account']);
      const c1 = await next(s, 1); // every group
      expect(label(c1)).toBe('A003');
      expect(c1.ticket).toMatchObject({ state: 'called', counter: 1, callCount: 1 });
      expect(label(await next(s, 2))).toBe('B001');
      const c3 = await next(s, 3);
      expect(label(c3)).toBe('C001');
      expect(c3.groups).toEqual(['account']);
      // Counter 3 serves only its group: nobody else is waiting there.
      await counterAction(s, 3, { action: 'serve', ticketId: c3.ticket!.id, journeyId: 'j-3' });
      const empty = await next(s, 3);
      expect(empty.ticket).toBeNull();
      expect(empty.waiting).toBe(0);
      // The served ticket whose finish never came is done when the counter calls again.
      const done = (await s.query<{ state: string; finished_at: number | null }>("SELECT state, finished_at FROM queue_ticket WHERE label = 'C001'")).rows[0]!;
      expect(done.state).toBe('done');
      expect(done.finished_at).not.toBeNull();

      // A called ticket must be dealt with first.
      expect((await rejection(next(s, 1))).code).toBe('QUEUE_CALLED_PENDING');
      await counterAction(s, 1, { action: 'serve', ticketId: c1.ticket!.id, journeyId: 'j-1' });
      const fin = await counterAction(s, 1, { action: 'finish', ticketId: c1.ticket!.id, journeyId: 'j-1' });
      expect(fin.ticket).toMatchObject({ state: 'done' });
      expect(fin.ticket!.servedAt).not.toBeNull();
      expect(fin.ticket!.finishedAt).not.toBeNull();
      expect(label(await next(s, 1))).toBe('A001');
      // Another counter may not touch counter 1's ticket.
      const a001 = (await counterAction(s, 1, { action: 'status' })).ticket!;
      expect(a001.label).toBe('A001');
      expect((await rejection(counterAction(s, 2, { action: 'recall', ticketId: a001.id }))).code).toBe('QUEUE_NOT_YOURS');
    } finally {
      await s.close();
    }
  });

  it('recalls up to N calls, marks a no-show only after N, transfers to a group in its place or to the reception room', async () => {
    const s = await hall(kind);
    try {
      await saveQueueSettings(s, MANAGER, { noShowAfter: 2, alertWaiting: 15, alertWaitMinutes: 20 });
      await issue(s, 'new_line'); // A001
      await issue(s, 'account_closure'); // C001
      await issue(s, 'sim_replacement'); // C002
      const t = (await next(s, 1)).ticket!;
      expect(t.label).toBe('A001');
      const early = await rejection(counterAction(s, 1, { action: 'no_show', ticketId: t.id }));
      expect(early.code).toBe('QUEUE_NO_SHOW_EARLY');
      expect(early.message_zh).toContain('2 次');
      const again = await counterAction(s, 1, { action: 'recall', ticketId: t.id });
      expect(again.ticket!.callCount).toBe(2);
      expect((await rejection(counterAction(s, 1, { action: 'recall', ticketId: t.id }))).code).toBe('QUEUE_RECALL_LIMIT');
      const gone = await counterAction(s, 1, { action: 'no_show', ticketId: t.id });
      expect(gone.ticket).toMatchObject({ state: 'no_show' });
      const calls = (await s.query<{ recall: boolean }>('SELECT recall FROM queue_call WHERE ticket_id = $1 ORDER BY id', [t.id])).rows.map((r) => r.recall);
      expect(calls).toEqual([false, true]);

      // C001 called at counter 1, transferred to general; a later general ticket comes after it (its original order).
      const c1 = (await next(s, 1)).ticket!;
      expect(c1.label).toBe('C001');
      await issue(s, 'plan_change'); // A002, issued after C001
      const moved = await counterAction(s, 1, { action: 'transfer', ticketId: c1.id, to: 'general' });
      expect(moved.ticket).toMatchObject({ state: 'waiting', group: 'general', counter: null, transferredTo: 'general', callCount: 0 });
      await setGroups(s, 2, ['general']);
      expect(label(await next(s, 2))).toBe('C001');
      const bad = await rejection(counterAction(s, 2, { action: 'transfer', ticketId: c1.id, to: 'nowhere' }));
      expect(bad.code).toBe('QUEUE_UNKNOWN_GROUP');
      expect(bad.message_zh).toContain('客户接待室');
      const complaint = await counterAction(s, 2, { action: 'transfer', ticketId: c1.id, to: 'reception' });
      expect(complaint.ticket).toMatchObject({ state: 'transferred', transferredTo: 'reception' });
      expect(complaint.ticket!.finishedAt).not.toBeNull();

      const figures = await queueFigures(s);
      expect(figures.total).toMatchObject({ tickets: 4, noShows: 1, transferred: 1, waiting: 2, served: 0 });
      expect(figures.byGroup.find((g) => g.group === 'general')).toMatchObject({ tickets: 3, noShows: 1 });
      expect(figures.byHour).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('50 counters calling at the same moment never get the same ticket', async () => {
    const s = await hall(kind, 50);
    try {
      for (let i = 0; i < 40; i++) await issue(s, i % 3 === 0 ? 'top_up' : 'new_line', i % 7 === 0);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => next(s, i + 1)));
      const got = answers.map((a) => a.ticket?.id).filter((x): x is number => x !== undefined);
      expect(got).toHaveLength(40);
      expect(new Set(got).size).toBe(40);
      expect(answers.filter((a) => a.ticket === null)).toHaveLength(10);
      const rows = (await s.query<{ n: number; d: number }>("SELECT count(*)::int AS n, count(DISTINCT counter)::int AS d FROM queue_ticket WHERE state = 'called'")).rows[0]!;
      expect(rows).toEqual({ n: 40, d: 40 });
      const calls = (await s.query<{ n: number }>('SELECT count(*)::int AS n FROM queue_call')).rows[0]!.n;
      expect(calls).toBe(40);
      // The same counter pressing twice at once calls one ticket: the second is told to deal with it.
      for (let i = 0; i < 2; i++) await issue(s, 'new_line');
      await counterAction(s, 1, { action: 'serve', ticketId: answers[0]!.ticket!.id, journeyId: 'j' });
      const twice = await Promise.allSettled([next(s, 1), next(s, 1)]);
      expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(twice.find((r) => r.status === 'rejected')).toBeDefined();
    } finally {
      await s.close();
    }
  });

  it('the guide’s visits, the display’s calls and the duty manager’s alerts', async () => {
    const s = await hall(kind);
    try {
      const away = await recordVisit(s, { kind: 'turned_away', business: 'owner_transfer', reason: 'holder_absent', note: null, by: 'G001' });
      expect(away.tellZh).toContain('新机主有效身份证件原件');
      expect(away.tellZh).toContain('本人到场');
      const self = await recordVisit(s, { kind: 'self_service', business: 'top_up', reason: null, note: null, by: 'G001' });
      expect(self.tellZh).toContain('自助缴费机');
      expect((await rejection(recordVisit(s, { kind: 'self_service', business: 'nope', reason: null, note: null, by: 'G001' }))).code).toBe('QUEUE_UNKNOWN_BUSINESS');
      for (let i = 0; i < 3; i++) await issue(s, 'new_line');
      await next(s, 2);
      const view = await displayView(s);
      expect(view.current).toEqual([expect.objectContaining({ label: 'A001', counter: 2, recall: false })]);
      expect(view.recent).toHaveLength(1);
      expect(view.waiting.find((g) => g.group === 'general')).toMatchObject({ waiting: 2, prefix: 'A', counters: [1, 2, 3] });
      const over = await queueOverview(s);
      expect(over.alerts).toEqual([]);
      expect(over.counters.find((c) => c.number === 2)!.current!.label).toBe('A001');
      expect(alertsOf(over.groups, { ...over.settings, alertWaiting: 1 })).toEqual([expect.objectContaining({ group: 'general', reason: 'waiting', waiting: 2 })]);
      expect(alertsOf([{ ...over.groups[0]!, waiting: 1, longestWaitMs: 21 * 60_000 }], over.settings)).toEqual([expect.objectContaining({ reason: 'wait_time' })]);
      const f = await queueFigures(s);
      expect(f.total).toMatchObject({ tickets: 3, turnedAway: 1, selfService: 1, waiting: 2 });
      expect(f.total.maxWaitMs).not.toBeNull();
      expect(f.byGroup.find((g) => g.group === 'payment')).toMatchObject({ tickets: 0, selfService: 1 });
      expect(f.byGroup.find((g) => g.group === 'account')).toMatchObject({ turnedAway: 1 });
    } finally {
      await s.close();
    }
  });
});

