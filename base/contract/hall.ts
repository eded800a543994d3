/**
 * The counter's link to its hall server as the device page and the status bar see it:
 * enrolment (the hall's address and the one-time code), the pinned certificate fingerprint to
 * compare with the one the hall shows, the sync state, the backlog and the time.
 */
import { z } from 'zod';
import { errorShape } from './errors';
import { ConfigVersionsSchema } from './hallConfig';

const int = z.number().int();

export const syncState = z.enum(['not_enrolled', 'idle', 'syncing', 'offline', 'refused']);
export type SyncState = z.infer<typeof syncState>;

export const hallStatus = z.object({
  /** The enrolment: the hall's address, its id, this counter's number there, the pinned fingerprint (sha256, hex). */
  hall: z
    .object({ url: z.string(), hallId: z.string(), counterNumber: int, fingerprint: z.string(), enrolledAt: int })
    .nullable(),
  state: syncState,
  /** The end of the last round that sent everything; when the hall last acknowledged anything. */
  lastSyncAt: int.nullable(),
  lastAckAt: int.nullable(),
  /** Since when the hall has not been reached; null while it answers. */
  offlineSince: int.nullable(),
  lastError: errorShape.nullable(),
  /** Records not yet acknowledged by the hall, per stream, and the time of the oldest. */
  unsent: z.record(z.string(), int),
  unsentTotal: int,
  oldestUnsentAt: int.nullable(),
  /** The hall's time at its last answer; this PC's clock minus the hall's (+ = the PC is ahead). */
  hallTime: int.nullable(),
  skewMs: int.nullable(),
  /** Beyond this skew the till waits for the duty manager (till.maxClockSkewMinutes). */
  maxSkewMs: int,
  /** Where the till's time comes from now: the hall's (it answered in this boot) or this PC's checked clock. */
  timeSource: z.enum(['local', 'hall']),
  /** Configuration from the hall: the versions applied here (0: this counter keeps its own), when, and a refusal still standing. */
  config: z.object({ versions: ConfigVersionsSchema, appliedAt: int.nullable(), error: errorShape.nullable() }),
  /** The core's clock when this was made: ages are counted from it. */
  now: int,
});
export type HallStatus = z.infer<typeof hallStatus>;

export const hallMethods = {
  enrol: z
    .object({
      /** https://host:port of the hall server. */
      hallUrl: z.string().trim().min(8).max(200),
      /** This counter's number on the hall (1–999). */
      counter: int.min(1).max(999),
      /** The one-time code the administrator got on the hall (XXXX-XXXX-XXXX-XXXX; case, spaces and dashes do not matter). */
      code: z.string().trim().min(16).max(40),
      /** The fingerprint the hall's administrator read out, when given: checked before anything is sent. */
      expectFingerprint: z.string().trim().max(140).optional(),
    })
    .strict(),
};
