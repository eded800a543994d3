// The driver against the in-process simulator: confirms, status, faults, drawer, reconnect.
import { afterEach, describe, expect, it } from 'vitest';
import { rejection } from '../../helpers/refusal';
import type { ErrorShape } from '../../../base/contract/errors';
import { PrinterDriver, type PrinterDriverOptions, type PrinterSnapshot } from '../../../native/printer/driver';
import { modelForWidth } from '../../../native/printer/model';
import { customerReceipt } from '../../../native/printer/templates/customer-receipt';
import { customerData } from './fixtures';
import { simOnMemoryLink, type Bench } from './sim-harness';
import type { PrinterSimOptions } from '../../../native/printer/sim/simulator';

let bench: Bench | null = null;
let driver: PrinterDriver | null = null;
afterEach(async () => {
  await driver?.close();
  await bench?.close();
  driver = null;
  bench = null;
});

async function setup(simOpts: PrinterSimOptions = {}, drvOpts: Partial<PrinterDriverOptions> = {}) {
  bench = await simOnMemoryLink({ columns: 48, ...simOpts });
  driver = new PrinterDriver({
    transport: bench.link.host,
    model: modelForWidth(80),
    pollMs: 20,
    idlePollMs: 0, // deterministic byte counts; idle polling is covered over the pty
    confirmTimeoutMs: 200,
    statusTimeoutMs: 200,
    reconnect: { initialMs: 10, maxMs: 50 },
    ...drvOpts,
  });
  return { sim: bench.sim, drv: driver, link: bench.link };
}

function nextState(drv: PrinterDriver, pred: (s: PrinterSnapshot) => boolean): Promise<PrinterSnapshot> {
  if (pred(drv.snapshot)) return Promise.resolve(drv.snapshot);
  return new Promise((resolve) => {
    const off = drv.onChange((s) => {
      if (pred(s)) {
        off();
        resolve(s);
      }
    });
  });
}

const doc = customerReceipt(customerData);

