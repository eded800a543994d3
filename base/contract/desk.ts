/**
 * The duty manager's desk (issue 17): the hall page's methods for the figures, the reports, the
 * spot checks, the morning, supervision and the lunch rotation, with the shapes they answer.
 * Joined to the hall page's method table (hallPage.ts) and served by hall/desk/*. For the duty
 * manager and the administrator; a clerk never signs in to the hall page.
 */
import { z } from 'zod';
import { PERIOD_KINDS, REPORT_KINDS } from '../deskPeriod';
import type { MethodDef } from './methods';
import { freeText } from './freeText';
import { MANAGER_ROLES } from './roles';

const int = z.number().int();
const ms = int.min(0);
const num = z.number();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const counterNumber = int.min(1).max(999);
const staffNo = z.string().trim().min(1).max(20);
/** Typed notes on the desk are about service, never about a customer: no ID, mobile or card numbers. */
const note = (max: number) => freeText({ max });

export const deskPeriodInput = z.object({ kind: z.enum(PERIOD_KINDS), date, to: date.optional() }).strict();
export type DeskPeriodInput = z.infer<typeof deskPeriodInput>;
export const deskFiltersInput = z
  .object({ counters: z.array(counterNumber).max(100).optional(), clerk: staffNo.optional(), business: z.string().trim().min(1).max(40).optional() })
  .strict();
export type DeskFiltersInput = z.infer<typeof deskFiltersInput>;

const quantiles = z.object({ n: int, medianMs: int.nullable(), p90Ms: int.nullable() });

/** What happened in a period, for the hall, a counter or a clerk. Money in fen. */
export const deskActivity = z.object({
  journeys: int,
  closed: int,
  cancelled: int,
  refunds: int,
  refundFen: int,
  /** Businesses processed in closed journeys. */
  businesses: int,
  manualEntries: int,
  consentsRefused: int,
  recOffered: int,
  recAccepted: int,
  /** Handling time of closed journeys (opened to closed). */
  handling: quantiles,
  reprints: int,
  early: z.object({ attempts: int, approvals: int, refusals: int, minutesEarlyMax: int.nullable(), minutesEarlyTotal: int }),
  cash: z.object({ settlements: int, overCount: int, shortCount: int, overFen: int, shortFen: int, varianceFen: int }),
  /** 台席利用率: time serving over time open. */
  utilisation: z.object({ servingMs: int, openMs: int, ratio: num.nullable() }),
});
export type DeskActivity = z.infer<typeof deskActivity>;
export const deskCounterRow = deskActivity.extend({ counter: counterNumber });
export type DeskCounterRow = z.infer<typeof deskCounterRow>;
export const deskClerkRow = deskActivity.extend({
  staffNo: z.string(),
  name: z.string().nullable(),
  /** The work log's spot checks of this clerk in the period: how many, the average of the six scores (1–5). */
  spotChecks: z.object({ n: int, average: num.nullable() }),
});
export type DeskClerkRow = z.infer<typeof deskClerkRow>;

export const deskFigures = z.object({
  period: z.object({ kind: z.enum(PERIOD_KINDS), from: date, to: date, prevFrom: date, prevTo: date, days: int, tz: z.string() }),
  filters: z.object({ counters: z.array(int).nullable(), clerk: z.string().nullable(), business: z.string().nullable() }),
  hall: deskActivity,
  previous: z.object({ from: date, to: date, journeys: int, businesses: int }),
  byBusiness: z.array(z.object({ code: z.string(), count: int, prev: int, changePct: num.nullable() })),
  steps: z.array(z.object({ step: z.string(), n: int, medianMs: int, p90Ms: int })),
  utilisationByHour: z.array(z.object({ counter: int, hour: int.min(0).max(23), servingMs: int, openMs: int, ratio: num.nullable() })),
  byCounter: z.array(deskCounterRow),
  byClerk: z.array(deskClerkRow),
  daily: z.array(z.object({ day: date, journeys: int, businesses: int })),
});
export type DeskFigures = z.infer<typeof deskFigures>;

