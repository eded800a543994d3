/**
 * The queue (叫号): tickets issued by the floating guide on the hall page, called by the counters,
 * shown on the hall display. The hall server keeps every ticket (hall/queue/*); the counters call
 * through signed requests (QUEUE_COUNTER_PATH, signed like every counter request); the guide and
 * the duty manager through the hall page's methods (queueMethods, joined into hallMethods); the
 * hall TV reads the display view and its event stream without a session (ticket numbers and
 * counter numbers only: nothing about a person).
 *
 * A ticket's life: waiting → called (recalled up to `noShowAfter` calls) → serving → done; or
 * called → no_show (only after `noShowAfter` calls); or → transferred to another group (waiting
 * again there, in its original order) or to the reception room (ends here). Turned-away visits
 * (documents missing) and self-service referrals are visits, not tickets.
 */
import { z } from 'zod';
import type { MethodDef } from './methods';
import { freeText } from './freeText';
import { GUIDE_ROLES, MANAGER_ROLES } from './roles';

export const TICKET_STATES = ['waiting', 'called', 'serving', 'done', 'no_show', 'transferred'] as const;
export type TicketState = (typeof TICKET_STATES)[number];
/** Where a complaint goes instead of a counter (客户接待室). */
export const RECEPTION = 'reception';
/** A catalog without queue_groups: one group serves every business. */
export const DEFAULT_QUEUE_GROUP = { code: 'general', name_zh: '综合业务', name_en: 'General business', prefix: 'A' } as const;

export const QUEUE_COUNTER_PATH = '/v1/queue/counter';
export const QUEUE_DISPLAY_PATH = '/v1/queue/display';
export const QUEUE_DISPLAY_EVENTS_PATH = '/v1/queue/events';
/** The hall TV's page and the guide's tablet page: the hall page's entry under its own paths. */
export const DISPLAY_PAGE_PATH = '/display';

const int = z.number().int();
const ms = int.min(0);
const code = z.string().regex(/^[a-z][a-z0-9_]*$/).max(40);
const counterNumber = int.min(1).max(999);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ticketView = z.object({
  id: int.min(1),
  day,
  /** As shown and called: prefix and three digits, e.g. A023. */
  label: z.string(),
  group: code,
  businessCode: code,
  businessZh: z.string(),
  businessEn: z.string(),
  priority: z.boolean(),
  state: z.enum(TICKET_STATES),
  issuedAt: ms,
  calledAt: ms.nullable(),
  servedAt: ms.nullable(),
  finishedAt: ms.nullable(),
  callCount: int.min(0),
  counter: counterNumber.nullable(),
  /** Where a transfer sent it (a group, or 'reception'); null when never transferred. */
  transferredTo: z.string().nullable(),
});
export type TicketView = z.infer<typeof ticketView>;

/** One call as the hall display shows and announces it. */
export const callView = z.object({
  id: int.min(1),
  ticketId: int.min(1),
  label: z.string(),
  counter: counterNumber,
  group: code,
  at: ms,
  recall: z.boolean(),
});
export type CallView = z.infer<typeof callView>;

export const groupWaiting = z.object({
  group: code,
  nameZh: z.string(),
  nameEn: z.string(),
  prefix: z.string(),
  waiting: int.min(0),
  /** The longest a waiting ticket of this group has waited, ms (0 with none waiting). */
  longestWaitMs: ms,
  /** Counters that serve this group and were heard from lately. */
  counters: z.array(counterNumber),
});
export type GroupWaiting = z.infer<typeof groupWaiting>;

export const displayView = z.object({
  hallTime: ms,
  /** The latest call of each counter whose ticket is still called or being served. */
  current: z.array(callView),
  /** The last calls, newest first. */
  recent: z.array(callView),
  waiting: z.array(groupWaiting),
});
export type DisplayView = z.infer<typeof displayView>;

