/**
 * The page `device printer test` and the device page print: Chinese text at every size, an
 * amount, a QR code, a cut — marked 培训练习 — 无效 on a training-mode counter.
 */
import type { ReceiptDoc } from '../doc';
import { formatFen, formatTime } from './format';
import { markTraining } from './training-mark';

export function testReceipt(opts: { at: number; link: string; timeZone?: string; training?: boolean }): ReceiptDoc {
  return markTraining({
    blocks: [
      { kind: 'text', text: '柜台通 打印测试', align: 'center', bold: true, double: true },
      { kind: 'text', text: '打印机测试页', align: 'center' },
      { kind: 'rule' },
      { kind: 'text', text: '中文：营业厅业务受理回单，补卡、过户、销户。' },
      { kind: 'row', left: '金额', right: formatFen(128650) },
      { kind: 'row', left: '时间', right: formatTime(opts.at, opts.timeZone) },
      { kind: 'text', text: `端口 ${opts.link}` },
      { kind: 'rule' },
      { kind: 'qr', data: 'COUNTERDESK-PRINTER-TEST' },
      { kind: 'text', text: '如能看清以上文字和二维码，打印机工作正常。', align: 'center' },
      { kind: 'cut', mode: 'partial' },
    ],
  }, opts.training);
}
