/**
 * IdCardSession: the GA 467 family of the reader port (port.ts). It connects (open + SAM
 * status), polls find → select → read, and emits one `card` event per card presence; it reports
 * its state ('connecting' | 'ready' | 'reading' | 'disconnected' | 'fault', with a bilingual
 * reason), survives unplugging (reconnects with backoff) and reports SAM faults as device states.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { BilingualError, type ErrorShape } from '../../base/contract/errors';
import type { Transport } from '../transport/types';
import { systemClock, type Clock } from '../../base/clock';
import { IdCardReader, type ExchangeTiming, type RawCardData, type ReaderOptions } from './reader';
import { localDate, parseTextBlock, type IdCard } from './card';
import { isSamFault } from './status';
import type { IdCardReaderPort, LinkCounts, ReaderEvents, ReaderState, StateEvent } from './port';

export interface SessionOptions {
  /** Reopened after an unplug, so it must support open() after close(). */
  transport: Transport;
  /**
   * Polling period (ms), start to start (default 20). A find costs ~2 ms of wire at 115200
   * baud; 20 ms puts placement → card event within ~25 ms of the read's own wire time.
   */
  pollIntervalMs?: number;
  /** Expiry is judged against this clock's day in `timeZone` (default: the system clock). */
  clock?: Clock;
  /** The hall's time zone (default Asia/Shanghai). */
  timeZone?: string;
  /** Read the fingerprint block too (30 10). */
  fingerprint?: boolean;
  reconnect?: { initialMs?: number; maxMs?: number };
  /** Consecutive unanswered commands after which the reader is taken as gone (default 3); damaged answers never count. */
  maxSilentCommands?: number;
  reader?: ReaderOptions;
}

/** The counter's default polling period; the settings' default says the same (base/contract/settings.ts). */
export const DEFAULT_POLL_INTERVAL_MS = 20;

export class IdCardSession implements IdCardReaderPort {
  readonly reader: IdCardReader;
  /** A GA 467 reader has no sample cards: the clerk's own cards go on it. */
  readonly practice = null;
  private readonly emitter = new EventEmitter();
  private state_: StateEvent = { state: 'disconnected', reason: null };
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastRead: ExchangeTiming | null = null;
  /** Text of the last card emitted, and whether the field was seen empty since. */
  private lastText: Uint8Array | null = null;
  private emptySinceLast = true;
  private rereadNext = false;
  /**
   * Learned on this connection: the reader keeps answering 9F to find for a card it has read
   * (the GA 467 rule is 80 until the card leaves the field). Such a reader's 9F without an empty
   * field since the last card is that card still lying there, so nothing is read again.
   */
  private refindsReadCard = false;
  private readonly pollIntervalMs: number;
  private readonly today: () => string;

  constructor(private readonly opts: SessionOptions) {
    this.pollIntervalMs = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const clock = opts.clock ?? systemClock;
    this.today = () => localDate(clock.now(), opts.timeZone);
    const userOnExchange = opts.reader?.onExchange;
    this.reader = new IdCardReader(opts.transport, {
      ...opts.reader,
      onExchange: (e) => {
        if (e.command === 'readTextPhoto' || e.command === 'readTextPhotoFingerprint') this.lastRead = e;
        userOnExchange?.(e);
      },
    });
  }

  get link(): string {
    return this.reader.transport.description;
  }

  get counts(): Readonly<LinkCounts> {
    return this.reader.counts;
  }

  on<K extends keyof ReaderEvents>(event: K, cb: (...args: ReaderEvents[K]) => void): () => void {
    this.emitter.on(event, cb as (...a: unknown[]) => void);
    return () => this.emitter.off(event, cb as (...a: unknown[]) => void);
  }

  get state(): StateEvent {
    return this.state_;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setState('connecting');
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    // Closing fails the command in flight at once instead of waiting out its timeout.
    await this.reader.close().catch(() => undefined);
    await this.loop;
    this.loop = null;
  }

  private setState(state: ReaderState, reason: unknown = null): void {
    const shape = reason === null ? null : toShape(reason);
    if (this.state_.state === state && this.state_.reason?.code === shape?.code) return;
    this.state_ = { state, reason: shape };
    this.emitter.emit('state', this.state_);
  }

  private async run(): Promise<void> {
    const initial = this.opts.reconnect?.initialMs ?? 100;
    const max = this.opts.reconnect?.maxMs ?? 2000;
    let backoff = initial;
    while (this.running) {
      // Retries after a loss stay 'disconnected' (or 'fault') until one succeeds: no flapping.
      try {
        await this.reader.open();
        await this.reader.samStatus();
      } catch (err) {
        if (!this.running) break;
        if (isSamFaultError(err)) this.setState('fault', err);
        else if ((err as BilingualError).code === 'IDCARD_BAD_FRAME') {
          // Something answers, damaged: keep the port and ask again; silence decides 'disconnected'.
          this.emitter.emit('warning', err as BilingualError);
        } else {
          this.setState('disconnected', err);
          await this.reader.close().catch(() => undefined);
        }
        await this.pause(backoff);
        backoff = Math.min(max, backoff * 2);
        continue;
      }
      backoff = initial;
      // A reconnect may have been to another reader: learn its habits afresh.
      this.refindsReadCard = false;
      this.setState('ready');
      const lost = await this.poll();
      if (!this.running) break;
      if (lost) {
        if (isSamFaultError(lost)) this.setState('fault', lost);
        else {
          this.setState('disconnected', lost);
          await this.reader.close().catch(() => undefined);
        }
        await this.pause(backoff);
      }
    }
    // An open() that was under way when stop() closed the port may have reopened it.
    await this.reader.close().catch(() => undefined);
  }

