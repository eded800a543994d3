/** ⑧ 资料凭证入封套: the card, the documents and the receipt handed back in the folder. */
import { refuse } from '../errors';
import { receiptData } from '../facts';
import type { StepHandler } from './turn';

/** A receipt that could not be queued is sent again under a new key. */
export const retryReceipt: StepHandler<'retryReceipt'> = (t) => {
  const { s, id } = t;
  t.expect('handover');
  if (s.receipt?.status !== 'failed') throw refuse('RECEIPT_NOT_FAILED', '小票没有打印失败，无需重打', 'The receipt did not fail; no reprint needed');
  const attempt = s.receipt.attempt + 1;
  s.receipt = { status: 'pending', effectKey: `${id}:receipt#${attempt}`, attempt, jobId: null, error: null };
  t.effects.push({ kind: 'printReceipt', key: s.receipt.effectKey, journeyId: id, data: receiptData(s, t.now) });
};

export const handOver: StepHandler<'handOver'> = (t, cmd) => {
  const { s } = t;
  t.expect('handover');
  if (s.receipt?.status === 'failed') {
    throw refuse('RECEIPT_FAILED', '小票未能进入打印队列 — 请检查打印机后点「重打小票」', 'The receipt could not be queued — check the printer, then reprint');
  }
  if (s.receipt?.status !== 'queued') {
    throw refuse('RECEIPT_PENDING', '小票正在送往打印机，请稍候', 'The receipt is on its way to the printer — please wait');
  }
  const cardTaken = s.customer?.method === 'card' || s.customer?.method === 'manual';
  const missing: { zh: string; en: string }[] = [];
  if (cardTaken && !cmd.idCardReturned) missing.push({ zh: '证件已归还', en: 'ID card returned' });
  if (!cmd.documentsReturned) missing.push({ zh: '资料已归还', en: 'documents returned' });
  if (!cmd.receiptInFolder) missing.push({ zh: '凭证已入封套', en: 'receipt in the folder' });
  if (missing.length > 0) {
    throw refuse(
      'HANDOVER_INCOMPLETE',
      `资料凭证入封套：请确认 ${missing.map((m) => m.zh).join('、')}`,
      `Hand-over: please confirm ${missing.map((m) => m.en).join(', ')}`,
      { missing: missing.map((m) => m.en) },
    );
  }
  s.handover = { idCardReturned: cmd.idCardReturned, documentsReturned: true, receiptInFolder: true, at: t.now };
};
