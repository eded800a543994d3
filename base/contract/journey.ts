/**
 * The service journey over the wire: the clerk's commands (validated here before the pure
 * state machine sees them) and the view the counter screen draws.
 */
import { z } from 'zod';
import { freeText, noPersonalData } from './freeText';

export const cardType = z.enum(['resident', 'hmt-permit', 'foreign-2017', 'foreign-2023']);
const fen = z.number().int().min(0).max(100_000_000);
const shortText = freeText({ min: 1, max: 200 });

export const clerkCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('greet'), ticket: z.string().trim().regex(/^[A-Za-z]?\d{1,4}$/).nullable().optional() }).strict(),
  z.object({ type: z.literal('chooseBusinesses'), codes: z.array(z.string().max(40)).min(1).max(8) }).strict(),
  /** The card itself comes from the reader inside the core, never from the renderer. */
  z.object({ type: z.literal('verifyCard'), faceConfirmed: z.boolean() }).strict(),
  z
    .object({
      type: z.literal('verifyManual'),
      entry: z
        .object({
          cardType,
          name: z.string().trim().min(1).max(60),
          nameEn: z.string().trim().max(120).optional(),
          sex: z.enum(['male', 'female']).nullable(),
          idNumber: z.string().trim().min(6).max(40),
          validTo: z.string().regex(/^(\d{4}-\d{2}-\d{2}|long-term)$/),
        })
        .strict(),
      reason: freeText({ min: 2, max: 200 }),
      faceConfirmed: z.boolean(),
    })
    .strict(),
  z.object({ type: z.literal('verifyServicePassword'), confirmed: z.boolean() }).strict(),
  z.object({ type: z.literal('answerConsent'), code: z.string().max(40), answer: z.enum(['agreed', 'refused']) }).strict(),
  z
    .object({
      type: z.literal('submitBusiness'),
      code: z.string().max(40),
      fields: z.record(z.string().max(40), z.union([z.string().max(200), z.boolean()])),
      feeFen: fen.optional(),
      balanceRefundFen: fen.optional(),
    })
    .strict(),
  z.object({ type: z.literal('payCash'), tenderedFen: fen }).strict(),
  z.object({ type: z.literal('payNonCash'), tender: z.enum(['wechat', 'alipay', 'unionpay']), reference: z.string().trim().regex(/^[0-9A-Za-z]{6,64}$/).superRefine(noPersonalData) }).strict(),
  z.object({ type: z.literal('payOut') }).strict(),
  z
    .object({
      type: z.literal('recommend'),
      offers: z
        .array(z.object({ productCode: z.string().max(40), outcome: z.enum(['accepted', 'declined', 'not_applicable']), reason: freeText({ max: 200 }).optional() }).strict())
        .min(1)
        .max(10),
    })
    .strict(),
  z.object({ type: z.literal('retryReceipt') }).strict(),
  z.object({ type: z.literal('handOver'), idCardReturned: z.boolean(), documentsReturned: z.boolean(), receiptInFolder: z.boolean() }).strict(),
  z.object({ type: z.literal('farewell') }).strict(),
  z.object({ type: z.literal('cancel'), reason: shortText }).strict(),
  z.object({ type: z.literal('retryRefund') }).strict(),
]);
export type ClerkCommandInput = z.infer<typeof clerkCommand>;

const step = z.enum(['greet', 'need', 'verify', 'consent', 'process', 'payment', 'recommend', 'handover', 'farewell', 'closed', 'cancelled']);
export type JourneyStep = z.infer<typeof step>;
const errorShape = z.object({ code: z.string(), message_zh: z.string(), message_en: z.string() });

