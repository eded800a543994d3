/**
 * The one-stop service journey's data: its state, the clerk's commands and the effects the
 * machine asks the service to carry out. Everything here is plain data (JSON-safe), so a
 * state can be persisted as it is and resumed after a restart.
 *
 * What the state holds about the customer is only what may be stored: the masked ID number,
 * its keyed hash and the farewell title. Never the full number, name, address or photo.
 */
import type { z } from 'zod';
import type { VerifiedCard } from '../../../base/contract/card';
import type { ErrorShape } from '../../../base/contract/errors';
import type { AccountableItem } from '../../../base/contract/items';
import { JOURNEY_STEPS, type ClerkCommandInput, type CustomerView, type JourneyStep, type consentAnswer, type recommendationOutcome } from '../../../base/contract/journey';
import type { NonCashTender, Tender } from '../../../base/contract/tenders';
import type { BusinessType } from '../../../base/contract/catalog';


/**
 * 起立迎候笑问好 · 请坐询问何需要 · 证件资料核对好 · 复印须告知目的并征得同意 · 业务受理快又好 ·
 * 收银递物用双手 · 业务推荐少不了 · 资料凭证入封套 · 起身送客道姓氏 — then closed.
 */
export const STEPS = JOURNEY_STEPS;
export type Step = JourneyStep;


/** Typed by the clerk when the chip cannot be read. */
export type ManualIdEntry = Extract<ClerkCommandInput, { type: 'verifyManual' }>['entry'];

export type ConsentAnswer = z.infer<typeof consentAnswer>;
export type RecommendationOutcome = z.infer<typeof recommendationOutcome>;
export type FieldValue = string | boolean;

/**
 * The customer as the journey keeps them: what the screen shows, plus the keyed hash of the number
 * and where the manual-entry reason is kept (free_text; the store fills `manualReason` from it).
 */
export type Customer = CustomerView & { idHash: string | null; manualReasonId?: number | null };

export interface BusinessLine {
  code: string;
  /** The catalog entry as it was when chosen: a catalog reload mid-journey changes nothing. */
  def: BusinessType;
  status: 'open' | 'consent_refused' | 'processed';
  consent: { answer: ConsentAnswer; at: number } | null;
  /** Entered values; mobile numbers are kept masked (138****8000). */
  fields: Record<string, FieldValue> | null;
  feeFen: number;
  balanceRefundFen: number;
  processedAt: number | null;
}

export interface Payment {
  /** What the customer pays (negative: what the counter pays out, e.g. a closed account's balance). */
  dueFen: number;
  status: 'posting' | 'paid' | 'failed';
  tender: Tender;
  tenderedFen: number;
  changeFen: number;
  reference: string | null;
  effectKey: string;
  attempt: number;
  error: ErrorShape | null;
  at: number;
  paidAt: number | null;
}

/**
 * Typed text (a reason) lives in the purgeable free_text table (privacy/freeTextStore.ts): the
 * state holds its id, set by the store when the text is first persisted, and the text as read
 * back — null once the retention purge took it.
 */
export interface Recommendation {
  productCode: string;
  outcome: RecommendationOutcome;
  reason: string | null;
  reasonId?: number | null;
  at: number;
}

export interface ReceiptState {
  status: 'pending' | 'queued' | 'failed';
  effectKey: string;
  attempt: number;
  jobId: string | null;
  error: ErrorShape | null;
}

export interface Handover {
  idCardReturned: boolean;
  documentsReturned: boolean;
  receiptInFolder: boolean;
  at: number;
}

export interface Cancellation {
  /** Null once the retention purge took it (see Recommendation). */
  reason: string | null;
  reasonId?: number | null;
  at: number;
  atStep: Step;
  refund: { amountFen: number; tender: Tender; effectKey: string; status: 'pending' | 'done' | 'failed'; attempt: number } | null;
}

export interface JourneyState {
  journeyId: string;
  counterId: string;
  clerkId: string;
  /** Bumped by every applied command; effect keys that must be unique use it. */
  version: number;
  step: Step;
  openedAt: number;
  greetedAt: number | null;
  ticket: string | null;
  businesses: BusinessLine[];
  customer: Customer | null;
  consentLog: { code: string; answer: ConsentAnswer; at: number }[];
  payment: Payment | null;
  recommendations: Recommendation[];
  receipt: ReceiptState | null;
  handover: Handover | null;
  farewellAt: number | null;
  closedAt: number | null;
  cancel: Cancellation | null;
  /** Each step entered, in order, for the step durations in the reports. */
  stepLog: { step: Step; at: number }[];
}

/**
 * What the clerk may do: the contract's commands, except that verifyCard carries the card the
 * core took from the reader (the renderer never sends a card).
 */
export type ClerkCommand =
  | Exclude<ClerkCommandInput, { type: 'verifyCard' }>
  | { type: 'verifyCard'; card: VerifiedCard; faceConfirmed: boolean };

/** Sent by the service (never the UI) when an effect has been carried out or has failed. */
export type EffectOutcome = { type: 'effectDone'; key: string; jobId?: string } | { type: 'effectFailed'; key: string; error: ErrorShape };

export type JourneyCommand = ClerkCommand | EffectOutcome;

export interface ReceiptData {
  journeyId: string;
  counterId: string;
  clerkId: string;
  ticket: string | null;
  at: number;
  lines: { code: string; name_zh: string; name_en: string; feeFen: number; charged: boolean; fields: Record<string, FieldValue> }[];
  dueFen: number;
  payment: { tender: Tender; tenderedFen: number; changeFen: number; reference: string | null } | null;
  idMasked: string | null;
}

/** The counter items one business of a closed journey used (its catalog entry's counts). */
export interface ItemsUsed {
  code: string;
  items: Record<AccountableItem, number>;
}

interface EffectBase {
  /** Idempotency key, e.g. `J123:pay`: an effect with a done key is never carried out again. */
  key: string;
  journeyId: string;
}

export type Effect =
  | (EffectBase & { kind: 'postCash'; dueFen: number; tenderedFen: number; changeFen: number })
  | (EffectBase & { kind: 'postNonCash'; tender: NonCashTender; amountFen: number; reference: string })
  | (EffectBase & { kind: 'refund'; amountFen: number; tender: Tender })
  | (EffectBase & { kind: 'kickDrawer' })
  | (EffectBase & { kind: 'printReceipt'; data: ReceiptData })
  | (EffectBase & { kind: 'useItems'; lines: ItemsUsed[] })
  | (EffectBase & { kind: 'audit'; event: string; detail: Record<string, unknown> });

export interface MachineContext {
  /** UTC epoch ms of this command. */
  now: number;
  /** Keyed hash of an ID number (privacy/idHash.ts). */
  hashIdNumber: (idNumber: string) => string;
  /** Business codes are looked up here when chosen; later steps use the stored copy. */
  catalog: { businesses: BusinessType[] };
  /** The hall's offset from UTC, for "is the card expired today" (default +8:00, China). */
  hallUtcOffsetMinutes?: number;
}

export interface Transition {
  state: JourneyState;
  effects: Effect[];
}
