/**
 * The queue's part of the hall soak (`npm run -s day -- --counters N --hall --queue`): customers
 * arrive at the floating guide — some without their documents (turned away), some with a payment
 * the guide sends to the self-service machines, some elderly or disabled (priority) — take tickets
 * through the guide's page, and the counters call them through their signed links, serve them or,
 * when the customer has gone, recall them until they may mark a no-show. Through the soak's
 * faults (the hall restarted, counters killed) a counter retries what failed: a call whose answer
 * was lost is found again with `status`.
 *
 * The summary's `queue: {tickets, served, noShows, turnedAway, selfService, duplicateCalls,
 * maxWaitMs}` is checked: `duplicateCalls` (a ticket handed to two counters as a new call) must be
 * 0 and `served + noShows + stillWaiting` must equal `tickets`.
 *
 * Played by the hall soak's `--queue` (hallQueue.ts: the guide's page client, the counters' signed
 * links, arrivals paced by the counters' customers; queueCheck.ts checks the hall's database), and
 * on its own in tests/integration/hall/queue-day.test.ts. `runQueueDay` runs the arrivals and the
 * calling together and returns the summary as the counters saw it.
 */
import { QUEUE_COUNTER_PATH, type QueueCounterAnswer, type QueueCounterRequest } from '../../base/contract/queue';
import type { PageClient } from '../helpers/hallPage';
import type { Rng } from './rng';

export interface QueueSummary {
  tickets: number;
  served: number;
  noShows: number;
  turnedAway: number;
  selfService: number;
  duplicateCalls: number;
  /** The longest issue → first call the hall measured (its figures), ms. */
  maxWaitMs: number;
  /** Tickets still waiting or called but not finished when the day closed. */
  stillWaiting: number;
}

/** A counter as the soak drives it: its number and its signed POST to the hall. */
export interface QueueCounter {
  number: number;
  post(path: string, body: QueueCounterRequest): Promise<unknown>;
}

export interface QueueDayOptions {
  guide: PageClient;
  counters: QueueCounter[];
  customers: number;
  rng: Rng;
  /** Chances per arriving customer. */
  pNoDocuments?: number;
  pPayment?: number;
  pSelfServiceAccepted?: number;
  pPriority?: number;
  /** A called customer who has gone home (a no-show). */
  pGone?: number;
  /** How long the guide waits between customers, and a counter between calls when nobody waits (ms). */
  arrivalMs?: number;
  idleMs?: number;
  /** The soak's faults: a failed request is retried after this (ms). */
  retryMs?: number;
  log?: (line: string) => void;
  /** Awaited before customer i (from 0) arrives, instead of waiting `arrivalMs`: the hall soak spreads arrivals over its day. */
  arrive?: (i: number) => Promise<void>;
  /** Told after each ticket issued (the soak times its faults by it). */
  onIssued?: (tickets: number) => void;
}

