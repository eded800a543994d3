/**
 * The counter's sync loop: capture what became final, send every stream's pending rows in
 * batches (money first), send a heartbeat, then wait; on failure retry with exponential
 * backoff and jitter. It never blocks the clerk: it runs beside the domain, reads the counter's
 * database in short transactions, and a hall that is away only grows the backlog.
 *
 * Not wired into the app yet (electron/core/domain.ts): the wiring round gives it the state
 * source (who is signed in, devices) and shows status() on the device page and status bar.
 */
import type { Clock } from '../../../base/clock';
import { AckSchema, HeartbeatAckSchema, PROTOCOL_VERSION, type CounterState, type Stream } from '../../../base/contract/replication';
import type { ErrorShape } from '../../../base/contract/errors';
import type { Db } from '../storage/db';
import { readHallLink } from './enrol';
import { HallLink, HallLinkError } from './hallLink';
import { Outbox } from './outbox';
import { SEND_ORDER } from './streams';

export type SyncState = 'not_enrolled' | 'idle' | 'syncing' | 'offline' | 'refused';

export interface SyncStatus {
  state: SyncState;
  lastSyncAt: number | null;
  lastError: ErrorShape | null;
  unsent: Record<string, number>;
  unsentTotal: number;
  oldestUnsentAt: number | null;
  /** The hall's time at the last answer and this counter's clock minus it. */
  hallTime: number | null;
  skewMs: number | null;
  sentRows: number;
}

export interface SyncerOptions {
  db: Db;
  clock: Clock;
  /** Rows per batch (≤ MAX_BATCH_ROWS). */
  batchRows?: number;
  /** Wait between rounds when everything is sent. */
  intervalMs?: number;
  /** Backoff bounds after a failure. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** The live parts of the heartbeat the database does not hold (sign-in, devices). */
  state?: () => Pick<CounterState, 'signedIn' | 'devices'>;
  appVersion?: string;
  onStatus?: (s: SyncStatus) => void;
}

export class Syncer {
  private readonly outbox: Outbox;
  private link: HallLink | null = null;
  private counter = 0;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private failures = 0;
  /**
   * This counter's clock minus the hall's, as last measured. Requests are signed in the hall's
   * time (clock − offset), so a counter whose clock is off still syncs — the skew is reported
   * (and, later, keeps it from settling), it does not cut the counter off.
   */
  private offsetMs = 0;
  private st: SyncStatus;

  constructor(private readonly opts: SyncerOptions) {
    this.outbox = new Outbox(opts.db, () => opts.clock.now());
    this.st = { state: 'not_enrolled', lastSyncAt: null, lastError: null, unsent: {}, unsentTotal: 0, oldestUnsentAt: null, hallTime: null, skewMs: null, sentRows: 0 };
  }

  status(): SyncStatus {
    return { ...this.st, unsent: { ...this.st.unsent } };
  }

  private update(p: Partial<SyncStatus>): void {
    this.st = { ...this.st, ...p };
    this.opts.onStatus?.(this.status());
  }

  private refreshBacklog(): void {
    const b = this.outbox.backlog();
    this.update({ unsent: b.unsent, unsentTotal: b.total, oldestUnsentAt: b.oldestUnsentAt });
  }

