/** The identity documents the counter's reader reads and the catalog accepts. */
import { z } from 'zod';

export const CARD_TYPES = ['resident', 'hmt-permit', 'foreign-2017', 'foreign-2023'] as const;
export type CardType = (typeof CARD_TYPES)[number];
export const cardType = z.enum(CARD_TYPES);

export function isCardType(v: unknown): v is CardType {
  return typeof v === 'string' && (CARD_TYPES as readonly string[]).includes(v);
}
