/**
 * Accountable items (台席物品): things of value the counter holds besides cash. They are
 * counted at open and at settlement; what the day's journeys used explains the difference.
 */
import { z } from 'zod';
import { BilingualError } from './errors';

export const ACCOUNTABLE_ITEMS = ['sim_card', 'value_card', 'invoice_paper'] as const;
export type AccountableItem = (typeof ACCOUNTABLE_ITEMS)[number];
export const accountableItem = z.enum(ACCOUNTABLE_ITEMS);

export const ITEM_LABELS: Record<AccountableItem, { zh: string; en: string; unit_zh: string }> = {
  sim_card: { zh: 'SIM卡', en: 'SIM cards', unit_zh: '张' },
  value_card: { zh: '有价卡', en: 'prepaid recharge cards', unit_zh: '张' },
  invoice_paper: { zh: '发票', en: 'invoice paper', unit_zh: '份' },
};

const qty = z.number().int().min(0).max(1_000_000);
/** Pieces per item; a missing item counts as zero. Unknown keys are refused. */
export const ItemCountSchema = z.strictObject(
  Object.fromEntries(ACCOUNTABLE_ITEMS.map((i) => [i, qty.optional()])) as Record<AccountableItem, z.ZodOptional<typeof qty>>,
);
export type ItemCount = Partial<Record<AccountableItem, number>>;

export function parseItemCount(input: unknown): Record<AccountableItem, number> {
  const r = ItemCountSchema.safeParse(input ?? {});
  if (!r.success) {
    throw new BilingualError(
      'TILL_BAD_ITEMS',
      '台席物品数量无效：必须是不小于 0 的整数 — 请重新清点录入',
      'The item count is invalid: quantities must be whole numbers of 0 or more — count and enter again',
    );
  }
  const out = {} as Record<AccountableItem, number>;
  for (const i of ACCOUNTABLE_ITEMS) out[i] = r.data[i] ?? 0;
  return out;
}

export function isAccountableItem(v: unknown): v is AccountableItem {
  return typeof v === 'string' && (ACCOUNTABLE_ITEMS as readonly string[]).includes(v);
}

/** Every item with its quantity (a count, the opening stock, what was used). */
export const itemQuantities = z.record(accountableItem, z.number().int());

export const itemLine = z.object({
  item: accountableItem,
  opening: z.number().int(),
  used: z.number().int(),
  expected: z.number().int(),
  counted: z.number().int().nullable(),
  /** counted - expected, like a cash variance; null before the count. */
  difference: z.number().int().nullable(),
});
export type ItemLine = z.infer<typeof itemLine>;

export function itemLines(
  opening: Record<AccountableItem, number>,
  used: Record<AccountableItem, number>,
  counted: Record<AccountableItem, number> | null,
): ItemLine[] {
  return ACCOUNTABLE_ITEMS.map((item) => {
    const expected = opening[item] - used[item];
    const c = counted ? counted[item] : null;
    return { item, opening: opening[item], used: used[item], expected, counted: c, difference: c === null ? null : c - expected };
  });
}
