// The list of places that can hold personal data is complete for the real schema: every table is
// either named with what it holds and how long, or said to hold nothing personal and why. A new
// table (another module's migration) fails here until it is classified.
import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA, TABLES_WITHOUT_PERSONAL_DATA } from '../../../electron/core/privacy/places';
import { openDatabase } from '../../../electron/core/storage/db';
import { tempDir } from '../../helpers/tempDir';

describe('the list of places with personal data', () => {
  const { db } = openDatabase({ dataDir: tempDir() });
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const columns = (t: string) => new Set((db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name));
  /** `table.column` places of the database (a place may name several, comma-separated). */
  const dbPlaces = PERSONAL_DATA.filter((p) => p.where === 'database').flatMap((p) => p.place.split(',').map((s) => s.trim()));

  it('classifies every table of the schema, once', () => {
    const named = new Set(dbPlaces.map((p) => p.split('.')[0]!));
    for (const t of tables) {
      expect(named.has(t) || t in TABLES_WITHOUT_PERSONAL_DATA, `table ${t} is in neither list (electron/core/privacy/places.ts)`).toBe(true);
    }
    for (const t of Object.keys(TABLES_WITHOUT_PERSONAL_DATA)) expect(tables, `${t} (no such table)`).toContain(t);
  });

  it('names only columns that exist', () => {
    for (const p of dbPlaces) {
      const [t, c] = p.split('.') as [string, string];
      expect(columns(t).has(c), p).toBe(true);
    }
  });

  it('a table named with a retention period is not also said to hold nothing personal', () => {
    const retained = new Set(PERSONAL_DATA.filter((p) => p.where === 'database' && p.lives === 'retention').map((p) => p.place.split('.')[0]!));
    for (const t of retained) expect(t in TABLES_WITHOUT_PERSONAL_DATA, t).toBe(false);
  });
});
