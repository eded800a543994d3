import { describe, expect, it } from 'vitest';
import { createMemoryLink } from '../../../native/transport/memory';
import { IdCardSimulator } from '../../../native/idcard/sim/simulator';
import { requestFrame, COMMANDS } from '../../../native/idcard/commands';
import { FrameDecoder, asResponse } from '../../../native/idcard/frame';
import { sample } from './harness';
import { readCardDescription, sampleCardPath, simCard } from '../../../native/idcard/sim/cards';
import { parseTextBlock } from '../../../native/idcard/card';

async function exchange(baudRate: number | null, cmds: (keyof typeof COMMANDS)[], before?: (sim: IdCardSimulator) => void) {
  const link = createMemoryLink('sim');
  const sim = new IdCardSimulator({ baudRate });
  before?.(sim);
  await link.device.open();
  await link.host.open();
  sim.attach(link.device);
  const chunks: number[] = [];
  const replies: number[] = [];
  const decoder = new FrameDecoder();
  let waiting: (() => void) | null = null;
  link.host.onData((c) => {
    chunks.push(c.length);
    for (const e of decoder.push(c)) if (e.type === 'frame') {
      replies.push(asResponse(e.body)!.sw3);
      waiting?.();
    }
  });
  for (const name of cmds) {
    const got = new Promise<void>((r) => (waiting = r));
    await link.host.write(requestFrame(COMMANDS[name]));
    await got;
  }
  return { replies, chunks, sim };
}

describe('simulator', () => {
  it('paces a 1295-byte reply in small slices like a UART; unpaced it comes in one piece', async () => {
    const place = (s: IdCardSimulator) => s.place(sample('resident'));
    const paced = await exchange(115200, ['find', 'select', 'readTextPhoto'], place);
    expect(paced.replies).toEqual([0x9f, 0x90, 0x90]);
    expect(paced.chunks.length).toBeGreaterThan(40); // ~23-byte slices at 115200
    const fast = await exchange(null, ['find', 'select', 'readTextPhoto'], place);
    expect(fast.chunks).toEqual([15, 19, 1295]);
  });

  it('must-leave-the-field: find is 80 after a read until the card is removed and replaced', async () => {
    const { replies, sim } = await exchange(null, ['find', 'select', 'readTextPhoto', 'find', 'find', 'select'], (s) => s.place(sample('resident')));
    expect(replies).toEqual([0x9f, 0x90, 0x90, 0x80, 0x80, 0x81]);
    expect(sim.cardPresent).toBe(true);
  });

  it('select without find fails (81); read without select fails (41)', async () => {
    const { replies } = await exchange(null, ['select', 'readTextPhoto'], (s) => s.place(sample('resident')));
    expect(replies).toEqual([0x81, 0x41]);
  });

  it('builds a card from an IdCard-like description', () => {
    const d = readCardDescription(sampleCardPath('hmt-permit'));
    const c = simCard(d);
    expect(c.label).not.toContain(d.name); // logs carry no personal data
    expect(parseTextBlock(c.text, { today: '2026-01-01' }).passNumber).toBe('H60123456');
  });
});
