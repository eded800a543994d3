/**
 * The queue ticket the floating guide hands the customer (号票): the number large, the business,
 * how many are ahead, the time, and what to watch for (the display and its announcement).
 */
import type { ReceiptDoc } from '../doc';
import { formatTime } from './format';

export interface QueueTicketData {
  hallName: string;
  label: string;
  businessZh: string;
  businessEn: string;
  groupZh: string;
  ahead: number;
  priority: boolean;
  issuedAt: number;
  timeZone?: string;
}

export function queueTicket(d: QueueTicketData): ReceiptDoc {
  return {
    blocks: [
      { kind: 'text', text: d.hallName, align: 'center', bold: true },
      { kind: 'text', text: '排队号票  Queue ticket', align: 'center' },
      { kind: 'rule' },
      { kind: 'text', text: d.label, align: 'center', bold: true, double: true },
      ...(d.priority ? [{ kind: 'text' as const, text: '优先 Priority', align: 'center' as const, bold: true }] : []),
      { kind: 'blank' },
      { kind: 'row', left: '业务', right: d.businessZh },
      { kind: 'row', left: 'Business', right: d.businessEn },
      { kind: 'row', left: '队列', right: d.groupZh },
      { kind: 'row', left: '前面等候 Waiting ahead', right: `${d.ahead} 人` },
      { kind: 'row', left: '取号时间 Time', right: formatTime(d.issuedAt, d.timeZone) },
      { kind: 'rule' },
      { kind: 'text', text: '请留意叫号显示屏及语音提示，过号须重新取号。', align: 'center' },
      { kind: 'text', text: 'Watch the display for your number.', align: 'center' },
      { kind: 'cut', mode: 'partial' },
    ],
  };
}
