/**
 * The hall page as a browser would use it, from Node: POST /v1/page/rpc with the page's header
 * and its session cookie, and the server-sent events of /v1/page/events, over the hall's HTTPS
 * (its self-signed certificate trusted by pinning it as the CA).
 */
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { HALL_PAGE_EVENTS_PATH, HALL_PAGE_HEADER, HALL_PAGE_RPC_PATH, HALL_SESSION_COOKIE, type HallMethodInput, type HallMethodName, type HallMethodOutput } from '../../base/contract/hallPage';
import type { RpcResponse } from '../../base/contract/rpc';

export interface RawAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

export function rawRequest(url: string, certPem: string, opts: { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawAnswer> {
  const u = new URL(opts.path, url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method, ca: certPem, checkServerIdentity: () => undefined, agent: false, headers: opts.headers ?? {} },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface PageEvent {
  event: string;
  data: unknown;
}

export class PageClient {
  token: string | undefined;

  constructor(readonly url: string, readonly certPem: string) {}

  private cookieHeader(): Record<string, string> {
    return this.token ? { cookie: `${HALL_SESSION_COOKIE}=${this.token}` } : {};
  }

  async call<M extends HallMethodName>(method: M, input: HallMethodInput<M>): Promise<RpcResponse<HallMethodOutput<M>>> {
    const body = JSON.stringify({ method, input });
    const a = await rawRequest(this.url, this.certPem, {
      method: 'POST', path: HALL_PAGE_RPC_PATH, body,
      headers: { 'content-type': 'application/json', [HALL_PAGE_HEADER]: '1', ...this.cookieHeader() },
    });
    if (a.status !== 200) throw new Error(`hall page answered ${a.status}: ${a.body}`);
    const set = ([] as string[]).concat(a.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${HALL_SESSION_COOKIE}=`));
    if (set) {
      const v = set.slice(HALL_SESSION_COOKIE.length + 1).split(';')[0]!;
      this.token = /Max-Age=0/i.test(set) || v === '' ? undefined : v;
    }
    return JSON.parse(a.body) as RpcResponse<HallMethodOutput<M>>;
  }

  /** The result, or the test fails with the refusal. */
  async ok<M extends HallMethodName>(method: M, input: HallMethodInput<M>): Promise<HallMethodOutput<M>> {
    const r = await this.call(method, input);
    if (!r.ok) throw new Error(`${method} refused: ${r.error.code} ${r.error.message_en}`);
    return r.result;
  }

  /** The refusal's code and shape, or the test fails when the call succeeds. */
  async refused<M extends HallMethodName>(method: M, input: HallMethodInput<M>) {
    const r = await this.call(method, input);
    if (r.ok) throw new Error(`${method} was expected to be refused`);
    return r.error;
  }

  /** Opens the event stream: resolves with its status, and a reader when it is 200. */
  events(): Promise<{ status: number; next(name: string, match?: (data: unknown) => boolean): Promise<PageEvent>; closed: Promise<void>; close(): void }> {
    const u = new URL(HALL_PAGE_EVENTS_PATH, this.url);
    return new Promise((resolve, reject) => {
      const req = https.get({ host: u.hostname, port: u.port, path: u.pathname, ca: this.certPem, checkServerIdentity: () => undefined, agent: false, headers: this.cookieHeader() }, (res) => {
        const seen: PageEvent[] = [];
        const waiting: { name: string; match: (d: unknown) => boolean; resolve: (e: PageEvent) => void }[] = [];
        let buf = '';
        const deliver = (e: PageEvent) => {
          const w = waiting.findIndex((x) => x.name === e.event && x.match(e.data));
          if (w >= 0) waiting.splice(w, 1)[0]!.resolve(e);
          else seen.push(e);
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data !== undefined) deliver({ event, data: JSON.parse(data) as unknown });
          }
        });
        const closed = new Promise<void>((r) => res.on('close', () => r()));
        resolve({
          status: res.statusCode ?? 0,
          closed,
          next: (name, match = () => true) => {
            const k = seen.findIndex((x) => x.event === name && match(x.data));
            if (k >= 0) return Promise.resolve(seen.splice(k, 1)[0]!);
            return new Promise((r) => waiting.push({ name, match, resolve: r }));
          },
          close: () => req.destroy(),
        });
      });
      req.on('error', (e) => {
        if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(e);
      });
    });
  }
}
