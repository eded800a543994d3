/**
 * The morning (晨会 · 班前检查): the morning meeting's record — who attended, the topics, the
 * praise (the standard: praise first, never criticism before work) — and the pre-opening
 * checklist from the duty standard (A environment; B counter signs, badges, comment book,
 * leaflets and forms per the seating plan; C vouchers, number resources, SIM cards, invoices,
 * forms; D every device, the queue machine and the hall TV included; E on Mondays the fire
 * extinguishers and hydrants), each item ticked or noted, kept per day.
 */
import type { z } from 'zod';
import { BilingualError } from '../../base/contract/errors';
import type { checklistItem, morningView } from '../../base/contract/desk';
import { isoWeekday } from '../../base/deskPeriod';
import { canonicalStaffNo } from '../../base/staffRules';
import { recordAudit, type HallActor } from '../audit';
import type { HallStore, Queryable } from '../storage/port';
import { hallNow } from '../time';
import { hallTimeZone, midnights } from './scope';

type Item = { item: string; group: 'A' | 'B' | 'C' | 'D' | 'E'; zh: string; en: string; items?: string[]; mondays?: boolean };

/** The pre-opening checklist (班前检查) as the standard lists it. `items`: the till's accountable items it relates to. */
export const CHECKLIST: Item[] = [
  { item: 'hall_clean', group: 'A', zh: '营业厅内外环境卫生、台席卫生', en: 'Hall clean inside and out, counters clean' },
  { item: 'counter_signs', group: 'B', zh: '各台席桌牌齐备', en: 'Counter name plates in place' },
  { item: 'badges', group: 'B', zh: '营业员佩戴胸牌', en: 'Clerks wear their badges' },
  { item: 'comment_book', group: 'B', zh: '意见簿齐备', en: 'Comment book in place' },
  { item: 'leaflets', group: 'B', zh: '宣传资料到位', en: 'Leaflets stocked' },
  { item: 'forms', group: 'B', zh: '登记表等工作用品齐备', en: 'Registration forms and supplies in place' },
  { item: 'seating_plan', group: 'B', zh: '按席位定置图摆放台席物品', en: 'Counter items placed per the seating plan' },
  { item: 'value_cards', group: 'C', zh: '有价卡请领、充实、分配', en: 'Value cards requested, topped up, distributed', items: ['value_card'] },
  { item: 'number_resources', group: 'C', zh: '号码资源', en: 'Number resources' },
  { item: 'sim_cards', group: 'C', zh: 'SIM卡', en: 'SIM cards', items: ['sim_card'] },
  { item: 'invoices', group: 'C', zh: '发票', en: 'Invoices', items: ['invoice_paper'] },
  { item: 'business_forms', group: 'C', zh: '业务受理单据', en: 'Business forms' },
  { item: 'touch_screens', group: 'D', zh: '智能触摸屏开启、运转正常', en: 'Touch screens on and working' },
  { item: 'queue_machine', group: 'D', zh: '排队机正常', en: 'Queue machine working' },
  { item: 'pcs', group: 'D', zh: '电脑及台席设备正常', en: 'PCs and counter devices working' },
  { item: 'hall_tv', group: 'D', zh: '大厅电视正常', en: 'Hall TV working' },
  { item: 'chargers', group: 'D', zh: '手机快速充电器正常', en: 'Phone chargers working' },
  { item: 'extinguishers', group: 'E', zh: '灭火器巡检（每周一）', en: 'Fire extinguishers inspected (Mondays)', mondays: true },
  { item: 'hydrants', group: 'E', zh: '消防栓巡检（每周一）', en: 'Hydrants inspected (Mondays)', mondays: true },
];

export function checklistFor(day: string): Item[] {
  const monday = isoWeekday(day) === 1;
  return CHECKLIST.filter((i) => !i.mondays || monday);
}

type View = z.infer<typeof morningView>;

/**
 * The accountable items each counter reported at its latest count before this day (the till's
 * blind count at settlement: what it holds to start the next day with). The counter's count at
 * till open is not replicated to the hall, so this is the nearest record the hall has.
 */
