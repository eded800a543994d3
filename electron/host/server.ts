/**
 * Browser mode: the same core behind HTTP on 127.0.0.1 — POST /rpc for methods,
 * GET /events (server-sent events) for events, and the built renderer as static files.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { MAX_REQUEST_BYTES } from '../../base/contract/rpc';
import type { Core } from '../core/app';
import { checkRequest } from './security';
import { badRequestText, parseRequestTarget } from './requestTarget';
import { serveStatic } from './staticFiles';

export interface HostServer {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export async function startHostServer(core: Core, opts: { staticDir: string; port?: number; token?: string }): Promise<HostServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const sse = new Set<http.ServerResponse>();
  let origin = '';

  // Nothing a client sends may end the process: every path through the listener is guarded,
  // synchronous throws and rejected promises alike. Bad input is answered by the code that
  // checks it (400, 401, 403, 405, 413); what still escapes is our bug: 500 and a log line.
  const server = http.createServer((req, res) => {
    try {
      route(req, res);
    } catch (e) {
      internalError(req, res, e);
    }
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const target = parseRequestTarget(req.url);
    if (!target.ok) {
      req.resume();
      res.setHeader('Connection', 'close');
      return end(res, 400, badRequestText(target.reason));
    }
    if (target.pathname === '/rpc') return void handleRpc(req, res).catch((e: unknown) => internalError(req, res, e));
    if (target.pathname === '/events') return handleEvents(req, res, target.query);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      return end(res, 405, 'method not allowed');
    }
    return serveStatic(opts.staticDir, target.path, res, end);
  }

  function internalError(req: http.IncomingMessage, res: http.ServerResponse, e: unknown): void {
    core.services.log.error('host', `${req.method ?? '?'} request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    res.setHeader('Connection', 'close');
    end(res, 500, '内部错误 / internal error\n');
  }

  const end = (res: http.ServerResponse, status: number, body: string) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body);
  };

  async function handleRpc(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'POST') {
      req.resume();
      return end(res, 405, 'POST only');
    }
    const gate = checkRequest(req, { origin, token, tokenFrom: 'header', maxBytes: MAX_REQUEST_BYTES });
    if (gate.status !== 200) {
      req.resume();
      return end(res, gate.status, gate.reason);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    try {
      for await (const c of req as AsyncIterable<Buffer>) {
        size += c.length;
        if (size > MAX_REQUEST_BYTES) {
          tooBig = true;
          break;
        }
        chunks.push(c);
      }
    } catch {
      // The client went away mid-body: nobody is left to answer, and nothing ran.
      res.destroy();
      return;
    }
    if (tooBig) {
      res.setHeader('Connection', 'close');
      return end(res, 413, 'size');
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = { malformed: true };
    }
    const reply = await core.dispatch(body, 'http');
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(reply));
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse, query: URLSearchParams) {
    const gate = checkRequest(req, { origin, token, tokenFrom: query, maxBytes: 0 });
    if (gate.status !== 200) {
      req.resume();
      return end(res, gate.status, gate.reason);
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sse.add(res);
    req.on('close', () => sse.delete(res));
  }

  const unsubscribe = core.bus.subscribe((ev) => {
    const data = `event: ${ev.name}\ndata: ${JSON.stringify(ev.payload)}\n\n`;
    for (const r of sse) if (!r.destroyed) r.write(data);
  });
  const keepAlive = setInterval(() => {
    for (const r of sse) if (!r.destroyed) r.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  let reject0: (e: Error) => void = () => {};
  await new Promise<void>((resolve, reject) => {
    reject0 = reject;
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  server.off('error', reject0);
  // After listening, a server error (say, out of file descriptors on accept) is logged, not fatal.
  server.on('error', (e) => core.services.log.error('host', `server: ${e.message}`));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    token,
    port,
    // The token travels in the fragment: never sent to the server in a request line or Referer.
    url: `${origin}/#token=${token}`,
    async close() {
      clearInterval(keepAlive);
      unsubscribe();
      for (const r of sse) r.end();
      sse.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
