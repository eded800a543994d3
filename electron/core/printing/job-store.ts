/** print_jobs rows ↔ PrintJob (migration 004). Each write is its own committed statement. */
import type { ErrorShape } from '../../../base/contract/errors';
import { receiptDocSchema, type ReceiptDoc } from '../../../native/printer/doc';
import type { Db } from '../storage/db';
import type { PrintJob } from '../../../base/contract/printing';
import type { PrintJobState } from './types';

interface Row {
  id: number;
  kind: string;
  ref: string | null;
  title: string;
  doc_json: string;
  state: PrintJobState;
  reason_json: string | null;
  reprint_of: number | null;
  reprint_no: number;
  possible_duplicate: number;
  attempts: number;
  requested_by: string | null;
  created_at: number;
  updated_at: number;
  printed_at: number | null;
}

export interface NewJob {
  kind: string;
  ref: string | null;
  title: string;
  docJson: string;
  reprintOf: number | null;
  reprintNo: number;
  requestedBy: string | null;
  at: number;
}

export class JobStore {
  constructor(private readonly db: Db) {}

  insert(j: NewJob): number {
    const r = this.db
      .prepare(
        `INSERT INTO print_jobs (kind, ref, title, doc_json, state, reprint_of, reprint_no, requested_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
      )
      .run(j.kind, j.ref, j.title, j.docJson, j.reprintOf, j.reprintNo, j.requestedBy, j.at, j.at);
    return Number(r.lastInsertRowid);
  }

  /**
   * The retention purge of receipts printed for customers served in [from, before): the stored
   * document loses the lines its template marked personal (`personal: true`: the masked ID, the
   * business's field notes), so a reprint afterwards carries the business and the money but not
   * the person. A reprint goes by its original's time. Returns the jobs changed.
   */
  purgePersonal(from: number, before: number): number {
    return this.db
      .prepare(
        `UPDATE print_jobs SET doc_json = json_set(doc_json, '$.blocks', json((
           SELECT json_group_array(json(b.value) ORDER BY b.key) FROM json_each(print_jobs.doc_json, '$.blocks') b
           WHERE json_extract(b.value, '$.personal') IS NOT 1)))
         WHERE (id IN (SELECT id FROM print_jobs WHERE reprint_of IS NULL AND created_at >= @from AND created_at < @before)
             OR reprint_of IN (SELECT id FROM print_jobs WHERE reprint_of IS NULL AND created_at >= @from AND created_at < @before))
           AND EXISTS (SELECT 1 FROM json_each(print_jobs.doc_json, '$.blocks') b WHERE json_extract(b.value, '$.personal') IS 1)`,
      )
      .run({ from, before }).changes;
  }

  get(id: number): PrintJob | null {
    const row = this.db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(id) as Row | undefined;
    return row ? toJob(row) : null;
  }

  docJson(id: number): string | null {
    const row = this.db.prepare('SELECT doc_json FROM print_jobs WHERE id = ?').get(id) as { doc_json: string } | undefined;
    return row?.doc_json ?? null;
  }

  /** The job's document as stored, checked on the way back from disk (the one place it is read). */
  doc(id: number): ReceiptDoc | null {
    const json = this.docJson(id);
    return json === null ? null : receiptDocSchema.parse(JSON.parse(json));
  }

  /** The original (not a reprint) stored under this ref, the oldest first. */
  originalByRef(ref: string): PrintJob | null {
    const row = this.db.prepare('SELECT * FROM print_jobs WHERE ref = ? AND reprint_of IS NULL ORDER BY id LIMIT 1').get(ref) as Row | undefined;
    return row ? toJob(row) : null;
  }

  /** The oldest job waiting to print. */
  nextQueued(): PrintJob | null {
    const row = this.db.prepare(`SELECT * FROM print_jobs WHERE state = 'queued' ORDER BY id LIMIT 1`).get() as Row | undefined;
    return row ? toJob(row) : null;
  }

  inState(state: PrintJobState): PrintJob[] {
    return (this.db.prepare('SELECT * FROM print_jobs WHERE state = ? ORDER BY id').all(state) as Row[]).map(toJob);
  }

  recent(limit: number): PrintJob[] {
    return (this.db.prepare('SELECT * FROM print_jobs ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(toJob);
  }

  lastReprintNo(rootId: number): number {
    const r = this.db.prepare('SELECT MAX(reprint_no) AS n FROM print_jobs WHERE reprint_of = ?').get(rootId) as { n: number | null };
    return r.n ?? 0;
  }

  /** Marks a job as being sent: committed before its first byte leaves. */
  startPrinting(id: number, at: number): void {
    this.db
      .prepare(`UPDATE print_jobs SET state = 'printing', attempts = attempts + 1, reason_json = NULL, updated_at = ? WHERE id = ?`)
      .run(at, id);
  }

  setState(
    id: number,
    state: PrintJobState,
    at: number,
    opts: { reason?: ErrorShape | null; possibleDuplicate?: boolean; printedAt?: number; requestedBy?: string } = {},
  ): void {
    this.db
      .prepare(
        `UPDATE print_jobs SET state = ?, updated_at = ?,
           reason_json = ?,
           possible_duplicate = CASE WHEN ? IS NULL THEN possible_duplicate ELSE ? END,
           printed_at = COALESCE(?, printed_at),
           requested_by = COALESCE(?, requested_by)
         WHERE id = ?`,
      )
      .run(
        state,
        at,
        opts.reason ? JSON.stringify(opts.reason) : null,
        opts.possibleDuplicate === undefined ? null : 1,
        opts.possibleDuplicate ? 1 : 0,
        opts.printedAt ?? null,
        opts.requestedBy ?? null,
        id,
      );
  }

  /** Records what a running job waits for (paper, cover) without changing its state. */
  setReason(id: number, reason: ErrorShape | null, at: number): void {
    this.db.prepare('UPDATE print_jobs SET reason_json = ?, updated_at = ? WHERE id = ?').run(reason ? JSON.stringify(reason) : null, at, id);
  }
}

function toJob(r: Row): PrintJob {
  return {
    id: r.id,
    kind: r.kind,
    ref: r.ref,
    title: r.title,
    state: r.state,
    reason: r.reason_json ? (JSON.parse(r.reason_json) as ErrorShape) : null,
    reprintOf: r.reprint_of,
    reprintNo: r.reprint_no,
    possibleDuplicate: r.possible_duplicate === 1,
    attempts: r.attempts,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    printedAt: r.printed_at,
  };
}
