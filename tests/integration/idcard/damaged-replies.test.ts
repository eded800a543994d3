/**
 * Damaged replies over a socat pty (real serialport binding, the simulator paced at 115200):
 * a reader that answers with a bad checksum is there. The reply is counted apart from silence,
 * the command ends as soon as the damaged frame is in (and is sent once more), and only
 * unanswered commands take the reader to 'disconnected'.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { SerialTransport } from '../../../native/transport/serial';
import { IdCardSimulator } from '../../../native/idcard/sim/simulator';
import { hostOnSerial, type SerialHost } from '../../../native/idcard/sim/serial-host';
import { IdCardReader } from '../../../native/idcard/reader';
import { IdCardSession } from '../../../native/idcard/session';
import { loadSimCard, sampleCardPath } from '../../../native/idcard/sim/cards';
import type { CardEvent, StateEvent } from '../../../native/idcard/port';
import type { BilingualError } from '../../../base/contract/errors';

let pty: PtyPair;
let sim: IdCardSimulator;
let host: SerialHost;
const cleanups: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  pty = await createPtyPair();
  sim = new IdCardSimulator({ baudRate: 115200 });
  host = await hostOnSerial(sim, { path: pty.a, baudRate: 115200, retryMs: 20 });
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await host.stop();
  await pty.close();
});

const resident = () => loadSimCard(sampleCardPath('resident'));
const seen = (cmd: string) => sim.seen.filter((c) => c === cmd).length;

/**
 * A reader whose timeouts are far longer than any test may run: a command that ends at all
 * ended because of what came over the line, never because a timer ran out.
 */
async function patientReader() {
  const log: string[] = [];
  const reader = new IdCardReader(new SerialTransport({ path: pty.b, baudRate: 115200 }), {
    timeouts: { find: 600_000, select: 600_000, readTextPhoto: 600_000, samStatus: 600_000 },
    log: (l) => log.push(l),
  });
  await reader.open();
  cleanups.push(() => reader.close());
  return { reader, log };
}

describe('a reply with a bad checksum (pty)', () => {
  it('ends the command at once, which is sent once more and answered; the log says why', async () => {
    const { reader, log } = await patientReader();
    sim.place(resident());
    expect(await reader.find()).toBe(true);
    expect(await reader.select()).toBe(true);
    sim.inject({ fault: { kind: 'corrupt-checksum' }, command: 'readTextPhoto' });
    const raw = await reader.readCard();
    expect(raw.text.length).toBe(256);
    expect(seen('readTextPhoto')).toBe(2);
    expect(log.some((l) => /read text \+ photo → ✗ reply with a bad checksum .*command ended/.test(l))).toBe(true);
    expect(log.some((l) => /read text \+ photo → sent again after a damaged reply/.test(l))).toBe(true);
    expect(log.some((l) => /no answer/.test(l))).toBe(false);
    expect(reader.counts).toEqual({ commands: 4, answered: 3, unanswered: 0, damaged: 1, retried: 1 });
  });

  it('twice damaged: IDCARD_BAD_FRAME naming the checksum, after exactly one retry, never "no answer"', async () => {
    const { reader, log } = await patientReader();
    sim.inject({ fault: { kind: 'corrupt-checksum' }, command: 'samStatus', times: 2 });
    const err = await reader.samStatus().then(
      () => null,
      (e: BilingualError) => e,
    );
    expect(err?.code).toBe('IDCARD_BAD_FRAME');
    expect(err?.detail).toMatchObject({ reason: 'checksum', retried: true });
    expect(err?.message_en).toMatch(/bad checksum/);
    expect(seen('samStatus')).toBe(2);
    expect(log.filter((l) => /bad checksum/.test(l) && /command ended/.test(l))).toHaveLength(2);
    expect(log.some((l) => /no answer/.test(l))).toBe(false);
    expect(reader.counts).toMatchObject({ damaged: 2, retried: 1, unanswered: 0 });
    // …and the line is in step for the next command.
    await reader.samStatus();
  });
});

describe('the session with damaged replies (pty)', () => {
  function startSession() {
    const session = new IdCardSession({
      transport: new SerialTransport({ path: pty.b, baudRate: 115200 }),
      pollIntervalMs: 20,
      reconnect: { initialMs: 20, maxMs: 100 },
      reader: { timeouts: { find: 80, select: 80, readTextPhoto: 400 } },
    });
    const cards: CardEvent[] = [];
    const states: StateEvent[] = [];
    const warnings: BilingualError[] = [];
    session.on('card', (e) => cards.push(e));
    session.on('state', (e) => states.push(e));
    session.on('warning', (e) => warnings.push(e));
    session.start();
    cleanups.push(() => session.stop());
    return { session, cards, states, warnings };
  }

  const until = (pred: () => boolean) =>
    new Promise<void>((resolve) => {
      const tick = () => (pred() ? resolve() : setTimeout(tick, 5));
      tick();
    });

  it('three damaged reads in a row: warnings and counts, never disconnected, the card arrives once', async () => {
    const { session, cards, states, warnings } = startSession();
    await until(() => session.state.state === 'ready');
    // Six damaged replies: three reads, each sent twice.
    sim.inject({ fault: { kind: 'corrupt-checksum' }, command: 'readTextPhoto', times: 6 });
    sim.place(resident());
    await until(() => cards.length === 1);
    expect(cards[0]!.card.name).toBe('王秀英');
    expect(states.map((s) => s.state)).not.toContain('disconnected');
    expect(warnings.map((w) => w.code)).toEqual(['IDCARD_BAD_FRAME', 'IDCARD_BAD_FRAME', 'IDCARD_BAD_FRAME']);
    expect(session.counts).toMatchObject({ damaged: 6, retried: 3, unanswered: 0 });
    expect(seen('readTextPhoto')).toBe(7);
  });

  it('only silence counts toward disconnected: a damaged answer between two silences breaks the run', async () => {
    const { session, states, warnings } = startSession();
    await until(() => session.state.state === 'ready');
    const warned = (n: number) => until(() => warnings.length >= n);
    sim.inject({ fault: { kind: 'no-answer' }, command: 'find', times: 2 });
    await warned(2);
    sim.inject({ fault: { kind: 'corrupt-checksum' }, command: 'find', times: 2 });
    await warned(3);
    sim.inject({ fault: { kind: 'no-answer' }, command: 'find', times: 2 });
    await warned(5);
    expect(warnings.map((w) => w.code)).toEqual(['IDCARD_TIMEOUT', 'IDCARD_TIMEOUT', 'IDCARD_BAD_FRAME', 'IDCARD_TIMEOUT', 'IDCARD_TIMEOUT']);
    expect(states.map((s) => s.state)).not.toContain('disconnected');
    expect(session.counts).toMatchObject({ unanswered: 4, damaged: 2 });
    // Three silences in a row: now the reader is taken as gone, and comes back.
    sim.inject({ fault: { kind: 'no-answer' }, command: 'find', times: 3 });
    await until(() => session.state.state === 'disconnected');
    expect(session.state.reason?.code).toBe('IDCARD_TIMEOUT');
    await until(() => session.state.state === 'ready');
  });
});
