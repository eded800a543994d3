/** Every version of one kind of configuration: who saved it and when (the hall keeps them all). */
import { Collapse, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigKind } from '../../../../base/contract/hallConfig';
import type { HallMethodOutput } from '../../../../base/contract/hallPage';
import { call } from '../client';
import { dateTime } from '../format';
import { useHallSession } from '../HallSession';

type Entry = HallMethodOutput<'config.history'>[number];

export function ConfigHistory({ kind }: { kind: ConfigKind }) {
  const { t } = useTranslation();
  const { events } = useHallSession();
  const [rows, setRows] = useState<Entry[]>([]);
  const load = useCallback(() => void call('config.history', { kind, limit: 50 }).then(setRows).catch(() => undefined), [kind]);
  useEffect(load, [load]);
  useEffect(() => events.on('config.changed', (c) => c.kind === kind && load()), [events, kind, load]);
  return (
    <Collapse
      size="small"
      style={{ marginTop: 12 }}
      items={[
        {
          key: 'h',
          label: `${t('history.title')} (${rows.length})`,
          children: (
            <Table<Entry>
              size="small"
              rowKey="version"
              dataSource={rows}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('history.version'), dataIndex: 'version', align: 'right', width: 80 },
                { title: t('history.at'), render: (_v, e) => dateTime(e.at) },
                { title: t('history.actor'), dataIndex: 'actor' },
                { title: t('history.action'), render: (_v, e) => t(`audit.actions.${e.action}`, { defaultValue: e.action }) },
                { title: t('history.subject'), render: (_v, e) => e.subject ?? '' },
              ]}
            />
          ),
        },
      ]}
    />
  );
}
