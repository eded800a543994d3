/**
 * The command line's way into a running hall on an embedded data folder (which only that
 * process may open): the admin API on loopback, the certificate pinned from the lock file.
 */
import https from 'node:https';
import { BilingualError, isErrorShape } from '../../base/contract/errors';
import type { HallLock } from '../storage/lock';

export async function adminRequest<T>(lock: HallLock, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  if (!lock.url || !lock.adminToken || !lock.certPem) {
    throw new BilingualError('HALL_STARTING', '大厅服务器正在启动，请稍后再试', 'The hall server is starting; try again in a moment');
  }
  const u = new URL(path, lock.url);
  const text = body === undefined ? null : Buffer.from(JSON.stringify(body));
  return new Promise<T>((resolve, reject) => {
    const req = https.request(
      {
        host: u.hostname, port: u.port, path: u.pathname + u.search, method, ca: lock.certPem, agent: false,
        checkServerIdentity: () => undefined, // trust is the pinned certificate itself (ca), not a host name
        headers: { authorization: `Bearer ${lock.adminToken}`, ...(text ? { 'content-type': 'application/json', 'content-length': String(text.length) } : {}) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          const json = JSON.parse(Buffer.concat(parts).toString('utf8')) as { error?: unknown };
          if ((res.statusCode ?? 500) < 300) resolve(json as T);
          else if (isErrorShape(json.error)) reject(new BilingualError(json.error.code, json.error.message_zh, json.error.message_en, json.error.detail));
          else reject(new BilingualError('HALL_ADMIN', `大厅服务器返回 ${res.statusCode}`, `The hall server answered ${res.statusCode}`));
        });
      },
    );
    req.on('error', (e) => reject(new BilingualError('HALL_UNREACHABLE', `连不上正在运行的大厅服务器：${lock.url}`, `Cannot reach the running hall server: ${lock.url}`, { reason: e.message })));
    req.end(text ?? undefined);
  });
}
