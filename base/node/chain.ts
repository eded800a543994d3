/**
 * Hash chaining for append-only tables (the cash ledger, the audit log).
 *
 * Each row stores `hash = sha256(prevHash + '\n' + canonical(row))`, where canonical()
 * is JSON with keys sorted, so the chain can be recomputed by an independent verifier
 * from the stored columns alone. The first row's prevHash is GENESIS.
 */
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same row always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('canonicalJson: non-finite number');
    if (typeof v === 'bigint') return v.toString();
    return JSON.stringify(v ?? null);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export function chainHash(prevHash: string, row: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(row)).digest('hex');
}

export interface ChainBreak {
  /** Primary key (or sequence number) of the first row that does not verify. */
  id: number | string;
  reason: 'hash_mismatch' | 'prev_mismatch' | 'sequence_gap';
}

/**
 * Walks rows in order and returns the first break, or null. `payload` picks the columns
 * that were hashed (everything except prev_hash/hash themselves).
 */
export function verifyChain<R extends { prev_hash: string; hash: string }>(
  rows: Iterable<R>,
  idOf: (r: R) => number | string,
  payload: (r: R) => Record<string, unknown>,
  seqOf?: (r: R) => number,
): ChainBreak | null {
  let prev = GENESIS;
  let expectSeq: number | undefined;
  for (const r of rows) {
    if (seqOf) {
      const s = seqOf(r);
      if (expectSeq !== undefined && s !== expectSeq) return { id: idOf(r), reason: 'sequence_gap' };
      expectSeq = s + 1;
    }
    if (r.prev_hash !== prev) return { id: idOf(r), reason: 'prev_mismatch' };
    if (chainHash(prev, payload(r)) !== r.hash) return { id: idOf(r), reason: 'hash_mismatch' };
    prev = r.hash;
  }
  return null;
}
