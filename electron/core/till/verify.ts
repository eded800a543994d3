/**
 * Independent check of the cash ledger: the hash chain row by row, the head pointer (a deleted
 * tail), every settlement's anchor, and every settlement's stored totals against the rows.
 * Returns the first problem, naming the row (or the settlement) so the auditor knows where to look.
 */
import { canonicalJson, verifyChain } from '../../../base/node/chain';
import type { Db } from '../storage/db';
import { rowPayload, type LedgerRow } from './ledger';
import { sessionTotals } from './totals';

export type LedgerProblemCode =
  | 'hash_mismatch' | 'prev_mismatch' | 'sequence_gap' | 'tail_missing' | 'head_mismatch'
  | 'anchor_mismatch' | 'totals_mismatch' | 'bad_correction';

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
  problem: LedgerProblem | null;
}

function rowProblem(code: LedgerProblemCode, seq: number, zh: string, en: string): LedgerProblem {
  return { code, seq, message_zh: `第 ${seq} 号账务记录：${zh}`, message_en: `Ledger row seq ${seq}: ${en}` };
}

export function verifyLedger(db: Db): LedgerVerification {
  let rows = 0;
  let lastSeq = 0;
  let lastHash: string | null = null;
  const counted = (function* () {
    for (const r of db.prepare('SELECT * FROM till_ledger ORDER BY seq').iterate() as IterableIterator<LedgerRow>) {
      rows++;
      yield r;
    }
  })();
  let first = true;
  let brk: ReturnType<typeof verifyChain> = null;
  // verifyChain does not know the chain starts at seq 1: check that on the way through.
  const withStart = (function* () {
    for (const r of counted) {
      if (first && r.seq !== 1) {
        brk = { id: r.seq, reason: 'sequence_gap' };
        return;
      }
      first = false;
      yield r;
      lastSeq = r.seq;
      lastHash = r.hash;
    }
  })();
  brk = verifyChain(withStart, (r) => r.seq, (r) => rowPayload(r), (r) => r.seq) ?? brk;
  const settlements = (db.prepare('SELECT COUNT(*) AS n FROM till_settlement').get() as { n: number }).n;
  const fail = (p: LedgerProblem): LedgerVerification => ({ ok: false, rows, settlements, problem: p });

  if (brk) {
    const seq = Number(brk.id);
    if (brk.reason === 'hash_mismatch') return fail(rowProblem('hash_mismatch', seq, '内容与哈希不符，记录被改动', 'its content does not match its hash: the row was altered'));
    if (brk.reason === 'prev_mismatch') return fail(rowProblem('prev_mismatch', seq, '与上一条记录的链接断开，上一条记录被删除或替换，或本条被改动', 'its link to the previous row is broken: the previous row was deleted or replaced, or this row was altered'));
    const before = (db.prepare('SELECT MAX(seq) AS s FROM till_ledger WHERE seq < ?').get(seq) as { s: number | null }).s ?? 0;
    const missing = before + 1;
    return fail({
      code: 'sequence_gap', seq: missing,
      message_zh: `第 ${missing} 号账务记录缺失（第 ${before} 号之后直接是第 ${seq} 号），记录被删除`,
      message_en: `Ledger row seq ${missing} is missing (seq ${seq} follows seq ${before}): rows were deleted`,
    });
  }

  const head = db.prepare('SELECT seq, hash FROM till_ledger_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  if (head && head.seq > lastSeq) {
    return fail({
      code: 'tail_missing', seq: lastSeq + 1,
      message_zh: `第 ${lastSeq + 1} 号至第 ${head.seq} 号账务记录缺失（链尾被删除）`,
      message_en: `Ledger rows seq ${lastSeq + 1} to ${head.seq} are missing (the end of the chain was deleted)`,
    });
  }
  if ((head && (head.seq !== lastSeq || head.hash !== lastHash)) || (!head && rows > 0)) {
    return fail(rowProblem('head_mismatch', lastSeq, '与记录的链尾不一致', 'it does not match the recorded chain head'));
  }

  const badCorrection = db.prepare(`SELECT c.seq FROM till_ledger c LEFT JOIN till_ledger o ON o.seq = c.corrects_seq
    WHERE c.corrects_seq IS NOT NULL AND (o.seq IS NULL OR o.session_id <> c.session_id OR o.kind <> c.kind OR o.amount_fen <> -c.amount_fen)
    ORDER BY c.seq LIMIT 1`).get() as { seq: number } | undefined;
  if (badCorrection) return fail(rowProblem('bad_correction', badCorrection.seq, '更正记录与被更正的记录不对应', 'the correction does not reverse the row it points to'));

  const stmt = db.prepare('SELECT session_id, z_no, head_seq, head_hash, totals_json, expected_fen, counted_fen, variance_fen FROM till_settlement ORDER BY z_no');
  const anchorRow = db.prepare('SELECT hash FROM till_ledger WHERE seq = ?');
  for (const s of stmt.iterate() as IterableIterator<{ session_id: number; z_no: number; head_seq: number; head_hash: string; totals_json: string; expected_fen: number; counted_fen: number; variance_fen: number }>) {
    const anchored = anchorRow.get(s.head_seq) as { hash: string } | undefined;
    if (!anchored || anchored.hash !== s.head_hash) {
      return fail({
        code: 'anchor_mismatch', seq: s.head_seq, sessionId: s.session_id, zNo: s.z_no,
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
  return { ok: true, rows, settlements, problem: null };
}
