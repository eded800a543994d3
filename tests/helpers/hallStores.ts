/**
 * The hall's two storage backends for one test file: embedded PGlite in a temp folder and a
 * real PostgreSQL server (tests/helpers/pgServer.ts), so every storage test runs on both.
 * `setupHallBackends()` in a describe block starts the server once and stops it after the file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openHallStore, type StoreChoice } from '../../hall/storage/open';
import { startPgServer, type PgServer } from './pgServer';
export { enrolledCounter } from './replicaRows';

export type BackendName = 'pglite' | 'server';
export const BACKENDS: BackendName[] = ['pglite', 'server'];

export interface Backends {
  /** A fresh, empty hall database on that backend (its storage choice, not yet opened). */
  fresh(kind: BackendName): Promise<StoreChoice>;
  open(choice: StoreChoice): ReturnType<typeof openHallStore>;
  server(): PgServer;
}

let n = 0;

export function setupHallBackends(): Backends {
  let pg: PgServer | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    pg = await startPgServer();
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return {
    async fresh(kind) {
      if (kind === 'pglite') {
        const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-'));
        dirs.push(d);
        return { dataDir: d };
      }
      return { databaseUrl: await pg!.createDatabase(`hall_${process.pid}_${n++}`) };
    },
    open: (choice) => openHallStore(choice),
    server: () => pg!,
  };
}
