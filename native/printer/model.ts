/**
 * What a printer model can do. The encoder and driver read these flags instead of assuming an
 * Epson TM-T88: many 58 mm counter printers only partial-cut, have no near-end sensor and
 * carry only the GB2312 font.
 */
import type { PaperWidth } from './doc';
import type { PrinterCharset } from './charset';

export interface PrinterModel {
  id: string;
  paperWidth: PaperWidth;
  charset: PrinterCharset;
  /** 'partial-only': a full cut is sent as a partial cut; 'none': paper is fed for tearing. */
  cutter: 'full' | 'partial-only' | 'none';
  /** Whether DLE EOT 4's near-end bits mean anything on this model. */
  nearEndSensor: boolean;
  drawerPort: boolean;
}

export const PRINTER_MODELS: Record<string, PrinterModel> = {
  'generic-80': { id: 'generic-80', paperWidth: 80, charset: 'gbk', cutter: 'full', nearEndSensor: true, drawerPort: true },
  'generic-58': { id: 'generic-58', paperWidth: 58, charset: 'gbk', cutter: 'partial-only', nearEndSensor: false, drawerPort: true },
  'basic-58-gb2312': { id: 'basic-58-gb2312', paperWidth: 58, charset: 'gb2312', cutter: 'none', nearEndSensor: false, drawerPort: true },
};

/** A model for a paper width from settings when no model is configured. */
export function modelForWidth(width: PaperWidth): PrinterModel {
  return width === 58 ? PRINTER_MODELS['generic-58']! : PRINTER_MODELS['generic-80']!;
}
