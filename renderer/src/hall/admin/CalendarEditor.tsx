/**
 * The hall's business calendar — opening and closing time per weekday, dated exceptions for
 * holidays and special hours, the time zone — as every counter's early-closing lock reads it.
 * Times are typed (HH:mm), keyboard first; the hall checks the whole calendar before saving it as
 * the next version.
 */
import { Alert, Button, Checkbox, Input, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessCalendar, DayHours } from '../../../../base/calendar';
import type { CalendarDoc } from '../../../../base/contract/hallConfig';
import { call } from '../client';
import { dateTime, setHallTimeZone } from '../format';
import { errText } from '../i18n';
import { ConfigHistory } from './ConfigHistory';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
type Exception = BusinessCalendar['exceptions'][number];

function HoursInput({ value, onChange, testId }: { value: DayHours | null; onChange(v: DayHours | null): void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space>
      <Checkbox checked={value !== null} onChange={(e) => onChange(e.target.checked ? { open: '09:00', close: '18:00' } : null)} data-testid={`${testId}-open`}>
        {value !== null ? t('calendar.open') : t('calendar.closed')}
      </Checkbox>
      {value && (
        <>
          <Input aria-label={t('calendar.from')} value={value.open} onChange={(e) => onChange({ ...value, open: e.target.value })} style={{ width: 80 }} placeholder={t('calendar.time')} data-testid={`${testId}-from`} />
          –
          <Input aria-label={t('calendar.to')} value={value.close} onChange={(e) => onChange({ ...value, close: e.target.value })} style={{ width: 80 }} placeholder={t('calendar.time')} data-testid={`${testId}-to`} />
        </>
      )}
    </Space>
  );
}

export function CalendarEditor() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<CalendarDoc | null>(null);
  const [cal, setCal] = useState<BusinessCalendar | null>(null);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const load = useCallback(async () => {
    try {
      const r = await call('calendar.get', {});
      setCurrent(r.current);
      setCal(r.current?.calendar ?? r.standard);
      setMessage(null);
    } catch (e) {
      setMessage({ type: 'error', text: errText(e) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  if (!cal) return message ? <Alert type="error" showIcon title={message.text} /> : null;
  const setDay = (d: Day, v: DayHours | null) => setCal({ ...cal, weekly: { ...cal.weekly, [d]: v } });
  const setException = (i: number, e: Exception) => setCal({ ...cal, exceptions: cal.exceptions.map((x, j) => (j === i ? e : x)) });
  const save = async () => {
    try {
      const doc = await call('calendar.save', { calendar: cal, baseVersion: current?.version ?? 0 });
      setCurrent(doc);
      setHallTimeZone(doc.calendar.timeZone);
      setMessage({ type: 'success', text: t('calendar.saved', { v: doc.version }) });
    } catch (e) {
      setMessage({ type: 'error', text: errText(e) });
    }
  };
  return (
    <div data-testid="hall-admin-calendar">
      <Typography.Paragraph type="secondary">
        {current ? t('catalog.current', { v: current.version, by: current.by, at: dateTime(current.at) }) : t('calendar.none')}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        {t('calendar.timeZone')}
        <Input value={cal.timeZone} onChange={(e) => setCal({ ...cal, timeZone: e.target.value })} style={{ width: 200 }} data-testid="hall-calendar-zone" />
      </Space>
      <Table
        size="small"
        rowKey="day"
        pagination={false}
        dataSource={DAYS.map((day) => ({ day }))}
        columns={[
          { title: '', width: 80, render: (_v, r) => t(`calendar.weekdays.${r.day}`) },
          { title: `${t('calendar.from')} – ${t('calendar.to')}`, render: (_v, r) => <HoursInput value={cal.weekly[r.day]} onChange={(v) => setDay(r.day, v)} testId={`hall-calendar-${r.day}`} /> },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('calendar.exceptions')}
      </Typography.Title>
      {cal.exceptions.map((e, i) => (
        <Space key={i} style={{ display: 'flex', marginBottom: 8 }} wrap>
          <Input aria-label={t('calendar.date')} value={e.date} placeholder="YYYY-MM-DD" onChange={(x) => setException(i, { ...e, date: x.target.value })} style={{ width: 130 }} data-testid={`hall-calendar-ex-${i}-date`} />
          <HoursInput value={e.hours} onChange={(h) => setException(i, { ...e, hours: h })} testId={`hall-calendar-ex-${i}`} />
          <Input aria-label={t('calendar.note')} value={e.note ?? ''} placeholder={t('calendar.note')} maxLength={100} onChange={(x) => setException(i, { ...e, note: x.target.value })} style={{ width: 200 }} />
          <Button onClick={() => setCal({ ...cal, exceptions: cal.exceptions.filter((_x, j) => j !== i) })}>{t('calendar.remove')}</Button>
        </Space>
      ))}
      <Space style={{ marginTop: 4 }}>
        <Button onClick={() => setCal({ ...cal, exceptions: [...cal.exceptions, { date: '', hours: null }] })} data-testid="hall-calendar-add">
          {t('calendar.addException')}
        </Button>
        <Button type="primary" onClick={() => void save()} data-testid="hall-calendar-save">
          {t('calendar.save', { v: (current?.version ?? 0) + 1 })}
        </Button>
      </Space>
      {message && <Alert type={message.type} showIcon title={message.text} style={{ marginTop: 8 }} data-testid="hall-calendar-message" />}
      <ConfigHistory kind="calendar" />
    </div>
  );
}
