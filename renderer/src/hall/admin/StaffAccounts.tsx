/**
 * The hall's staff accounts — one password for a person at every counter of the hall: create,
 * reset the PIN/password, lock and unlock, change the role, deactivate (never delete). Every
 * change is a new staff version that reaches the counters at their next sync.
 */
import { Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffAccountView } from '../../../../base/contract/hallPage';
import { ROLES, type Role } from '../../../../base/contract/roles';
import { call } from '../client';
import { dateTime } from '../format';
import { useHallSession } from '../HallSession';
import { errText } from '../i18n';
import { ConfigHistory } from './ConfigHistory';

type Dialog = { kind: 'reset'; staffNo: string } | { kind: 'role'; account: StaffAccountView } | null;

export function StaffAccounts() {
  const { t } = useTranslation();
  const { events } = useHallSession();
  const [accounts, setAccounts] = useState<StaffAccountView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [form] = Form.useForm<{ staffNo: string; name: string; role: Role; secret: string }>();
  const load = useCallback(() => void call('staff.list', {}).then(setAccounts).catch((e: unknown) => setError(errText(e))), []);
  useEffect(load, [load]);
  useEffect(() => events.on('config.changed', (c) => c.kind === 'staff' && load()), [events, load]);
  const run = async (p: Promise<unknown>): Promise<boolean> => {
    try {
      await p;
      setError(null);
      load();
      return true;
    } catch (e) {
      setError(errText(e));
      return false;
    }
  };
  const inDialog = async (p: Promise<unknown>) => {
    try {
      await p;
      setDialog(null);
      setDialogError(null);
      load();
    } catch (e) {
      setDialogError(errText(e));
    }
  };
  const roles = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  return (
    <div data-testid="hall-admin-staff">
      <Form
        form={form}
        layout="inline"
        initialValues={{ role: 'clerk' }}
        autoComplete="off"
        onFinish={(v) => void run(call('staff.create', { ...v, staffNo: v.staffNo.trim(), name: v.name.trim() })).then((ok) => ok && form.resetFields())}
        style={{ marginBottom: 4 }}
      >
        <Form.Item name="staffNo" label={t('staff.staffNo')} rules={[{ required: true }]}>
          <Input style={{ width: 100 }} data-testid="hall-staff-new-no" />
        </Form.Item>
        <Form.Item name="name" label={t('staff.name')} rules={[{ required: true }]}>
          <Input style={{ width: 110 }} data-testid="hall-staff-new-name" />
        </Form.Item>
        <Form.Item name="role" label={t('staff.role')}>
          <Select options={roles} style={{ width: 120 }} data-testid="hall-staff-new-role" />
        </Form.Item>
        <Form.Item name="secret" label={t('staff.secret')} rules={[{ required: true, min: 4 }]}>
          <Input.Password style={{ width: 140 }} data-testid="hall-staff-new-secret" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="hall-staff-add">
          {t('staff.add')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('staff.secretHint')} · {t('staff.reaches')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 8 }} data-testid="hall-staff-error" />}
      <Table<StaffAccountView>
        size="small"
        rowKey="staffNo"
        dataSource={accounts ?? []}
        loading={accounts === null}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        onRow={(a) => ({ 'data-testid': `hall-staff-row-${a.staffNo}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('staff.staffNo'), dataIndex: 'staffNo' },
          { title: t('staff.name'), dataIndex: 'name' },
          { title: t('staff.role'), render: (_v, a) => t(`roles.${a.role}`) },
          {
            title: t('staff.status'),
            render: (_v, a) =>
              !a.active ? <Tag>{t('staff.inactive')}</Tag> : a.locked ? <Tag color="red">{t('staff.locked')}</Tag> : <Tag color="green">{t('staff.active')}</Tag>,
          },
          { title: t('staff.kind'), render: (_v, a) => t(`staff.kinds.${a.secretKind}`) },
          { title: t('staff.version'), dataIndex: 'version', align: 'right' },
          { title: t('staff.updated'), render: (_v, a) => dateTime(a.updatedAt) },
          {
            title: '',
            render: (_v, a) =>
              a.active && (
                <Space size={4}>
                  <Button size="small" onClick={() => setDialog({ kind: 'reset', staffNo: a.staffNo })} data-testid={`hall-staff-reset-${a.staffNo}`}>
                    {t('staff.reset')}
                  </Button>
                  <Button size="small" onClick={() => void run(call('staff.setLocked', { staffNo: a.staffNo, locked: !a.locked }))} data-testid={`hall-staff-lock-${a.staffNo}`}>
                    {a.locked ? t('staff.unlock') : t('staff.lock')}
                  </Button>
                  <Button size="small" onClick={() => setDialog({ kind: 'role', account: a })} data-testid={`hall-staff-role-${a.staffNo}`}>
                    {t('staff.changeRole')}
                  </Button>
                  <Popconfirm
                    title={t('staff.deactivateConfirm', { no: a.staffNo })}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => run(call('staff.deactivate', { staffNo: a.staffNo }))}
                  >
                    <Button size="small" danger data-testid={`hall-staff-deactivate-${a.staffNo}`}>
                      {t('staff.deactivate')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <ConfigHistory kind="staff" />
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'reset' ? `${t('staff.reset')} · ${dialog.staffNo}` : dialog?.kind === 'role' ? `${t('staff.changeRole')} · ${dialog.account.staffNo}` : ''}
        footer={null}
        destroyOnHidden
        onCancel={() => {
          setDialog(null);
          setDialogError(null);
        }}
      >
        {dialog?.kind === 'reset' && (
          <Form layout="vertical" autoComplete="off" onFinish={(v: { secret: string }) => void inDialog(call('staff.resetSecret', { staffNo: dialog.staffNo, secret: v.secret }))}>
            <Form.Item name="secret" label={t('staff.newSecret')} rules={[{ required: true, min: 4 }]} extra={t('staff.secretHint')}>
              <Input.Password autoFocus data-testid="hall-staff-reset-secret" />
            </Form.Item>
            {dialogError && <Alert type="error" showIcon title={dialogError} style={{ marginBottom: 12 }} data-testid="hall-staff-dialog-error" />}
            <Button type="primary" htmlType="submit" data-testid="hall-staff-reset-save">
              {t('staff.save')}
            </Button>
          </Form>
        )}
        {dialog?.kind === 'role' && (
          <Form
            layout="vertical"
            autoComplete="off"
            initialValues={{ role: dialog.account.role }}
            onFinish={(v: { role: Role; secret?: string }) =>
              void inDialog(call('staff.changeRole', { staffNo: dialog.account.staffNo, role: v.role, ...(v.secret ? { secret: v.secret } : {}) }))
            }
          >
            <Form.Item name="role" label={t('staff.newRole')}>
              <Select options={roles} autoFocus data-testid="hall-staff-role-select" />
            </Form.Item>
            <Form.Item name="secret" label={t('staff.roleSecret')}>
              <Input.Password data-testid="hall-staff-role-secret" />
            </Form.Item>
            {dialogError && <Alert type="error" showIcon title={dialogError} style={{ marginBottom: 12 }} data-testid="hall-staff-dialog-error" />}
            <Button type="primary" htmlType="submit" data-testid="hall-staff-role-save">
              {t('staff.save')}
            </Button>
          </Form>
        )}
      </Modal>
    </div>
  );
}
