import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { JourneyView } from '../../../../base/contract/journey';
import { typingIn, useKeys } from '../../components/useKeys';
import { usePick } from '../lang';
import { StepLayout } from '../StepLayout';
import type { StepProps } from './types';

/**
 * ④ Read the purpose out, then record the answer: Y agrees, N refuses. Nothing is copied
 * without it; Enter is deliberately not an answer.
 */
export function ConsentStep({ journey, act, busy, requestCancel }: StepProps) {
  const { t } = useTranslation();
  const pick = usePick();
  const open = journey.consentPrompts.find((p) => p.answer === null);
  useKeys((e) => {
    if (!open || typingIn(e) || e.ctrlKey || e.altKey || e.metaKey) return;
    const k = e.key.toLowerCase();
    if (k === 'y') void act({ type: 'answerConsent', code: open.code, answer: 'agreed' });
    else if (k === 'n') void act({ type: 'answerConsent', code: open.code, answer: 'refused' });
  });
  const allBlocked = journey.blocked.length > 0 && journey.blocked.length === journey.businesses.length;
  return (
    <StepLayout
      testId="consent-step"
      actions={
        open ? (
          <>
            <Button type="primary" size="large" loading={busy} onClick={() => void act({ type: 'answerConsent', code: open.code, answer: 'agreed' })} className="primary-action" data-testid={`consent-agree-${open.code}`}>
              {t('j.agree')}（Y）
            </Button>
            <Button danger size="large" loading={busy} onClick={() => void act({ type: 'answerConsent', code: open.code, answer: 'refused' })} data-testid={`consent-refuse-${open.code}`}>
              {t('j.refuse')}（N）
            </Button>
            {journey.consentPrompts.length > 1 && <Typography.Text type="secondary">{t('j.consentFor', { name: pick(open.name_zh, open.name_en) })}</Typography.Text>}
          </>
        ) : allBlocked ? (
          <Button danger size="large" onClick={requestCancel} className="primary-action" data-testid="consent-cancel">
            {t('j.cancelService')}
          </Button>
        ) : undefined
      }
    >
      {journey.consentPrompts.map((p) => (
        <div key={p.code} className={`consent-block ${p === open ? 'open' : ''}`}>
          <div className="consent-head">
            <Typography.Text strong>{pick(p.name_zh, p.name_en)}</Typography.Text>
            {p.answer !== null && (
              <Typography.Text type={p.answer === 'agreed' ? 'success' : 'danger'} data-testid={`consent-answer-${p.code}`}>
                {p.answer === 'agreed' ? t('j.agreed') : t('j.refused')}
              </Typography.Text>
            )}
          </div>
          {(p === open || p.answer === null) &&
            p.documents.map((d) => (
              <div key={d.name_zh}>
                <Typography.Text type="secondary">{pick(d.name_zh, d.name_en)}</Typography.Text>
                <Typography.Paragraph className="read-out" data-testid={`consent-purpose-${p.code}`}>
                  「{pick(d.purpose_zh, d.purpose_en)}」
                </Typography.Paragraph>
              </div>
            ))}
        </div>
      ))}
      {journey.blocked.length > 0 && <Alert type="warning" showIcon title={t('j.blockedTitle')} description={<BlockedList blocked={journey.blocked} />} data-testid="consent-blocked" />}
    </StepLayout>
  );
}

export function BlockedList({ blocked }: { blocked: JourneyView['blocked'] }) {
  const pick = usePick();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {blocked.map((b) => (
        <li key={b.code} data-testid={`blocked-${b.code}`}>
          {pick(b.name_zh, b.name_en)}：{pick(b.instead_zh, b.instead_en)}
        </li>
      ))}
    </ul>
  );
}
