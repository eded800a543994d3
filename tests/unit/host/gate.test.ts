// Browser mode's gate: token, Host, Origin and size are checked before any method runs.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostServer, type HostServer } from '../../../electron/host/server';
import { MAX_REQUEST_BYTES } from '../../../base/contract/rpc';
import { testCore } from '../../helpers/core';
import { tempDir } from '../../helpers/tempDir';
import type { Core } from '../../../electron/core/app';
import fs from 'node:fs';
import path from 'node:path';

let core: Core;
let server: HostServer;
let calls = 0;

beforeAll(async () => {
  core = await testCore();
  const orig = core.dispatch;
  core.dispatch = (raw, t) => {
    calls++;
    return orig(raw, t);
  };
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startHostServer(core, { staticDir });
});
afterAll(async () => {
  await server.close();
  await core.close();
});

function request(opts: { path?: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: opts.path ?? '/rpc', method: opts.method ?? 'POST', headers: opts.headers },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', (e) => (e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE' ? resolve({ status: 413, body: '', headers: {} }) : reject(e));
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const body = JSON.stringify({ method: 'app.info', input: {} });

describe('browser-mode gate', () => {
  it('listens on 127.0.0.1 with a random port and a token in the fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{20,}$/);
  });

  it('serves a method with the token', async () => {
    const r = await request({ headers: { 'X-CounterDesk-Token': server.token, 'Content-Type': 'application/json' }, body });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { name: 'CounterDesk' } });
  });

  it('refuses requests without the token, or with a wrong one, before any method runs', async () => {
    const before = calls;
    expect((await request({ body })).status).toBe(401);
    expect((await request({ headers: { 'X-CounterDesk-Token': 'x' + server.token.slice(1) }, body })).status).toBe(401);
    expect((await request({ headers: { 'X-CounterDesk-Token': '' }, body })).status).toBe(401);
    expect(calls).toBe(before);
  });

  it('refuses another origin, a foreign Host and cross-site fetches with 403', async () => {
    const before = calls;
    const tok = { 'X-CounterDesk-Token': server.token };
    expect((await request({ headers: { ...tok, Origin: 'http://evil.example' }, body })).status).toBe(403);
    expect((await request({ headers: { ...tok, Origin: 'http://127.0.0.1:1' }, body })).status).toBe(403);
    expect((await request({ headers: { ...tok, Host: `evil.example:${server.port}` }, body })).status).toBe(403);
    expect((await request({ headers: { ...tok, 'Sec-Fetch-Site': 'cross-site' }, body })).status).toBe(403);
    expect(calls).toBe(before);
    expect((await request({ headers: { ...tok, Origin: server.origin }, body })).status).toBe(200);
  });

  it('refuses an oversize body with 413 (declared or streamed)', async () => {
    const before = calls;
    const big = Buffer.alloc(MAX_REQUEST_BYTES + 10, 0x20);
    expect((await request({ headers: { 'X-CounterDesk-Token': server.token, 'Content-Length': String(big.length) }, body: big })).status).toBe(413);
    expect((await request({ headers: { 'X-CounterDesk-Token': server.token, 'Transfer-Encoding': 'chunked' }, body: big })).status).toBe(413);
    expect(calls).toBe(before);
  });

  it('answers a malformed body with the typed error, not a crash', async () => {
    const r = await request({ headers: { 'X-CounterDesk-Token': server.token }, body: '{not json' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('guards the event stream with the token too, and streams events', async () => {
    expect((await request({ path: '/events', method: 'GET' })).status).toBe(401);
    const got = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: server.port, path: `/events?token=${server.token}` }, (res) => {
        let buf = '';
        res.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes(': connected')) core.bus.emit('till.changed', { counterId: '03' });
          if (buf.includes('event: till.changed')) {
            req.destroy();
            resolve(buf);
          }
        });
      });
      req.on('error', reject);
    });
    expect(got).toContain('data: {"counterId":"03"}');
  });

  it('serves the renderer with its CSP and refuses path traversal', async () => {
    const r = await request({ path: '/', method: 'GET' });
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await request({ path: '/../../etc/passwd', method: 'GET' })).body).not.toContain('root:');
    for (const p of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/../../../etc/passwd']) {
      const t = await request({ path: p, method: 'GET' });
      expect(t.body).not.toContain('root:');
    }
  });
});
