import { Alert, Button, Form, Input, Radio, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { parseYuan, yuan } from '../../format';
import { errText } from '../../i18n';
import { TENDERS, type Tender } from '../../../../base/contract/tenders';
import { typingIn, useKeys } from '../../components/useKeys';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

/**
 * ⑥ How does the customer pay? Keys 1 cash · 2 WeChat · 3 Alipay · 4 UnionPay (Enter: cash),
 * then the amount tendered with the change computed as the clerk types, or the payment's
 * reference. A pay-out (a closed account's balance) is one confirmation.
 */
export function PaymentStep({ journey, act, busy }: StepProps) {
  const { t } = useTranslation();
  const due = journey.dueFen;
  const [tender, setTender] = useState<Tender | null>(null);
  useKeys((e) => {
    if (typingIn(e) || e.ctrlKey || e.altKey || e.metaKey || due < 0) return;
    const n = Number(e.key);
    const chosen = n >= 1 && n <= TENDERS.length ? TENDERS[n - 1]! : e.key === 'Enter' && tender === null ? 'cash' : null;
    if (!chosen) return;
    e.preventDefault();
    // Drawn and focused at once, so the clerk's very next key lands in the amount (or reference) field.
    flushSync(() => setTender(chosen));
    document.getElementById(chosen === 'cash' ? 'tendered' : 'reference')?.focus();
  });
  useKeys((e) => {
    if (due < 0 && e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      void act({ type: 'payOut' });
    }
  });

  if (due < 0) {
    return (
      <StepLayout
        testId="payment-step"
        actions={
          <Button type="primary" size="large" loading={busy} onClick={() => void act({ type: 'payOut' })} className="primary-action" data-testid="payout-submit">
            {t('j.payOutConfirm')}
          </Button>
        }
      >
        <Statistic title={t('j.payOut')} value={yuan(-due)} className="due-figure" />
      </StepLayout>
    );
  }
  const failed = journey.payment?.status === 'failed' && journey.payment.error ? errText(journey.payment.error) : null;
  const chooser = (
    <div className="tender-choice">
      <Typography.Text className="step-question">{t('j.howPay')}</Typography.Text>
      <Radio.Group
        value={tender}
        onChange={(e) => setTender(e.target.value as Tender)}
        optionType="button"
        buttonStyle="solid"
        size="large"
        data-testid="pay-tender"
        options={TENDERS.map((x, i) => ({ value: x, label: `${i + 1} ${t(`j.tenders.${x}`)}` }))}
      />
    </div>
  );
  return (
    <div className="step-form" data-testid="payment-step" data-tender={tender ?? ''}>
      {tender === null ? (
        <StepLayout
          actions={
            <Button type="primary" size="large" onClick={() => setTender('cash')} className="primary-action" data-testid="pay-choose">
              {t('j.chooseTender')}
            </Button>
          }
        >
          {failed && <Alert type="error" showIcon title={failed} style={{ marginBottom: 8 }} />}
          <Statistic title={t('j.due')} value={yuan(due)} className="due-figure" />
          {chooser}
        </StepLayout>
      ) : tender === 'cash' ? (
        <CashForm due={due} busy={busy} failed={failed} chooser={chooser} onPay={(tenderedFen) => void act({ type: 'payCash', tenderedFen })} />
      ) : (
        <ReferenceForm key={tender} busy={busy} failed={failed} chooser={chooser} due={due} onPay={(reference) => void act({ type: 'payNonCash', tender, reference })} />
      )}
    </div>
  );
}

function CashForm({ due, busy, failed, chooser, onPay }: { due: number; busy: boolean; failed: string | null; chooser: React.ReactNode; onPay(fen: number): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ tendered: string }>();
  const tendered = Form.useWatch('tendered', form) ?? '';
  const tenderedFen = parseYuan(tendered);
  const change = tenderedFen !== null ? tenderedFen - due : null;
  return (
    <Form form={form} className="step-form" layout="vertical" onFinish={(v) => onPay(parseYuan(v.tendered) ?? 0)}>
      <StepLayout
        actions={
          <Button type="primary" htmlType="submit" size="large" loading={busy} className="primary-action" data-testid="pay-submit">
            {t('j.takeCash')}
          </Button>
        }
      >
        {failed && <Alert type="error" showIcon title={failed} style={{ marginBottom: 8 }} />}
        <Statistic title={t('j.due')} value={yuan(due)} className="due-figure" />
        {chooser}
        <div className="cash-row">
          <Form.Item
            name="tendered"
            label={t('j.tendered')}
            rules={[
              { required: true, message: t('j.tenderedRequired') },
              {
                validator: (_r, v) => {
                  const fen = parseYuan(String(v ?? ''));
                  if (fen === null) return Promise.reject(new Error(t('j.badAmount')));
                  if (fen < due) return Promise.reject(new Error(t('j.tenderedShort', { due: yuan(due) })));
                  return Promise.resolve();
                },
              },
            ]}
          >
            <Input autoFocus prefix="￥" className="amount" style={{ width: 200 }} data-testid="pay-tendered" />
          </Form.Item>
          <Statistic title={t('j.change')} value={change !== null && change >= 0 ? yuan(change) : '—'} data-testid="pay-change" className="change-figure" />
        </div>
      </StepLayout>
    </Form>
  );
}

function ReferenceForm({ due, busy, failed, chooser, onPay }: { due: number; busy: boolean; failed: string | null; chooser: React.ReactNode; onPay(reference: string): void }) {
  const { t } = useTranslation();
  return (
    <Form className="step-form" layout="vertical" onFinish={(v: { reference: string }) => onPay(v.reference.trim())}>
      <StepLayout
        actions={
          <Button type="primary" htmlType="submit" size="large" loading={busy} className="primary-action" data-testid="pay-submit">
            {t('j.confirmPaid')}
          </Button>
        }
      >
        {failed && <Alert type="error" showIcon title={failed} style={{ marginBottom: 8 }} />}
        <Statistic title={t('j.due')} value={yuan(due)} className="due-figure" />
        {chooser}
        <Form.Item
          name="reference"
          label={t('j.reference')}
          rules={[
            { required: true, message: t('j.referenceRequired') },
            { pattern: /^\s*[0-9A-Za-z]{6,64}\s*$/, message: t('j.referenceRule') },
          ]}
        >
          <Input autoFocus style={{ width: 320 }} data-testid="pay-reference" />
        </Form.Item>
      </StepLayout>
    </Form>
  );
}
