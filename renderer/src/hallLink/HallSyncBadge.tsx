/**
 * The status bar's hall link, compact: a dot WITH words (never colour alone) — not enrolled,
 * synced, syncing, offline for how long, refused — and the unsent rows with the age of the
 * oldest. Focusable (Tab) so the details in its tooltip are reachable without a mouse.
 */
import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HallStatus } from '../../../base/contract/hall';
import { errText } from '../i18n';
import { age, useHallStatus } from './useHallStatus';

const COLOUR: Record<HallStatus['state'], 'success' | 'processing' | 'warning' | 'error' | 'default'> = {
  not_enrolled: 'default',
  idle: 'success',
  syncing: 'processing',
  offline: 'warning',
  refused: 'error',
};

export function HallSyncBadge() {
  const { t, i18n } = useTranslation();
  const { status: s, now } = useHallStatus();
  if (!s) return null;
  const lang = i18n.language;
  const skewBad = s.skewMs !== null && Math.abs(s.skewMs) > s.maxSkewMs;
  const parts = [t(`hallLink.state.${s.state}`)];
  if (s.state === 'offline' && s.offlineSince !== null) parts[0] = t('hallLink.offlineFor', { age: age(now - s.offlineSince, lang) });
  if (s.unsentTotal > 0) parts.push(t('hallLink.unsentShort', { n: s.unsentTotal, age: s.oldestUnsentAt !== null ? age(now - s.oldestUnsentAt, lang) : '—' }));
  if (skewBad) parts.push(t('hallLink.skewShort', { age: age(Math.abs(s.skewMs!), lang) }));
  const tip = [
    s.hall ? t('hallLink.tipHall', { url: s.hall.url, n: s.hall.counterNumber }) : t('hallLink.tipNone'),
    s.lastSyncAt !== null ? t('hallLink.tipLastSync', { age: age(now - s.lastSyncAt, lang) }) : null,
    s.lastError ? errText(s.lastError) : null,
    s.config.error ? errText(s.config.error) : null,
  ].filter(Boolean).join('\n');
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{tip}</span>}>
      <span tabIndex={0} data-testid="status-hall" data-state={s.state} data-unsent={s.unsentTotal} aria-label={`${t('hallLink.label')}: ${parts.join(' · ')}`}>
        <Badge status={skewBad && s.state === 'idle' ? 'warning' : COLOUR[s.state]} text={`${t('hallLink.label')} ${parts.join(' · ')}`} />
      </span>
    </Tooltip>
  );
}