const BUSINESSES = ['new_line', 'plan_change', 'vas_toggle', 'sim_replacement', 'owner_transfer', 'account_closure', 'invoice_print'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the guide and the counters until every customer arrived and nobody is waiting any more. */
export async function runQueueDay(o: QueueDayOptions): Promise<QueueSummary> {
  const retryMs = o.retryMs ?? 200;
  const log = o.log ?? (() => undefined);
  const issued = new Set<number>();
  const firstCalls = new Map<number, number>(); // ticket → the counter it was first called to
  let duplicateCalls = 0;
  let turnedAway = 0;
  let selfService = 0;
  let served = 0;
  let noShows = 0;
  let arriving = true;
  const gone = new Set<number>();

  /** A page call retried through the hall's restarts. */
  async function page<T>(f: () => Promise<{ ok: true; result: T } | { ok: false; error: { code: string; message_en: string } }>): Promise<T> {
    for (;;) {
      try {
        const r = await f();
        if (r.ok) return r.result;
        if (r.error.code !== 'NOT_SIGNED_IN') throw new Error(`guide refused: ${r.error.code} ${r.error.message_en}`);
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('guide refused')) throw e;
      }
      await sleep(retryMs);
    }
  }

  const guide = (async () => {
    for (let i = 0; i < o.customers; i++) {
      if (o.arrive) await o.arrive(i);
      const payment = o.rng.chance(o.pPayment ?? 0.25);
      const business = payment ? 'top_up' : o.rng.pick(BUSINESSES);
      if (!payment && o.rng.chance(o.pNoDocuments ?? 0.1)) {
        await page(() => o.guide.call('queue.turnAway', { business, reason: o.rng.pick(['no_id', 'documents_incomplete', 'holder_absent'] as const) }));
        turnedAway++;
      } else if (payment && o.rng.chance(o.pSelfServiceAccepted ?? 0.6)) {
        await page(() => o.guide.call('queue.selfService', { business }));
        selfService++;
      } else {
        const t = await page(() => o.guide.call('queue.issue', { business, priority: o.rng.chance(o.pPriority ?? 0.08) }));
        issued.add(t.ticket.id);
        o.onIssued?.(issued.size);
        if (o.rng.chance(o.pGone ?? 0.05)) gone.add(t.ticket.id);
      }
      if (!o.arrive) await sleep(o.arrivalMs ?? 20);
    }
    arriving = false;
    log(`queue: ${o.customers} customers arrived (${issued.size} tickets)`);
  })();

  async function act(c: QueueCounter, body: QueueCounterRequest): Promise<QueueCounterAnswer | { refused: string }> {
    for (;;) {
      try {
        return (await c.post(QUEUE_COUNTER_PATH, body)) as QueueCounterAnswer;
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        if (code.startsWith('QUEUE_')) return { refused: code };
        await sleep(retryMs); // the hall is away (a restart): the counter tries again
      }
    }
  }

  const counter = async (c: QueueCounter) => {
    for (;;) {
      // What this counter holds (a call whose answer was lost to a fault is found here).
      let a = await act(c, { action: 'status' });
      let t = 'ticket' in a ? a.ticket : null;
      if (t?.state === 'serving') {
        // Served before a fault took the answer to 'finish' (or the finish itself): finish it now.
        const f = await act(c, { action: 'finish', ticketId: t.id, journeyId: `soak-${c.number}-${t.id}` });
        if (!('refused' in f)) served++;
        continue;
      }
      if (!t) {
        a = await act(c, { action: 'next' });
        t = 'ticket' in a ? a.ticket : null;
        // A call whose answer a fault took: the hall holds it for this counter, and status finds it.
        if ('refused' in a && a.refused === 'QUEUE_CALLED_PENDING') continue;
        if (!t) {
          if (!arriving) return;
          await sleep(o.idleMs ?? 30);
          continue;
        }
        const before = firstCalls.get(t.id);
        if (before !== undefined && before !== c.number) duplicateCalls++;
        firstCalls.set(t.id, c.number);
      }
      if (gone.has(t.id)) {
        // Nobody comes: call again until a no-show may be marked.
        let r = await act(c, { action: 'recall', ticketId: t.id });
        while (!('refused' in r)) r = await act(c, { action: 'recall', ticketId: t.id });
        const n = await act(c, { action: 'no_show', ticketId: t.id });
        if (!('refused' in n)) noShows++;
      } else {
        await act(c, { action: 'serve', ticketId: t.id, journeyId: `soak-${c.number}-${t.id}` });
        const f = await act(c, { action: 'finish', ticketId: t.id, journeyId: `soak-${c.number}-${t.id}` });
        if (!('refused' in f)) served++;
      }
    }
  };

  await Promise.all([guide, ...o.counters.map(counter)]);
  const figures = await page(() => o.guide.call('queue.figures', {}));
  return {
    tickets: figures.total.tickets,
    served,
    noShows,
    turnedAway,
    selfService,
    duplicateCalls,
    maxWaitMs: figures.total.maxWaitMs ?? 0,
    stillWaiting: figures.total.tickets - figures.total.served - figures.total.noShows,
  };
}

/** The soak's check of the queue's summary: what must hold after any day, faults or not. */
export function queueViolations(s: QueueSummary): string[] {
  const out: string[] = [];
  if (s.duplicateCalls !== 0) out.push(`queue: ${s.duplicateCalls} ticket(s) called at two counters`);
  if (s.served + s.noShows + s.stillWaiting !== s.tickets) out.push(`queue: served ${s.served} + no-shows ${s.noShows} + still waiting ${s.stillWaiting} ≠ tickets ${s.tickets}`);
  return out;
}
