/**
 * Typed reasons and notes, kept apart from the chained records that cite them (migration
 * 010_free_text.sql): a ledger row or audit entry stores the note's id, the text stays here until
 * the retention purge blanks it. The contract has already refused personal numbers in the text
 * (base/contract/freeText.ts); names cannot be recognised, so all free text expires.
 */
import type { Db } from '../storage/db';
import type { Purger } from './retention';

/** What the text was written for, so a purge report and a reader know what went. */
export type FreeTextPurpose = string;

export interface FreeTextRow {
  id: number;
  at: number;
  purpose: FreeTextPurpose;
  text: string | null;
}

/** Stores a note and returns its id; call inside the transaction of the record that cites it. */
export function putFreeText(db: Db, purpose: FreeTextPurpose, text: string, at: number): number {
  const r = db.prepare('INSERT INTO free_text (at, purpose, text) VALUES (?, ?, ?)').run(at, purpose, text);
  return Number(r.lastInsertRowid);
}

/** The note's text, or null when it was purged (or never existed). */
export function freeTextOf(db: Db, id: number | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  const row = db.prepare('SELECT text FROM free_text WHERE id = ?').get(id) as { text: string | null } | undefined;
  return row?.text ?? null;
}

/**
 * Blanks every note typed before `before` (the retention purge). Not windowed: the partial index
 * on `at` holds only notes not yet purged, so this reads what is left, however long the history.
 */
export function purgeFreeText(db: Db, before: number): number {
  return db.prepare('UPDATE free_text SET text = NULL WHERE at < ? AND text IS NOT NULL').run(before).changes;
}

/** The retention purge's purger of free text (places.ts: free_text.text). */
export function freeTextPurger(db: Db): Purger {
  return { name: 'free_text', kind: 'database', places: ['free_text.text'], purge: ({ before }) => ({ 'free_text.text': purgeFreeText(db, before) }) };
}
