/**
 * Hash chaining for append-only tables (the cash ledger, the audit log).
 *
 * Each row stores `hash = H(prevHash + '\n' + canonical(row))`, where canonical() is JSON with
 * keys sorted, so the chain can be recomputed from the stored columns alone. The first row's
 * prevHash is GENESIS. H is HMAC-SHA256 under the chain's key (kept outside the data folder,
 * electron/core/secrets/keyStore.ts): whoever holds only the database cannot recompute a chain
 * after editing a row. Rows written before the chain was keyed use plain SHA-256 (key null);
 * the chain's epoch (electron/core/storage/sealedChain.ts) says where the keyed part starts.
 *
 * The hall's witness checks links and sequence only, never hashes, so it needs no key.
 */
import { createHash, createHmac } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** A chain key: 32 secret bytes, or null for the legacy unkeyed SHA-256. */
export type ChainKey = Uint8Array | null;

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

export function chainHash(prevHash: string, row: Record<string, unknown>, key: ChainKey = null): string {
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(prevHash).update('\n').update(canonicalJson(row)).digest('hex');
}

/** A keyed tag over a few fields (the chain head, the chain's epoch): only the key's holder can make one. */
export function sealMac(key: Uint8Array, ...fields: (string | number)[]): string {
  return createHmac('sha256', key).update(`counterdesk-seal\n${fields.join('\n')}`).digest('hex');
}

export interface ChainBreak {
  /** Primary key (or sequence number) of the first row that does not verify. */
  id: number | string;
  reason: 'hash_mismatch' | 'prev_mismatch' | 'sequence_gap';
}

/**
 * Walks rows in order and returns the first break, or null. `payload` picks the columns that
 * were hashed (everything except prev_hash/hash themselves). `keyOf` gives each row's key: a key,
 * null for a legacy unkeyed row, or undefined when the key is not at hand (links only).
 */
export function verifyChain<R extends { prev_hash: string; hash: string }>(
  rows: Iterable<R>,
  idOf: (r: R) => number | string,
  payload: (r: R) => Record<string, unknown>,
  seqOf?: (r: R) => number,
  keyOf: (r: R) => ChainKey | undefined = () => null,
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
    const key = keyOf(r);
    if (key !== undefined && chainHash(prev, payload(r), key) !== r.hash) return { id: idOf(r), reason: 'hash_mismatch' };
    prev = r.hash;
  }
  return null;
}
