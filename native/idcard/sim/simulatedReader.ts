/**
 * SimulatedReader: training mode's reader, the second family of the reader port (port.ts). The
 * clerk puts a sample card down and lifts it off; each card put down is one presence and one
 * `card` event, parsed from its text block exactly as a real reader's would be. There is no
 * wire, so nothing can be lost on it: no frames, no timeouts, no reconnecting. The GA 467
 * driver is exercised against the byte-exact simulator (simulator.ts) on memory links and ptys.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { BilingualError } from '../../../base/contract/errors';
import { systemClock, type Clock } from '../../../base/clock';
import { localDate, parseTextBlock, type IdCard } from '../card';
import type { IdCardReaderPort, LinkCounts, PracticeCards, ReaderEvents, ReaderState, StateEvent } from '../port';
import { loadSimCard, sampleCardPath, type SimCard } from './cards';

export interface SimulatedReaderOptions {
  /** Expiry is judged against this clock's day in `timeZone` (default: the system clock). */
  clock?: Clock;
  /** The hall's time zone (default Asia/Shanghai). */
  timeZone?: string;
  /** Hand over the fingerprint block too, like a GA 467 reader asked for 30 10. */
  fingerprint?: boolean;
}

export class SimulatedReader implements IdCardReaderPort {
  readonly link = 'simulated';
  /** No wire: nothing is ever sent, damaged or lost. */
  readonly counts: Readonly<LinkCounts> = Object.freeze({ commands: 0, answered: 0, unanswered: 0, damaged: 0, retried: 0 });
  readonly practice: PracticeCards;
  private readonly emitter = new EventEmitter();
  private state_: StateEvent = { state: 'disconnected', reason: null };
  private running = false;
  private card: SimCard | null = null;
  /** Bumped on every put-down and lift, so a delivery that was overtaken is dropped. */
  private presence = 0;

  constructor(private readonly opts: SimulatedReaderOptions = {}) {
    this.practice = {
      place: (sample) => this.place(loadSimCard(sampleCardPath(sample))),
      remove: () => this.remove(),
    };
  }

  get state(): StateEvent {
    return this.state_;
  }

  on<K extends keyof ReaderEvents>(event: K, cb: (...args: ReaderEvents[K]) => void): () => void {
    this.emitter.on(event, cb as (...a: unknown[]) => void);
    return () => this.emitter.off(event, cb as (...a: unknown[]) => void);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setState('connecting');
    // Asynchronous like any reader: listeners attached right after start() see every event.
    setImmediate(() => {
      if (!this.running) return;
      this.setState('ready');
      if (this.card) this.deliver(this.presence);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.presence++;
  }

  /** A card put down; one already lying there is lifted first. */
  place(card: SimCard): void {
    this.card = card;
    const presence = ++this.presence;
    if (this.running && this.state_.state !== 'connecting') setImmediate(() => this.deliver(presence));
  }

  remove(): void {
    this.card = null;
    this.presence++;
  }

  private deliver(presence: number): void {
    const card = this.card;
    if (!this.running || presence !== this.presence || !card) return;
    const readSentAt = performance.now();
    this.setState('reading');
    let parsed: IdCard;
    try {
      const today = localDate((this.opts.clock ?? systemClock).now(), this.opts.timeZone);
      parsed = parseTextBlock(card.text, { today, photoBytes: card.photo.length });
    } catch (err) {
      this.setState('ready');
      this.emitter.emit('warning', err instanceof BilingualError ? err : new BilingualError('IDCARD_BAD_TEXT', '样卡内容无法解析', 'the sample card cannot be parsed'));
      return;
    }
    const parsedAt = performance.now();
    this.emitter.emit('card', {
      card: parsed,
      photo: card.photo,
      fingerprint: this.opts.fingerprint ? card.fingerprint : null,
      timing: { readSentAt, readRepliedAt: readSentAt, parsedAt, exchangeBytes: 0 },
    });
    this.setState('ready');
  }

  private setState(state: ReaderState): void {
    if (this.state_.state === state) return;
    this.state_ = { state, reason: null };
    this.emitter.emit('state', this.state_);
  }
}
