import { Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StepProps } from './types';

/** ① The customer arrives: the queue ticket is optional. Enter greets. */
export function GreetStep({ act, busy }: StepProps) {
  const { t } = useTranslation();
  return (
    <Form layout="inline" onFinish={(v: { ticket?: string }) => void act({ type: 'greet', ticket: v.ticket?.trim() ? v.ticket.trim().toUpperCase() : null })}>
      <Space>
        <Form.Item name="ticket" label={t('j.ticket')} rules={[{ pattern: /^[A-Za-z]?\d{1,4}$/, message: t('j.ticketRule') }]}>
          <Input autoFocus placeholder="A023" data-testid="greet-ticket" style={{ width: 160 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" loading={busy} data-testid="greet-submit">
          {t('j.greet')}
        </Button>
      </Space>
    </Form>
  );
}
