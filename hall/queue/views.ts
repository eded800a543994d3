/**
 * What the hall display, the guide's page and the duty manager read: waiting and the longest wait
 * per group, the counters' current calls and the last few, the alerts that suggest opening a
 * counter (座席的添加).
 */
import type { CallView, DisplayView, GroupWaiting, QueueOverview, QueueSettings } from '../../base/contract/queue';
import type { HallStore, Queryable } from '../storage/port';
import { queueNow } from './clock';
import { queueCatalog } from './groups';
import { readQueueSettings } from './settings';
import { ticketViewOf } from './tickets';

const RECENT = 8;

interface CallRow { id: number; ticket_id: number; label: string; counter: number; grp: string; at: number; recall: boolean }
const callOf = (r: CallRow): CallView => ({ id: Number(r.id), ticketId: Number(r.ticket_id), label: r.label, counter: r.counter, group: r.grp, at: r.at, recall: r.recall });

export async function waitingByGroup(q: Queryable, day: string, now: number): Promise<GroupWaiting[]> {
  const cat = await queueCatalog(q);
  const [waits, counters] = await Promise.all([
    q.query<{ grp: string; n: number; oldest: number | null }>(
      "SELECT grp, count(*)::int AS n, min(issued_at) AS oldest FROM queue_ticket WHERE day = $1 AND state = 'waiting' GROUP BY grp",
      [day],
    ),
    q.query<{ number: number; groups: string[] | null }>(
      "SELECT c.number, qc.groups FROM counter c LEFT JOIN queue_counter qc ON qc.counter = c.number WHERE c.status = 'active' ORDER BY c.number",
    ),
  ]);
  const by = new Map(waits.rows.map((r) => [r.grp, r]));
  return cat.groups.map((g) => {
    const w = by.get(g.code);
    return {
      group: g.code, nameZh: g.name_zh, nameEn: g.name_en, prefix: g.prefix,
      waiting: w?.n ?? 0,
      longestWaitMs: w?.oldest != null ? Math.max(0, now - w.oldest) : 0,
      counters: counters.rows.filter((c) => !c.groups?.length || c.groups.includes(g.code)).map((c) => c.number),
    };
  });
}

export async function displayView(store: HallStore): Promise<DisplayView> {
  const { now, day } = await queueNow(store);
  const calls = `SELECT qc.id, qc.ticket_id, t.label, qc.counter, t.grp, qc.at, qc.recall FROM queue_call qc JOIN queue_ticket t ON t.id = qc.ticket_id WHERE t.day = $1`;
  const [recent, current, waiting] = await Promise.all([
    store.query<CallRow>(`${calls} ORDER BY qc.id DESC LIMIT ${RECENT}`, [day]),
    // The latest call of each counter whose ticket is still at that counter.
    store.query<CallRow>(
      `SELECT DISTINCT ON (qc.counter) qc.id, qc.ticket_id, t.label, qc.counter, t.grp, qc.at, qc.recall
         FROM queue_call qc JOIN queue_ticket t ON t.id = qc.ticket_id
        WHERE t.day = $1 AND t.state IN ('called', 'serving') AND t.counter = qc.counter
        ORDER BY qc.counter, qc.id DESC`,
      [day],
    ),
    waitingByGroup(store, day, now),
  ]);
  return { hallTime: now, current: current.rows.map(callOf).sort((a, b) => b.at - a.at), recent: recent.rows.map(callOf), waiting };
}

export function alertsOf(groups: GroupWaiting[], s: QueueSettings): QueueOverview['alerts'] {
  return groups.flatMap((g): QueueOverview['alerts'] => {
    if (g.waiting > s.alertWaiting) return [{ group: g.group, nameZh: g.nameZh, nameEn: g.nameEn, waiting: g.waiting, longestWaitMs: g.longestWaitMs, reason: 'waiting' as const }];
    if (g.longestWaitMs > s.alertWaitMinutes * 60_000) return [{ group: g.group, nameZh: g.nameZh, nameEn: g.nameEn, waiting: g.waiting, longestWaitMs: g.longestWaitMs, reason: 'wait_time' as const }];
    return [];
  });
}

export async function queueOverview(store: HallStore): Promise<QueueOverview> {
  const { now, day } = await queueNow(store);
  const [groups, settings, counters, current] = await Promise.all([
    waitingByGroup(store, day, now),
    readQueueSettings(store),
    store.query<{ number: number; groups: string[] | null }>("SELECT c.number, qc.groups FROM counter c LEFT JOIN queue_counter qc ON qc.counter = c.number WHERE c.status <> 'revoked' ORDER BY c.number"),
    store.query<Parameters<typeof ticketViewOf>[0]>("SELECT * FROM queue_ticket WHERE state IN ('called', 'serving') AND counter IS NOT NULL"),
  ]);
  const byCounter = new Map(current.rows.map((t) => [t.counter!, ticketViewOf(t)]));
  return {
    hallTime: now,
    groups,
    alerts: alertsOf(groups, settings),
    settings,
    counters: counters.rows.map((c) => ({ number: c.number, groups: c.groups ?? [], current: byCounter.get(c.number) ?? null })),
  };
}
