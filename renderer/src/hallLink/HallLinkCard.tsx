/**
 * The device page's hall server: enrolment with the hall's address and the one-time code the
 * administrator got on the hall page (the certificate's fingerprint is pinned and shown in
 * groups of four, to compare with the hall page aloud), then the sync state, the unsent rows and
 * the age of the oldest, the clock, the configuration from the hall; send now; leave the hall.
 */
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIG_KINDS } from '../../../base/contract/hallConfig';
import { invoke } from '../client/client';
import { hhmm } from '../format';
import { errText } from '../i18n';
import { age, fingerprintGroups, useHallStatus } from './useHallStatus';

interface EnrolForm {
  hallUrl: string;
  counter: number;
  code: string;
  expectFingerprint?: string;
}

export function HallLinkCard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { status: s, now, setStatus } = useHallStatus();
  const [busy, setBusy] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    setMsg(null);
    try {
      await f();
    } catch (e) {
      setMsg({ type: 'error', text: errText(e) });
    } finally {
      setBusy(null);
    }
  };
  if (!s) return null;
  const skewBad = s.skewMs !== null && Math.abs(s.skewMs) > s.maxSkewMs;
  return (
    <Card size="small" title={t('hallLink.title')} style={{ marginBottom: 12 }} data-testid="hall-card">
      {msg && <Alert type={msg.type} showIcon title={msg.text} closable onClose={() => setMsg(null)} style={{ marginBottom: 8 }} data-testid="hall-msg" />}
      {!s.hall ? (
        <Form<EnrolForm>
          layout="vertical"
          style={{ maxWidth: 520 }}
          onFinish={(v) =>
            void run('enrol', async () => {
              const fp = v.expectFingerprint?.trim();
              const r = await invoke('hall.enrol', { hallUrl: v.hallUrl.trim(), counter: v.counter, code: v.code.trim(), ...(fp ? { expectFingerprint: fp } : {}) });
              setStatus(r);
              setMsg({ type: 'success', text: t('hallLink.enrolled', { n: r.hall?.counterNumber }) });
            })
          }
        >
          <Typography.Paragraph type="secondary">{t('hallLink.enrolHint')}</Typography.Paragraph>
          <Form.Item name="hallUrl" label={t('hallLink.url')} rules={[{ required: true, message: t('hallLink.urlNeeded') }]}>
            <Input placeholder="https://192.168.1.10:7443" autoComplete="off" data-testid="hall-url" />
          </Form.Item>
          <Form.Item name="counter" label={t('hallLink.counter')} rules={[{ required: true, message: t('hallLink.counterNeeded') }]}>
            <InputNumber min={1} max={999} precision={0} style={{ width: 120 }} data-testid="hall-counter" />
          </Form.Item>
          <Form.Item name="code" label={t('hallLink.code')} rules={[{ required: true, message: t('hallLink.codeNeeded') }]}>
            <Input placeholder="XXXX-XXXX-XXXX-XXXX" autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid="hall-code" />
          </Form.Item>
          <Form.Item name="expectFingerprint" label={t('hallLink.expectFingerprint')}>
            <Input autoComplete="off" style={{ fontFamily: 'monospace' }} data-testid="hall-expect-fp" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'enrol'} data-testid="hall-enrol">
            {t('hallLink.enrol')}
          </Button>
        </Form>
      ) : (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('hallLink.url')}>
              <span data-testid="hall-enrolled-url">{s.hall.url}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('hallLink.counter')}>{s.hall.counterNumber}</Descriptions.Item>
            <Descriptions.Item label={t('hallLink.fingerprint')}>
              <Typography.Text code data-testid="hall-fingerprint">
                {fingerprintGroups(s.hall.fingerprint)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('hallLink.stateLabel')}>
              <span data-testid="hall-state" data-state={s.state}>
                {s.state === 'offline' && s.offlineSince !== null ? t('hallLink.offlineFor', { age: age(now - s.offlineSince, lang) }) : t(`hallLink.state.${s.state}`)}
              </span>
              {s.lastSyncAt !== null && <Typography.Text type="secondary" style={{ marginLeft: 12 }}>{`${t('hallLink.tipLastSync', { age: age(now - s.lastSyncAt, lang) })} (${hhmm(s.lastSyncAt)})`}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('hallLink.unsent')}>
              <span data-testid="hall-unsent" data-n={s.unsentTotal}>
                {s.unsentTotal === 0 ? t('hallLink.allSent') : t('hallLink.unsentLong', { n: s.unsentTotal, age: s.oldestUnsentAt !== null ? age(now - s.oldestUnsentAt, lang) : '—' })}
              </span>
              {s.unsentTotal > 0 && (
                <Space size={4} wrap style={{ marginLeft: 8 }}>
                  {Object.entries(s.unsent).filter(([, n]) => n > 0).map(([k, n]) => <Tag key={k}>{`${k} ${n}`}</Tag>)}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('hallLink.clock')}>
              <span data-testid="hall-skew" data-bad={skewBad}>
                {s.skewMs === null ? '—' : t(skewBad ? 'hallLink.skewBad' : 'hallLink.skewOk', { age: age(Math.abs(s.skewMs), lang), max: age(s.maxSkewMs, lang), dir: t(s.skewMs >= 0 ? 'hallLink.ahead' : 'hallLink.behind') })}
              </span>
              <Typography.Text type="secondary" style={{ marginLeft: 12 }}>{t(s.timeSource === 'hall' ? 'hallLink.timeHall' : 'hallLink.timeLocal')}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('hallLink.config')}>
              <span data-testid="hall-config">{CONFIG_KINDS.map((k) => `${t(`hallLink.kind.${k}`)} ${s.config.versions[k] > 0 ? `v${s.config.versions[k]}` : t('hallLink.kindLocal')}`).join(' · ')}</span>
            </Descriptions.Item>
          </Descriptions>
          {s.lastError && <Alert type={s.state === 'refused' ? 'error' : 'warning'} showIcon title={errText(s.lastError)} style={{ marginTop: 8 }} data-testid="hall-error" />}
          {s.config.error && <Alert type="error" showIcon title={errText(s.config.error)} style={{ marginTop: 8 }} data-testid="hall-config-error" />}
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" loading={busy === 'sync'} onClick={() => void run('sync', async () => setStatus(await invoke('hall.syncNow', {})))} data-testid="hall-sync-now">
              {t('hallLink.syncNow')}
            </Button>
            <Popconfirm title={t('hallLink.forgetConfirm')} okText={t('hallLink.forget')} cancelText={t('hallLink.cancel')} onConfirm={() => void run('forget', async () => setStatus(await invoke('hall.forget', {})))}>
              <Button danger loading={busy === 'forget'} data-testid="hall-forget">
                {t('hallLink.forget')}
              </Button>
            </Popconfirm>
          </Space>
        </>
      )}
    </Card>
  );
}
