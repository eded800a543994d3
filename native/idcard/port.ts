/**
 * The ID-card reader port: everything the counter needs from a reader, whatever its family.
 * The core consumes only this; each family implements it in native/:
 *
 * - `IdCardSession` (session.ts): the GA 467 frame protocol over a serial, HID or memory link;
 * - `SimulatedReader` (sim/simulatedReader.ts): training mode's reader, sample cards put down
 *   and lifted on command, with no wire at all.
 *
 * A further family (another frame protocol, a bridge to a vendor library) implements the same
 * interface: it reports its state, emits one `card` event per card presence with the card
 * parsed into the one IdCard shape and the raw photo bytes, and says what went wrong on its
 * link. `readers.ts` picks the family from the device settings.
 */
import type { BilingualError, ErrorShape } from '../../base/contract/errors';
import type { sampleCard } from '../../base/contract/devices';
import type { z } from 'zod';
import type { IdCard } from './card';

export type ReaderState = 'connecting' | 'ready' | 'reading' | 'disconnected' | 'fault';

export interface StateEvent {
  state: ReaderState;
  /** Why (for 'disconnected' and 'fault'), in both languages. */
  reason: ErrorShape | null;
}

export interface CardEvent {
  card: IdCard;
  /** The raw WLT photo (1024 bytes): decode it with a PhotoDecoder, never guess. */
  photo: Uint8Array;
  fingerprint: Uint8Array | null;
  timing: {
    /** performance.now() when the reader was asked for the card's data. */
    readSentAt: number;
    /** When the data was complete. */
    readRepliedAt: number;
    /** When the card was parsed and this event emitted. */
    parsedAt: number;
    /** Bytes of the read exchange, both ways (for wire-time comparisons); 0 without a wire. */
    exchangeBytes: number;
  };
}

/**
 * How the link to the reader has fared since the reader was made. Damaged answers are counted
 * apart from silence: a reader that answers with a bad checksum is there; one that says nothing
 * may be gone, and only that counts toward 'disconnected'.
 */
export interface LinkCounts {
  /** Commands sent, retries included. */
  commands: number;
  /** Commands answered with a whole, valid reply (whatever its status). */
  answered: number;
  /** Commands that got no reply at all within their timeout. */
  unanswered: number;
  /** Replies that arrived damaged: a bad checksum, an impossible length, cut off. */
  damaged: number;
  /** Commands sent a second time after a damaged reply. */
  retried: number;
}

export interface ReaderEvents {
  state: [StateEvent];
  card: [CardEvent];
  /** A problem that did not change the reader's state (a failed read, a damaged or lost answer). */
  warning: [BilingualError];
}

export type SampleCard = z.infer<typeof sampleCard>;

/** Training mode: the clerk puts a sample card on the simulated reader and lifts it off. */
export interface PracticeCards {
  /** A card put down (one lying there is lifted first: a new presence either way). */
  place(sample: SampleCard): void;
  remove(): void;
}

export interface IdCardReaderPort {
  /** Where the reader is, for the status bar and logs ("serial:/dev/ttyUSB0@115200", "simulated"). */
  readonly link: string;
  readonly state: StateEvent;
  /** The link's health since the reader was made (all zero for a reader without a wire). */
  readonly counts: Readonly<LinkCounts>;
  /** Present on a simulated reader only: its sample cards. */
  readonly practice: PracticeCards | null;
  /** Connects and keeps the reader going (reconnecting by itself) until stop(). */
  start(): void;
  stop(): Promise<void>;
  on<K extends keyof ReaderEvents>(event: K, cb: (...args: ReaderEvents[K]) => void): () => void;
}
