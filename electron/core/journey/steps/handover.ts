/**
 * ⑧ 资料凭证入封套: the card, the documents and the receipt handed back in the folder. The
 * receipt is ticked only once the printer has confirmed it; when it cannot print now, the clerk
 * records why (it prints later from the queue, or the customer declined paper) and goes on.
 */
import { refuse } from '../errors';
import { receiptData } from '../facts';
import type { StepHandler } from './turn';

/**
 * Sends the receipt again under a new key: when it could not be queued, or when its print job
 * failed. A job that failed after bytes reached the printer may have come out: the new copy
 * then says 【可能重复】.
 */
export const retryReceipt: StepHandler<'retryReceipt'> = (t) => {
  const { s, id } = t;
  t.expect('handover');
  const job = t.ctx.receiptJob ?? null;
  const jobFailed = s.receipt?.status === 'queued' && job?.state === 'failed';
  if (!s.receipt || (s.receipt.status !== 'failed' && !jobFailed)) {
    throw refuse('RECEIPT_NOT_FAILED', '回单没有打印失败，无需重打', 'The receipt did not fail; no reprint needed');
  }
  const attempt = s.receipt.attempt + 1;
  const mayHavePrinted = jobFailed && job.reason?.detail?.bytesSent === true;
  s.receipt = { status: 'pending', effectKey: `${id}:receipt#${attempt}`, attempt, jobId: null, error: null };
  t.effects.push({ kind: 'printReceipt', key: s.receipt.effectKey, journeyId: id, data: receiptData(s, t.now), ...(mayHavePrinted ? { possibleDuplicate: true } : {}) });
};

export const handOver: StepHandler<'handOver'> = (t, cmd) => {
  const { s } = t;
  t.expect('handover');
  const withheld = cmd.receiptWithheld ?? null;
  if (s.receipt?.status === 'pending') {
    throw refuse('RECEIPT_PENDING', '回单正在送往打印机，请稍候', 'The receipt is on its way to the printer — please wait');
  }
  if (s.receipt?.status === 'failed' && withheld !== 'declined') {
    throw refuse('RECEIPT_FAILED', '回单未能进入打印队列 — 请点「重新打印回单」；客户不要纸质回单时请选择「客户不要纸质回单」', 'The receipt could not be queued — press "Print the receipt again", or record that the customer declined paper');
  }
  const printed = t.ctx.receiptJob?.state === 'printed';
  if (cmd.receiptInFolder && !printed) {
    throw refuse(
      'RECEIPT_NOT_PRINTED',
      '回单还没有打印出来，不能勾选「回单已放入封套」— 请等打印完成，或记录原因：稍后补打／客户不要纸质回单',
      'The receipt has not printed yet, so it cannot be in the folder — wait for it, or record why: print later / customer declined paper',
      { jobState: t.ctx.receiptJob?.state ?? null },
    );
  }
  if (withheld === 'print_later' && printed) {
    throw refuse('RECEIPT_PRINTED', '回单已经打印出来了 — 请放入封套交给客户', 'The receipt has printed — put it in the folder for the customer');
  }
  const cardTaken = s.customer?.method === 'card' || s.customer?.method === 'manual';
  const missing: { zh: string; en: string }[] = [];
  if (cardTaken && !cmd.idCardReturned) missing.push({ zh: '证件已归还', en: 'ID card returned' });
  if (!cmd.documentsReturned) missing.push({ zh: '资料已归还', en: 'documents returned' });
  if (!cmd.receiptInFolder && withheld === null) missing.push({ zh: '回单已放入封套（或记录未放入的原因）', en: 'receipt in the folder (or why it is not)' });
  if (missing.length > 0) {
    throw refuse(
      'HANDOVER_INCOMPLETE',
      `资料凭证入封套：请确认 ${missing.map((m) => m.zh).join('、')}`,
      `Hand-over: please confirm ${missing.map((m) => m.en).join(', ')}`,
      { missing: missing.map((m) => m.en) },
    );
  }
  const inFolder = cmd.receiptInFolder && withheld === null;
  s.handover = { idCardReturned: cmd.idCardReturned, documentsReturned: true, receiptInFolder: inFolder, receiptWithheld: inFolder ? null : withheld, at: t.now };
  if (!inFolder) t.audit('journey.receipt_withheld', { reason: withheld, jobId: s.receipt?.jobId ?? null, jobState: t.ctx.receiptJob?.state ?? null });
};
