/**
 * The cash the drawer holds, counted piece by piece. Notes and coins are separate
 * denominations because the drawer keeps them apart and a blind count lists both
 * (a 1 yuan note and a 1 yuan coin are counted on different lines).
 */
import { z } from 'zod';
import { BilingualError } from './errors';

export type DenominationKind = 'note' | 'coin';

export interface Denomination {
  id: DenominationId;
  fen: number;
  kind: DenominationKind;
  label_zh: string;
  label_en: string;
}

export const DENOMINATION_IDS = [
  'note_100', 'note_50', 'note_20', 'note_10', 'note_5', 'note_1',
  'coin_1', 'coin_0_5', 'coin_0_1',
] as const;
export type DenominationId = (typeof DENOMINATION_IDS)[number];

export const DENOMINATIONS: readonly Denomination[] = [
  { id: 'note_100', fen: 10000, kind: 'note', label_zh: '100元纸币', label_en: '100 yuan note' },
  { id: 'note_50', fen: 5000, kind: 'note', label_zh: '50元纸币', label_en: '50 yuan note' },
  { id: 'note_20', fen: 2000, kind: 'note', label_zh: '20元纸币', label_en: '20 yuan note' },
  { id: 'note_10', fen: 1000, kind: 'note', label_zh: '10元纸币', label_en: '10 yuan note' },
  { id: 'note_5', fen: 500, kind: 'note', label_zh: '5元纸币', label_en: '5 yuan note' },
  { id: 'note_1', fen: 100, kind: 'note', label_zh: '1元纸币', label_en: '1 yuan note' },
  { id: 'coin_1', fen: 100, kind: 'coin', label_zh: '1元硬币', label_en: '1 yuan coin' },
  { id: 'coin_0_5', fen: 50, kind: 'coin', label_zh: '5角硬币', label_en: '5 jiao coin' },
  { id: 'coin_0_1', fen: 10, kind: 'coin', label_zh: '1角硬币', label_en: '1 jiao coin' },
];

const pieces = z.number().int().min(0).max(1_000_000);

/** Pieces per denomination; a missing denomination counts as zero. Unknown keys are refused. */
export const CashCountSchema = z.strictObject(
  Object.fromEntries(DENOMINATION_IDS.map((id) => [id, pieces.optional()])) as Record<DenominationId, z.ZodOptional<typeof pieces>>,
);
export type CashCount = Partial<Record<DenominationId, number>>;

/** Validates a count from outside and returns it with every denomination present. */
export function parseCashCount(input: unknown): Record<DenominationId, number> {
  const r = CashCountSchema.safeParse(input);
  if (!r.success) {
    throw new BilingualError(
      'TILL_BAD_COUNT',
      '点钞数据无效：每种面额的张数/枚数必须是不小于 0 的整数 — 请重新录入',
      'The cash count is invalid: pieces per denomination must be whole numbers of 0 or more — enter it again',
      { issues: r.error.issues.map((i) => i.path.join('.')) },
    );
  }
  const out = {} as Record<DenominationId, number>;
  for (const id of DENOMINATION_IDS) out[id] = r.data[id] ?? 0;
  return out;
}

export function countTotalFen(count: CashCount): number {
  let total = 0;
  for (const d of DENOMINATIONS) total += (count[d.id] ?? 0) * d.fen;
  return total;
}
