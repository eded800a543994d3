/**
 * The marks a copy carries on paper so a second copy is never mistaken for the first:
 * 【重印】第N次重印 for an explicit reprint, 【可能重复】 for a job re-sent after an
 * interruption whose outcome was unknown. Printed at the top and again just above the cut, so
 * either half of a torn receipt still shows it.
 */
import type { ReceiptBlock, ReceiptDoc } from '../../../native/printer/doc';

export interface CopyMarks {
  reprintNo: number;
  possibleDuplicate: boolean;
}

export function markLines(m: CopyMarks): string[] {
  const lines: string[] = [];
  if (m.reprintNo > 0) lines.push(`【重印】第${m.reprintNo}次重印`);
  if (m.possibleDuplicate) lines.push('【可能重复】打印中断后补打，请核对');
  return lines;
}

export function markDoc(doc: ReceiptDoc, m: CopyMarks): ReceiptDoc {
  const lines = markLines(m);
  if (lines.length === 0) return doc;
  const mark: ReceiptBlock[] = lines.map((text) => ({ kind: 'text', text, align: 'center', bold: true }));
  const blocks = [...doc.blocks];
  let lastCut = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (blocks[i]!.kind === 'cut') {
      lastCut = i;
      break;
    }
  }
  const bottom: ReceiptBlock[] = [{ kind: 'rule' }, ...mark];
  if (lastCut >= 0) blocks.splice(lastCut, 0, ...bottom);
  else blocks.push(...bottom);
  return { blocks: [...mark, { kind: 'rule' }, ...blocks] };
}
