/**
 * The duty manager's queue section on the hall page: waiting and the longest wait per group, live;
 * an alert suggesting to open a counter (座席的添加) when a group passes a threshold; the groups
 * each counter calls; the calling settings; today's figures by group and by hour.
 */
import { Alert, Button, Card, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueFigures, QueueOverview, QueueSettings } from '../../../../base/contract/queue';
import { call } from '../client';
import { errText } from '../i18n';
import { usePickHall } from './pick';
import { openQueueStream } from './stream';
import './i18n';

function minutes(ms: number | null): string {
  if (ms === null) return '—';
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m}:${String(s).padStart(2, '0')}`;
}

export function QueueBoard() {
  const { t } = useTranslation();
  const pick = usePickHall();
  const [over, setOver] = useState<QueueOverview | null>(null);
  const [figures, setFigures] = useState<QueueFigures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [o, f] = await Promise.all([call('queue.overview', {}), call('queue.figures', {})]);
      setOver(o);
      setFigures(f);
      setError(null);
    } catch (e) {
      setError(errText(e));
    }
  }, []);
  useEffect(() => {
    void load();
    const close = openQueueStream({ onChanged: () => void load(), onOpen: () => void load() });
    // The longest wait grows while nothing happens: read again every 30 s.
    const timer = setInterval(() => void load(), 30_000);
    return () => {
      close();
      clearInterval(timer);
    };
  }, [load]);

  const saveGroups = async (counter: number, groups: string[]) => {
    try {
      await call('queue.setCounterGroups', { counter, groups });
      await load();
    } catch (e) {
      setError(errText(e));
    }
  };
  const saveSettings = async (s: QueueSettings) => {
    try {
      await call('queue.saveSettings', s);
      setSaved(t('queue.board.saved'));
      await load();
    } catch (e) {
      setError(errText(e));
    }
  };

  const groupName = (code: string) => {
    const g = over?.groups.find((x) => x.group === code);
    return g ? `${g.prefix} ${pick(g.nameZh, g.nameEn)}` : code;
  };
  const figureColumns = [
    { title: t('queue.board.tickets'), dataIndex: 'tickets' },
    { title: t('queue.board.served'), dataIndex: 'served' },
    { title: t('queue.board.noShows'), dataIndex: 'noShows' },
    { title: t('queue.board.transferred'), dataIndex: 'transferred' },
    { title: t('queue.board.stillWaiting'), dataIndex: 'waiting' },
    { title: t('queue.board.avgWait'), dataIndex: 'avgWaitMs', render: (v: number | null) => minutes(v) },
    { title: t('queue.board.maxWait'), dataIndex: 'maxWaitMs', render: (v: number | null) => minutes(v) },
    { title: t('queue.board.avgService'), dataIndex: 'avgServiceMs', render: (v: number | null) => minutes(v) },
    { title: t('queue.board.turnedAway'), dataIndex: 'turnedAway' },
    { title: t('queue.board.selfService'), dataIndex: 'selfService' },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="queue-board">
      {error && <Alert type="error" showIcon title={error} />}
      {over?.alerts.map((a) => (
        <Alert
          key={a.group}
          type="warning"
          showIcon
          data-testid={`queue-alert-${a.group}`}
          title={t('queue.board.alert', { group: pick(a.nameZh, a.nameEn), n: a.waiting, wait: minutes(a.longestWaitMs) })}
        />
      ))}
      <Card title={t('queue.board.title')} size="small">
        <Table
          size="small"
          pagination={false}
          rowKey="group"
          dataSource={over?.groups ?? []}
          columns={[
            { title: t('queue.board.group'), render: (_: unknown, g: QueueOverview['groups'][number]) => `${g.prefix} ${pick(g.nameZh, g.nameEn)}` },
            { title: t('queue.board.waiting'), dataIndex: 'waiting', render: (n: number, g) => <span data-testid={`queue-waiting-${g.group}`}>{n}</span> },
            { title: t('queue.board.longest'), dataIndex: 'longestWaitMs', render: (v: number) => minutes(v) },
            { title: t('queue.board.counters'), dataIndex: 'counters', render: (c: number[]) => c.join('、') || '—' },
          ]}
        />
      </Card>
      <Card title={t('queue.board.counter')} size="small">
        <Table
          size="small"
          pagination={false}
          rowKey="number"
          dataSource={over?.counters ?? []}
          columns={[
            { title: t('queue.board.counter'), dataIndex: 'number' },
            {
              title: t('queue.board.groups'),
              render: (_: unknown, c: QueueOverview['counters'][number]) => (
                <Select
                  mode="multiple"
                  style={{ minWidth: 280 }}
                  value={c.groups}
                  placeholder={t('queue.board.all')}
                  options={(over?.groups ?? []).map((g) => ({ value: g.group, label: groupName(g.group) }))}
                  onChange={(v: string[]) => void saveGroups(c.number, v)}
                  data-testid={`queue-groups-${c.number}`}
                />
              ),
            },
            { title: t('queue.board.current'), render: (_: unknown, c: QueueOverview['counters'][number]) => c.current?.label ?? '—' },
          ]}
        />
      </Card>
      {over && (
        <Card title={t('queue.board.settings')} size="small">
          <Form layout="inline" initialValues={over.settings} onFinish={(v: QueueSettings) => void saveSettings(v)} key={JSON.stringify(over.settings)}>
            <Form.Item name="noShowAfter" label={t('queue.board.noShowAfter')}><InputNumber min={1} max={10} /></Form.Item>
            <Form.Item name="alertWaiting" label={t('queue.board.alertWaiting')}><InputNumber min={1} max={500} /></Form.Item>
            <Form.Item name="alertWaitMinutes" label={t('queue.board.alertWaitMinutes')}><InputNumber min={1} max={240} /></Form.Item>
            <Button htmlType="submit" type="primary">{t('queue.board.save')}</Button>
            {saved && <Typography.Text type="success" style={{ marginLeft: 12 }}>{saved}</Typography.Text>}
          </Form>
        </Card>
      )}
      {figures && (
        <Card title={`${t('queue.board.figures')} · ${figures.day}`} size="small">
          <Table
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={[
              { key: 'total', label: t('queue.board.total'), ...figures.total },
              ...figures.byGroup.map((g) => ({ key: `g-${g.group}`, label: groupName(g.group), ...g })),
              ...figures.byHour.map((h) => ({ key: `h-${h.hour}`, label: `${String(h.hour).padStart(2, '0')}:00`, ...h })),
            ]}
            columns={[{ title: '', dataIndex: 'label' }, ...figureColumns]}
            data-testid="queue-figures"
          />
        </Card>
      )}
    </Space>
  );
}
