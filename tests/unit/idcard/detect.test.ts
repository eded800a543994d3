import { describe, expect, it } from 'vitest';
import { createMemoryLink } from '../../../native/transport/memory';
import { IdCardSimulator } from '../../../native/idcard/sim/simulator';
import { detectReaders, probeTransport } from '../../../native/idcard/detect';
import { encodeResponse } from '../../../native/idcard/frame';
import type { Transport } from '../../../native/transport/types';

/** A device on the far end of a memory link that answers each write with `reply`. */
async function device(reply: (req: Uint8Array) => Uint8Array | null): Promise<Transport> {
  const link = createMemoryLink('probe');
  await link.device.open();
  link.device.onData((c) => {
    const r = reply(c);
    if (r) void link.device.write(r);
  });
  return link.host;
}

async function simulated(sam: 'ok' | 'not-authorised' = 'ok'): Promise<Transport> {
  const link = createMemoryLink('sim');
  const sim = new IdCardSimulator();
  sim.setSam(sam);
  await link.device.open();
  sim.attach(link.device);
  return link.host;
}

describe('auto-detection', () => {
  it('a GA 467 reader answers SAM status: reader, with its SAM ID', async () => {
    const r = await probeTransport(await simulated(), { withSamId: true, timeoutMs: 2000 });
    expect(r).toMatchObject({ reader: true, sw3: 0x90, reason: null });
    expect(r.samId).toMatch(/^\d{2}\.\d{2}-\d{8}-\d{10}-\d{10}$/);
  });

  it('a reader with an unauthorised SAM is still a reader, with the reason', async () => {
    const r = await probeTransport(await simulated('not-authorised'), { timeoutMs: 2000 });
    expect(r).toMatchObject({ reader: true, sw3: 0x66 });
    expect(r.reason).toMatch(/not authorised/);
  });

  it('silence, a modem echo, or a data frame are not readers', async () => {
    const silent = await probeTransport(await device(() => null), { timeoutMs: 30 });
    expect(silent.reader).toBe(false);
    const echo = await probeTransport(await device((req) => req), { timeoutMs: 30 });
    expect(echo.reader).toBe(false);
    const dataFrame = await probeTransport(await device(() => encodeResponse(0x90, new Uint8Array(4))), { timeoutMs: 30 });
    expect(dataFrame.reader).toBe(false);
    expect(dataFrame.reason).toMatch(/not a GA 467 status frame/);
    const oddSw = await probeTransport(await device(() => encodeResponse(0x90, undefined, 0x12, 0x34)), { timeoutMs: 30 });
    expect(oddSw.reader).toBe(false);
  });

  it('detectReaders tries each candidate and reports only readers', async () => {
    const transports: Record<string, Transport> = {
      '/dev/ttyS0': await device(() => null),
      '/dev/ttyUSB0': await simulated(),
    };
    const { found, probes } = await detectReaders({
      ports: Object.keys(transports),
      // Long enough for the reader to answer on a loaded machine; only the silent port waits it out.
      timeoutMs: 500,
      transportFor: (p) => transports[p]!,
    });
    expect(found).toEqual([{ port: '/dev/ttyUSB0', baudRate: 115200, sw3: 0x90, healthy: true, samId: null }]);
    expect(probes).toHaveLength(2);
  });

  it('a port that cannot be opened is reported, not thrown', async () => {
    const link = createMemoryLink('gone');
    link.unplug();
    const r = await probeTransport(link.host);
    expect(r.reader).toBe(false);
    expect(r.reason).toMatch(/cannot open/);
  });
});
