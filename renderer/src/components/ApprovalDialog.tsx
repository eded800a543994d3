/** A second person's credentials, typed at this counter: the core refuses the clerk's own. */
import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ApprovalValue {
  staffNo: string;
  secret: string;
  reasonCode?: string;
  reasonText?: string;
}

export function ApprovalDialog(props: {
  open: boolean;
  title: string;
  explanation: string;
  reasons?: { value: string; label: string }[];
  /** A required typed reason (the clock check, a recount, reopening): its label. */
  reasonField?: string;
  error?: string | null;
  /** Awaited: the OK button shows progress and cannot send the credentials twice. */
  onApprove(v: ApprovalValue): void | Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ApprovalValue>();
  const [busy, setBusy] = useState(false);
  // OK and Enter in any field: the form says what is missing beside each field, never throws.
  const submit = async () => {
    let v: ApprovalValue;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (busy) return;
    setBusy(true);
    try {
      await props.onApprove(v);
    } catch {
      // The caller shows its own refusal (props.error); nothing may escape as an uncaught error.
    } finally {
      setBusy(false);
    }
  };
  const onEnter = (e: React.KeyboardEvent) => {
    e.preventDefault();
    void submit();
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={t('approval.approve')}
      cancelText={t('approval.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ ...({ 'data-testid': 'approval-ok' } as object) }}
      onOk={() => void submit()}
      onCancel={props.onCancel}
    >
      <Typography.Paragraph>{props.explanation}</Typography.Paragraph>
      <Form form={form} layout="vertical" autoComplete="off" data-testid="approval-dialog">
        {props.reasons && (
          <Form.Item name="reasonCode" label={t('approval.reason')} rules={[{ required: true, message: t('approval.reasonRequired') }]}>
            <Select autoFocus options={props.reasons} data-testid="approval-reason" />
          </Form.Item>
        )}
        {props.reasons && (
          <Form.Item name="reasonText" label={t('approval.reasonText')}>
            <Input onPressEnter={onEnter} />
          </Form.Item>
        )}
        {props.reasonField && (
          <Form.Item name="reasonText" label={props.reasonField} rules={[{ required: true, min: 2, max: 200 }]}>
            <Input autoFocus onPressEnter={onEnter} data-testid="approval-reason-text" />
          </Form.Item>
        )}
        <Form.Item name="staffNo" label={t('approval.staffNo')} rules={[{ required: true, whitespace: true, message: t('approval.staffNoRequired') }]}>
          <Input autoFocus={!props.reasons && !props.reasonField} onPressEnter={onEnter} data-testid="approval-staffno" />
        </Form.Item>
        <Form.Item name="secret" label={t('approval.secret')} rules={[{ required: true, message: t('approval.secretRequired') }]}>
          <Input.Password onPressEnter={onEnter} data-testid="approval-secret" />
        </Form.Item>
      </Form>
      {props.error && <Alert type="error" showIcon title={props.error} data-testid="approval-error" />}
    </Modal>
  );
}
