/**
 * Browser mode: the same core behind HTTP on 127.0.0.1 — POST /rpc for methods,
 * GET /events (server-sent events) for events, and the built renderer as static files.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { MAX_REQUEST_BYTES } from '../../base/contract/rpc';
import type { Core } from '../core/app';
import { checkRequest } from './security';
import { RENDERER_CSP } from '../../base/csp';

export interface HostServer {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export async function startHostServer(core: Core, opts: { staticDir: string; port?: number; token?: string }): Promise<HostServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const sse = new Set<http.ServerResponse>();
  let origin = '';

  const server = http.createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/rpc') return void handleRpc(req, res);
    if (url.pathname === '/events') return handleEvents(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return end(res, 405, 'method not allowed');
    return serveStatic(url.pathname, res);
  });

  const end = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(body);
  };

  async function handleRpc(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'POST') return end(res, 405, 'POST only');
    const gate = checkRequest(req, { origin, token, tokenFrom: 'header', maxBytes: MAX_REQUEST_BYTES });
    if (gate.status !== 200) {
      req.resume();
      return end(res, gate.status, gate.reason);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    for await (const c of req as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) {
        tooBig = true;
        break;
      }
      chunks.push(c);
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

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse) {
    const gate = checkRequest(req, { origin, token, tokenFrom: 'query', maxBytes: 0 });
    if (gate.status !== 200) return end(res, gate.status, gate.reason);
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sse.add(res);
    req.on('close', () => sse.delete(res));
  }

  const unsubscribe = core.bus.subscribe((ev) => {
    const data = `event: ${ev.name}\ndata: ${JSON.stringify(ev.payload)}\n\n`;
    for (const r of sse) r.write(data);
  });
  const keepAlive = setInterval(() => {
    for (const r of sse) r.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  function serveStatic(pathname: string, res: http.ServerResponse) {
    const root = path.resolve(opts.staticDir);
    let rel = decodeURIComponent(pathname);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep)) return end(res, 403, 'forbidden');
    fs.readFile(file, (err, data) => {
      if (err) {
        if (!path.extname(rel)) return serveStatic('/index.html', res);
        return end(res, 404, 'not found');
      }
      const type = MIME[path.extname(file)] ?? 'application/octet-stream';
      const headers: Record<string, string> = { 'Content-Type': type };
      if (type.startsWith('text/html')) {
        headers['Content-Security-Policy'] = RENDERER_CSP;
        headers['Cache-Control'] = 'no-store';
      }
      res.writeHead(200, headers);
      res.end(data);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
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
