import { z } from 'zod';
import { freeText } from './freeText';
import { approval } from './staff';
import { errorShape } from './errors';


export const printJob = z.object({
  id: z.number().int(),
  /** customer_receipt, settlement_report, test */
  kind: z.string(),
  ref: z.string().nullable(),
  title: z.string(),
  /** queued → printing → printed | failed */
  state: z.enum(['queued', 'printing', 'printed', 'failed']),
  /** Why it failed, or (queued/printing) what it is waiting for; null when nothing is wrong. */
  reason: errorShape.nullable(),
  /** The original job this one reprints; null for an original. */
  reprintOf: z.number().int().nullable(),
  /** 0 for an original, N for the N-th reprint (printed as 第N次重印). */
  reprintNo: z.number().int(),
  /** Sent again after an interruption whose outcome is unknown: printed with 可能重复. */
  possibleDuplicate: z.boolean(),
  attempts: z.number().int(),
  requestedBy: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  printedAt: z.number().int().nullable(),
});

export type PrintJob = z.infer<typeof printJob>;

export const printQueueView = z.object({ jobs: z.array(printJob), blocked: errorShape.nullable() });

export const reprintInput = z.object({ jobId: z.number().int().positive(), approval, reason: freeText({ max: 200 }).optional() }).strict();
