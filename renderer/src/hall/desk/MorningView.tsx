/**
 * The morning (班前会 · 班前检查) of a day: the meeting's record — attendees, topics, the praise
 * first — and the pre-opening checklist from the duty standard by group, each item ticked or
 * noted (fire equipment on Mondays), with the counters' last counted stock beside the stock items.
 */
import { App, Button, Card, Checkbox, Col, DatePicker, Input, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallMethodOutput } from '../../../../base/contract/hallPage';
import { call } from '../client';
import { dateTime } from '../format';
import { useHallClock } from '../HallClock';
import { errText } from '../i18n';
import { hallDay } from './period';

type View = HallMethodOutput<'desk.morning.get'>;

export function MorningView() {
  const { t, i18n } = useTranslation();
  const { now } = useHallClock();
  const { message } = App.useApp();
  const [date, setDate] = useState(hallDay(now));
  const [view, setView] = useState<View | null>(null);
  const [attendees, setAttendees] = useState<string[]>([]);
  const [topics, setTopics] = useState<string[]>([]);
  const [praise, setPraise] = useState('');
  const [notes, setNotes] = useState('');
  const [itemNotes, setItemNotes] = useState<Record<string, string>>({});
  const show = (v: View) => {
    setView(v);
    setAttendees(v.meeting?.attendees ?? []);
    setTopics(v.meeting?.topics ?? []);
    setPraise(v.meeting?.praise ?? '');
    setNotes(v.meeting?.notes ?? '');
    setItemNotes(Object.fromEntries(v.checklist.map((i) => [i.item, i.note])));
  };
  const load = useCallback(async () => {
    try {
      show(await call('desk.morning.get', { date }));
    } catch (e) {
      void message.error(errText(e));
    }
  }, [date, message]);
  useEffect(() => {
    void load();
  }, [load]);
  const save = async () => {
    try {
      show(await call('desk.morning.meeting', { date, attendees, topics, praise, notes }));
      void message.success(t('desk.morning.saved'));
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const tick = async (item: string, ok: boolean) => {
    try {
      const v = await call('desk.morning.check', { date, item, ok, note: itemNotes[item] ?? '' });
      setView(v);
    } catch (e) {
      void message.error(errText(e));
    }
  };
  const groups = ['A', 'B', 'C', 'D', 'E'] as const;
  return (
    <div data-testid="desk-morning">
      <Space style={{ marginBottom: 12 }}>
        <DatePicker value={dayjs(date)} allowClear={false} onChange={(v) => v && setDate(v.format('YYYY-MM-DD'))} />
        {view?.monday && <Tag color="red">{t('desk.morning.monday')}</Tag>}
      </Space>
      <Row gutter={12}>
        <Col span={10}>
          <Card size="small" title={t('desk.morning.meeting')}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{t('desk.morning.praise')}</Typography.Text>
              <Input.TextArea rows={3} maxLength={2000} value={praise} onChange={(e) => setPraise(e.target.value)} data-testid="desk-morning-praise" />
              <Typography.Text>{t('desk.morning.attendees')}</Typography.Text>
              <Select mode="tags" style={{ width: '100%' }} value={attendees} onChange={setAttendees} tokenSeparators={[',', ' ', '，']} data-testid="desk-morning-attendees" />
              <Typography.Text>{t('desk.morning.topics')}</Typography.Text>
              <Select mode="tags" style={{ width: '100%' }} value={topics} onChange={setTopics} open={false} data-testid="desk-morning-topics" />
              <Typography.Text>{t('desk.morning.notes')}</Typography.Text>
              <Input.TextArea rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} />
              <Button type="primary" onClick={() => void save()} data-testid="desk-morning-save">{t('desk.morning.save')}</Button>
              {view?.meeting && <Typography.Text type="secondary">{t('desk.morning.recordedBy', { by: view.meeting.recordedBy, at: dateTime(view.meeting.recordedAt) })}</Typography.Text>}
            </Space>
          </Card>
        </Col>
        <Col span={14}>
          <Card size="small" title={t('desk.morning.checklist')}>
            {groups.map((g) => {
              const items = view?.checklist.filter((i) => i.group === g) ?? [];
              if (items.length === 0) return null;
              return (
                <div key={g} style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{t(`desk.morning.groups.${g}`)}</Typography.Text>
                  {items.map((i) => (
                    <div key={i.item} className="desk-check-row" data-testid={`desk-check-${i.item}`}>
                      <Checkbox checked={i.ok === true} onChange={(e) => void tick(i.item, e.target.checked)}>
                        {i18n.language === 'en' ? i.en : i.zh}
                      </Checkbox>
                      {i.reported && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('desk.morning.reported', { v: i.reported.map((r) => `${r.counter}:${r.count}`).join(' ') })}</Typography.Text>}
                      <Input
                        size="small"
                        placeholder={t('desk.morning.note')}
                        style={{ width: 200, marginLeft: 'auto' }}
                        value={itemNotes[i.item] ?? ''}
                        onChange={(e) => setItemNotes((n) => ({ ...n, [i.item]: e.target.value }))}
                        onBlur={() => (itemNotes[i.item] ?? '') !== i.note && void tick(i.item, i.ok === true)}
                      />
                    </div>
                  ))}
                </div>
              );
            })}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
