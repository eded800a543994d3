import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FrameDecoder, encodeRequest, encodeResponse, asResponse, type DecodeEvent } from '../../../native/idcard/frame';
import { COMMANDS, requestFrame } from '../../../native/idcard/commands';

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));
const frames = (events: DecodeEvent[]) => events.filter((e) => e.type === 'frame');

describe('GA 467 golden frames (shared/protocols/idcard-ga467.md)', () => {
  it.each([
    ['resetSam', 0x10, 0xff, 0xec],
    ['samStatus', 0x11, 0xff, 0xed],
    ['samId', 0x12, 0xff, 0xee],
    ['find', 0x20, 0x01, 0x22],
    ['select', 0x20, 0x02, 0x21],
    ['readTextPhoto', 0x30, 0x01, 0x32],
    ['readAddress', 0x30, 0x03, 0x30],
    ['readTextPhotoFingerprint', 0x30, 0x10, 0x23],
  ] as const)('%s is AA AA AA 96 69 00 03 %d %d with CHK from the table', (name, cmd, para, chk) => {
    const f = requestFrame(COMMANDS[name]);
    expect([...f]).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, cmd, para, chk]);
  });

  it.each([
    [0x00, 0x63],
    [0x01, 0x62],
    [0x02, 0x61],
    [0x03, 0x60],
    [0x04, 0x67],
  ])('set baud 60 %d has CHK %d', (para, chk) => {
    expect(encodeRequest(0x60, para).at(-1)).toBe(chk);
  });

  it('set max RF bytes (LEN 00 04, DATA 50) has CHK CA', () => {
    expect([...encodeRequest(0x61, 0xff, Uint8Array.of(0x50))]).toEqual([...hex('AA AA AA 96 69 00 04 61 FF 50 CA')]);
  });

  it.each([
    ['status OK', 'AA AA AA 96 69 00 04 00 00 90 94', 0x90, new Uint8Array(0)],
    ['find OK', 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97', 0x9f, new Uint8Array(4)],
    ['find failed', 'AA AA AA 96 69 00 04 00 00 80 84', 0x80, new Uint8Array(0)],
    ['select OK', 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C', 0x90, new Uint8Array(8)],
    ['select failed', 'AA AA AA 96 69 00 04 00 00 81 85', 0x81, new Uint8Array(0)],
    ['read, no card', 'AA AA AA 96 69 00 04 00 00 41 45', 0x41, new Uint8Array(0)],
  ])('%s: encodes byte-exact and decodes back', (_name, bytes, sw3, data) => {
    const golden = hex(bytes);
    expect([...encodeResponse(sw3, data)]).toEqual([...golden]);
    const ev = frames(new FrameDecoder({ minLen: 4 }).push(golden));
    expect(ev).toHaveLength(1);
    const r = asResponse((ev[0] as Extract<DecodeEvent, { type: 'frame' }>).body)!;
    expect(r.sw3).toBe(sw3);
    expect([...r.data]).toEqual([...data]);
  });

  it('status-only replies are AA AA AA 96 69 00 04 00 00 SW3 (04 XOR SW3) for every SW3', () => {
    for (let sw3 = 0; sw3 < 256; sw3++) {
      const f = encodeResponse(sw3);
      expect(f.length).toBe(11);
      expect(f[10]).toBe(0x04 ^ sw3);
    }
  });

  it('the text+photo reply is LEN 05 08, 1295 bytes, text at 14 and photo at 270', () => {
    const data = new Uint8Array(4 + 256 + 1024);
    data.set([0x01, 0x00, 0x04, 0x00]);
    data[4] = 0x11; // first text byte
    data[4 + 256] = 0x22; // first photo byte
    const f = encodeResponse(0x90, data);
    expect(f.length).toBe(1295);
    expect([f[5], f[6]]).toEqual([0x05, 0x08]);
    expect(f[14]).toBe(0x11);
    expect(f[270]).toBe(0x22);
  });
});

