/**
 * ID card benchmark: the session and the simulator on the two ends of a socat pty, through
 * the real serialport binding, the simulator pacing its bytes like a UART.
 *
 *   (a) card placed → parsed `card` event, with the default polling interval (target p95 ≤ 250 ms)
 *   (b) read command sent → parsed event, beside the wire time of that exchange; the
 *       difference is what the app (and the pty) add (target median < 20 ms)
 *
 * npm run bench -- idcard [--reads 50] [--baud 115200] [--poll 100]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createPtyPair } from '../helpers/pty';
import { SerialTransport } from '../../native/transport/serial';
import { IdCardSimulator } from '../../native/idcard/sim/simulator';
import { hostOnSerial } from '../../native/idcard/sim/serial-host';
import { IdCardSession, type CardEvent, type StateEvent } from '../../native/idcard/session';
import { loadSimCard, sampleCardPath } from '../../native/idcard/sim/cards';
import { wireTimeMs } from '../../native/idcard/commands';
import { recordFigure } from './figures';
import { quantile, summarize } from './stats';

const f = (n: number) => n.toFixed(1);

function nextFind(sim: IdCardSimulator): Promise<void> {
  const count = () => sim.seen.filter((c) => c === 'find').length;
  const target = count() + 1;
  return new Promise((resolve) => {
    const tick = () => (count() >= target ? resolve() : setTimeout(tick, 5));
    tick();
  });
}

export async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { reads: { type: 'string' }, baud: { type: 'string' }, poll: { type: 'string' } }, allowPositionals: true });
  const reads = Number(values.reads ?? 50);
  const baud = Number(values.baud ?? 115200);
  const poll = values.poll === undefined ? undefined : Number(values.poll);

  const pty = await createPtyPair();
  const sim = new IdCardSimulator({ baudRate: baud });
  const host = await hostOnSerial(sim, { path: pty.a, baudRate: baud });
  // Default polling interval unless --poll is given: that is what the counter runs with.
  const session = new IdCardSession({ transport: new SerialTransport({ path: pty.b, baudRate: baud }), ...(poll ? { pollIntervalMs: poll } : {}) });
  const card = loadSimCard(sampleCardPath('resident'));
  const placedToEvent: number[] = [];
  const readToEvent: number[] = [];
  const appAdded: number[] = [];
  let wire = 0;
  try {
    session.start();
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('reader not ready in 5 s')), 5000);
      const check = (e: StateEvent) => e.state === 'ready' && (clearTimeout(t), resolve());
      session.on('state', check);
      check(session.state);
    });
    for (let i = 0; i < reads; i++) {
      // Place the card at a random moment of the polling cycle, as a customer would.
      await new Promise((r) => setTimeout(r, Math.random() * 120));
      const event = new Promise<CardEvent>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`read ${i}: no card event in 5 s`)), 5000);
        const off = session.on('card', (e) => {
          clearTimeout(t);
          off();
          resolve(e);
        });
      });
      const placedAt = performance.now();
      sim.place(card);
      const e = await event;
      sim.remove();
      // A hand takes far longer than one poll to swap a card: let the reader see the empty field,
      // or the same card back within one poll would rightly count as the same presence.
      await nextFind(sim);
      wire = wireTimeMs(e.timing.exchangeBytes, baud);
      placedToEvent.push(e.timing.parsedAt - placedAt);
      const r = e.timing.parsedAt - e.timing.readSentAt;
      readToEvent.push(r);
      appAdded.push(r - wire);
    }
  } finally {
    await session.stop();
    await host.stop();
    await pty.close();
  }

  const pollMs = poll ?? 100;
  const a50 = quantile(placedToEvent, 0.5);
  const a95 = quantile(placedToEvent, 0.95);
  const b50 = quantile(readToEvent, 0.5);
  const b95 = quantile(readToEvent, 0.95);
  const x50 = quantile(appAdded, 0.5);
  const x95 = quantile(appAdded, 0.95);
  const lines = [
    `idcard: ${reads} reads over a socat pty, serialport binding, simulator paced as a UART at ${baud} baud (8N1), polling every ${pollMs} ms`,
    `  (a) card placed → card event   median ${f(a50)} ms  p95 ${f(a95)} ms  max ${f(Math.max(...placedToEvent))} ms   target p95 ≤ 250 ms: ${a95 <= 250 ? 'met' : 'NOT met'}`,
    `  (b) read sent → card event     median ${f(b50)} ms  p95 ${f(b95)} ms   wire time of the exchange ${f(wire)} ms (ratio to wire: median ${(b50 / wire).toFixed(2)}×)`,
    `      app-added (b − wire)       median ${f(x50)} ms  p95 ${f(x95)} ms   target median < 20 ms: ${x50 < 20 ? 'met' : 'NOT met'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  recordFigure('idcard.placedToEventMs', summarize(placedToEvent), 'ms', `card placed → parsed card event (${pollMs} ms polling, pty at ${baud})`);
  recordFigure('idcard.readToEventMs', summarize(readToEvent), 'ms', 'read sent → card event');
  recordFigure('idcard.appAddedMs', summarize(appAdded), 'ms', `read sent → card event, app time over the ${f(wire)} ms wire time`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  bench(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
