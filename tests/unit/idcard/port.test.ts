/**
 * The reader port's promises, held by both of its families: the GA 467 session (here against the
 * byte-exact simulator on a memory link) and training mode's simulated reader. The core sees
 * nothing else, so whatever it relies on is checked here for each.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../base/clock';
import { createMemoryLink } from '../../../native/transport/memory';
import { IdCardSimulator } from '../../../native/idcard/sim/simulator';
import { IdCardSession } from '../../../native/idcard/session';
import { SimulatedReader } from '../../../native/idcard/sim/simulatedReader';
import { createReader } from '../../../native/idcard/readers';
import type { CardEvent, IdCardReaderPort, SampleCard, StateEvent } from '../../../native/idcard/port';
import { sample, waitFor, waitForState } from './harness';

interface Family {
  reader: IdCardReaderPort;
  putDown(which: SampleCard): void;
  lift(): void;
}

const families: Record<string, (clock: ManualClock) => Promise<Family>> = {
  'GA 467 session': async (clock) => {
    const link = createMemoryLink('port');
    const sim = new IdCardSimulator();
    await link.device.open();
    sim.attach(link.device);
    const reader = new IdCardSession({ transport: link.host, pollIntervalMs: 5, clock });
    return { reader, putDown: (w) => sim.place(sample(w)), lift: () => sim.remove() };
  },
  'simulated reader': async (clock) => {
    const reader = new SimulatedReader({ clock });
    return { reader, putDown: (w) => reader.practice.place(w), lift: () => reader.practice.remove() };
  },
};

const started: IdCardReaderPort[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop()));
});

describe.each(Object.keys(families))('the reader port: %s', (name) => {
  async function up() {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 2, 0));
    const f = await families[name]!(clock);
    const cards: CardEvent[] = [];
    const states: StateEvent[] = [];
    f.reader.on('card', (e) => cards.push(e));
    f.reader.on('state', (e) => states.push(e));
    f.reader.start();
    started.push(f.reader);
    return { ...f, cards, states, clock };
  }

  it('connecting → ready, then one parsed card event per presence, with the raw photo', async () => {
    const { reader, putDown, lift, cards, states } = await up();
    await waitForState(reader, 'ready');
    expect(states[0]?.state).toBe('connecting');
    putDown('resident');
    const e = await waitFor<CardEvent>(reader, 'card');
    expect(e.card).toMatchObject({ cardType: 'resident', name: '王秀英', idNumberValid: true, expired: false });
    expect(e.photo.length).toBe(1024);
    expect(e.timing.parsedAt).toBeGreaterThanOrEqual(e.timing.readSentAt);
    lift();
    putDown('foreign-2023');
    expect((await waitFor<CardEvent>(reader, 'card')).card.cardType).toBe('foreign-2023');
    expect(cards).toHaveLength(2);
    expect(states.some((s) => s.state === 'reading')).toBe(true);
    expect(reader.state.state).toBe('ready');
  });

  it('judges expiry on the clock it was given', async () => {
    const { reader, putDown, clock } = await up();
    clock.set(Date.UTC(2035, 5, 2, 4, 0));
    putDown('resident');
    expect((await waitFor<CardEvent>(reader, 'card')).card.expired).toBe(true);
  });

  it('after stop() no more events', async () => {
    const { reader, putDown, cards } = await up();
    await waitForState(reader, 'ready');
    await reader.stop();
    putDown('resident');
    await new Promise((r) => setTimeout(r, 30));
    expect(cards).toHaveLength(0);
  });
});

describe('SimulatedReader', () => {
  it('a card put down before start is delivered once the reader is ready; putting a card down again is a new presence', async () => {
    const reader = new SimulatedReader();
    started.push(reader);
    reader.practice.place('hmt-permit');
    const first = waitFor<CardEvent>(reader, 'card');
    reader.start();
    expect((await first).card.cardType).toBe('hmt-permit');
    const second = waitFor<CardEvent>(reader, 'card');
    reader.practice.place('hmt-permit');
    expect((await second).card.cardType).toBe('hmt-permit');
  });

  it('a card lifted before it was delivered gives no event', async () => {
    const reader = new SimulatedReader();
    started.push(reader);
    const cards: CardEvent[] = [];
    reader.on('card', (e) => cards.push(e));
    reader.start();
    await waitForState(reader, 'ready');
    reader.practice.place('resident');
    reader.practice.remove();
    reader.practice.place('foreign-2017');
    await waitFor(reader, 'card');
    await new Promise((r) => setTimeout(r, 10));
    expect(cards.map((c) => c.card.cardType)).toEqual(['foreign-2017']);
  });
});

describe('createReader: the family the device settings name', () => {
  const env = { clock: new ManualClock(0), timeZone: 'Asia/Shanghai' };
  it('simulated (or serial without a port) → the simulated reader, with sample cards', () => {
    for (const mode of ['simulated', 'serial'] as const) {
      const r = createReader({ mode, port: null, baudRate: 115200, pollIntervalMs: 20 }, env);
      expect(r).toBeInstanceOf(SimulatedReader);
      expect(r.practice).not.toBeNull();
      expect(r.link).toBe('simulated');
    }
  });
  it('serial with a port → the GA 467 session on that port, no sample cards', () => {
    const r = createReader({ mode: 'serial', port: '/dev/ttyUSB7', baudRate: 57600, pollIntervalMs: 20 }, env);
    expect(r).toBeInstanceOf(IdCardSession);
    expect(r.practice).toBeNull();
    expect(r.link).toBe('serial:/dev/ttyUSB7@57600');
  });
});

describe('the core sees readers only through the port', () => {
  // The GA 467 driver's own files: a second reader family would not have them.
  const DRIVER = /native\/idcard\/((session|reader|frame|commands|status)$|sim\/)/;
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  }
  it('no file of electron/core imports the GA 467 driver or its simulators', () => {
    const offenders = files('electron/core').filter((f) => [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)].some((m) => DRIVER.test(m[1]!)));
    expect(offenders).toEqual([]);
  });
});
