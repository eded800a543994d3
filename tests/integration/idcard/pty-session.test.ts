/**
 * The driver and the simulator on the two ends of a socat pty pair, both through the real
 * serialport binding, the simulator pacing its bytes like a UART at 115200 baud.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { SerialTransport } from '../../../native/transport/serial';
import { IdCardSimulator } from '../../../native/idcard/sim/simulator';
import { hostOnSerial, type SerialHost } from '../../../native/idcard/sim/serial-host';
import { IdCardSession } from '../../../native/idcard/session';
import type { CardEvent, ReaderState, StateEvent } from '../../../native/idcard/port';
import { IdCardReader } from '../../../native/idcard/reader';
import { SAMPLE_CARD_FILES, loadSimCard, readCardDescription, sampleCardPath } from '../../../native/idcard/sim/cards';
import { KNOWN_SW3, statusInfo } from '../../../native/idcard/status';
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

function startSession(opts: Partial<ConstructorParameters<typeof IdCardSession>[0]> = {}) {
  const session = new IdCardSession({
    transport: new SerialTransport({ path: pty.b, baudRate: 115200 }),
    reconnect: { initialMs: 20, maxMs: 100 },
    ...opts,
  });
  const cards: CardEvent[] = [];
  const states: StateEvent[] = [];
  session.on('card', (e) => cards.push(e));
  session.on('state', (e) => states.push(e));
  session.start();
  cleanups.push(() => session.stop());
  return { session, cards, states };
}

function next<T>(session: IdCardSession, event: 'card' | 'state' | 'warning', pred: (e: T) => boolean = () => true, ms = 8000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    const off = session.on(event as 'card', ((e: T) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    }) as never);
  });
}

const state = (session: IdCardSession, s: ReaderState) =>
  session.state.state === s ? Promise.resolve(session.state) : next<StateEvent>(session, 'state', (e) => e.state === s);

/** Waits until the simulator has answered `n` more find commands: the session kept polling. */
function polls(n: number): Promise<void> {
  const count = () => sim.seen.filter((c) => c === 'find').length;
  const target = count() + n;
  return new Promise((resolve) => {
    const tick = () => (count() >= target ? resolve() : setTimeout(tick, 5));
    tick();
  });
}

