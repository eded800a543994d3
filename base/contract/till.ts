/** The till over the wire: cash session, movements, blind count, settlement, handover, Z report. */
import { z } from 'zod';
import { freeText } from './freeText';
import { CashCountSchema } from './denominations';
import { ItemCountSchema, itemLine, itemQuantities } from './items';
import { approval } from './staff';
import { NON_CASH_TENDERS } from './tenders';

const fen = z.number().int().min(1).max(100_000_000);
const int = z.number().int();

/** Why the duty manager lets a clerk settle before closing time (督促结账勿提前). */
export const EARLY_REASON_CODES = ['illness', 'equipment_failure', 'management_instruction', 'other'] as const;
export type EarlyReasonCode = (typeof EARLY_REASON_CODES)[number];
export const earlyReasonCode = z.enum(EARLY_REASON_CODES);
/** The reasons as paper and the audit page name them. */
export const EARLY_REASON_ZH: Record<EarlyReasonCode, string> = { illness: '身体不适', equipment_failure: '设备故障', management_instruction: '上级安排', other: '其他' };

/** counted − expected: even, over (长款) or short (短款). */
export const varianceKind = z.enum(['even', 'over', 'short']);
export type VarianceKind = z.infer<typeof varianceKind>;

export const countResult = z.object({
  countId: int,
  attemptNo: int,
  countedAt: int,
  /** Who counted (the clerk, or the duty manager who took the counter over). */
  countedBy: z.string(),
  countedFen: int,
  expectedFen: int,
  /** counted - expected: > 0 over (长款), < 0 short (短款). */
  varianceFen: int,
  varianceKind,
  withinTolerance: z.boolean(),
  toleranceFen: int,
  items: z.array(itemLine),
});
export type CountResult = z.infer<typeof countResult>;

export const settlementResult = z.object({
  sessionId: int,
  zNo: int,
  idempotencyKey: z.string(),
  settledAt: int,
  expectedFen: int,
  countedFen: int,
  varianceFen: int,
  varianceKind,
  countAttempts: int,
  varianceApprover: z.string().nullable(),
  earlyApprovalId: int.nullable(),
  /** The whole ledger's chain head at settlement, anchored in the record and printed on the Z report. */
  ledgerHead: z.object({ seq: int, hash: z.string() }),
  /** The audit log's head at settlement, printed beside it (absent on settlements before it was kept). */
  auditHead: z.object({ seq: int, hash: z.string() }).optional(),
  /** Whose till it was, and who settled it (a duty manager who took the counter over settles on her behalf). */
  owner: z.string().optional(),
  settledBy: z.string().optional(),
  /** Where the settlement's time came from: the hall server's clock, or this PC's checked clock (absent before it was kept). */
  timeSource: z.enum(['hall', 'local']).optional(),
  /** The duty manager's approval to settle while the hall server could not be reached. */
  offlineApprovalId: int.nullable().optional(),
});
export type SettlementResult = z.infer<typeof settlementResult>;

export const nonCashTotal = z.object({ salesFen: int, refundsFen: int, netFen: int });
export type NonCashTotal = z.infer<typeof nonCashTotal>;
const nonCashTotals = z.record(z.enum(NON_CASH_TENDERS), nonCashTotal);

/** A session's figures from its own ledger rows. Amounts are positive magnitudes except expectedCashFen, the drawer's balance. */
export const sessionTotals = z.object({
  floatFen: int,
  /** Net of cash sales (what stays in the drawer: tendered - change = due). */
  cashSalesFen: int,
  cashTenderedFen: int,
  /** Change handed back within cash sales (already netted out of cashSalesFen). */
  saleChangeFen: int,
  /** Change given outside a recorded sale (posted as its own outflow). */
  changeGivenFen: int,
  cashRefundsFen: int,
  dropsFen: int,
  cashInFen: int,
  cashOutFen: int,
  expectedCashFen: int,
  nonCash: nonCashTotals,
  itemsUsed: itemQuantities,
  rows: int,
  corrections: int,
});
export type SessionTotals = z.infer<typeof sessionTotals>;

