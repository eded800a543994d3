/**
 * The retention purge as the counter runs it: one purger per module that owns a place of the
 * list (privacy/places.ts) — the journeys, free text, the print queue's receipts, the hall
 * outbox, the log files — checked complete at start, run at start and once a day. Each module
 * runs its own SQL on its own tables; this file only hands them to the purge.
 */
import type { Clock } from '../../../base/clock';
import type { AuditLog } from '../audit/auditLog';
import type { JourneyService } from '../journey/service';
import { JOURNEY_PLACES } from '../journey/store';
import type { Logger } from '../log';
import { freeTextPurger } from '../privacy/freeTextStore';
import { Retention, type PurgeResult } from '../privacy/retention';
import type { PrintQueue } from '../printing/queue';
import type { Db } from '../storage/db';
import { purgeOutboxPersonal } from '../sync/outbox';
import type { PendingCardStore } from './pendingCard';

export interface CounterRetention {
  retention: Retention;
  /** Runs the purge now (at start, daily, and from tests); null when it failed (logged). */
  purgeNow(actor?: string | null): PurgeResult | null;
}

export function counterRetention(o: {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  retentionDays: () => number;
  journeys: JourneyService;
  queue: PrintQueue;
  pendingCard: PendingCardStore;
}): CounterRetention {
  const retention = new Retention(o.db, o.audit, o.retentionDays);
  retention.add({ name: 'journeys', kind: 'database', places: JOURNEY_PLACES, purge: ({ from, before }) => o.journeys.purgePersonal(from, before) });
  retention.add(freeTextPurger(o.db));
  retention.add({ name: 'print_jobs', kind: 'database', places: ['print_jobs.doc_json'], purge: ({ from, before }) => ({ 'print_jobs.doc_json': o.queue.purgePersonal(from, before) }) });
  retention.add({ name: 'sync_outbox', kind: 'database', places: ['sync_outbox.data'], purge: ({ from, before }) => ({ 'sync_outbox.data': purgeOutboxPersonal(o.db, from, before) }) });
  retention.add({ name: 'logs', kind: 'outside', places: ['logs/counterdesk*.log'], purge: ({ before }) => ({ 'logs/counterdesk*.log': o.log.purgeBefore(before).length }) });
  retention.assertComplete();
  return {
    retention,
    purgeNow(actor = null) {
      try {
        // A card left on the desk is memory, not a record: it goes whatever the period.
        o.pendingCard.expire();
        const r = retention.purgeExpired(o.clock.now(), actor);
        const purged = r.places.filter((p) => p.count > 0);
        if (purged.length > 0) o.log.info('privacy', `retention purge before ${new Date(r.cutoff).toISOString()}: ${purged.map((p) => `${p.place} ${p.count}`).join(', ')}`);
        return r;
      } catch (e) {
        o.log.error('privacy', `retention purge: ${e instanceof Error ? e.message : String(e)}`);
        return null;
      }
    },
  };
}
