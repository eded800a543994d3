/**
 * Typed reasons and notes, kept apart from the chained records that cite them (migration
 * 010_free_text.sql): a ledger row or audit entry stores the note's id, the text stays here until
 * the retention purge blanks it. The contract has already refused personal numbers in the text
 * (base/contract/freeText.ts); names cannot be recognised, so all free text expires.
 */
import type { Db } from '../storage/db';

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

/** The retention registry's entry for free text (electron/core/privacy/retention.ts). */
export const FREE_TEXT_RETENTION = { table: 'free_text', timeColumn: 'at', personalColumns: ['text'] } as const;
