// The clock ratchet as issue 12 reproduced it, on the real OS clocks: browser mode (the real app
// process) with --clock-start 13:00 opens the till; three times it is restarted with the clock
// 115 minutes later (each under the 120-minute limit) and books 0.01 in; at 18:45 the count and
// the settlement are refused — the machine's boot id and uptime (/proc) never lived those hours.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserModeApp } from '../helpers/browserMode';

const MINUTE = 60_000;
const ADMIN = { staffNo: '9001', name: '赵管理', secret: 'admin-pass-1' };
const CLERK = { staffNo: '1024', name: '王丽', secret: '2580' };

let app: BrowserModeApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

async function rpc(a: BrowserModeApp, method: string, input: object, session?: string): Promise<{ ok: boolean; result?: Record<string, unknown>; error?: { code: string } }> {
  const r = await fetch(`${a.origin}/rpc`, { method: 'POST', headers: { 'X-CounterDesk-Token': a.token }, body: JSON.stringify({ method, input, session }) });
  return (await r.json()) as { ok: boolean; result?: Record<string, unknown>; error?: { code: string } };
}

async function signIn(a: BrowserModeApp, who: { staffNo: string; secret: string }): Promise<string> {
  const r = await rpc(a, 'staff.signIn', { staffNo: who.staffNo, secret: who.secret });
  if (!r.ok) throw new Error(`sign-in: ${r.error?.code}`);
  return r.result!.session as string;
}

describe('the clock ratchet through browser mode and its RPC, on the real boot clock', () => {
  it('three restarts each 115 minutes later, then settling at 18:45, is refused with TILL_CLOCK_JUMP', async () => {
    const dataDir = fs.mkdtempSync('/tmp/cd-ratchet-e2e-');
    try {
      let clockAt = Date.parse('2026-11-26T13:00:00+08:00');
      let started = Date.now();
      app = await startBrowserMode({ dataDir, clockStart: new Date(clockAt).toISOString() });
      expect((await rpc(app, 'staff.createFirstAdmin', { staffNo: ADMIN.staffNo, name: ADMIN.name, password: ADMIN.secret })).ok).toBe(true);
      const admin = await signIn(app, ADMIN);
      expect((await rpc(app, 'staff.create', { staffNo: CLERK.staffNo, name: CLERK.name, secret: CLERK.secret, role: 'clerk' }, admin)).ok).toBe(true);
      await rpc(app, 'staff.signOut', {}, admin);
      let clerk = await signIn(app, CLERK);
      expect((await rpc(app, 'till.open', { float: { note_100: 5 }, items: {} }, clerk)).ok).toBe(true);
      for (let i = 0; i < 3; i++) {
        await app.stop();
        // The app's clock carries on with real time, plus the 115 minutes somebody set it forward.
        clockAt += Date.now() - started + 115 * MINUTE;
        started = Date.now();
        app = await startBrowserMode({ dataDir, clockStart: new Date(clockAt).toISOString() });
        clerk = await signIn(app, CLERK);
        const booked = await rpc(app, 'till.movement', { kind: 'cash_in', amountFen: 1, reason: '零钱补充' }, clerk);
        expect(booked.ok).toBe(true);
      }
      const count = await rpc(app, 'till.count', { cash: { note_100: 5 } }, clerk);
      expect(count.error?.code).toBe('TILL_CLOCK_JUMP');
      const settle = await rpc(app, 'till.settle', { idempotencyKey: 'ratchet-e2e-1' }, clerk);
      expect(settle.error?.code).toBe('TILL_CLOCK_JUMP');
      const status = await rpc(app, 'till.status', {}, clerk);
      const clock = status.result!.clock as { state: string; forwardMs: number; source: string };
      expect(clock).toMatchObject({ state: 'suspect', source: 'local' });
      expect(clock.forwardMs).toBeGreaterThan(340 * MINUTE);
      expect(clock.forwardMs).toBeLessThan(350 * MINUTE);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
