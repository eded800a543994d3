import { describe, expect, it } from 'vitest';
import { simLink, sample } from './harness';
import { BilingualError } from '../../../base/contract/errors';
import { formatSamId } from '../../../native/idcard/reader';
import { KNOWN_SW3, statusInfo } from '../../../native/idcard/status';
import { parseTextBlock } from '../../../native/idcard/card';

const rejection = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as BilingualError;
  }
  throw new Error('expected a rejection');
};

describe('IdCardReader against the simulator (memory link)', () => {
  it('SAM status, ID (formatted %02u.%02u-%08u-%010u-%010u) and reset', async () => {
    const { reader } = await simLink({ samId: [5, 1, 20230615, 1234567890, 42] });
    await reader.samStatus();
    expect(await reader.samId()).toBe('05.01-20230615-1234567890-0000000042');
    await reader.resetSam();
  });

  it('formats the SAM ID from little-endian fields', () => {
    const d = Uint8Array.from([0x05, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00]);
    expect(formatSamId(d)).toBe('05.01-00000001-4294967295-0000000000');
  });

  it('find → select → read text+photo, then find says 80 until the card leaves the field', async () => {
    const { reader, sim } = await simLink();
    expect(await reader.find()).toBe(false);
    sim.place(sample('resident'));
    expect(await reader.find()).toBe(true);
    expect(await reader.select()).toBe(true);
    const raw = await reader.readCard();
    expect(raw.photo.length).toBe(1024);
    expect(raw.fingerprint).toBeNull();
    expect(parseTextBlock(raw.text, { today: '2026-01-01' }).name).toBe('王秀英');
    expect(await reader.find()).toBe(false); // must leave the field
    // …but a direct re-read of the card still in place works
    expect((await reader.readCard()).text).toEqual(raw.text);
    sim.remove();
    sim.place(sample('resident'));
    expect(await reader.find()).toBe(true);
  });

  it('read with fingerprint and the appended address', async () => {
    const { reader, sim } = await simLink();
    sim.place(sample('foreign-2023'));
    await reader.find();
    await reader.select();
    const raw = await reader.readCard({ fingerprint: true });
    expect(raw.fingerprint?.length).toBe(1024);
    expect(await reader.readAddress()).toBeNull(); // 91: no appended address
    sim.remove();
    sim.place(sample('resident'));
    await reader.find();
    await reader.select();
    expect(await reader.readAddress()).toBe('北京市海淀区中关村南大街5号院2号楼301室');
  });

  it('read with no card: 41 becomes a typed error', async () => {
    const { reader } = await simLink();
    const e = await rejection(reader.readCard());
    expect(e.code).toBe('IDCARD_READ_FAILED');
    expect(e.detail).toMatchObject({ sw3: '0x41' });
  });

  it('one command in flight: concurrent calls are queued and each gets its own reply', async () => {
    const seen: string[] = [];
    const { reader, sim } = await simLink({ delays: { samStatus: 20 } }, { onExchange: (e) => seen.push(e.command) });
    sim.place(sample('resident'));
    const [a, b, c, d] = await Promise.all([reader.samStatus(), reader.find(), reader.select(), reader.samId()]);
    expect(a).toBeUndefined();
    expect(b).toBe(true);
    expect(c).toBe(true);
    expect(d).toMatch(/^\d{2}\.\d{2}-\d{8}-\d{10}-\d{10}$/);
    expect(seen).toEqual(['samStatus', 'find', 'select', 'samId']);
    expect(sim.seen).toEqual(['samStatus', 'find', 'select', 'samId']);
  });

  it('no answer → IDCARD_TIMEOUT after the configured timeout; the next command works', async () => {
    const { reader, sim } = await simLink({}, { timeouts: { find: 30 } });
    sim.inject({ fault: { kind: 'no-answer' }, command: 'find' });
    const e = await rejection(reader.find());
    expect(e.code).toBe('IDCARD_TIMEOUT');
    expect(e.detail).toMatchObject({ command: 'find card' });
    expect(await reader.find()).toBe(false);
  });

  it('a corrupt checksum is never taken as an answer: sent once more, then IDCARD_BAD_FRAME', async () => {
    const { reader, sim } = await simLink({}, { timeouts: { samStatus: 30 } });
    sim.inject({ fault: { kind: 'corrupt-checksum' }, times: 2 });
    const e = await rejection(reader.samStatus());
    expect(e.code).toBe('IDCARD_BAD_FRAME');
    expect(e.detail).toMatchObject({ command: 'SAM status', reason: 'checksum', retried: true });
    expect(e.message_zh).toMatch(/校验和错误/);
    expect(sim.seen).toEqual(['samStatus', 'samStatus']);
    await reader.samStatus();
    expect(reader.counts).toEqual({ commands: 3, answered: 1, unanswered: 0, damaged: 2, retried: 1 });
  });

  it('one damaged reply is followed by one more try, which answers', async () => {
    const { reader, sim } = await simLink({}, { timeouts: { find: 30 } });
    sim.place(sample('resident'));
    sim.inject({ fault: { kind: 'corrupt-checksum' }, command: 'find' });
    expect(await reader.find()).toBe(true);
    expect(reader.counts).toEqual({ commands: 2, answered: 1, unanswered: 0, damaged: 1, retried: 1 });
  });

  it('split replies, garbage first and slow replies are reassembled', async () => {
    const { reader, sim } = await simLink();
    sim.place(sample('hmt-permit'));
    await reader.find();
    await reader.select();
    sim.inject({ fault: { kind: 'split', pieces: 7, gapMs: 3 } });
    sim.inject({ fault: { kind: 'garbage', bytes: [0xaa, 0xaa, 0x00, 0x96, 0x69, 0xaa] } });
    const raw = await reader.readCard();
    expect(parseTextBlock(raw.text, { today: '2026-01-01' }).cardType).toBe('hmt-permit');
  });

  it('a truncated reply is a damaged one when the timeout fires (not silence); the next command is clean', async () => {
    const { reader, sim } = await simLink({}, { timeouts: { readTextPhoto: 40 } });
    sim.place(sample('resident'));
    await reader.find();
    await reader.select();
    sim.inject({ fault: { kind: 'truncate', keep: 300 }, times: 2 });
    const e = await rejection(reader.readCard());
    expect(e.code).toBe('IDCARD_BAD_FRAME');
    expect(e.detail).toMatchObject({ reason: 'length', retried: true });
    expect((await reader.readCard()).photo.length).toBe(1024);
    expect(reader.counts).toMatchObject({ unanswered: 0, damaged: 2, retried: 1 });
  });

  it('no answer is counted as silence, not as damage, and is not sent again', async () => {
    const { reader, sim } = await simLink({}, { timeouts: { find: 20 } });
    sim.inject({ fault: { kind: 'no-answer' }, command: 'find' });
    expect((await rejection(reader.find())).code).toBe('IDCARD_TIMEOUT');
    expect(sim.seen).toEqual(['find']);
    expect(reader.counts).toEqual({ commands: 1, answered: 0, unanswered: 1, damaged: 0, retried: 0 });
  });

  it('every SW3 on read maps to its typed error', async () => {
    const { reader, sim } = await simLink();
    sim.place(sample('resident'));
    for (const sw3 of KNOWN_SW3.filter((s) => s !== 0x90)) {
      sim.inject({ fault: { kind: 'status', sw3 }, command: 'readTextPhoto' });
      const e = await rejection(reader.readCard());
      expect(e.code).toBe(statusInfo(sw3).code);
    }
    sim.inject({ fault: { kind: 'status', sw3: 0x90 } }); // 90 without data: wrong shape
    expect((await rejection(reader.readCard())).code).toBe('IDCARD_BAD_REPLY');
  });

  it('SAM faults answer every command', async () => {
    const { reader, sim } = await simLink();
    sim.setSam('not-authorised');
    expect((await rejection(reader.samStatus())).code).toBe('IDCARD_SAM_NOT_AUTHORISED');
    expect((await rejection(reader.find())).code).toBe('IDCARD_SAM_NOT_AUTHORISED');
    sim.setSam('self-test-failed');
    expect((await rejection(reader.samStatus())).code).toBe('IDCARD_SAM_SELF_TEST_FAILED');
  });

  it('an unplug fails the command in flight at once', async () => {
    const { reader, sim, link } = await simLink({ delays: { readTextPhoto: 10_000 } });
    sim.place(sample('resident'));
    await reader.find();
    await reader.select();
    const p = rejection(reader.readCard());
    setImmediate(() => link.unplug());
    expect((await p).code).toBe('IDCARD_DISCONNECTED');
    expect((await rejection(reader.find())).code).toBe('IDCARD_DISCONNECTED');
  });

  it('the simulator answers damaged requests with 10 / unknown commands with 21', async () => {
    const { link, sim } = await simLink();
    void sim;
    const got: number[] = [];
    const both = new Promise<void>((resolve) => link.host.onData((c) => got.push(...c) >= 22 && resolve()));
    const bad = Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x11, 0xff, 0x00]);
    await link.host.write(bad);
    await link.host.write(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x77, 0x01, 0x75]));
    await both;
    expect(got).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x10, 0x14, 0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x21, 0x25]);
  });
});
