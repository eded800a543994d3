// The browser-mode host never dies from a request: 10,000 random request lines, headers and
// bodies over raw sockets to 127.0.0.1, then a good request must still be answered. Every
// answer is one the host means to give (no 500: that would be an exception we did not expect).
// Replay a failure with FUZZ_SEED=<seed printed in the assertion>.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostServer, type HostServer } from '../../../electron/host/server';
import { methods } from '../../../base/contract/methods';
import type { Core } from '../../../electron/core/app';
import { testCore } from '../../helpers/core';
import { tempDir } from '../../helpers/tempDir';
import { FAST_SCRYPT } from '../../helpers/scrypt';
import { goodRpc, rawRequest, type RawReply } from './rawHttp';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const CONCURRENCY = 16;

let core: Core;
let server: HostServer;

beforeAll(async () => {
  core = await testCore({ scrypt: FAST_SCRYPT });
  const staticDir = tempDir();
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'export {};');
  server = await startHostServer(core, { staticDir });
});
afterAll(async () => {
  await server?.close();
  await core?.close();
});

/** Strings over a small alphabet that is rich in what parsers trip on. */
const nasty = fc.string({ unit: fc.constantFrom(...'%/\\.?#[]@:;=&+ \t\r\n\0%E0%A4%zZ9~\u00ff中'.split('')), maxLength: 40 });
const anyText = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), nasty);

const percent = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`),
  fc.constantFrom('%', '%E', '%E0%A4%A', '%C0%AF', '%ZZ', '%00', '%2e%2e', '%2f', '%5c', '%EF%BF%BD'),
);
const segment = fc.oneof(fc.constantFrom('', '.', '..', 'rpc', 'events', 'assets', 'index.html', 'app.js', 'etc', 'passwd'), fc.array(percent, { maxLength: 4 }).map((a) => a.join('')), anyText);

function targetArb(token: string) {
  const query = fc.oneof(
    fc.constant(''),
    fc.constant(`?token=${token}`),
    fc.tuple(segment, segment).map(([k, v]) => `?${k}=${v}`),
  );
  const pathLike = fc.tuple(fc.constantFrom('/', '//', '/../', ''), fc.array(segment, { maxLength: 6 }), query).map(([p, segs, q]) => p + segs.join('/') + q);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('/', '/rpc', '/rpc', '/rpc', '/events', `/events?token=${token}`, '/index.html', '/assets/app.js', '//[', '/%E0%A4%A', '*', 'http://127.0.0.1/', 'http://evil.example/rpc', '/../../etc/passwd') },
    { weight: 3, arbitrary: pathLike },
    { weight: 1, arbitrary: anyText },
  );
}

function headerArb(port: number, token: string) {
  const host = fc.oneof(fc.constant(`127.0.0.1:${port}`), fc.constantFrom('localhost', 'evil.example', '', `127.0.0.1:${port + 1}`), anyText);
  const named = fc.oneof(
    host.map((v) => ['Host', v] as const),
    fc.oneof(fc.nat({ max: 400_000 }).map(String), fc.constantFrom('-1', '1e3', '0x10', '99999999999999999999', ''), anyText).map((v) => ['Content-Length', v] as const),
    fc.constantFrom('chunked', 'gzip, chunked', 'identity', 'chunked, chunked').map((v) => ['Transfer-Encoding', v] as const),
    fc.oneof(fc.constant(token), fc.constant(token.slice(1)), anyText).map((v) => ['X-CounterDesk-Token', v] as const),
    fc.oneof(fc.constant(`http://127.0.0.1:${port}`), fc.constant('null'), anyText).map((v) => ['Origin', v] as const),
    fc.constantFrom('same-origin', 'cross-site', 'none', '').map((v) => ['Sec-Fetch-Site', v] as const),
    fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x').map((v) => ['Content-Type', v] as const),
    fc.constantFrom('close', 'keep-alive', 'Upgrade').map((v) => ['Connection', v] as const),
    fc.constantFrom('100-continue', 'x').map((v) => ['Expect', v] as const),
  );
  const random = fc.tuple(anyText, anyText).map(([n, v]) => [n, v] as const);
  return fc.array(fc.oneof({ weight: 9, arbitrary: named }, { weight: 1, arbitrary: random }), { maxLength: 8 });
}

const methodNames = Object.keys(methods);
const bodyArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(Buffer.alloc(0)) },
  fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
  {
    weight: 4,
    arbitrary: fc
      .record({ method: fc.oneof(fc.constantFrom(...methodNames), anyText), input: fc.jsonValue({ maxDepth: 3 }), session: fc.option(anyText, { nil: undefined }) })
      .map((o) => Buffer.from(JSON.stringify(o))),
  },
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  // Chunked framing, well or badly formed.
  fc.tuple(fc.string({ maxLength: 50 }), fc.constantFrom('', '0\r\n\r\n', 'zz\r\n', '\r\n')).map(([s, tail]) => Buffer.from(`${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n${tail}`)),
  // Now and then more than the 256 KiB limit.
  { weight: 1, arbitrary: fc.integer({ min: 256 * 1024 + 1, max: 300 * 1024 }).map((n) => Buffer.alloc(n, 0x7b)) },
);

