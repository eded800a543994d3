/** Command-line arguments shared by the hall's commands: where the database is. */
import os from 'node:os';
import path from 'node:path';
import type { StoreChoice } from '../storage/open';

export function storeChoice(values: { 'data-dir'?: string; 'database-url'?: string }): StoreChoice {
  const url = values['database-url'] ?? process.env.COUNTERDESK_HALL_DATABASE_URL;
  if (url) return { databaseUrl: url };
  return { dataDir: path.resolve(values['data-dir'] ?? process.env.COUNTERDESK_HALL_DATA_DIR ?? path.join(os.homedir(), '.counterdesk-hall')) };
}

export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
} as const;
