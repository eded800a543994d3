/**
 * The card last read at this counter, held in memory only (never written to disk) until the
 * verify step takes it or it goes stale. The renderer is told "a card was read" and asks for
 * the fields; every such view is recorded in the audit log (pii.view).
 */
import { pendingCardView, type HeldCard, type PendingCard } from '../../../base/contract/card';
import type { Clock } from '../../../base/clock';

/** A card left on the desk for longer than this is not taken for the next customer. */
export const PENDING_CARD_TTL_MS = 10 * 60_000;

export class PendingCardStore {
  private held: HeldCard | null = null;
  /** Looks again when the limit is up, so a card nobody asked for does not wait for the next purge. */
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly clock: Clock) {}

  put(c: HeldCard): void {
    this.held = c;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.get();
    }, PENDING_CARD_TTL_MS + 1000);
    this.timer.unref();
  }

  get(): HeldCard | null {
    if (this.held && this.clock.now() - this.held.readAt > PENDING_CARD_TTL_MS) this.held = null;
    return this.held;
  }

  /** Drops a card left longer than the limit (the retention purge asks); 1 when one went. */
  expire(): number {
    const had = this.held !== null;
    return had && this.get() === null ? 1 : 0;
  }

  /** After the verify step used it (or the journey ended): forget the personal data. */
  clear(): void {
    this.held = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  view(): PendingCard | null {
    const h = this.get();
    return h ? pendingCardView(h) : null;
  }
}
