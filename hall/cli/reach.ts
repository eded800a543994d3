/**
 * The command line reaches the hall's data either by opening the database itself (a PostgreSQL
 * server, or an embedded folder no hall process holds) or, when a running hall holds the
 * embedded folder, through that hall's admin API on loopback.
 */
import type { AddedCounter, CounterInfo } from '../admin/counters';
import { addCounter, listCounters, revokeCounter } from '../admin/counters';
import { adminRequest } from '../admin/client';
import { HallBusyError, type HallLock } from '../storage/lock';
import { openHallStore, type StoreChoice } from '../storage/open';
import { ensureIdentity } from '../tls/identity';
import { copyInDatabase, type HallCopy } from '../verify/compare';

export interface HallAccess {
  fingerprint: string;
  addCounter(input: { number: number; label?: string; validHours?: number }): Promise<AddedCounter>;
  listCounters(): Promise<CounterInfo[]>;
  revokeCounter(number: number): Promise<CounterInfo>;
  copy: HallCopy;
  close(): Promise<void>;
}

function viaAdmin(lock: HallLock): HallAccess {
  return {
    fingerprint: lock.fingerprint ?? '',
    addCounter: (input) => adminRequest<AddedCounter>(lock, 'POST', '/v1/admin/counters', input),
    listCounters: async () => (await adminRequest<{ counters: CounterInfo[] }>(lock, 'GET', '/v1/admin/counters')).counters,
    revokeCounter: (number) => adminRequest<CounterInfo>(lock, 'POST', '/v1/admin/counters/revoke', { number }),
    copy: {
      sourceOf: async (counter, databaseId) => (await adminRequest<{ source: number | null }>(lock, 'GET', `/v1/admin/source?counter=${counter}&databaseId=${encodeURIComponent(databaseId)}`)).source,
      rows: async (f, stream) => (await adminRequest<{ rows: Awaited<ReturnType<HallCopy['rows']>> }>(lock, 'GET', `/v1/admin/replica?counter=${f.counter}&source=${f.source}&stream=${stream}`)).rows,
      findings: async (f) => (await adminRequest<{ findings: Awaited<ReturnType<HallCopy['findings']>> }>(lock, 'GET', `/v1/admin/findings?counter=${f.counter}&source=${f.source}`)).findings,
    },
    close: async () => undefined,
  };
}

export async function reachHall(choice: StoreChoice): Promise<HallAccess> {
  let store;
  try {
    store = await openHallStore(choice);
  } catch (e) {
    if (e instanceof HallBusyError) return viaAdmin(e.lock);
    throw e;
  }
  const s = store;
  const identity = await ensureIdentity(s);
  return {
    fingerprint: identity.fingerprint,
    addCounter: (input) => addCounter(s, input),
    listCounters: () => listCounters(s),
    revokeCounter: (number) => revokeCounter(s, number),
    copy: copyInDatabase(s),
    close: () => s.close(),
  };
}
