/**
 * PINs and passwords are stored only as slow salted hashes: scrypt with a random salt per
 * record. The parameters are stored inside each hash ("scrypt$N$r$p$salt$hash") so they can
 * be raised later: old hashes still verify and are upgraded at the next successful sign-in.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** About 32 MiB and tens of milliseconds per check: slow for a guesser, fine for a sign-in. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Refuse absurd stored parameters: a tampered row must not make one check take minutes. */
const LIMITS = { maxN: 2 ** 20, maxR: 32, maxP: 16 };

export interface ParsedHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

export function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = derive(secret, salt, KEY_BYTES, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time comparison; false (never an exception) for a malformed stored hash. */
export function verifySecret(secret: string, stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = derive(secret, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}

/**
 * The same, off the event loop (libuv's thread pool): for the hall server, where one sign-in's
 * tens of milliseconds must not hold up every counter's batches and heartbeats.
 */
export async function hashSecretAsync(secret: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await deriveAsync(secret, salt, KEY_BYTES, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifySecretAsync(secret: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await deriveAsync(secret, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the stored hash is weaker than the current parameters. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.N < params.N || parsed.r < params.r || parsed.p < params.p;
}

export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const okInt = (x: number, max: number) => Number.isInteger(x) && x >= 1 && x <= max;
  if (!okInt(N, LIMITS.maxN) || N < 2 || (N & (N - 1)) !== 0) return null;
  if (!okInt(r, LIMITS.maxR) || !okInt(p, LIMITS.maxP)) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const hash = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || hash.length < 16) return null;
  return { N, r, p, salt, hash };
}

function derive(secret: string, salt: Buffer, keyLen: number, { N, r, p }: ScryptParams): Buffer {
  // NFC: the same password typed through different input methods must give the same bytes.
  const bytes = Buffer.from(secret.normalize('NFC'), 'utf8');
  return scryptSync(bytes, salt, keyLen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

function deriveAsync(secret: string, salt: Buffer, keyLen: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  const bytes = Buffer.from(secret.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) =>
    scrypt(bytes, salt, keyLen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (e, key) => (e ? reject(e) : resolve(key))),
  );
}
