/** Right: the customer as far as the screen may show it — masked ID, the business, the amount due. */
import { Card, Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JourneyView } from '../../../base/contract/journey';
import { yuan } from '../format';
import { usePick } from './lang';

export function CustomerCard({ journey }: { journey: JourneyView }) {
  const { t } = useTranslation();
  const pick = usePick();
  const c = journey.customer;
  return (
    <Card title={t('j.customer')} size="small" data-testid="customer-card">
      <Descriptions column={1} size="small">
        {journey.ticket && <Descriptions.Item label={t('j.ticket')}>{journey.ticket}</Descriptions.Item>}
        {c && (
          <Descriptions.Item label={t('j.addressAs')}>
            <span data-testid="customer-title">{pick(c.title.zh, c.title.en)}</span>
          </Descriptions.Item>
        )}
        {c?.idMasked && (
          <Descriptions.Item label={t('j.idNumber')}>
            <span data-testid="customer-id-masked">{c.idMasked}</span>
          </Descriptions.Item>
        )}
        {c?.validTo && <Descriptions.Item label={t('j.validTo')}>{c.validTo === 'long-term' ? t('j.longTerm') : c.validTo}</Descriptions.Item>}
        {c?.manualEntry && (
          <Descriptions.Item label={t('j.manual')}>
            <Tag color="orange">{t('j.manualFlag')}</Tag>
          </Descriptions.Item>
        )}
      </Descriptions>
      {journey.businesses.map((b) => (
        <div key={b.code} className="biz-line">
          <span>{pick(b.name_zh, b.name_en)}</span>
          {b.status === 'consent_refused' ? <Tag color="red">{t('j.consentRefused')}</Tag> : <span className="amount">{b.charged && b.status === 'processed' ? yuan(b.feeFen) : ''}</span>}
        </div>
      ))}
      {journey.dueFen !== 0 && (
        <div className="biz-line due">
          <Typography.Text strong>{t('j.due')}</Typography.Text>
          <Typography.Text strong className="amount" data-testid="due-amount">
            {yuan(journey.dueFen)}
          </Typography.Text>
        </div>
      )}
      {journey.payment?.status === 'paid' && journey.payment.tender === 'cash' && (
        <div className="biz-line">
          <span>{t('j.change')}</span>
          <span className="amount" data-testid="change-amount">
            {yuan(journey.payment.changeFen)}
          </span>
        </div>
      )}
      {journey.farewellLine && (
        <Typography.Title level={3} data-testid="farewell-line" style={{ marginTop: 16 }}>
          {pick(journey.farewellLine.zh, journey.farewellLine.en)}
        </Typography.Title>
      )}
    </Card>
  );
}
