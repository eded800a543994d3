/**
 * 培训练习 — 无效: what a training-mode counter prints must never pass for a real receipt or
 * report. The mark goes at the top, in double size, and again just above the cut, so either
 * half of a torn slip still says so. Every template printed in training mode goes through this
 * one function (customer receipts, test prints, the Z report).
 */
import type { ReceiptBlock, ReceiptDoc } from '../doc';

export const TRAINING_MARK = '培训练习 — 无效';

const TOP: ReceiptBlock[] = [
  { kind: 'text', text: TRAINING_MARK, align: 'center', bold: true, double: true },
  { kind: 'rule', char: '=' },
];
const BOTTOM: ReceiptBlock[] = [
  { kind: 'rule', char: '=' },
  { kind: 'text', text: TRAINING_MARK, align: 'center', bold: true, double: true },
];

/** Whether the document already carries the mark (the function is safe to apply twice). */
export function hasTrainingMark(doc: ReceiptDoc): boolean {
  const first = doc.blocks[0];
  return first?.kind === 'text' && first.text === TRAINING_MARK;
}

/** The document with the training mark on top and above its last cut (or at its end). */
export function withTrainingMark(doc: ReceiptDoc): ReceiptDoc {
  if (hasTrainingMark(doc)) return doc;
  const blocks = [...doc.blocks];
  const lastCut = blocks.map((b) => b.kind).lastIndexOf('cut');
  if (lastCut >= 0) blocks.splice(lastCut, 0, ...BOTTOM);
  else blocks.push(...BOTTOM);
  return { blocks: [...TOP, ...blocks] };
}

/** Applies the mark when `training` is true: the one switch every template uses. */
export function markTraining(doc: ReceiptDoc, training: boolean | undefined): ReceiptDoc {
  return training ? withTrainingMark(doc) : doc;
}
