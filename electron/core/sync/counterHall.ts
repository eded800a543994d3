/**
 * This counter's hall link as the app runs it: the enrolment (device page), the sync loop, and
 * the hall's time for the till. Built by domain.ts (wiring only); the handlers (hall.*) and the
 * till's time authority reach the hall through this one object.
 */
import type { Clock } from '../../../base/clock';
import type { HallStatus } from '../../../base/contract/hall';
import type { Db } from '../storage/db';
import { HallTime } from '../time/hallTime';
import { enrolWithHall, readHallLink, type EnrolInput } from './enrol';
import { Syncer, type LiveState, type SyncerOptions } from './syncer';
import type { HallConfig } from './hallConfig';

export interface CounterHallDeps {
  db: Db;
  clock: Clock;
  appVersion: string;
  /** Who is signed in, the devices, the till's clock: the heartbeat's live part. */
  state: () => LiveState;
  /** The till's allowed skew (settings), shown beside the measured one. */
  maxSkewMs: () => number;
  /** Whether the till runs on the hall's time right now. */
  onHallTime: () => boolean;
  /** Enrolment and forgetting are audited by the caller's audit helper. */
  audit: (kind: 'hall.enrol' | 'hall.forget', detail: Record<string, unknown>, actor: string) => void;
  onStatus?: (s: HallStatus) => void;
  /** Configuration flowing down (staff, catalog, calendar, till settings), applied in the sync loop's rounds. */
  config: HallConfig;
  /** Tests shorten the loop's waits. */
  timing?: Pick<SyncerOptions, 'intervalMs' | 'backoffMinMs' | 'backoffMaxMs' | 'nudgeDelayMs' | 'batchRows'>;
}

export class CounterHall {
  readonly time: HallTime;
  private readonly syncer: Syncer;
  private enrolled: boolean;
  private lastSent = '';

  constructor(private readonly deps: CounterHallDeps) {
    this.enrolled = readHallLink(deps.db) !== null;
    this.time = new HallTime(deps.clock, () => this.enrolled);
    this.syncer = new Syncer({
      db: deps.db,
      clock: deps.clock,
      state: deps.state,
      appVersion: deps.appVersion,
      hallTime: this.time,
      config: {
        versions: () => deps.config.versions(),
        wanted: (hall) => deps.config.wanted(hall),
        apply: (u) => {
          deps.config.apply(u);
          this.changed();
        },
        refuseAnswer: (hall, e) => {
          deps.config.refuseAnswer(hall, e);
          this.changed();
        },
      },
      onStatus: () => this.changed(),
      ...deps.timing,
    });
  }

  start(): void {
    this.syncer.start();
  }

  stop(): Promise<void> {
    return this.syncer.stop();
  }

  /** Something became final: a round a moment later. */
  nudge(): void {
    if (this.enrolled) this.syncer.nudge();
  }

  syncNow(): void {
    this.syncer.syncNow();
  }

  /** The hall's time now, within `timeoutMs` (sign-in, till open, settlement); false when not enrolled or unreachable. */
  readTime(timeoutMs: number): Promise<boolean> {
    return this.enrolled ? this.syncer.readTime(timeoutMs) : Promise.resolve(false);
  }

  status(): HallStatus {
    const link = readHallLink(this.deps.db);
    const s = this.syncer.status();
    return {
      hall: link ? { url: link.hall_url, hallId: link.hall_id, counterNumber: link.counter_number, fingerprint: link.fingerprint, enrolledAt: link.enrolled_at } : null,
      state: link ? (s.state === 'not_enrolled' ? 'idle' : s.state) : 'not_enrolled',
      lastSyncAt: s.lastSyncAt,
      lastAckAt: s.lastAckAt ?? this.lastAckOnDisk(),
      offlineSince: s.offlineSince,
      lastError: s.lastError,
      unsent: s.unsent,
      unsentTotal: s.unsentTotal,
      oldestUnsentAt: s.oldestUnsentAt,
      hallTime: s.hallTime,
      skewMs: s.skewMs,
      maxSkewMs: this.deps.maxSkewMs(),
      timeSource: this.deps.onHallTime() ? 'hall' : 'local',
      config: this.deps.config.status(),
      now: this.deps.clock.now(),
    };
  }

  /** Before the first answer of this run: when the hall last acknowledged rows (kept across restarts). */
  private lastAckOnDisk(): number | null {
    return (this.deps.db.prepare('SELECT max(acked_at) AS t FROM sync_cursor').get() as { t: number | null }).t;
  }

  /** Tells the screens when what they show changed (not on every internal step). */
  private changed(): void {
    if (!this.deps.onStatus) return;
    const st = this.status();
    const { now: _now, ...shown } = st;
    const key = JSON.stringify({ ...shown, hallTime: null, lastAckAt: null, skewMs: st.skewMs === null ? null : Math.round(st.skewMs / 1000) });
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.deps.onStatus(st);
  }

  /** Enrols with the hall (its address and the one-time code); the sync and the hall's time start at once. */
  async enrol(input: EnrolInput, actor: string): Promise<HallStatus> {
    const before = readHallLink(this.deps.db);
    const row = await enrolWithHall(this.deps.db, input, () => this.deps.clock.now());
    this.enrolled = true;
    if (before?.hall_id !== row.hall_id) this.time.forget();
    this.deps.audit('hall.enrol', { hallUrl: row.hall_url, hallId: row.hall_id, counter: row.counter_number, fingerprint: row.fingerprint, again: before !== null }, actor);
    this.syncer.relink();
    await this.readTime(3000);
    return this.status();
  }

  /**
   * This counter leaves its hall (a PC retired, or the hall replaced): its key and the pinned
   * certificate are deleted; its records stay, and enrolling again with the same hall continues
   * where the hall stands.
   */
  forget(actor: string): HallStatus {
    const before = readHallLink(this.deps.db);
    if (before) {
      this.deps.db.prepare('DELETE FROM sync_hall WHERE id = 1').run();
      this.deps.audit('hall.forget', { hallUrl: before.hall_url, hallId: before.hall_id, counter: before.counter_number }, actor);
    }
    this.enrolled = false;
    this.time.forget();
    this.syncer.relink();
    return this.status();
  }
}