/** What a drill-down lists: the journeys behind one figure. */
export const DRILL_KINDS = ['all', 'business', 'cancelled', 'refund', 'manual', 'consentRefused', 'recOffered', 'recAccepted', 'counter', 'clerk', 'slowerThan'] as const;
export const deskDrill = z.object({ kind: z.enum(DRILL_KINDS), value: z.union([z.string().max(40), int]).optional() }).strict();
export type DeskDrill = z.infer<typeof deskDrill>;

/** One journey as the desk shows it: the ID masked as the counter sent it, never a name. */
export const deskJourneyRow = z.object({
  counter: int,
  journeyId: z.string(),
  clerk: z.string(),
  status: z.string(),
  openedAt: ms,
  closedAt: ms.nullable(),
  durationMs: int.nullable(),
  idMasked: z.string().nullable(),
  manualEntry: z.boolean(),
  ticket: z.string().nullable(),
  businesses: z.array(z.string()),
  dueFen: int,
  refundFen: int.nullable(),
  recOffered: int,
  recAccepted: int,
  consentsRefused: int,
  cancelReason: z.string().nullable(),
});
export type DeskJourneyRow = z.infer<typeof deskJourneyRow>;

export const DESK_TABLES = ['business', 'counters', 'clerks', 'steps', 'utilisation', 'daily', 'journeys', 'spotChecks', 'takings'] as const;
export type DeskTable = (typeof DESK_TABLES)[number];

export const reportComments = z
  .object({ summary: note(4000), anomalies: note(4000), staff: note(4000), plan: note(4000) })
  .partial()
  .strict();
export const deskReport = z.object({
  id: int,
  kind: z.enum(REPORT_KINDS),
  from: date,
  to: date,
  figures: deskFigures,
  /** Anomalies flagged by the desk from the figures (a drop in volume, cash over/short, early settlement …). */
  anomalies: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  comments: reportComments,
  generatedAt: ms,
  generatedBy: z.string(),
  updatedAt: ms,
  submittedAt: ms.nullable(),
  submittedBy: z.string().nullable(),
  /** The monthly report is due by the 3rd of the next month (the weekly on Monday, the daily the next day). */
  dueBy: date,
});
export type DeskReport = z.infer<typeof deskReport>;
export const deskReportSummary = deskReport.omit({ figures: true, anomalies: true });

const score = int.min(1).max(5);
export const SPOT_SCORES = ['smile', 'initiative', 'standard', 'proficiency', 'speed', 'correctness'] as const;
export const spotCheckInput = z
  .object({
    staffNo, counter: counterNumber.nullable().optional(), drawId: int.optional(),
    smile: score, initiative: score, standard: score, proficiency: score, speed: score, correctness: score,
    notes: note(1000).optional(),
  })
  .strict();
export const spotCheck = z.object({
  id: int, businessDay: date, at: ms, checker: z.string(), staffNo: z.string(), name: z.string().nullable(), counter: int.nullable(),
  smile: score, initiative: score, standard: score, proficiency: score, speed: score, correctness: score, notes: z.string(), drawId: int.nullable(),
});
export type SpotCheck = z.infer<typeof spotCheck>;
export const onDutyClerk = z.object({ staffNo: z.string(), name: z.string().nullable(), counter: int });
export const spotPlan = z.object({
  businessDay: date,
  onDuty: z.array(onDutyClerk),
  /** How many the standard's rule asks to check today. */
  required: int,
  checkedToday: z.array(z.string()),
  lastDraw: z.object({ id: int, at: ms, picked: z.array(z.string()) }).nullable(),
});

