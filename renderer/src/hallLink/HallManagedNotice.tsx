/**
 * Said on a page whose content the hall manages once this counter is enrolled (staff accounts,
 * the till settings and calendar): changes are made on the hall page and reach every counter;
 * here they would be refused.
 */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ConfigKind } from '../../../base/contract/hallConfig';
import { useHallStatus } from './useHallStatus';

export function HallManagedNotice({ kinds }: { kinds: ConfigKind[] }) {
  const { t } = useTranslation();
  const { status } = useHallStatus();
  const managed = kinds.filter((k) => (status?.config.versions[k] ?? 0) > 0);
  if (managed.length === 0) return null;
  const what = managed.map((k) => `${t(`hallLink.kind.${k}`)} v${status!.config.versions[k]}`).join(t('hallLink.listSep'));
  return <Alert type="info" showIcon title={t('hallLink.managed', { what })} style={{ marginBottom: 12 }} data-testid="hall-managed" />;
}
