import { Alert, Button, Form, Input, Radio, Space, Statistic } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseYuan, yuan } from '../../format';
import { errText } from '../../i18n';
import { TENDERS, type Tender } from '../../../../base/contract/tenders';
import type { StepProps } from './types';

/** ⑥ Cash: the amount tendered and the change, computed as the clerk types. Or a non-cash reference. */
export function PaymentStep({ journey, act, busy }: StepProps) {
  const { t } = useTranslation();
  const [tender, setTender] = useState<Tender>('cash');
  const [tendered, setTendered] = useState('');
  const due = journey.dueFen;
  const tenderedFen = parseYuan(tendered);
  const change = tenderedFen !== null ? tenderedFen - due : null;

  if (due < 0) {
    return (
      <div data-testid="payment-step">
        <Statistic title={t('j.payOut')} value={yuan(-due)} />
        <Button type="primary" size="large" loading={busy} onClick={() => void act({ type: 'payOut' })} data-testid="payout-submit" style={{ marginTop: 16 }}>
          {t('j.payOutConfirm')}
        </Button>
      </div>
    );
  }
  return (
    <div data-testid="payment-step">
      {journey.payment?.status === 'failed' && journey.payment.error && <Alert type="error" showIcon title={errText(journey.payment.error)} style={{ marginBottom: 12 }} />}
      <Statistic title={t('j.due')} value={yuan(due)} />
      <Radio.Group
        value={tender}
        onChange={(e) => setTender(e.target.value as Tender)}
        optionType="button"
        buttonStyle="solid"
        size="large"
        style={{ margin: '16px 0' }}
        options={TENDERS.map((x) => ({ value: x, label: t(`j.tenders.${x}`) }))}
      />
      {tender === 'cash' ? (
        <Form layout="inline" onFinish={() => tenderedFen !== null && void act({ type: 'payCash', tenderedFen })}>
          <Space align="start">
            <Form.Item label={t('j.tendered')}>
              <Input autoFocus prefix="￥" value={tendered} onChange={(e) => setTendered(e.target.value)} className="amount" style={{ width: 180 }} data-testid="pay-tendered" />
            </Form.Item>
            <Statistic title={t('j.change')} value={change !== null && change >= 0 ? yuan(change) : '—'} data-testid="pay-change" />
            <Button type="primary" htmlType="submit" size="large" loading={busy} disabled={change === null || change < 0} data-testid="pay-submit">
              {t('j.takeCash')}
            </Button>
          </Space>
        </Form>
      ) : (
        <Form layout="inline" onFinish={(v: { reference: string }) => void act({ type: 'payNonCash', tender, reference: v.reference.trim() })}>
          <Form.Item name="reference" label={t('j.reference')} rules={[{ required: true, pattern: /^[0-9A-Za-z]{6,64}$/, message: t('j.referenceRule') }]}>
            <Input autoFocus style={{ width: 260 }} data-testid="pay-reference" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="pay-submit">
            {t('j.confirmPaid')}
          </Button>
        </Form>
      )}
    </div>
  );
}