/** Anything at all: broken framing, headers and encodings, mostly stopped by the HTTP parser. */
function chaosArb(port: number, token: string) {
  return fc.record({
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'POST', 'HEAD') },
      { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'get', 'PRI') },
      { weight: 1, arbitrary: anyText },
    ),
    target: targetArb(token),
    version: fc.oneof({ weight: 8, arbitrary: fc.constant('HTTP/1.1') }, { weight: 1, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/0.9', '') }, { weight: 1, arbitrary: anyText }),
    headers: headerArb(port, token),
    eol: fc.oneof({ weight: 9, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constantFrom('\n', '\r') }),
    endHead: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    body: bodyArb,
    wellAddressed: fc.boolean(),
    declareLength: fc.boolean(),
  });
}

/** Well framed, so the request reaches the gate, the router, the static files and the dispatcher. */
function framedArb(port: number, token: string) {
  const safeSegment = fc.oneof(
    fc.constantFrom('', '.', '..', 'rpc', 'events', 'assets', 'index.html', 'app.js'),
    fc.array(percent, { maxLength: 3 }).map((a) => a.join('')),
    fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{0,12}$/),
  );
  const pathOnly = fc.array(safeSegment, { minLength: 1, maxLength: 5 }).map((segs) => '/' + segs.join('/'));
  const header = fc.oneof(
    fc.constantFrom(`http://127.0.0.1:${port}`, 'http://evil.example', 'null').map((v) => ['Origin', v] as const),
    fc.constantFrom('same-origin', 'cross-site', 'none').map((v) => ['Sec-Fetch-Site', v] as const),
    fc.constantFrom('application/json', 'text/plain').map((v) => ['Content-Type', v] as const),
    fc.constantFrom('close', 'keep-alive').map((v) => ['Connection', v] as const),
  );
  return fc.record({
    method: fc.constantFrom('GET', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE'),
    target: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('/', '/rpc', '/rpc', '/rpc', '/rpc', '/rpc', '/events', `/events?token=${token}`, '/index.html', '/assets/app.js', '/%E0%A4%A', '//[') },
      { weight: 2, arbitrary: pathOnly },
      { weight: 1, arbitrary: targetArb(token) },
    ),
    version: fc.constant('HTTP/1.1'),
    headers: fc.uniqueArray(header, { maxLength: 3, selector: ([n]) => n }),
    eol: fc.constant('\r\n'),
    endHead: fc.constant(true),
    body: bodyArb,
    wellAddressed: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    declareLength: fc.constant(true),
  });
}

function requestArb(port: number, token: string) {
  return fc.oneof({ weight: 3, arbitrary: framedArb(port, token) }, { weight: 2, arbitrary: chaosArb(port, token) });
}

type Req = ReturnType<typeof chaosArb> extends fc.Arbitrary<infer T> ? T : never;

function bytesOf(r: Req, port: number, token: string): Buffer {
  const addressed = r.wellAddressed ? [['Host', `127.0.0.1:${port}`] as const, ['X-CounterDesk-Token', token] as const] : [];
  const length = r.declareLength ? [['Content-Length', String(r.body.length)] as const] : [];
  const headers = [...addressed, ...length, ...r.headers];
  const head = [`${r.method} ${r.target} ${r.version}`, ...headers.map(([n, v]) => `${n}: ${v}`)].join(r.eol);
  return Buffer.concat([Buffer.from(head + r.eol + (r.endHead ? r.eol : ''), 'utf8'), r.body]);
}

/** What the host means to answer: its own statuses, and Node's parser refusing malformed input. */
const EXPECTED = new Set([200, 400, 401, 403, 404, 405, 413, 414, 417, 431, 501, 505]);

describe(`host fuzz (${RUNS} requests, seed ${SEED})`, () => {
  it('answers every request, never with an internal error, and a good request afterwards', { timeout: 600_000 }, async () => {
    const samples = fc.sample(requestArb(server.port, server.token), { numRuns: RUNS, seed: SEED });
    const unexpected: { req: string; reply: RawReply }[] = [];
    const statuses = new Map<string, number>();
    let next = 0;
    const worker = async () => {
      while (next < samples.length) {
        const r = samples[next++]!;
        const bytes = bytesOf(r, server.port, server.token);
        const reply = await rawRequest(server.port, bytes, 10_000);
        const key = reply.timedOut ? 'hung' : String(reply.status ?? 'closed');
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (reply.timedOut || (reply.status !== null && !EXPECTED.has(reply.status))) {
          unexpected.push({ req: bytes.subarray(0, 300).toString('latin1'), reply });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const summary = [...statuses.entries()].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
    expect(unexpected.slice(0, 5), `seed ${SEED} — ${summary}`).toEqual([]);
    // The fuzz reached every answer of the gate and the router, and past them into the dispatcher.
    for (const status of ['200', '400', '401', '403', '405', '413']) expect(statuses.get(status) ?? 0, `${status} in ${summary}`).toBeGreaterThan(0);
    expect(statuses.get('200') ?? 0, summary).toBeGreaterThan(RUNS / 50);

    const good = await rawRequest(server.port, goodRpc(server.port, server.token));
    expect(good.status).toBe(200);
    expect(good.head).toContain('"ok":true');
  });
});
