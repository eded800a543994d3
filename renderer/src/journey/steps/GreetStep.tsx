import { Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

/** ① The customer arrives: the queue ticket is optional. Enter greets. */
export function GreetStep({ act, busy }: StepProps) {
  const { t } = useTranslation();
  return (
    <Form className="step-form" layout="vertical" onFinish={(v: { ticket?: string }) => void act({ type: 'greet', ticket: v.ticket?.trim() ? v.ticket.trim().toUpperCase() : null })}>
      <StepLayout
        actions={
          <Button type="primary" htmlType="submit" size="large" loading={busy} className="primary-action" data-testid="greet-submit">
            {t('j.greet')}
          </Button>
        }
      >
        <Typography.Paragraph className="step-question">{t('j.greetQuestion')}</Typography.Paragraph>
        <Form.Item name="ticket" label={t('j.ticket')} extra={t('j.ticketHint')} rules={[{ pattern: /^[A-Za-z]?\d{1,4}$/, message: t('j.ticketRule') }]}>
          <Input autoFocus placeholder="A023" data-testid="greet-ticket" style={{ width: 200 }} />
        </Form.Item>
      </StepLayout>
    </Form>
  );
}
