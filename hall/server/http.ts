/**
 * The hall server's HTTPS endpoint for counters, the command line and the hall page.
 *
 *   GET  /v1/hello      the hall's id, certificate fingerprint and time (no authentication)
 *   POST /v1/enrol      a counter enrols its key with the one-time code (proof, not the code)
 *   POST /v1/batch      a signed batch of one stream → Ack
 *   POST /v1/heartbeat  a signed heartbeat → hall time, clock skew and the configuration versions
 *   GET  /v1/config?since=staff:N,catalog:N,calendar:N,till:N   signed: what changed (base/contract/hallConfig.ts)
 *   GET  /v1/time       the hall's time (PostgreSQL's clock), signed like every counter request
 *   POST /v1/admin/counters   register a counter, get its enrolment code (admin token)
 *   POST /v1/admin/counters/revoke   refuse a counter's key from now on (admin token)
 *   GET  /v1/admin/counters   the counters and their state (admin token)
 *   GET  /v1/admin/source?counter=N&databaseId=…, /v1/admin/replica?counter=N&source=S&stream=ledger|audit,
 *        /v1/admin/findings?counter=N&source=S
 *   GET  /v1/admin/desk/report?kind=daily|weekly|monthly&date=YYYY-MM-DD   the desk's report figures (npm run report)
 *                             the hall's copy of a counter's chains, for `hall verify` (admin token)
 *
 *   POST /v1/queue/counter   signed: a counter calls the next ticket, recalls, marks a no-show, transfers, serves, finishes (hall/queue)
 *
 *   GET  /, /assets/…, POST /v1/page/rpc, GET /v1/page/events   the hall page (hall/page/routes.ts)
 *   GET  /display, /v1/queue/display, /v1/queue/events   the hall display (hall/queue/routes.ts)
 *
 * Bodies over MAX_BATCH_BYTES are refused (413) before they are read whole. Every refusal is
 * answered as {error: ErrorShape} with its status and recorded in the hall's log table.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { BilingualError, type ErrorShape } from '../../base/contract/errors';
import { CONFIG_PATH, parseSince } from '../../base/contract/hallConfig';
import { BatchSchema, EnrolRequestSchema, HeartbeatSchema, MAX_BATCH_BYTES, MAX_BATCH_ROWS, PROTOCOL_VERSION } from '../../base/contract/replication';
import { addCounter, listCounters, revokeCounter } from '../admin/counters';
import { ADMIN_TOKEN_ACTOR } from '../audit';
import { configSince } from '../config/serve';
import { HallStaff } from '../config/staff';
import { hallError, httpStatusOf } from '../errors';
import { logRefusal } from '../log';
import { recordHeartbeat } from '../replication/heartbeat';
import { ingestBatch } from '../replication/ingest';
import type { ScryptParams } from '../../base/node/secretHash';
import type { HallStore } from '../storage/port';
import type { HallIdentity } from '../tls/identity';
import { createHallPage, type HallPage } from '../page/routes';
import { defaultStaticDir } from '../page/static';
import { copyInDatabase } from '../verify/compare';
import { hallClockOffset, hallNow } from '../time';
import { reportJson } from '../desk/reportJson';
import { RequestAuth } from '../transport/auth';
import { QUEUE_COUNTER_PATH, QueueCounterRequestSchema } from '../../base/contract/queue';
import { DEFAULT_HALL_NAME } from '../queue/handlers';
import { createQueueRoutes } from '../queue/routes';
import type { QueueLive } from '../queue/live';
import type { TicketPrinter } from '../queue/ticketPrinter';
import { counterAction } from '../queue/tickets';
import { enrol } from '../transport/enrol';

export interface HallServerOptions {
  store: HallStore;
  identity: HallIdentity;
  host: string;
  port: number;
  /** Bearer token for /v1/admin/* (the command line) and for creating the first administrator. */
  adminToken: string;
  /** scrypt cost for new hashes (tests use a cheap one; production the default). */
  scrypt?: ScryptParams;
  /** The built renderer (dist/renderer) holding hall.html. */
  staticDir?: string;
  /** The hall page locks itself after this many minutes without a key or a click (default 10). */
  idleLockMinutes?: number;
  /** The clock of sessions and sign-in lockout (tests move it); records take PostgreSQL's clock. */
  now?: () => number;
  /** The guide's ticket printer (hall/queue/ticketPrinter.ts) and the hall's name printed on tickets. */
  ticketPrinter?: TicketPrinter | null;
  hallName?: string;
}

