// Golden bytes for every command CounterDesk sends: the printer only understands exact bytes.
import { describe, expect, it } from 'vitest';
import * as cmd from '../../../native/printer/commands';
import { encodeReceipt } from '../../../native/printer/encoder';
import { PRINTER_MODELS } from '../../../native/printer/model';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)(?!$)/g, '$1 ');

describe('ESC/POS golden bytes', () => {
  it('init and Chinese mode', () => {
    expect(hex(cmd.INIT)).toBe('1b 40');
    expect(hex(cmd.CHINESE_ON)).toBe('1c 26');
    expect(hex(cmd.CHINESE_OFF)).toBe('1c 2e');
  });

  it('cuts: feed-and-cut function B, full 65 / partial 66', () => {
    expect(hex(cmd.cut('full'))).toBe('1d 56 41 00');
    expect(hex(cmd.cut('partial'))).toBe('1d 56 42 00');
    expect(hex(cmd.cut('partial', 3))).toBe('1d 56 42 03');
  });

  it('drawer kick: the reference example and pin 5', () => {
    expect(hex(cmd.drawerKick(cmd.DEFAULT_DRAWER_PULSE))).toBe('1b 70 00 19 fa');
    expect(hex(cmd.drawerKick({ pin: 5, onMs: 100, offMs: 200 }))).toBe('1b 70 01 32 64');
    // off-time is never shorter than on-time, t1 never 0
    expect(hex(cmd.drawerKick({ pin: 2, onMs: 0, offMs: 0 }))).toBe('1b 70 00 01 01');
  });

  it('real-time status DLE EOT n and the confirm marker GS r 1', () => {
    expect(hex(cmd.statusQuery(1))).toBe('10 04 01');
    expect(hex(cmd.statusQuery(4))).toBe('10 04 04');
    expect(hex(cmd.STATUS_QUERY_ALL)).toBe('10 04 01 10 04 02 10 04 03 10 04 04');
    expect(hex(cmd.CONFIRM_MARKER)).toBe('1d 72 01');
  });

  it('QR code model 2: model, size, level, store, print', () => {
    const data = new TextEncoder().encode('TX1');
    expect(hex(cmd.qrCode(data, 6, 'M'))).toBe(
      [
        '1d 28 6b 04 00 31 41 32 00',
        '1d 28 6b 03 00 31 43 06',
        '1d 28 6b 03 00 31 45 31',
        '1d 28 6b 06 00 31 50 30 54 58 31',
        '1d 28 6b 03 00 31 51 30',
      ].join(' '),
    );
  });

  it('style commands', () => {
    expect(hex(cmd.align('center'))).toBe('1b 61 01');
    expect(hex(cmd.bold(true))).toBe('1b 45 01');
    expect(hex(cmd.size(true))).toBe('1d 21 11');
    expect(hex(cmd.feed(4))).toBe('1b 64 04');
  });

  it('a receipt starts ESC @ FS &, maps ¥ to ￥ (A3 A4) and has no GS a / GS r / ESC t', () => {
    const bytes = encodeReceipt({ blocks: [{ kind: 'text', text: '¥1' }, { kind: 'cut', mode: 'full' }] });
    expect(hex(bytes)).toBe('1b 40 1c 26 a3 a4 31 0a 1d 56 41 00');
  });

  it('a partial-cut-only model turns a full cut into a partial one; no cutter → feed', () => {
    const doc = { blocks: [{ kind: 'cut' as const, mode: 'full' as const }] };
    expect(hex(encodeReceipt(doc, { model: PRINTER_MODELS['generic-58']! }))).toBe('1b 40 1c 26 1d 56 42 00');
    expect(hex(encodeReceipt(doc, { model: PRINTER_MODELS['basic-58-gb2312']! }))).toBe('1b 40 1c 26 1b 64 04');
  });

  it('only changed attributes are sent, in the order align, bold, size', () => {
    const bytes = encodeReceipt({
      blocks: [
        { kind: 'text', text: '中', align: 'center', bold: true, double: true },
        { kind: 'text', text: 'a', align: 'center', bold: true, double: true },
        { kind: 'text', text: 'b' },
      ],
    });
    expect(hex(bytes)).toBe('1b 40 1c 26 1b 61 01 1b 45 01 1d 21 11 d6 d0 0a 61 0a 1b 61 00 1b 45 00 1d 21 00 62 0a');
  });
});
