/**
 * Text → printer bytes in Chinese mode: GB18030 restricted to the characters that come out as
 * one byte (printable ASCII) or two bytes, because printer fonts hold only the 2-byte areas
 * (cheap 58 mm models only GB2312). Anything else is refused by name before a byte is sent:
 * a receipt with garbage in it is worse than a clear message.
 *
 * In Chinese mode the printer prints an ASCII byte half-width and a 2-byte character
 * full-width, so a character's column width is simply its byte count.
 */
import iconv from 'iconv-lite';
import { BilingualError } from '../../base/contract/errors';
import { concatBytes } from './commands';

/** Which 2-byte area the printer's font covers. */
export type PrinterCharset = 'gbk' | 'gb2312';

export interface EncodedChar {
  bytes: Uint8Array;
  /** Columns on paper at normal size: 1 or 2. */
  width: number;
}

/** Characters we substitute before encoding, with why. */
const SUBSTITUTES: Record<string, string> = {
  '¥': '￥', // U+00A5 is 4 bytes in GB18030; the full-width yuan sign is A3 A4
  '\u00a0': ' ', // no-break space from copy-paste
};

const caches: Record<PrinterCharset, Map<string, EncodedChar | null>> = { gbk: new Map(), gb2312: new Map() };

/** The bytes and width of one character, or null when this printer cannot print it. */
export function encodeChar(ch: string, charset: PrinterCharset = 'gbk'): EncodedChar | null {
  const cache = caches[charset];
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  const result = encodeUncached(SUBSTITUTES[ch] ?? ch, charset);
  cache.set(ch, result);
  return result;
}

function encodeUncached(ch: string, charset: PrinterCharset): EncodedChar | null {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x20 && cp <= 0x7e) return { bytes: Uint8Array.of(cp), width: 1 };
  if (cp < 0x80) return null; // control characters
  const b = iconv.encode(ch, 'gb18030');
  if (b.length !== 2) return null; // 4-byte GB18030 (emoji, rare CJK, ¥ before mapping) or 0x80
  const lead = b[0]!;
  const trail = b[1]!;
  if (!isPrintable2Byte(lead, trail, charset)) return null;
  // iconv-lite turns unmappable input into '?', which is 1 byte, so a 2-byte result is real.
  return { bytes: Uint8Array.of(lead, trail), width: 2 };
}

function isPrintable2Byte(lead: number, trail: number, charset: PrinterCharset): boolean {
  if (charset === 'gb2312') return lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe;
  if (lead < 0x81 || lead > 0xfe || trail < 0x40 || trail > 0xfe || trail === 0x7f) return false;
  // User-defined areas map to the Private Use Area: no printer font has glyphs there.
  if (lead >= 0xaa && lead <= 0xaf && trail >= 0xa1) return false;
  if (lead >= 0xf8 && trail >= 0xa1) return false;
  if (lead >= 0xa1 && lead <= 0xa7 && trail < 0xa1) return false;
  return true;
}

export function unprintableError(ch: string, text: string): BilingualError {
  const code = 'U+' + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const shown = (ch.codePointAt(0) ?? 0) < 0x20 ? code : `「${ch}」（${code}）`;
  const shownEn = (ch.codePointAt(0) ?? 0) < 0x20 ? code : `"${ch}" (${code})`;
  return new BilingualError(
    'PRINTER_UNPRINTABLE_CHAR',
    `打印机无法打印字符 ${shown}，回单未发送 — 请改用常用汉字或去掉该字符后重试`,
    `The printer cannot print the character ${shownEn}; nothing was sent — replace it with a common character or remove it, then try again`,
    { codePoint: code, position: [...text].indexOf(ch) },
  );
}

/** Width in columns of a string at normal size; throws the refusal error on the first unprintable character. */
export function textWidth(text: string, charset: PrinterCharset = 'gbk'): number {
  let w = 0;
  for (const ch of text) {
    const e = encodeChar(ch, charset);
    if (!e) throw unprintableError(ch, text);
    w += e.width;
  }
  return w;
}

/** Bytes of a whole string; throws the refusal error on the first unprintable character. */
export function encodeText(text: string, charset: PrinterCharset = 'gbk'): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const ch of text) {
    const e = encodeChar(ch, charset);
    if (!e) throw unprintableError(ch, text);
    parts.push(e.bytes);
  }
  return concatBytes(parts);
}

/** The text as the printer will show it (¥ → ￥ etc.), for the on-screen preview. */
export function printedForm(text: string): string {
  let out = '';
  for (const ch of text) out += SUBSTITUTES[ch] ?? ch;
  return out;
}
