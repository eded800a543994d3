/**
 * The service journey over the wire: the clerk's commands (validated here before the pure
 * state machine sees them) and the view the counter screen draws.
 */
import { counterTicket } from './counterQueue';
import { z } from 'zod';
import { freeText, noPersonalData } from './freeText';
import { cardType } from './card';
import { errorShape } from './errors';
import { nonCashTender, tender } from './tenders';

export const consentAnswer = z.enum(['agreed', 'refused']);
/**
 * Why the receipt is not in the folder at hand-over: the printer cannot print it now and it
 * prints later from the queue (the customer waits or comes back with the ticket), or the
 * customer declined paper.
 */
export const receiptWithheld = z.enum(['print_later', 'declined']);
export type ReceiptWithheld = z.infer<typeof receiptWithheld>;
/** A print job's life (the queue's states): the receipt at ⑧ follows it live. */
export const receiptJobState = z.enum(['queued', 'printing', 'printed', 'failed']);
export const recommendationOutcome = z.enum(['accepted', 'declined', 'not_applicable']);
const fen = z.number().int().min(0).max(100_000_000);
const shortText = freeText({ min: 1, max: 200 });

export const clerkCommand = z.discriminatedUnion('type', [
  // queueTicketId: the ticket called from the hall (the greet step's call key); its label is the ticket.
  z.object({ type: z.literal('greet'), ticket: z.string().trim().regex(/^[A-Za-z]?\d{1,4}$/).nullable().optional(), queueTicketId: z.number().int().min(1).optional() }).strict(),
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
  z.object({ type: z.literal('answerConsent'), code: z.string().max(40), answer: consentAnswer }).strict(),
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
  z.object({ type: z.literal('payNonCash'), tender: nonCashTender, reference: z.string().trim().regex(/^[0-9A-Za-z]{6,64}$/).superRefine(noPersonalData) }).strict(),
  z.object({ type: z.literal('payOut') }).strict(),
  z
    .object({
      type: z.literal('recommend'),
      offers: z
        .array(z.object({ productCode: z.string().max(40), outcome: recommendationOutcome, reason: freeText({ max: 200 }).optional() }).strict())
        .min(1)
        .max(10),
    })
    .strict(),
  z.object({ type: z.literal('retryReceipt') }).strict(),
  z
    .object({
      type: z.literal('handOver'),
      idCardReturned: z.boolean(),
      documentsReturned: z.boolean(),
      /** Only once the receipt has printed. */
      receiptInFolder: z.boolean(),
      /** Required when the receipt is not in the folder. */
      receiptWithheld: receiptWithheld.optional(),
    })
    .strict(),
  z.object({ type: z.literal('farewell') }).strict(),
  z.object({ type: z.literal('cancel'), reason: shortText }).strict(),
  z.object({ type: z.literal('retryRefund') }).strict(),
]);
export type ClerkCommandInput = z.infer<typeof clerkCommand>;

/** The nine steps of the service standard in order, then closed; a journey may also end cancelled. */
export const JOURNEY_STEPS = ['greet', 'need', 'verify', 'consent', 'process', 'payment', 'recommend', 'handover', 'farewell', 'closed'] as const;
export const journeyStep = z.enum([...JOURNEY_STEPS, 'cancelled']);
export type JourneyStep = z.infer<typeof journeyStep>;
const step = journeyStep;

const int = z.number().int();

/** How the customer proved who they are, as the screen may show it: masked, never the keyed hash. */
export const customerView = z.object({
  method: z.enum(['card', 'manual', 'service_password']),
  cardType: cardType.nullable(),
  /** Masked (the last 4 only, base/mask.ts): the full number never leaves the verify step. */
  idMasked: z.string().nullable(),
  validTo: z.string().nullable(),
  /** Manual entry is allowed only with a reason, and is flagged in the reports. */
  manualEntry: z.boolean(),
  manualReason: z.string().nullable(),
  /** 王先生 / Mr. Smith / 您: the only trace of the name that is kept. */
  title: z.object({ zh: z.string(), en: z.string() }),
  verifiedAt: int,
});