export const checklistItem = z.object({
  item: z.string(), group: z.enum(['A', 'B', 'C', 'D', 'E']), zh: z.string(), en: z.string(),
  ok: z.boolean().nullable(), note: z.string(), checkedBy: z.string().nullable(), checkedAt: ms.nullable(),
  /** What the counters reported at till open for this item (vouchers, numbers, SIM cards, invoices), when known. */
  reported: z.array(z.object({ counter: int, count: int })).nullable(),
});
export const morningMeeting = z.object({
  businessDay: date, attendees: z.array(z.string()), topics: z.array(z.string()), praise: z.string(), notes: z.string(), recordedBy: z.string(), recordedAt: ms,
});
export const morningView = z.object({ businessDay: date, monday: z.boolean(), meeting: morningMeeting.nullable(), checklist: z.array(checklistItem) });

export const TILL_BOARD_STATES = ['none', 'open', 'counting', 'settled', 'handed_over', 'unknown'] as const;
export const supervisionCounter = z.object({
  counter: int,
  label: z.string(),
  status: z.enum(TILL_BOARD_STATES),
  clerk: z.string().nullable(),
  clerkName: z.string().nullable(),
  heartbeatAt: ms.nullable(),
  settlement: z.object({ sessionId: int, clerk: z.string(), settledAt: ms, zNo: int, expectedFen: int, countedFen: int, varianceFen: int }).nullable(),
  handovers: z.array(z.object({ sessionId: int, at: ms, amountFen: int, bagNo: z.string(), sealNo: z.string(), handedBy: z.string(), receivedBy: z.string() })),
  /** What is still missing before the hall can close: 'unsettled', 'bag'. */
  missing: z.array(z.enum(['unsettled', 'bag'])),
});
export const earlyEventView = z.object({
  counter: int, at: ms, staffNo: z.string(), outcome: z.string(), block: z.string().nullable(), minutesEarly: int.nullable(), approver: z.string().nullable(),
});
export type EarlyEventView = z.infer<typeof earlyEventView>;
export const dayClose = z.object({ businessDay: date, closedAt: ms, closedBy: z.string(), summary: z.record(z.string(), z.unknown()) });
export const supervisionView = z.object({
  businessDay: date,
  hallTime: ms,
  counters: z.array(supervisionCounter),
  early: z.array(earlyEventView),
  takings: z.object({ bags: int, amountFen: int }),
  closed: dayClose.nullable(),
  ready: z.boolean(),
});
export type SupervisionView = z.infer<typeof supervisionView>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const lunchSlot = z.object({ start: hhmm, end: hhmm, staff: z.array(staffNo).max(50) }).strict();
export const lunchView = z.object({
  businessDay: date,
  minOpen: int,
  queueWarn: int,
  /** Counters with a clerk signed in right now (the heartbeats). */
  onDuty: z.array(onDutyClerk),
  slots: z.array(lunchSlot),
  savedBy: z.string().nullable(),
  /** People waiting in the hall's queue right now, null where the hall keeps no queue. */
  queueWaiting: int.nullable(),
  warnings: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
});
export type LunchView = z.infer<typeof lunchView>;

function method<I extends z.ZodType, O extends z.ZodType>(d: MethodDef<I, O>): MethodDef<I, O> {
  return d;
}
const M = MANAGER_ROLES;
const dayInput = z.object({ date: date.optional() }).strict();

