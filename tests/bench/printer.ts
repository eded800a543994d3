/**
 * Printer figures: `npm run bench -- printer [--jobs 40] [--baud 115200]`.
 *
 * 1. Job latency over a real pty at 115200 baud against the simulator pacing bytes like a UART:
 *    print() called → printer's GS r confirm received, beside the wire time of the job's bytes
 *    (10 bits a byte), which is the physical floor. "Added" = latency − wire time (target < 20 ms);
 *    it includes the status read before the job. Also print() resolved (with the status read after).
 * 2. Queue latency: enqueue → 'printed' event (SQLite writes included).
 * 3. Rendering throughput: ReceiptDoc → ESC/POS bytes, receipts per second, both widths.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../../base/clock';
import { PrintQueue } from '../../electron/core/printing/queue';
import { openDatabase } from '../../electron/core/storage/db';
import { PrinterDriver } from '../../native/printer/driver';
import { encodeReceipt } from '../../native/printer/encoder';
import { modelForWidth } from '../../native/printer/model';
import { PrinterSimulator } from '../../native/printer/sim/simulator';
import { customerReceipt } from '../../native/printer/templates/customer-receipt';
import { settlementReport } from '../../native/printer/templates/settlement-report';
import { SerialTransport } from '../../native/transport/serial';
import { createPtyPair } from '../helpers/pty';
import { customerData, settlementData } from '../unit/printer/fixtures';
import { recordFigure } from './figures';
import { quantile, summarize } from './stats';

function flag(args: string[], name: string, def: number): number {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : def;
  return Number.isFinite(v) && v > 0 ? v : def;
}

const pct = (xs: number[], p: number): number => quantile(xs, p / 100);

const f1 = (n: number): string => n.toFixed(1);

export async function bench(args: string[]): Promise<void> {
  const jobs = flag(args, '--jobs', 40);
  const baud = flag(args, '--baud', 115200);
  const model = modelForWidth(80);
  const doc = customerReceipt(customerData);
  const bytes = encodeReceipt(doc, { model });
  const wireMs = ((bytes.length + 3) * 10 * 1000) / baud; // + the GS r 1 marker

  const pair = await createPtyPair();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-bench-print-'));
  const sim = new PrinterSimulator(new SerialTransport({ path: pair.b, baudRate: baud }), { columns: 48, baudRate: baud });
  const clock = { now: () => performance.now() };
  const driver = new PrinterDriver({ transport: new SerialTransport({ path: pair.a, baudRate: baud }), model, baudRate: baud, clock });
  try {
    await sim.start();
    await driver.open();
    await driver.print('warm-up', bytes);

    const confirm: number[] = [];
    const resolved: number[] = [];
    for (let i = 0; i < jobs; i++) {
      const t0 = performance.now();
      const r = await driver.print(i, bytes);
      resolved.push(performance.now() - t0);
      confirm.push(r.confirmedAt - t0);
    }

    const { db } = openDatabase({ dataDir: dir });
    const queue = new PrintQueue({ db, sink: driver, render: (d) => encodeReceipt(d, { model }), clock: systemClock });
    queue.start();
    const queued: number[] = [];
    for (let i = 0; i < jobs; i++) {
      const t0 = performance.now();
      const job = queue.enqueue({ kind: 'customer_receipt', title: 'bench', doc });
      await queue.whenSettled(job.id);
      queued.push(performance.now() - t0);
    }
    await queue.stop();
    db.close();

    const printed = sim.cutReceipts.length;
    console.log(`printer: job latency over a pty at ${baud} baud, simulator pacing like a UART (${jobs} jobs each)`);
    console.log(`  job: customer receipt, ${bytes.length} bytes + GS r 1; wire time ${f1(wireMs)} ms`);
    console.log(`  print() → GS r confirm   median ${f1(pct(confirm, 50))} ms  p95 ${f1(pct(confirm, 95))} ms  added over wire: median ${f1(pct(confirm, 50) - wireMs)} ms, p95 ${f1(pct(confirm, 95) - wireMs)} ms (target < 20)`);
    console.log(`  print() resolved          median ${f1(pct(resolved, 50))} ms  p95 ${f1(pct(resolved, 95))} ms  (includes the status read after the job)`);
    console.log(`  enqueue → 'printed' event median ${f1(pct(queued, 50))} ms  p95 ${f1(pct(queued, 95))} ms  ratio to wire ${f1(pct(queued, 50) / wireMs)}×`);
    console.log(`  receipts cut by the simulator: ${printed} (expected ${2 * jobs + 1})`);
    recordFigure('printer.confirmMs', summarize(confirm), 'ms', 'receipt submitted → printer confirms (GS r)');
    recordFigure('printer.addedOverWireMs', summarize(confirm.map((c) => c - wireMs)), 'ms', `receipt submitted → printer confirms, over the ${f1(wireMs)} ms wire time`);
    recordFigure('printer.queuedMs', summarize(queued), 'ms', "enqueue → 'printed' event");
  } finally {
    await driver.close().catch(() => undefined);
    await sim.stop().catch(() => undefined);
    await pair.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log('printer: rendering ReceiptDoc → ESC/POS bytes');
  for (const [name, d] of [
    ['customer receipt', doc],
    ['settlement report', settlementReport(settlementData)],
  ] as const) {
    for (const width of [58, 80] as const) {
      const m = modelForWidth(width);
      const per: number[] = [];
      const start = performance.now();
      let n = 0;
      while (performance.now() - start < 500) {
        const t = performance.now();
        encodeReceipt(d, { model: m });
        per.push(performance.now() - t);
        n++;
      }
      const secs = (performance.now() - start) / 1000;
      recordFigure(`printer.render.${name === 'customer receipt' ? 'receipt' : 'settlement'}${width}.perSecond`, Math.round(n / secs), 'receipts/s', `${name} rendering, ${width} mm`);
      console.log(`  ${name.padEnd(18)} ${width} mm: ${Math.round(n / secs)} receipts/s (median ${(pct(per, 50) * 1000).toFixed(0)} µs, p95 ${(pct(per, 95) * 1000).toFixed(0)} µs)`);
    }
  }
}

// `npx tsx tests/bench/printer.ts` runs it directly too.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await bench(process.argv.slice(2));
}
