/**
 * GA 467 frames (shared/protocols/idcard-ga467.md):
 *
 *   request : AA AA AA 96 69 | LEN(2, BE) | CMD PARA DATA… | CHK
 *   response: AA AA AA 96 69 | LEN(2, BE) | SW1 SW2 SW3 DATA… | CHK
 *
 * LEN counts every byte after itself, CHK included; CHK is the XOR of the LEN bytes and the
 * body. The decoder here is direction-neutral: it yields the body (what sits between LEN and
 * CHK); `asResponse`/`asRequest` give it meaning.
 */

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Preamble + LEN. */
export const HEADER_LEN = 7;

/** XOR of bytes [from, to). */
export function xor(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i]!;
  return x;
}

/** A whole frame around `body`: preamble, LEN, body, CHK. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`frame body too long: ${body.length}`);
  const out = new Uint8Array(HEADER_LEN + len);
  out.set(PREAMBLE, 0);
  out[5] = len >> 8;
  out[6] = len & 0xff;
  out.set(body, HEADER_LEN);
  out[out.length - 1] = xor(out, 5, out.length - 1);
  return out;
}

export function encodeRequest(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return encodeFrame(body);
}

export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1;
  body[1] = sw2;
  body[2] = sw3;
  body.set(data, 3);
  return encodeFrame(body);
}

export interface Response {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

export interface Request {
  cmd: number;
  para: number;
  data: Uint8Array;
}

/** Meaning of a body as a response; null when too short to be one. */
export function asResponse(body: Uint8Array): Response | null {
  if (body.length < 3) return null;
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) };
}

export function asRequest(body: Uint8Array): Request | null {
  if (body.length < 2) return null;
  return { cmd: body[0]!, para: body[1]!, data: body.subarray(2) };
}

/** What the decoder found in the stream. Offsets count bytes since the decoder was made. */
export type DecodeEvent =
  | { type: 'frame'; body: Uint8Array; offset: number; length: number }
  /** A preamble whose frame failed: bad checksum or impossible LEN. Scanning resumes one byte on. */
  | { type: 'rejected'; reason: 'checksum' | 'length'; offset: number; len: number }
  /** Bytes that belonged to no frame. */
  | { type: 'garbage'; offset: number; length: number };

export interface DecoderOptions {
  /** Smallest LEN accepted (3 for requests: CMD PARA CHK; 4 for responses: SW1 SW2 SW3 CHK). */
  minLen?: number;
  /** Largest LEN accepted; a larger one is taken for noise, not waited for. */
  maxLen?: number;
}

/** Largest GA 467 reply known: text + photo + fingerprint (LEN 09 0A), with room to spare. */
export const DEFAULT_MAX_LEN = 0x0a00;

/**
 * Streaming frame decoder. Feed it chunks of any size; it never throws on input and holds at
 * most one candidate frame (≤ maxLen + 7 bytes). A candidate that waits forever for bytes
 * (a truncated frame) is given up by `flush()`, which the driver calls when its timeout fires.
 */
export class FrameDecoder {
  private buf = new Uint8Array(256);
  private start = 0;
  private end = 0;
  /** Stream offset of buf[start]. */
  private base = 0;
  private readonly minLen: number;
  private readonly maxLen: number;

  constructor(opts: DecoderOptions = {}) {
    this.minLen = opts.minLen ?? 3;
    this.maxLen = opts.maxLen ?? DEFAULT_MAX_LEN;
  }

  /** Bytes held, waiting for the rest of a frame. */
  get pending(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): DecodeEvent[] {
    this.append(chunk);
    return this.scan(false);
  }

  /**
   * The stream stalled: give up the candidate frame at the head (truncated) and re-scan what
   * followed it, so a whole frame sent after a cut-off one is still found. Bytes that could
   * still start a frame stay held.
   */
  flush(): DecodeEvent[] {
    return this.scan(true);
  }

  /** Forget everything held (e.g. before sending a new command after a timeout). */
  reset(): void {
    this.base += this.end - this.start;
    this.start = this.end = 0;
  }

  private append(chunk: Uint8Array): void {
    const need = this.end - this.start + chunk.length;
    if (this.end + chunk.length > this.buf.length) {
      if (need <= this.buf.length / 2) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        const next = new Uint8Array(Math.max(need * 2, 256));
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.end -= this.start;
      this.start = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  private consume(n: number): void {
    this.start += n;
    this.base += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  /** Index (relative to start) of the first possible preamble start, or of a partial one at the tail. */
  private findPreamble(from: number): number {
    const buf = this.buf;
    const n = this.end - this.start;
    outer: for (let i = from; i < n; i++) {
      for (let k = 0; k < PREAMBLE.length; k++) {
        if (i + k >= n) return i; // partial preamble at the tail: keep it
        if (buf[this.start + i + k] !== PREAMBLE[k]) continue outer;
      }
      return i;
    }
    return n;
  }

  private scan(giveUpHead: boolean): DecodeEvent[] {
    const events: DecodeEvent[] = [];
    // Set after a rejected candidate: look for the next preamble one byte past its start.
    let skipHead = false;
    for (;;) {
      const at = this.findPreamble(skipHead ? 1 : 0);
      skipHead = false;
      if (at > 0) {
        events.push({ type: 'garbage', offset: this.base, length: at });
        this.consume(at);
      }
      const n = this.end - this.start;
      if (n < HEADER_LEN) return events; // empty, or a partial header that more bytes may complete
      const s = this.start;
      const len = (this.buf[s + 5]! << 8) | this.buf[s + 6]!;
      if (len < this.minLen || len > this.maxLen) {
        events.push({ type: 'rejected', reason: 'length', offset: this.base, len });
        skipHead = true;
        continue;
      }
      const total = HEADER_LEN + len;
      if (n < total) {
        if (!giveUpHead) return events; // truncated so far: wait for more
        // The stream stalled inside this candidate: it was cut off (flush is called once per stall).
        giveUpHead = false;
        events.push({ type: 'rejected', reason: 'length', offset: this.base, len });
        skipHead = true;
        continue;
      }
      if (xor(this.buf, s + 5, s + total - 1) !== this.buf[s + total - 1]) {
        events.push({ type: 'rejected', reason: 'checksum', offset: this.base, len });
        skipHead = true;
        continue;
      }
      events.push({ type: 'frame', body: this.buf.slice(s + HEADER_LEN, s + total - 1), offset: this.base, length: total });
      this.consume(total);
    }
  }
}
