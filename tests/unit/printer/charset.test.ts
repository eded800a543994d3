// Characters the printer cannot print are refused by name, before a byte is produced.
import { describe, expect, it } from 'vitest';
import { refusal } from '../../helpers/refusal';
import { encodeChar, textWidth } from '../../../native/printer/charset';
import { encodeReceipt } from '../../../native/printer/encoder';
import { PRINTER_MODELS } from '../../../native/printer/model';

describe('charset', () => {
  it('widths: ASCII 1, hanzi and full-width 2, ¥ becomes ￥', () => {
    expect(textWidth('A中，')).toBe(5);
    expect(encodeChar('¥')).toEqual({ bytes: Uint8Array.of(0xa3, 0xa4), width: 2 });
  });

  it.each([
    ['😀', 'U+1F600'],
    ['𠀀', 'U+20000'], // CJK extension B: 4 bytes in GB18030
    ['㐀', 'U+3400'], // extension A: 4 bytes
    ['\ue000', 'U+E000'], // private use → user-defined area, no glyph
    ['\t', 'U+0009'],
  ])('refuses %j naming %s', (ch, code) => {
    const e = refusal(() => encodeReceipt({ blocks: [{ kind: 'text', text: `王${ch}先生` }] }));
    expect(e.code).toBe('PRINTER_UNPRINTABLE_CHAR');
    expect(e.message_zh).toContain(code);
    expect(e.message_en).toContain(code);
    expect(e.detail).toMatchObject({ codePoint: code, position: 1 });
  });

  it('a GB2312-only printer refuses a GBK-only character (镕) that a GBK printer prints', () => {
    const doc = { blocks: [{ kind: 'text' as const, text: '朱镕基' }] };
    expect(() => encodeReceipt(doc, { model: PRINTER_MODELS['generic-58']! })).not.toThrow();
    const e = refusal(() => encodeReceipt(doc, { model: PRINTER_MODELS['basic-58-gb2312']! }));
    expect(e.message_zh).toContain('镕');
  });

  it('QR payloads must be printable ASCII', () => {
    const e = refusal(() => encodeReceipt({ blocks: [{ kind: 'qr', data: '流水号' }] }));
    expect(e.code).toBe('PRINTER_QR_DATA');
  });
});
