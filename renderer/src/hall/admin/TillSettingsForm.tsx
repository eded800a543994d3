/**
 * The till settings the hall sends to every counter: the variance tolerance (in yuan on the
 * screen, integer fen on the wire, never through a float) and the clock-jump limit. The closing
 * times are the calendar's.
 */
import { Alert, Button, Form, Input, InputNumber, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TillDoc } from '../../../../base/contract/hallConfig';
import { parseYuan } from '../../format';
import { call } from '../client';
import { dateTime } from '../format';
import { errText } from '../i18n';
import { ConfigHistory } from './ConfigHistory';

interface Values {
  tolerance: string;
  maxClockJumpMinutes: number;
}

function yuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

export function TillSettingsForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<TillDoc | null>(null);
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [form] = Form.useForm<Values>();
  const load = useCallback(async () => {
    try {
      const r = await call('till.get', {});
      setCurrent(r.current);
      const s = r.current?.settings ?? r.standard;
      form.setFieldsValue({ tolerance: yuanText(s.toleranceFen), maxClockJumpMinutes: s.maxClockJumpMinutes });
    } catch (e) {
      setMessage({ type: 'error', text: errText(e) });
    }
  }, [form]);
  useEffect(() => {
    void load();
  }, [load]);
  const save = async (v: Values) => {
    try {
      const doc = await call('till.save', { settings: { toleranceFen: parseYuan(v.tolerance), maxClockJumpMinutes: v.maxClockJumpMinutes }, baseVersion: current?.version ?? 0 });
      setCurrent(doc);
      setMessage({ type: 'success', text: t('till.saved', { v: doc.version }) });
    } catch (e) {
      setMessage({ type: 'error', text: errText(e) });
    }
  };
  return (
    <div data-testid="hall-admin-till">
      <Typography.Paragraph type="secondary">
        {current ? t('catalog.current', { v: current.version, by: current.by, at: dateTime(current.at) }) : t('till.none')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save} autoComplete="off" style={{ maxWidth: 480 }}>
        <Form.Item
          name="tolerance"
          label={t('till.tolerance')}
          extra={t('till.toleranceHint')}
          rules={[{ required: true }, { validator: (_r, v: string) => (parseYuan(v ?? '') !== null ? Promise.resolve() : Promise.reject(new Error('0.00'))) }]}
        >
          <Input inputMode="decimal" style={{ width: 160 }} data-testid="hall-till-tolerance" />
        </Form.Item>
        <Form.Item name="maxClockJumpMinutes" label={t('till.clockJump')} extra={t('till.clockJumpHint')} rules={[{ required: true }]}>
          <InputNumber min={1} max={1440} precision={0} style={{ width: 160 }} data-testid="hall-till-jump" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="hall-till-save">
          {t('till.save', { v: (current?.version ?? 0) + 1 })}
        </Button>
      </Form>
      {message && <Alert type={message.type} showIcon title={message.text} style={{ marginTop: 8 }} data-testid="hall-till-message" />}
      <ConfigHistory kind="till" />
    </div>
  );
}
