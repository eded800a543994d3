/**
 * The journeys behind a figure: a drawer with the masked journeys of the same period and filters,
 * a page at a time, exportable as the figures are.
 */
import { App, Button, Drawer, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskDrill, DeskFiltersInput, DeskJourneyRow, DeskPeriodInput } from '../../../../base/contract/desk';
import { call } from '../client';
import { dateTime } from '../format';
import { errText } from '../i18n';
import { exportTable } from './download';
import { secs, yuan } from './fmt';

export interface DrillTarget {
  drill: DeskDrill;
  label: string;
}

export function DrillDrawer({ target, period, filters, onClose }: { target: DrillTarget | null; period: DeskPeriodInput; filters: DeskFiltersInput; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; rows: DeskJourneyRow[] } | null>(null);
  useEffect(() => setPage(1), [target]);
  useEffect(() => {
    if (!target) return;
    let live = true;
    setData(null);
    call('desk.journeys', { period, filters, drill: target.drill, offset: (page - 1) * 20, limit: 20 })
      .then((r) => live && setData(r))
      .catch((e: unknown) => live && void message.error(errText(e)));
    return () => {
      live = false;
    };
  }, [target, page, period, filters, message]);
  const doExport = async (format: 'csv' | 'xlsx') => {
    try {
      const r = await exportTable('journeys', format, period, filters, target!.drill);
      void message.success(t('desk.export.done', { file: r.filename, n: r.rows }));
    } catch (e) {
      void message.error(errText(e));
    }
  };
  return (
    <Drawer open={target !== null} onClose={onClose} size={980} title={`${t('desk.drill.title')} · ${target?.label ?? ''}`} destroyOnHidden data-testid="desk-drill">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text data-testid="desk-drill-total">{t('desk.drill.total', { n: data?.total ?? 0 })}</Typography.Text>
        <Button size="small" onClick={() => void doExport('csv')} data-testid="desk-drill-csv">{t('desk.export.csv')}</Button>
        <Button size="small" onClick={() => void doExport('xlsx')}>{t('desk.export.xlsx')}</Button>
      </Space>
      <Table<DeskJourneyRow>
        size="small"
        rowKey={(r) => `${r.counter}/${r.journeyId}`}
        loading={data === null}
        dataSource={data?.rows ?? []}
        pagination={{ current: page, pageSize: 20, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: t('desk.table.counter'), dataIndex: 'counter', width: 60 },
          { title: t('desk.drill.opened'), render: (_v, r) => dateTime(r.openedAt) },
          { title: t('desk.table.clerk'), dataIndex: 'clerk' },
          { title: t('desk.drill.status'), render: (_v, r) => (r.status === 'closed' ? <Tag color="green">{t('desk.drill.closed')}</Tag> : <Tag color="orange">{t('desk.drill.cancelledStatus')}</Tag>) },
          { title: t('desk.drill.duration'), align: 'right', render: (_v, r) => secs(r.durationMs) },
          { title: t('desk.table.code'), render: (_v, r) => r.businesses.join('、') || '—' },
          { title: t('desk.drill.id'), render: (_v, r) => <span className="desk-mono">{r.idMasked ?? '—'}{r.manualEntry && <Tag style={{ marginLeft: 4 }}>{t('desk.table.manual')}</Tag>}</span> },
          { title: t('desk.drill.ticket'), dataIndex: 'ticket' },
          { title: t('desk.drill.refund'), align: 'right', render: (_v, r) => (r.refundFen ? yuan(r.refundFen) : '') },
        ]}
      />
    </Drawer>
  );
}
