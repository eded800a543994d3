/**
 * The header's till word on every screen: 未开 / 已开（营业员 1024）/ 已结账 Z000012 — and, for the
 * duty manager only, the expected cash, labelled (no unexplained asterisk); the clock's state
 * beside it when the till does not trust it.
 */
import { useTranslation } from 'react-i18next';
import { yuan } from '../format';
import { useTillStatus } from './TillStatusContext';

export interface TillHeaderText {
  text: string | null;
  /** 'suspect' or 'rollback' when the till's clock needs the duty manager; null when it is fine. */
  clock: 'suspect' | 'rollback' | null;
}

export function zLabel(zNo: number): string {
  return `Z${String(zNo).padStart(6, '0')}`;
}

export function useTillHeader(): TillHeaderText {
  const { t } = useTranslation();
  const { status, header } = useTillStatus();
  if (!header) return { text: null, clock: null };
  const clock = header.clock === 'ok' ? null : header.clock;
  if (header.state === 'none') return { text: t('header.tillClosed'), clock };
  if (header.state === 'settled') return { text: t('header.tillSettledZ', { z: zLabel(header.zNo ?? 0) }), clock };
  const owner = header.owner ? t('header.tillOwner', { no: header.owner }) : '';
  const expected = status?.manager ? ` · ${t('header.tillExpected', { amount: yuan(status.manager.expectedCashFen) })}` : '';
  return { text: `${t('header.tillOpen')}${owner}${expected}`, clock };
}
