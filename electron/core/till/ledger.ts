/**
 * The cash ledger: one append-only, hash-chained row per movement, across the whole ledger.
 *
 * Sign convention (why change is never double-counted): a cash sale records due, tendered and
 * change for the receipt, but posts only the net that stays in the drawer (amount = tendered -
 * change = due). The change handed back is never posted as a row of its own; the `change` kind
 * is only for change given outside a recorded sale. So expected cash is simply the sum of
 * amount_fen over the session's cash rows.
 *
 * Non-cash tenders post their amount with tender wechat/alipay/unionpay; they are summed per
 * tender and never touch expected cash.
 */
import { chainHash, GENESIS, type ChainKey } from '../../../base/node/chain';
import type { Tender } from '../../../base/contract/tenders';
import type { Db } from '../storage/db';
import { writeHead, type ChainSpec } from '../storage/sealedChain';

export type { Tender };

export const LEDGER_KINDS = ['float', 'sale', 'change', 'refund', 'drop', 'cash_in', 'cash_out', 'item_use'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerRow {
  seq: number;
  session_id: number;
  at: number;
  kind: LedgerKind;
  tender: Tender | null;
  amount_fen: number;
  due_fen: number | null;
  tendered_fen: number | null;
  change_fen: number | null;
  item: string | null;
  qty: number | null;
  /** A journey effect's idempotency key (never typed text: typed text goes to note_id). */
  ref: string | null;
  /** Rows before migration 052 only: typed reasons now live in free_text (note_id). */
  reason: string | null;
  corrects_seq: number | null;
  /** Whose till it is: the session's clerk. */
  staff_no: string;
  /** Who did it (the clerk, or a duty manager who took the counter over); null on rows before migration 052. */
  actor_staff_no: string | null;
  /** The typed reason or bag number in free_text (purgeable), cited by id. */
  note_id: number | null;
  prev_hash: string;
  hash: string;
}

export type NewLedgerRow = Omit<LedgerRow, 'seq' | 'prev_hash' | 'hash'>;

/**
 * The hashed columns: every column except prev_hash and hash, null included — except the
 * columns added by migration 052, which count only when set, so rows written before them verify
 * as they were hashed.
 */
export function rowPayload(r: Omit<LedgerRow, 'prev_hash' | 'hash'>): Record<string, unknown> {
  return {
    seq: r.seq, session_id: r.session_id, at: r.at, kind: r.kind, tender: r.tender,
    amount_fen: r.amount_fen, due_fen: r.due_fen, tendered_fen: r.tendered_fen, change_fen: r.change_fen,
    item: r.item, qty: r.qty, ref: r.ref, reason: r.reason, corrects_seq: r.corrects_seq, staff_no: r.staff_no,
    ...(r.actor_staff_no != null ? { actor_staff_no: r.actor_staff_no } : {}),
    ...(r.note_id != null ? { note_id: r.note_id } : {}),
  };
}

/** The ledger as a sealed chain (../storage/sealedChain.ts). */
export const LEDGER_CHAIN: ChainSpec<LedgerRow> = {
  name: 'ledger', table: 'till_ledger', headTable: 'till_ledger_head', noun: { zh: '账务记录', en: 'Ledger row' }, payload: rowPayload,
};

export interface LedgerHead {
  seq: number;
  hash: string;
  at: number;
}

interface Stmts {
  head: import('better-sqlite3').Statement<[], LedgerHead>;
  insert: import('better-sqlite3').Statement<LedgerRow>;
  bySeq: import('better-sqlite3').Statement<[number], LedgerRow>;
  byRef: import('better-sqlite3').Statement<[string], { seq: number }>;
}
const cache = new WeakMap<Db, Stmts>();
function stmts(db: Db): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = {
      head: db.prepare('SELECT seq, hash, at FROM till_ledger ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare(`INSERT INTO till_ledger
        (seq, session_id, at, kind, tender, amount_fen, due_fen, tendered_fen, change_fen, item, qty, ref, reason, corrects_seq, staff_no,
         actor_staff_no, note_id, prev_hash, hash)
        VALUES (@seq, @session_id, @at, @kind, @tender, @amount_fen, @due_fen, @tendered_fen, @change_fen, @item, @qty, @ref, @reason, @corrects_seq, @staff_no,
         @actor_staff_no, @note_id, @prev_hash, @hash)`),
      bySeq: db.prepare('SELECT * FROM till_ledger WHERE seq = ?'),
      // till_ledger_ref (migration 006) keeps this fast whatever the ledger's history.
      byRef: db.prepare('SELECT seq FROM till_ledger WHERE ref = ? LIMIT 1'),
    };
    cache.set(db, s);
  }
  return s;
}

/** The last row of the whole ledger (its seq, hash and time), or null when it is empty. */
export function ledgerHead(db: Db): LedgerHead | null {
  return stmts(db).head.get() ?? null;
}

export function ledgerRow(db: Db, seq: number): LedgerRow | null {
  return stmts(db).bySeq.get(seq) ?? null;
}

/** Whether a row carrying this ref (a journey effect's idempotency key) is on the ledger. */
export function hasRef(db: Db, ref: string): boolean {
  return stmts(db).byRef.get(ref) !== undefined;
}

/**
 * Appends one row after the current head, hashed with the chain's key, and moves the sealed head.
 * Must run inside a write transaction (the caller's `db.transaction(...).immediate()`), so two
 * writers cannot both chain onto the same head.
 */
export function appendInTx(db: Db, key: NonNullable<ChainKey>, row: NewLedgerRow): LedgerRow {
  const s = stmts(db);
  const head = s.head.get();
  const seq = head ? head.seq + 1 : 1;
  const prev_hash = head ? head.hash : GENESIS;
  const base = { ...row, seq };
  const full: LedgerRow = { ...base, prev_hash, hash: chainHash(prev_hash, rowPayload(base), key) };
  s.insert.run(full);
  writeHead(db, LEDGER_CHAIN, key, seq, full.hash);
  return full;
}