export const deskMethods = {
  'desk.figures': method({
    input: z.object({ period: deskPeriodInput, filters: deskFiltersInput.optional() }).strict(),
    output: deskFigures,
    access: M,
    summary: 'The hall’s figures for a day, week, month or range: hall, counters, clerks, businesses, steps, utilisation',
  }),
  'desk.journeys': method({
    input: z.object({ period: deskPeriodInput, filters: deskFiltersInput.optional(), drill: deskDrill, offset: int.min(0).optional(), limit: int.min(1).max(500).optional() }).strict(),
    output: z.object({ total: int, rows: z.array(deskJourneyRow) }),
    access: M,
    summary: 'The journeys behind a figure (ID masked, no names)',
  }),
  'desk.export': method({
    input: z
      .object({ table: z.enum(DESK_TABLES), format: z.enum(['csv', 'xlsx']), period: deskPeriodInput, filters: deskFiltersInput.optional(), drill: deskDrill.optional() })
      .strict(),
    output: z.object({ filename: z.string(), mime: z.string(), base64: z.string(), rows: int }),
    access: M,
    summary: 'A table as CSV (UTF-8 with BOM) or XLSX; every export is audited',
  }),
  'desk.report.generate': method({
    input: z.object({ kind: z.enum(REPORT_KINDS), date }).strict(),
    output: deskReport,
    access: M,
    summary: 'Generate (or regenerate while a draft) the daily, weekly or monthly report from the records',
  }),
  'desk.report.get': method({ input: z.object({ id: int }).strict(), output: deskReport, access: M, summary: 'One report' }),
  'desk.report.list': method({
    input: z.object({ kind: z.enum(REPORT_KINDS).optional(), limit: int.min(1).max(200).optional() }).strict(),
    output: z.array(deskReportSummary),
    access: M,
    summary: 'Reports, newest period first',
  }),
  'desk.report.comment': method({ input: z.object({ id: int, comments: reportComments }).strict(), output: deskReport, access: M, summary: 'Save a draft report’s comments' }),
  'desk.report.submit': method({ input: z.object({ id: int }).strict(), output: deskReport, access: M, summary: 'Submit a report: locked and timestamped from now on' }),
  'desk.spot.plan': method({ input: dayInput, output: spotPlan, access: M, summary: 'Who is on duty and how many the standard asks to check' }),
  'desk.spot.draw': method({ input: z.object({}).strict(), output: spotPlan, access: M, summary: 'Pick the clerks to check at random, by the standard’s rule' }),
  'desk.spot.file': method({ input: spotCheckInput, output: spotCheck, access: M, summary: 'File a spot check’s scores in the work log' }),
  'desk.spot.list': method({
    input: z.object({ from: date.optional(), to: date.optional(), staffNo: staffNo.optional() }).strict(),
    output: z.array(spotCheck),
    access: M,
    summary: 'The work log’s spot checks',
  }),
  'desk.morning.get': method({ input: dayInput, output: morningView, access: M, summary: 'The morning meeting record and the pre-opening checklist of a day' }),
  'desk.morning.meeting': method({
    input: z.object({ date, attendees: z.array(staffNo).max(100), topics: z.array(note(400)).max(30), praise: note(2000), notes: note(2000).optional() }).strict(),
    output: morningView,
    access: M,
    summary: 'Save the morning meeting record (praise first)',
  }),
  'desk.morning.check': method({
    input: z.object({ date, item: z.string().max(40), ok: z.boolean(), note: note(400).optional() }).strict(),
    output: morningView,
    access: M,
    summary: 'Tick or note one item of the pre-opening checklist',
  }),
  'desk.supervision': method({ input: dayInput, output: supervisionView, access: M, summary: 'Every counter’s till, the takings and the early-settlement attempts of a day' }),
  'desk.closeDay': method({ input: z.object({ date }).strict(), output: supervisionView, access: M, summary: 'Close the hall’s day (refused while a counter is unsettled or a bag is missing)' }),
  'desk.lunch.get': method({ input: dayInput, output: lunchView, access: M, summary: 'The lunch rotation of a day, with its warnings' }),
  'desk.lunch.save': method({
    input: z.object({ date, slots: z.array(lunchSlot).max(20), minOpen: int.min(0).max(100).optional() }).strict(),
    output: lunchView,
    access: M,
    summary: 'Save the lunch rotation (refused when a slot leaves fewer counters open than the minimum)',
  }),
} as const;

/** What the desk pushes to the page: an early-settlement event as it happens. */
export const deskEvents = {
  'desk.early': earlyEventView,
} as const;

export type DeskMethodName = keyof typeof deskMethods;