/** The clerk's view of her session: blind (no expected cash) until a count is in. */
export const clerkSessionView = z.object({
  sessionId: int,
  counterId: z.string(),
  clerkStaffNo: z.string(),
  businessDay: z.string(),
  openedAt: int,
  status: z.enum(['open', 'settled']),
  /** The float she counted herself at open. */
  floatFen: int,
  openingItems: itemQuantities,
  movements: int,
  /** Duty managers who took this counter over while the clerk was absent (they act on her till). */
  takenOverBy: z.array(z.string()),
  /** Present only once a count was submitted: then expected, counted and variance are shown. */
  lastCount: countResult.optional(),
  settlement: settlementResult.optional(),
});
export type ClerkSessionView = z.infer<typeof clerkSessionView>;

/** The till's clock as the header shows it (electron/core/till/clock-guard.ts). */
export const clockState = z.object({
  state: z.enum(['ok', 'suspect', 'rollback']),
  /** Forward changes counted since the last settlement or approval. */
  forwardMs: int,
  jumpMs: int.nullable(),
  cause: z.enum(['forward', 'skew']).nullable(),
  /** Rollback: the last record's time. */
  latestMs: int.nullable(),
  /** Where the till's time comes from: this PC's checked clock, or the hall server's. */
  source: z.enum(['local', 'hall']),
});
export type ClockState = z.infer<typeof clockState>;

/** The counter's till in a word, for the header on every screen (also the sign-in and lock screens). */
export const tillHeader = z.object({
  state: z.enum(['none', 'open', 'settled']),
  /** Settled: today's last Z report at this counter. */
  zNo: int.nullable(),
  /** Open: whose till it is. */
  owner: z.string().nullable(),
  clock: clockState.shape.state,
});
export type TillHeader = z.infer<typeof tillHeader>;

/** What the clerk sees: never the expected cash before her count is in. */
export const tillStatus = z.object({
  session: clerkSessionView.nullable(),
  /** Whose till it is (number and name) and whether the caller may act on it (owner, or a duty manager who took it over). */
  owner: z.object({ staffNo: z.string(), name: z.string().nullable() }).nullable(),
  mayAct: z.boolean(),
  /** Today's settlement at this counter when no till is open (the header shows 已结账 Z…; F5 its Z report). */
  closed: z.object({ zNo: int, sessionId: int, settledAt: int, handedOver: z.boolean(), owner: z.string() }).nullable(),
  clock: clockState,
  /** Live non-cash totals (WeChat, Alipay, UnionPay): these never change the drawer. */
  nonCash: nonCashTotals.nullable(),
  /** Duty manager and administrator only: the expected cash and the totals behind it. */
  manager: z.object({ expectedCashFen: int, totals: sessionTotals }).nullable(),
  toleranceFen: int,
});
export type TillStatus = z.infer<typeof tillStatus>;

/** One refused attempt, refused override or approval at the early-closing lock: evidence for staff evaluation. */
export const earlyEvent = z.object({
  id: int,
  at: int,
  session_id: int.nullable(),
  counter_id: z.string(),
  staff_no: z.string(),
  /** Who acted or tried (staff_no is whose till it is); null on events before it was kept. */
  actor_staff_no: z.string().nullable(),
  outcome: z.enum(['refused', 'override_refused', 'approved', 'clock_approved']),
  /** For 'refused': the settlement block. For 'override_refused': the approval refusal. */
  block: z.string().nullable(),
  minutes_early: int.nullable(),
  allowed_at: int.nullable(),
  open_journeys: int.nullable(),
  approver_staff_no: z.string().nullable(),
  reason_code: z.string().nullable(),
  reason_text: z.string().nullable(),
});
export type EarlyEvent = z.infer<typeof earlyEvent>;

/** The duty manager's approval with the reason typed in the dialog. */
const reasoned = z.object({ approval, reason: freeText({ min: 2, max: 200 }) }).strict();

export const tillMethods = {
  open: z.object({ float: CashCountSchema, items: ItemCountSchema, reopen: reasoned.optional() }).strict(),
  approveClock: reasoned,
  approveRecount: reasoned,
  /** Settling while the hall server cannot be reached: the duty manager, and how the time was checked. */
  approveOffline: reasoned,
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
  approveEarly: z.object({ approval, reasonCode: earlyReasonCode, reasonText: freeText({ max: 200 }).optional() }).strict(),
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
