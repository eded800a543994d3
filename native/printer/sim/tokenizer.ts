/**
 * The simulator's ESC/POS reader: bytes in arbitrary pieces → commands and text, written from
 * the Epson command reference, not from our encoder, so a wrong byte in the encoder shows up
 * as a wrong receipt here. It tracks FS & / FS . itself because in Chinese mode a lead byte
 * swallows the next one. Unknown commands and stray bytes become 'unknown' tokens: a printer
 * never stops on them, and neither do we.
 */

export type SimToken =
  | { t: 'text'; bytes: Uint8Array; chinese: boolean }
  | { t: 'lf' }
  | { t: 'init' }
  | { t: 'chinese'; on: boolean }
  | { t: 'align'; n: number }
  | { t: 'bold'; on: boolean }
  | { t: 'size'; n: number }
  | { t: 'feed'; lines: number }
  | { t: 'cut'; mode: 'full' | 'partial' }
  | { t: 'kick'; pin: 2 | 5; onMs: number; offMs: number }
  /** DLE EOT n: real-time, answered on arrival. */
  | { t: 'status'; n: number }
  /** GS r n: answered in buffer order. */
  | { t: 'confirm'; n: number }
  | { t: 'qr'; fn: number; params: Uint8Array }
  | { t: 'unknown'; bytes: Uint8Array };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** Needs more bytes. */
const MORE = null;

export class EscPosTokenizer {
  private buf: number[] = [];
  private chinese = false;

  get chineseMode(): boolean {
    return this.chinese;
  }

  /** Bytes of a half-received command are thrown away (the link dropped). */
  reset(): void {
    this.buf = [];
  }

  feed(chunk: Uint8Array): SimToken[] {
    for (const b of chunk) this.buf.push(b);
    const out: SimToken[] = [];
    let i = 0;
    while (i < this.buf.length) {
      const r = this.next(i);
      if (r === MORE) break;
      const [tok, len] = r;
      // Merge adjacent text so a line decodes as one piece.
      const last = out[out.length - 1];
      if (tok.t === 'text' && last?.t === 'text' && last.chinese === tok.chinese) {
        const merged = new Uint8Array(last.bytes.length + tok.bytes.length);
        merged.set(last.bytes);
        merged.set(tok.bytes, last.bytes.length);
        last.bytes = merged;
      } else out.push(tok);
      i += len;
    }
    this.buf = this.buf.slice(i);
    return out;
  }

  private at(i: number): number | undefined {
    return this.buf[i];
  }

  private slice(i: number, n: number): Uint8Array | typeof MORE {
    if (i + n > this.buf.length) return MORE;
    return Uint8Array.from(this.buf.slice(i, i + n));
  }

  private next(i: number): [SimToken, number] | typeof MORE {
    const b = this.at(i)!;
    if (b === 0x0a) return [{ t: 'lf' }, 1];
    if (b >= 0x20 && b <= 0x7e) return [{ t: 'text', bytes: Uint8Array.of(b), chinese: this.chinese }, 1];
    if (b >= 0x80) {
      if (this.chinese && b >= 0x81 && b <= 0xfe) {
        const trail = this.at(i + 1);
        if (trail === undefined) return MORE;
        return [{ t: 'text', bytes: Uint8Array.of(b, trail), chinese: true }, 2];
      }
      return [{ t: 'text', bytes: Uint8Array.of(b), chinese: this.chinese }, 1];
    }
    if (b === ESC) return this.esc(i);
    if (b === GS) return this.gs(i);
    if (b === FS) return this.fs(i);
    if (b === DLE) return this.dle(i);
    return [{ t: 'unknown', bytes: Uint8Array.of(b) }, 1];
  }

  private esc(i: number): [SimToken, number] | typeof MORE {
    const c = this.at(i + 1);
    if (c === undefined) return MORE;
    if (c === 0x40) {
      // Strict: model a printer that does not boot in Chinese mode, so a stream that forgets
      // FS & after ESC @ decodes as garbage here instead of passing by luck.
      this.chinese = false;
      return [{ t: 'init' }, 2];
    }
    if (c === 0x70) {
      const p = this.slice(i, 5);
      if (p === MORE) return MORE;
      const m = p[2]!;
      return [{ t: 'kick', pin: m === 0 || m === 48 ? 2 : 5, onMs: p[3]! * 2, offMs: p[4]! * 2 }, 5];
    }
    // Two-byte ESC commands we may meet.
    if (c === 0x32 || c === 0x3c) return [{ t: 'unknown', bytes: Uint8Array.of(ESC, c) }, 2];
    const p = this.slice(i, 3);
    if (p === MORE) return MORE;
    const n = p[2]!;
    switch (c) {
      case 0x61:
        return [{ t: 'align', n: n >= 48 ? n - 48 : n }, 3];
      case 0x45:
        return [{ t: 'bold', on: (n & 1) === 1 }, 3];
      case 0x64:
        return [{ t: 'feed', lines: n }, 3];
      default:
        // ESC t / R / ! / - / 3 / J / M / { … take one parameter; recorded, not applied.
        return [{ t: 'unknown', bytes: p }, 3];
    }
  }

  private gs(i: number): [SimToken, number] | typeof MORE {
    const c = this.at(i + 1);
    if (c === undefined) return MORE;
    if (c === 0x56) {
      const m = this.at(i + 2);
      if (m === undefined) return MORE;
      if (m === 65 || m === 66) {
        if (this.at(i + 3) === undefined) return MORE;
        return [{ t: 'cut', mode: m === 65 ? 'full' : 'partial' }, 4];
      }
      return [{ t: 'cut', mode: m === 0 || m === 48 ? 'full' : 'partial' }, 3];
    }
    if (c === 0x28) {
      const head = this.slice(i, 5);
      if (head === MORE) return MORE;
      const len = head[3]! + head[4]! * 256;
      const all = this.slice(i, 5 + len);
      if (all === MORE) return MORE;
      if (head[2] === 0x6b && len >= 2 && all[5] === 0x31) {
        return [{ t: 'qr', fn: all[6]!, params: all.slice(7) }, 5 + len];
      }
      return [{ t: 'unknown', bytes: all }, 5 + len];
    }
    if (c === 0x4c || c === 0x57) {
      const p = this.slice(i, 4);
      return p === MORE ? MORE : [{ t: 'unknown', bytes: p }, 4];
    }
    const p = this.slice(i, 3);
    if (p === MORE) return MORE;
    switch (c) {
      case 0x21:
        return [{ t: 'size', n: p[2]! }, 3];
      case 0x72:
        return [{ t: 'confirm', n: p[2]! }, 3];
      default:
        return [{ t: 'unknown', bytes: p }, 3];
    }
  }

  private fs(i: number): [SimToken, number] | typeof MORE {
    const c = this.at(i + 1);
    if (c === undefined) return MORE;
    if (c === 0x26) {
      this.chinese = true;
      return [{ t: 'chinese', on: true }, 2];
    }
    if (c === 0x2e) {
      this.chinese = false;
      return [{ t: 'chinese', on: false }, 2];
    }
    const p = this.slice(i, 3);
    return p === MORE ? MORE : [{ t: 'unknown', bytes: p }, 3];
  }

  private dle(i: number): [SimToken, number] | typeof MORE {
    const p = this.slice(i, 3);
    if (p === MORE) return MORE;
    if (p[1] === 0x04) return [{ t: 'status', n: p[2]! }, 3];
    return [{ t: 'unknown', bytes: p }, 3];
  }
}
