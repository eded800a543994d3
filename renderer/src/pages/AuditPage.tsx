/** The duty manager's audit viewer: who did what, filtered; the chain checked on demand. */
import { Alert, Button, Form, Input, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView } from '../../../base/contract/staff';
import { invoke } from '../client/client';
import { errText } from '../i18n';

export function AuditPage() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [filter, setFilter] = useState<{ kindPrefix?: string; actor?: string }>({});
  const [verify, setVerify] = useState<{ ok: boolean; entries: number; firstBadSeq: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const r = await invoke('audit.query', { ...filter, limit: 200 });
      setEntries(r.entries);
    } catch (e) {
      setError(errText(e));
    }
  }, [filter]);
  useEffect(() => void load(), [load]);
  return (
    <div data-testid="audit-page">
      <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      <Form layout="inline" onFinish={(v: { kindPrefix?: string; actor?: string }) => setFilter({ ...(v.kindPrefix ? { kindPrefix: v.kindPrefix } : {}), ...(v.actor ? { actor: v.actor } : {}) })} style={{ marginBottom: 12 }}>
        <Form.Item name="kindPrefix" label={t('audit.kind')}>
          <Input placeholder="till. / approval / signin" data-testid="audit-kind" />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Space>
          <Button htmlType="submit" type="primary">{t('audit.filter')}</Button>
          <Button onClick={() => void invoke('audit.verify', {}).then(setVerify)} data-testid="audit-verify">{t('audit.verify')}</Button>
        </Space>
      </Form>
      {verify && <Alert type={verify.ok ? 'success' : 'error'} showIcon title={verify.ok ? t('audit.chainOk', { n: verify.entries }) : t('audit.chainBad', { seq: verify.firstBadSeq })} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="seq"
        dataSource={entries}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: t('audit.time'), render: (_v, e) => new Date(e.at).toLocaleString('zh-CN', { hour12: false }) },
          { title: t('audit.actor'), dataIndex: 'actor' },
          { title: t('audit.kind'), dataIndex: 'kind', render: (k: string) => <span data-testid="audit-row-kind">{k}</span> },
          { title: t('audit.detail'), render: (_v, e) => <code className="audit-detail">{JSON.stringify(e.detail)}</code> },
        ]}
      />
    </div>
  );
}