export const queueSettings = z.strictObject({
  /** A called ticket may be marked a no-show once it was called this many times. */
  noShowAfter: int.min(1).max(10),
  /** The duty manager is alerted (open a counter) when a group's waiting count passes this… */
  alertWaiting: int.min(1).max(500),
  /** …or its longest wait passes this many minutes. */
  alertWaitMinutes: int.min(1).max(240),
});
export type QueueSettings = z.infer<typeof queueSettings>;
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { noShowAfter: 3, alertWaiting: 15, alertWaitMinutes: 20 };

// ---- the counters' signed requests (POST QUEUE_COUNTER_PATH) ----

export const QueueCounterRequestSchema = z.discriminatedUnion('action', [
  /** Call the next ticket of this counter's groups (priority first, then in order). */
  z.strictObject({ action: z.literal('next') }),
  z.strictObject({ action: z.literal('recall'), ticketId: int.min(1) }),
  z.strictObject({ action: z.literal('no_show'), ticketId: int.min(1) }),
  z.strictObject({ action: z.literal('transfer'), ticketId: int.min(1), to: z.string().min(1).max(40) }),
  /** The customer arrived at the counter: the journey started with the ticket's business. */
  z.strictObject({ action: z.literal('serve'), ticketId: int.min(1), journeyId: z.string().min(1).max(80) }),
  z.strictObject({ action: z.literal('finish'), ticketId: int.min(1), journeyId: z.string().min(1).max(80) }),
  /** What this counter has in hand now (after a restart) and its groups. */
  z.strictObject({ action: z.literal('status') }),
]);
export type QueueCounterRequest = z.infer<typeof QueueCounterRequestSchema>;

export const QueueCounterAnswerSchema = z.object({
  hallTime: ms,
  /** The ticket the action was about (or the one now called); null when nobody was waiting. */
  ticket: ticketView.nullable(),
  /** Still waiting in this counter's groups after the action. */
  waiting: int.min(0),
  groups: z.array(code),
  noShowAfter: int.min(1),
});
export type QueueCounterAnswer = z.infer<typeof QueueCounterAnswerSchema>;

// ---- the hall page's methods for the guide and the duty manager ----

export const guideDocument = z.object({ nameZh: z.string(), nameEn: z.string() });
export const guideBusiness = z.object({
  code,
  nameZh: z.string(),
  nameEn: z.string(),
  documents: z.array(guideDocument),
  selfService: z.boolean(),
});
export const guideGroup = z.object({ code, nameZh: z.string(), nameEn: z.string(), prefix: z.string(), businesses: z.array(guideBusiness), waiting: int.min(0) });
export type GuideGroup = z.infer<typeof guideGroup>;

export const TURN_AWAY_REASONS = ['no_id', 'documents_incomplete', 'holder_absent', 'other'] as const;
export type TurnAwayReason = (typeof TURN_AWAY_REASONS)[number];

export const issuedTicket = z.object({
  ticket: ticketView,
  /** Tickets ahead of it in its group when issued. */
  ahead: int.min(0),
  /** Whether the ticket printer printed it; the error when not (the guide writes the number by hand). */
  printed: z.boolean(),
  printError: z.object({ code: z.string(), message_zh: z.string(), message_en: z.string() }).nullable(),
});
export type IssuedTicket = z.infer<typeof issuedTicket>;

export const visitView = z.object({
  id: int.min(1),
  kind: z.enum(['turned_away', 'self_service']),
  businessCode: code,
  reason: z.enum(TURN_AWAY_REASONS).nullable(),
  at: ms,
  /** What the guide tells the customer. */
  tellZh: z.string(),
  tellEn: z.string(),
});
export type VisitView = z.infer<typeof visitView>;

export const queueAlert = z.object({ group: code, nameZh: z.string(), nameEn: z.string(), waiting: int.min(0), longestWaitMs: ms, reason: z.enum(['waiting', 'wait_time']) });

export const queueOverview = z.object({
  hallTime: ms,
  groups: z.array(groupWaiting),
  alerts: z.array(queueAlert),
  settings: queueSettings,
  /** Each registered counter's groups ([] = every group) and what it has in hand. */
  counters: z.array(z.object({ number: counterNumber, groups: z.array(code), current: ticketView.nullable() })),
});
export type QueueOverview = z.infer<typeof queueOverview>;