export interface RunningHallServer {
  url: string;
  port: number;
  page: HallPage;
  /** The queue's live stream: what the hall display hears. */
  queue: QueueLive;
  close(): Promise<void>;
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BATCH_BYTES) {
      reject(new TooLarge());
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_BATCH_BYTES) {
        reject(new TooLarge());
        req.pause();
        return;
      }
      parts.push(d);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function parseJson<T extends z.ZodType>(schema: T, body: Buffer, code: 'HALL_BAD_REQUEST' | 'REPLICATION_BAD_BATCH'): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    throw hallError(code, undefined, '不是 JSON', 'not JSON');
  }
  if (code === 'REPLICATION_BAD_BATCH' && raw && typeof raw === 'object' && Array.isArray((raw as { rows?: unknown }).rows) && (raw as { rows: unknown[] }).rows.length > MAX_BATCH_ROWS) {
    throw hallError('REPLICATION_TOO_LARGE', { rows: (raw as { rows: unknown[] }).rows.length, max: MAX_BATCH_ROWS });
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.join('.');
    throw hallError(code, { path: where }, `字段 ${where || '（整体）'} 不正确`, `${where || '(body)'}: ${issue.message}`);
  }
  return r.data;
}

function parseAdmin(body: Buffer): { number?: unknown; label?: unknown; validHours?: unknown } {
  try {
    const v = JSON.parse(body.toString('utf8') || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as { number?: unknown };
  } catch {
    // answered below
  }
  throw hallError('HALL_BAD_REQUEST', undefined, '不是 JSON 对象', 'not a JSON object');
}

export async function startHallServer(opts: HallServerOptions): Promise<RunningHallServer> {
  const { store, identity } = opts;
  const auth = new RequestAuth(store, () => Date.now() + hallClockOffset());
  const staff = new HallStaff(store, opts.scrypt);
  const page = await createHallPage({
    store, identity, staff, adminToken: opts.adminToken, staticDir: opts.staticDir ?? defaultStaticDir(), now: opts.now ?? (() => Date.now() + hallClockOffset()), idleLockMinutes: opts.idleLockMinutes ?? 10,
    queue: { ticketPrinter: opts.ticketPrinter ?? null, hallName: opts.hallName ?? DEFAULT_HALL_NAME },
  });
  const queue = await createQueueRoutes(store, opts.staticDir ?? defaultStaticDir(), (e) =>
    void logRefusal(store, hallError('HALL_INTERNAL', { reason: e instanceof Error ? e.message : String(e) }).toShape(), null, null).catch(() => undefined),
  );
  const adminToken = Buffer.from(opts.adminToken);

  async function route(req: IncomingMessage, remote: string | null): Promise<[number, unknown, number | null]> {
    const url = new URL(req.url ?? '/', 'https://hall');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/v1/hello') {
      return [200, { protocol: PROTOCOL_VERSION, hallId: identity.hallId, fingerprint: identity.fingerprint, hallTime: await hallNow(store) }, null];
    }
    if (path.startsWith('/v1/admin/')) {
      const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (given.length !== adminToken.length || !timingSafeEqual(given, adminToken)) throw new BilingualError('ADMIN_TOKEN', '需要管理员令牌', 'The admin token is required');
      if (path === '/v1/admin/counters' && req.method === 'GET') return [200, { counters: await listCounters(store) }, null];
      if (req.method === 'GET' && ['/v1/admin/source', '/v1/admin/replica', '/v1/admin/findings'].includes(path)) {
        const copy = copyInDatabase(store);
        const counter = Number(url.searchParams.get('counter'));
        if (path === '/v1/admin/source') return [200, { source: await copy.sourceOf(counter, url.searchParams.get('databaseId') ?? '') }, null];
        const from = { counter, source: Number(url.searchParams.get('source')) };
        if (path === '/v1/admin/findings') return [200, { findings: await copy.findings(from) }, null];
        const stream = url.searchParams.get('stream');
        if (stream !== 'ledger' && stream !== 'audit') throw hallError('HALL_BAD_REQUEST', { stream });
        return [200, { rows: await copy.rows(from, stream) }, null];
      }
      if (path === '/v1/admin/desk/report' && req.method === 'GET') {
        return [200, await reportJson(store, url.searchParams.get('kind') ?? undefined, url.searchParams.get('date') ?? undefined), null];
      }
      if (path === '/v1/admin/counters/revoke' && req.method === 'POST') {
        const body = parseAdmin(await readBody(req));
        return [200, await revokeCounter(store, Number(body.number), { staffNo: ADMIN_TOKEN_ACTOR, remote }), null];
      }
      if (path === '/v1/admin/counters' && req.method === 'POST') {
        const body = parseAdmin(await readBody(req));
        const added = await addCounter(
          store,
          { number: Number(body.number), ...(typeof body.label === 'string' ? { label: body.label } : {}), ...(typeof body.validHours === 'number' ? { validHours: body.validHours } : {}) },
          { staffNo: ADMIN_TOKEN_ACTOR, remote },
        );
        return [200, { ...added, fingerprint: identity.fingerprint }, null];
      }
      throw hallError('HALL_NOT_FOUND', { path });
    }
    if (req.method === 'GET' && path === CONFIG_PATH) {
      // Signed over the request line as sent (path and query), so `since` cannot be altered on the way.
      const { counter } = await auth.authenticate({ method: 'GET', path: req.url ?? path, headers: req.headers, body: await readBody(req) });
      const since = parseSince(url.searchParams.get('since'));
      if (!since) throw Object.assign(hallError('CONFIG_SINCE', { since: url.searchParams.get('since')?.slice(0, 100) ?? null }), { counter });
      return [200, await configSince(store, staff, counter, since), counter];
    }
    if (req.method === 'GET' && path === '/v1/time') {
      // Signed: only an enrolled counter learns the hall's time from here (it is the till's clock).
      const { counter } = await auth.authenticate({ method: 'GET', path, headers: req.headers, body: Buffer.alloc(0) });
      return [200, { hallTime: await hallNow(store) }, counter];
    }
    if (req.method !== 'POST') throw hallError('HALL_NOT_FOUND', { path });
    const body = await readBody(req);
    if (path === '/v1/enrol') {
      return [200, await enrol(store, identity, parseJson(EnrolRequestSchema, body, 'HALL_BAD_REQUEST'), remote), null];
    }
    if (path === QUEUE_COUNTER_PATH) {
      const { counter } = await auth.authenticate({ method: req.method, path, headers: req.headers, body });
      try {
        return [200, await counterAction(store, counter, parseJson(QueueCounterRequestSchema, body, 'HALL_BAD_REQUEST')), counter];
      } catch (e) {
        if (e instanceof BilingualError) (e as BilingualError & { counter?: number }).counter = counter;
        throw e;
      }
    }
    if (path !== '/v1/batch' && path !== '/v1/heartbeat') throw hallError('HALL_NOT_FOUND', { path });
    const { counter, source } = await auth.authenticate({ method: req.method, path, headers: req.headers, body });
    try {
      if (path === '/v1/batch') {
        const batch = parseJson(BatchSchema, body, 'REPLICATION_BAD_BATCH');
        if (batch.counter !== counter) throw hallError('AUTH_COUNTER_MISMATCH', { counter, claimed: batch.counter });
        return [200, await ingestBatch(store, { counter, source }, batch), counter];
      }
      const hb = parseJson(HeartbeatSchema, body, 'HALL_BAD_REQUEST');
      if (hb.counter !== counter) throw hallError('AUTH_COUNTER_MISMATCH', { counter, claimed: hb.counter });
      return [200, await recordHeartbeat(store, counter, hb), counter];
    } catch (e) {
      if (e instanceof BilingualError) (e as BilingualError & { counter?: number }).counter = counter;
      throw e;
    }
  }

  const server = https.createServer({ key: identity.keyPem, cert: identity.certPem }, (req, res) => {
    const remote = req.socket.remoteAddress ?? null;
    const url = new URL(req.url ?? '/', 'https://hall');
    if (queue.handle(req, res, url) || page.handle(req, res, url, remote)) return;
    route(req, remote).then(
      ([status, body]) => send(res, status, body),
      async (e: unknown) => {
        const err: BilingualError =
          e instanceof TooLarge ? hallError('HALL_TOO_LARGE', { maxBytes: MAX_BATCH_BYTES })
          : e instanceof BilingualError ? e
          : hallError('HALL_INTERNAL', { reason: e instanceof Error ? e.message : String(e) });
        const shape: ErrorShape = err.toShape();
        const claimed = Number(req.headers['x-cd-counter']);
        const counter = (err as BilingualError & { counter?: number }).counter ?? (Number.isInteger(claimed) && claimed > 0 && claimed < 1000 ? claimed : null);
        await logRefusal(store, shape, counter, remote).catch(() => undefined);
        const status = err.code === 'ADMIN_TOKEN' ? 401 : err.code.startsWith('COUNTER_') ? 400 : err.code.startsWith('QUEUE_') ? 409 : httpStatusOf(err.code);
        if (e instanceof TooLarge) res.setHeader('connection', 'close');
        send(res, status, { error: shape });
      },
    );
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new BilingualError(
          'HALL_LISTEN',
          e.code === 'EADDRINUSE' ? `端口 ${opts.port} 已被占用 — 请换一个端口（--port）` : `无法在 ${opts.host}:${opts.port} 上监听：${e.message}`,
          e.code === 'EADDRINUSE' ? `Port ${opts.port} is already in use — choose another (--port)` : `Cannot listen on ${opts.host}:${opts.port}: ${e.message}`,
          { code: e.code },
        ),
      ),
    );
    server.listen(opts.port, opts.host, () => resolve());
  }).catch(async (e: unknown) => {
    await page.close();
    await queue.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  return {
    url: `https://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    port,
    page,
    queue: queue.live,
    close: async () => {
      await page.close();
      await queue.close();
      await opts.ticketPrinter?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
