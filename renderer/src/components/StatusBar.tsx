/** Bottom bar: each device as a coloured dot WITH words (never colour alone), and the keys that work now. */
import { Badge, Space, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeviceState, DeviceStatus } from '../../../base/contract/devices';
import { useCore } from '../state/CoreContext';
import { HallSyncBadge } from '../hallLink/HallSyncBadge';

const COLOUR: Record<DeviceState, 'success' | 'processing' | 'warning' | 'error' | 'default'> = {
  simulated: 'processing',
  connecting: 'default',
  ready: 'success',
  busy: 'processing',
  warning: 'warning',
  error: 'error',
  disconnected: 'error',
  not_configured: 'default',
};

function Device({ id, label, s }: { id: string; label: string; s: DeviceStatus }) {
  const { t, i18n } = useTranslation();
  const detail = i18n.language === 'en' ? s.message_en : s.message_zh;
  return (
    <Tooltip title={detail}>
      <span data-testid={`device-${id}`} data-state={s.state}>
        <Badge status={COLOUR[s.state]} text={`${label} ${t(`status.state.${s.state}`)}`} />
      </span>
    </Tooltip>
  );
}

/** `keys`: the keys that work on this screen now (the app frame knows which). */
export function StatusBar({ keys }: { keys: string }) {
  const { t } = useTranslation();
  const { devices } = useCore();
  return (
    <div className="status-bar" role="status" aria-live="polite" data-testid="status-bar">
      <Space size="large" wrap>
        {devices ? (
          <>
            <Device id="idcard" label={t('status.idcard')} s={devices.idcard} />
            <Device id="printer" label={t('status.printer')} s={devices.printer} />
            <Device id="drawer" label={t('status.drawer')} s={devices.drawer} />
            <Device id="database" label={t('status.database')} s={devices.database} />
            <HallSyncBadge />
          </>
        ) : (
          <Typography.Text type="secondary">{t('loading')}</Typography.Text>
        )}
      </Space>
      <Typography.Text type="secondary" className="keys" data-testid="status-keys">
        {keys}
      </Typography.Text>
    </div>
  );
}
