/** Staff management for the administrator: add, change role, reset PIN, deactivate (never delete). */
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../base/contract/roles';
import type { StaffMember } from '../../../base/contract/staff';
import { invoke } from '../client/client';
import { errText } from '../i18n';
import { HallManagedNotice } from '../hallLink/HallManagedNotice';

export function StaffPage() {
  const { t } = useTranslation();
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [form] = Form.useForm<{ staffNo: string; name: string; role: Role; secret: string }>();
  const load = useCallback(() => void invoke('staff.list', {}).then(setStaff).catch((e: unknown) => setError(errText(e))), []);
  useEffect(load, [load]);
  const run = (p: Promise<unknown>) =>
    p.then(() => {
      setError(null);
      load();
    }).catch((e: unknown) => setError(errText(e)));
  const roles = ROLES.map((r) => ({ value: r, label: t(`staff.roles.${r}`) }));
  return (
    <div data-testid="staff-page">
      <Typography.Title level={3}>{t('staff.title')}</Typography.Title>
      <HallManagedNotice kinds={['staff']} />
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 12 }} data-testid="staff-error" />}
      <Form form={form} layout="inline" initialValues={{ role: 'clerk' }} autoComplete="off" onFinish={(v) => void run(invoke('staff.create', v).then(() => form.resetFields()))} style={{ marginBottom: 16 }}>
        <Form.Item name="staffNo" label={t('signin.staffNo')} rules={[{ required: true }]}>
          <Input style={{ width: 100 }} data-testid="staff-new-no" />
        </Form.Item>
        <Form.Item name="name" label={t('setup.name')} rules={[{ required: true }]}>
          <Input style={{ width: 120 }} data-testid="staff-new-name" />
        </Form.Item>
        <Form.Item name="role" label={t('staff.role')}>
          <Select options={roles} style={{ width: 130 }} data-testid="staff-new-role" />
        </Form.Item>
        <Form.Item name="secret" label={t('staff.firstSecret')} rules={[{ required: true, min: 4 }]}>
          <Input.Password style={{ width: 140 }} data-testid="staff-new-secret" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="staff-add">
          {t('staff.add')}
        </Button>
      </Form>
      <Table
        size="small"
        rowKey="staffNo"
        dataSource={staff}
        pagination={false}
        columns={[
          { title: t('signin.staffNo'), dataIndex: 'staffNo' },
          { title: t('setup.name'), dataIndex: 'name' },
          { title: t('staff.role'), render: (_v, s) => t(`staff.roles.${s.role}`) },
          { title: t('staff.status'), render: (_v, s) => (s.active ? <Tag color="green">{t('staff.active')}</Tag> : <Tag>{t('staff.inactive')}</Tag>) },
          {
            title: '',
            render: (_v, s) =>
              s.active && (
                <Space>
                  <Button size="small" onClick={() => setResetFor(s.staffNo)}>
                    {t('staff.reset')}
                  </Button>
                  <Button size="small" danger onClick={() => void run(invoke('staff.deactivate', { staffNo: s.staffNo }))}>
                    {t('staff.deactivate')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal open={resetFor !== null} title={t('staff.reset')} footer={null} destroyOnHidden onCancel={() => setResetFor(null)}>
        <Form layout="vertical" autoComplete="off" onFinish={(v: { secret: string }) => void run(invoke('staff.resetSecret', { staffNo: resetFor!, secret: v.secret })).then(() => setResetFor(null))}>
          <Form.Item name="secret" label={t('staff.newSecret')} rules={[{ required: true, min: 4 }]}>
            <Input.Password autoFocus />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('settings.save')}
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
