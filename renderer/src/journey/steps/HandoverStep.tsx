import { Alert, Button, Checkbox, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errText } from '../../i18n';
import type { StepProps } from './types';

/** ⑧ The receipt prints through the queue; the clerk ticks that everything went back in the folder. */
export function HandoverStep({ journey, act, busy }: StepProps) {
  const { t } = useTranslation();
  const needsCard = journey.handoverNeedsIdCard;
  const [ticks, setTicks] = useState({ idCardReturned: !needsCard, documentsReturned: false, receiptInFolder: false });
  const all = ticks.idCardReturned && ticks.documentsReturned && ticks.receiptInFolder;
  const r = journey.receipt;
  // Enter = "everything is back in the folder": the three items read as one checklist.
  const allBack = () => void act({ type: 'handOver', idCardReturned: true, documentsReturned: true, receiptInFolder: true });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.target instanceof HTMLButtonElement || r?.status !== 'queued') return;
      e.preventDefault();
      allBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  return (
    <div data-testid="handover-step">
      {r?.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={r.error ? errText(r.error) : t('j.receiptFailed')}
          action={<Button onClick={() => void act({ type: 'retryReceipt' })}>{t('j.retry')}</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      {r?.status === 'queued' && <Alert type="success" showIcon title={t('j.receiptQueued')} style={{ marginBottom: 12 }} data-testid="receipt-queued" />}
      <Space orientation="vertical" size="middle">
        {needsCard && (
          <Checkbox className="big-choice" checked={ticks.idCardReturned} onChange={(e) => setTicks({ ...ticks, idCardReturned: e.target.checked })} data-testid="handover-idcard">
            {t('j.idCardReturned')}
          </Checkbox>
        )}
        <Checkbox className="big-choice" checked={ticks.documentsReturned} onChange={(e) => setTicks({ ...ticks, documentsReturned: e.target.checked })} data-testid="handover-documents">
          {t('j.documentsReturned')}
        </Checkbox>
        <Checkbox className="big-choice" checked={ticks.receiptInFolder} onChange={(e) => setTicks({ ...ticks, receiptInFolder: e.target.checked })} data-testid="handover-receipt">
          {t('j.receiptInFolder')}
        </Checkbox>
      </Space>
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" size="large" loading={busy} disabled={r?.status !== 'queued'} onClick={allBack} data-testid="handover-all">
          {t('j.allReturned')}
        </Button>
        <Button size="large" disabled={!all} loading={busy} onClick={() => void act({ type: 'handOver', ...ticks })} data-testid="handover-submit">
          {t('j.next')}
        </Button>
      </Space>
    </div>
  );
}
