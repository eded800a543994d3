// The hall page's server side, on both backends: first start with the admin token, sign-in with
// the hall's accounts, roles checked on the server for every method, the idle lock, sessions
// ended by a reset, the page's own request guard, the live stream (a heartbeat reaches it) and
// the audit table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import { hallMethods, type HallMethodName } from '../../../base/contract/hallPage';
import { PROTOCOL_VERSION } from '../../../base/contract/replication';
import { enrolWithHall, readHallLink } from '../../../electron/core/sync/enrol';
import { HallLink } from '../../../electron/core/sync/hallLink';
import { startHallServer, type RunningHallServer } from '../../../hall/server/http';
import type { HallStore } from '../../../hall/storage/port';
import { ensureIdentity } from '../../../hall/tls/identity';
import { openCounterDb, type CounterDb } from '../../helpers/counterFixture';
import { PageClient, rawRequest } from '../../helpers/hallPage';
import { BACKENDS, setupHallBackends } from '../../helpers/hallStores';
import { FAST_SCRYPT } from '../../helpers/scrypt';

const backends = setupHallBackends();
const TOKEN = 'admin-token-for-page-tests';
const ADMIN = { staffNo: 'A001', name: '赵管理', password: 'admin-pass-1' };

describe.each(BACKENDS)('the hall page on %s', (kind) => {
  let store: HallStore;
  let server: RunningHallServer;
  let certPem: string;
  const clock = new ManualClock(Date.now());
  const counters: CounterDb[] = [];
  const page = () => new PageClient(server.url, certPem);
  let admin: PageClient;

  beforeAll(async () => {
    store = await backends.open(await backends.fresh(kind));
    const identity = await ensureIdentity(store);
    certPem = identity.certPem;
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-hall-static-'));
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(path.join(staticDir, 'hall.html'), '<!doctype html><title>hall</title><script type="module" src="./assets/hall-x.js"></script>');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>counter</title>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'hall-x.js'), 'export {};');
    server = await startHallServer({ store, identity, host: '127.0.0.1', port: 0, adminToken: TOKEN, scrypt: FAST_SCRYPT, staticDir, now: () => clock.now(), idleLockMinutes: 10 });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await store?.close();
    for (const c of counters) c.close();
  });

  it('first start: the admin token printed at start creates the first administrator, once', async () => {
    const p = page();
    expect((await p.ok('hall.info', {})).setupNeeded).toBe(true);
    const wrong = await p.refused('session.setup', { setupToken: 'guess', staffNo: ADMIN.staffNo, name: ADMIN.name, password: ADMIN.password });
    expect(wrong.code).toBe('HALL_SETUP_TOKEN');
    expect(wrong.message_zh).toContain('管理员令牌');
    expect((await p.refused('session.setup', { setupToken: TOKEN, staffNo: 'A001', name: ADMIN.name, password: 'aaaaaaaa' })).code).toBe('SECRET_TOO_WEAK');
    const me = await p.ok('session.setup', { setupToken: TOKEN, staffNo: 'a001', name: ADMIN.name, password: ADMIN.password });
    expect(me).toMatchObject({ staffNo: 'A001', role: 'admin', locked: false, idleLockMinutes: 10 });
    expect(p.token).toBeTruthy();
    expect((await p.ok('hall.info', {})).setupNeeded).toBe(false);
    expect((await page().refused('session.setup', { setupToken: TOKEN, staffNo: 'A002', name: '又一位', password: 'another-pass-2' })).code).toBe('SETUP_DONE');
    admin = p;
  });

  it('signs in with the hall’s accounts: managers and administrators only, wrong guesses slowed down', async () => {
    await admin.ok('staff.create', { staffNo: 'M001', name: '李经理', role: 'duty_manager', secret: 'manager-pass-1' });
    await admin.ok('staff.create', { staffNo: 'C001', name: '王丽', role: 'clerk', secret: '2580' });
    const p = page();
    expect((await p.refused('session.signIn', { staffNo: 'M001', secret: 'wrong-pass-1' })).code).toBe('SIGNIN_FAILED');
    expect((await p.refused('session.signIn', { staffNo: 'NOBODY', secret: 'wrong-pass-1' })).code).toBe('SIGNIN_FAILED');
    const clerk = await p.refused('session.signIn', { staffNo: 'C001', secret: '2580' });
    expect(clerk.code).toBe('FORBIDDEN_ROLE');
    expect(clerk.message_zh).toContain('台席登录');
    expect(p.token).toBeUndefined();
    // Three wrong tries in a row, then the wait.
    const guesser = page();
    await guesser.refused('session.signIn', { staffNo: 'M001', secret: 'wrong-pass-2' });
    const out = await guesser.refused('session.signIn', { staffNo: 'M001', secret: 'wrong-pass-3' });
    expect(out.code).toBe('SIGNIN_LOCKED_OUT');
    expect((await guesser.refused('session.signIn', { staffNo: 'M001', secret: 'manager-pass-1' })).code).toBe('SIGNIN_LOCKED_OUT');
    clock.advance(31_000);
    const m = await p.ok('session.signIn', { staffNo: 'm001', secret: 'manager-pass-1' });
    expect(m).toMatchObject({ staffNo: 'M001', role: 'duty_manager' });
    // An account locked by the administrator cannot sign in, even with the right password.
    await admin.ok('staff.setLocked', { staffNo: 'M001', locked: true });
    expect((await p.refused('counters.board', {})).code).toBe('NOT_SIGNED_IN');
    expect((await page().refused('session.signIn', { staffNo: 'M001', secret: 'manager-pass-1' })).code).toBe('STAFF_LOCKED');
    await admin.ok('staff.setLocked', { staffNo: 'M001', locked: false });
  });

  it('checks the role on the server for every method of the contract', async () => {
    const nobody = page();
    const manager = page();
    await manager.ok('session.signIn', { staffNo: 'M001', secret: 'manager-pass-1' });
    for (const name of Object.keys(hallMethods) as HallMethodName[]) {
      const access = hallMethods[name].access;
      if (access === 'public') continue;
      // Any input: the role is checked before the input.
      const anon = await nobody.call(name, {} as never);
      expect(anon.ok ? 'ok' : anon.error.code, `${name} without a session`).toBe('NOT_SIGNED_IN');
      if (Array.isArray(access) && !access.includes('duty_manager')) {
        const r = await manager.call(name, {} as never);
        expect(r.ok ? 'ok' : r.error.code, `${name} as a duty manager`).toBe('FORBIDDEN_ROLE');
      }
    }
    // What a duty manager may do, works.
    expect((await manager.ok('counters.board', {})).counters).toEqual([]);
    expect((await manager.ok('config.status', {})).versions.staff).toBeGreaterThan(0);
    const bad = await admin.refused('staff.create', { staffNo: 'C009', name: '', role: 'clerk', secret: '3691' });
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message_zh).toContain('name');
    expect((await admin.call('no.such' as HallMethodName, {} as never)).ok).toBe(false);
  });

  it('locks an idle page on the server; only the same person’s password unlocks it', async () => {
    const m = page();
    await m.ok('session.signIn', { staffNo: 'M001', secret: 'manager-pass-1' });
    clock.advance(10 * 60_000);
    const locked = await m.refused('counters.board', {});
    expect(locked.code).toBe('SESSION_LOCKED');
    expect((await m.ok('session.whoami', {})).locked).toBe(true);
    expect((await m.refused('session.unlock', { secret: 'admin-pass-1' })).code).toBe('SIGNIN_FAILED');
    expect((await m.ok('session.unlock', { secret: 'manager-pass-1' })).locked).toBe(false);
    expect((await m.ok('counters.board', {})).counters).toEqual([]);
    // The administrator's page idled through those ten minutes too.
    expect((await admin.ok('session.unlock', { secret: ADMIN.password })).locked).toBe(false);
    // A reset of the password ends every session of that person.
    await admin.ok('staff.resetSecret', { staffNo: 'M001', secret: 'manager-pass-2' });
    expect((await m.refused('counters.board', {})).code).toBe('NOT_SIGNED_IN');
    await m.ok('session.signIn', { staffNo: 'M001', secret: 'manager-pass-2' });
    await m.ok('session.signOut', {});
    expect(m.token).toBeUndefined();
    expect((await m.refused('session.whoami', {})).code).toBe('NOT_SIGNED_IN');
  });

  it('refuses requests that did not come from the page, and serves only the hall page with its CSP', async () => {
    const body = JSON.stringify({ method: 'hall.info', input: {} });
    const noHeader = await rawRequest(server.url, certPem, { method: 'POST', path: '/v1/page/rpc', body, headers: { 'content-type': 'application/json' } });
    expect(noHeader.status).toBe(403);
    const form = await rawRequest(server.url, certPem, { method: 'POST', path: '/v1/page/rpc', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-counterdesk-hall': '1' } });
    expect(form.status).toBe(403);
    const foreign = await rawRequest(server.url, certPem, { method: 'POST', path: '/v1/page/rpc', body, headers: { 'content-type': 'application/json', 'x-counterdesk-hall': '1', origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe('FORBIDDEN_SENDER');

    const html = await rawRequest(server.url, certPem, { method: 'GET', path: '/' });
    expect(html.status).toBe(200);
    expect(html.body).toContain('<title>hall</title>');
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    expect(html.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect((await rawRequest(server.url, certPem, { method: 'GET', path: '/assets/hall-x.js' })).status).toBe(200);
    // Not the counter's screen, nothing outside the build.
    expect((await rawRequest(server.url, certPem, { method: 'GET', path: '/index.html' })).status).toBe(404);
    expect((await rawRequest(server.url, certPem, { method: 'GET', path: '/assets/../../package.json' })).status).not.toBe(200);
    // The session cookie is HttpOnly, Secure and SameSite=Strict.
    const signIn = await rawRequest(server.url, certPem, {
      method: 'POST', path: '/v1/page/rpc', body: JSON.stringify({ method: 'session.signIn', input: { staffNo: 'A001', secret: ADMIN.password } }),
      headers: { 'content-type': 'application/json', 'x-counterdesk-hall': '1' },
    });
    const cookie = ([] as string[]).concat(signIn.headers['set-cookie'] ?? [])[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('pushes a counter’s heartbeat to the signed-in page, and none to a page without a session', async () => {
    const anon = await page().events();
    expect(anon.status).toBe(401);
    const m = page();
    await m.ok('session.signIn', { staffNo: 'M001', secret: 'manager-pass-2' });
    const stream = await m.events();
    expect(stream.status).toBe(200);

    const reg = await admin.ok('counters.register', { number: 7, label: '7号台席（爱心）' });
    expect(reg.code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(reg.fingerprint).toBe(server.page && (await admin.ok('hall.info', {})).fingerprint);
    expect((await stream.next('counter.changed', (d) => (d as { number: number }).number === 7)).data).toMatchObject({ number: 7, status: 'pending' });

    const c = openCounterDb();
    counters.push(c);
    await enrolWithHall(c.db, { hallUrl: server.url, counter: 7, code: reg.code }, () => Date.now());
    await stream.next('counter.changed', (d) => (d as { status: string }).status === 'active');
    const row = readHallLink(c.db)!;
    const link = new HallLink({ url: row.hall_url, certPem: row.cert_pem, fingerprint: row.fingerprint }, 7, row.private_key_pem, () => Date.now());
    try {
      const state = {
        signedIn: { staffNo: 'C001', role: 'clerk' }, till: { status: 'open' as const, sessionId: 12, clerk: 'C001', businessDay: '2026-11-26' },
        devices: { idcard: { state: 'ready', detail: null }, printer: { state: 'warning', detail: '纸将尽' } },
        unsent: { journey: 2, ledger: 1 }, oldestUnsentAt: Date.now() - 4_000, appVersion: '0.1.0',
      };
      await link.post('/v1/heartbeat', { protocol: PROTOCOL_VERSION, counter: 7, seq: 1, counterTime: Date.now() + 95_000, state });
      const ev = await stream.next('counter.changed', (d) => (d as { heartbeatAt: number | null }).heartbeatAt !== null);
      expect(ev.data).toMatchObject({ number: 7, clerkName: '王丽', state: { till: { status: 'open' }, unsent: { journey: 2 } } });
      expect((ev.data as { skewMs: number }).skewMs).toBeGreaterThan(90_000);
    } finally {
      link.close();
    }

    // Revoking shows at once, and a revoked counter is what the board says.
    await admin.ok('counters.revoke', { number: 7 });
    expect((await stream.next('counter.changed', (d) => (d as { status: string }).status === 'revoked')).data).toMatchObject({ number: 7 });

    // Locking the manager's account closes their stream.
    await admin.ok('staff.setLocked', { staffNo: 'M001', locked: true });
    expect((await stream.next('session.changed')).data).toEqual({ state: 'ended' });
    await stream.closed;
    await admin.ok('staff.setLocked', { staffNo: 'M001', locked: false });
  });

  it('records every administrative change in the hall audit table: who, what, when', async () => {
    const { entries } = await admin.ok('audit.list', { limit: 200 });
    const actions = entries.map((e) => `${e.actor} ${e.action} ${e.subject ?? ''}`.trim());
    expect(actions).toEqual(expect.arrayContaining([
      'admin-token session.setup A001', 'A001 staff.create M001', 'A001 staff.create C001', 'A001 staff.lock M001', 'A001 staff.unlock M001',
      'A001 staff.reset M001', 'A001 counter.register 7', 'A001 counter.revoke 7', 'M001 session.signin M001', 'M001 session.unlock M001',
    ]));
    expect(entries.some((e) => e.action === 'session.signin_refused' && e.detail.code === 'SIGNIN_FAILED')).toBe(true);
    expect(entries.every((e) => e.at > 0)).toBe(true);
    // Never a password or a code.
    expect(JSON.stringify(entries)).not.toMatch(/manager-pass|admin-pass|2580|scrypt\$/);
  });
});
