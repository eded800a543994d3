import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HidTransport, type HidDeviceLike, type HidTarget } from '../../../native/transport/hid';
import {
  MIAXIS_CHUNK, miaxisFraming, miaxisRequestReport, miaxisResponseReports, parseMiaxisRequestReport,
} from '../../../native/transport/hid-miaxis';
import { IdCardReader } from '../../../native/idcard/reader';
import { IdCardSimulator } from '../../../native/idcard/sim/simulator';
import { parseTextBlock } from '../../../native/idcard/card';
import { listHidDevices } from '../../../native/transport/ports';
import { sample } from './harness';

/** A stand-in for node-hid's HIDAsync: records writes, answers through the simulator's logic. */
class FakeHid extends EventEmitter implements HidDeviceLike {
  writes: Buffer[] = [];
  closed = false;
  constructor(private readonly answer: (report: Uint8Array) => Uint8Array[]) {
    super();
  }
  async write(data: number[] | Buffer): Promise<number> {
    const buf = Buffer.from(data as Buffer);
    this.writes.push(buf);
    // Like the OS: reports come back on a later turn, one 'data' event each.
    for (const r of this.answer(new Uint8Array(buf.subarray(1)))) setImmediate(() => this.emit('data', Buffer.from(r)));
    return buf.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function simDevice(sim: IdCardSimulator) {
  return new FakeHid((report) => {
    const req = parseMiaxisRequestReport(report);
    if (!req) return [];
    const r = sim.respond(req);
    return miaxisResponseReports(r.sw3, r.data);
  });
}

describe('Miaxis HID framing', () => {
  it('a request is 88 00 00 lenLo lenHi cmd para … sumLo sumHi, padded to 64', () => {
    const r = miaxisRequestReport({ cmd: 0x11, para: 0xff, data: new Uint8Array(0) });
    expect(r.length).toBe(64);
    // len 2; sum over bytes 3..6 = 02 + 00 + 11 + FF = 0x112
    expect([...r.subarray(0, 9)]).toEqual([0x88, 0x00, 0x00, 0x02, 0x00, 0x11, 0xff, 0x12, 0x01]);
    expect(r.subarray(9).every((b) => b === 0)).toBe(true);
    expect(parseMiaxisRequestReport(r)).toEqual({ cmd: 0x11, para: 0xff, data: new Uint8Array(0) });
  });

  it('a long response spans reports of up to 54 message bytes, numbered from 0', () => {
    const data = new Uint8Array(1284).map((_, i) => i & 0xff);
    const reports = miaxisResponseReports(0x90, data);
    expect(reports).toHaveLength(Math.ceil(1285 / MIAXIS_CHUNK));
    expect([...reports[0]!.subarray(0, 6)]).toEqual([0xaa, 0x00, 0x00, 1285 & 0xff, 1285 >> 8, 0x90]);
    expect([reports[1]![1], reports[1]![2]]).toEqual([1, 0]);
    const decode = miaxisFraming.createDecoder();
    const out = reports.map((r) => decode(r));
    expect(out.slice(0, -1).every((o) => o.length === 0)).toBe(true);
    expect(out.at(-1)!.length).toBe(1295); // a whole GA 467 frame for the driver
  });

  it('a report with a bad sum drops the message; the next message decodes', () => {
    const decode = miaxisFraming.createDecoder();
    const bad = miaxisResponseReports(0x90)[0]!.slice();
    bad[6] = bad[6]! ^ 0xff;
    expect(decode(bad).length).toBe(0);
    expect([...decode(miaxisResponseReports(0x80)[0]!)]).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84]);
  });

  it('reports out of order or foreign reports are ignored without throwing', () => {
    const decode = miaxisFraming.createDecoder();
    const reports = miaxisResponseReports(0x90, new Uint8Array(200));
    expect(decode(reports[1]!).length).toBe(0);
    expect(decode(new Uint8Array(64).fill(0x55)).length).toBe(0);
    expect(decode(new Uint8Array(3)).length).toBe(0);
  });
});

describe('HidTransport at the node-hid boundary (fake device)', () => {
  it('drives the GA 467 reader: writes start with report ID 0x00, 65 bytes each', async () => {
    const sim = new IdCardSimulator();
    const fake = simDevice(sim);
    let opened: HidTarget | null = null;
    const t = new HidTransport({
      target: { vendorId: 0x10c4, productId: 0x0007 },
      framing: miaxisFraming,
      openDevice: async (target) => {
        opened = target;
        return fake;
      },
    });
    expect(t.description).toBe('hid:10C4:0007(miaxis)');
    const reader = new IdCardReader(t);
    await reader.open();
    expect(opened).toEqual({ vendorId: 0x10c4, productId: 0x0007 });
    await reader.samStatus();
    expect(fake.writes[0]!.length).toBe(65);
    expect(fake.writes[0]![0]).toBe(0x00);
    expect(fake.writes[0]![1]).toBe(0x88);
    sim.place(sample('foreign-2017'));
    expect(await reader.find()).toBe(true);
    expect(await reader.select()).toBe(true);
    const raw = await reader.readCard();
    expect(parseTextBlock(raw.text, { today: '2026-01-01' }).nameEn).toBe('SCHMIDT, ANNA MARIA');
    expect(await reader.samId()).toMatch(/^\d{2}\.\d{2}-/);
    await reader.close();
    expect(fake.closed).toBe(true);
  });

  it("a node-hid 'error' (unplug) closes the transport with the error and fails the command", async () => {
    const fake = new FakeHid(() => []); // never answers
    const t = new HidTransport({ target: { path: '/dev/hidraw9' }, framing: miaxisFraming, openDevice: async () => fake });
    const reader = new IdCardReader(t);
    await reader.open();
    const closed = new Promise<Error | undefined>((r) => t.onClose(r));
    const p = reader.find().catch((e: { code: string }) => e.code);
    fake.emit('error', new Error('could not read from HID device'));
    expect((await closed)?.message).toMatch(/could not read/);
    expect(await p).toBe('IDCARD_DISCONNECTED');
    expect(t.isOpen).toBe(false);
    expect(fake.closed).toBe(true);
  });

  it('lists HID devices through a node-hid style lister', async () => {
    const list = await listHidDevices({
      devices: () => [],
      devicesAsync: async () => [{ vendorId: 0x10c4, productId: 7, path: '/dev/hidraw0', product: 'ID reader', interface: 0, release: 1 }],
    });
    expect(list).toEqual([
      { path: '/dev/hidraw0', vendorId: 0x10c4, productId: 7, manufacturer: null, product: 'ID reader', serialNumber: null, interface: 0, usagePage: null, usage: null },
    ]);
  });
});