async function reportedItems(q: Queryable, day: string): Promise<Map<string, { counter: number; count: number }[]>> {
  const r = await q.query<{ counter: number; item: string; count: number }>(
    `SELECT DISTINCT ON (r.counter, i.key) r.counter, i.key AS item, (i.value)::text::int AS count
     FROM replica_row r, jsonb_each(r.data->'items') i
     WHERE r.stream = 'count' AND r.at < $1
     ORDER BY r.counter, i.key, r.at DESC`,
    [(await midnights(q, await hallTimeZone(q), [day]))[0]],
  );
  const out = new Map<string, { counter: number; count: number }[]>();
  for (const x of r.rows) out.set(x.item, [...(out.get(x.item) ?? []), { counter: x.counter, count: x.count }]);
  return out;
}

export async function morningOf(q: Queryable, day: string): Promise<View> {
  const m = (await q.query<{ attendees: string[]; topics: string[]; praise: string; notes: string; recorded_by: string; recorded_at: number }>('SELECT * FROM desk_morning WHERE business_day = $1', [day])).rows[0];
  const ticks = new Map((await q.query<{ item: string; ok: boolean; note: string; checked_by: string; checked_at: number }>('SELECT * FROM desk_checklist WHERE business_day = $1', [day])).rows.map((x) => [x.item, x]));
  const items = await reportedItems(q, day);
  const checklist: z.infer<typeof checklistItem>[] = checklistFor(day).map((i) => {
    const t = ticks.get(i.item);
    const reported = i.items ? i.items.flatMap((k) => items.get(k) ?? []) : null;
    return { item: i.item, group: i.group, zh: i.zh, en: i.en, ok: t?.ok ?? null, note: t?.note ?? '', checkedBy: t?.checked_by ?? null, checkedAt: t?.checked_at ?? null, reported: reported && reported.length ? reported : null };
  });
  return {
    businessDay: day,
    monday: isoWeekday(day) === 1,
    meeting: m ? { businessDay: day, attendees: m.attendees, topics: m.topics, praise: m.praise, notes: m.notes, recordedBy: m.recorded_by, recordedAt: m.recorded_at } : null,
    checklist,
  };
}

export async function saveMeeting(store: HallStore, actor: HallActor, input: { date: string; attendees: string[]; topics: string[]; praise: string; notes?: string | undefined }): Promise<View> {
  if (input.praise.trim().length === 0) {
    throw new BilingualError('INVALID_INPUT', '班前会以表扬为主：请先写下表扬的内容', 'The morning meeting starts with praise: write the praise first');
  }
  const attendees = [...new Set(input.attendees.map((s) => canonicalStaffNo(s)))];
  return store.tx(async (q) => {
    await q.query(
      `INSERT INTO desk_morning (business_day, attendees, topics, praise, notes, recorded_by, recorded_at) VALUES ($1, $2::jsonb, $3::jsonb, $4, $5, $6, $7)
       ON CONFLICT (business_day) DO UPDATE SET attendees = EXCLUDED.attendees, topics = EXCLUDED.topics, praise = EXCLUDED.praise, notes = EXCLUDED.notes,
         recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
      [input.date, JSON.stringify(attendees), JSON.stringify(input.topics.filter((t) => t.trim())), input.praise.trim(), input.notes?.trim() ?? '', actor.staffNo, await hallNow(q)],
    );
    await recordAudit(q, actor, 'desk.morning.meeting', input.date, { attendees: attendees.length, topics: input.topics.length });
    return morningOf(q, input.date);
  });
}

export async function checkItem(store: HallStore, actor: HallActor, input: { date: string; item: string; ok: boolean; note?: string | undefined }): Promise<View> {
  if (!checklistFor(input.date).some((i) => i.item === input.item)) {
    throw new BilingualError('INVALID_INPUT', `班前检查没有「${input.item}」这一项${CHECKLIST.some((i) => i.item === input.item) ? '（消防器材只在周一检查）' : ''}`, `The pre-opening checklist has no item "${input.item}"${CHECKLIST.some((i) => i.item === input.item) ? ' (fire equipment is checked on Mondays)' : ''}`);
  }
  return store.tx(async (q) => {
    await q.query(
      `INSERT INTO desk_checklist (business_day, item, ok, note, checked_by, checked_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (business_day, item) DO UPDATE SET ok = EXCLUDED.ok, note = EXCLUDED.note, checked_by = EXCLUDED.checked_by, checked_at = EXCLUDED.checked_at`,
      [input.date, input.item, input.ok, input.note?.trim() ?? '', actor.staffNo, await hallNow(q)],
    );
    await recordAudit(q, actor, 'desk.morning.check', input.date, { item: input.item, ok: input.ok });
    return morningOf(q, input.date);
  });
}
