/**
 * Every counter right now: who is signed in, the till, the last sync and how long ago, what is
 * not sent yet and since when, the clock skew, the devices, the witness's findings and whether
 * it has the hall's configuration. Updated live: each heartbeat (and batch, enrolment,
 * registration) pushes the counter's row; the ages tick with the hall's clock.
 */
import { Alert, Button, Space, Tag, Typography } from 'antd';
import { memo, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIG_KINDS, type ConfigVersions } from '../../../../base/contract/hallConfig';
import type { CounterBoardRow } from '../../../../base/contract/hallPage';
import { call } from '../client';
import { ago, age, skew } from '../format';
import { useHallClock } from '../HallClock';
import { useHallSession } from '../HallSession';
import { errText } from '../i18n';

/** A heartbeat older than this means the counter is not syncing (it sends one every 5 s). */
export const STALE_MS = 30_000;
/** The clock skew the till refuses to settle with, without the duty manager (issue default: 2 minutes). */
export const SKEW_LIMIT_MS = 2 * 60_000;

const DEVICE_COLOUR: Record<string, string> = { ready: 'green', simulated: 'gold', busy: 'blue', connecting: 'blue', warning: 'orange', error: 'red', disconnected: 'red', not_configured: 'default' };
const TILL_COLOUR: Record<string, string> = { none: 'default', open: 'green', counting: 'blue', settled: 'purple', handed_over: 'cyan' };

export function useBoard() {
  const { events, live } = useHallSession();
  const { learn } = useHallClock();
  const [rows, setRows] = useState<CounterBoardRow[] | null>(null);
  const [versions, setVersions] = useState<ConfigVersions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const b = await call('counters.board', {});
      learn(b.hallTime);
      setRows(b.counters);
      setVersions(b.config);
      setError(null);
    } catch (e) {
      setError(errText(e));
    }
  }, [learn]);
  // Again whenever the live stream (re)opens: nothing missed while it was down.
  useEffect(() => {
    if (live) void load();
  }, [live, load]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(
    () =>
      events.on('counter.changed', (row) =>
        setRows((rs) => {
          const list = rs ?? [];
          const i = list.findIndex((r) => r.number === row.number);
          if (i < 0) return [...list, row].sort((a, b) => a.number - b.number);
          const next = list.slice();
          next[i] = row;
          return next;
        }),
      ),
    [events],
  );
  useEffect(() => events.on('config.changed', (c) => setVersions((v) => (v ? { ...v, [c.kind]: c.version } : v))), [events]);
  return { rows, versions, error, reload: load };
}

