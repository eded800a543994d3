/** Sign-in (keyboard first: staff number, Tab, PIN, Enter) and the guided first start. */
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorOf, invoke } from '../client/client';
import { hasCode } from '../../../base/contract/errors';
import { TakeOverButton } from '../till/TakeOver';
import { errText } from '../i18n';
import { useSession } from '../state/SessionContext';

export function SignInPage() {
  const { t } = useTranslation();
  const { signedIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  // The counter is signed in by somebody absent: a duty manager may take it over instead of waiting.
  const [busyCounter, setBusyCounter] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ staffNo: string; secret: string }>();
  const submit = async (v: { staffNo: string; secret: string }) => {
    setBusy(true);
    setError(null);
    try {
      signedIn(await invoke('staff.signIn', { staffNo: v.staffNo.trim(), secret: v.secret }));
    } catch (e) {
      setBusyCounter(hasCode(errorOf(e), 'COUNTER_BUSY'));
      setError(errText(e));
      form.setFieldValue('secret', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="center-screen" data-testid="signin-page">
      <Card title={t('signin.title')} style={{ width: 420 }}>
        <Form form={form} layout="vertical" onFinish={submit} autoComplete="off">
          <Form.Item name="staffNo" label={t('signin.staffNo')} rules={[{ required: true, message: t('signin.staffNoRequired') }]}>
            <Input autoFocus inputMode="numeric" data-testid="signin-staffno" />
          </Form.Item>
          <Form.Item name="secret" label={t('signin.secret')} rules={[{ required: true, message: t('signin.secretRequired') }]}>
            <Input.Password data-testid="signin-secret" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="signin-error" />}
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="signin-submit">
            {t('signin.submit')}
          </Button>
        </Form>
        {busyCounter && (
          <div style={{ marginTop: 12 }}>
            <TakeOverButton block staffNo={form.getFieldValue('staffNo') as string | undefined} onDone={signedIn} />
          </div>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {t('signin.hint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

export function SetupPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { staffNo: string; name: string; password: string }) => {
    setError(null);
    try {
      await invoke('staff.createFirstAdmin', { staffNo: v.staffNo.trim(), name: v.name.trim(), password: v.password });
      await refresh();
    } catch (e) {
      setError(errText(e));
    }
  };
  return (
    <div className="center-screen" data-testid="setup-page">
      <Card title={t('setup.title')} style={{ width: 600 }}>
        <Typography.Paragraph>{t('setup.intro')}</Typography.Paragraph>
        {/* Two fields a row: the whole form and its button fit a 720-pixel-high screen. */}
        <Form layout="vertical" onFinish={submit} autoComplete="off" className="form-grid">
          <Form.Item name="staffNo" label={t('signin.staffNo')} rules={[{ required: true }]}>
            <Input autoFocus data-testid="setup-staffno" />
          </Form.Item>
          <Form.Item name="name" label={t('setup.name')} rules={[{ required: true }]}>
            <Input data-testid="setup-name" />
          </Form.Item>
          <Form.Item name="password" label={t('setup.password')} rules={[{ required: true, min: 8, message: t('setup.passwordRule') }]}>
            <Input.Password data-testid="setup-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('setup.confirm')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('setup.confirmRule') },
              ({ getFieldValue }) => ({
                validator: (_r, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('setup.mismatch')))),
              }),
            ]}
          >
            <Input.Password data-testid="setup-confirm" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} className="span-2" />}
          <Button type="primary" htmlType="submit" block size="large" data-testid="setup-submit" className="span-2">
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
