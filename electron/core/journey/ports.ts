/**
 * What the journey needs from the rest of the app, as small interfaces (wired in domain.ts).
 *
 * Idempotency: every call carries `idempotencyKey` (e.g. `J1:pay`). After a crash between
 * carrying out an effect and recording it as done, the service calls again with the SAME key;
 * the till and the print queue must treat a repeated key as "already done" and return the
 * original result. That is what makes "no payment posted twice" hold across a kill -9.
 */
import type { ErrorShape } from '../../../base/contract/errors';
import type { NonCashTender, Tender } from '../../../base/contract/tenders';
import type { ItemsUsed, ReceiptData } from './types';

type MaybePromise<T> = T | Promise<T>;

export interface TillPort {
  postCashSale(p: { journeyId: string; dueFen: number; tenderedFen: number; changeFen: number; idempotencyKey: string }): MaybePromise<unknown>;
  postNonCash(p: { journeyId: string; tender: NonCashTender; amountFen: number; reference: string; idempotencyKey: string }): MaybePromise<unknown>;
  refund(p: { journeyId: string; amountFen: number; tender: Tender; idempotencyKey: string }): MaybePromise<unknown>;
  drawerKick(p: { journeyId: string; idempotencyKey: string }): MaybePromise<unknown>;
  /** Counter items (SIM cards, value cards, invoices) the closed journey's businesses used. */
  useItems(p: { journeyId: string; lines: ItemsUsed[]; idempotencyKey: string }): MaybePromise<unknown>;
}

/** A receipt's print job as the queue has it now (queued → printing → printed | failed). */
export interface ReceiptJob {
  state: 'queued' | 'printing' | 'printed' | 'failed';
  /** Why it waits (paper out) or failed; null when nothing is wrong. */
  reason: ErrorShape | null;
  printedAt: number | null;
}

export interface ReceiptPort {
  /**
   * Queues the receipt and returns the print job id. `possibleDuplicate`: an earlier job of this
   * receipt failed after bytes reached the printer, so this copy says 【可能重复】.
   */
  enqueueReceipt(journeyId: string, data: ReceiptData, idempotencyKey: string, opts?: { possibleDuplicate?: boolean }): MaybePromise<string>;
  /** The job as it is now, or null when there is none. */
  job(jobId: string | null): ReceiptJob | null;
}

/** Audit log sink: the entry's kind, its detail (never personal data) and who did it (the clerk's staff number). */
export type AuditSink = (kind: string, detail: Record<string, unknown>, actor?: string | null) => void;

/** The keyed hash of an ID number (privacy/idHash.ts): kept instead of the number, to find a customer again. */
export type HashIdNumber = (idNumber: string) => string;

/** Whether the counter's shift-start check (班前准备) has been done for its open till session. */
export interface ShiftGate {
  isReady(counterId: string): boolean;
}
