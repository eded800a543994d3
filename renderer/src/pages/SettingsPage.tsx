/** Hall and counter settings (duty manager / administrator; the core enforces the role). */
import { App as AntApp, Button, Form, Input, InputNumber, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../client/client';
import { errText } from '../i18n';
import { useCore } from '../state/CoreContext';
import { HallManagedNotice } from '../hallLink/HallManagedNotice';
import { useHallStatus } from '../hallLink/useHallStatus';

interface FormValues {
  hallName: string;
  counterId: string;
  idleLockMinutes: number;
  retentionDays: number;
  toleranceYuan: number;
}

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, refreshSettings } = useCore();
  const { message } = AntApp.useApp();
  // The till settings the hall sent are applied in the core: shown as they are now, and not sent back from here.
  const hallTill = useHallStatus().status?.config.versions.till ?? 0;
  useEffect(() => {
    void refreshSettings().catch(() => undefined);
  }, [hallTill, refreshSettings]);
  if (!settings) return null;
  const initial: FormValues = {
    hallName: settings.hall.hallName,
    counterId: settings.hall.counterId,
    idleLockMinutes: settings.security.idleLockMinutes,
    retentionDays: settings.privacy.retentionDays,
    toleranceYuan: settings.till.toleranceFen / 100,
  };
  const save = async (v: FormValues) => {
    try {
      await invoke('settings.update', {
        patch: {
          hall: { hallName: v.hallName, counterId: v.counterId },
          security: { idleLockMinutes: v.idleLockMinutes },
          privacy: { retentionDays: v.retentionDays },
          ...(hallTill > 0 ? {} : { till: { toleranceFen: Math.round(v.toleranceYuan * 100) } }),
        },
      });
      await refreshSettings();
      void message.success(t('settings.saved'));
    } catch (e) {
      void message.error(errText(e));
    }
  };
  return (
    <div data-testid="settings-page" style={{ maxWidth: 520 }}>
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      <HallManagedNotice kinds={['till', 'calendar']} />
      <Form layout="vertical" initialValues={initial} onFinish={save} key={settings.till.toleranceFen}>
        <Form.Item name="hallName" label={t('settings.hallName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="counterId" label={t('settings.counterId')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="idleLockMinutes" label={t('settings.idleLock')}>
          <InputNumber min={1} max={120} />
        </Form.Item>
        <Form.Item name="retentionDays" label={t('settings.retention')}>
          <InputNumber min={1} max={3650} />
        </Form.Item>
        <Form.Item name="toleranceYuan" label={t('settings.tolerance')}>
          <InputNumber min={0} max={1000} step={0.01} precision={2} disabled={hallTill > 0} data-testid="settings-tolerance" />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('settings.save')}
        </Button>
      </Form>
    </div>
  );
}
