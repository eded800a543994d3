/** The locked screen: the open journey stays as it was; the clerk (or a duty manager) unlocks. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../client/client';
import { errText } from '../i18n';
import { useSession } from '../state/SessionContext';
import { TakeOverButton } from '../till/TakeOver';

export function LockScreen() {
  const { t } = useTranslation();
  const { session, unlocked } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ staffNo: string; secret: string }>();
  if (!session) return null;
  const submit = async (v: { staffNo: string; secret: string }) => {
    setError(null);
    try {
      unlocked(await invoke('staff.unlock', { staffNo: (v.staffNo || session.staffNo).trim(), secret: v.secret }));
    } catch (e) {
      setError(errText(e));
      form.setFieldValue('secret', '');
    }
  };
  return (
    <div className="center-screen" data-testid="lock-screen">
      <Card title={t('lock.title')} style={{ width: 420 }}>
        <Typography.Paragraph>{t('lock.who', { no: session.staffNo, name: session.name })}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ staffNo: session.staffNo }} autoComplete="off">
          <Form.Item name="staffNo" label={t('signin.staffNo')}>
            <Input data-testid="unlock-staffno" />
          </Form.Item>
          <Form.Item name="secret" label={t('signin.secret')} rules={[{ required: true, message: t('signin.secretRequired') }]}>
            <Input.Password autoFocus data-testid="unlock-secret" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="unlock-error" />}
          <Button type="primary" htmlType="submit" block size="large" data-testid="unlock-submit">
            {t('lock.unlock')}
          </Button>
        </Form>
        <div style={{ marginTop: 12 }}>
          <TakeOverButton block onDone={unlocked} />
        </div>
      </Card>
    </div>
  );
}
