/** The hall's audit table, newest first: who did what, when, from where. */
import { Alert, Button, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallAuditEntryView } from '../../../../base/contract/hallPage';
import { call } from '../client';
import { dateTime } from '../format';
import { errText } from '../i18n';

export function AuditTable() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<HallAuditEntryView[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const page = useCallback(async (beforeId?: number) => {
    try {
      const r = await call('audit.list', { limit: 50, ...(beforeId !== undefined ? { beforeId } : {}) });
      setEntries((e) => (beforeId === undefined ? r.entries : [...(e ?? []), ...r.entries]));
      setNext(r.nextBeforeId);
    } catch (e) {
      setError(errText(e));
    }
  }, []);
  useEffect(() => {
    void page();
  }, [page]);
  return (
    <div data-testid="hall-admin-audit">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<HallAuditEntryView>
        size="small"
        rowKey="id"
        loading={entries === null}
        dataSource={entries ?? []}
        pagination={false}
        columns={[
          { title: t('audit.at'), width: 170, render: (_v, e) => dateTime(e.at) },
          { title: t('audit.actor'), dataIndex: 'actor', width: 110 },
          { title: t('audit.action'), render: (_v, e) => t(`audit.actions.${e.action}`, { defaultValue: e.action }) },
          { title: t('audit.subject'), render: (_v, e) => e.subject ?? '' },
          { title: t('audit.detail'), render: (_v, e) => <code className="hall-audit-detail">{Object.keys(e.detail).length ? JSON.stringify(e.detail) : ''}</code> },
          { title: t('audit.remote'), render: (_v, e) => e.remote ?? '' },
        ]}
      />
      <Button style={{ marginTop: 8 }} disabled={next === null} onClick={() => void page(next ?? undefined)}>
        {t('audit.more')}
      </Button>
    </div>
  );
}
