/**
 * Staffing (合理调配营业员用餐): the lunch rotation of a day — slots with who goes when — kept so
 * that at least a configured number of counters stay open in every slot. A plan that leaves
 * fewer open is refused. Warned against while the queue is long: the tickets waiting in the
 * hall's queue today (`queue_ticket`).
 */
import type { z } from 'zod';
import { BilingualError } from '../../base/contract/errors';
import type { LunchView, lunchSlot } from '../../base/contract/desk';
import { canonicalStaffNo } from '../../base/staffRules';
import { recordAudit, type HallActor } from '../audit';
import type { HallStore, Queryable } from '../storage/port';
import { queueNow } from '../queue/clock';
import { hallNow } from '../time';
import { clerksOnDuty, todayIn, type OnDuty } from './onDuty';
import { hallTimeZone } from './scope';

type Slot = z.infer<typeof lunchSlot>;

async function settings(q: Queryable): Promise<{ minOpen: number; queueWarn: number }> {
  const r = (await q.query<{ value: { minOpen: number; queueWarn: number } }>("SELECT value FROM desk_setting WHERE key = 'lunch'")).rows[0];
  return r?.value ?? { minOpen: 2, queueWarn: 10 };
}

/** Tickets waiting in the hall's queue now: today's line (hall/queue). */
export async function queueWaiting(q: Queryable): Promise<number> {
  const { day } = await queueNow(q);
  const r = await q.query<{ n: number }>("SELECT count(*)::int AS n FROM queue_ticket WHERE day = $1 AND state = 'waiting'", [day]);
  return r.rows[0]!.n;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** The slots that leave fewer than minOpen counters open: the counters staffed minus those away at lunch. */
export function understaffed(slots: Slot[], onDuty: OnDuty[], minOpen: number): { slot: Slot; open: number }[] {
  const staffed = new Set(onDuty.map((c) => c.staffNo));
  const out: { slot: Slot; open: number }[] = [];
  for (const s of slots) {
    // Everyone away during any part of this slot: this slot's people and those of any overlapping slot.
    const away = new Set(slots.filter((o) => minutes(o.start) < minutes(s.end) && minutes(s.start) < minutes(o.end)).flatMap((o) => o.staff));
    const open = [...staffed].filter((x) => !away.has(x)).length;
    if (open < minOpen) out.push({ slot: s, open });
  }
  return out;
}

export async function lunchOf(q: Queryable, day?: string): Promise<LunchView> {
  const today = await todayIn(q, await hallTimeZone(q));
  const businessDay = day ?? today;
  const cfg = await settings(q);
  const onDuty = await clerksOnDuty(q);
  const plan = (await q.query<{ plan: { slots: Slot[] }; saved_by: string }>('SELECT plan, saved_by FROM desk_lunch WHERE business_day = $1', [businessDay])).rows[0];
  const slots = plan?.plan.slots ?? [];
  const waiting = await queueWaiting(q);
  const warnings: LunchView['warnings'] = [];
  if (waiting >= cfg.queueWarn) warnings.push({ code: 'queue_long', zh: `现在有 ${waiting} 人排队（≥ ${cfg.queueWarn}），暂缓安排用餐`, en: `${waiting} people are waiting (≥ ${cfg.queueWarn}): hold lunch breaks for now` });
  if (businessDay === today) {
    for (const u of understaffed(slots, onDuty, cfg.minOpen)) {
      warnings.push({ code: 'too_few_open', zh: `${u.slot.start}–${u.slot.end} 只有 ${u.open} 个台席开放（至少 ${cfg.minOpen}）`, en: `${u.slot.start}–${u.slot.end}: only ${u.open} counters open (at least ${cfg.minOpen})` });
    }
  }
  return { businessDay, minOpen: cfg.minOpen, queueWarn: cfg.queueWarn, onDuty, slots, savedBy: plan?.saved_by ?? null, queueWaiting: waiting, warnings };
}

export async function saveLunch(store: HallStore, actor: HallActor, input: { date: string; slots: Slot[]; minOpen?: number | undefined }): Promise<LunchView> {
  const slots = input.slots.map((s) => ({ start: s.start, end: s.end, staff: [...new Set(s.staff.map((x) => canonicalStaffNo(x)))] }));
  for (const s of slots) {
    if (minutes(s.end) <= minutes(s.start)) throw new BilingualError('INVALID_INPUT', `用餐时段 ${s.start}–${s.end} 结束须晚于开始`, `Lunch slot ${s.start}–${s.end} must end after it starts`);
  }
  return store.tx(async (q) => {
    if (input.minOpen !== undefined) {
      const cfg = await settings(q);
      await q.query("UPDATE desk_setting SET value = $1::jsonb WHERE key = 'lunch'", [JSON.stringify({ ...cfg, minOpen: input.minOpen })]);
    }
    const { minOpen } = await settings(q);
    const today = await todayIn(q, await hallTimeZone(q));
    // Judged against who is on duty now: a plan for another day is kept as written.
    if (input.date === today) {
      const short = understaffed(slots, await clerksOnDuty(q), minOpen);
      if (short.length > 0) {
        const s = short[0]!;
        throw new BilingualError('DESK_LUNCH_TOO_FEW', `${s.slot.start}–${s.slot.end} 只剩 ${s.open} 个台席开放，至少要 ${minOpen} 个 — 请错开用餐`, `${s.slot.start}–${s.slot.end} would leave only ${s.open} counters open, at least ${minOpen} must stay open — stagger the breaks`, { slot: s.slot, open: s.open, minOpen });
      }
    }
    await q.query(
      `INSERT INTO desk_lunch (business_day, plan, saved_by, saved_at) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (business_day) DO UPDATE SET plan = EXCLUDED.plan, saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at`,
      [input.date, JSON.stringify({ slots }), actor.staffNo, await hallNow(q)],
    );
    await recordAudit(q, actor, 'desk.lunch.save', input.date, { slots: slots.length, minOpen });
    return lunchOf(q, input.date);
  });
}
