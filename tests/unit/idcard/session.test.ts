import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLink } from '../../../native/transport/memory';
import { IdCardSimulator, type SimulatorOptions } from '../../../native/idcard/sim/simulator';
import { IdCardSession, nextPollAt } from '../../../native/idcard/session';
import type { CardEvent, StateEvent } from '../../../native/idcard/port';
import { ManualClock } from '../../../base/clock';
import { refindReadCards, sample, waitFor, waitForState } from './harness';
import type { BilingualError } from '../../../base/contract/errors';

const sessions: IdCardSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.stop()));
});

async function setup(opts: Partial<ConstructorParameters<typeof IdCardSession>[0]> = {}, simOpts: SimulatorOptions = {}) {
  const link = createMemoryLink('session');
  const sim = new IdCardSimulator(simOpts);
  await link.device.open();
  sim.attach(link.device);
  const session = new IdCardSession({ transport: link.host, pollIntervalMs: 5, reconnect: { initialMs: 5, maxMs: 20 }, ...opts });
  sessions.push(session);
  const cards: CardEvent[] = [];
  const states: StateEvent[] = [];
  session.on('card', (e) => cards.push(e));
  session.on('state', (e) => states.push(e));
  return { link, sim, session, cards, states };
}

/** Lets the session poll `n` more times (counting find commands the simulator saw). */
function polls(sim: IdCardSimulator, n: number): Promise<void> {
  const target = sim.seen.filter((c) => c === 'find').length + n;
  return new Promise((resolve) => {
    const check = () => (sim.seen.filter((c) => c === 'find').length >= target ? resolve() : setTimeout(check, 2));
    check();
  });
}

describe('IdCardSession (memory link)', () => {
  it('connecting → ready, then exactly one card event per presence', async () => {
    const { sim, session, cards, states } = await setup();
    session.start();
    await waitForState(session, 'ready');
    expect(states.map((s) => s.state)).toEqual(['connecting', 'ready']);
    sim.place(sample('resident'));
    const first = await waitFor<CardEvent>(session, 'card');
    expect(first.card.name).toBe('王秀英');
    expect(first.photo.length).toBe(1024);
    expect(Object.keys(first.card)).not.toContain('photo');
    await polls(sim, 10); // the card stays on the reader
    expect(cards).toHaveLength(1);
    sim.remove();
    await polls(sim, 3);
    expect(cards).toHaveLength(1);
    sim.place(sample('resident')); // the same card again: a new presence
    await waitFor(session, 'card');
    sim.remove();
    sim.place(sample('foreign-2017'));
    const third = await waitFor<CardEvent>(session, 'card');
    expect(third.card.cardType).toBe('foreign-2017');
    expect(cards).toHaveLength(3);
    expect(states.some((s) => s.state === 'reading')).toBe(true);
  });

  it('a reader that keeps answering 9F for a card left in place: one event, and the card is not read again', async () => {
    const { sim, session, cards } = await setup();
    refindReadCards(sim);
    session.start();
    sim.place(sample('hmt-permit'));
    await waitFor(session, 'card');
    await polls(sim, 10);
    // One read, and one more that showed the 9F was the same card: then find alone.
    expect(sim.seen.filter((c) => c === 'readTextPhoto')).toHaveLength(2);
    const lastRead = sim.seen.lastIndexOf('readTextPhoto');
    expect(sim.seen.slice(lastRead + 1).every((c) => c === 'find')).toBe(true);
    expect(cards).toHaveLength(1);
  });

  it('expiry uses the injected clock', async () => {
    const clock = new ManualClock(Date.UTC(2035, 5, 2, 4, 0)); // 2035-06-02 12:00 in Beijing
    const { sim, session } = await setup({ clock });
    session.start();
    sim.place(sample('resident'));
    const e = await waitFor<CardEvent>(session, 'card');
    expect(e.card.expired).toBe(true);
  });

  it('survives unplugging: disconnected with a reason, reconnects, the next card reads normally', async () => {
    const { link, sim, session, cards } = await setup();
    session.start();
    await waitForState(session, 'ready');
    link.unplug();
    const lost = await waitForState(session, 'disconnected');
    expect(lost.reason?.code).toBe('IDCARD_DISCONNECTED');
    expect(lost.reason?.message_zh).toMatch(/断开/);
    await new Promise((r) => setTimeout(r, 30)); // a few failed reopen attempts
    expect(session.state.state).toBe('disconnected');
    link.replug();
    await link.device.open();
    await waitForState(session, 'ready');
    sim.place(sample('foreign-2023'));
    const e = await waitFor<CardEvent>(session, 'card');
    expect(e.card.nationality).toBe('GBR');
    expect(cards).toHaveLength(1);
  });

  it('SAM faults are device states (66, 60) and it recovers when the SAM does', async () => {
    const { sim, session } = await setup();
    sim.setSam('not-authorised');
    session.start();
    const f = await waitForState(session, 'fault');
    expect(f.reason?.code).toBe('IDCARD_SAM_NOT_AUTHORISED');
    sim.setSam('ok');
    await waitForState(session, 'ready');
    sim.setSam('self-test-failed');
    const g = await waitForState(session, 'fault');
    expect(g.reason?.code).toBe('IDCARD_SAM_SELF_TEST_FAILED');
    expect(g.reason?.message_en).toMatch(/self-test/);
    sim.setSam('ok');
    await waitForState(session, 'ready');
  });

  it('a failed read is a warning; the card is read on the next poll', async () => {
    const { sim, session, cards } = await setup();
    session.start();
    await waitForState(session, 'ready');
    sim.inject({ fault: { kind: 'status', sw3: 0x41 }, command: 'readTextPhoto' });
    const warned = waitFor<BilingualError>(session, 'warning');
    sim.place(sample('resident'));
    expect((await warned).code).toBe('IDCARD_READ_FAILED');
    await waitFor(session, 'card');
    expect(cards).toHaveLength(1);
    expect(session.state.state).toBe('ready');
  });

  it('a reader that stops answering becomes disconnected, then comes back', async () => {
    const { sim, session } = await setup({ reader: { timeouts: { find: 10, samStatus: 10 } } });
    session.start();
    await waitForState(session, 'ready');
    sim.inject({ fault: { kind: 'no-answer' }, times: 5 });
    const s = await waitForState(session, 'disconnected');
    expect(s.reason?.code).toBe('IDCARD_TIMEOUT');
    await waitForState(session, 'ready');
  });

  it('reads the fingerprint block when configured', async () => {
    const { sim, session } = await setup({ fingerprint: true });
    session.start();
    sim.place(sample('foreign-2023'));
    const e = await waitFor<CardEvent>(session, 'card');
    expect(e.fingerprint?.length).toBe(1024);
  });
});

