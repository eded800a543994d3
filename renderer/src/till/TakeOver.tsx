/**
 * The duty manager takes over the counter of an absent clerk (staff.takeOver): their own staff
 * number and password and a reason. The clerk's sign-in ends; the manager is signed in here and
 * may act on her till, both names on every record. Offered on the sign-in screen when the counter
 * is busy, on the lock screen, and in the till panel of a till that is not the manager's.
 */
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../base/contract/staff';
import { invoke } from '../client/client';
import { errText } from '../i18n';

export function TakeOverButton(props: { staffNo?: string; onDone(s: SessionInfo): void; block?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button block={props.block ?? false} onClick={() => setOpen(true)} data-testid="takeover-open">
        {t('till.takeOver')}
      </Button>
      <TakeOverDialog open={open} staffNo={props.staffNo} onCancel={() => setOpen(false)} onDone={(s) => { setOpen(false); props.onDone(s); }} />
    </>
  );
}

export function TakeOverDialog(props: { open: boolean; staffNo?: string | undefined; onCancel(): void; onDone(s: SessionInfo): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ staffNo: string; secret: string; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let v: { staffNo: string; secret: string; reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is missing beside each field
    }
    setBusy(true);
    setError(null);
    try {
      props.onDone(await invoke('staff.takeOver', { staffNo: v.staffNo.trim(), secret: v.secret, reason: v.reason.trim() }));
      form.resetFields();
    } catch (e) {
      setError(errText(e));
      form.setFieldValue('secret', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={props.open} title={t('till.takeOverTitle')} okText={t('till.takeOver')} cancelText={t('approval.cancel')} confirmLoading={busy}
      onOk={() => void submit()} onCancel={props.onCancel} destroyOnHidden okButtonProps={{ ...({ 'data-testid': 'takeover-ok' } as object) }}>
      <Typography.Paragraph>{t('till.takeOverHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" autoComplete="off" initialValues={{ staffNo: props.staffNo ?? '' }} onFinish={() => void submit()}>
        <Form.Item name="staffNo" label={t('approval.staffNo')} rules={[{ required: true }]}>
          <Input autoFocus={!props.staffNo} data-testid="takeover-staffno" />
        </Form.Item>
        <Form.Item name="secret" label={t('approval.secret')} rules={[{ required: true }]}>
          <Input.Password autoFocus={!!props.staffNo} data-testid="takeover-secret" />
        </Form.Item>
        <Form.Item name="reason" label={t('till.takeOverReason')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input data-testid="takeover-reason" onPressEnter={() => void submit()} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="takeover-error" />}
    </Modal>
  );
}
