/**
 * ReceiptDoc → ESC/POS bytes for a Chinese receipt printer.
 *
 * Our own encoder rather than receiptline: the doc is already structured data, so there is no
 * markup to escape, no `GS a 0` to strip, no Katakana-page rule bytes to replace and no
 * trailing `GS r 1` to cut off (the driver appends its own confirm marker). Every command it
 * emits has a golden-byte test; the simulator decodes them independently.
 *
 * Stream: ESC @, FS &, then per line only the attribute commands that changed, the text, LF.
 */
import type { ReceiptDoc } from './doc';
import { columnsFor } from './doc';
import { encodeText } from './charset';
import * as cmd from './commands';
import { layoutReceipt, type LaidLine } from './layout';
import type { PrinterModel } from './model';
import { modelForWidth } from './model';

export interface EncodeOptions {
  model?: PrinterModel;
}

/** Throws PRINTER_UNPRINTABLE_CHAR / PRINTER_QR_DATA (BilingualError) before producing any byte. */
export function encodeReceipt(doc: ReceiptDoc, opts: EncodeOptions = {}): Uint8Array {
  const model = opts.model ?? modelForWidth(80);
  const lines = layoutReceipt(doc, { columns: columnsFor(model.paperWidth), charset: model.charset });
  return encodeLines(lines, model);
}

export function encodeLines(lines: readonly LaidLine[], model: PrinterModel): Uint8Array {
  const parts: Uint8Array[] = [cmd.INIT, cmd.CHINESE_ON];
  // Attributes after ESC @: left, not bold, normal size.
  let align: 'left' | 'center' | 'right' = 'left';
  let bold = false;
  let double = false;
  for (const l of lines) {
    if (l.kind === 'text') {
      if (l.align !== align) parts.push(cmd.align((align = l.align)));
      if (l.bold !== bold) parts.push(cmd.bold((bold = l.bold)));
      if (l.double !== double) parts.push(cmd.size((double = l.double)));
      parts.push(encodeText(l.text, model.charset), cmd.LF);
    } else if (l.kind === 'qr') {
      if (align !== 'center') parts.push(cmd.align((align = 'center')));
      parts.push(cmd.qrCode(encodeText(l.data, model.charset), l.size, l.level));
    } else {
      if (model.cutter === 'none') parts.push(cmd.feed(4));
      else parts.push(cmd.cut(model.cutter === 'partial-only' ? 'partial' : l.mode));
    }
  }
  return cmd.concatBytes(parts);
}
