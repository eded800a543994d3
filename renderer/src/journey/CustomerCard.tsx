/**
 * Right: the customer as far as the screen may show it — masked ID, the business, the amount
 * due; the farewell line at the last step. Long names (a foreign card's) wrap, never widen it.
 */
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JourneyView } from '../../../base/contract/journey';
import { yuan } from '../format';
import { usePick } from './lang';

export function CustomerCard({ journey }: { journey: JourneyView }) {
  const { t } = useTranslation();
  const pick = usePick();
  const c = journey.customer;
  const row = (label: string, value: React.ReactNode, testId?: string) => (
    <div className="cc-row">
      <span className="cc-label">{label}</span>
      <span className="cc-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
  return (
    <aside className="customer-card" data-testid="customer-card" aria-label={t('j.customer')}>
      <div className="cc-title">{t('j.customer')}</div>
      {journey.ticket && row(t('j.ticket'), journey.ticket, 'customer-ticket')}
      {c && row(t('j.addressAs'), pick(c.title.zh, c.title.en), 'customer-title')}
      {c?.idMasked && row(t('j.idNumber'), c.idMasked, 'customer-id-masked')}
      {c?.validTo && row(t('j.validTo'), c.validTo === 'long-term' ? t('j.longTerm') : c.validTo)}
      {c?.manualEntry && row(t('j.manual'), <Tag color="orange">{t('j.manualFlag')}</Tag>)}
      {journey.businesses.length > 0 && <div className="cc-sep" />}
      {journey.businesses.map((b) => (
        <div key={b.code} className="biz-line">
          <span>{pick(b.name_zh, b.name_en)}</span>
          {b.status === 'consent_refused' ? <Tag color="red">{t('j.consentRefused')}</Tag> : <span className="amount">{b.charged && b.status === 'processed' ? yuan(b.feeFen) : ''}</span>}
        </div>
      ))}
      {journey.dueFen !== 0 && (
        <div className="biz-line due">
          <Typography.Text strong>{journey.dueFen < 0 ? t('j.payOut') : t('j.due')}</Typography.Text>
          <Typography.Text strong className="amount" data-testid="due-amount">
            {yuan(Math.abs(journey.dueFen))}
          </Typography.Text>
        </div>
      )}
      {journey.payment?.status === 'paid' && journey.payment.tender === 'cash' && journey.dueFen > 0 && (
        <div className="biz-line">
          <span>{t('j.change')}</span>
          <span className="amount" data-testid="change-amount">
            {yuan(journey.payment.changeFen)}
          </span>
        </div>
      )}
      {journey.payment?.status === 'paid' && journey.payment.tender !== 'cash' && (
        <div className="biz-line">
          <span>{t('j.paidBy')}</span>
          <span>{t(`j.tenders.${journey.payment.tender}`)}</span>
        </div>
      )}
      {journey.farewellLine && (
        <Typography.Title level={3} data-testid="farewell-line" className="cc-farewell">
          {pick(journey.farewellLine.zh, journey.farewellLine.en)}
        </Typography.Title>
      )}
    </aside>
  );
}
