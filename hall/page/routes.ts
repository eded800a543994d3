/**
 * The hall page over the hall server's HTTPS: GET / and its assets (static.ts), POST
 * /v1/page/rpc (the dispatcher) and GET /v1/page/events (live.ts).
 *
 * The session is an HttpOnly, Secure, SameSite=Strict cookie, so a script on the page cannot
 * read it and another site's page cannot send it. Every POST must also carry the page's own
 * header (HALL_PAGE_HEADER) with a JSON body, and an Origin, when the browser sends one, must be
 * this server's: a cross-site form can do neither.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BilingualError } from '../../base/contract/errors';
import { HALL_PAGE_EVENTS_PATH, HALL_PAGE_HEADER, HALL_PAGE_MAX_BYTES, HALL_PAGE_RPC_PATH, HALL_SESSION_COOKIE } from '../../base/contract/hallPage';
import type { RpcResponse } from '../../base/contract/rpc';
import { logHall } from '../log';
import type { HallStaff } from '../config/staff';
import type { HallStore } from '../storage/port';
import type { HallIdentity } from '../tls/identity';
import { DEFAULT_HALL_NAME, type QueueDeps } from '../queue/handlers';
import { createHallDispatcher } from './dispatcher';
import { hallPageHandlers } from './handlers';
import { HallLive } from './live';
import { HallSessions } from './sessions';
import { pageHeaders, servePageFile } from './static';

export interface HallPageOptions {
  store: HallStore;
  identity: HallIdentity;
  staff: HallStaff;
  adminToken: string;
  staticDir: string;
  now: () => number;
  idleLockMinutes: number;
  /** The guide's ticket printer and the name printed on tickets (hall/queue/handlers.ts). */
  queue?: Omit<QueueDeps, 'store'>;
}

export interface HallPage {
  /** Handles the request when it is the page's; false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, remote: string | null): boolean;
  live: HallLive;
  sessions: HallSessions;
  close(): Promise<void>;
}

export function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === HALL_SESSION_COOKIE) return v.join('=') || undefined;
  }
  return undefined;
}

function sessionCookie(token: string | null): string {
  const base = `${HALL_SESSION_COOKIE}=${token ?? ''}; Path=/v1/page; HttpOnly; Secure; SameSite=Strict`;
  return token ? base : `${base}; Max-Age=0`;
}

function sendJson(res: ServerResponse, status: number, body: RpcResponse, cookie?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = { ...pageHeaders('application/json; charset=utf-8'), 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(text)) };
  if (cookie) headers['set-cookie'] = cookie;
  res.writeHead(status, headers).end(text);
}

function refuse(res: ServerResponse, status: number, zh: string, en: string): void {
  sendJson(res, status, { ok: false, error: new BilingualError(status === 413 ? 'TOO_LARGE' : 'FORBIDDEN_SENDER', zh, en).toShape() });
}

async function readJson(req: IncomingMessage): Promise<unknown | 'too-large'> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > HALL_PAGE_MAX_BYTES) return 'too-large';
    parts.push(c);
  }
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    return { malformed: true };
  }
}

export async function createHallPage(o: HallPageOptions): Promise<HallPage> {
  const sessions = new HallSessions(o.store, o.staff, { now: o.now, idleLockMinutes: o.idleLockMinutes, scrypt: o.staff.scrypt });
  const onInternalError = (method: string, e: unknown) =>
    void logHall(o.store, { level: 'error', code: 'HALL_INTERNAL', message_zh: `大厅页面 ${method} 出错`, message_en: `Hall page ${method} failed`, detail: { reason: e instanceof Error ? e.message : String(e) } }).catch(() => undefined);
  const dispatch = createHallDispatcher({
    handlers: hallPageHandlers({ store: o.store, identity: o.identity, staff: o.staff, sessions, adminToken: o.adminToken, queue: o.queue ?? { ticketPrinter: null, hallName: DEFAULT_HALL_NAME } }),
    authorize: (token, access) => sessions.authorize(token, access),
    onInternalError,
  });
  const live = new HallLive(o.store, sessions, (e) => onInternalError('events', e));
  await live.start();

  async function rpc(req: IncomingMessage, res: ServerResponse, remote: string | null): Promise<void> {
    const origin = req.headers.origin;
    if (req.headers[HALL_PAGE_HEADER] !== '1' || !/^application\/json\b/.test(req.headers['content-type'] ?? '') || (origin !== undefined && origin !== `https://${req.headers.host}`)) {
      req.resume();
      return refuse(res, 403, '请求不是来自大厅页面，已拒绝', 'The request did not come from the hall page and was refused');
    }
    if (Number(req.headers['content-length'] ?? 0) > HALL_PAGE_MAX_BYTES) {
      req.resume();
      res.setHeader('connection', 'close');
      return refuse(res, 413, '请求过大，已拒绝', 'The request is too large and was refused');
    }
    const body = await readJson(req);
    if (body === 'too-large') {
      res.setHeader('connection', 'close');
      return refuse(res, 413, '请求过大，已拒绝', 'The request is too large and was refused');
    }
    const { reply, setToken } = await dispatch({ body, token: cookieToken(req), remote });
    sendJson(res, 200, reply, setToken === undefined ? undefined : sessionCookie(setToken));
  }

  return {
    live,
    sessions,
    handle(req, res, url, remote) {
      if (url.pathname === HALL_PAGE_RPC_PATH) {
        if (req.method !== 'POST') {
          refuse(res, 405, '只接受 POST', 'POST only');
          return true;
        }
        void rpc(req, res, remote).catch((e: unknown) => {
          onInternalError('rpc', e);
          if (!res.headersSent) refuse(res, 500, '大厅服务器内部错误', 'Internal error on the hall server');
        });
        return true;
      }
      if (url.pathname === HALL_PAGE_EVENTS_PATH && req.method === 'GET') {
        void live.attach(req, res, cookieToken(req)).catch((e: unknown) => {
          onInternalError('events', e);
          if (!res.headersSent) res.writeHead(500).end();
        });
        return true;
      }
      if (req.method === 'GET' || req.method === 'HEAD') return servePageFile(o.staticDir, url.pathname, res);
      return false;
    },
    close: () => live.close(),
  };
}
