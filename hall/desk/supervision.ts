/**
 * Supervision of a business day (督促结账勿提前 · 营款上交重安全): every counter's till — open,
 * counting, settled, handed over — from its settlements and handovers of that day and, for the
 * day in progress, its latest heartbeat; the takings (bag and seal numbers, who handed, who
 * received); the early-settlement events as they happened; and the "day closed" step, refused
 * while a counter that opened a till that day is unsettled or a settled till's bag is missing.
 */
import { BilingualError } from '../../base/contract/errors';
import type { SupervisionView } from '../../base/contract/desk';
import { recordAudit, type HallActor } from '../audit';
import type { HallStore, Queryable } from '../storage/port';
import { hallNow } from '../time';
import { hallTimeZone, midnights } from './scope';

type CounterView = SupervisionView['counters'][number];
const DAY = 86_400_000;

export async function supervision(q: Queryable, day: string): Promise<SupervisionView> {
  const tz = await hallTimeZone(q);
  const [from] = await midnights(q, tz, [day]);
  const to = from! + DAY + 3_600_000; // a 23- or 25-hour day does not occur in the hall's zones; an hour of slack for late handovers
  const hallTime = await hallNow(q);
  const counters = await q.query<{ number: number; label: string; state: { till: { status: string; clerk: string | null; businessDay: string | null }; signedIn: { staffNo: string } | null } | null; received_at: number | null }>(
    `SELECT c.number, c.label, cs.state, cs.received_at FROM counter c LEFT JOIN counter_state cs ON cs.counter = c.number
     WHERE c.status = 'active' ORDER BY c.number`,
  );
  const settlements = await q.query<{ counter: number; data: { session_id: number; clerk_staff_no: string; settled_at: number; z_no: number; expected_fen: number; counted_fen: number; variance_fen: number } }>(
    `SELECT counter, data FROM replica_row WHERE stream = 'settlement' AND at >= $1 AND at < $2 AND data->>'business_day' = $3 ORDER BY at`,
    [from! - DAY, to + DAY, day],
  );
  const sessions = new Map<string, number>();
  for (const s of settlements.rows) sessions.set(`${s.counter}:${s.data.session_id}`, s.counter);
  const handovers = await q.query<{ counter: number; data: { session_id: number; at: number; amount_fen: number; bag_no: string; seal_no: string; handed_by: string; received_by: string } }>(
    `SELECT counter, data FROM replica_row WHERE stream = 'handover' AND at >= $1 AND at < $2 ORDER BY at`,
    [from!, to + DAY],
  );
  const early = await q.query<{ counter: number; data: { at: number; staff_no: string; outcome: string; block: string | null; minutes_early: number | null; approver_staff_no: string | null } }>(
    `SELECT counter, data FROM replica_row WHERE stream = 'early_event' AND at >= $1 AND at < $2 AND data->>'outcome' IN ('refused', 'approved', 'override_refused') ORDER BY at DESC`,
    [from!, from! + DAY],
  );
  const names = new Map((await q.query<{ staff_no: string; name: string }>('SELECT staff_no, name FROM hall_staff')).rows.map((x) => [x.staff_no, x.name]));
  const out: CounterView[] = counters.rows.map((c) => {
    const settled = settlements.rows.filter((s) => s.counter === c.number);
    const bags = handovers.rows.filter((h) => h.counter === c.number && sessions.has(`${c.number}:${h.data.session_id}`));
    const last = settled[settled.length - 1];
    const hb = c.state?.till;
    const today = hb && hb.businessDay === day;
    const liveOpen = today && (hb.status === 'open' || hb.status === 'counting');
    let status: CounterView['status'];
    if (liveOpen) status = hb.status as CounterView['status'];
    else if (settled.length > 0) status = settled.every((s) => bags.some((b) => b.data.session_id === s.data.session_id)) ? 'handed_over' : 'settled';
    else if (today) status = hb.status as CounterView['status'];
    else status = c.state ? 'none' : 'unknown';
    const missing: CounterView['missing'] = [];
    if (liveOpen) missing.push('unsettled');
    if (settled.some((s) => !bags.some((b) => b.data.session_id === s.data.session_id))) missing.push('bag');
    const clerk = (liveOpen ? hb.clerk : last?.data.clerk_staff_no) ?? c.state?.signedIn?.staffNo ?? null;
    return {
      counter: c.number, label: c.label, status, clerk, clerkName: clerk ? (names.get(clerk) ?? null) : null, heartbeatAt: c.received_at,
      settlement: last ? { sessionId: last.data.session_id, clerk: last.data.clerk_staff_no, settledAt: last.data.settled_at, zNo: last.data.z_no, expectedFen: last.data.expected_fen, countedFen: last.data.counted_fen, varianceFen: last.data.variance_fen } : null,
      handovers: bags.map((b) => ({ sessionId: b.data.session_id, at: b.data.at, amountFen: b.data.amount_fen, bagNo: b.data.bag_no, sealNo: b.data.seal_no, handedBy: b.data.handed_by, receivedBy: b.data.received_by })),
      missing,
    };
  });
  const closed = (await q.query<{ business_day: string; closed_at: number; closed_by: string; summary: Record<string, unknown> }>('SELECT * FROM desk_day_close WHERE business_day = $1', [day])).rows[0];
  const allBags = out.flatMap((c) => c.handovers);
  return {
    businessDay: day,
    hallTime,
    counters: out,
    early: early.rows.map((e) => ({ counter: e.counter, at: e.data.at, staffNo: e.data.staff_no, outcome: e.data.outcome, block: e.data.block, minutesEarly: e.data.minutes_early, approver: e.data.approver_staff_no })),
    takings: { bags: allBags.length, amountFen: allBags.reduce((s, b) => s + b.amountFen, 0) },
    closed: closed ? { businessDay: closed.business_day, closedAt: closed.closed_at, closedBy: closed.closed_by, summary: closed.summary } : null,
    ready: out.every((c) => c.missing.length === 0),
  };
}

