// The set-up page saves real ports: the running app switches from the simulators to them at once.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Core } from '../../../electron/core/app';
import { testCore } from '../../helpers/core';
import { Caller, STAFF, staffUp } from '../../helpers/counterDay';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { startSim, type SimProcess } from '../../helpers/simProcess';

const run = fs.existsSync('/usr/bin/socat') ? describe : describe.skip;
let core: Core | null = null;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await core?.close();
  core = null;
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function waitFor(core: Core, pred: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(core.devices.get())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

run('switching devices while running', () => {
  it('moves the printer and the reader from the simulators to the configured ports', async () => {
    const printerPty: PtyPair = await createPtyPair();
    cleanup.push(() => printerPty.close());
    const readerPty: PtyPair = await createPtyPair();
    cleanup.push(() => readerPty.close());
    const printer: SimProcess = await startSim('printer', printerPty.a);
    cleanup.push(() => printer.stop());
    const reader: SimProcess = await startSim('idcard', readerPty.a);
    cleanup.push(() => reader.stop());

    core = await testCore();
    const c: Caller = await staffUp(core);
    expect(core.devices.get().trainingMode).toBe(true);
    await c.call('staff.signOut', {});
    await c.signIn(STAFF.manager.staffNo, STAFF.manager.secret);
    await c.call('settings.update', {
      patch: { devices: { printer: { mode: 'serial', port: printerPty.b }, idcard: { mode: 'serial', port: readerPty.b } } },
    });
    await waitFor(core, () => core!.devices.get().printer.state === 'ready' && core!.devices.get().idcard.state === 'ready', 'real devices ready');
    expect(core.devices.get().trainingMode).toBe(false);
    expect(core.devices.get().printer.link).toContain(printerPty.b);

    // The test page goes to the printer on the pty, not to the old simulator.
    const job = await c.call('printer.test', {});
    await core.services.domain!.printing.queue.whenSettled(job.id);
    expect(core.services.domain!.printing.queue.get(job.id)?.state).toBe('printed');
    await printer.waitFor(/全切 full cut|半切 partial cut/);
    expect(core.services.domain!.printing.device.simulator).toBeNull();

    // A card on the pty reader is read by the new session.
    const reading = c.call('devices.testRead', { timeoutMs: 10_000 });
    reader.send('place resident');
    const r = await reading;
    expect(r.idMasked).toMatch(/^\*{14}[\dX]{4}$/);
  });
});
