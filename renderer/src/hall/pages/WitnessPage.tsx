/**
 * The chain witness's findings per counter, newest first, each with the hall's copy of the row
 * it is about (expand a finding to read it). New findings arrive on the live stream.
 */
import { Alert, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingView } from '../../../../base/contract/hallPage';
import { call } from '../client';
import { dateTime, shortHash } from '../format';
import { useHallSession } from '../HallSession';
import { errText } from '../i18n';

export function WitnessPage({ counter, onCounter }: { counter: number | null; onCounter(c: number | null): void }) {
  const { t } = useTranslation();
  const { events } = useHallSession();
  const [rows, setRows] = useState<FindingView[] | null>(null);
  const [counters, setCounters] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setRows((await call('witness.findings', counter === null ? {} : { counter })).findings);
      setCounters((await call('counters.board', {})).counters.map((c) => c.number));
      setError(null);
    } catch (e) {
      setError(errText(e));
    }
  }, [counter]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => events.on('witness.finding', () => void load()), [events, load]);
  return (
    <div data-testid="hall-witness">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('witness.title')}
        </Typography.Title>
        <Select<number | 'all'>
          style={{ width: 160 }}
          value={counter ?? 'all'}
          onChange={(v) => onCounter(v === 'all' ? null : v)}
          options={[{ value: 'all', label: t('witness.all') }, ...counters.map((n) => ({ value: n, label: `${n}` }))]}
          data-testid="hall-witness-counter"
        />
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('witness.intro')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<FindingView>
        size="small"
        rowKey="id"
        loading={rows === null}
        dataSource={rows ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('witness.empty') }}
        expandable={{
          expandedRowRender: (f) => (
            <div>
              <Typography.Text type="secondary">{t('witness.row')}</Typography.Text>
              <pre className="hall-json">{f.row ? JSON.stringify(f.row, null, 2) : '—'}</pre>
            </div>
          ),
        }}
        columns={[
          { title: t('witness.at'), render: (_v, f) => dateTime(f.at) },
          { title: t('witness.counter'), dataIndex: 'counter' },
          { title: t('witness.stream'), render: (_v, f) => t(`streams.${f.stream}`, { defaultValue: f.stream }) },
          { title: t('witness.seq'), dataIndex: 'seq', align: 'right' },
          { title: t('witness.kind'), render: (_v, f) => <Tag color="red">{t(`witness.kinds.${f.kind}`)}</Tag> },
          { title: t('witness.held'), render: (_v, f) => <code title={f.held ?? ''}>{shortHash(f.held)}</code> },
          { title: t('witness.sent'), render: (_v, f) => <code title={f.sent}>{shortHash(f.sent)}</code> },
        ]}
      />
    </div>
  );
}
