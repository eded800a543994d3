/** The till over the wire: cash session, movements, blind count, settlement, handover, Z report. */
import { z } from 'zod';
import { freeText } from './freeText';
import { CashCountSchema } from './denominations';
import { ItemCountSchema } from './items';
import { approval } from './staff';

const fen = z.number().int().min(1).max(100_000_000);
const int = z.number().int();

export const countResult = z
  .object({
    countId: int,
    attemptNo: int,
    countedFen: int,
    expectedFen: int,
    varianceFen: int,
    varianceKind: z.string(),
    withinTolerance: z.boolean(),
    toleranceFen: int,
    items: z.array(z.object({ item: z.string(), opening: int, used: int, expected: int, counted: int.nullable(), difference: int.nullable() })),
  })
  ;

export const settlementResult = z
  .object({
    sessionId: int,
    zNo: int,
    settledAt: int,
    expectedFen: int,
    countedFen: int,
    varianceFen: int,
    varianceKind: z.string(),
    varianceApprover: z.string().nullable(),
    ledgerHead: z.object({ seq: int, hash: z.string() }),
  })
  ;

const nonCashTotals = z.record(z.string(), z.object({ salesFen: int, refundsFen: int, netFen: int }));

/** What the clerk sees: never the expected cash before her count is in. */
export const tillStatus = z.object({
  session: z
    .object({
      sessionId: int,
      counterId: z.string(),
      clerkStaffNo: z.string(),
      businessDay: z.string(),
      openedAt: int,
      status: z.enum(['open', 'settled']),
      floatFen: int,
      movements: int,
      lastCount: countResult.optional(),
      settlement: settlementResult.optional(),
    })
    
    .nullable(),
  /** Live non-cash totals (WeChat, Alipay, UnionPay): these never change the drawer. */
  nonCash: nonCashTotals.nullable(),
  /** Duty manager and administrator only: the expected cash and the totals behind it. */
  manager: z.object({ expectedCashFen: int, totals: z.record(z.string(), z.unknown()) }).nullable(),
  toleranceFen: int,
});
export type TillStatus = z.infer<typeof tillStatus>;

export const tillMethods = {
  open: z.object({ float: CashCountSchema, items: ItemCountSchema }).strict(),
  movement: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('drop'), amountFen: fen, bagNo: freeText({ min: 1, max: 40 }) }).strict(),
    z.object({ kind: z.literal('cash_in'), amountFen: fen, reason: freeText({ min: 2, max: 200 }) }).strict(),
    z.object({ kind: z.literal('cash_out'), amountFen: fen, reason: freeText({ min: 2, max: 200 }) }).strict(),
  ]),
  count: z.object({ cash: CashCountSchema, items: ItemCountSchema.optional() }).strict(),
  settle: z
    .object({
      idempotencyKey: z.string().min(8).max(100),
      varianceApproval: approval.optional(),
    })
    .strict(),
  approveEarly: z.object({ approval, reasonCode: z.enum(['illness', 'equipment_failure', 'management_instruction', 'other']), reasonText: freeText({ max: 200 }).optional() }).strict(),
  handover: z
    .object({
      amountFen: z.number().int().min(0).max(100_000_000),
      bagNo: freeText({ min: 1, max: 40 }),
      sealNo: freeText({ min: 1, max: 40 }),
      clerkSecret: z.string().min(4).max(128),
      receiver: approval,
    })
    .strict(),
};
