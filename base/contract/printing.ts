import { z } from 'zod';
import { freeText } from './freeText';
import { approval } from './staff';

const errorShape = z.object({ code: z.string(), message_zh: z.string(), message_en: z.string() });

export const printJob = z.object({
  id: z.number().int(),
  kind: z.string(),
  ref: z.string().nullable(),
  title: z.string(),
  state: z.enum(['queued', 'printing', 'printed', 'failed']),
  reason: errorShape.nullable(),
  reprintOf: z.number().int().nullable(),
  reprintNo: z.number().int(),
  possibleDuplicate: z.boolean(),
  attempts: z.number().int(),
  requestedBy: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  printedAt: z.number().int().nullable(),
});

export const printQueueView = z.object({ jobs: z.array(printJob), blocked: errorShape.nullable() });

export const reprintInput = z.object({ jobId: z.number().int().positive(), approval, reason: freeText({ max: 200 }).optional() }).strict();
