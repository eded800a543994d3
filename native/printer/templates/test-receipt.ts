/** The page `device printer test` prints: Chinese text at every size, an amount, a QR code, a cut. */
import type { ReceiptDoc } from '../doc';
import { formatFen, formatTime } from './format';

export function testReceipt(opts: { at: number; link: string; timeZone?: string }): ReceiptDoc {
  return {
    blocks: [
      { kind: 'text', text: '柜台通 打印测试', align: 'center', bold: true, double: true },
      { kind: 'text', text: 'CounterDesk printer test', align: 'center' },
      { kind: 'rule' },
      { kind: 'text', text: '中文：营业厅业务受理回单，补卡、过户、销户。' },
      { kind: 'row', left: '金额 Amount', right: formatFen(128650) },
      { kind: 'row', left: '时间', right: formatTime(opts.at, opts.timeZone) },
      { kind: 'text', text: `端口 ${opts.link}` },
      { kind: 'rule' },
      { kind: 'qr', data: 'COUNTERDESK-PRINTER-TEST' },
      { kind: 'text', text: '如能看清以上文字和二维码，打印机工作正常。', align: 'center' },
      { kind: 'cut', mode: 'partial' },
    ],
  };
}
