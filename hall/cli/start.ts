/**
 * `npm run start:hall [-- --data-dir D | --database-url postgres://…] [--host H] [--port P] [--idle-lock-minutes M] [--clock-start ISO]
 *    [--ticket-printer PATH [--ticket-printer-baud B] [--ticket-paper 58|80]] [--hall-name NAME]`
 *
 * Opens (and migrates) the hall's database, makes the TLS certificate at first start, and
 * serves the counters and the hall page over HTTPS. Prints the URL, the certificate
 * fingerprint the counters pin and the admin token of this run (the command line's key, and on
 * a first start the key that creates the first administrator on the hall page); stops cleanly
 * on SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BilingualError } from '../../base/contract/errors';
import { HallStaff } from '../config/staff';
import { serialTicketPrinter } from '../queue/ticketPrinter';
import { startHallServer } from '../server/http';
import { openHallStore } from '../storage/open';
import { ensureIdentity } from '../tls/identity';
import { hallNow, setHallClockOffset } from '../time';
import { STORE_OPTIONS, storeChoice } from './args';

export async function runStart(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...STORE_OPTIONS, host: { type: 'string' }, port: { type: 'string' }, 'admin-token': { type: 'string' }, 'idle-lock-minutes': { type: 'string' }, 'static-dir': { type: 'string' }, 'clock-start': { type: 'string' }, 'ticket-printer': { type: 'string' }, 'ticket-printer-baud': { type: 'string' }, 'ticket-paper': { type: 'string' }, 'hall-name': { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port ?? process.env.COUNTERDESK_HALL_PORT ?? 7443);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new BilingualError('HALL_PORT', `端口须为 0–65535 的整数：${values.port}`, `The port must be a whole number 0–65535: ${values.port}`);
  }
  const idle = Number(values['idle-lock-minutes'] ?? 10);
  if (!Number.isInteger(idle) || idle < 1 || idle > 240) {
    throw new BilingualError('HALL_USAGE', `空闲锁定分钟数须为 1–240 的整数：${values['idle-lock-minutes']}`, `--idle-lock-minutes must be a whole number 1–240: ${values['idle-lock-minutes']}`);
  }
  const clockStart = values['clock-start'] === undefined ? null : Date.parse(values['clock-start']);
  if (clockStart !== null && !Number.isFinite(clockStart)) {
    throw new BilingualError('HALL_USAGE', `--clock-start 须为 ISO 时间，如 2026-11-26T09:59:40Z：${values['clock-start']}`, `--clock-start must be an ISO time such as 2026-11-26T09:59:40Z: ${values['clock-start']}`);
  }
  const baud = Number(values['ticket-printer-baud'] ?? 115200);
  const paper = Number(values['ticket-paper'] ?? 80);
  if (!Number.isInteger(baud) || baud < 1200 || (paper !== 58 && paper !== 80)) {
    throw new BilingualError('HALL_USAGE', `号票打印机参数不正确：--ticket-printer-baud 须为波特率，--ticket-paper 须为 58 或 80`, `Ticket printer options: --ticket-printer-baud must be a baud rate, --ticket-paper 58 or 80`);
  }
  const store = await openHallStore(storeChoice(values));
  // The clock started when the process did: the seconds spent loading (tsx, PGlite's WASM) are
  // on it already, so a hall started again mid-drill with its clock carried on does not lag.
  if (clockStart !== null) setHallClockOffset(clockStart + Math.max(0, Math.round(Date.now() - performance.timeOrigin)) - (await hallNow(store)));
  const identity = await ensureIdentity(store);
  const adminToken = values['admin-token'] ?? process.env.COUNTERDESK_HALL_ADMIN_TOKEN ?? randomBytes(18).toString('base64url');
  const server = await startHallServer({
    store, identity, host: values.host ?? '0.0.0.0', port, adminToken, idleLockMinutes: idle,
    ...(values['static-dir'] ? { staticDir: path.resolve(values['static-dir']) } : {}),
    ...(values['ticket-printer'] ? { ticketPrinter: serialTicketPrinter({ path: values['ticket-printer'], baudRate: baud, paperWidth: paper as 58 | 80 }) } : {}),
    ...(values['hall-name'] ? { hallName: values['hall-name'] } : {}),
  });
  const setupNeeded = await new HallStaff(store).setupNeeded();
  store.announce?.({ url: server.url, fingerprint: identity.fingerprint, certPem: identity.certPem, adminToken });
  process.stdout.write(
    `大厅服务器已启动 / CounterDesk hall server is running\n` +
      `  url: ${server.url}\n` +
      `  storage: ${store.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL server'} ${store.where} (schema ${store.schemaVersion})\n` +
      `  fingerprint: ${identity.fingerprint}${identity.created ? ' (new certificate)' : ''}\n` +
      `  ticket printer: ${values['ticket-printer'] ?? 'none (--ticket-printer PATH)'}; hall display: ${server.url}/display\n` +
      `  hall page: ${server.url}/${setupNeeded ? '  (first start: create the administrator there with the admin token / 首次启动：在大厅页面用管理员令牌创建管理员)' : ''}\n` +
      (clockStart !== null ? `  clock: started at ${new Date(clockStart).toISOString()} (a drill; not PostgreSQL's own time)\n` : '') +
      `  admin token: ${adminToken}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await store.close();
  process.stdout.write('大厅服务器已停止 / hall server stopped\n');
  return 0;
}