  private ensureLink(): boolean {
    if (this.link) return true;
    const row = readHallLink(this.opts.db);
    if (!row) {
      this.update({ state: 'not_enrolled' });
      return false;
    }
    this.counter = row.counter_number;
    this.link = new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, row.counter_number, row.private_key_pem, () => this.opts.clock.now() - this.offsetMs);
    return true;
  }

  /** One whole round: capture, send every stream until nothing is pending, heartbeat. */
  async runOnce(): Promise<SyncStatus> {
    if (!this.ensureLink()) return this.status();
    this.update({ state: 'syncing' });
    try {
      await this.outbox.captureAll();
      // A stream the hall refuses (a row it will not take) must not hold the others back; the
      // network or the hall being away ends the round (the next one resumes where this stopped).
      let refused: HallLinkError | null = null;
      for (const stream of SEND_ORDER) {
        try {
          await this.drain(stream);
        } catch (e) {
          if (e instanceof HallLinkError && !e.retryable) refused ??= e;
          else throw e;
        }
      }
      await this.heartbeat();
      if (refused) throw refused;
      this.failures = 0;
      this.update({ state: 'idle', lastSyncAt: this.opts.clock.now(), lastError: null });
    } catch (e) {
      this.failures++;
      const shape: ErrorShape = e instanceof HallLinkError ? e.toShape() : { code: 'SYNC_FAILED', message_zh: '同步失败', message_en: 'Sync failed', detail: { reason: e instanceof Error ? e.message : String(e) } };
      this.update({ state: e instanceof HallLinkError && !e.retryable ? 'refused' : 'offline', lastError: shape });
    } finally {
      this.refreshBacklog();
    }
    return this.status();
  }

  /** A signed request; signed outside the hall's window, it learns the offset from the refusal and tries once more. */
  private async post(path: string, payload: unknown): Promise<unknown> {
    try {
      return await this.link!.post(path, payload);
    } catch (e) {
      const skew = e instanceof HallLinkError && e.code === 'AUTH_CLOCK' ? Number(e.detail?.skewMs) : NaN;
      if (!Number.isFinite(skew)) throw e;
      this.offsetMs += skew;
      return this.link!.post(path, payload);
    }
  }

  private async drain(stream: Stream): Promise<void> {
    for (;;) {
      const p = this.outbox.pending(stream, this.opts.batchRows ?? 500);
      if (p.rows.length === 0) return;
      try {
        const ack = AckSchema.parse(await this.post('/v1/batch', { protocol: PROTOCOL_VERSION, counter: this.counter, stream, rows: p.rows }));
        this.outbox.setCursor(stream, ack.heldSeq);
        this.offsetMs = this.opts.clock.now() - ack.hallTime;
        this.update({ hallTime: ack.hallTime, skewMs: this.offsetMs, sentRows: this.st.sentRows + ack.stored });
      } catch (e) {
        // The hall holds less than we thought (restored from a backup, or another hall): resend from where it stands.
        const expected = e instanceof HallLinkError && e.code === 'REPLICATION_GAP' ? Number(e.detail?.expectedSeq) : NaN;
        if (Number.isInteger(expected) && expected >= 1 && expected - 1 < this.outbox.ackedSeq(stream)) {
          this.outbox.setCursor(stream, expected - 1);
          continue;
        }
        throw e;
      }
    }
  }

  private async heartbeat(): Promise<void> {
    const b = this.outbox.backlog();
    const till = this.opts.db
      .prepare(`SELECT id, status, clerk_staff_no, business_day FROM till_session ORDER BY (status = 'open') DESC, id DESC LIMIT 1`)
      .get() as { id: number; status: 'open' | 'settled'; clerk_staff_no: string; business_day: string } | undefined;
    const live = this.opts.state?.() ?? { signedIn: null, devices: {} };
    const seq = this.outbox.ackedSeq('heartbeat') + 1;
    const state: CounterState = {
      ...live,
      till: till ? { status: till.status, sessionId: till.id, clerk: till.clerk_staff_no, businessDay: till.business_day } : { status: 'none', sessionId: null, clerk: null, businessDay: null },
      unsent: b.unsent,
      oldestUnsentAt: b.oldestUnsentAt,
      appVersion: this.opts.appVersion ?? '0',
    };
    const ack = HeartbeatAckSchema.parse(await this.post('/v1/heartbeat', { protocol: PROTOCOL_VERSION, counter: this.counter, seq, counterTime: this.opts.clock.now(), state }));
    this.outbox.setCursor('heartbeat', seq);
    this.offsetMs = ack.skewMs;
    this.update({ hallTime: ack.hallTime, skewMs: ack.skewMs });
  }

  /** Runs rounds until stop(): the interval after success, backoff with jitter after failure. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const s = await this.runOnce();
        if (!this.running) break;
        const min = this.opts.backoffMinMs ?? 1000;
        const max = this.opts.backoffMaxMs ?? 60_000;
        const wait = s.state === 'idle' || s.state === 'not_enrolled'
          ? (this.opts.intervalMs ?? 5000)
          : Math.min(max, min * 2 ** Math.min(this.failures - 1, 16)) * (0.5 + Math.random() / 2);
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, wait);
        });
      }
    })();
  }

  /** Sends now (after a journey closes, say) instead of waiting for the interval. */
  nudge(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    this.link?.close();
    this.link = null;
  }
}
