/**
 * A receipt described as data: what to print, not how. The encoder turns it into ESC/POS,
 * the preview into plain text lines, and the print queue stores it as JSON so a reprint is
 * rendered from the same data with a 重印 mark on top.
 */
import { z } from 'zod';

export type Align = 'left' | 'center' | 'right';

/** One line (wrapped when longer than the paper) of text. */
export interface TextBlock {
  kind: 'text';
  text: string;
  align?: Align;
  bold?: boolean;
  /** Double width and height (GS ! 0x11): half as many columns per line. */
  double?: boolean;
  /**
   * The line holds a customer's personal data (a masked ID, a business field): the print queue's
   * stored copy loses it after the retention period (electron/core/privacy/places.ts). Not printed.
   */
  personal?: boolean;
}

/** Two columns: a label on the left, a right-aligned value (usually an amount). */
export interface RowBlock {
  kind: 'row';
  left: string;
  right: string;
  bold?: boolean;
  double?: boolean;
  /** See TextBlock.personal. */
  personal?: boolean;
}

/** A full-width rule drawn with ASCII characters (never the Katakana-page line bytes). */
export interface RuleBlock {
  kind: 'rule';
  char?: '-' | '=';
}

export interface BlankBlock {
  kind: 'blank';
}

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

/** A QR code, centred. Data is printable ASCII (a transaction reference, a URL). */
export interface QrBlock {
  kind: 'qr';
  data: string;
  /** Module size in dots, 1..16 (default 6). */
  size?: number;
  level?: QrErrorLevel;
}

export interface CutBlock {
  kind: 'cut';
  mode: 'full' | 'partial';
}

export type ReceiptBlock = TextBlock | RowBlock | RuleBlock | BlankBlock | QrBlock | CutBlock;

export interface ReceiptDoc {
  blocks: ReceiptBlock[];
}

/** Paper width in mm → half-width columns (12×24 font): 58 mm = 32, 80 mm = 48. */
export type PaperWidth = 58 | 80;

export function columnsFor(width: PaperWidth): number {
  return width === 58 ? 32 : 48;
}

const align = z.enum(['left', 'center', 'right']);

/** Checks a doc read back from storage (or received over IPC) before it is rendered. */
export const receiptDocSchema: z.ZodType<ReceiptDoc> = z.object({
  blocks: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('text'), text: z.string(), align: align.optional(), bold: z.boolean().optional(), double: z.boolean().optional(), personal: z.boolean().optional() }),
      z.object({ kind: z.literal('row'), left: z.string(), right: z.string(), bold: z.boolean().optional(), double: z.boolean().optional(), personal: z.boolean().optional() }),
      z.object({ kind: z.literal('rule'), char: z.enum(['-', '=']).optional() }),
      z.object({ kind: z.literal('blank') }),
      z.object({
        kind: z.literal('qr'),
        data: z.string(),
        size: z.number().int().min(1).max(16).optional(),
        level: z.enum(['L', 'M', 'Q', 'H']).optional(),
      }),
      z.object({ kind: z.literal('cut'), mode: z.enum(['full', 'partial']) }),
    ]),
  ),
});