  /** Polls until the reader is lost (returns why) or the session stops. */
  private async poll(): Promise<unknown> {
    const maxSilent = this.opts.maxSilentCommands ?? 3;
    // Commands in a row that got no answer at all. A damaged answer breaks the run: the reader
    // that sent it is there.
    let silent = 0;
    // Polls start on a fixed grid: placement → find is at most one period whatever the exchanges
    // took, and a late timer does not stretch the period that follows.
    let nextAt = performance.now();
    while (this.running) {
      let reading = false;
      try {
        const seen = await this.step(() => {
          reading = true;
          this.setState('reading');
        });
        silent = 0;
        if (seen === 'empty') this.emptySinceLast = true;
        else if (seen !== 'same') this.deliver(seen);
      } catch (err) {
        if (!this.running) return null;
        const code = (err as BilingualError).code;
        if (code === 'IDCARD_DISCONNECTED' || !this.reader.transport.isOpen) return err;
        if (isSamFaultError(err)) return err;
        // The reply to a read was lost or damaged: the reader may already count the card as
        // read (find would say 80 until it leaves), so the next poll reads it directly.
        if (reading && (code === 'IDCARD_TIMEOUT' || code === 'IDCARD_BAD_FRAME' || code === 'IDCARD_BAD_REPLY')) this.rereadNext = true;
        if (code === 'IDCARD_TIMEOUT') {
          if (++silent >= maxSilent) return err;
        } else silent = 0;
        this.emitter.emit('warning', err instanceof BilingualError ? err : wrap(err));
      }
      // Still connected (a lost reader returned above and goes straight to its own state).
      if (this.state_.state === 'reading') this.setState('ready');
      const now = performance.now();
      nextAt = nextPollAt(nextAt, this.pollIntervalMs, now);
      await this.pause(nextAt - now);
    }
    return null;
  }

  /**
   * One poll. Normally find alone: 80 is an empty field, or a card already read lying there (the
   * reader answers 80 until it leaves); 9F is a card not read yet, so select and read it. A
   * reader that answers 9F for a card it has read is met with find alone until the field has
   * been empty ('same'). After a lost or damaged read reply, the card is read directly.
   */
  private async step(onReading: () => void): Promise<RawCardData | 'empty' | 'same'> {
    const fingerprint = !!this.opts.fingerprint;
    if (this.rereadNext) {
      this.rereadNext = false;
      onReading();
      try {
        return await this.reader.readCard({ fingerprint });
      } catch (err) {
        // 41 and friends: the card is gone or not selected any more; poll as usual.
        if (!(err instanceof BilingualError) || !(err.detail && 'sw3' in err.detail) || isSamFaultError(err)) throw err;
      }
    }
    if (!(await this.reader.find())) return 'empty';
    if (!this.emptySinceLast && this.refindsReadCard) return 'same';
    if (!(await this.reader.select())) return 'empty';
    onReading();
    return this.reader.readCard({ fingerprint });
  }

  private deliver(raw: RawCardData): void {
    // The same card without an empty field in between is the same presence. Met right after a
    // read, that is a reader that answers 9F for a card it has read: from now on its 9F is
    // answered with find alone (step) and the card is never read again while it lies there.
    // (A GA 467 reader that keeps to the rule gets here only if a card was lifted and put down
    // again between two polls; taking it for the other kind then costs nothing but that.)
    if (!this.emptySinceLast && this.lastText && equalBytes(this.lastText, raw.text)) {
      this.refindsReadCard = true;
      return;
    }
    let card: IdCard;
    try {
      card = parseTextBlock(raw.text, { today: this.today(), photoBytes: raw.photo.length });
    } catch (err) {
      this.emitter.emit('warning', err instanceof BilingualError ? err : wrap(err));
      return;
    }
    this.lastText = raw.text;
    this.emptySinceLast = false;
    const t = this.lastRead;
    const parsedAt = performance.now();
    this.emitter.emit('card', {
      card,
      photo: raw.photo,
      fingerprint: raw.fingerprint,
      timing: {
        readSentAt: t?.sentAt ?? parsedAt,
        readRepliedAt: t?.repliedAt ?? parsedAt,
        parsedAt,
        exchangeBytes: t ? t.requestBytes + t.replyBytes : 0,
      },
    });
  }

  /** A sleep that stop() cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }
}

/**
 * One polling step: find → select → read. Null when no (new) card is in the field.
 * Shared by the session and the one-shot CLI read.
 */
export async function pollStep(
  reader: IdCardReader,
  opts: { fingerprint?: boolean; onReading?: () => void } = {},
): Promise<RawCardData | null> {
  if (!(await reader.find())) return null;
  if (!(await reader.select())) return null;
  opts.onReading?.();
  return reader.readCard({ fingerprint: !!opts.fingerprint });
}

function isSamFaultError(err: unknown): boolean {
  const sw3 = (err as BilingualError)?.detail?.sw3;
  return typeof sw3 === 'string' && isSamFault(parseInt(sw3, 16));
}

function toShape(reason: unknown): ErrorShape {
  return reason instanceof BilingualError ? reason.toShape() : wrap(reason).toShape();
}

function wrap(err: unknown): BilingualError {
  const msg = err instanceof Error ? err.message : String(err);
  return new BilingualError('IDCARD_IO_ERROR', `读卡器通信错误：${msg}`, `reader I/O error: ${msg}`);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * When the next poll starts: one period after the last one was planned (a fixed grid, so the
 * time an exchange took is not added to the period), or at once when behind (a read takes
 * ~115 ms), keeping the grid from there.
 */
export function nextPollAt(lastPlannedAt: number, periodMs: number, now: number): number {
  const next = lastPlannedAt + periodMs;
  return next < now ? now : next;
}
