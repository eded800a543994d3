/** Every event the core pushes to the renderer (IPC `on`, or SSE in browser mode). */
import { z } from 'zod';
import { devicesStatus } from './devices';
import { hallStatus } from './hall';

export const events = {
  'devices.changed': devicesStatus,
  /** A card was read: only what the verify step needs (the renderer shows it there only). */
  'card.read': z.object({ at: z.number().int() }),
  'till.changed': z.object({ counterId: z.string() }),
  /** journeyId and version let a screen that already holds that version skip the refetch. */
  'journey.changed': z.object({ counterId: z.string(), journeyId: z.string().optional(), version: z.number().int().optional() }),
  'print.changed': z.object({ jobId: z.number().int().nullable() }),
  /** The hall link: enrolment, sync state, backlog, the hall's time (the device page and the status bar). */
  'hall.changed': hallStatus,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isEventName(v: unknown): v is EventName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(events, v);
}