export const journeyView = z
  .object({
    journeyId: z.string(),
    counterId: z.string(),
    clerkId: z.string(),
    step,
    version: z.number().int(),
    ticket: z.string().nullable(),
    openedAt: z.number().int(),
    rail: z.array(
      z.object({
        step,
        status: z.enum(['done', 'current', 'todo', 'skipped']),
        enteredAt: z.number().int().nullable(),
        leftAt: z.number().int().nullable(),
        reason_zh: z.string().optional(),
        reason_en: z.string().optional(),
      }),
    ),
    businesses: z.array(
      z.object({ code: z.string(), name_zh: z.string(), name_en: z.string(), status: z.string(), feeFen: z.number().int(), balanceRefundFen: z.number().int(), charged: z.boolean() }),
    ),
    customer: z
      .object({
        method: z.enum(['card', 'manual', 'service_password']),
        cardType: cardType.nullable(),
        /** Masked (first 4 + last 4): the full number never leaves the verify step. */
        idMasked: z.string().nullable(),
        validTo: z.string().nullable(),
        manualEntry: z.boolean(),
        manualReason: z.string().nullable(),
        title: z.object({ zh: z.string(), en: z.string() }),
        verifiedAt: z.number().int(),
      })
      .nullable(),
    dueFen: z.number().int(),
    payment: z
      .object({
        dueFen: z.number().int(),
        status: z.enum(['posting', 'paid', 'failed']),
        tender: z.enum(['cash', 'wechat', 'alipay', 'unionpay']),
        tenderedFen: z.number().int(),
        changeFen: z.number().int(),
        reference: z.string().nullable(),
        error: errorShape.nullable(),
      })
      
      .nullable(),
    consentPrompts: z.array(
      z.object({
        code: z.string(),
        name_zh: z.string(),
        name_en: z.string(),
        answer: z.string().nullable(),
        documents: z.array(z.object({ name_zh: z.string(), name_en: z.string(), purpose_zh: z.string(), purpose_en: z.string() })),
      }),
    ),
    /** Businesses whose copy was refused, with what the clerk can offer instead. */
    blocked: z.array(z.object({ code: z.string(), name_zh: z.string(), name_en: z.string(), instead_zh: z.string(), instead_en: z.string() })),
    products: z.array(z.object({ code: z.string(), name_zh: z.string(), name_en: z.string() })),
    recommendations: z.array(z.object({ productCode: z.string(), outcome: z.string(), reason: z.string().nullable(), at: z.number().int() })),
    receipt: z
      .object({ status: z.enum(['pending', 'queued', 'failed']), jobId: z.string().nullable(), error: errorShape.nullable() })
      
      .nullable(),
    handoverNeedsIdCard: z.boolean(),
    farewellLine: z.object({ zh: z.string(), en: z.string() }).nullable(),
    cancel: z
      .object({ reason: z.string(), at: z.number().int(), atStep: step, refund: z.object({ amountFen: z.number().int(), tender: z.string(), status: z.string() }).nullable() })
      
      .nullable(),
  })
  ;
export type JourneyViewOut = z.infer<typeof journeyView>;

/** The card on the reader, shown in full ONLY on the verify step (each view is audited). */
export const pendingCard = z.object({
  readAt: z.number().int(),
  cardType,
  name: z.string(),
  nameEn: z.string().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  nation: z.string().nullable(),
  nationality: z.string().nullable(),
  birthDate: z.string().nullable(),
  idNumber: z.string(),
  issuer: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  idNumberValid: z.boolean(),
  expired: z.boolean(),
  /** Whether a photo decoder is configured; without one the clerk compares with the card itself. */
  photo: z.object({ available: z.boolean(), dataUrl: z.string().nullable(), reason_zh: z.string().nullable(), reason_en: z.string().nullable() }),
});
export type PendingCard = z.infer<typeof pendingCard>;

export const catalogView = z.object({
  businesses: z.array(
    z
      .object({
        code: z.string(),
        name_zh: z.string(),
        name_en: z.string(),
        takes_payment: z.boolean(),
        fee: z.union([
          z.object({ kind: z.literal('none') }),
          z.object({ kind: z.literal('fixed'), fen: z.number().int() }),
          z.object({ kind: z.literal('entered'), min_fen: z.number().int(), max_fen: z.number().int(), default_fen: z.number().int().optional() }),
        ]),
        id: z.object({ required: z.boolean(), accepted: z.array(cardType), service_password: z.boolean() }),
        balance_refund: z.boolean(),
        fields: z.array(
          z
            .object({
              key: z.string(),
              type: z.enum(['text', 'choice', 'confirm']),
              label_zh: z.string(),
              label_en: z.string(),
              hint_zh: z.string().optional(),
              hint_en: z.string().optional(),
              pattern: z.string().optional(),
              options: z.array(z.object({ value: z.string(), name_zh: z.string(), name_en: z.string() })).optional(),
            })
            ,
        ),
      })
      ,
  ),
  /** When the file on disk was refused, why (the last good catalog stays in use). */
  error: z.object({ code: z.string(), message_zh: z.string(), message_en: z.string() }).nullable(),
});
