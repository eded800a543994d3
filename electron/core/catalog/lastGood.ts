/**
 * The hall's catalog file, or — when it is refused — the last good one this counter used (kept
 * in the database), or the bundled default: never no catalog, and the refusal is shown.
 */
import fs from 'node:fs';
import type { BilingualError } from '../../../base/contract/errors';
import type { Db } from '../storage/db';
import { readMeta, writeMeta } from '../storage/meta';
import { CatalogLoader, defaultCatalogPath } from './loader';

const LAST_GOOD = 'catalog.lastGood';

export function loadCatalogWithFallback(db: Db, file: string): { loader: CatalogLoader; error: BilingualError | null } {
  const loader = new CatalogLoader();
  const loaded = loader.loadFile(file);
  if (loaded.ok) {
    writeMeta(db, LAST_GOOD, fs.readFileSync(file, 'utf8'));
    return { loader, error: null };
  }
  const last = readMeta(db, LAST_GOOD);
  if (!(last !== null && loader.loadText(last, 'last good catalog').ok)) loader.loadFile(defaultCatalogPath());
  return { loader, error: loaded.error };
}
