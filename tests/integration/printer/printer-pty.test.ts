// The printer stack over real ptys through the real `serialport` binding: queue → driver →
// SerialTransport → socat → SerialTransport → simulator.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tempDir';
import { ManualClock } from '../../../base/clock';
import { PrintQueue } from '../../../electron/core/printing/queue';
import type { PrintJob } from '../../../base/contract/printing';
import { openDatabase, type Db } from '../../../electron/core/storage/db';
import { PrinterDriver } from '../../../native/printer/driver';
import { encodeReceipt } from '../../../native/printer/encoder';
import { modelForWidth } from '../../../native/printer/model';
import { previewReceipt } from '../../../native/printer/preview';
import { PrinterSimulator } from '../../../native/printer/sim/simulator';
import { customerReceipt } from '../../../native/printer/templates/customer-receipt';
import { SerialTransport } from '../../../native/transport/serial';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { customerData } from '../../unit/printer/fixtures';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const model = modelForWidth(80);
const doc = customerReceipt(customerData);
const expectedLines = previewReceipt(doc, model)
  .filter((l) => l.kind === 'text')
  .map((l) => l.text);

let pair: PtyPair;
let dir: string;
let sim: PrinterSimulator;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  pair = await createPtyPair();
  dir = tempDir('cd-print-it-');
  sim = new PrinterSimulator(new SerialTransport({ path: pair.b }), { columns: 48, autoReopen: true });
  await sim.start();
});

