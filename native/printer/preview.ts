/**
 * The same receipt as plain text lines for the on-screen preview (and for tests): each printed
 * line positioned the way the printer positions it, in half-width columns. The simulator
 * computes the same lines independently from the bytes, which is the round-trip test.
 */
import { columnsFor, type ReceiptDoc } from './doc';
import { textWidth } from './charset';
import { layoutReceipt, type LaidLine } from './layout';
import { modelForWidth, type PrinterModel } from './model';

export interface PreviewLine {
  kind: 'text' | 'qr' | 'cut';
  /** The line as it sits on paper (leading spaces = alignment), trailing spaces trimmed. */
  text: string;
  bold?: boolean;
  double?: boolean;
  /** For kind 'qr': the payload. */
  data?: string;
}

export function previewReceipt(doc: ReceiptDoc, model: PrinterModel = modelForWidth(80)): PreviewLine[] {
  const columns = columnsFor(model.paperWidth);
  return layoutReceipt(doc, { columns, charset: model.charset }).map((l) => previewLine(l, columns, model));
}

/** Just the text, one string per line, QR and cut shown as placeholders (in Chinese: the clerk reads them). */
export function previewText(doc: ReceiptDoc, model?: PrinterModel): string[] {
  return previewReceipt(doc, model).map((l) => l.text);
}

function previewLine(l: LaidLine, columns: number, model: PrinterModel): PreviewLine {
  if (l.kind === 'text') {
    return { kind: 'text', text: placeOnLine(l.text, l.align, l.double, columns), bold: l.bold, double: l.double };
  }
  if (l.kind === 'qr') {
    const label = `[二维码：${l.data}]`;
    return { kind: 'qr', text: placeOnLine(label, 'center', false, columns), data: l.data };
  }
  const mode = model.cutter === 'none' ? '此处撕纸' : model.cutter === 'partial-only' || l.mode === 'partial' ? '半切' : '全切';
  return { kind: 'cut', text: `✂ ${mode}` };
}

/** Leading spaces the printer's ESC a puts before a line, in half-width columns. */
export function placeOnLine(text: string, align: 'left' | 'center' | 'right', double: boolean, columns: number): string {
  const used = textWidth(text) * (double ? 2 : 1);
  const free = Math.max(0, columns - used);
  const pad = align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
  return (' '.repeat(pad) + text).trimEnd();
}
