/**
 * A hash chain sealed with a key kept outside the database (the cash ledger, the audit log).
 *
 * Inside the database an attacker can edit a row and recompute every later hash, or cut the
 * tail and move the head pointer back. Three things stop that:
 *  - every row's hash is an HMAC under the chain's key (base/node/chain.ts), so a recomputed
 *    chain does not verify with the key;
 *  - the head (last seq and hash, written in the same transaction as each row) carries a MAC,
 *    so a truncated chain cannot be given a matching head;
 *  - the chain's epoch (where keyed rows start, and the hash of the last unkeyed row written
 *    before the upgrade) carries a MAC too, so the keyed part cannot be declared "legacy".
 * Deleting the whole file is beyond any of these: the printed Z report's anchors (a seq and a
 * hash prefix on paper, checked with `--anchor`) catch it.
 *
 * Migration 051 notes where each existing chain's keyed part starts (`chain.<name>.keyed_from`
 * in `meta`); the first start with the key seals that into the epoch.
 */
import { GENESIS, sealMac, verifyChain, type ChainKey } from '../../../base/node/chain';
import type { Db } from './db';
import { readMeta, writeMeta } from './meta';

export type ChainName = 'ledger' | 'audit';

/** One sealed chain: its table (seq, prev_hash, hash), its head table (id 1: seq, hash, mac), how its rows are hashed. */
export interface ChainSpec<R extends { seq: number; prev_hash: string; hash: string }> {
  name: ChainName;
  table: string;
  headTable: string;
  /** "账务记录" / "Ledger row": how messages name one row. */
  noun: { zh: string; en: string };
  payload(r: R): Record<string, unknown>;
}

export interface ChainEpoch {
  /** The first seq hashed with the key; rows before it are the legacy unkeyed chain. */
  keyedFrom: number;
  /** The hash of row keyedFrom − 1 when the chain was sealed (GENESIS when there was none). */
  legacyHead: string;
  sealedAt: number;
  mac: string;
}

const epochKey = (n: ChainName) => `chain.${n}.epoch`;
const pendingKey = (n: ChainName) => `chain.${n}.keyed_from`;

function epochMac(key: Uint8Array, name: ChainName, e: Omit<ChainEpoch, 'mac'>): string {
  return sealMac(key, 'epoch', name, e.keyedFrom, e.legacyHead, e.sealedAt);
}

function headMac(key: Uint8Array, name: ChainName, seq: number, hash: string): string {
  return sealMac(key, 'head', name, seq, hash);
}

/** The sealed epoch; 'invalid' when the stored value is not one. */
export function readEpoch(db: Db, name: ChainName): ChainEpoch | 'invalid' | null {
  const text = readMeta(db, epochKey(name));
  if (text === null) return null;
  try {
    const e = JSON.parse(text) as Partial<ChainEpoch>;
    if (Number.isSafeInteger(e.keyedFrom) && typeof e.legacyHead === 'string' && Number.isSafeInteger(e.sealedAt) && typeof e.mac === 'string') return e as ChainEpoch;
  } catch {
    // falls through: a value that is not an epoch
  }
  return 'invalid';
}

/**
 * Seals the epoch noted by the migration (first start with the key), and gives the head its MAC.
 * Does nothing when the chain is sealed already, or when there is nothing noted to seal (then
 * verification reports the missing epoch: it was removed).
 */
export function sealChain<R extends { seq: number; prev_hash: string; hash: string }>(db: Db, spec: ChainSpec<R>, key: Uint8Array, now: number): void {
  db.transaction(() => {
    if (readEpoch(db, spec.name) !== null) return;
    const pending = readMeta(db, pendingKey(spec.name));
    if (pending === null || !/^\d+$/.test(pending)) return;
    const keyedFrom = Math.max(1, Number(pending));
    const last = keyedFrom > 1 ? (db.prepare(`SELECT hash FROM ${spec.table} WHERE seq = ?`).get(keyedFrom - 1) as { hash: string } | undefined) : undefined;
    const base = { keyedFrom, legacyHead: last?.hash ?? GENESIS, sealedAt: now };
    writeMeta(db, epochKey(spec.name), JSON.stringify({ ...base, mac: epochMac(key, spec.name, base) }));
    db.prepare('DELETE FROM meta WHERE key = ?').run(pendingKey(spec.name));
    writeHead(db, spec, key, keyedFrom - 1, base.legacyHead);
  }).immediate();
}

const headStmts = new WeakMap<Db, Map<string, import('better-sqlite3').Statement>>();