describe('IdCardSession after a lost read reply', () => {
  it.each(['no-answer', 'corrupt-checksum', 'truncate'] as const)('%s on read: the card is re-read directly, one event', async (kind) => {
    const { sim, session, cards } = await setup({ reader: { timeouts: { readTextPhoto: 30 } } });
    session.start();
    await waitForState(session, 'ready');
    // A damaged reply is sent again once by the driver: twice damaged fails the read.
    sim.inject({ fault: { kind }, command: 'readTextPhoto', times: kind === 'no-answer' ? 1 : 2 });
    const warned = waitFor<BilingualError>(session, 'warning');
    sim.place(sample('resident'));
    expect((await warned).code).toBe(kind === 'no-answer' ? 'IDCARD_TIMEOUT' : 'IDCARD_BAD_FRAME');
    const e = await waitFor<CardEvent>(session, 'card');
    expect(e.card.idNumber).toBe('110105199003070244');
    expect(cards).toHaveLength(1);
  });
});

describe('IdCardSession with a card left on the reader', () => {
  const reads = (sim: IdCardSimulator) => sim.seen.filter((c) => c === 'readTextPhoto').length;

  it('GA 467 reader: read once, then find alone while it lies there', async () => {
    const { sim, session, cards } = await setup();
    session.start();
    sim.place(sample('resident'));
    await waitFor(session, 'card');
    const after = sim.seen.length;
    await polls(sim, 20);
    expect(reads(sim)).toBe(1);
    expect(sim.seen.slice(after).every((c) => c === 'find')).toBe(true);
    expect(cards).toHaveLength(1);
  });

  it('GA 467 reader: a different card put down between two polls is caught (find says 9F for a card not yet read)', async () => {
    const { sim, session, cards } = await setup();
    session.start();
    sim.place(sample('resident'));
    await waitFor(session, 'card');
    await polls(sim, 2);
    const next = waitFor<CardEvent>(session, 'card');
    sim.remove();
    sim.place(sample('foreign-2017')); // no poll in between: the field was never seen empty
    expect((await next).card.cardType).toBe('foreign-2017');
    expect(cards).toHaveLength(2);
  });

  it('9F-repeating reader: lifted (the field seen empty) and a card put down → read; the same card again is a new presence', async () => {
    const { sim, session, cards } = await setup();
    refindReadCards(sim);
    session.start();
    sim.place(sample('resident'));
    await waitFor(session, 'card');
    await polls(sim, 5); // learned: 9F here is the card already read
    sim.remove();
    await polls(sim, 2);
    sim.place(sample('foreign-2023'));
    expect((await waitFor<CardEvent>(session, 'card')).card.cardType).toBe('foreign-2023');
    sim.remove();
    await polls(sim, 2);
    sim.place(sample('foreign-2023'));
    await waitFor(session, 'card');
    await polls(sim, 5);
    expect(cards.map((c) => c.card.cardType)).toEqual(['resident', 'foreign-2023', 'foreign-2023']);
    // Three presences: three reads and the one that taught the session this reader's habit.
    expect(reads(sim)).toBe(4);
  });

  it('9F-repeating reader: a different card put down between two polls before the habit is learned is caught', async () => {
    const { sim, session } = await setup();
    refindReadCards(sim);
    session.start();
    sim.place(sample('resident'));
    const first = waitFor<CardEvent>(session, 'card');
    await first;
    const next = waitFor<CardEvent>(session, 'card');
    sim.remove();
    sim.place(sample('hmt-permit'));
    expect((await next).card.cardType).toBe('hmt-permit');
  });

  it('polls on a fixed grid: the next poll is planned one period after the last was planned, not after it ended', () => {
    // A find that took 5 ms does not stretch the period: planned at 0, the next is at 20, not 25.
    expect(nextPollAt(0, 20, 5)).toBe(20);
    expect(nextPollAt(20, 20, 27)).toBe(40);
    // Behind (a full read took 115 ms): at once, and the grid goes on from there.
    expect(nextPollAt(40, 20, 155)).toBe(155);
    expect(nextPollAt(155, 20, 160)).toBe(175);
  });
});
