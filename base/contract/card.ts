/**
 * An identity document as the counter knows it: the one card shape from the reader's parser to
 * the screen. The driver produces an `IdCard`; the verify step shows a `PendingCard` derived from
 * it; the journey keeps only what `VerifiedCard` names and stores less still (masked, hashed).
 */
import { z } from 'zod';

export const CARD_TYPES = ['resident', 'hmt-permit', 'foreign-2017', 'foreign-2023'] as const;
export type CardType = (typeof CARD_TYPES)[number];
export const cardType = z.enum(CARD_TYPES);

export function isCardType(v: unknown): v is CardType {
  return typeof v === 'string' && (CARD_TYPES as readonly string[]).includes(v);
}

/** What the reader gives for a card. Exactly these keys, in this order; null where the card type has no such field. */
export const idCard = z.object({
  cardType,
  /** Chinese name; a foreign card without one shows its English name here. */
  name: z.string(),
  nameEn: z.string().nullable(),
  sex: z.enum(['male', 'female']),
  /** Nation by its Chinese name ('汉'); residents only. */
  nation: z.string().nullable(),
  /** ISO 3166 alpha-3; foreign cards only. */
  nationality: z.string().nullable(),
  birthDate: z.string(),
  address: z.string().nullable(),
  /** Citizen ID number, HMT permit number (18), or the foreign card's number (15 or 18). */
  idNumber: z.string(),
  /** Issuing authority; for the 2017 foreign card its 4-character authority code. */
  issuer: z.string().nullable(),
  validFrom: z.string(),
  /** 'YYYY-MM-DD' or 'long-term'. */
  validTo: z.string(),
  /** HMT permit: the holder's Mainland travel permit (通行证) number. */
  passNumber: z.string().nullable(),
  /** HMT permit: issue count; 2023 foreign card: renewal count. */
  issueCount: z.number().int().nullable(),
  /** GB 11643 check character (and birth date) or, for the 2017 foreign card, its shape. */
  idNumberValid: z.boolean(),
  /** Judged against the hall's date when the card was read. */
  expired: z.boolean(),
  photoBytes: z.number().int(),
});
export type IdCard = z.infer<typeof idCard>;
export const ID_CARD_KEYS = Object.keys(idCard.shape) as readonly (keyof IdCard)[];

/** The photo beside the card on the verify step: decoded by the hall's vendor tool, or why not. */
export const cardPhoto = z.object({ available: z.boolean(), dataUrl: z.string().nullable(), reason_zh: z.string().nullable(), reason_en: z.string().nullable() });
export type CardPhoto = z.infer<typeof cardPhoto>;

/**
 * The card on the reader as the verify step shows it, in full there only (each view is
 * audited): no address and no permit details, which no step needs.
 */
export const pendingCard = idCard
  .pick({ cardType: true, name: true, nameEn: true, sex: true, nation: true, nationality: true, birthDate: true, idNumber: true, issuer: true, validFrom: true, validTo: true, idNumberValid: true, expired: true })
  .extend({ readAt: z.number().int(), photo: cardPhoto });
export type PendingCard = z.infer<typeof pendingCard>;

/** A card read at the counter, held in memory until the verify step takes it. */
export interface HeldCard {
  card: IdCard;
  photo: CardPhoto;
  readAt: number;
}

export function pendingCardView(held: HeldCard): PendingCard {
  return pendingCard.parse({ ...held.card, readAt: held.readAt, photo: held.photo });
}

/** What the journey's verify step reads of a card: enough to check it and greet the customer by title. */
export type VerifiedCard = Pick<IdCard, 'cardType' | 'name' | 'nameEn' | 'sex' | 'idNumber' | 'validTo' | 'idNumberValid' | 'expired'>;
