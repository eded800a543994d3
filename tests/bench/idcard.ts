/**
 * ID card benchmark: the session and the simulator on the two ends of a socat pty, through
 * the real serialport binding, the simulator pacing its bytes like a UART.
 *
 *   (a) card placed → parsed `card` event, at the counter's polling period
 *       (targets: median ≤ 135 ms, p95 ≤ 150 ms at 115200 baud; the read alone is 113 ms of wire)
 *   (b) read command sent → parsed event, beside the wire time of that exchange; the
 *       difference is what the app (and the pty) add (target median < 20 ms)
 *   (c) what polling costs: the session's process CPU time and the bytes on the line per
 *       second, with the field empty and with a card left lying on the reader. The simulator
 *       runs as its own process here, so the CPU figure is the driver's alone.
 *
 * npm run bench -- idcard [--reads 50] [--baud 115200] [--poll 20] [--cost-s 5]
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createPtyPair } from '../helpers/pty';
import { startSim } from '../helpers/simProcess';
import { SerialTransport } from '../../native/transport/serial';
import type { Transport } from '../../native/transport/types';
import { IdCardSimulator } from '../../native/idcard/sim/simulator';
import { hostOnSerial } from '../../native/idcard/sim/serial-host';
import { DEFAULT_POLL_INTERVAL_MS, IdCardSession } from '../../native/idcard/session';
import type { CardEvent, IdCardReaderPort, StateEvent } from '../../native/idcard/port';
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

function ready(session: IdCardReaderPort): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('reader not ready in 10 s')), 10_000);
    const check = (e: StateEvent) => e.state === 'ready' && (clearTimeout(t), resolve());
    session.on('state', check);
    check(session.state);
  });
}

function nextCard(session: IdCardReaderPort, what: string): Promise<CardEvent> {
  return new Promise<CardEvent>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no card event in 5 s`)), 5000);
    const off = session.on('card', (e) => {
      clearTimeout(t);
      off();
      resolve(e);
    });
  });
}

/** A transport that counts what crosses it, both ways: the bytes on the line. */
class CountingTransport implements Transport {
  sent = 0;
  received = 0;
  constructor(private readonly inner: Transport) {}
  get description() {
    return this.inner.description;
  }
  get isOpen() {
    return this.inner.isOpen;
  }
  open() {
    return this.inner.open();
  }
  close() {
    return this.inner.close();
  }
  write(data: Uint8Array) {
    this.sent += data.length;
    return this.inner.write(data);
  }
  onData(cb: (chunk: Uint8Array) => void) {
    return this.inner.onData((c) => {
      this.received += c.length;
      cb(c);
    });
  }
  onClose(cb: (err?: Error) => void) {
    return this.inner.onClose(cb);
  }
}

interface Cost {
  cpuPct: number;
  sentPerS: number;
  receivedPerS: number;
  /** Share of the line's time with a byte on it (the protocol is one way at a time). */
  linePct: number;
  pollsPerS: number;
}

async function measureCost(line: CountingTransport, session: IdCardSession, seconds: number, baud: number): Promise<Cost> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const s0 = line.sent;
  const r0 = line.received;
  const p0 = session.counts.commands;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(c0);
  const elapsedS = (performance.now() - t0) / 1000;
  const sent = (line.sent - s0) / elapsedS;
  const received = (line.received - r0) / elapsedS;
  return {
    cpuPct: ((cpu.user + cpu.system) / 1e6 / elapsedS) * 100,
    sentPerS: sent,
    receivedPerS: received,
    linePct: (wireTimeMs(sent + received, baud) / 1000) * 100,
    pollsPerS: (session.counts.commands - p0) / elapsedS,
  };
}

