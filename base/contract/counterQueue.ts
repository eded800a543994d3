/**
 * The counter's queue methods (joined into methods.ts): the greet step calls the next ticket of
 * this counter's groups from the hall, recalls it, marks a no-show, transfers it to another group
 * or to the reception room. Without the hall (not enrolled, unreachable) `available` is false
 * and `reason` says why: the greet step then takes a typed ticket number, as before.
 */
import { z } from 'zod';
import { errorShape } from './errors';
import type { MethodDef } from './methods';
import { COUNTER_ROLES } from './roles';
import { TICKET_STATES } from './queue';

const int = z.number().int();

/** A ticket in this counter's hands, with the hall's times (they go with the journey). */
export const counterTicket = z.object({
  ticketId: int.min(1),
  label: z.string(),
  group: z.string(),
  businessCode: z.string(),
  priority: z.boolean(),
  state: z.enum(TICKET_STATES),
  issuedAt: int,
  calledAt: int.nullable(),
  servedAt: int.nullable(),
  finishedAt: int.nullable(),
  callCount: int.min(0),
});
export type CounterTicket = z.infer<typeof counterTicket>;

export const counterQueueView = z.object({
  available: z.boolean(),
  /** Why the queue cannot be used now; the greet step shows it and takes a typed ticket number. */
  reason: errorShape.nullable(),
  /** The ticket called to this counter and not yet taken by a journey. */
  ticket: counterTicket.nullable(),
  waiting: int.min(0).nullable(),
  groups: z.array(z.string()),
  noShowAfter: int.min(1),
  /** Where a ticket can be transferred: the catalog's queue groups and the reception room. */
  targets: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
});
export type CounterQueueView = z.infer<typeof counterQueueView>;

function method<I extends z.ZodType, O extends z.ZodType>(d: MethodDef<I, O>): MethodDef<I, O> {
  return d;
}
const none = z.object({}).strict();
const ticketRef = z.object({ ticketId: int.min(1) }).strict();

export const counterQueueMethods = {
  'queue.status': method({ input: none, output: counterQueueView, access: COUNTER_ROLES, summary: 'The queue at this counter: the ticket in hand, who waits in its groups, or why the hall cannot be reached' }),
  'queue.callNext': method({ input: none, output: counterQueueView, access: COUNTER_ROLES, summary: 'Call the next ticket of this counter’s groups (priority first, then in order)' }),
  'queue.recall': method({ input: ticketRef, output: counterQueueView, access: COUNTER_ROLES, summary: 'Call the ticket in hand again' }),
  'queue.noShow': method({ input: ticketRef, output: counterQueueView, access: COUNTER_ROLES, summary: 'The customer did not come after the configured number of calls (过号)' }),
  'queue.transfer': method({
    input: z.object({ ticketId: int.min(1), to: z.string().min(1).max(40) }).strict(),
    output: counterQueueView,
    access: COUNTER_ROLES,
    summary: 'Send the ticket to another group’s line, or the customer to the reception room',
  }),
} as const;