afterEach(async () => {
  try {
    for (const c of cleanups.splice(0).reverse()) await c();
    await sim.stop();
  } finally {
    await pair.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function appStack(): { db: Db; driver: PrinterDriver; queue: PrintQueue } {
  const { db } = openDatabase({ dataDir: dir });
  const driver = new PrinterDriver({
    transport: new SerialTransport({ path: pair.a }),
    model,
    pollMs: 30,
    idlePollMs: 100,
    reconnect: { initialMs: 50, maxMs: 200 },
  });
  const queue = new PrintQueue({ db, sink: driver, render: (d) => encodeReceipt(d, { model }), clock: new ManualClock(1), retryMs: 500 });
  cleanups.push(async () => {
    // Stop taking jobs, then close the driver, which fails any job still waiting on the printer.
    const stopping = queue.stop();
    await driver.close();
    await stopping;
    db.close();
  });
  return { db, driver, queue };
}

function jobEvent(queue: PrintQueue, pred: (j: PrintJob) => boolean): Promise<PrintJob> {
  return new Promise((resolve) => {
    const off = queue.onEvent((e) => {
      if (e.type === 'job' && pred(e.job)) {
        off();
        resolve(e.job);
      }
    });
  });
}

const enqueue = (q: PrintQueue): PrintJob => q.enqueue({ kind: 'customer_receipt', title: '回单', ref: customerData.txRef, doc });

describe('printer over a pty', () => {
  it('prints a receipt; printed only after the printer confirmed it', async () => {
    const { driver, queue } = appStack();
    await driver.open();
    queue.start();
    const job = enqueue(queue);
    const done = await queue.whenSettled(job.id);
    expect(done.state).toBe('printed');
    expect(sim.stats.confirmsAnswered).toBe(1);
    expect(sim.cutReceipts).toHaveLength(1);
    expect(sim.cutReceipts[0]!.lines).toEqual(expectedLines);
    expect(sim.cutReceipts[0]!.qr).toEqual([customerData.txRef]);
  });

  it('paper out mid-job, then reload: the job finishes, exactly one receipt', async () => {
    const { driver, queue } = appStack();
    await driver.open();
    queue.start();
    sim.runOutOfPaper({ afterLines: 6 });
    const waiting = jobEvent(queue, (j) => j.state === 'printing' && j.reason?.code === 'PRINTER_PAPER_OUT');
    const job = enqueue(queue);
    await waiting;
    expect(sim.receipts[0]!.lines).toHaveLength(6);
    sim.loadPaper();
    const done = await queue.whenSettled(job.id);
    expect(done).toMatchObject({ state: 'printed', attempts: 1, possibleDuplicate: false });
    expect(sim.cutReceipts).toHaveLength(1);
    expect(sim.cutReceipts[0]!.lines).toEqual(expectedLines);
  });

  it('cover open: the job waits unsent, and prints unmarked once the cover is closed', async () => {
    const { driver, queue } = appStack();
    await driver.open();
    queue.start();
    sim.openCover();
    const blocked = jobEvent(queue, (j) => j.state === 'queued' && j.reason?.code === 'PRINTER_COVER_OPEN');
    const job = enqueue(queue);
    await blocked;
    expect(sim.receipts).toHaveLength(0);
    sim.closeCover();
    const done = await queue.whenSettled(job.id);
    expect(done).toMatchObject({ state: 'printed', possibleDuplicate: false });
    expect(sim.cutReceipts.map((r) => r.lines)).toEqual([expectedLines]);
  });

  it('unplugged, then plugged back: the driver reconnects by itself and the queued job prints', async () => {
    const { driver, queue } = appStack();
    const states: string[] = [];
    driver.onChange((s) => states.push(s.state));
    await driver.open();
    queue.start();
    await pair.unplug();
    // Noticed by the idle poll or by the job itself, whichever comes first: nothing is sent.
    const blocked = jobEvent(queue, (j) => j.state === 'queued' && j.reason !== null);
    const job = enqueue(queue);
    const waiting = await blocked;
    expect(['PRINTER_DISCONNECTED', 'PRINTER_TIMEOUT']).toContain(waiting.reason?.code);
    expect(waiting.possibleDuplicate).toBe(false);
    await pair.replug();
    const done = await queue.whenSettled(job.id);
    expect(done).toMatchObject({ state: 'printed', possibleDuplicate: false });
    expect(states).toContain('disconnected');
    expect(sim.cutReceipts.map((r) => r.lines)).toEqual([expectedLines]);
  });

  it('kill -9 of the process owning the queue mid-job, then restart: not lost, never twice unmarked', async () => {
    // Slow drain keeps the job on the printer long enough to kill the owner mid-job.
    sim.setSlowDrain(40);
    const first = startChild({ ENQUEUE: '1' });
    await first.waitFor(/^job 1 printing$/);
    await sim.when(() => (sim.receipts[0]?.lines.length ?? 0) >= 3, 10_000, 'three printed lines');
    first.child.kill('SIGKILL');
    await first.exited;
    // The printer finishes what it had in its buffer: the original copy.
    sim.setSlowDrain(0);
    await sim.whenCut(1, 10_000);
    const { db } = openDatabase({ dataDir: dir });
    expect(db.prepare('SELECT state FROM print_jobs WHERE id = 1').get()).toEqual({ state: 'printing' });
    db.close();
    // socat may have gone with the killed process's end; plug the cable back in if so.
    if (!fs.existsSync(pair.a)) await pair.replug();

    const second = startChild({ EXIT_WHEN_IDLE: '1' });
    await second.waitFor(/^job 1 printed$/);
    expect(await second.exited).toBe(0);
    const receipts = sim.cutReceipts;
    expect(receipts).toHaveLength(2);
    const marked = receipts.filter((r) => r.lines.some((l) => l.includes('【可能重复】')));
    expect(marked).toHaveLength(1);
    expect(receipts[0]!.lines).toEqual(expectedLines); // the original, unmarked
    const check = openDatabase({ dataDir: dir }).db;
    expect(check.prepare('SELECT state, possible_duplicate, attempts FROM print_jobs WHERE id = 1').get()).toEqual({
      state: 'printed',
      possible_duplicate: 1,
      attempts: 2,
    });
    check.close();
  });
});

interface Child {
  child: ChildProcess;
  exited: Promise<number | null>;
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
}

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'queue-child.ts'), dir, pair.a], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  let buf = '';
  child.stdout!.on('data', (c: Buffer) => {
    buf += c.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of [...waiters]) w();
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    child,
    exited,
    waitFor(re, timeoutMs = 20_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!lines.some((l) => re.test(l))) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`child never printed ${re}; stdout: ${lines.join(' | ')}; stderr: ${stderr}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => {
          check();
        });
        check();
      });
    },
  };
}
