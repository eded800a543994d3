/**
 * Enrolling this counter with a hall server, from the hall's address, the counter number and
 * the one-time code the admin got on the hall (`hall counter add`).
 *
 * 1. Fetch the hall's certificate (GET /v1/hello, trusting nothing yet) and its fingerprint.
 * 2. Make this counter's Ed25519 key pair.
 * 3. Send the public key with HMAC(code, counter, key, fingerprint): the code never crosses the
 *    wire, and through an intercepting proxy the fingerprint differs so the proof fails there.
 * 4. Check the hall's answer proof (it knows the code too), then store the pinned certificate
 *    and the key pair (sync_hall). Every later request trusts only that certificate.
 */
import { createHmac, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { BilingualError } from '../../../base/contract/errors';
import { EnrolResponseSchema, PROTOCOL_VERSION, enrolProofText, hallProofText, normaliseEnrolCode } from '../../../base/contract/replication';
import type { Db } from '../storage/db';
import { fingerprintOf, pinCheck, requestJson } from './hallLink';

export interface EnrolInput {
  hallUrl: string;
  counter: number;
  code: string;
  /** When the admin read the fingerprint out, the counter checks it too (optional). */
  expectFingerprint?: string;
}

export interface HallLinkRow {
  hall_url: string;
  hall_id: string;
  counter_number: number;
  cert_pem: string;
  fingerprint: string;
  public_key: string;
  private_key_pem: string;
  enrolled_at: number;
}

function toPem(der: Buffer): string {
  return new X509Certificate(der).toString();
}

/** This counter database's own id (migration 050), which the hall keeps its rows under. */
export function counterDatabaseId(db: Db): string {
  return (db.prepare("SELECT value FROM meta WHERE key = 'sync.database_id'").get() as { value: string }).value;
}

export function readHallLink(db: Db): HallLinkRow | null {
  return (db.prepare('SELECT * FROM sync_hall WHERE id = 1').get() as HallLinkRow | undefined) ?? null;
}

export async function enrolWithHall(db: Db, input: EnrolInput, now: () => number): Promise<HallLinkRow> {
  let url: URL;
  try {
    url = new URL(input.hallUrl);
    if (url.protocol !== 'https:') throw new Error('not https');
  } catch {
    throw new BilingualError('SYNC_HALL_URL', `大厅服务器地址须为 https://主机:端口，收到：${input.hallUrl}`, `The hall server's address must be https://host:port, got: ${input.hallUrl}`);
  }
  let der: Buffer | null = null;
  await requestJson(url.origin, 'GET', '/v1/hello', null, { rejectUnauthorized: false }, {}, (c) => (der = c));
  if (!der) throw new BilingualError('SYNC_HALL_CERT', '未能取得大厅服务器的证书', "Could not read the hall server's certificate");
  const fingerprint = fingerprintOf(der);
  if (input.expectFingerprint && input.expectFingerprint.toLowerCase().replace(/[^0-9a-f]/g, '') !== fingerprint) {
    throw new BilingualError('SYNC_HALL_CERT', '大厅服务器的证书指纹与管理员给出的不符，已停止登记', "The hall server's certificate fingerprint differs from the one the administrator gave; enrolment stopped");
  }
  const certPem = toPem(der);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const code = normaliseEnrolCode(input.code);
  const databaseId = counterDatabaseId(db);
  const proof = createHmac('sha256', code).update(enrolProofText(input.counter, pub, fingerprint, databaseId)).digest('hex');
  const answer = EnrolResponseSchema.parse(
    await requestJson(url.origin, 'POST', '/v1/enrol', Buffer.from(JSON.stringify({ protocol: PROTOCOL_VERSION, counter: input.counter, publicKey: pub, databaseId, proof })), {
      ca: certPem,
      checkServerIdentity: pinCheck(fingerprint),
    }),
  );
  const expected = createHmac('sha256', code).update(hallProofText(input.counter, pub, fingerprint, answer.hallId)).digest();
  const got = Buffer.from(answer.hallProof, 'hex');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    throw new BilingualError('SYNC_HALL_PROOF', '大厅服务器未能证明它知道登记码，已停止登记', 'The hall server could not prove it knows the enrolment code; enrolment stopped');
  }
  const row: HallLinkRow = {
    hall_url: url.origin, hall_id: answer.hallId, counter_number: input.counter, cert_pem: certPem, fingerprint,
    public_key: pub, private_key_pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), enrolled_at: now(),
  };
  const before = readHallLink(db);
  const save = db.transaction(() => {
    // Another hall holds none of this counter's rows: every stream starts again from 1 there.
    if (before && before.hall_id !== row.hall_id) db.prepare('DELETE FROM sync_cursor').run();
    db.prepare(
    `INSERT INTO sync_hall (id, hall_url, hall_id, counter_number, cert_pem, fingerprint, public_key, private_key_pem, enrolled_at)
     VALUES (1, @hall_url, @hall_id, @counter_number, @cert_pem, @fingerprint, @public_key, @private_key_pem, @enrolled_at)
     ON CONFLICT(id) DO UPDATE SET hall_url = excluded.hall_url, hall_id = excluded.hall_id, counter_number = excluded.counter_number,
       cert_pem = excluded.cert_pem, fingerprint = excluded.fingerprint, public_key = excluded.public_key,
       private_key_pem = excluded.private_key_pem, enrolled_at = excluded.enrolled_at`,
    ).run(row);
  });
  save.immediate();
  return row;
}
