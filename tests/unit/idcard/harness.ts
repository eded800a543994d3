/** A reader wired to an in-process simulator over the memory link. */
import { createMemoryLink } from '../../../native/transport/memory';
import { IdCardSimulator, type SimulatorOptions } from '../../../native/idcard/sim/simulator';
import { IdCardReader, type ReaderOptions } from '../../../native/idcard/reader';
import { loadSimCard, sampleCardPath, SAMPLE_CARD_FILES } from '../../../native/idcard/sim/cards';
import type { IdCardReaderPort, ReaderState, StateEvent } from '../../../native/idcard/port';

export async function simLink(simOpts: SimulatorOptions = {}, readerOpts: ReaderOptions = {}) {
  const link = createMemoryLink('test');
  const sim = new IdCardSimulator(simOpts);
  await link.device.open();
  const detach = sim.attach(link.device);
  const reader = new IdCardReader(link.host, readerOpts);
  await reader.open();
  return { link, sim, reader, detach };
}

export function sample(type: keyof typeof SAMPLE_CARD_FILES) {
  return loadSimCard(sampleCardPath(type));
}

/** Resolves with the first state event in `state` (or the current state if it already is). */
export function waitForState(session: IdCardReaderPort, state: ReaderState, timeoutMs = 5000): Promise<StateEvent> {
  if (session.state.state === state) return Promise.resolve(session.state);
  return waitFor(session, 'state', (e) => e.state === state, timeoutMs);
}

export function waitFor<E>(
  session: IdCardReaderPort,
  event: 'state' | 'card' | 'warning',
  pred: (e: E) => boolean = () => true,
  timeoutMs = 5000,
): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = session.on(event as 'state', ((e: E) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    }) as never);
  });
}

/**
 * Makes the simulator behave like a reader that keeps answering 9F for a card it has read
 * (every read puts the card back to "not yet read"), instead of GA 467's 80 until it leaves.
 */
export function refindReadCards(sim: IdCardSimulator): void {
  const respond = sim.respond.bind(sim);
  sim.respond = (req) => {
    const r = respond(req);
    if (req.cmd === 0x30) (sim as unknown as { phase: string }).phase = 'idle';
    return r;
  };
}
