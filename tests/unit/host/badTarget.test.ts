// Issue 13: a bad path, URL or encoding is answered with 400; it used to throw outside any catch
// (decodeURIComponent in the static files, new URL in the listener) and end the whole process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostServer, type HostServer } from '../../../electron/host/server';
import { parseRequestTarget } from '../../../electron/host/requestTarget';
import type { Core } from '../../../electron/core/app';
import { testCore } from '../../helpers/core';
import { tempDir } from '../../helpers/tempDir';
import { goodRpc, rawRequest } from './rawHttp';

let core: Core;
let server: HostServer;

beforeAll(async () => {
  core = await testCore();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startHostServer(core, { staticDir });
});
afterAll(async () => {
  await server?.close();
  await core?.close();
});

const get = (target: string) => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`;

describe('requests that used to end the process', () => {
  it('a broken percent-encoding (%E0%A4%A) gets 400 in both languages', async () => {
    const r = await rawRequest(server.port, get('/%E0%A4%A'));
    expect(r.status).toBe(400);
    expect(r.head).toContain('请求地址无效');
    expect(r.head).toContain('Bad request');
  });

  it('a target the URL parser refuses (//[) gets 400', async () => {
    const r = await rawRequest(server.port, get('//['));
    expect(r.status).toBe(400);
  });

  it('the same on the event stream and on /rpc', async () => {
    expect((await rawRequest(server.port, get('/events?token=%E0%A4%A'))).status).toBe(401);
    expect((await rawRequest(server.port, get('/rpc/%E0%A4%A'))).status).toBe(400);
    expect((await rawRequest(server.port, get('//[/rpc'))).status).toBe(400);
  });

  it('still answers a good request afterwards', async () => {
    const r = await rawRequest(server.port, goodRpc(server.port, server.token));
    expect(r.status).toBe(200);
    expect(r.head).toContain('"ok":true');
  });
});

describe('parseRequestTarget', () => {
  it('accepts the origin form and decodes the path', () => {
    const t = parseRequestTarget('/assets/%E4%B8%AD.js?token=a%20b');
    expect(t).toMatchObject({ ok: true, pathname: '/assets/%E4%B8%AD.js', path: '/assets/中.js' });
    expect(t.ok && t.query.get('token')).toBe('a b');
  });

  it.each([
    ['/%E0%A4%A', 'encoding'],
    ['/%', 'encoding'],
    ['//[', 'target'],
    ['//evil.example/x', 'target'],
    ['*', 'target'],
    ['http://127.0.0.1/', 'target'],
    ['', 'target'],
    [undefined, 'target'],
    ['/\\\\evil.example/x', 'url'],
    ['/a%00b', 'path'],
    ['/a%5Cb', 'path'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(parseRequestTarget(raw)).toEqual({ ok: false, reason });
  });

  it('keeps routing on the encoded path: /%72pc is a file, not /rpc', () => {
    expect(parseRequestTarget('/%72pc')).toMatchObject({ ok: true, pathname: '/%72pc', path: '/rpc' });
  });
});
