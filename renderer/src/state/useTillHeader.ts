/** The header's till word: not open / open / settled — and, for the duty manager only, the expected cash. */
import { useTranslation } from 'react-i18next';
import { yuan } from '../format';
import { useTillStatus } from './TillStatusContext';

export function useTillHeader(): string | null {
  const { t } = useTranslation();
  const { status, error } = useTillStatus();
  if (!status || error) return null;
  if (!status.session) return t('header.tillClosed');
  if (status.session.status === 'settled') return t('header.tillSettled');
  return status.manager ? `${t('header.tillOpen')} ${yuan(status.manager.expectedCashFen)}*` : t('header.tillOpen');
}
