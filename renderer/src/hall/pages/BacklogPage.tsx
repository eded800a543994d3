/**
 * The sync backlog: per counter, what it reported not yet sent (its last heartbeat) and since
 * when, and per stream the last row the hall holds and when it came. Refreshed as counters
 * report (each counter's change on the live stream), at most once a second.
 */
import { Alert, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BacklogView } from '../../../../base/contract/hallPage';
import { STREAMS } from '../../../../base/contract/replication';
import { call } from '../client';
import { age, ago } from '../format';
import { useHallClock } from '../HallClock';
import { useHallSession } from '../HallSession';
import { errText } from '../i18n';
import { STALE_MS } from './CountersBoard';

type Row = BacklogView['counters'][number];

export function BacklogPage() {
  const { t } = useTranslation();
  const { events } = useHallSession();
  const { now, learn } = useHallClock();
  const [view, setView] = useState<BacklogView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const v = await call('sync.backlog', {});
      learn(v.hallTime);
      setView(v);
      setError(null);
    } catch (e) {
      setError(errText(e));
    }
  }, [learn]);
  useEffect(() => {
    void load();
  }, [load]);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () =>
      events.on('counter.changed', () => {
        pending.current ??= setTimeout(() => {
          pending.current = null;
          void load();
        }, 1000);
      }),
    [events, load],
  );
  useEffect(() => () => clearTimeout(pending.current ?? undefined), []);
  return (
    <div data-testid="hall-backlog">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('backlog.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('backlog.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<Row>
        size="small"
        rowKey="number"
        loading={view === null}
        dataSource={view?.counters ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': `backlog-row-${r.number}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('backlog.counter'), fixed: 'left', render: (_v, r) => <span><Typography.Text strong>{r.number}</Typography.Text> <Typography.Text type="secondary">{r.label}</Typography.Text></span> },
          {
            title: t('backlog.lastContact'),
            render: (_v, r) => (r.heartbeatAt === null ? '—' : <span>{now - r.heartbeatAt >= STALE_MS && <Tag color="orange">{t('board.stale')}</Tag>}{ago(r.heartbeatAt, now)}</span>),
          },
          { title: t('backlog.unsentTotal'), align: 'right', render: (_v, r) => (r.unsentTotal === null ? '—' : <Typography.Text strong={r.unsentTotal > 0}>{r.unsentTotal.toLocaleString('en-US')}</Typography.Text>) },
          { title: t('backlog.oldest'), render: (_v, r) => (r.oldestUnsentAt === null || !r.unsentTotal ? '—' : age(now - r.oldestUnsentAt)) },
          ...STREAMS.map((s) => ({
            title: t(`streams.${s}`),
            align: 'right' as const,
            render: (_v: unknown, r: Row) => {
              const x = r.streams.find((y) => y.stream === s)!;
              return (
                <span className="hall-stream-cell" title={x.lastReceivedAt ? ago(x.lastReceivedAt, now) : undefined}>
                  <span>{x.heldSeq.toLocaleString('en-US')}</span>
                  {x.unsent ? <Tag color="orange" style={{ marginInlineEnd: 0, marginInlineStart: 4 }}>+{x.unsent}</Tag> : null}
                </span>
              );
            },
          })),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('backlog.held')} <Tag color="orange">+N</Tag> {t('backlog.pending')}
      </Typography.Paragraph>
    </div>
  );
}
