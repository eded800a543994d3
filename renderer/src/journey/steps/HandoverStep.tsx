import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Radio, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ReceiptWithheld } from '../../../../base/contract/journey';
import { on } from '../../client/client';
import { typingIn, useKeys } from '../../components/useKeys';
import { hhmm } from '../../format';
import { errText } from '../../i18n';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

type PrintState = 'pending' | 'queued' | 'printing' | 'printed' | 'failed' | 'not_queued';

/**
 * ⑧ The receipt's print job, followed live (queued, printing, printed, failed with the reason),
 * and the folder: the card, the documents, and the receipt — ticked only once it printed. When
 * the printer cannot print it now, the clerk records why: it prints later from the queue under
 * the customer's ticket, or the customer declined paper. Enter hands everything over.
 */
export function HandoverStep({ journey, act, busy, reload }: StepProps) {
  const { t } = useTranslation();
  const needsCard = journey.handoverNeedsIdCard;
  const r = journey.receipt;
  const state: PrintState = !r ? 'pending' : r.status === 'failed' ? 'not_queued' : r.status === 'pending' ? 'pending' : (r.job?.state ?? 'queued');
  const printed = state === 'printed';
  const [withheld, setWithheld] = useState<ReceiptWithheld | null>(null);
  const [ticks, setTicks] = useState({ idCardReturned: false, documentsReturned: false });
  const [problem, setProblem] = useState<string | null>(null);

  // The queue's events move the job on: fetch the journey again until the receipt has printed —
  // once right after listening, too, for a job that moved on before this step was on screen.
  useEffect(() => {
    if (printed) return;
    const off = on('print.changed', () => void reload());
    void reload();
    return off;
  }, [printed, reload]);
  useEffect(() => {
    if (printed && withheld === 'print_later') setWithheld(null);
  }, [printed, withheld]);

  const ready = printed || withheld !== null;
  const handOver = () => {
    if (!ready) {
      setProblem(t('j.receiptNotYet'));
      return;
    }
    setProblem(null);
    void act({
      type: 'handOver',
      idCardReturned: needsCard,
      documentsReturned: true,
      receiptInFolder: withheld === null,
      ...(withheld ? { receiptWithheld: withheld } : {}),
    });
  };
  const choose = (w: ReceiptWithheld) => {
    if (w === 'print_later' && printed) return;
    setProblem(null);
    setWithheld((cur) => (cur === w ? null : w));
  };
  useKeys((e) => {
    if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      handOver();
    } else if (!typingIn(e) && !printed && (e.key === '1' || e.key === '2')) {
      e.preventDefault();
      flushSync(() => choose(e.key === '1' ? 'print_later' : 'declined'));
    } else if (!typingIn(e) && printed && e.key === '2') {
      e.preventDefault();
      flushSync(() => choose('declined'));
    }
  });

  return (
    <StepLayout
      testId="handover-step"
      actions={
        <>
          <Button type="primary" size="large" loading={busy} disabled={!ready} onClick={handOver} className="primary-action" data-testid="handover-all">
            {withheld === null ? t('j.allReturned') : t('j.returnedWithout')}
          </Button>
          {problem && <Typography.Text type="danger" data-testid="handover-problem">{problem}</Typography.Text>}
        </>
      }
    >
      <ReceiptStatus state={state} reason={r?.job?.reason ? errText(r.job.reason) : r?.error ? errText(r.error) : null} printedAt={r?.job?.printedAt ?? null} onRetry={() => void act({ type: 'retryReceipt' })} busy={busy} />
      <div className="handover-grid">
        <div className="handover-checklist">
          {needsCard && (
            <Checkbox className="big-choice" checked={ticks.idCardReturned} onChange={(e) => setTicks({ ...ticks, idCardReturned: e.target.checked })} data-testid="handover-idcard">
              {t('j.idCardReturned')}
            </Checkbox>
          )}
          <Checkbox className="big-choice" checked={ticks.documentsReturned} onChange={(e) => setTicks({ ...ticks, documentsReturned: e.target.checked })} data-testid="handover-documents">
            {t('j.documentsReturned')}
          </Checkbox>
          <Checkbox className="big-choice" checked={printed && withheld === null} disabled data-testid="handover-receipt">
            {t('j.receiptInFolder')}
            {!printed && withheld === null && <Typography.Text type="secondary" className="choice-note"> {t('j.receiptWhenPrinted')}</Typography.Text>}
          </Checkbox>
        </div>
        <div className="handover-withheld">
          <Typography.Text type="secondary">{printed ? t('j.receiptDeclinedQ') : t('j.receiptCannotQ')}</Typography.Text>
          <Radio.Group value={withheld} className="withheld-choice" data-testid="handover-withheld">
            {!printed && (
              <Radio.Button value="print_later" onClick={() => choose('print_later')} data-testid="withheld-print_later">
                1 {t('j.printLater')}
              </Radio.Button>
            )}
            <Radio.Button value="declined" onClick={() => choose('declined')} data-testid="withheld-declined">
              2 {t('j.declinedPaper')}
            </Radio.Button>
          </Radio.Group>
          {withheld === 'print_later' && (
            <Alert type="info" showIcon className="say-to-customer" data-testid="say-print-later" title={journey.ticket ? t('j.sayPrintLaterTicket', { ticket: journey.ticket }) : t('j.sayPrintLater')} />
          )}
        </div>
      </div>
    </StepLayout>
  );
}

function ReceiptStatus(p: { state: PrintState; reason: string | null; printedAt: number | null; onRetry(): void; busy: boolean }) {
  const { t } = useTranslation();
  const icon = {
    pending: <LoadingOutlined />,
    queued: <ClockCircleOutlined />,
    printing: <LoadingOutlined />,
    printed: <CheckCircleFilled />,
    failed: <CloseCircleFilled />,
    not_queued: <CloseCircleFilled />,
  }[p.state];
  const type = p.state === 'printed' ? 'success' : p.state === 'failed' || p.state === 'not_queued' ? 'error' : p.reason ? 'warning' : 'info';
  const title = p.state === 'printed' ? t('j.receiptPrinted', { at: hhmm(p.printedAt) }) : t(`j.receiptState.${p.state}`);
  return (
    <Alert
      type={type}
      showIcon
      icon={icon}
      className="receipt-status"
      data-testid="receipt-status"
      data-state={p.state}
      title={title}
      description={p.state !== 'printed' && p.reason ? <span data-testid="receipt-reason">{p.reason}</span> : undefined}
      action={
        p.state === 'failed' || p.state === 'not_queued' ? (
          <Button onClick={p.onRetry} loading={p.busy} data-testid="receipt-retry">
            {t('j.retryReceipt')}
          </Button>
        ) : undefined
      }
    />
  );
}
