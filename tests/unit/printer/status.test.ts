// DLE EOT status bits → status object, one row per bit that matters.
import { describe, expect, it } from 'vitest';
import { decodeConfirm, decodeStatus, isConfirmReply, isReady, isStatusReply, type PrinterStatus } from '../../../native/printer/status';
import { errorForStatus } from '../../../native/printer/errors';

const OK = { printer: 0x12, offline: 0x12, error: 0x12, paper: 0x12 };
const base: PrinterStatus = {
  online: true,
  coverOpen: false,
  paperNearEnd: false,
  paperOut: false,
  drawerOpen: false,
  cutterError: false,
  recoverableError: false,
  unrecoverableError: false,
};

describe('decodeStatus', () => {
  const table: [string, Partial<typeof OK>, Partial<PrinterStatus>][] = [
    ['all clear', {}, {}],
    ['n=1 bit 3 offline', { printer: 0x1a }, { online: false }],
    ['n=1 bit 2 pin 3 high → drawer open (default polarity)', { printer: 0x16 }, { drawerOpen: true }],
    ['n=2 bit 2 cover open', { offline: 0x16 }, { coverOpen: true }],
    ['n=2 bit 5 stopped at paper end', { offline: 0x32 }, { paperOut: true }],
    ['n=3 bit 2 mechanical error', { error: 0x16 }, { recoverableError: true }],
    ['n=3 bit 3 auto-cutter error', { error: 0x1a }, { cutterError: true }],
    ['n=3 bit 5 unrecoverable', { error: 0x32 }, { unrecoverableError: true }],
    ['n=3 bit 6 auto-recoverable', { error: 0x52 }, { recoverableError: true }],
    ['n=4 0x0C near end', { paper: 0x1e }, { paperNearEnd: true }],
    ['n=4 0x60 paper end', { paper: 0x72 }, { paperOut: true }],
    ['n=4 only one near-end bit is not near end', { paper: 0x16 }, {}],
    ['the documented paper-out answer 1A 32 __ 7E', { printer: 0x1a, offline: 0x32, paper: 0x7e }, { online: false, paperOut: true, paperNearEnd: true }],
  ];
  it.each(table)('%s', (_name, replies, expected) => {
    const r = decodeStatus({ ...OK, ...replies });
    expect(r).toEqual({ ok: true, status: { ...base, ...expected } });
  });

  it('drawer polarity is a setting: open when low', () => {
    const low = { drawerOpenWhenHigh: false, nearEndSensor: true };
    expect(decodeStatus(OK, low)).toMatchObject({ status: { drawerOpen: true } });
    expect(decodeStatus({ ...OK, printer: 0x16 }, low)).toMatchObject({ status: { drawerOpen: false } });
  });

  it('a model without near-end sensor never reports near end', () => {
    expect(decodeStatus({ ...OK, paper: 0x1e }, { drawerOpenWhenHigh: true, nearEndSensor: false })).toMatchObject({ status: { paperNearEnd: false } });
  });

  it('bytes that break the fixed bits are reported, not thrown', () => {
    expect(decodeStatus({ ...OK, error: 0x00, paper: 0xff })).toEqual({ ok: false, invalid: [0x00, 0xff] });
  });
});

describe('reply classification', () => {
  it('tells status, confirm and XON/XOFF apart', () => {
    for (let b = 0; b < 256; b++) expect(isStatusReply(b) && isConfirmReply(b)).toBe(false);
    expect(isStatusReply(0x12)).toBe(true);
    expect(isStatusReply(0x7e)).toBe(true);
    expect(isConfirmReply(0x00)).toBe(true);
    expect(isConfirmReply(0x03)).toBe(true);
    expect(isStatusReply(0x11) || isConfirmReply(0x11)).toBe(false);
    expect(isStatusReply(0x13) || isConfirmReply(0x13)).toBe(false);
    expect(decodeConfirm(0x03)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(decodeConfirm(0x0c)).toEqual({ paperNearEnd: false, paperOut: true });
  });
});

describe('errorForStatus', () => {
  it('names the most useful cause first', () => {
    expect(errorForStatus(base)).toBeNull();
    expect(isReady(base)).toBe(true);
    expect(errorForStatus({ ...base, online: false, coverOpen: true, paperOut: true })?.code).toBe('PRINTER_COVER_OPEN');
    expect(errorForStatus({ ...base, online: false, paperOut: true })?.code).toBe('PRINTER_PAPER_OUT');
    expect(errorForStatus({ ...base, online: false })?.code).toBe('PRINTER_OFFLINE');
    expect(errorForStatus({ ...base, cutterError: true })?.code).toBe('PRINTER_CUTTER_ERROR');
    expect(errorForStatus({ ...base, paperNearEnd: true, drawerOpen: true })).toBeNull();
  });
});
