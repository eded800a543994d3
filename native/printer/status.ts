/**
 * DLE EOT 1..4 replies → one status object. Every valid reply byte matches (b & 0x93) == 0x12;
 * a byte that does not is reported as invalid, never thrown.
 */

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  /** From DLE EOT 1 bit 2 (drawer connector pin 3) read through the configured polarity. */
  drawerOpen: boolean;
  cutterError: boolean;
  /** Mechanical or auto-recoverable error (clears by itself or with DLE ENQ). */
  recoverableError: boolean;
  unrecoverableError: boolean;
}

export interface StatusReplies {
  /** DLE EOT 1: printer status. */
  printer: number;
  /** DLE EOT 2: offline cause. */
  offline: number;
  /** DLE EOT 3: error cause. */
  error: number;
  /** DLE EOT 4: paper roll sensor. */
  paper: number;
}

export interface StatusDecodeOptions {
  /** Whether "pin 3 high" means the drawer is open (it depends on the drawer). */
  drawerOpenWhenHigh: boolean;
  /** Models without a near-end sensor report garbage there: ignore it. */
  nearEndSensor: boolean;
}

export const DEFAULT_STATUS_OPTIONS: StatusDecodeOptions = { drawerOpenWhenHigh: true, nearEndSensor: true };

/** A real-time status reply byte: bits 0, 1, 4, 7 fixed at 0, 1, 1, 0. */
export function isStatusReply(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** A GS r 1 (paper sensor) reply: bits 4–7 are 0, bits 0–1 near end, bits 2–3 paper end. */
export function isConfirmReply(b: number): boolean {
  return (b & 0xf0) === 0;
}

const bit = (b: number, n: number): boolean => (b & (1 << n)) !== 0;

export type DecodedStatus = { ok: true; status: PrinterStatus } | { ok: false; invalid: number[] };

export function decodeStatus(r: StatusReplies, opts: StatusDecodeOptions = DEFAULT_STATUS_OPTIONS): DecodedStatus {
  const invalid = [r.printer, r.offline, r.error, r.paper].filter((b) => !isStatusReply(b));
  if (invalid.length > 0) return { ok: false, invalid };
  const pin3High = bit(r.printer, 2);
  return {
    ok: true,
    status: {
      online: !bit(r.printer, 3),
      coverOpen: bit(r.offline, 2),
      // Either sign is enough: n=2 bit 5 "stopped at paper end", n=4 bits 5+6 "roll end".
      paperOut: bit(r.offline, 5) || (r.paper & 0x60) === 0x60,
      paperNearEnd: opts.nearEndSensor && (r.paper & 0x0c) === 0x0c,
      drawerOpen: pin3High === opts.drawerOpenWhenHigh,
      cutterError: bit(r.error, 3),
      recoverableError: bit(r.error, 2) || bit(r.error, 6),
      unrecoverableError: bit(r.error, 5),
    },
  };
}

/** What the GS r 1 confirm reply says about the paper (it doubles as a status read). */
export function decodeConfirm(b: number): { paperNearEnd: boolean; paperOut: boolean } {
  return { paperNearEnd: (b & 0x03) === 0x03, paperOut: (b & 0x0c) === 0x0c };
}

/** The printer can take a job now. */
export function isReady(s: PrinterStatus): boolean {
  return s.online && !s.coverOpen && !s.paperOut && !s.cutterError && !s.unrecoverableError && !s.recoverableError;
}
