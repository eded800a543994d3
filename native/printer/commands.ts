/**
 * The ESC/POS commands CounterDesk sends, one builder each, so the golden-byte tests can pin
 * every sequence and the encoder, driver and drawer share one spelling of each.
 * Values follow the Epson ESC/POS reference (see shared/protocols/escpos.md).
 */
import type { Align, QrErrorLevel } from './doc';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const EOT = 0x04;

/** ESC @ — reset the printer to its power-on settings. */
export const INIT = Uint8Array.of(ESC, 0x40);
/** FS & — Chinese (2-byte) mode on. Sent after every ESC @ even on printers that boot in it. */
export const CHINESE_ON = Uint8Array.of(FS, 0x26);
/** FS . — Chinese mode off (the simulator understands it; we do not send it). */
export const CHINESE_OFF = Uint8Array.of(FS, 0x2e);
/** LF — print the line buffer and feed one line. */
export const LF = Uint8Array.of(0x0a);

export function align(a: Align): Uint8Array {
  return Uint8Array.of(ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2);
}

export function bold(on: boolean): Uint8Array {
  return Uint8Array.of(ESC, 0x45, on ? 1 : 0);
}

/** GS ! n — character size; we only use normal (0x00) and double width+height (0x11). */
export function size(double: boolean): Uint8Array {
  return Uint8Array.of(GS, 0x21, double ? 0x11 : 0x00);
}

/** ESC d n — print and feed n lines. */
export function feed(lines: number): Uint8Array {
  return Uint8Array.of(ESC, 0x64, clampByte(lines));
}

/**
 * GS V 65/66 n — feed to the cutting position (+ n dots) and cut, full (65) or partial (66).
 * Function B, so the last printed line clears the blade without our guessing the feed distance.
 */
export function cut(mode: 'full' | 'partial', feedDots = 0): Uint8Array {
  return Uint8Array.of(GS, 0x56, mode === 'full' ? 65 : 66, clampByte(feedDots));
}

export interface DrawerPulse {
  /** Drawer connector pin: 2 (m = 0) or 5 (m = 1). */
  pin: 2 | 5;
  /** Pulse on-time in ms (sent as t1 = ms / 2, 1..255). */
  onMs: number;
  /** Off-time in ms (t2 = ms / 2, at least t1). */
  offMs: number;
}

/** ESC p m t1 t2 — pulse the drawer kick connector; runs in buffer order. */
export function drawerKick(p: DrawerPulse): Uint8Array {
  const t1 = Math.min(255, Math.max(1, Math.round(p.onMs / 2)));
  const t2 = Math.min(255, Math.max(t1, Math.round(p.offMs / 2)));
  return Uint8Array.of(ESC, 0x70, p.pin === 2 ? 0 : 1, t1, t2);
}

/** Epson's usual example `1B 70 00 19 FA`: pin 2, 50 ms on, 500 ms off. */
export const DEFAULT_DRAWER_PULSE: DrawerPulse = { pin: 2, onMs: 50, offMs: 500 };

export type StatusQuery = 1 | 2 | 3 | 4;

/** DLE EOT n — real-time status (answered at once, even while the printer is stopped). */
export function statusQuery(n: StatusQuery): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/** All four status queries in one write; the replies come back in this order. */
export const STATUS_QUERY_ALL = Uint8Array.of(DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 3, DLE, EOT, 4);

/**
 * GS r 1 — transmit paper sensor status. Processed in buffer order, so its reply proves every
 * byte before it was printed: our job-completion marker.
 */
export const CONFIRM_MARKER = Uint8Array.of(GS, 0x72, 0x01);

const QR_LEVEL: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** GS ( k — QR model 2: select model, module size, error level, store data, print. */
export function qrCode(data: Uint8Array, moduleSize = 6, level: QrErrorLevel = 'M'): Uint8Array {
  const storeLen = data.length + 3;
  return concatBytes([
    Uint8Array.of(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00),
    Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, Math.min(16, Math.max(1, moduleSize))),
    Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, QR_LEVEL[level]),
    Uint8Array.of(GS, 0x28, 0x6b, storeLen & 0xff, storeLen >> 8, 0x31, 0x50, 0x30),
    data,
    Uint8Array.of(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30),
  ]);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function clampByte(n: number): number {
  return Math.min(255, Math.max(0, Math.round(n)));
}
