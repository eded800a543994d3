/** Top line: app, counter, clerk, till state, training tag, language switch, clock. */
import { Button, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCore } from '../state/CoreContext';

/** The hall's time (its time zone, the core's clock), as the clerk's wall clock shows it. */
function Clock({ offsetMs, timeZone }: { offsetMs: number; timeZone: string }) {
  const [now, setNow] = useState(() => new Date(Date.now() + offsetMs));
  useEffect(() => {
    const id = setInterval(() => setNow(new Date(Date.now() + offsetMs)), 1000);
    return () => clearInterval(id);
  }, [offsetMs]);
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  return (
    <Typography.Text className="clock" data-testid="clock">
      {text}
    </Typography.Text>
  );
}

export interface HeaderProps {
  clerk: { staffNo: string; name: string } | null;
  tillState: string | null;
  /** The till's clock needs the duty manager (changed, or behind the last record). */
  clockFlag?: 'suspect' | 'rollback' | null;
  onToggleLang(): void;
}

export function Header({ clerk, tillState, clockFlag, onToggleLang }: HeaderProps) {
  const { t } = useTranslation();
  const { settings, info, clockOffsetMs } = useCore();
  return (
    <div className="app-header" data-testid="header">
      <Space size="large">
        <Typography.Text strong className="brand">
          {t('app.name')}
        </Typography.Text>
        <span data-testid="counter">{t('header.counter', { id: settings?.hall.counterId ?? '—' })}</span>
        <span data-testid="clerk">{clerk ? t('header.clerk', { no: clerk.staffNo, name: clerk.name }) : t('header.noClerk')}</span>
        <span data-testid="till-state">{t('header.till', { state: tillState ?? t('header.tillUnknown') })}</span>
        {clockFlag && (
          <Tag color="red" data-testid="clock-flag">
            {t(clockFlag === 'rollback' ? 'header.clockRollback' : 'header.clockSuspect')}
          </Tag>
        )}
      </Space>
      <Space size="middle">
        {info?.trainingMode && (
          <Tag color="orange" data-testid="training-tag">
            {t('app.training')}
          </Tag>
        )}
        <Button size="small" onClick={onToggleLang} data-testid="lang-switch">
          {t('header.lang')}
        </Button>
        <Clock offsetMs={clockOffsetMs} timeZone={settings?.hall.timeZone ?? 'Asia/Shanghai'} />
      </Space>
    </div>
  );
}
