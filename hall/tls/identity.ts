/**
 * The hall's TLS identity, made at first start with the openssl CLI (ECDSA P-256, ten years)
 * and kept in the hall's database, so the fingerprint the counters pinned survives restarts and
 * a move of the server. Two hall processes starting at once agree on the first one stored.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BilingualError } from '../../base/contract/errors';
import type { Queryable } from '../storage/port';

export interface HallIdentity {
  hallId: string;
  certPem: string;
  keyPem: string;
  /** sha256 of the certificate's DER, lowercase hex: what a counter pins. */
  fingerprint: string;
}

export function certFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

function makeCertificate(hallId: string): { certPem: string; keyPem: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '3650',
      '-subj', `/O=CounterDesk/CN=hall ${hallId}`, '-addext', 'subjectAltName=DNS:localhost',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { certPem: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'), keyPem: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8') };
  } catch (e) {
    throw new BilingualError(
      'HALL_TLS_CERT',
      '无法生成大厅服务器的 TLS 证书（需要 openssl 命令）— 请安装 openssl 后重试',
      "Cannot make the hall server's TLS certificate (the openssl command is needed) — install openssl and try again",
      { reason: e instanceof Error ? e.message : String(e) },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function ensureIdentity(q: Queryable): Promise<HallIdentity & { created: boolean }> {
  const read = async () =>
    (await q.query<{ hall_id: string; cert_pem: string; key_pem: string; fingerprint: string }>('SELECT hall_id, cert_pem, key_pem, fingerprint FROM hall_identity WHERE id = 1')).rows[0];
  let row = await read();
  let created = false;
  if (!row) {
    const hallId = randomUUID();
    const { certPem, keyPem } = makeCertificate(hallId);
    const fingerprint = certFingerprint(new X509Certificate(certPem).raw);
    const ins = await q.query(
      `INSERT INTO hall_identity (id, hall_id, cert_pem, key_pem, fingerprint, created_at)
       VALUES (1, $1, $2, $3, $4, (extract(epoch FROM clock_timestamp()) * 1000)::int8) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [hallId, certPem, keyPem, fingerprint],
    );
    created = ins.rows.length > 0;
    row = await read();
  }
  return { hallId: row!.hall_id, certPem: row!.cert_pem, keyPem: row!.key_pem, fingerprint: row!.fingerprint, created };
}
