/**
 * Enrolment: a counter sends its new Ed25519 public key with a proof that it knows the one-time
 * code — HMAC(code, counter, key, the certificate fingerprint the counter saw) — so the code
 * itself never crosses the wire, and a proof made through an intercepting proxy (another
 * certificate) does not verify here. The hall answers with its own proof, which the counter
 * checks before it pins the fingerprint.
 */
import { createHmac, createPublicKey, timingSafeEqual } from 'node:crypto';
import { enrolProofText, hallProofText, type EnrolRequest, type EnrolResponse } from '../../base/contract/replication';
import { hallError } from '../errors';
import { logHall } from '../log';
import { signal } from '../signals';
import type { HallStore } from '../storage/port';
import type { HallIdentity } from '../tls/identity';
import { hallNow } from '../time';

export function hmacHex(code: string, text: string): string {
  return createHmac('sha256', code).update(text).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function parseEd25519(publicKey: string) {
  try {
    const k = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return k.asymmetricKeyType === 'ed25519' ? k : null;
  } catch {
    return null;
  }
}

export async function enrol(store: HallStore, id: HallIdentity, req: EnrolRequest, remote: string | null): Promise<EnrolResponse> {
  if (!parseEd25519(req.publicKey)) throw hallError('HALL_BAD_REQUEST', { field: 'publicKey' }, '公钥不是 Ed25519 公钥', 'the public key is not an Ed25519 key');
  return store.tx(async (q) => {
    const row = (await q.query<{ status: string; enrol_code: string | null; enrol_expires_at: number | null }>(
      'SELECT status, enrol_code, enrol_expires_at FROM counter WHERE number = $1 FOR UPDATE', [req.counter],
    )).rows[0];
    const now = await hallNow(q);
    if (!row || row.enrol_code === null) {
      throw row?.status === 'active' ? hallError('ENROL_ALREADY', { counter: req.counter }) : hallError('ENROL_BAD_CODE', { counter: req.counter });
    }
    if (row.enrol_expires_at !== null && row.enrol_expires_at < now) throw hallError('ENROL_EXPIRED', { counter: req.counter });
    if (!sameHex(hmacHex(row.enrol_code, enrolProofText(req.counter, req.publicKey, id.fingerprint, req.databaseId)), req.proof)) {
      throw hallError('ENROL_BAD_CODE', { counter: req.counter });
    }
    const taken = await q.query('SELECT number FROM counter WHERE public_key = $1 AND number <> $2', [req.publicKey, req.counter]);
    if (taken.rows.length > 0) throw hallError('AUTH_COUNTER_MISMATCH', { counter: req.counter }, '该密钥已属于另一台席', 'this key belongs to another counter');
    // The same database keeps its source; a new one (a replaced PC) gets the next number.
    let source = (await q.query<{ source: number }>('SELECT source FROM counter_source WHERE counter = $1 AND database_id = $2', [req.counter, req.databaseId])).rows[0]?.source;
    if (source === undefined) {
      source = (await q.query<{ s: number }>('SELECT coalesce(max(source), 0) + 1 AS s FROM counter_source WHERE counter = $1', [req.counter])).rows[0]!.s;
      await q.query('INSERT INTO counter_source (counter, source, database_id, enrolled_at) VALUES ($1, $2, $3, $4)', [req.counter, source, req.databaseId, now]);
    }
    await q.query(
      `UPDATE counter SET status = 'active', public_key = $2, source = $3, enrolled_at = $4, enrol_code = NULL, enrol_expires_at = NULL WHERE number = $1`,
      [req.counter, req.publicKey, source, now],
    );
    await signal(q, { type: 'counter', counter: req.counter });
    await logHall(q, { level: 'info', code: 'COUNTER_ENROLLED', counter: req.counter, remote, message_zh: `${req.counter} 号台席已登记（数据库 ${source}）`, message_en: `Counter ${req.counter} enrolled (database ${source})`, detail: { source } });
    return { hallId: id.hallId, counter: req.counter, source, hallProof: hmacHex(row.enrol_code, hallProofText(req.counter, req.publicKey, id.fingerprint, id.hallId)), hallTime: now };
  });
}
