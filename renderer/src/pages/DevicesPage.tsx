/** Device set-up: list ports, detect the reader, test a read, choose ports (applied at once), test-print. */
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { detectResult, PhotoDecoderInfo, portListing } from '../../../base/contract/devices';
import { invoke } from '../client/client';
import { errText } from '../i18n';
import { useCore } from '../state/CoreContext';
import { HallLinkCard } from '../hallLink/HallLinkCard';

export function DevicesPage() {
  const { t, i18n } = useTranslation();
  // A device's state says itself in both languages (it is not an error shape).
  const said = (d: { message_zh: string; message_en: string }) => (i18n.language === 'en' ? d.message_en : d.message_zh);
  const { settings, devices, refreshSettings } = useCore();
  const [ports, setPorts] = useState<z.infer<typeof portListing> | null>(null);
  const [detect, setDetect] = useState<z.infer<typeof detectResult> | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [msg, setMsg] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [decoder, setDecoder] = useState<PhotoDecoderInfo | null>(null);
  useEffect(() => {
    void invoke('devices.photoDecoder', {}).then(setDecoder, (e: unknown) => setMsg({ type: 'error', text: errText(e) }));
  }, []);
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
  if (!settings) return null;
  const portOptions = (ports?.serial ?? []).map((p) => ({ value: p.path, label: `${p.path}${p.manufacturer ? ` (${p.manufacturer})` : ''}` }));
  return (
    <div data-testid="devices-page">
      <Typography.Title level={3}>{t('devices.title')}</Typography.Title>
      {msg && <Alert type={msg.type} showIcon title={msg.text} closable onClose={() => setMsg(null)} style={{ marginBottom: 12 }} data-testid="devices-msg" />}
      <Space style={{ marginBottom: 12 }}>
        <Button loading={busy === 'ports'} onClick={() => void run('ports', async () => setPorts(await invoke('devices.ports', {})))} data-testid="devices-list">
          {t('devices.list')}
        </Button>
        <Button loading={busy === 'detect'} onClick={() => void run('detect', async () => setDetect(await invoke('devices.detectReader', {})))} data-testid="devices-detect">
          {t('devices.detect')}
        </Button>
        <Button
          loading={busy === 'read'}
          onClick={() =>
            void run('read', async () => {
              const r = await invoke('devices.testRead', { timeoutMs: 15000 });
              setMsg({ type: 'success', text: t('devices.readOk', { id: r.idMasked }) });
            })
          }
          data-testid="devices-test-read"
        >
          {t('devices.testRead')}
        </Button>
        <Button
          loading={busy === 'print'}
          onClick={() =>
            void run('print', async () => {
              const j = await invoke('printer.test', {});
              setMsg({ type: 'success', text: t('devices.printQueued', { id: j.id }) });
            })
          }
          data-testid="devices-test-print"
        >
          {t('devices.testPrint')}
        </Button>
      </Space>
      {ports && (
        <Card size="small" title={t('devices.ports')} style={{ marginBottom: 12 }}>
          <Table size="small" rowKey="path" pagination={false} dataSource={ports.serial} columns={[{ title: t('devices.port'), dataIndex: 'path' }, { title: t('devices.maker'), dataIndex: 'manufacturer' }]} />
          {ports.hid.length > 0 && <Typography.Paragraph>HID: {ports.hid.map((h) => `${h.vendorId.toString(16)}:${h.productId.toString(16)} ${h.product ?? ''}`).join(', ')}</Typography.Paragraph>}
        </Card>
      )}
      {detect && (
        <Card size="small" title={t('devices.detected')} style={{ marginBottom: 12 }}>
          {detect.found.length === 0 ? t('devices.noneFound') : detect.found.map((f) => <div key={f.port}>{f.port} @ {f.baudRate} · SAM {f.samId ?? '—'}</div>)}
        </Card>
      )}
      <HallLinkCard />
      {decoder && <PhotoDecoderCard info={decoder} />}
      <Card size="small" title={t('devices.current')}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('status.idcard')}>{devices ? `${devices.idcard.link} — ${said(devices.idcard)}` : ''}</Descriptions.Item>
          <Descriptions.Item label={t('status.printer')}>{devices ? `${devices.printer.link} — ${said(devices.printer)}` : ''}</Descriptions.Item>
        </Descriptions>
        <Form
          layout="vertical"
          style={{ maxWidth: 520, marginTop: 12 }}
          initialValues={{ idPort: settings.devices.idcard.port ?? '', printerPort: settings.devices.printer.port ?? '', width: settings.devices.printer.paperWidth }}
          onFinish={(v: { idPort: string; printerPort: string; width: 58 | 80 }) =>
            void run('save', async () => {
              await invoke('settings.update', {
                patch: {
                  devices: {
                    idcard: v.idPort ? { mode: 'serial', port: v.idPort } : { mode: 'simulated', port: null },
                    printer: v.printerPort ? { mode: 'serial', port: v.printerPort, paperWidth: v.width } : { mode: 'simulated', port: null, paperWidth: v.width },
                  },
                },
              });
              await refreshSettings();
              setMsg({ type: 'success', text: t('devices.saved') });
            })
          }
        >
          <Form.Item name="idPort" label={t('devices.idPort')}>
            <Select allowClear showSearch options={portOptions} placeholder={t('devices.simulated')} />
          </Form.Item>
          <Form.Item name="printerPort" label={t('devices.printerPort')}>
            <Input placeholder={t('devices.simulated')} />
          </Form.Item>
          <Form.Item name="width" label={t('devices.paperWidth')}>
            <Select options={[{ value: 80, label: '80 mm' }, { value: 58, label: '58 mm' }]} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy === 'save'}>
            {t('settings.save')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

/** The photo decoder as the administrator installed it: shown, never edited here (install.json). */
function PhotoDecoderCard({ info }: { info: PhotoDecoderInfo }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('devices.decoder')} style={{ marginBottom: 12 }} data-testid="devices-decoder">
      {info.error && <Alert type="warning" showIcon title={errText(info.error)} style={{ marginBottom: 8 }} data-testid="devices-decoder-error" />}
      {info.notices.map((n) => (
        <Alert key={n.code} type="info" showIcon title={errText(n)} style={{ marginBottom: 8 }} />
      ))}
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('devices.decoderState')}>
          <span data-testid="devices-decoder-state" data-configured={info.configured}>
            {info.configured ? t('devices.decoderOn') : t('devices.decoderOff')}
          </span>
        </Descriptions.Item>
        {info.configured && (
          <>
            <Descriptions.Item label={t('devices.decoderPath')}>
              <Typography.Text code data-testid="devices-decoder-path">
                {[info.path, ...info.args].join(' ')}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('devices.decoderLimits')}>
              {t('devices.decoderLimitsValue', { ms: info.timeoutMs, kb: Math.round((info.maxOutputBytes ?? 0) / 1024) })}
            </Descriptions.Item>
          </>
        )}
        <Descriptions.Item label={t('devices.decoderFile')}>
          <Typography.Text code>{info.installFile}</Typography.Text>
          {!info.installFilePresent && ` ${t('devices.decoderFileMissing')}`}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('devices.decoderHint')}
      </Typography.Paragraph>
    </Card>
  );
}
