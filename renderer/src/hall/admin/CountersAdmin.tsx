/**
 * Registering counters: a number (and a label) gives a one-time enrolment code, shown once with
 * the hall's certificate fingerprint, to type on that counter's device page. Registering an
 * enrolled counter again gives a new code for a replacement PC. Revoking refuses its key.
 */
import { Alert, Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounterBoardRow, HallMethodOutput } from '../../../../base/contract/hallPage';
import { call } from '../client';
import { dateTime } from '../format';
import { errText } from '../i18n';
import { useBoard } from '../pages/CountersBoard';

type Registered = HallMethodOutput<'counters.register'>;

/** The fingerprint in groups of four, as read out over the phone. */
function groups(hex: string): string {
  return hex.match(/.{1,4}/g)?.join(' ') ?? hex;
}

export function CountersAdmin() {
  const { t } = useTranslation();
  const { rows } = useBoard();
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<Registered | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ number: number; label?: string; validHours: number }>();
  const register = async (v: { number: number; label?: string; validHours: number }) => {
    setBusy(true);
    setError(null);
    try {
      setShown(await call('counters.register', { number: v.number, ...(v.label ? { label: v.label } : {}), validHours: v.validHours }));
      form.resetFields();
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (n: number) => {
    try {
      await call('counters.revoke', { number: n });
      setError(null);
    } catch (e) {
      setError(errText(e));
    }
  };
  return (
    <div data-testid="hall-admin-counters">
      <Form form={form} layout="inline" initialValues={{ validHours: 24 }} onFinish={register} autoComplete="off" style={{ marginBottom: 12 }}>
        <Form.Item name="number" label={t('counters.number')} rules={[{ required: true }]}>
          <InputNumber min={1} max={999} precision={0} style={{ width: 90 }} data-testid="hall-register-number" />
        </Form.Item>
        <Form.Item name="label" label={t('counters.label')}>
          <Input maxLength={40} style={{ width: 180 }} data-testid="hall-register-label" />
        </Form.Item>
        <Form.Item name="validHours" label={t('counters.validHours')}>
          <InputNumber min={1} max={336} precision={0} style={{ width: 80 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="hall-register-submit">
          {t('counters.submit')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 8 }} data-testid="hall-register-error" />}
      <Table<CounterBoardRow>
        size="small"
        rowKey="number"
        dataSource={rows ?? []}
        loading={rows === null}
        pagination={false}
        columns={[
          { title: t('counters.number'), dataIndex: 'number', width: 90 },
          { title: t('counters.label'), dataIndex: 'label' },
          { title: t('board.status'), render: (_v, r) => <Tag color={r.status === 'active' ? 'green' : r.status === 'pending' ? 'blue' : 'red'}>{t(`counterStatus.${r.status}`)}</Tag> },
          { title: t('counters.enrolledAt'), render: (_v, r) => dateTime(r.enrolledAt) },
          { title: t('counters.expires'), render: (_v, r) => (r.status === 'pending' || r.codeExpiresAt ? dateTime(r.codeExpiresAt) : '') },
          {
            title: '',
            render: (_v, r) =>
              r.status !== 'revoked' && (
                <Popconfirm title={t('counters.revokeConfirm', { n: r.number })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => revoke(r.number)}>
                  <Button size="small" danger data-testid={`hall-revoke-${r.number}`}>
                    {t('counters.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={shown !== null}
        title={shown ? t('counters.codeTitle', { n: shown.number }) : ''}
        onCancel={() => setShown(null)}
        footer={<Button type="primary" autoFocus onClick={() => setShown(null)}>{t('counters.close')}</Button>}
        destroyOnHidden
      >
        {shown && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="hall-register-result">
            <div>
              <Typography.Text type="secondary">{t('counters.code')}</Typography.Text>
              <div className="hall-code" data-testid="hall-register-code">{shown.code}</div>
            </div>
            <div>
              <Typography.Text type="secondary">{t('counters.expires')}</Typography.Text> {dateTime(shown.expiresAt)}
            </div>
            <div>
              <Typography.Text type="secondary">{t('counters.fingerprint')}</Typography.Text>
              <div className="hall-fingerprint" data-testid="hall-register-fingerprint">{groups(shown.fingerprint)}</div>
            </div>
            <Alert type="info" showIcon title={t('counters.codeHint')} />
          </Space>
        )}
      </Modal>
    </div>
  );
}