/** Moves the head to (seq, hash) with its MAC; call in the transaction that appended the row. */
export function writeHead<R extends { seq: number; prev_hash: string; hash: string }>(db: Db, spec: ChainSpec<R>, key: Uint8Array, seq: number, hash: string): void {
  let m = headStmts.get(db);
  if (!m) headStmts.set(db, (m = new Map()));
  let st = m.get(spec.headTable);
  if (!st) {
    st = db.prepare(`INSERT INTO ${spec.headTable} (id, seq, hash, mac) VALUES (1, @seq, @hash, @mac)
      ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac`);
    m.set(spec.headTable, st);
  }
  st.run({ seq, hash, mac: headMac(key, spec.name, seq, hash) });
}

/** A row a printed Z report names: its seq and the first hex digits of its hash. */
export interface ChainAnchor {
  seq: number;
  prefix: string;
}

/** How many hex digits the Z report prints: 48 bits, read out in three groups of four. */
export const ANCHOR_DIGITS = 12;

/** `123:3f2a-9c01-be77` or `123:3f2a9c01be77` → an anchor; null when it is not one (at least 8 hex digits). */
export function parseAnchor(text: string): ChainAnchor | null {
  const m = /^(\d{1,12}):([0-9a-fA-F-]{8,80})$/.exec(text.trim());
  if (!m) return null;
  const prefix = m[2]!.replace(/-/g, '').toLowerCase();
  if (prefix.length < 8 || prefix.length > 64) return null;
  return { seq: Number(m[1]), prefix };
}

/** The anchor as printed: seq and the hash prefix in groups of four. */
export function anchorText(seq: number, hash: string): string {
  const p = hash.slice(0, ANCHOR_DIGITS);
  return `${seq}:${p.slice(0, 4)}-${p.slice(4, 8)}-${p.slice(8, 12)}`;
}

export type ChainProblemCode =
  | 'hash_mismatch' | 'prev_mismatch' | 'sequence_gap' | 'tail_missing' | 'head_mismatch' | 'head_missing' | 'head_forged'
  | 'epoch_missing' | 'epoch_forged' | 'legacy_rewritten' | 'anchor_missing' | 'anchor_mismatch';

export interface ChainProblem {
  code: ChainProblemCode;
  /** The first bad row, when the problem is one row. */
  seq?: number;
  message_zh: string;
  message_en: string;
}

export interface ChainVerification {
  ok: boolean;
  rows: number;
  /** The last row's seq and hash (0 and GENESIS when empty). */
  last: { seq: number; hash: string };
  /** Whether row contents were checked with the key (false: links, sequence and anchors only). */
  keyed: boolean;
  epoch: { keyedFrom: number; sealedAt: number } | null;
  problem: ChainProblem | null;
}

/**
 * Checks the chain row by row (the first row is seq 1, no gaps, each link, each hash with the
 * right key), the epoch's and the head's MACs, and every anchor. `key` null: not at hand here
 * (the OS keystore of another program): everything but the hashes and MACs is still checked.
 */
