/**
 * The hall soak's queue check (`--queue`): read from the hall's own database once the day is
 * over, not from what the soak's counters believe they did — an answer lost to a fault (the hall
 * killed between its commit and its reply) must not hide or invent a ticket.
 *
 * `queue: {tickets, served, noShows, turnedAway, selfService, duplicateCalls, maxWaitMs}` plus
 * `stillWaiting` (waiting, called or being served at the close). `duplicateCalls` counts tickets
 * the hall recorded as called afresh (not a recall) more than once; a ticket in any other state
 * (transferred: the soak never transfers) breaks `served + noShows + stillWaiting == tickets`.
 * The maximum wait is the hall's own figure (hall/queue/figures.ts) over every day in the table.
 */
import { queueFigures } from '../../hall/queue/figures';
import type { HallDayCheck } from './hallChecks';
import { queueViolations, type QueueSummary } from './queueDay';

export const queueDayCheck: HallDayCheck = {
  name: 'queue',
  applies: (flags) => flags.queue === true,
  async run(ctx) {
    const states = (await ctx.store.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM queue_ticket GROUP BY state')).rows;
    const of = (...s: string[]) => states.filter((r) => s.includes(r.state)).reduce((t, r) => t + r.n, 0);
    const twice = (await ctx.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT ticket_id FROM queue_call WHERE NOT recall GROUP BY ticket_id HAVING count(*) > 1) d',
    )).rows[0]!.n;
    const visits = (await ctx.store.query<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM queue_visit GROUP BY kind')).rows;
    const days = (await ctx.store.query<{ day: string }>('SELECT DISTINCT day FROM queue_ticket ORDER BY day')).rows.map((r) => r.day);
    let maxWaitMs = 0;
    for (const d of days) maxWaitMs = Math.max(maxWaitMs, (await queueFigures(ctx.store, d)).total.maxWaitMs ?? 0);
    const s: QueueSummary = {
      tickets: states.reduce((t, r) => t + r.n, 0),
      served: of('done'),
      noShows: of('no_show'),
      turnedAway: visits.filter((v) => v.kind === 'turned_away').reduce((t, v) => t + v.n, 0),
      selfService: visits.filter((v) => v.kind === 'self_service').reduce((t, v) => t + v.n, 0),
      duplicateCalls: twice,
      maxWaitMs,
      stillWaiting: of('waiting', 'called', 'serving'),
    };
    const violations = queueViolations(s);
    if (s.tickets === 0) violations.push('queue: the guide issued no ticket');
    return { violations, figures: s as unknown as Record<string, unknown> };
  },
};
