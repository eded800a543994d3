/**
 * The lunch rotation (合理调配营业员用餐): slots with who goes when, the number of counters that
 * must stay open, and the warnings — a slot that leaves too few counters open (the hall refuses
 * to save it) and a long queue (where the hall keeps a queue).
 */
import { Alert, App, Button, Card, InputNumber, Select, Space, TimePicker, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LunchView as View } from '../../../../base/contract/desk';
import { call } from '../client';
import { errText } from '../i18n';

type Slot = View['slots'][number];

export function LunchView() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [view, setView] = useState<View | null>(null);
  const [slots, setSlots] = useState<Slot[]>([]);
  const [minOpen, setMinOpen] = useState(2);
  const [error, setError] = useState<string | null>(null);
  const show = (v: View) => {
    setView(v);
    setSlots(v.slots.length ? v.slots : [{ start: '11:30', end: '12:00', staff: [] }, { start: '12:00', end: '12:30', staff: [] }, { start: '12:30', end: '13:00', staff: [] }]);
    setMinOpen(v.minOpen);
  };
  const load = useCallback(async () => {
    try {
      show(await call('desk.lunch.get', {}));
    } catch (e) {
      setError(errText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const save = async () => {
    try {
      show(await call('desk.lunch.save', { date: view!.businessDay, slots: slots.filter((s) => s.staff.length > 0), minOpen }));
      setError(null);
      void message.success(t('desk.lunch.saved'));
    } catch (e) {
      setError(errText(e));
    }
  };
  const set = (i: number, patch: Partial<Slot>) => setSlots((xs) => xs.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  const staffOptions = (view?.onDuty ?? []).map((c) => ({ value: c.staffNo, label: `${c.staffNo} ${c.name ?? ''} · ${c.counter}` }));
  return (
    <div data-testid="desk-lunch">
      <Card size="small" title={`${t('desk.lunch.title')} ${view?.businessDay ?? ''}`}>
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text>{t('desk.lunch.minOpen')}</Typography.Text>
          <InputNumber min={0} max={100} value={minOpen} onChange={(v) => setMinOpen(v ?? 0)} data-testid="desk-lunch-min" />
          <Typography.Text type="secondary">{t('desk.lunch.onDuty', { n: view?.onDuty.length ?? 0 })}</Typography.Text>
          <Typography.Text type="secondary">{view?.queueWaiting === null ? t('desk.lunch.queueUnknown') : t('desk.lunch.queue', { n: view?.queueWaiting ?? 0 })}</Typography.Text>
        </Space>
        {view?.warnings.map((w) => <Alert key={w.code + w.zh} type="warning" showIcon title={i18n.language === 'en' ? w.en : w.zh} style={{ marginBottom: 8 }} />)}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} data-testid="desk-lunch-error" />}
        {slots.map((s, i) => (
          <Space key={i} style={{ display: 'flex', marginBottom: 8 }} data-testid={`desk-lunch-slot-${i}`}>
            <TimePicker format="HH:mm" minuteStep={5} allowClear={false} value={dayjs(`2000-01-01T${s.start}`)} onChange={(v) => v && set(i, { start: v.format('HH:mm') })} />
            <span>–</span>
            <TimePicker format="HH:mm" minuteStep={5} allowClear={false} value={dayjs(`2000-01-01T${s.end}`)} onChange={(v) => v && set(i, { end: v.format('HH:mm') })} />
            <Select mode="multiple" style={{ minWidth: 320 }} placeholder={t('desk.lunch.staff')} value={s.staff} options={staffOptions} onChange={(v: string[]) => set(i, { staff: v })} />
            <Button onClick={() => setSlots((xs) => xs.filter((_x, k) => k !== i))}>{t('desk.lunch.remove')}</Button>
          </Space>
        ))}
        <Space>
          <Button onClick={() => setSlots((xs) => [...xs, { start: xs.at(-1)?.end ?? '11:30', end: '13:30', staff: [] }])}>{t('desk.lunch.add')}</Button>
          <Button type="primary" onClick={() => void save()} disabled={!view} data-testid="desk-lunch-save">{t('desk.lunch.save')}</Button>
        </Space>
      </Card>
    </div>
  );
}
