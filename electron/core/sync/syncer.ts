/**
 * The counter's sync loop: capture what became final, send every stream's pending rows in
 * batches (money first), send a heartbeat, then wait; on failure retry with exponential
 * backoff and jitter. It never blocks the clerk: it runs beside the domain, reads the counter's
 * database in short transactions, a nudge (after a journey step, a till action, a sign-in) only
 * schedules a round a moment later — after the clerk's own call has answered — and a hall that
 * is away only grows the backlog.
 *
 * Every answer of the hall carries its time: the loop hands it to the till's time authority
 * (../time/hallTime.ts), and `readTime()` asks for it on its own connection at sign-in, till
 * open and settlement.
 */
import type { Clock, MonotonicReading } from '../../../base/clock';
import { AckSchema, HeartbeatAckSchema, PROTOCOL_VERSION, TimeAnswerSchema, type CounterState, type Stream } from '../../../base/contract/replication';
import type { ErrorShape } from '../../../base/contract/errors';
import type { Db } from '../storage/db';
import type { HallTime } from '../time/hallTime';
import { readHallLink } from './enrol';
import { HallLink, HallLinkError } from './hallLink';
import { Outbox } from './outbox';
import { SEND_ORDER } from './streams';
import { BilingualError } from '../../../base/contract/errors';
import type { ConfigUpdate, ConfigVersions } from '../../../base/contract/hallConfig';
import { fetchConfig } from './config';

/** Configuration flowing down: what this counter applied, and where an answer from the hall goes (./hallConfig.ts). */
export interface ConfigPort {
  versions(): ConfigVersions;
  /** Whether the hall's versions (the heartbeat's answer) hold something to fetch. */
  wanted(hall: ConfigVersions): boolean;
  apply(u: ConfigUpdate): unknown;
  refuseAnswer(hall: ConfigVersions, error: ErrorShape): void;
}

export type SyncState = 'not_enrolled' | 'idle' | 'syncing' | 'offline' | 'refused';

export interface SyncStatus {
  state: SyncState;
  /** The end of the last round that sent everything it had. */
  lastSyncAt: number | null;
  /** When the hall last acknowledged rows or a heartbeat. */
  lastAckAt: number | null;
  /** Since when the hall has not been reached (null while it answers). */
  offlineSince: number | null;
  lastError: ErrorShape | null;
  unsent: Record<string, number>;
  unsentTotal: number;
  oldestUnsentAt: number | null;
  /** The hall's time at the last answer and this counter's clock minus it. */
  hallTime: number | null;
  skewMs: number | null;
  sentRows: number;
}

/** The parts of the heartbeat the database does not hold (sign-in, devices, the till's clock). */
export type LiveState = Pick<CounterState, 'signedIn' | 'devices'> & Partial<Pick<CounterState, 'clock'>>;

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
  /** How long a nudge waits before the round starts: the caller's own answer goes out first, and a burst of nudges makes one round. */
  nudgeDelayMs?: number;
  state?: () => LiveState;
  appVersion?: string;
  /** The till's time authority: fed by every answer, told when the hall is away. */
  hallTime?: HallTime;
  /** Configuration from the hall: fetched in the round after a heartbeat shows newer versions. */
  config?: ConfigPort;
  onStatus?: (s: SyncStatus) => void;
}

export class Syncer {
  private readonly outbox: Outbox;
  private link: HallLink | null = null;
  private counter = 0;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private running = false;
  private inRound = false;
  private again = false;
  private backingOff = false;
  private nudged = false;
  private closing = false;
  private loop: Promise<void> | null = null;
  private failures = 0;
  /**
   * This counter's clock minus the hall's, as last measured. Requests are signed in the hall's
   * time (clock − offset), so a counter whose clock is off still syncs — the skew is reported
   * (and keeps the till from settling until the duty manager approves), it does not cut the
   * counter off.
   */
  private offsetMs = 0;
  private st: SyncStatus;

