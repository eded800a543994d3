/**
 * Every request after enrolment is signed by the counter's own Ed25519 key over the method,
 * path, counter, time, a fresh nonce and the body's sha256 (base/contract/replication.ts,
 * signedText). The hall refuses: no signature, an unknown or revoked counter, a bad signature,
 * a time outside the window, a nonce already seen inside the window (a replay).
 */
import { createHash, verify, type KeyObject } from 'node:crypto';
import { SIGNATURE_HEADERS, SIGNATURE_WINDOW_MS, signedText } from '../../base/contract/replication';
import { hallError } from '../errors';
import type { HallStore } from '../storage/port';
import { parseEd25519 } from './enrol';

export interface SignedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function header(req: SignedRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class RequestAuth {
  private readonly keys = new Map<string, KeyObject>();
  private checks = 0;

  constructor(private readonly store: HallStore, private readonly now: () => number = Date.now) {}

  /** Returns the authenticated counter and the database its key belongs to, or throws the refusal. */
  async authenticate(req: SignedRequest): Promise<{ counter: number; source: number }> {
    const counterText = header(req, SIGNATURE_HEADERS.counter);
    const timeText = header(req, SIGNATURE_HEADERS.time);
    const nonce = header(req, SIGNATURE_HEADERS.nonce);
    const signature = header(req, SIGNATURE_HEADERS.signature);
    if (!counterText || !timeText || !nonce || !signature) throw hallError('AUTH_MISSING');
    const counter = Number(counterText);
    const time = Number(timeText);
    if (!Number.isInteger(counter) || !Number.isInteger(time) || !/^[0-9a-f]{32}$/.test(nonce)) throw hallError('AUTH_MISSING', { counter: counterText });
    const row = (await this.store.query<{ status: string; public_key: string | null; source: number | null }>('SELECT status, public_key, source FROM counter WHERE number = $1', [counter])).rows[0];
    if (!row || row.status !== 'active' || !row.public_key || row.source === null) throw hallError('AUTH_UNKNOWN_COUNTER', { counter });
    let key = this.keys.get(row.public_key);
    if (!key) {
      key = parseEd25519(row.public_key) ?? undefined;
      if (!key) throw hallError('AUTH_UNKNOWN_COUNTER', { counter });
      this.keys.set(row.public_key, key);
    }
    const bodyHash = createHash('sha256').update(req.body).digest('hex');
    const text = signedText(req.method, req.path, counter, time, nonce, bodyHash);
    let ok: boolean;
    try {
      ok = verify(null, Buffer.from(text), key, Buffer.from(signature, 'base64'));
    } catch {
      ok = false;
    }
    if (!ok) throw hallError('AUTH_BAD_SIGNATURE', { counter });
    const now = this.now();
    if (Math.abs(now - time) > SIGNATURE_WINDOW_MS) throw hallError('AUTH_CLOCK', { counter, skewMs: time - now });
    const fresh = await this.store.query('INSERT INTO request_nonce (counter, nonce, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING nonce', [counter, nonce, time]);
    if (fresh.rows.length === 0) throw hallError('AUTH_REPLAY', { counter });
    if (++this.checks % 500 === 0) {
      // Nonces older than twice the window can no longer be replayed: a stale time is refused first.
      await this.store.query('DELETE FROM request_nonce WHERE at < $1', [now - 2 * SIGNATURE_WINDOW_MS]);
    }
    return { counter, source: row.source };
  }
}