async function latency(reads: number, baud: number, poll: number) {
  const pty = await createPtyPair();
  const sim = new IdCardSimulator({ baudRate: baud });
  const host = await hostOnSerial(sim, { path: pty.a, baudRate: baud });
  const session = new IdCardSession({ transport: new SerialTransport({ path: pty.b, baudRate: baud }), pollIntervalMs: poll });
  const card = loadSimCard(sampleCardPath('resident'));
  const placedToEvent: number[] = [];
  const readToEvent: number[] = [];
  const appAdded: number[] = [];
  let wire = 0;
  try {
    session.start();
    await ready(session);
    for (let i = 0; i < reads; i++) {
      // Place the card at a random moment of the polling cycle, as a customer would.
      await new Promise((r) => setTimeout(r, Math.random() * 120));
      const event = nextCard(session, `read ${i}`);
      const placedAt = performance.now();
      sim.place(card);
      const e = await event;
      sim.remove();
      // A hand takes far longer than one poll to swap a card: let the reader see the empty field.
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
  return { placedToEvent, readToEvent, appAdded, wire };
}

async function cost(baud: number, poll: number, seconds: number) {
  const pty = await createPtyPair();
  const sim = await startSim('idcard', pty.a, ['--baud', String(baud)]);
  const line = new CountingTransport(new SerialTransport({ path: pty.b, baudRate: baud }));
  const session = new IdCardSession({ transport: line, pollIntervalMs: poll });
  try {
    session.start();
    await ready(session);
    const idle = await measureCost(line, session, seconds, baud);
    const read = nextCard(session, 'cost');
    sim.send('place resident');
    await read;
    const resting = await measureCost(line, session, seconds, baud);
    const fullReads = (sim.output().match(/read text \+ photo →/g) ?? []).length;
    return { idle, resting, fullReads };
  } finally {
    await session.stop();
    await sim.stop();
    await pty.close();
  }
}

export async function bench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { reads: { type: 'string' }, baud: { type: 'string' }, poll: { type: 'string' }, 'cost-s': { type: 'string' } },
    allowPositionals: true,
  });
  const reads = Number(values.reads ?? 50);
  const baud = Number(values.baud ?? 115200);
  // The counter's default period unless --poll is given: that is what the counter runs with.
  const poll = values.poll === undefined ? DEFAULT_POLL_INTERVAL_MS : Number(values.poll);
  const costS = Number(values['cost-s'] ?? 5);

  const l = await latency(reads, baud, poll);
  const c = await cost(baud, poll, costS);

  const a50 = quantile(l.placedToEvent, 0.5);
  const a95 = quantile(l.placedToEvent, 0.95);
  const b50 = quantile(l.readToEvent, 0.5);
  const b95 = quantile(l.readToEvent, 0.95);
  const x50 = quantile(l.appAdded, 0.5);
  const x95 = quantile(l.appAdded, 0.95);
  const costLine = (what: string, k: Cost) =>
    `      ${what}  CPU ${k.cpuPct.toFixed(2)}% of one core   line ${f(k.sentPerS)} B/s out + ${f(k.receivedPerS)} B/s in = ${k.linePct.toFixed(1)}% busy   ${f(k.pollsPerS)} commands/s`;
  const lines = [
    `idcard: ${reads} reads over a socat pty, serialport binding, simulator paced as a UART at ${baud} baud (8N1), polling every ${poll} ms (start to start)`,
    `  (a) card placed → card event   median ${f(a50)} ms  p95 ${f(a95)} ms  max ${f(Math.max(...l.placedToEvent))} ms   targets median ≤ 135, p95 ≤ 150 ms: ${a50 <= 135 && a95 <= 150 ? 'met' : 'NOT met'}`,
    `  (b) read sent → card event     median ${f(b50)} ms  p95 ${f(b95)} ms   wire time of the exchange ${f(l.wire)} ms (ratio to wire: median ${(b50 / l.wire).toFixed(2)}×)`,
    `      app-added (b − wire)       median ${f(x50)} ms  p95 ${f(x95)} ms   target median < 20 ms: ${x50 < 20 ? 'met' : 'NOT met'}`,
    `  (c) cost of polling over ${costS} s each (simulator in its own process; CPU is the driver's process)`,
    costLine('field empty     ', c.idle),
    costLine('card left on it ', c.resting),
    `      full reads of the card left on the reader: ${c.fullReads} (one per presence)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  recordFigure('idcard.placedToEventMs', summarize(l.placedToEvent), 'ms', `card placed → parsed card event (${poll} ms polling, pty at ${baud})`);
  recordFigure('idcard.readToEventMs', summarize(l.readToEvent), 'ms', 'read sent → card event');
  recordFigure('idcard.appAddedMs', summarize(l.appAdded), 'ms', `read sent → card event, app time over the ${f(l.wire)} ms wire time`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  bench(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