describe('PrinterDriver', () => {
  it('prints a job and resolves only once the printer confirms it', async () => {
    const { sim, drv } = await setup();
    expect(await drv.open()).toMatchObject({ online: true, paperOut: false });
    const confirmsBefore = sim.stats.confirmsAnswered;
    const r = await drv.printReceipt(1, doc);
    expect(r.jobId).toBe(1);
    expect(sim.stats.confirmsAnswered).toBe(confirmsBefore + 1);
    expect(sim.cutReceipts).toHaveLength(1);
    expect(drv.snapshot.state).toBe('idle');
  });

  it('refuses to start a job when out of paper: nothing is sent', async () => {
    const { sim, drv } = await setup();
    await drv.open();
    sim.runOutOfPaper();
    const bytesBefore = sim.stats.bytesIn;
    const e = await rejection(drv.printReceipt(1, doc));
    expect(e.code).toBe('PRINTER_PAPER_OUT');
    expect(e.detail).toMatchObject({ bytesSent: false });
    expect(sim.stats.bytesIn - bytesBefore).toBe(12); // only the four DLE EOT queries
    expect(drv.snapshot.state).toBe('error');
    // Loading paper is noticed by the driver's own polling: it becomes ready again.
    const ready = new Promise<void>((resolve) => drv.onReady(resolve));
    sim.loadPaper();
    await ready;
    expect(drv.snapshot.state).toBe('idle');
  });

  it('paper out mid-job: waits for the clerk, then the same job finishes — one receipt, not re-sent', async () => {
    const { sim, drv } = await setup();
    await drv.open();
    sim.runOutOfPaper({ afterLines: 5 });
    const waits: ErrorShape[] = [];
    let resumed = 0;
    const job = drv.printReceipt(7, doc, { onWaiting: (e) => waits.push(e), onResumed: () => resumed++ });
    await nextState(drv, (s) => s.state === 'error');
    expect(drv.snapshot.error?.code).toBe('PRINTER_PAPER_OUT');
    const bytesWhileWaiting = sim.stats.bytesIn;
    sim.loadPaper();
    await job;
    expect(waits[0]?.code).toBe('PRINTER_PAPER_OUT');
    expect(resumed).toBeGreaterThanOrEqual(1);
    expect(sim.cutReceipts).toHaveLength(1);
    expect(sim.cutReceipts[0]!.qr).toEqual([customerData.txRef]);
    // After the fix only status queries went out (12 bytes each), never the job again.
    expect((sim.stats.bytesIn - bytesWhileWaiting) % 12).toBe(0);
  });

  it('cover opened mid-job: the same, PRINTER_COVER_OPEN while waiting', async () => {
    const { sim, drv } = await setup({ msPerLine: 5 });
    await drv.open();
    const waits: string[] = [];
    const job = drv.printReceipt(2, doc, {
      onWaiting: (e) => {
        waits.push(e.code);
        sim.closeCover();
      },
    });
    await sim.when(() => sim.receipts[0]?.lines.length === 3, 5000, 'three lines');
    sim.openCover();
    await job;
    expect(waits[0]).toBe('PRINTER_COVER_OPEN');
    expect(sim.cutReceipts).toHaveLength(1);
  });

  it('a printer that stops answering a job fails it as a confirm timeout (bytes sent)', async () => {
    const { sim, drv } = await setup({ msPerLine: 1000 }, { silentConfirmLimitMs: 100 });
    await drv.open();
    const e = await rejection(drv.printReceipt(3, doc));
    expect(e.code).toBe('PRINTER_TIMEOUT');
    expect(e.detail).toMatchObject({ bytesSent: true, what: 'confirm' });
    sim.setSlowDrain(0);
  });

  it('no answer at all to status: PRINTER_TIMEOUT, bytes not sent', async () => {
    const { link, drv } = await setup();
    await drv.open();
    await bench!.sim.stop(); // the printer is switched off; the cable is still there
    await link.host.open().catch(() => undefined);
    const e = await rejection(drv.status());
    expect(e.code).toBe('PRINTER_TIMEOUT');
    expect(e.detail).toMatchObject({ bytesSent: false });
  });

  it('kicks the drawer on the configured pin and reads it open per polarity', async () => {
    const { sim, drv } = await setup({ drawerOpenWhenHigh: false }, { drawerPin: 5, drawerPulseMs: 100, drawerOpenWhenHigh: false });
    await drv.open();
    expect((await drv.status()).drawerOpen).toBe(false);
    const after = await drv.kickDrawer();
    expect(sim.kicks).toEqual([{ pin: 5, onMs: 100, offMs: 500 }]);
    expect(after.drawerOpen).toBe(true);
    sim.closeDrawer();
    expect((await drv.status()).drawerOpen).toBe(false);
  });

  it('unplugged: disconnected at once, jobs refused unsent, reconnects by itself after replug', async () => {
    const { sim, drv, link } = await setup({ autoReopen: true });
    await drv.open();
    link.unplug();
    expect(drv.snapshot.state).toBe('disconnected');
    const e = await rejection(drv.printReceipt(4, doc));
    expect(e.code).toBe('PRINTER_DISCONNECTED');
    expect(e.detail).toMatchObject({ bytesSent: false });
    const ready = new Promise<void>((resolve) => drv.onReady(resolve));
    link.replug();
    await ready;
    await drv.printReceipt(5, doc);
    expect(sim.cutReceipts).toHaveLength(1);
  });

  it('unplugged mid-job: PRINTER_DISCONNECTED with bytesSent true', async () => {
    const { sim, drv, link } = await setup({ msPerLine: 20 });
    await drv.open();
    const job = drv.printReceipt(6, doc);
    await sim.when(() => (sim.receipts[0]?.lines.length ?? 0) >= 2, 5000, 'two lines');
    link.unplug();
    const e = await rejection(job);
    expect(e.code).toBe('PRINTER_DISCONNECTED');
    expect(e.detail).toMatchObject({ bytesSent: true });
  });

  it('status after the job reports near end from the printer', async () => {
    const { sim, drv } = await setup();
    await drv.open();
    sim.setNearEnd(true);
    const r = await drv.printReceipt(8, doc);
    expect(r.paperNearEnd).toBe(true);
    expect(drv.snapshot.status?.paperNearEnd).toBe(true);
  });
});