export function CountersBoard({ onFindings }: { onFindings(counter: number): void }) {
  const { t } = useTranslation();
  const { now } = useHallClock();
  const { rows, versions, error } = useBoard();
  const list = rows ?? [];
  const online = list.filter((r) => r.heartbeatAt !== null && now - r.heartbeatAt < STALE_MS).length;
  const open = list.filter((r) => r.state && r.state.till.status !== 'none' && r.state.till.status !== 'handed_over').length;
  const unsent = list.reduce((a, r) => a + Object.values(r.state?.unsent ?? {}).reduce((x, n) => x + n, 0), 0);
  return (
    <div data-testid="hall-board">
      <Space style={{ marginBottom: 8, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('board.title')}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="hall-board-summary">
          {t('board.summary', { total: list.length, online, open, unsent })}
        </Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {/*
        A plain table of memoised rows rather than antd's Table: a hall of 20 counters sends a
        row every second or so, and only that row should render again (the ages tick once a second).
      */}
      <table className="hall-board-table">
        <thead>
          <tr>
            {(['counter', 'person', 'till', 'lastSync', 'unsent', 'skew', 'devices', 'findings', 'config'] as const).map((k) => (
              <th key={k}>{t(`board.${k}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows === null ? null : list.length === 0 ? (
            <tr>
              <td colSpan={9} className="hall-board-empty">
                {t('board.empty')}
              </td>
            </tr>
          ) : (
            list.map((r) => <BoardRow key={r.number} row={r} now={now} hall={versions} onFindings={onFindings} />)
          )}
        </tbody>
      </table>
    </div>
  );
}

const BoardRow = memo(function BoardRow({ row: r, now, hall, onFindings }: { row: CounterBoardRow; now: number; hall: ConfigVersions | null; onFindings(counter: number): void }) {
  const { t } = useTranslation();
  const none = <Typography.Text type="secondary">{t('board.none')}</Typography.Text>;
  const unsent = r.state ? Object.values(r.state.unsent).reduce((a, x) => a + x, 0) : 0;
  const stale = r.heartbeatAt !== null && now - r.heartbeatAt >= STALE_MS;
  return (
    <tr data-testid={`counter-row-${r.number}`}>
      <td>
        <Typography.Text strong className="hall-counter-no">{r.number}</Typography.Text> <Typography.Text type="secondary">{r.label}</Typography.Text>
        <div>
          <Tag color={r.status === 'active' ? 'green' : r.status === 'pending' ? 'blue' : 'red'} data-testid={`counter-${r.number}-status`}>
            {t(`counterStatus.${r.status}`)}
          </Tag>
        </div>
      </td>
      <td>
        {r.state?.signedIn ? (
          <span data-testid={`counter-${r.number}-person`}>
            {r.state.signedIn.staffNo} {r.clerkName ?? ''}
            <br />
            <Typography.Text type="secondary">{t(`roles.${r.state.signedIn.role}`, { defaultValue: r.state.signedIn.role })}</Typography.Text>
          </span>
        ) : r.state ? (
          <Typography.Text type="secondary">{t('board.nobody')}</Typography.Text>
        ) : (
          none
        )}
      </td>
      <td>
        {r.state ? (
          <span data-testid={`counter-${r.number}-till`}>
            <Tag color={TILL_COLOUR[r.state.till.status]}>{t(`tillStatus.${r.state.till.status}`)}</Tag>
            {r.state.till.businessDay && <Typography.Text type="secondary">{r.state.till.businessDay}</Typography.Text>}
          </span>
        ) : (
          none
        )}
      </td>
      <td>
        {r.heartbeatAt === null ? (
          <Typography.Text type="secondary">{t('board.noHeartbeat')}</Typography.Text>
        ) : (
          <span data-testid={`counter-${r.number}-sync`}>
            {stale && <Tag color="orange">{t('board.stale')}</Tag>}
            {ago(r.heartbeatAt, now)}
          </span>
        )}
      </td>
      <td>
        {r.state ? (
          <span>
            <Typography.Text strong={unsent > 0} data-testid={`counter-${r.number}-unsent`}>
              {unsent}
            </Typography.Text>
            {r.state.oldestUnsentAt !== null && unsent > 0 && (
              <Typography.Text type="secondary">
                {' · '}
                {t('board.oldest')} {age(now - r.state.oldestUnsentAt)}
              </Typography.Text>
            )}
          </span>
        ) : (
          none
        )}
      </td>
      <td>
        {r.skewMs === null ? (
          none
        ) : Math.abs(r.skewMs) > SKEW_LIMIT_MS ? (
          <Tag color="red" data-testid={`counter-${r.number}-skew`}>
            {t('board.skewBad')} {skew(r.skewMs)}
          </Tag>
        ) : (
          <span data-testid={`counter-${r.number}-skew`}>{skew(r.skewMs)}</span>
        )}
      </td>
      <td>
        {r.state && Object.keys(r.state.devices).length > 0 ? (
          <Space size={[0, 4]} wrap>
            {Object.entries(r.state.devices).map(([name, d]) => (
              <Tag key={name} color={DEVICE_COLOUR[d.state] ?? 'default'} title={d.detail ?? undefined}>
                {t(`deviceName.${name}`, { defaultValue: name })} {t(`deviceState.${d.state}`, { defaultValue: d.state })}
                {d.detail ? `（${d.detail}）` : ''}
              </Tag>
            ))}
          </Space>
        ) : (
          none
        )}
      </td>
      <td>
        {r.findings > 0 ? (
          <Button size="small" danger onClick={() => onFindings(r.number)} data-testid={`counter-${r.number}-findings`}>
            {r.findings}
          </Button>
        ) : (
          <Typography.Text type="secondary">{r.heldRows > 0 ? t('board.ok') : t('board.none')}</Typography.Text>
        )}
      </td>
      <td>
        <ConfigCell row={r} hall={hall} />
      </td>
    </tr>
  );
});

function ConfigCell({ row, hall }: { row: CounterBoardRow; hall: ConfigVersions | null }) {
  const { t } = useTranslation();
  const has = row.state?.config ?? row.configServed;
  if (!hall || !has) return <Typography.Text type="secondary">{t('board.none')}</Typography.Text>;
  const behind = CONFIG_KINDS.filter((k) => hall[k] > 0 && has[k] !== hall[k]);
  if (behind.length === 0) return <Tag color="green">{t('board.ok')}</Tag>;
  return (
    <Tag color="orange" title={behind.map((k) => `${k} ${has[k]} → ${hall[k]}`).join(', ')}>
      {t('board.behind')} {behind.join(', ')}
    </Tag>
  );
}