describe('ID card session over a socat pty (real serialport binding)', () => {
  it.each(Object.keys(SAMPLE_CARD_FILES) as (keyof typeof SAMPLE_CARD_FILES)[])('reads the %s sample card', async (type) => {
    const { session } = startSession();
    await state(session, 'ready');
    const d = readCardDescription(sampleCardPath(type));
    sim.place(loadSimCard(sampleCardPath(type)));
    const e = await next<CardEvent>(session, 'card');
    expect(e.card).toMatchObject({ cardType: type, name: d.name, idNumber: d.idNumber, birthDate: d.birthDate, idNumberValid: true, photoBytes: 1024 });
    expect(e.photo.length).toBe(1024);
  });

  it('one event per presence: left in place, removed, placed again', async () => {
    const { session, cards } = startSession();
    await state(session, 'ready');
    sim.place(loadSimCard(sampleCardPath('resident')));
    await next(session, 'card');
    await polls(5);
    expect(cards).toHaveLength(1);
    sim.remove();
    await polls(2);
    sim.place(loadSimCard(sampleCardPath('resident')));
    await next(session, 'card');
    await polls(3);
    expect(cards).toHaveLength(2);
  });

  it('a card left on the reader is read once, then only found; a different card put down at once after is caught', async () => {
    const { session, cards } = startSession({ pollIntervalMs: 20 });
    await state(session, 'ready');
    sim.place(loadSimCard(sampleCardPath('resident')));
    await next(session, 'card');
    const after = sim.seen.length;
    await polls(25);
    expect(sim.seen.filter((c) => c === 'readTextPhoto')).toHaveLength(1);
    expect(sim.seen.slice(after).every((c) => c === 'find')).toBe(true);
    const swapped = next<CardEvent>(session, 'card');
    sim.remove();
    sim.place(loadSimCard(sampleCardPath('foreign-2017')));
    expect((await swapped).card.cardType).toBe('foreign-2017');
    expect(cards).toHaveLength(2);
  });

  it('unplugged mid-read: disconnected, reconnects when plugged back, the next card reads normally', async () => {
    sim = new IdCardSimulator({ baudRate: 115200, delays: { readTextPhoto: 400 } });
    await host.stop();
    host = await hostOnSerial(sim, { path: pty.a, baudRate: 115200, retryMs: 20 });
    const { session, cards, states } = startSession();
    await state(session, 'ready');
    const reading = state(session, 'reading');
    sim.place(loadSimCard(sampleCardPath('resident')));
    await reading;
    await pty.unplug();
    const lost = await state(session, 'disconnected');
    expect(lost.reason?.code).toMatch(/IDCARD_(DISCONNECTED|OPEN_FAILED)/);
    // Straight from reading to disconnected: never a 'ready' that was not true.
    expect(states.map((s) => s.state).slice(-2)).toEqual(['reading', 'disconnected']);
    await pty.replug();
    await host.ready();
    await state(session, 'ready');
    expect(cards).toHaveLength(0);
    sim.remove();
    sim.place(loadSimCard(sampleCardPath('hmt-permit')));
    const e = await next<CardEvent>(session, 'card');
    expect(e.card.cardType).toBe('hmt-permit');
  });

  it('SAM not authorised (66) and self-test failed (60) are fault states', async () => {
    sim.setSam('not-authorised');
    const { session } = startSession();
    expect((await state(session, 'fault')).reason?.code).toBe('IDCARD_SAM_NOT_AUTHORISED');
    sim.setSam('ok');
    await state(session, 'ready');
    sim.setSam('self-test-failed');
    expect((await state(session, 'fault')).reason?.code).toBe('IDCARD_SAM_SELF_TEST_FAILED');
  });

  it('garbage, split frames and a corrupt checksum on the line: the card is still read once', async () => {
    const { session, cards } = startSession({ reader: { timeouts: { readTextPhoto: 300 } } });
    await state(session, 'ready');
    sim.inject({ fault: { kind: 'garbage' }, command: 'find', times: 3 });
    sim.inject({ fault: { kind: 'split', pieces: 5, gapMs: 10 }, command: 'select' });
    sim.inject({ fault: { kind: 'corrupt-checksum' }, command: 'readTextPhoto', times: 2 });
    const warned = next<BilingualError>(session, 'warning');
    sim.place(loadSimCard(sampleCardPath('foreign-2023')));
    expect((await warned).code).toBe('IDCARD_BAD_FRAME');
    const e = await next<CardEvent>(session, 'card');
    expect(e.card.nameEn).toBe('SMITH-WORTHINGTON, JONATHAN ALEXANDER EDWARD');
    expect(cards).toHaveLength(1);
    // Garbage before a frame and a split frame are not damage: only the two bad checksums are.
    expect(session.counts).toMatchObject({ damaged: 2, retried: 1, unanswered: 0 });
  });
});

describe('every SW3 over the pty', () => {
  it('each status the reader can send for a read maps to its typed error', async () => {
    const reader = new IdCardReader(new SerialTransport({ path: pty.b, baudRate: 115200 }));
    await reader.open();
    cleanups.push(() => reader.close());
    sim.place(loadSimCard(sampleCardPath('resident')));
    expect(await reader.find()).toBe(true);
    expect(await reader.select()).toBe(true);
    for (const sw3 of KNOWN_SW3.filter((s) => s !== 0x90)) {
      sim.inject({ fault: { kind: 'status', sw3 }, command: 'readTextPhoto' });
      const err = await reader.readCard().then(
        () => null,
        (e: BilingualError) => e,
      );
      expect(err?.code).toBe(statusInfo(sw3).code);
      expect(err?.message_zh).toBeTruthy();
    }
    // …and the reader is still in step afterwards.
    expect((await reader.readCard()).text.length).toBe(256);
  });
});
