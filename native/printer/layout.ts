/**
 * Lays a ReceiptDoc out into printer lines: wrapping, two-column rows with right-aligned
 * amounts, rules. The encoder and the on-screen preview both start from these lines, so what
 * the clerk sees is what the paper gets.
 */
import { BilingualError } from '../../base/contract/errors';
import type { Align, QrErrorLevel, ReceiptDoc } from './doc';
import { encodeChar, printedForm, textWidth, unprintableError, type PrinterCharset } from './charset';

export type LaidLine =
  | { kind: 'text'; text: string; align: Align; bold: boolean; double: boolean }
  | { kind: 'qr'; data: string; size: number; level: QrErrorLevel }
  | { kind: 'cut'; mode: 'full' | 'partial' };

export interface LayoutOptions {
  /** Half-width columns per line at normal size: 32 (58 mm) or 48 (80 mm). */
  columns: number;
  charset?: PrinterCharset;
}

/** Longest QR payload we accept: a reference or a short URL, far below model 2's limit. */
export const QR_MAX_LENGTH = 300;

export function layoutReceipt(doc: ReceiptDoc, opts: LayoutOptions): LaidLine[] {
  const charset = opts.charset ?? 'gbk';
  const out: LaidLine[] = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'text': {
        const double = b.double ?? false;
        const cols = double ? Math.floor(opts.columns / 2) : opts.columns;
        for (const line of wrap(printedForm(b.text), cols, charset)) {
          out.push({ kind: 'text', text: line, align: b.align ?? 'left', bold: b.bold ?? false, double });
        }
        break;
      }
      case 'row': {
        const double = b.double ?? false;
        const cols = double ? Math.floor(opts.columns / 2) : opts.columns;
        for (const line of row(printedForm(b.left), printedForm(b.right), cols, charset)) {
          out.push({ kind: 'text', text: line, align: 'left', bold: b.bold ?? false, double });
        }
        break;
      }
      case 'rule':
        out.push({ kind: 'text', text: (b.char ?? '-').repeat(opts.columns), align: 'left', bold: false, double: false });
        break;
      case 'blank':
        out.push({ kind: 'text', text: '', align: 'left', bold: false, double: false });
        break;
      case 'qr':
        checkQrData(b.data);
        out.push({ kind: 'qr', data: b.data, size: b.size ?? 6, level: b.level ?? 'M' });
        break;
      case 'cut':
        out.push({ kind: 'cut', mode: b.mode });
        break;
    }
  }
  return out;
}

/** Breaks text into lines of at most `cols` columns, never inside a 2-column character. */
export function wrap(text: string, cols: number, charset: PrinterCharset = 'gbk'): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    let w = 0;
    for (const ch of para) {
      const e = encodeChar(ch, charset);
      if (!e) throw unprintableError(ch, para);
      if (w + e.width > cols) {
        lines.push(cur.trimEnd());
        cur = '';
        w = 0;
        if (ch === ' ') continue; // a wrapped line does not start with the space that broke it
      }
      cur += ch;
      w += e.width;
    }
    lines.push(cur.trimEnd());
  }
  return lines;
}

/** Label left, value right; a label too long for one line wraps and the value goes last. */
function row(left: string, right: string, cols: number, charset: PrinterCharset): string[] {
  const rw = textWidth(right, charset);
  if (rw > cols) return [...wrap(left, cols, charset), ...wrap(right, cols, charset)];
  const leftLines = wrap(left, cols, charset);
  const last = leftLines.pop() ?? '';
  const lw = textWidth(last, charset);
  if (lw + 1 + rw <= cols) return [...leftLines, last + ' '.repeat(cols - lw - rw) + right];
  return [...leftLines, last, ' '.repeat(cols - rw) + right];
}

function checkQrData(data: string): void {
  if (data.length === 0 || data.length > QR_MAX_LENGTH || !/^[\x20-\x7e]+$/.test(data)) {
    throw new BilingualError(
      'PRINTER_QR_DATA',
      `二维码内容无效（须为 1–${QR_MAX_LENGTH} 个英文字母、数字或符号）— 请检查业务流水号`,
      `The QR code content is invalid (1–${QR_MAX_LENGTH} printable ASCII characters) — check the transaction reference`,
      { length: data.length },
    );
  }
}