const figureRow = z.object({
  tickets: int.min(0),
  served: int.min(0),
  noShows: int.min(0),
  transferred: int.min(0),
  waiting: int.min(0),
  /** Issue → first call, ms, over the tickets called (null with none). */
  avgWaitMs: ms.nullable(),
  maxWaitMs: ms.nullable(),
  /** Served → finished, ms. */
  avgServiceMs: ms.nullable(),
  turnedAway: int.min(0),
  selfService: int.min(0),
});
export const queueFigures = z.object({
  day,
  total: figureRow,
  byGroup: z.array(figureRow.extend({ group: code })),
  /** By the hour of issue (0–23, the hall's time zone). */
  byHour: z.array(figureRow.extend({ hour: int.min(0).max(23) })),
});
export type QueueFigures = z.infer<typeof queueFigures>;

function method<I extends z.ZodType, O extends z.ZodType>(d: MethodDef<I, O>): MethodDef<I, O> {
  return d;
}
const none = z.object({}).strict();

export const queueMethods = {
  'queue.guide': method({ input: none, output: z.object({ groups: z.array(guideGroup), hallTime: ms }), access: GUIDE_ROLES, summary: 'The catalog’s queue groups and businesses with the documents each needs, and who is waiting' }),
  'queue.issue': method({
    input: z.object({ business: code, priority: z.boolean() }).strict(),
    output: issuedTicket,
    access: GUIDE_ROLES,
    summary: 'Issue a ticket for a business (documents checked by the guide) and print it on the hall’s ticket printer',
  }),
  'queue.turnAway': method({
    input: z.object({ business: code, reason: z.enum(TURN_AWAY_REASONS), note: freeText({ max: 200 }).optional() }).strict(),
    output: visitView,
    access: GUIDE_ROLES,
    summary: 'Record a visit turned away at the door (documents missing) and what to tell the customer',
  }),
  'queue.selfService': method({ input: z.object({ business: code }).strict(), output: visitView, access: GUIDE_ROLES, summary: 'Record a payment sent to the self-service machines' }),
  'queue.overview': method({ input: none, output: queueOverview, access: MANAGER_ROLES, summary: 'Waiting and the longest wait per group, alerts, the counters’ groups' }),
  'queue.figures': method({ input: z.object({ day: day.optional() }).strict(), output: queueFigures, access: MANAGER_ROLES, summary: 'The queue’s figures for a day, by group and by hour' }),
  'queue.setCounterGroups': method({
    input: z.object({ counter: counterNumber, groups: z.array(code).max(20) }).strict(),
    output: z.object({ counter: counterNumber, groups: z.array(code) }),
    access: MANAGER_ROLES,
    summary: 'Which groups a counter calls (none listed = every group)',
  }),
  'queue.saveSettings': method({ input: queueSettings, output: queueSettings, access: MANAGER_ROLES, summary: 'No-show after N calls, alert thresholds' }),
} as const;

/** Pushed on the display's stream (public) and the hall page's. */
export const queueEvents = {
  /** A call (or a recall) happened: the display announces it. */
  'queue.call': callView,
  /** Tickets waiting changed (issued, called, transferred): the display and the manager re-read the view. */
  'queue.changed': z.object({ at: ms }),
} as const;

/** What the hall display shows for a call: 请 A023 号到 3 号台席. */
export function announcementText(label: string, counter: number): string {
  return `请 ${label} 号到 ${counter} 号台席`;
}

const DIGIT_ZH = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * What the speech synthesiser says: the ticket's digits one by one (A023 → "A零二三", as halls
 * call them, never "A二十三"), the counter as a number: 请A零二三号到3号台席.
 */
export function spokenAnnouncement(label: string, counter: number): string {
  const ticket = label.replace(/\d/g, (d) => DIGIT_ZH[Number(d)]!);
  return `请${ticket}号到${counter}号台席`;
}
