/**
 * The hall soak's queue (`--queue`): the floating guide and the counters' calling, played by
 * queueDay.ts alongside the counters' days and through the same faults.
 *
 * - The hall's administrator (the counters' own administrator, 9001) makes the first-start account
 *   on the hall page and the accounts of the counters' clerk and duty manager, with the secrets
 *   they use at the counters: once a hall has accounts it manages the staff of every counter (a
 *   counter's local accounts not on the hall are deactivated), so each counter takes them at its
 *   enrolment, before the clerk signs in (day.ts, `staffOnHall`).
 * - That administrator's page session is the guide at the door (an administrator may do what a
 *   guide does, and reads the day's figures at the end). One customer arrives for each customer
 *   the counters of the hall finish, so arrivals spread over the whole day and meet the hall's
 *   restart and the network cut.
 * - Each counter calls through its own signed, pinned HallLink — the key and the hall's address
 *   its duty manager's `hall.enrol` stored in the counter's database (counter 2's address is the
 *   proxy whose network the soak cuts) — read once the counter is enrolled. The counters' apps
 *   do not call the tickets themselves: their greet step takes a typed ticket in the day's
 *   customers (customer.ts), so a counter app's kill does not touch the queue's calling.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { Db } from '../../electron/core/storage/db';
import { readHallLink } from '../../electron/core/sync/enrol';
import { HallLink } from '../../electron/core/sync/hallLink';
import { COUNTER_DB_FILE } from '../../hall/verify/compare';
import { STAFF } from '../helpers/counterDay';
import { HALL_ADMIN_TOKEN } from '../helpers/hallProcess';
import { PageClient } from '../helpers/hallPage';
import { runQueueDay, type QueueCounter, type QueueSummary } from './queueDay';
import { Rng } from './rng';

export interface HallQueueOptions {
  hallUrl: string;
  certPem: string;
  counters: number[];
  /** Customers at the guide's door over the day (one per customer the counters finish). */
  arrivals: number;
  seed: number;
  /** The hall's clock: the counters' signed requests carry its time. */
  clockAt(): number;
  log(line: string): void;
}

export interface HallQueue {
  /** Counter n is enrolled: its signed link is in the database of `dataDir`. */
  enrolled(n: number, dataDir: string): void;
  /** The counters of the hall finished `served` customers between them: that many may have arrived at the guide. */
  progressed(served: number): void;
  /** The counters' days are over: whoever has not arrived yet comes now. */
  daysOver(): void;
  done: Promise<QueueSummary>;
  /** Counters whose day never enrolled them (a failed day): nothing can be called there. */
  notEnrolled(): number[];
  close(): void;
}

/** Puts the counters' people on the hall, signs the guide in and starts the queue's day; the counters' links come as each counter enrols. */
export async function startHallQueue(o: HallQueueOptions): Promise<HallQueue> {
  const guide = new PageClient(o.hallUrl, o.certPem);
  const must = <T>(what: string, r: { ok: true; result: T } | { ok: false; error: { code: string; message_en: string } }): T => {
    if (!r.ok) throw new Error(`hall page: ${what}: ${r.error.code} ${r.error.message_en}`);
    return r.result;
  };
  must('first-start administrator', await guide.call('session.setup', { setupToken: HALL_ADMIN_TOKEN, staffNo: STAFF.admin.staffNo, name: STAFF.admin.name, password: STAFF.admin.secret }));
  must('the clerk', await guide.call('staff.create', { staffNo: STAFF.clerk.staffNo, name: STAFF.clerk.name, role: 'clerk', secret: STAFF.clerk.secret }));
  must('the duty manager', await guide.call('staff.create', { staffNo: STAFF.manager.staffNo, name: STAFF.manager.name, role: 'duty_manager', secret: STAFF.manager.secret }));

  const links = new Map<number, { link: Promise<HallLink>; resolve(l: HallLink): void }>();
  for (const n of o.counters) {
    let resolve!: (l: HallLink) => void;
    links.set(n, { link: new Promise<HallLink>((r) => (resolve = r)), resolve });
  }
  const opened: HallLink[] = [];
  const enrolled = new Set<number>();
  let reached = 0;
  const gates: { at: number; open(): void }[] = [];
  const counters: QueueCounter[] = o.counters.map((n) => ({
    number: n,
    // A queue call is what a clerk waits on: the counter's own 4 s timeout (docs/queue.md).
    post: async (p, body) => (await links.get(n)!.link).post(p, body, 4000),
  }));

  const done = runQueueDay({
    guide,
    counters,
    customers: o.arrivals,
    rng: new Rng(o.seed + 1_000_003),
    pGone: 0.1,
    // A clerk with nobody waiting looks again after a second, not in a tight loop against the hall.
    idleMs: 1000,
    retryMs: 250,
    arrive: (i) => (i <= reached ? Promise.resolve() : new Promise<void>((open) => gates.push({ at: i, open }))),
    log: o.log,
  });

  const progressed = (served: number) => {
    reached = Math.max(reached, served);
    for (const g of gates.filter((g) => g.at <= reached)) {
      gates.splice(gates.indexOf(g), 1);
      g.open();
    }
  };

  return {
    enrolled(n, dataDir) {
      const db = new Database(path.join(dataDir, COUNTER_DB_FILE), { readonly: true, fileMustExist: true });
      try {
        const row = readHallLink(db as unknown as Db);
        if (!row) throw new Error(`counter ${n} reported enrolled but its database holds no hall link`);
        const link = new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, n, row.private_key_pem, () => o.clockAt());
        opened.push(link);
        enrolled.add(n);
        links.get(n)!.resolve(link);
      } finally {
        db.close();
      }
    },
    progressed,
    daysOver: () => progressed(Infinity),
    done,
    notEnrolled: () => o.counters.filter((n) => !enrolled.has(n)),
    close() {
      for (const l of opened) l.close();
    },
  };
}
