/**
 * Supervision of the day (督促结账勿提前 · 营款上交重安全): every counter's till, its settlement
 * and the takings handed over (bag, seal, who received), what is still missing, the early-
 * settlement events (pushed live: a notification as each arrives), and the day closed — refused
 * by the hall while a counter is unsettled or a bag is missing.
 */
import { Alert, Button, Card, DatePicker, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SupervisionView as View } from '../../../../base/contract/desk';
import { call } from '../client';
import { clockTime, dateTime } from '../format';
import { useHallClock } from '../HallClock';
import { useHallSession } from '../HallSession';
import { errText } from '../i18n';
import { yuan } from './fmt';
import { hallDay } from './period';

const COLOUR: Record<string, string> = { none: 'default', open: 'green', counting: 'blue', settled: 'purple', handed_over: 'cyan', unknown: 'default' };

export function SupervisionView() {
  const { t } = useTranslation();
  const { now } = useHallClock();
  const { events } = useHallSession();
  const [date, setDate] = useState(hallDay(now));
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setView(await call('desk.supervision', { date }));
      setError(null);
    } catch (e) {
      setError(errText(e));
    }
  }, [date]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => events.on('counter.changed', () => void load()), [events, load]);
  useEffect(() => events.on('desk.early', () => void load()), [events, load]);
  const close = async () => {
    try {
      setView(await call('desk.closeDay', { date }));
    } catch (e) {
      setError(errText(e));
    }
  };
  return (
    <div data-testid="desk-supervision">
      <Space style={{ marginBottom: 12 }} wrap>
        <DatePicker value={dayjs(date)} allowClear={false} onChange={(v) => v && setDate(v.format('YYYY-MM-DD'))} />
        {view && <Typography.Text data-testid="desk-takings">{t('desk.supervision.takings', { n: view.takings.bags, amount: (view.takings.amountFen / 100).toFixed(2) })}</Typography.Text>}
        {view && !view.closed && (
          <Popconfirm title={t('desk.supervision.closeConfirm')} onConfirm={() => void close()}>
            <Button type="primary" danger={!view.ready} data-testid="desk-close-day">{t('desk.supervision.close')}</Button>
          </Popconfirm>
        )}
        {view?.closed && <Tag color="green" data-testid="desk-day-closed">{t('desk.supervision.closed', { day: view.closed.businessDay, at: dateTime(view.closed.closedAt), by: view.closed.closedBy })}</Tag>}
        {view && !view.closed && <Tag color={view.ready ? 'green' : 'orange'}>{view.ready ? t('desk.supervision.ready') : t('desk.supervision.notReady')}</Tag>}
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="desk-supervision-error" />}
      <Table
        size="small"
        rowKey="counter"
        pagination={false}
        loading={view === null}
        dataSource={view?.counters ?? []}
        data-testid="desk-supervision-table"
        onRow={(r) => ({ 'data-testid': `desk-till-${r.counter}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('desk.supervision.counter'), render: (_v, r) => r.label || String(r.counter) },
          { title: t('desk.supervision.till'), render: (_v, r) => <Tag color={COLOUR[r.status]}>{t(`desk.till.${r.status}`)}</Tag> },
          { title: t('desk.supervision.clerk'), render: (_v, r) => (r.clerk ? `${r.clerk} ${r.clerkName ?? ''}` : '—') },
          { title: t('desk.supervision.settled'), render: (_v, r) => (r.settlement ? `${clockTime(r.settlement.settledAt)} · Z${r.settlement.zNo}` : '—') },
          { title: t('desk.supervision.variance'), align: 'right', render: (_v, r) => (r.settlement ? (r.settlement.varianceFen === 0 ? '0' : <Typography.Text type={r.settlement.varianceFen < 0 ? 'danger' : 'warning'}>{yuan(r.settlement.varianceFen)}</Typography.Text>) : '—') },
          { title: t('desk.supervision.bag'), render: (_v, r) => r.handovers.map((h) => `${h.bagNo} / ${h.sealNo} · ${yuan(h.amountFen)}`).join('；') || '—' },
          { title: t('desk.supervision.received'), render: (_v, r) => r.handovers.map((h) => `${h.receivedBy} ${clockTime(h.at)}`).join('；') || '—' },
          { title: t('desk.supervision.missing'), render: (_v, r) => r.missing.map((m) => <Tag key={m} color="red">{m === 'unsettled' ? t('desk.supervision.unsettled') : t('desk.supervision.bagMissing')}</Tag>) },
        ]}
      />
      <Card size="small" title={t('desk.supervision.early')} style={{ marginTop: 12 }}>
        <Table
          size="small"
          rowKey={(r) => `${r.counter}:${r.at}:${r.outcome}`}
          pagination={false}
          dataSource={view?.early ?? []}
          locale={{ emptyText: t('desk.supervision.earlyNone') }}
          data-testid="desk-early"
          columns={[
            { title: t('desk.supervision.at'), render: (_v, r) => clockTime(r.at) },
            { title: t('desk.supervision.counter'), dataIndex: 'counter' },
            { title: t('desk.supervision.clerk'), dataIndex: 'staffNo' },
            { title: t('desk.supervision.outcome'), render: (_v, r) => <Tag color={r.outcome === 'approved' ? 'orange' : 'red'}>{t(`desk.supervision.outcomes.${r.outcome}`, { defaultValue: r.outcome })}</Tag> },
            { title: t('desk.supervision.minutes'), align: 'right', render: (_v, r) => r.minutesEarly ?? '—' },
            { title: t('desk.supervision.approver'), render: (_v, r) => r.approver ?? '—' },
          ]}
        />
      </Card>
    </div>
  );
}