/** Closes the hall's day: refused (and the refusal audited) while anything is missing. */
export async function closeDay(store: HallStore, actor: HallActor, day: string): Promise<SupervisionView> {
  const done = await store.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(7340117)');
    const v = await supervision(q, day);
    if (v.closed) {
      throw new BilingualError('DESK_DAY_CLOSED', `${day} 已由 ${v.closed.closedBy} 关闭`, `${day} was already closed by ${v.closed.closedBy}`);
    }
    const blockers = v.counters.filter((c) => c.missing.length > 0);
    if (blockers.length > 0) return { v, blockers };
    await q.query('INSERT INTO desk_day_close (business_day, closed_at, closed_by, summary) VALUES ($1, $2, $3, $4::jsonb)', [
      day, await hallNow(q), actor.staffNo, JSON.stringify({ bags: v.takings.bags, amountFen: v.takings.amountFen, counters: v.counters.map((c) => ({ counter: c.counter, status: c.status })) }),
    ]);
    await recordAudit(q, actor, 'desk.day.close', day, { bags: v.takings.bags, amountFen: v.takings.amountFen });
    return { v: null, blockers: [] };
  });
  if (done.blockers.length > 0) {
    const list = done.blockers.map((c) => ({ counter: c.counter, missing: c.missing }));
    await recordAudit(store, actor, 'desk.day.close_refused', day, { blockers: list });
    const zh = done.blockers.map((c) => `${c.counter}号台席${c.missing.map((m) => (m === 'unsettled' ? '未结账' : '缴款袋未上交')).join('、')}`).join('；');
    const en = done.blockers.map((c) => `counter ${c.counter}: ${c.missing.map((m) => (m === 'unsettled' ? 'not settled' : 'bag not handed over')).join(', ')}`).join('; ');
    throw new BilingualError('DESK_DAY_NOT_READY', `还不能关闭 ${day}：${zh}`, `${day} cannot be closed yet: ${en}`, { blockers: list });
  }
  return supervision(store, day);
}