  constructor(private readonly opts: SyncerOptions) {
    this.outbox = new Outbox(opts.db, () => opts.clock.now());
    this.st = {
      state: 'not_enrolled', lastSyncAt: null, lastAckAt: null, offlineSince: null, lastError: null, unsent: {}, unsentTotal: 0,
      oldestUnsentAt: null, hallTime: null, skewMs: null, sentRows: 0,
    };
  }

  status(): SyncStatus {
    return { ...this.st, unsent: { ...this.st.unsent } };
  }

  private update(p: Partial<SyncStatus>): void {
    this.st = { ...this.st, ...p };
    this.opts.onStatus?.(this.status());
  }

  private backlogNow(): Pick<SyncStatus, 'unsent' | 'unsentTotal' | 'oldestUnsentAt'> {
    const b = this.outbox.backlog();
    return { unsent: b.unsent, unsentTotal: b.total, oldestUnsentAt: b.oldestUnsentAt };
  }

  private ensureLink(): boolean {
    if (this.link) return true;
    const row = readHallLink(this.opts.db);
    if (!row) {
      if (this.st.state !== 'not_enrolled') this.update({ state: 'not_enrolled', offlineSince: null, lastError: null });
      return false;
    }
    this.counter = row.counter_number;
    this.link = new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, row.counter_number, row.private_key_pem, () => this.opts.clock.now() - this.offsetMs);
    return true;
  }

  /** The enrolment changed (enrolled, enrolled elsewhere, forgotten): the next request uses what sync_hall says now. */
  relink(): void {
    this.link?.close();
    this.link = null;
    this.offsetMs = 0;
    this.failures = 0;
    this.update({ state: readHallLink(this.opts.db) ? 'idle' : 'not_enrolled', offlineSince: null, lastError: null, hallTime: null, skewMs: null });
    this.syncNow();
  }

  /** The hall answered (with its time): the link is up. */
  private heard(hallTime: number, sent: MonotonicReading | null): void {
    this.opts.hallTime?.heard(hallTime, sent);
    this.offsetMs = this.opts.clock.now() - hallTime;
    const wasAway = this.st.offlineSince !== null;
    this.update({ hallTime, skewMs: this.offsetMs, lastAckAt: this.opts.clock.now(), offlineSince: null });
    // Back after an outage: no need to sit out the backoff.
    if (wasAway && this.backingOff) this.syncNow();
  }

  private away(e: unknown): void {
    // A batch the hall would not take (its content) says nothing about reaching the hall.
    if (e instanceof HallLinkError && e.code.startsWith('REPLICATION_')) return;
    this.opts.hallTime?.unreachable();
    if (this.st.offlineSince === null) this.update({ offlineSince: this.opts.clock.now() });
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
      // The state and the backlog change together: a screen never sees "idle" with the last round's backlog.
      this.update({ state: 'idle', lastSyncAt: this.opts.clock.now(), lastError: null, ...this.backlogNow() });
    } catch (e) {
      this.failures++;
      const shape: ErrorShape = e instanceof HallLinkError ? e.toShape() : { code: 'SYNC_FAILED', message_zh: '同步失败', message_en: 'Sync failed', detail: { reason: e instanceof Error ? e.message : String(e) } };
      this.update({ state: e instanceof HallLinkError && !e.retryable ? 'refused' : 'offline', lastError: shape, ...this.backlogNow() });
    }
    return this.status();
  }

  /** A signed request; signed outside the hall's window, it learns the offset from the refusal and tries once more. */
  private async request(send: () => Promise<unknown>): Promise<unknown> {
    try {
      try {
        return await send();
      } catch (e) {
        const skew = e instanceof HallLinkError && e.code === 'AUTH_CLOCK' ? Number(e.detail?.skewMs) : NaN;
        if (!Number.isFinite(skew)) throw e;
        this.offsetMs += skew;
        return await send();
      }
    } catch (e) {
      this.away(e);
      throw e;
    }
  }

  private post(path: string, payload: unknown): Promise<unknown> {
    return this.request(() => this.link!.post(path, payload));
  }

  /**
   * Asks the hall for its time now (sign-in, till open, settlement), on its own connection and
   * within `timeoutMs`. Returns whether the hall answered; the till's authority holds the answer.
   */
  async readTime(timeoutMs: number): Promise<boolean> {
    if (!this.ensureLink()) return false;
    const sent = this.opts.hallTime?.mark() ?? null;
    try {
      const a = TimeAnswerSchema.parse(await this.request(() => this.link!.getTime('/v1/time', timeoutMs)));
      this.heard(a.hallTime, sent);
      return true;
    } catch {
      return false;
    }
  }

  private async drain(stream: Stream): Promise<void> {
    for (;;) {
      if (this.closing) throw new Error('the sync loop is stopping');
      const p = this.outbox.pending(stream, this.opts.batchRows ?? 500);
      if (p.rows.length === 0) return;
      try {
        const sent = this.opts.hallTime?.mark() ?? null;
        const ack = AckSchema.parse(await this.post('/v1/batch', { protocol: PROTOCOL_VERSION, counter: this.counter, stream, rows: p.rows }));
        this.outbox.setCursor(stream, ack.heldSeq);
        this.update({ sentRows: this.st.sentRows + ack.stored });
        this.heard(ack.hallTime, sent);
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
      ...(this.opts.config ? { config: this.opts.config.versions() } : {}),
    };
    const sent = this.opts.hallTime?.mark() ?? null;
    const ack = HeartbeatAckSchema.parse(await this.post('/v1/heartbeat', { protocol: PROTOCOL_VERSION, counter: this.counter, seq, counterTime: this.opts.clock.now(), state }));
    this.outbox.setCursor('heartbeat', seq);
    this.heard(ack.hallTime, sent);
    // The hall's own measure of this counter's skew (its clock at receipt) is the one it records.
    this.offsetMs = ack.skewMs;
    this.update({ skewMs: ack.skewMs });
    if (ack.config && this.opts.config?.wanted(ack.config)) await this.pullConfig(ack.config);
  }

  /**
   * The hall holds newer configuration: fetched on this loop's link (never on the clerk's
   * thread) and applied at once; an answer this counter cannot read is refused whole.
   */
  private async pullConfig(hall: ConfigVersions): Promise<void> {
    const port = this.opts.config!;
    try {
      port.apply(await fetchConfig({ get: (path) => this.request(() => this.link!.get(path)) }, port.versions()));
    } catch (e) {
      if (e instanceof BilingualError && e.code === 'SYNC_CONFIG_ANSWER') port.refuseAnswer(hall, e.toShape());
      else throw e;
    }
  }

  /** Runs rounds until stop(): the interval after success, backoff with jitter after failure. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        this.inRound = true;
        this.again = false;
        const s = await this.runOnce();
        this.inRound = false;
        if (!this.running) break;
        const ok = s.state === 'idle' || s.state === 'not_enrolled';
        this.backingOff = !ok;
        // Nudged during the round (more records became final): go again at once.
        if (ok && this.again) continue;
        const min = this.opts.backoffMinMs ?? 1000;
        const max = this.opts.backoffMaxMs ?? 60_000;
        const wait = ok ? (this.opts.intervalMs ?? 5000) : Math.min(max, min * 2 ** Math.min(this.failures - 1, 16)) * (0.5 + Math.random() / 2);
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, wait);
        });
        this.wake = null;
        this.timer = null;
        this.nudged = false;
      }
    })();
  }

  /**
   * Something became final (a journey step, a till action, a sign-in): a round starts a moment
   * later, never inside the caller's own call. While the hall is away the backoff stands.
   */
  nudge(): void {
    if (!this.running) return;
    if (this.inRound) {
      this.again = true;
      return;
    }
    // Already due soon: a burst of nudges makes one round, and a steady stream never postpones it.
    if (this.backingOff || !this.wake || this.nudged) return;
    this.nudged = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.wake, this.opts.nudgeDelayMs ?? 100);
  }

  /** Sends now (the device page's button, the hall answering again), backoff or not. */
  syncNow(): void {
    if (this.inRound) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.closing = true;
    // Cut what is in flight first: a request to a hall that went silent must not hold the shutdown.
    this.link?.close();
    this.syncNow();
    await this.loop;
    this.link?.close();
    this.link = null;
  }
}
