/** SerialTransport and the pty helper on their own: what the printer driver relies on too. */
import { afterEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../helpers/pty';
import { SerialTransport } from '../../../native/transport/serial';

let pty: PtyPair | null = null;
const open: SerialTransport[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  await pty?.close();
  pty = null;
});

function receive(t: SerialTransport, n: number): Promise<number[]> {
  const got: number[] = [];
  return new Promise((resolve) => {
    const off = t.onData((c) => {
      got.push(...c);
      if (got.length >= n) {
        off();
        resolve(got);
      }
    });
  });
}

describe('SerialTransport over a socat pty', () => {
  it('moves bytes both ways; write resolves after drain', async () => {
    pty = await createPtyPair();
    const a = new SerialTransport({ path: pty.a });
    const b = new SerialTransport({ path: pty.b, baudRate: 9600 });
    open.push(a, b);
    await a.open();
    await b.open();
    expect(a.description).toBe(`serial:${pty.a}@115200`);
    expect(b.isOpen).toBe(true);
    const big = new Uint8Array(5000).map((_, i) => i & 0xff);
    const atB = receive(b, big.length);
    await a.write(big);
    expect(await atB).toEqual([...big]);
    const atA = receive(a, 3);
    await b.write(Uint8Array.of(1, 2, 3));
    expect(await atA).toEqual([1, 2, 3]);
  });

  it('unplug (socat killed) emits onClose with an error; replug with the same paths reopens', async () => {
    pty = await createPtyPair();
    const a = new SerialTransport({ path: pty.a });
    const b = new SerialTransport({ path: pty.b });
    open.push(a, b);
    await a.open();
    await b.open();
    const closed = new Promise<Error | undefined>((r) => b.onClose(r));
    await pty.unplug();
    const err = await closed;
    expect(err).toBeInstanceOf(Error);
    expect(b.isOpen).toBe(false);
    await expect(b.write(Uint8Array.of(1))).rejects.toThrow(/not open/);
    await expect(b.open()).rejects.toThrow();
    await pty.replug();
    await a.close();
    await a.open();
    await b.open();
    const atB = receive(b, 2);
    await a.write(Uint8Array.of(9, 8));
    expect(await atB).toEqual([9, 8]);
  });

  it('a port that another SerialTransport holds cannot be opened again (lock)', async () => {
    pty = await createPtyPair();
    const first = new SerialTransport({ path: pty.b });
    open.push(first);
    await first.open();
    await expect(new SerialTransport({ path: pty.b }).open()).rejects.toThrow();
  });
});
