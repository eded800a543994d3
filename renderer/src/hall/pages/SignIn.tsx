/** The hall page's doors: first-start setup (the admin token), sign-in, and the lock screen. Keyboard first. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../client';
import { useHallSession } from '../HallSession';
import { errText } from '../i18n';

export function HallSignIn() {
  const { t } = useTranslation();
  const { adopt } = useHallSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ staffNo: string; secret: string }>();
  const submit = async (v: { staffNo: string; secret: string }) => {
    setBusy(true);
    setError(null);
    try {
      adopt(await call('session.signIn', { staffNo: v.staffNo.trim(), secret: v.secret }));
    } catch (e) {
      setError(errText(e));
      form.setFieldValue('secret', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="hall-door" data-testid="hall-signin">
      <Card title={t('signin.title')} style={{ width: 420 }}>
        <Form form={form} layout="vertical" onFinish={submit} autoComplete="off">
          <Form.Item name="staffNo" label={t('signin.staffNo')} rules={[{ required: true, message: t('signin.required') }]}>
            <Input autoFocus data-testid="hall-signin-staffno" />
          </Form.Item>
          <Form.Item name="secret" label={t('signin.password')} rules={[{ required: true, message: t('signin.required') }]}>
            <Input.Password data-testid="hall-signin-secret" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="hall-signin-error" />}
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="hall-signin-submit">
            {t('signin.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('signin.hint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

export function HallSetup() {
  const { t } = useTranslation();
  const { adopt } = useHallSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { setupToken: string; staffNo: string; name: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      adopt(await call('session.setup', { setupToken: v.setupToken.trim(), staffNo: v.staffNo.trim(), name: v.name.trim(), password: v.password }));
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="hall-door" data-testid="hall-setup">
      <Card title={t('setup.title')} style={{ width: 520 }}>
        <Typography.Paragraph>{t('setup.intro')}</Typography.Paragraph>
        <Form layout="vertical" onFinish={submit} autoComplete="off">
          <Form.Item name="setupToken" label={t('setup.token')} rules={[{ required: true }]}>
            <Input.Password autoFocus data-testid="hall-setup-token" />
          </Form.Item>
          <Form.Item name="staffNo" label={t('signin.staffNo')} rules={[{ required: true }]}>
            <Input data-testid="hall-setup-staffno" />
          </Form.Item>
          <Form.Item name="name" label={t('setup.name')} rules={[{ required: true }]}>
            <Input data-testid="hall-setup-name" />
          </Form.Item>
          <Form.Item name="password" label={t('setup.password')} rules={[{ required: true, min: 8 }]}>
            <Input.Password data-testid="hall-setup-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('setup.confirm')}
            dependencies={['password']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_r, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('setup.mismatch')))),
              }),
            ]}
          >
            <Input.Password data-testid="hall-setup-confirm" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="hall-setup-error" />}
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="hall-setup-submit">
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

export function HallLockScreen() {
  const { t } = useTranslation();
  const { session, adopt, signOut } = useHallSession();
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ secret: string }>();
  if (!session) return null;
  const submit = async (v: { secret: string }) => {
    setError(null);
    try {
      adopt(await call('session.unlock', { secret: v.secret }));
    } catch (e) {
      setError(errText(e));
      form.setFieldValue('secret', '');
    }
  };
  return (
    <div className="hall-door" data-testid="hall-locked">
      <Card title={t('lock.title')} style={{ width: 420 }}>
        <Typography.Paragraph strong>{t('lock.who', { no: session.staffNo, name: session.name, role: t(`roles.${session.role}`) })}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} autoComplete="off">
          <Form.Item name="secret" label={t('lock.password')} rules={[{ required: true }]}>
            <Input.Password autoFocus data-testid="hall-unlock-secret" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="hall-unlock-error" />}
          <Button type="primary" htmlType="submit" block data-testid="hall-unlock-submit">
            {t('lock.unlock')}
          </Button>
          <Button type="link" block onClick={() => void signOut()} style={{ marginTop: 8 }}>
            {t('lock.other')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
