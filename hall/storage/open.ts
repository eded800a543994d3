/**
 * Opens the hall's storage from the command line's choice — `--database-url` (a PostgreSQL
 * server) or `--data-dir` (embedded PGlite, the default) — and brings its schema up to date.
 */
import { migrate } from './migrate';
import { openPglite } from './pglite';
import { openPgServer } from './pgServer';
import type { HallStore } from './port';

export interface StoreChoice {
  dataDir?: string;
  databaseUrl?: string;
}

export async function openHallStore(choice: StoreChoice): Promise<HallStore & { schemaVersion: number }> {
  if (!choice.databaseUrl && !choice.dataDir) throw new Error('openHallStore: a data dir or a database URL is required');
  const store = choice.databaseUrl ? await openPgServer(choice.databaseUrl) : await openPglite(choice.dataDir!);
  try {
    const schemaVersion = await migrate(store);
    return Object.assign(store, { schemaVersion });
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
}