export function verifySealedChain<R extends { seq: number; prev_hash: string; hash: string }>(
  db: Db, spec: ChainSpec<R>, key: ChainKey, anchors: readonly ChainAnchor[] = [],
): ChainVerification {
  const { zh, en } = spec.noun;
  const one = (code: ChainProblemCode, seq: number, pzh: string, pen: string): ChainProblem => ({ code, seq, message_zh: `第 ${seq} 条${zh}：${pzh}`, message_en: `${en} seq ${seq}: ${pen}` });
  const stored = readEpoch(db, spec.name);
  const pending = readMeta(db, pendingKey(spec.name));
  let rows = 0;
  let last = { seq: 0, hash: GENESIS };
  const result = (problem: ChainProblem | null): ChainVerification => ({
    ok: problem === null, rows, last, keyed: key !== null && typeof stored === 'object' && stored !== null,
    epoch: stored && stored !== 'invalid' ? { keyedFrom: stored.keyedFrom, sealedAt: stored.sealedAt } : null, problem,
  });

  if (stored === 'invalid' || (stored && key && stored.mac !== epochMac(key, spec.name, stored))) {
    return result({ code: 'epoch_forged', message_zh: `${zh}链的密钥起点记录被改动`, message_en: `The ${en.toLowerCase()} chain's keyed epoch was altered` });
  }
  if (!stored && pending === null) {
    return result({ code: 'epoch_missing', message_zh: `${zh}链的密钥起点记录缺失（被删除）`, message_en: `The ${en.toLowerCase()} chain's keyed epoch is missing (it was deleted)` });
  }
  // Not sealed yet (migrated, never started with the key): every row is the legacy chain.
  const keyedFrom = stored ? stored.keyedFrom : Number.MAX_SAFE_INTEGER;
  let legacyEnd: string | null = keyedFrom === 1 ? GENESIS : null;
  let first = true;
  let startGap: number | null = null;
  const it = db.prepare(`SELECT * FROM ${spec.table} ORDER BY seq`).iterate() as IterableIterator<R>;
  const walk = (function* () {
    for (const r of it) {
      if (first && r.seq !== 1) {
        startGap = r.seq;
        return;
      }
      first = false;
      rows++;
      yield r;
      last = { seq: r.seq, hash: r.hash };
      if (r.seq === keyedFrom - 1) legacyEnd = r.hash;
    }
  })();
  const brk = verifyChain(walk, (r) => r.seq, (r) => spec.payload(r), (r) => r.seq, (r) => (r.seq < keyedFrom ? null : (key ?? undefined)));
  walk.return(undefined);
  if (startGap !== null) return result(one('sequence_gap', 1, `缺失（第一条是第 ${startGap} 条），记录被删除`, `is missing (the first row is seq ${startGap}): rows were deleted`));
  if (brk) {
    const seq = Number(brk.id);
    if (brk.reason === 'hash_mismatch') return result(one('hash_mismatch', seq, '内容与哈希不符，记录被改动（或整条链被重新计算）', 'its content does not match its hash: the row was altered (or the chain recomputed)'));
    if (brk.reason === 'prev_mismatch') return result(one('prev_mismatch', seq, '与上一条的链接断开，上一条被删除或替换，或本条被改动', 'its link to the previous row is broken: the previous row was deleted or replaced, or this row was altered'));
    const before = (db.prepare(`SELECT MAX(seq) AS s FROM ${spec.table} WHERE seq < ?`).get(seq) as { s: number | null }).s ?? 0;
    return result({
      code: 'sequence_gap', seq: before + 1,
      message_zh: `第 ${before + 1} 条${zh}缺失（第 ${before} 条之后直接是第 ${seq} 条），记录被删除`,
      message_en: `${en} seq ${before + 1} is missing (seq ${seq} follows seq ${before}): rows were deleted`,
    });
  }
  if (stored && keyedFrom > 1 && last.seq >= keyedFrom - 1 && legacyEnd !== stored.legacyHead) {
    return result(one('legacy_rewritten', keyedFrom - 1, '启用密钥之前的记录被改写', 'the rows written before the chain was keyed were rewritten'));
  }

  const head = db.prepare(`SELECT seq, hash, mac FROM ${spec.headTable} WHERE id = 1`).get() as { seq: number; hash: string; mac: string | null } | undefined;
  if (!head) {
    if (stored || rows > 0) return result({ code: 'head_missing', message_zh: `${zh}链尾记录缺失（链尾或全部记录被删除）`, message_en: `The ${en.toLowerCase()} chain head is missing (the end of the chain, or all of it, was deleted)` });
  } else {
    if (head.seq > last.seq) {
      return result({
        code: 'tail_missing', seq: last.seq + 1,
        message_zh: `第 ${last.seq + 1} 至第 ${head.seq} 条${zh}缺失（链尾被删除）`,
        message_en: `${en}s seq ${last.seq + 1} to ${head.seq} are missing (the end of the chain was deleted)`,
      });
    }
    if (head.seq !== last.seq || head.hash !== last.hash) return result(one('head_mismatch', last.seq, '与记录的链尾不一致', 'it does not match the recorded chain head'));
    if (stored && key && head.mac !== headMac(key, spec.name, head.seq, head.hash)) {
      return result(one('head_forged', head.seq, '链尾记录的密钥校验不符，链尾被改动', "the chain head's seal does not match: the head was altered"));
    }
  }

  const bySeq = db.prepare(`SELECT hash FROM ${spec.table} WHERE seq = ?`);
  for (const a of anchors) {
    const row = bySeq.get(a.seq) as { hash: string } | undefined;
    if (!row) return result(one('anchor_missing', a.seq, '结账报表上打印的这条记录已不存在，记录被删除', 'the row printed on the Z report no longer exists: rows were deleted'));
    if (!row.hash.startsWith(a.prefix.toLowerCase())) {
      return result(one('anchor_mismatch', a.seq, `哈希（${row.hash.slice(0, ANCHOR_DIGITS)}）与结账报表上打印的（${a.prefix}）不符，记录被改写`, `its hash (${row.hash.slice(0, ANCHOR_DIGITS)}) is not the one printed on the Z report (${a.prefix}): the records were rewritten`));
    }
  }
  return result(null);
}
