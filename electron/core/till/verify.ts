/**
 * Independent check of the cash ledger: the sealed chain (../storage/sealedChain.ts: each row's
 * keyed hash, links, sequence from 1, the sealed head and epoch, the printed anchors given), then
 * every settlement's anchor and every settlement's stored totals against the rows. Returns the
 * first problem, naming the row (or the settlement) so the auditor knows where to look.
 */
import { canonicalJson } from '../../../base/node/chain';
import type { Db } from '../storage/db';
import { verifySealedChain, type ChainAnchor, type ChainProblemCode } from '../storage/sealedChain';
import { LEDGER_CHAIN } from './ledger';
import { sessionTotals } from './totals';

export type LedgerProblemCode = ChainProblemCode | 'settlement_anchor_mismatch' | 'totals_mismatch' | 'bad_correction';

export interface LedgerProblem {
  code: LedgerProblemCode;
  /** The first bad row, when the problem is one row. */
  seq?: number;
  sessionId?: number;
  zNo?: number;
  message_zh: string;
  message_en: string;
}

export interface LedgerVerification {
  ok: boolean;
  rows: number;
  settlements: number;
  /** Whether row contents were checked with the ledger key (false: it is not at hand here). */
  keyed: boolean;
  last: { seq: number; hash: string };
  problem: LedgerProblem | null;
}

/** `key`: the ledger chain's key, or null where it is not at hand (then hashes and seals go unchecked; links, head position and anchors do not). */
export function verifyLedger(db: Db, key: Buffer | null, anchors: readonly ChainAnchor[] = []): LedgerVerification {
  const chain = verifySealedChain(db, LEDGER_CHAIN, key, anchors);
  const settlements = (db.prepare('SELECT COUNT(*) AS n FROM till_settlement').get() as { n: number }).n;
  const base = { rows: chain.rows, settlements, keyed: chain.keyed, last: chain.last };
  const fail = (p: LedgerProblem): LedgerVerification => ({ ok: false, ...base, problem: p });
  if (chain.problem) return fail(chain.problem);

  const badCorrection = db.prepare(`SELECT c.seq FROM till_ledger c LEFT JOIN till_ledger o ON o.seq = c.corrects_seq
    WHERE c.corrects_seq IS NOT NULL AND (o.seq IS NULL OR o.session_id <> c.session_id OR o.kind <> c.kind OR o.amount_fen <> -c.amount_fen)
    ORDER BY c.seq LIMIT 1`).get() as { seq: number } | undefined;
  if (badCorrection) {
    return fail({
      code: 'bad_correction', seq: badCorrection.seq,
      message_zh: `第 ${badCorrection.seq} 条账务记录：更正记录与被更正的记录不对应`, message_en: `Ledger row seq ${badCorrection.seq}: the correction does not reverse the row it points to`,
    });
  }

  const stmt = db.prepare('SELECT session_id, z_no, head_seq, head_hash, totals_json, expected_fen, counted_fen, variance_fen FROM till_settlement ORDER BY z_no');
  const anchorRow = db.prepare('SELECT hash FROM till_ledger WHERE seq = ?');
  for (const s of stmt.iterate() as IterableIterator<{ session_id: number; z_no: number; head_seq: number; head_hash: string; totals_json: string; expected_fen: number; counted_fen: number; variance_fen: number }>) {
    const anchored = anchorRow.get(s.head_seq) as { hash: string } | undefined;
    if (!anchored || anchored.hash !== s.head_hash) {
      return fail({
        code: 'settlement_anchor_mismatch', seq: s.head_seq, sessionId: s.session_id, zNo: s.z_no,
        message_zh: `第 ${s.z_no} 号结账报表锚定的第 ${s.head_seq} 号记录与链不符，账务被重写`,
        message_en: `Settlement Z${s.z_no} anchors ledger row seq ${s.head_seq}, which no longer matches: the ledger was rewritten`,
      });
    }
    const now = sessionTotals(db, s.session_id);
    if (canonicalJson(now) !== canonicalJson(JSON.parse(s.totals_json)) || now.expectedCashFen !== s.expected_fen || s.counted_fen - s.expected_fen !== s.variance_fen) {
      const firstRow = (db.prepare('SELECT MIN(seq) AS s FROM till_ledger WHERE session_id = ?').get(s.session_id) as { s: number | null }).s;
      return fail({
        code: 'totals_mismatch', sessionId: s.session_id, zNo: s.z_no, ...(firstRow !== null ? { seq: firstRow } : {}),
        message_zh: `第 ${s.z_no} 号结账报表（班次 ${s.session_id}）保存的合计与账务记录之和不符`,
        message_en: `Settlement Z${s.z_no} (session ${s.session_id}): the stored totals do not match the sum of its ledger rows`,
      });
    }
  }
  return { ok: true, ...base, problem: null };
}