describe('FrameDecoder', () => {
  const ok = encodeResponse(0x90);
  it('reassembles a frame fed one byte at a time', () => {
    const d = new FrameDecoder();
    const out: DecodeEvent[] = [];
    for (const b of ok) out.push(...d.push(Uint8Array.of(b)));
    expect(frames(out)).toHaveLength(1);
    expect(d.pending).toBe(0);
  });

  it('skips garbage before the preamble, including a partial preamble', () => {
    const d = new FrameDecoder();
    const ev = d.push(Uint8Array.from([0x00, 0xaa, 0xaa, 0x13, 0xaa, 0xaa, ...ok]));
    expect(frames(ev)).toHaveLength(1);
    expect(ev.some((e) => e.type === 'garbage')).toBe(true);
  });

  it('rejects a wrong checksum and resyncs onto the next frame', () => {
    const bad = ok.slice();
    bad[10] = bad[10]! ^ 0xff;
    const ev = new FrameDecoder().push(Uint8Array.from([...bad, ...encodeResponse(0x80)]));
    expect(ev.filter((e) => e.type === 'rejected' && e.reason === 'checksum')).toHaveLength(1);
    const f = frames(ev);
    expect(f).toHaveLength(1);
    expect(asResponse((f[0] as Extract<DecodeEvent, { type: 'frame' }>).body)!.sw3).toBe(0x80);
  });

  it('rejects impossible lengths instead of waiting for them', () => {
    const d = new FrameDecoder({ minLen: 4 });
    const ev = d.push(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff, ...ok]));
    expect(ev.some((e) => e.type === 'rejected' && e.reason === 'length')).toBe(true);
    expect(frames(ev)).toHaveLength(1);
    const tooShort = new FrameDecoder({ minLen: 4 }).push(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01, ...ok]));
    expect(frames(tooShort)).toHaveLength(1);
  });

  it('holds a truncated frame, and flush() finds the whole frame sent after it', () => {
    const read = encodeResponse(0x90, new Uint8Array(1284));
    const d = new FrameDecoder();
    expect(frames(d.push(Uint8Array.from([...read.subarray(0, 100), ...ok])))).toHaveLength(0);
    expect(d.pending).toBe(111);
    const ev = d.flush();
    expect(frames(ev)).toHaveLength(1);
    expect(d.pending).toBe(0);
  });

  it('reset() forgets held bytes', () => {
    const d = new FrameDecoder();
    d.push(ok.subarray(0, 5));
    d.reset();
    expect(d.pending).toBe(0);
    expect(frames(d.push(ok))).toHaveLength(1);
  });
});

/** Random valid frames, garbage without a preamble inside, and arbitrary chunking. */
const bodyArb = fc.uint8Array({ minLength: 3, maxLength: 300 });
const garbageArb = fc
  .oneof(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 6 }).map((g) => Uint8Array.from([...g, 0xaa, 0xaa])))
  .filter((g) => !Buffer.from(g).includes(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69])));

function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

function encodeBody(body: Uint8Array): Uint8Array {
  return encodeResponse(body[2]!, body.subarray(3), body[0], body[1]);
}

describe('FrameDecoder properties', () => {
  it('never throws on random bytes and never holds more than one frame', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 30 }), (chunks) => {
        const d = new FrameDecoder();
        for (const c of chunks) {
          d.push(c);
          expect(d.pending).toBeLessThanOrEqual(0x0a00 + 7);
        }
        d.flush();
      }),
      { numRuns: 300 },
    );
  });

  it('finds every valid frame between garbage, however the stream is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(garbageArb, bodyArb), { minLength: 1, maxLength: 8 }),
        garbageArb,
        fc.array(fc.nat(), { maxLength: 20 }),
        (parts, tail, cuts) => {
          const bodies = parts.map(([, b]) => b);
          // Garbage may end in a partial preamble (AA AA…) right before a real one.
          const stream = Buffer.concat([...parts.flatMap(([g, b]) => [Buffer.from(g), Buffer.from(encodeBody(b))]), Buffer.from(tail)]);
          const d = new FrameDecoder();
          const found: Uint8Array[] = [];
          for (const c of chunked(new Uint8Array(stream), cuts)) {
            for (const e of d.push(c)) if (e.type === 'frame') found.push(e.body);
          }
          expect(found.map((b) => Buffer.from(b).toString('hex'))).toEqual(bodies.map((b) => Buffer.from(b).toString('hex')));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('mutated streams (cut frames, flipped bytes): no throw, no hang, every intact frame not swallowed by another is found', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(bodyArb, fc.constantFrom('intact', 'truncate', 'flip'), fc.nat(), fc.integer({ min: 1, max: 255 })),
          { minLength: 1, maxLength: 8 },
        ),
        fc.array(fc.nat(), { maxLength: 20 }),
        (items, cuts) => {
          const pieces: Buffer[] = [];
          const intact: { offset: number; hex: string }[] = [];
          let offset = 0;
          for (const [body, how, pos, x] of items) {
            let f = encodeBody(body);
            if (how === 'truncate') f = f.subarray(0, pos % f.length);
            if (how === 'flip') {
              f = f.slice();
              const i = 5 + (pos % (f.length - 5));
              f[i] = f[i]! ^ x;
            }
            if (how === 'intact') intact.push({ offset, hex: Buffer.from(body).toString('hex') });
            pieces.push(Buffer.from(f));
            offset += f.length;
          }
          const d = new FrameDecoder();
          const found: Extract<DecodeEvent, { type: 'frame' }>[] = [];
          for (const c of chunked(new Uint8Array(Buffer.concat(pieces)), cuts)) {
            for (const e of d.push(c)) if (e.type === 'frame') found.push(e);
          }
          // The driver flushes on each timeout; a stream ends with at most one stall per cut frame.
          for (let i = 0; i <= items.length; i++) for (const e of d.flush()) if (e.type === 'frame') found.push(e);
          for (const f of intact) {
            const hit = found.some((e) => e.offset === f.offset && Buffer.from(e.body).toString('hex') === f.hex);
            // A damaged frame plus what follows can, by chance, form a frame with a valid checksum
            // that covers this one: then the decoder rightly took the earlier frame.
            const covered = found.some((e) => e.offset < f.offset && e.offset + e.length > f.offset);
            expect(hit || covered).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