export const journeyView = z.object({
  journeyId: z.string(),
  counterId: z.string(),
  clerkId: z.string(),
  step,
  version: int,
  ticket: z.string().nullable(),
  /** The hall's ticket this journey started from, with its times (issued, called, served, finished). */
  queue: counterTicket.nullable().optional(),
  openedAt: int,
  rail: z.array(
    z.object({
      step,
      status: z.enum(['done', 'current', 'todo', 'skipped']),
      enteredAt: int.nullable(),
      leftAt: int.nullable(),
      reason_zh: z.string().optional(),
      reason_en: z.string().optional(),
    }),
  ),
  businesses: z.array(
    z.object({ code: z.string(), name_zh: z.string(), name_en: z.string(), status: z.enum(['open', 'consent_refused', 'processed']), feeFen: int, balanceRefundFen: int, charged: z.boolean() }),
  ),
  customer: customerView.nullable(),
  dueFen: int,
  payment: z
    .object({
      /** What the customer pays (negative: what the counter pays out, e.g. a closed account's balance). */
      dueFen: int,
      status: z.enum(['posting', 'paid', 'failed']),
      tender,
      tenderedFen: int,
      changeFen: int,
      reference: z.string().nullable(),
      error: errorShape.nullable(),
    })
    .nullable(),
  /** Texts the clerk reads out before copying (复印须告知目的并征得同意). */
  consentPrompts: z.array(
    z.object({
      code: z.string(),
      name_zh: z.string(),
      name_en: z.string(),
      answer: consentAnswer.nullable(),
      documents: z.array(z.object({ name_zh: z.string(), name_en: z.string(), purpose_zh: z.string(), purpose_en: z.string() })),
    }),
  ),
  /** Businesses whose copy was refused, with what the clerk can offer instead. */
  blocked: z.array(z.object({ code: z.string(), name_zh: z.string(), name_en: z.string(), instead_zh: z.string(), instead_en: z.string() })),
  products: z.array(z.object({ code: z.string(), name_zh: z.string(), name_en: z.string() })),
  recommendations: z.array(z.object({ productCode: z.string(), outcome: recommendationOutcome, reason: z.string().nullable(), at: int })),
  receipt: z
    .object({
      /** pending: being queued; queued: in the print queue (see job); failed: could not be queued. */
      status: z.enum(['pending', 'queued', 'failed']),
      jobId: z.string().nullable(),
      error: errorShape.nullable(),
      /** The print job as the queue has it now: what the printer is doing with this receipt. */
      job: z.object({ state: receiptJobState, reason: errorShape.nullable(), printedAt: int.nullable() }).nullable(),
    })
    .nullable(),
  /** Whether the "ID card returned" tick applies (a card was handed over). */
  handoverNeedsIdCard: z.boolean(),
  farewellLine: z.object({ zh: z.string(), en: z.string() }).nullable(),
  /** Once closed: how long the service took and which customer of the hall's day it was at this counter. */
  summary: z.object({ durationMs: int, ordinalToday: int }).nullable(),
  cancel: z
    .object({
      /** Null once the retention purge removed it (typed text is kept only that long). */
      reason: z.string().nullable(),
      at: int,
      atStep: step,
      refund: z.object({ amountFen: int, tender, status: z.enum(['pending', 'done', 'failed']) }).nullable(),
    })
    .nullable(),
});
export type JourneyView = z.infer<typeof journeyView>;
export type CustomerView = z.infer<typeof customerView>;

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
  error: errorShape.nullable(),
});

/** 班前准备: the shift-start check of the reader (and its photo decoder), the printer and the counter items. */
export const shiftCheckResult = z.object({
  result: z.enum(['pass', 'warn', 'fail']),
  at: z.number().int(),
  items: z.array(z.object({ item: z.enum(['reader', 'photo_decoder', 'printer', 'counter_items']), level: z.enum(['ok', 'warn', 'fail']), text_zh: z.string(), text_en: z.string() })),
});
export type ShiftCheckResult = z.infer<typeof shiftCheckResult>;

/** The counter screen before a customer: whether this till session's check passed, its items, the till today. */
export const shiftStatus = z.object({
  ready: z.boolean(),
  /** The latest check of the open till session (each item's result), or null when none was run. */
  check: shiftCheckResult.nullable(),
  /** open: serving; settled: 今日已结账; none: the till is not open yet. */
  till: z.enum(['open', 'settled', 'none']),
  zNo: z.number().int().nullable(),
});
export type ShiftStatus = z.infer<typeof shiftStatus>;
export type ShiftCheckItem = ShiftCheckResult['items'][number];
