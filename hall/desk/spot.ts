/**
 * Spot checks (现场巡视抽查) and the work log (工作日志): how many of the clerks on duty to check
 * (base/spotRule.ts), a fair random pick among them (crypto.randomInt, Fisher–Yates), each draw
 * kept, and the scoring form filed — smile, initiative, following the standard, proficiency,
 * speed, correctness (1–5) and notes — append-only, shown in that clerk's figures.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { BilingualError } from '../../base/contract/errors';
import type { SpotCheck, spotCheckInput, spotPlan } from '../../base/contract/desk';
import { canonicalStaffNo } from '../../base/staffRules';
import { spotChecksRequired } from '../../base/spotRule';
import { recordAudit, type HallActor } from '../audit';
import type { HallStore, Queryable } from '../storage/port';
import { hallNow } from '../time';
import { clerksOnDuty, todayIn } from './onDuty';
import { hallTimeZone } from './scope';

type SpotPlan = z.infer<typeof spotPlan>;

/** A uniformly random choice of k of the items (Fisher–Yates on a copy, cryptographic randomness). */
export function drawAtRandom<T>(items: readonly T[], k: number, rand: (n: number) => number = (n) => randomInt(n)): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, Math.min(k, a.length));
}

export async function spotPlanFor(q: Queryable, day?: string): Promise<SpotPlan> {
  const today = await todayIn(q, await hallTimeZone(q));
  const businessDay = day ?? today;
  const onDuty = businessDay === today ? await clerksOnDuty(q) : [];
  const checked = await q.query<{ staff_no: string }>('SELECT DISTINCT staff_no FROM desk_spot_check WHERE business_day = $1 ORDER BY 1', [businessDay]);
  const draw = (await q.query<{ id: number; at: number; picked: string[] }>('SELECT id::int8 AS id, at, picked FROM desk_spot_draw WHERE business_day = $1 ORDER BY id DESC LIMIT 1', [businessDay])).rows[0];
  return { businessDay, onDuty, required: spotChecksRequired(onDuty.length), checkedToday: checked.rows.map((x) => x.staff_no), lastDraw: draw ?? null };
}

export async function drawSpotChecks(store: HallStore, actor: HallActor): Promise<SpotPlan> {
  return store.tx(async (q) => {
    const plan = await spotPlanFor(q);
    const picked = drawAtRandom(plan.onDuty.map((c) => c.staffNo), plan.required);
    await q.query('INSERT INTO desk_spot_draw (business_day, at, checker, on_duty, required, picked) VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb)', [
      plan.businessDay, await hallNow(q), actor.staffNo, JSON.stringify(plan.onDuty), plan.required, JSON.stringify(picked),
    ]);
    await recordAudit(q, actor, 'desk.spot.draw', plan.businessDay, { onDuty: plan.onDuty.length, required: plan.required, picked });
    return spotPlanFor(q);
  });
}

const COLS = `c.id::int8 AS id, c.business_day AS "businessDay", c.at, c.checker, c.staff_no AS "staffNo", s.name, c.counter, c.smile, c.initiative, c.standard,
  c.proficiency, c.speed, c.correctness, c.notes, c.draw_id AS "drawId"`;

export async function fileSpotCheck(store: HallStore, actor: HallActor, input: z.infer<typeof spotCheckInput>): Promise<SpotCheck> {
  const staffNo = canonicalStaffNo(input.staffNo);
  return store.tx(async (q) => {
    const plan = await spotPlanFor(q);
    let counter = input.counter ?? plan.onDuty.find((c) => c.staffNo === staffNo)?.counter ?? null;
    if (input.drawId !== undefined) {
      const d = (await q.query<{ picked: string[]; on_duty: { staffNo: string; counter: number }[] }>('SELECT picked, on_duty FROM desk_spot_draw WHERE id = $1', [input.drawId])).rows[0];
      if (!d || !d.picked.includes(staffNo)) {
        throw new BilingualError('DESK_SPOT_NOT_ON_DUTY', `${staffNo} 不在第 ${input.drawId} 次抽取的名单中`, `${staffNo} was not drawn in draw ${input.drawId}`);
      }
      counter ??= d.on_duty.find((c) => c.staffNo === staffNo)?.counter ?? null;
    } else if (!plan.onDuty.some((c) => c.staffNo === staffNo)) {
      throw new BilingualError('DESK_SPOT_NOT_ON_DUTY', `${staffNo} 现在没有在台席上岗，无法现场抽查`, `${staffNo} is not signed in at a counter now: there is nobody to check`);
    }
    const r = await q.query<{ id: number }>(
      `INSERT INTO desk_spot_check (business_day, at, checker, staff_no, counter, smile, initiative, standard, proficiency, speed, correctness, notes, draw_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id::int8 AS id`,
      [plan.businessDay, await hallNow(q), actor.staffNo, staffNo, counter, input.smile, input.initiative, input.standard, input.proficiency, input.speed, input.correctness, input.notes ?? '', input.drawId ?? null],
    );
    const id = r.rows[0]!.id;
    await recordAudit(q, actor, 'desk.spot.file', staffNo, { id, counter });
    return (await q.query<SpotCheck>(`SELECT ${COLS} FROM desk_spot_check c LEFT JOIN hall_staff s ON s.staff_no = c.staff_no WHERE c.id = $1`, [id])).rows[0]!;
  });
}

export async function listSpotChecks(q: Queryable, f: { from?: string | undefined; to?: string | undefined; staffNo?: string | undefined }): Promise<SpotCheck[]> {
  const r = await q.query<SpotCheck>(
    `SELECT ${COLS} FROM desk_spot_check c LEFT JOIN hall_staff s ON s.staff_no = c.staff_no
     WHERE ($1::text IS NULL OR c.business_day >= $1) AND ($2::text IS NULL OR c.business_day <= $2) AND ($3::text IS NULL OR c.staff_no = $3)
     ORDER BY c.id DESC LIMIT 500`,
    [f.from ?? null, f.to ?? null, f.staffNo ? canonicalStaffNo(f.staffNo) : null],
  );
  return r.rows;
}
